"""Drafts built from live data reproduce the seed plans (000 Cẩm Tân, 001 Krông Nô)."""

import re

import pytest

from assignments.models import Task
from criteria.models import Assessment, Framework, IndicatorStatus
from criteria.services import assessment_open, assessment_recount
from plans.drafting_district import COUNT_TABLE_HEADING, count_table
from plans.models import Plan, PlanEvent, RecipientList, Target
from plans.services import plan_draft
from units.models import Unit, User

pytestmark = pytest.mark.django_db
F318 = "xa_ntm_2021_2025"


def _text(plan: Plan) -> str:
    return "\n".join(f"{s.heading}\n{s.body}" for s in plan.sections.all())


def test_cam_tan_draft_has_the_count_and_the_nine_unmet_criteria_in_order(demo):
    cam_tan = Unit.objects.get(name="Cẩm Tân")
    plan, warnings = plan_draft(
        unit=cam_tan,
        kind=Plan.Kind.CONSOLIDATE,
        year_start=2023,
        year_end=2025,
        actor=User.objects.get(username="camtan"),
    )
    assert warnings == []
    text = _text(plan)
    # the indicators met of those of the year, counted here from the statuses themselves
    statuses = IndicatorStatus.objects.filter(
        assessment__commune=cam_tan, assessment__year=2023, assessment__framework__key=F318
    )
    met, total = statuses.filter(status=IndicatorStatus.Status.MET).count(), statuses.count()
    assert (met, total) == (46, 56)
    assert f"Hiện tại xã đạt 10/19 tiêu chí, {met}/{total} chỉ tiêu theo bộ tiêu chí" in text
    assert "Còn lại 9 tiêu chí chưa đạt gồm:" in text
    listed = [line for line in text.splitlines() if line.startswith("- Tiêu chí số")]
    assert [int(line.split()[4]) for line in listed] == [5, 6, 11, 12, 13, 15, 17, 18, 19]
    for code in ("15.2", "17.1", "17.3", "18.2", "19.2"):
        assert f"chỉ tiêu {code}" in text
    headings = [s.heading for s in plan.sections.all()]
    assert (
        "4.1. Tiêu chí 5, Trường học:" in headings
        and "4.9. Tiêu chí 19, Quốc phòng và An ninh:" in headings
    )
    assert plan.title.endswith("trên địa bàn xã Cẩm Tân")
    assert (plan.signer_name, plan.authority_lines, plan.signer_title) == (
        "Trịnh Minh Chung",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    # the recipients the commune keeps (the demo's: seed 000's list as it writes it)
    assert [r.text for r in plan.recipients.all()] == RecipientList.objects.get(
        unit=cam_tan, issuer="ubnd"
    ).lines()
    assert plan.recipients.last().text == "Lưu VT, NN."
    assert plan.events.get().action == PlanEvent.Action.DRAFTED


def test_the_commune_annual_draft_gives_criteria_and_indicators(demo):
    cam_tan = Unit.objects.get(name="Cẩm Tân")
    statuses = IndicatorStatus.objects.filter(
        assessment__commune=cam_tan, assessment__year=2023, assessment__framework__key=F318
    )
    met = statuses.filter(status=IndicatorStatus.Status.MET).count()

    plan, _ = plan_draft(
        unit=cam_tan,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2023,
        year_end=2023,
        actor=User.objects.get(username="camtan"),
    )

    assert f"- Hiện xã đạt 10/19 tiêu chí, {met}/56 chỉ tiêu; tiếp tục giữ vững" in _text(plan)


def test_the_demo_set_up_already_holds_the_cam_tan_draft(demo):
    plan = Plan.objects.get(unit__name="Cẩm Tân", kind=Plan.Kind.CONSOLIDATE)
    assert plan.status == Plan.Status.DRAFT
    # the district's notice its communes' plans of 2023 act on (seed 000), from its library
    assert any("Thông báo số 81/TB-BCĐ ngày 10/7/2023" in b.text for b in plan.bases.all())


def test_krong_no_district_draft_lists_each_communes_targets_as_in_seed_001(demo):
    krong_no = Unit.objects.get(code="dak-nong.krong-no")
    plan, warnings = plan_draft(
        unit=krong_no,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2022,
        year_end=2022,
        actor=User.objects.get(username="krongno"),
    )
    text = _text(plan)
    assert "Phấn đấu hoàn thành tổng cộng thêm 21 tiêu chí" in text
    assert (
        "- Xã Nâm Nung: 05 tiêu chí (Trường học; Nhà ở dân cư; Văn hóa; Hệ thống chính trị và tiếp cận pháp luật; Quốc phòng và An ninh)."
        in text
    )
    assert (
        "- Xã Nâm N'Đir: 04 tiêu chí (Trường học; Y tế; Hệ thống chính trị và tiếp cận pháp luật; Quốc phòng và An ninh)."
        in text
    )
    assert "- Xã Tân Thành: 01 tiêu chí (Hệ thống chính trị và tiếp cận pháp luật)." in text
    nang_cao = plan.sections.get(heading="2.2. Thực hiện tiêu chí xã nông thôn mới nâng cao").body
    assert "tiếp tục duy trì và thực hiện các tiêu chí nông thôn mới nâng cao" in nang_cao
    assert all(name in nang_cao for name in ("Nam Đà", "Đắk Sôr", "Đắk Drô"))
    assert "Nâm Nung" not in nang_cao
    assert "03 xã về đích nông thôn mới năm 2022" in text
    # the summary by count: 14/19 now, five criteria this year, 19/19 at its end
    assert "| 14/19 | 1 | 0 | — |" in text and KRONG_NO_19 in text
    assert warnings == []


def test_drafting_for_a_commune_without_statuses_says_so_and_gives_a_skeleton(
    commune_a, official_a
):
    plan, warnings = plan_draft(
        unit=commune_a, kind=Plan.Kind.CONSOLIDATE, year_start=2024, year_end=2025, actor=official_a
    )
    assert warnings and "Chưa có kết quả đánh giá năm 2024" in warnings[0]
    assert plan.sections.filter(heading="2. Nhiệm vụ").exists()
    assert plan.title and plan.recipients.exists()


# --- the outline: every heading has something under it, khoản numbered in order (issue 18) ---

NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.\s")
LETTERED = re.compile(r"^[a-zđ]\)\s")


def outline_problems(plan: Plan) -> list[str]:
    """Headings with nothing under them, and khoản numbers that skip ("1." then "3."): those
    of headings, and of numbered paragraphs in a text without heading («1. Giao Phòng …»)."""
    problems = []
    sections = list(plan.sections.all())
    last: dict[tuple[str, ...], int] = {}
    for i, section in enumerate(sections):
        if section.level == "text" and not section.heading:
            for line in section.body.splitlines():
                if number := NUMBERED.match(line):
                    parts = tuple(number[1].split("."))
                    if int(parts[-1]) != last.get(parts[:-1], 0) + 1:
                        problems.append(f"đánh số nhảy: {line[:60]}")
                    last[parts[:-1]] = int(parts[-1])
            continue
        if section.level == "muc":
            last = {}
            continue
        following = sections[i + 1] if i + 1 < len(sections) else None
        if section.heading and not section.body.strip():
            number = NUMBERED.match(section.heading)
            child = (
                following is not None
                and following.level != "muc"
                and (
                    LETTERED.match(following.heading)
                    or (
                        number
                        and following.heading.startswith(number[1] + ".")
                        and following.heading != section.heading
                    )
                )
            )
            if not child:
                problems.append(f"tiêu đề trống: {section.heading}")
        number = NUMBERED.match(section.heading)
        if number:
            parts = tuple(number[1].split("."))
            parent, n = parts[:-1], int(parts[-1])
            if n != last.get(parent, 0) + 1:
                problems.append(f"đánh số nhảy: {section.heading}")
            last[parent] = n
            for key in [k for k in last if k[: len(parts)] == parts and len(k) > len(parts)]:
                del last[key]
    return problems


def test_the_district_criteria_draft_puts_each_task_under_its_criterion_as_seed_002(demo):
    cam_xuyen = Unit.objects.get(code="ha-tinh.cam-xuyen")
    plan, warnings = plan_draft(
        unit=cam_xuyen,
        kind=Plan.Kind.DISTRICT_CRITERIA,
        year_start=2021,
        year_end=2021,
        actor=User.objects.get(username="camxuyen"),
    )

    assert warnings == []
    sections = list(plan.sections.all())
    headings = [s.heading for s in sections if s.heading]
    assert headings[headings.index("II. NỘI DUNG KẾ HOẠCH") :] == [
        "II. NỘI DUNG KẾ HOẠCH",
        "1. Chỉ tiêu kế hoạch",
        # the district's own measures (demo: seed 002's §2.1, 2.2), then its tasks
        "2. Củng cố đạt chuẩn tiêu chí xã nông thôn mới",
        "3. Xây dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
        "4. Thực hiện các tiêu chí huyện nông thôn mới",
        "a) Tiêu chí Quy hoạch:",
        "b) Tiêu chí Giao thông:",
        "c) Tiêu chí Sản xuất:",
        "d) Tiêu chí Môi trường:",
        "đ) Tiêu chí An ninh trật tự xã hội:",
        "e) Tiêu chí Văn hóa – Giáo dục – Y tế:",
        "5. Lộ trình xây dựng hồ sơ trình thẩm định huyện đạt chuẩn nông thôn mới",
        "III. TỔ CHỨC THỰC HIỆN",
        # the district's duties of bodies (demo: seed 002's), a body heading its bullets
        "1. Ban Chỉ đạo NTM, UBND các thị trấn",
    ]
    body = {s.heading: s.body for s in sections}
    assert body["a) Tiêu chí Quy hoạch:"].startswith(
        "- Quy hoạch vùng huyện được UBND tỉnh phê duyệt.\n"
        "+ Phân công: Đ/c Phạm Hoàng Anh – Phó Chủ tịch UBND huyện, phó Ban chỉ đạo chỉ đạo; "
        "Đ/c Trần Ngọc Quang – Trưởng phòng KTHT tham mưu.\n"
        "+ Thời gian hoàn thành: tháng 1/2021."
    )
    assert (
        "- Lắp đặt hệ thống camera giám sát an ninh." in body["đ) Tiêu chí An ninh trật tự xã hội:"]
    )
    # seed 002 l.28–31: the district's own targets, then the communes led to each tier in
    # 2021, from their targets
    assert body["1. Chỉ tiêu kế hoạch"] == (
        "- Hoàn thành bộ tiêu chí huyện nông thôn mới trong quý I/2021.\n"
        "- 100% số xã củng cố đảm bảo đạt chuẩn tiêu chí xã nông thôn mới trong quý I/2021.\n"
        "- Chỉ đạo xây dựng xã nông thôn mới nâng cao: Cẩm Duệ, Cẩm Lạc, Cẩm Minh, Cẩm Quan, "
        "Cẩm Thành.\n- Chỉ đạo xây dựng xã nông thôn mới kiểu mẫu: Cẩm Bình, Cẩm Vịnh."
    )
    roadmap = body["5. Lộ trình xây dựng hồ sơ trình thẩm định huyện đạt chuẩn nông thôn mới"]
    assert "Tiêu chí" not in roadmap  # every criterion task is under its criterion
    assert [line for line in roadmap.splitlines() if line.startswith("- ")] == [
        "- Hoàn thiện hồ sơ các tiêu chí xã NTM, tiêu chí huyện NTM và hồ sơ huyện đạt chuẩn "
        "nông thôn mới.",
        "- Củng cố 100 % số xã đạt chuẩn tiêu chí xã nông thôn mới.",
        "- Trình hồ sơ đề nghị UBND tỉnh thẩm định huyện đạt chuẩn nông thôn mới.",
        "- Lấy phiếu hài lòng của người dân.",
    ]
    assert outline_problems(plan) == []


def test_a_district_criteria_draft_without_criterion_tasks_numbers_its_roadmap_next(demo):
    cam_xuyen = Unit.objects.get(code="ha-tinh.cam-xuyen")
    Task.objects.filter(unit=cam_xuyen, title__startswith="Tiêu chí").delete()

    plan, _ = plan_draft(
        unit=cam_xuyen,
        kind=Plan.Kind.DISTRICT_CRITERIA,
        year_start=2021,
        year_end=2021,
        actor=None,
    )

    headings = [s.heading for s in plan.sections.all() if s.heading]
    assert not any("Thực hiện các tiêu chí" in h for h in headings)
    assert headings[2:6] == [
        "1. Chỉ tiêu kế hoạch",
        "2. Củng cố đạt chuẩn tiêu chí xã nông thôn mới",
        "3. Xây dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
        "4. Lộ trình xây dựng hồ sơ trình thẩm định huyện đạt chuẩn nông thôn mới",
    ]
    assert outline_problems(plan) == []


def test_a_commune_annual_draft_without_a_result_numbers_its_khoan_in_order(demo):
    from criteria.models import Assessment

    song_van = Unit.objects.get(code="bac-giang.tan-yen.song-van")
    Assessment.objects.filter(commune=song_van).delete()  # no result in any year

    plan, warnings = plan_draft(
        unit=song_van,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=None,
    )

    assert "Chưa có kết quả đánh giá năm 2024" in warnings[0]
    headings = [
        s.heading for s in plan.sections.all() if re.match(r"^(\d+\.|[IVX]+\.) ", s.heading)
    ]
    assert headings[headings.index("II. MỤC TIÊU, NHIỆM VỤ, GIẢI PHÁP") + 1 :][:4] == [
        "1. Mục tiêu",
        "2. Xây dựng thôn NTM kiểu mẫu",
        "3. Nhiệm vụ và giải pháp",  # with the commune's own measures under it (3.1 …)
        "4. Hình thức khen thưởng",
    ]
    assert outline_problems(plan) == []


@pytest.mark.parametrize(
    ("code", "kind", "years"),
    [
        ("ha-tinh.cam-xuyen.cam-tan", Plan.Kind.CONSOLIDATE, (2023, 2025)),
        ("ha-tinh.cam-xuyen.cam-tan", Plan.Kind.COMMUNE_ANNUAL, (2023, 2023)),
        ("dak-nong.krong-no", Plan.Kind.DISTRICT_ANNUAL, (2022, 2022)),
        ("tuyen-quang.son-duong.thien-ke", Plan.Kind.COMMUNE_ANNUAL, (2020, 2020)),
    ],
)
def test_no_draft_of_the_demo_has_an_empty_heading_or_a_jump_in_its_numbers(
    demo, code, kind, years
):
    plan, _ = plan_draft(
        unit=Unit.objects.get(code=code),
        kind=kind,
        year_start=years[0],
        year_end=years[1],
        actor=None,
    )

    assert outline_problems(plan) == []


# --- district figures on one set at a time (issue 18, seed 001) -------------------------------

KRONG_NO_AVERAGE = (
    "- Số tiêu chí bình quân toàn huyện đạt 17,8 tiêu chí/xã trở lên (03 xã đạt 19 tiêu chí, "
    "02 xã đạt 18 tiêu chí, 01 xã đạt 17 tiêu chí, 02 xã đạt 16 tiêu chí), tính trên 08 xã "
    "thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025 (318/QĐ-TTg); "
    "không tính 03 xã thực hiện tiêu chí nông thôn mới nâng cao (Nam Đà, Đắk Drô, Đắk Sôr)."
)

# the six communes at 19/19 by the end of 2022, three of them there already
KRONG_NO_19 = "| 19/19 | 3 | 6 | Nam Xuân, Nam Đà, Nâm N'Đir, Nâm Nung, Đắk Drô, Đắk Sôr |"


def _krong_no_2022() -> Plan:
    plan, _ = plan_draft(
        unit=Unit.objects.get(code="dak-nong.krong-no"),
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2022,
        year_end=2022,
        actor=User.objects.get(username="krongno"),
    )
    return plan


def test_the_district_average_counts_the_xa_ntm_set_only_and_names_it(demo):
    """Seed 001 gives "03 xã đạt 19 tiêu chí, 02 … 18, 01 … 17, 02 … 16": the eight communes
    working on the xã NTM set in 2022. The three working on the nâng cao set were counted too
    ("06 xã đạt 19", 18,1). The seed's own average, 17,9, is not what its distribution gives
    (142 / 8 = 17,75): the draft writes 17,8."""
    text = _text(_krong_no_2022())

    assert KRONG_NO_AVERAGE in text
    assert "06 xã đạt 19" not in text and "18,1" not in text


def test_the_district_figures_use_the_set_of_the_plans_year_not_the_communes_set_today(demo):
    """A commune moved to the 2026–2030 set since is still counted on 318/QĐ-TTg in a 2022
    plan, with its 2022 result (it was "not assessed" when its set of today was used)."""
    nam_xuan = Unit.objects.get(parent__code="dak-nong.krong-no", name="Nam Xuân")
    nam_xuan.framework = Framework.objects.get(key="xa_ntm_2026_2030")
    nam_xuan.save(update_fields=["framework"])

    plan = _krong_no_2022()

    text = _text(plan)
    assert KRONG_NO_AVERAGE in text
    assert KRONG_NO_19 in text  # Nam Xuân: 17/19 in 2022 and two criteria, not "Chưa đánh giá"
    assert not plan.events.get().detail  # no "Chưa có kết quả đánh giá của: Nam Xuân"


def test_a_targeted_criterion_met_since_adds_nothing_to_the_end_of_year_count(demo):
    """Nâm Nung works on five criteria in 2022 (14/19 → 19/19). One of them met in the
    year's own assessment since counts once: 15/19 now, still 19/19 at the end of the year,
    never «20/19»."""
    nam_nung = Unit.objects.get(parent__code="dak-nong.krong-no", name="Nâm Nung")
    target = Target.objects.get(unit=nam_nung, year=2022)
    done = target.criteria.order_by("number").first()
    assessment = Assessment.objects.get(commune=nam_nung, year=2022)
    IndicatorStatus.objects.filter(assessment=assessment, indicator__criterion=done).update(
        status=IndicatorStatus.Status.MET
    )
    assessment_recount(assessment)
    assessment.refresh_from_db()
    assert assessment.met_count == 15

    text = _text(_krong_no_2022())
    assert "| 15/19 | 7 | 0 | — |" in text  # Nâm Nung beside the six at 15
    assert KRONG_NO_19 in text and "20/19" not in text


def test_a_result_on_the_nang_cao_set_does_not_enter_the_xa_ntm_figures(demo):
    nam_da = Unit.objects.get(parent__code="dak-nong.krong-no", name="Nam Đà")
    assessment_open(
        commune=nam_da,
        framework=Framework.objects.get(key="xa_ntm_nang_cao_2021_2025"),
        year=2022,
        actor=None,
    )

    plan = _krong_no_2022()

    text = _text(plan)
    assert KRONG_NO_AVERAGE in text
    assert KRONG_NO_19 in text
    assert (
        "Căn cứ Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ ban "
        "hành Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025 và Bộ tiêu chí quốc "
        "gia về xã nông thôn mới nâng cao giai đoạn 2021 - 2025"
    ) in [b.text for b in plan.bases.all()]


def test_a_plan_made_early_in_the_year_stands_on_last_year_s_result(demo):
    song_van = Unit.objects.get(code="bac-giang.tan-yen.song-van")
    plan, warnings = plan_draft(
        unit=song_van, kind=Plan.Kind.COMMUNE_ANNUAL, year_start=2024, year_end=2024, actor=None
    )
    assert not any("Chưa có kết quả" in w for w in warnings)
    goal = next(s for s in plan.sections.all() if s.heading == "1. Mục tiêu").body
    assert "(kết quả năm 2023)" in goal
    headings = [s.heading for s in plan.sections.all() if s.heading]
    assert "2. Mục tiêu từng tiêu chí" in headings


def test_village_targets_keep_ntm_in_capitals(demo):
    song_van = Unit.objects.get(code="bac-giang.tan-yen.song-van")
    plan, _ = plan_draft(
        unit=song_van, kind=Plan.Kind.COMMUNE_ANNUAL, year_start=2024, year_end=2024, actor=None
    )
    text = "\n".join(s.body for s in plan.sections.all())
    assert "ntm" not in text and "NTM kiểu mẫu, Quý IV/2024" in text


def test_a_province_plan_names_each_commune_with_its_district_of_that_year(
    province, district_a, commune_a, f318
):
    """Issue 18: a province's annual plan (after 2025, with communes directly under it) names
    each commune with its district of that year, when there was one."""
    from tests.factories import CommuneFactory

    direct = CommuneFactory(name="Cẩm Lộc", parent=province, province=province, framework=f318)
    for commune in (commune_a, direct):
        Target.objects.create(unit=commune, year=2026, level=Target.Level.NTM)
    plan, _ = plan_draft(
        unit=province, kind=Plan.Kind.DISTRICT_ANNUAL, year_start=2026, year_end=2026, actor=None
    )
    table = next(s.body for s in plan.sections.all() if s.heading.endswith(COUNT_TABLE_HEADING))
    assert "Cẩm Tân (huyện Cẩm Xuyên)" in table and "Cẩm Lộc" in table
    # the district's own plan names its communes alone
    plan, _ = plan_draft(
        unit=district_a, kind=Plan.Kind.DISTRICT_ANNUAL, year_start=2026, year_end=2026, actor=None
    )
    table = next(s.body for s in plan.sections.all() if s.heading.endswith(COUNT_TABLE_HEADING))
    assert "Cẩm Tân" in table and "huyện Cẩm Xuyên" not in table


def test_a_district_plan_lists_the_communes_aiming_at_kieu_mau_when_there_are_some(
    province, district_a, commune_a, f318
):
    def headings():
        plan, _ = plan_draft(
            unit=district_a, kind=Plan.Kind.DISTRICT_ANNUAL, year_start=2024, year_end=2024,
            actor=None,
        )  # fmt: skip
        assert outline_problems(plan) == []
        return {s.heading: s.body for s in plan.sections.all() if re.match(r"2\.\d", s.heading)}

    assert list(headings()) == [
        "2.1. Thực hiện tiêu chí xã nông thôn mới",
        "2.2. Thực hiện tiêu chí xã nông thôn mới nâng cao",
        f"2.3. {COUNT_TABLE_HEADING}",
    ]
    Target.objects.create(unit=commune_a, year=2024, level=Target.Level.KIEU_MAU)
    shown = headings()
    assert list(shown)[2:] == [
        "2.3. Thực hiện tiêu chí xã nông thôn mới kiểu mẫu",
        f"2.4. {COUNT_TABLE_HEADING}",
    ]
    assert shown["2.3. Thực hiện tiêu chí xã nông thôn mới kiểu mẫu"].startswith(
        "Các xã Cẩm Tân xây dựng xã nông thôn mới kiểu mẫu"
    )


def test_the_summary_table_has_a_row_per_count_and_one_for_the_communes_not_assessed():
    """Issue 18: «Tổng hợp theo số tiêu chí đạt» – the communes at each count now and at the end
    of the year, named by the count they are expected at, highest first; the ones without an
    assessment in their own row."""
    rows = [
        {"name": "A", "current": 17, "total": 19, "after": 19},
        {"name": "B", "current": 19, "total": 19, "after": 19},
        {"name": "C", "current": 15, "total": 19, "after": 16},
        {"name": "D", "current": None, "total": 19, "after": None},
    ]
    assert count_table(rows, 2024) == [
        "| Tiêu chí đạt | Số xã hiện nay | Số xã cuối năm 2024 "
        "| Các xã (theo số tiêu chí dự kiến cuối năm 2024) |",
        "| 19/19 | 1 | 2 | A, B |",
        "| 17/19 | 1 | 0 | — |",
        "| 16/19 | 0 | 1 | C |",
        "| 15/19 | 1 | 0 | — |",
        "| Chưa đánh giá | 1 | 1 | D |",
    ]
