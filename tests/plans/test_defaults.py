"""What every document of a unit carries (issue 18): the duties of bodies of a year, the
«Nơi nhận» of each issuer and the people who sign – kept on one page, on record, never
overwritten silently, carried from the year before, and written by every later draft."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from plans.defaults import ItemRow, items_save
from plans.drafting import signature_block
from plans.models import Plan, PlanItem, RecipientList, Signatory, UnitDocumentChange
from plans.refresh import data_changed_since
from plans.services import plan_draft
from tests import factories
from units import reorganisation
from units.models import ReorganisationStep, Unit

Action = ReorganisationStep.Action

pytestmark = pytest.mark.django_db
TO_CHUC = PlanItem.Part.DUTIES


def _duties():
    return PlanItem.objects.filter(part=TO_CHUC)


FINANCE = (
    "Phòng Tài chính - Kế hoạch",
    "Chủ trì, phối hợp với Văn phòng NTM tham mưu phân bổ nguồn vốn cho Chương trình.",
)
VILLAGES = (
    "Đối với các thôn",
    "- Rà soát mức độ đạt chuẩn các tiêu chí thôn NTM.\n- Vận động Nhân dân giữ vệ sinh môi trường.",
)
FRONT = ("", "Đề nghị UBMTTQ Việt Nam xã tham gia giám sát việc thực hiện Chương trình.")


def _url(unit, year=2023):
    return reverse("plans:defaults-edit", args=[unit.pk]) + f"?year={year}"


def _formset_data(formset, changes: dict[int, dict] | None = None) -> dict:
    """What the browser sends for a formset as the page showed it, with `changes` by line."""
    data = {
        formset.management_form.add_prefix(name): value
        for name, value in formset.management_form.initial.items()
    }
    for i, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
        for name, value in (changes or {}).get(i, {}).items():
            data[form.add_prefix(name)] = value
    return data


def _save_duties(client, unit, rows, year=2023, **kwargs):
    page = client.get(_url(unit, year))
    changes = {i: {"heading": head, "text": text} for i, (head, text) in enumerate(rows)}
    data = {"part": "to-chuc", **_formset_data(page.context["duties"], changes)}
    return client.post(_url(unit, year), data, **kwargs)


def _draft(unit, actor, year=2023, kind=Plan.Kind.COMMUNE_ANNUAL, **kwargs):
    plan, warnings = plan_draft(
        unit=unit, kind=kind, year_start=year, year_end=year, actor=actor, **kwargs
    )
    return plan, warnings


def _implementation(plan) -> list[tuple[str, str]]:
    sections = list(plan.sections.all())
    start = next(i for i, s in enumerate(sections) if "TỔ CHỨC THỰC HIỆN" in s.heading)
    return [(s.heading, s.body) for s in sections[start + 1 :] if s.level != "muc"]


def test_the_commune_writes_its_bodies_duties_and_the_draft_carries_them(
    client_a, commune_a, assessment_a, official_a
):
    response = _save_duties(client_a, commune_a, [FINANCE, VILLAGES, FRONT])
    assert response.status_code == 302
    saved = list(_duties().filter(unit=commune_a, year=2023))
    assert [(d.position, d.heading, d.text, d.updated_by) for d in saved] == [
        (1, *FINANCE, official_a),
        (2, *VILLAGES, official_a),
        (3, *FRONT, official_a),
    ]
    (change,) = UnitDocumentChange.objects.filter(unit=commune_a)
    assert (change.subject, change.year, change.actor) == ("duties", 2023, official_a)
    assert change.changes[0] == ["Thêm", "", f"{FINANCE[0]}: {FINANCE[1]}"]

    plan, _ = _draft(commune_a, official_a)
    # numbered 1–3 in the order kept: a body with bullets heads them, the others are one
    # paragraph each («N. Body: duties», or the sentence alone when it names the body)
    assert _implementation(plan) == [
        ("", f"1. {FINANCE[0]}: {FINANCE[1]}"),
        (f"2. {VILLAGES[0]}", VILLAGES[1]),
        ("", f"3. {FRONT[1]}"),
    ]


def _offered_then_kept(client, unit, actor, year, source, *, kept):
    """The page offers the duties carried from `source` ([FINANCE, VILLAGES]) and a draft
    writes them with a warning naming it; saving the offered lines unchanged writes them for
    the year (the next draft carries nothing), and those of `kept` (unit, year) stay."""
    page = client.get(_url(unit, year))
    assert f"điền sẵn từ {source}" in page.content.decode()
    plan, warnings = _draft(unit, actor, year=year)
    assert _implementation(plan)[0] == ("", f"1. {FINANCE[0]}: {FINANCE[1]}")
    assert any(f"lấy từ {source}" in w for w in warnings)

    data = {"part": "to-chuc", **_formset_data(page.context["duties"])}
    assert client.post(_url(unit, year), data).status_code == 302
    assert _duties().filter(unit=unit, year=year).count() == 2
    assert _duties().filter(unit=kept[0], year=kept[1]).count() == 2
    _, warnings = _draft(unit, actor, year=year)
    assert not any("lấy từ" in w for w in warnings)


def test_next_year_starts_from_last_year_s_duties_and_saving_keeps_them_for_the_year(
    client_a, commune_a, assessment_a, official_a
):
    _save_duties(client_a, commune_a, [FINANCE, VILLAGES])
    _offered_then_kept(client_a, commune_a, official_a, 2024, "năm 2023", kept=(commune_a, 2023))


def test_without_any_duties_the_last_plan_s_implementation_part_is_the_starting_point(
    client_a, commune_a, assessment_a, official_a
):
    plan, _ = _draft(commune_a, official_a, year=2022)
    sections = list(plan.sections.all())
    at = next(s for s in sections if "TỔ CHỨC THỰC HIỆN" in s.heading)
    plan.sections.filter(order__gt=at.order).delete()
    plan.sections.create(
        order=at.order + 1,
        level="khoan",
        heading="1. Công chức Văn hóa - xã hội:",
        body="- Tham mưu phong trào văn hóa.",
    )
    plan.sections.create(
        order=at.order + 2,
        level="text",
        body="2. Giao Văn phòng UBND xã theo dõi, đôn đốc.\n3. Các thôn tổ chức thực hiện.",
    )
    page = client_a.get(_url(commune_a, 2023))
    assert page.context["page"].carried[TO_CHUC].rows == [
        ("Công chức Văn hóa - xã hội", "- Tham mưu phong trào văn hóa."),
        ("", "Giao Văn phòng UBND xã theo dõi, đôn đốc."),
        ("", "Các thôn tổ chức thực hiện."),
    ]
    assert "điền sẵn từ dự thảo kế hoạch năm 2022" in page.content.decode()  # not yet numbered


def test_a_stale_page_writes_nothing_and_names_who_saved(
    client_a, commune_a, assessment_a, official_a
):
    _save_duties(client_a, commune_a, [FINANCE])
    stale = client_a.get(_url(commune_a))
    _save_duties(client_a, commune_a, [(FINANCE[0], "Chủ trì bố trí vốn đối ứng.")])
    data = {
        "part": "to-chuc",
        **_formset_data(stale.context["duties"], {0: {"text": "Bản cũ sửa lại."}}),
    }
    response = client_a.post(_url(commune_a), data, follow=True)
    assert "vừa được" in response.content.decode()
    assert _duties().get(unit=commune_a).text == "Chủ trì bố trí vốn đối ứng."
    assert UnitDocumentChange.objects.filter(unit=commune_a).count() == 2


def test_a_duty_of_another_unit_cannot_be_changed_through_this_one(
    commune_a, commune_b, official_a, official_b
):
    items_save(
        part=TO_CHUC,
        unit=commune_b,
        year=2023,
        rows=[ItemRow(None, None, 1, *FINANCE)],
        actor=official_b,
    )
    theirs = _duties().get(unit=commune_b)
    with pytest.raises(Exception, match="vừa được"):
        items_save(
            part=TO_CHUC,
            unit=commune_a,
            year=2023,
            rows=[ItemRow(theirs.pk, theirs.version, 1, "X", "Y")],
            actor=official_a,
        )
    theirs.refresh_from_db()
    assert (theirs.heading, theirs.text) == FINANCE


def test_too_long_duties_are_refused_in_vietnamese_and_the_text_stays_on_the_page(
    client_a, commune_a, assessment_a
):
    long = "Tuyên truyền. " * 600  # 8 400 characters, the field holds 6 000
    response = _save_duties(client_a, commune_a, [("Các thôn", long)])
    html = response.content.decode()
    assert response.status_code == 200
    assert "tối đa 6.000 ký tự" in html
    assert long.strip()[:200] in html
    assert not _duties().exists()


def test_a_body_without_duties_is_asked_for_them(client_a, commune_a, assessment_a):
    response = _save_duties(client_a, commune_a, [("Hội Nông dân xã", "")])
    assert "Ghi nội dung của “Hội Nông dân xã”" in response.content.decode()
    assert not _duties().exists()


def test_removing_a_body_is_on_record(client_a, commune_a, assessment_a):
    _save_duties(client_a, commune_a, [FINANCE, FRONT])
    page = client_a.get(_url(commune_a))
    data = {"part": "to-chuc", **_formset_data(page.context["duties"], {1: {"DELETE": "on"}})}
    assert client_a.post(_url(commune_a), data).status_code == 302
    assert list(_duties().values_list("heading", flat=True)) == [FINANCE[0]]
    latest = UnitDocumentChange.objects.first()
    assert latest.changes == [["Bỏ", FRONT[1], ""]]
    # a line emptied of its words goes the same way, on record
    page = client_a.get(_url(commune_a))
    changes = {0: {"heading": "", "text": ""}}
    data = {"part": "to-chuc", **_formset_data(page.context["duties"], changes)}
    assert client_a.post(_url(commune_a), data).status_code == 302
    assert not _duties().exists()
    assert UnitDocumentChange.objects.first().changes == [["Bỏ", f"{FINANCE[0]}: {FINANCE[1]}", ""]]


def test_recipients_of_an_issuer_feed_its_drafts_only(
    client_a, commune_a, assessment_a, official_a
):
    page = client_a.get(_url(commune_a))
    ubnd = next(
        form
        for _label, _kept, form in page.context["recipients"]
        if form.initial["issuer"] == "ubnd"
    )
    response = client_a.post(
        _url(commune_a),
        {
            "part": "noi-nhan-ubnd",
            ubnd.add_prefix("issuer"): "ubnd",
            ubnd.add_prefix("version"): "",
            ubnd.add_prefix(
                "recipients"
            ): "- Văn phòng điều phối NTM huyện (để b/c);\nCác thôn;\n\nLưu: VT, NN.",
        },
    )
    assert response.status_code == 302
    kept = RecipientList.objects.get(unit=commune_a, issuer="ubnd")
    assert kept.lines() == ["Văn phòng điều phối NTM huyện (để b/c);", "Các thôn;", "Lưu: VT, NN."]
    plan, _ = _draft(commune_a, official_a)
    assert [r.text for r in plan.recipients.all()] == kept.lines()
    party, _ = _draft(commune_a, official_a, issuer=Plan.Issuer.DANG_UY)
    assert [r.text for r in party.recipients.all()] != kept.lines()
    (change,) = UnitDocumentChange.objects.filter(subject="recipients")
    assert change.changes == [["Nơi nhận văn bản Ủy ban nhân dân", "", "\n".join(kept.lines())]]


def test_the_first_signatory_in_office_signs_the_issuer_s_drafts(
    client_a, commune_a, assessment_a, official_a
):
    page = client_a.get(_url(commune_a))
    changes = {
        0: {
            "issuer": "ubnd",
            "full_name": "Trần Văn A",
            "position": "Chủ tịch UBND xã",
            "order": "2",
        },
        1: {
            "issuer": "ubnd",
            "full_name": "Lê Thị B",
            "position": "Phó Chủ tịch UBND xã",
            "order": "1",
            "active": "on",
        },
    }
    data = {"part": "nguoi-ky", **_formset_data(page.context["signatories"], changes)}
    data.pop(page.context["signatories"].forms[0].add_prefix("active"), None)  # left office
    assert client_a.post(_url(commune_a), data).status_code == 302
    assert Signatory.objects.count() == 2
    plan, _ = _draft(commune_a, official_a)
    assert (plan.authority_lines, plan.signer_title, plan.signer_name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Thị B",
    )


@pytest.mark.parametrize(
    ("position", "issuer", "block"),
    [
        ("Phó Chủ tịch UBND huyện", "ubnd", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("Bí thư Đảng ủy", "dang_uy", ("T/M ĐẢNG ỦY", "BÍ THƯ")),
        ("Bí thư Huyện ủy", "bcd", ("TRƯỞNG BAN", "BÍ THƯ HUYỆN ỦY")),
        ("Phó Trưởng ban Chỉ đạo", "bcd", ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
        ("Trưởng ban", "bcd", ("", "TRƯỞNG BAN")),
    ],
)
def test_the_signature_block_follows_the_position(position, issuer, block):
    assert signature_block("Nguyễn Văn C", position, issuer) == (*block, "Nguyễn Văn C")


def test_a_reader_reads_and_cannot_write(
    client, commune_a, assessment_a, district_officer, official_a
):
    items_save(
        part=TO_CHUC,
        unit=commune_a,
        year=2023,
        rows=[ItemRow(None, None, 1, *FINANCE)],
        actor=official_a,
    )
    client.force_login(district_officer)
    page = client.get(_url(commune_a))
    html = page.content.decode()
    assert page.status_code == 200 and FINANCE[1] in html and 'name="to-chuc-0-text"' not in html
    assert client.post(_url(commune_a), {"part": "to-chuc"}).status_code == 403


def test_changed_duties_mark_a_draft_as_behind_its_data(commune_a, assessment_a, official_a):
    plan, _ = _draft(commune_a, official_a)
    assert not data_changed_since(plan)
    items_save(
        part=TO_CHUC,
        unit=commune_a,
        year=2023,
        rows=[ItemRow(None, None, 1, *FINANCE)],
        actor=official_a,
    )
    assert data_changed_since(plan)


def test_the_unit_s_own_measures_are_written_under_nhiem_vu_va_giai_phap(
    client_a, commune_a, assessment_a, official_a, f318
):
    from criteria.models import Criterion
    from plans.library import MeasureRow, measures_save

    page = client_a.get(_url(commune_a))
    general = ("Công tác thông tin, tuyên truyền", "Tuyên truyền để người dân hiểu rõ quyền lợi.")
    data = {
        "part": "giai-phap",
        **_formset_data(page.context["measures"], {0: {"heading": general[0], "text": general[1]}}),
    }
    assert client_a.post(_url(commune_a), data).status_code == 302
    (change,) = UnitDocumentChange.objects.filter(subject="measures")
    assert change.changes == [["Thêm", "", f"{general[0]}: {general[1]}"]]
    income = Criterion.objects.get(framework=f318, number=10)
    measures_save(
        unit=commune_a,
        year=2023,
        rows=[MeasureRow(income, "Đạt 54 triệu đồng/người/năm", "- Phát triển sản xuất", None)],
        actor=official_a,
    )

    plan, _ = _draft(commune_a, official_a)
    sections = [(s.heading, s.body) for s in plan.sections.all()]
    at = next(i for i, (h, _b) in enumerate(sections) if h.endswith(". Nhiệm vụ và giải pháp"))
    n = sections[at][0].split(".")[0]
    assert sections[at + 1] == (f"{n}.1. {general[0]}", general[1])
    assert sections[at + 2] == (
        f"{n}.2. Duy trì, nâng cao chất lượng đối với từng tiêu chí nông thôn mới",
        "- Tiêu chí 10, Thu nhập: Đạt 54 triệu đồng/người/năm\n+ Phát triển sản xuất",
    )

    # next year starts from them, and says so
    _, warnings = _draft(commune_a, official_a, year=2024)
    assert any(w.startswith("Nhiệm vụ, giải pháp lấy từ năm 2023") for w in warnings)


def test_a_merged_commune_starts_from_its_predecessor_s_texts(
    client, client_a, commune_a, assessment_a, official_a, f318
):
    """Issue 16 × 18: xã Cẩm Tân kept its duties of bodies for 2025; merged with a neighbour on
    01/07/2025, the new commune's first page and draft start from them and say whose they
    were; what the new commune then saves is its own, Cẩm Tân's stay as they were."""
    _save_duties(client_a, commune_a, [FINANCE, VILLAGES], year=2025)
    neighbour = factories.CommuneFactory(name="Cẩm Quan", parent=commune_a.parent, framework=f318)
    step = {"action": Action.MERGE_COMMUNES, "successor_code": "tan-quan", "successor_prefix": "Xã"}
    reorganisation.apply(
        reorganisation.Plan(
            basis="Nghị quyết sắp xếp (thử)",
            effective=date(2025, 7, 1),
            steps=[
                reorganisation.Step(predecessor_code=c.code, successor_name="Tân Quan", **step)
                for c in (commune_a, neighbour)
            ],
        ),
        actor=None,
    )
    new = Unit.objects.get(code="tan-quan")
    leader = factories.official(new, username="tan_quan")
    client.force_login(leader)

    source = "xã Cẩm Tân (trước sắp xếp) năm 2025"
    _offered_then_kept(client, new, leader, 2026, source, kept=(commune_a, 2025))


def test_the_unit_s_purposes_replace_section_i_and_its_goals_join_the_targets(
    client_a, commune_a, assessment_a, official_a
):
    page = client_a.get(_url(commune_a))
    purposes = {0: {"heading": "Mục đích", "text": "- Làm cơ sở để cấp ủy tiếp tục thực hiện."}}
    goals = {0: {"text": "- Phấn đấu hoàn thành các chỉ tiêu phát triển kinh tế xã hội."}}
    for part, formset, changes in (
        ("muc-dich", "muc-dich", purposes),
        ("muc-tieu", "muc-tieu", goals),
    ):
        forms = next(p[3] for p in page.context["parts"] if p[0] == formset)
        data = {"part": part, **_formset_data(forms, changes)}
        assert client_a.post(_url(commune_a), data).status_code == 302

    plan, _ = _draft(commune_a, official_a)
    sections = [(s.level, s.heading, s.body) for s in plan.sections.all()]
    assert sections[0][1] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert sections[1] == ("khoan", "1. Mục đích", "- Làm cơ sở để cấp ủy tiếp tục thực hiện.")
    assert sections[2][0] == "muc"  # the draft's own purposes gave way
    target = next(body for _level, heading, body in sections if heading == "1. Mục tiêu")
    assert target.endswith("\n- Phấn đấu hoàn thành các chỉ tiêu phát triển kinh tế xã hội.")
    subjects = set(UnitDocumentChange.objects.values_list("subject", flat=True))
    assert subjects == {"purposes", "goals"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: row locks")
def test_two_officials_saving_the_same_duty_at_once_one_is_refused_nothing_lost():
    """Both read version 1 of the line; the first to lock it saves, the second waits for the
    lock, then finds version 2 and is refused naming who saved: never a silent overwrite."""
    import contextlib
    import threading

    from django.core.exceptions import ValidationError
    from django.db import transaction

    from tests import factories

    province = factories.make_province()
    commune = factories.CommuneFactory(name="Đua", parent=province, province=province)
    people = [factories.official(commune, username=f"can_bo_{i}") for i in (1, 2)]
    items_save(
        part=TO_CHUC, unit=commune, year=2024, rows=[ItemRow(None, None, 1, *FINANCE)],
        actor=people[0],
    )  # fmt: skip
    line = _duties().get()
    start, before_commit = threading.Barrier(2), threading.Barrier(2, timeout=3)
    results = {}

    def save(person, text):
        try:
            start.wait()
            with transaction.atomic():
                items_save(
                    part=TO_CHUC, unit=commune, year=2024, actor=person,
                    rows=[ItemRow(line.pk, line.version, 1, FINANCE[0], text)],
                )  # fmt: skip
                with contextlib.suppress(threading.BrokenBarrierError):
                    before_commit.wait()  # the other waits for our lock: we commit alone
            results[person.username] = "saved"
        except ValidationError as e:
            results[person.username] = " ".join(e.messages)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(person, f"Bản của {person.username}."))
        for person in people
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(results.values()).count("saved") == 1, results
    winner = next(name for name, r in results.items() if r == "saved")
    refusal = next(r for r in results.values() if r != "saved")
    assert "vừa được" in refusal and "chưa lưu gì" in refusal
    line.refresh_from_db()
    assert (line.text, line.version) == (f"Bản của {winner}.", 2)
    assert UnitDocumentChange.objects.filter(unit=commune).count() == 2  # the add, one edit


def test_two_officials_saving_the_carried_list_do_not_write_it_twice(
    commune_a, official_a, assessment_a
):
    """Both opened the page when the year had no items (last year's shown as new lines); the
    first save writes them, the second is refused, naming who saved, and adds nothing."""
    colleague = factories.official(commune_a, username="cong_chuc_2")
    carried = [ItemRow(None, None, 1, *FINANCE)]
    items_save(part=TO_CHUC, unit=commune_a, year=2023, rows=carried, actor=official_a)
    with pytest.raises(ValidationError, match="vừa được .* sửa: chưa lưu gì"):
        items_save(part=TO_CHUC, unit=commune_a, year=2023, rows=carried, actor=colleague)
    assert _duties().filter(unit=commune_a).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs a server that lets two writers in at once"
)
def test_the_carried_list_saved_twice_at_once_is_written_once(commune_a, official_a):
    from tests.shared import race

    colleague = factories.official(commune_a, username="cong_chuc_2")
    for year in (2021, 2022, 2023):

        def save(actor, year=year):
            rows = [ItemRow(None, None, 1, *FINANCE)]
            return lambda: items_save(
                part=TO_CHUC, unit=commune_a, year=year, rows=rows, actor=actor
            )

        results = race(save(official_a), save(colleague))
        assert sorted(r.split(":")[0] for r in results) == ["ok", "refused"], results
        assert _duties().filter(unit=commune_a, year=year).count() == 1


@pytest.mark.parametrize("kind", [Plan.Kind.COMMUNE_PROPOSAL, Plan.Kind.COMMUNE_REPORT])
def test_a_document_with_an_addressee_keeps_nhu_tren_before_the_units_own_list(
    commune_a, official_a, kind
):
    """A Tờ trình or a Báo cáo goes to its «Kính gửi» first: the commune's kept list of
    recipients for its plans follows «Như trên;», it does not replace it."""

    RecipientList.objects.create(
        unit=commune_a, issuer=Plan.Issuer.UBND, recipients="Các thôn;\nLưu: VT, NN."
    )
    plan, _ = plan_draft(
        unit=commune_a, kind=kind, year_start=2023, year_end=2023, actor=official_a, tier="xa_ntm"
    )
    assert plan.addressee
    assert [r.text for r in plan.recipients.all()] == ["Như trên;", "Các thôn;", "Lưu: VT, NN."]
