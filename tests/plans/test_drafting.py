"""Drafts built from live data reproduce the seed plans (000 Cẩm Tân, 001 Krông Nô)."""

import pytest

from criteria.models import IndicatorStatus
from plans.models import Plan, PlanEvent
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
    assert plan.recipients.last().text == "Lưu: VT, NN."
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
    assert plan.status == Plan.Status.DRAFT and "Thông báo số 81/TB-BCĐ" in plan.opening


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
    assert "| Nâm Nung | 14/19 | 5, 9, 16, 18, 19 | 19/19 |" in text
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
