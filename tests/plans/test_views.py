"""Plan pages: drafting, editing without losing text, issuing, freezing, revising, targets."""

import datetime
import re

import pytest
from django.db.models import F
from django.urls import reverse

from plans.models import Plan, PlanEvent, Target
from plans.services import plan_draft, plan_issue
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_a(commune_a, official_a):
    plan, _ = plan_draft(
        unit=commune_a, kind=Plan.Kind.BLANK, year_start=2023, year_end=2023, actor=official_a
    )
    return plan


def _edit_data(plan, **header):
    sections = list(plan.sections.all())
    data = {
        "h-parent_body": plan.parent_body,
        "h-body_lines": plan.body_lines,
        "h-number": plan.number or "",
        "h-symbol": plan.symbol,
        "h-place": plan.place,
        "h-issue_date": plan.issue_date.strftime("%d/%m/%Y") if plan.issue_date else "",
        "h-year_start": plan.year_start,
        "h-year_end": plan.year_end,
        "h-title": plan.title or "Kế hoạch thử",
        "h-opening": plan.opening,
        "h-closing": plan.closing,
        "h-authority_lines": plan.authority_lines,
        "h-signer_title": plan.signer_title,
        "h-signer_name": plan.signer_name,
        "h-version": plan.version,
        "s-TOTAL_FORMS": len(sections) + 2,
        "s-INITIAL_FORMS": len(sections),
        "b-TOTAL_FORMS": 1,
        "b-INITIAL_FORMS": 0,
        "r-TOTAL_FORMS": 1,
        "r-INITIAL_FORMS": 0,
        "r-0-text": "Lưu: VT.",
    }
    for i, s in enumerate(sections):
        data.update(
            {
                f"s-{i}-level": s.level,
                f"s-{i}-heading": s.heading,
                f"s-{i}-body": s.body,
                f"s-{i}-ORDER": i + 1,
            }
        )
    for i in range(len(sections), len(sections) + 2):
        data.update(
            {f"s-{i}-level": "khoan", f"s-{i}-heading": "", f"s-{i}-body": "", f"s-{i}-ORDER": ""}
        )
    data.update({f"h-{k}": v for k, v in header.items()})
    return data


def test_official_drafts_a_plan_for_their_commune(client_a, commune_a):
    response = client_a.post(
        reverse("plans:plan-create"),
        {"unit": commune_a.pk, "kind": Plan.Kind.CONSOLIDATE, "year_start": 2023, "year_end": 2025},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.unit, plan.status, plan.year_end) == (commune_a, Plan.Status.DRAFT, 2025)


def test_official_cannot_draft_for_another_commune(client_a, commune_b):
    response = client_a.post(
        reverse("plans:plan-create"),
        {"unit": commune_b.pk, "kind": Plan.Kind.BLANK, "year_start": 2023},
    )
    assert response.status_code == 200
    assert "Bạn không được lập kế hoạch cho đơn vị này." in response.content.decode()
    assert not Plan.objects.exists()


def test_other_commune_sees_nothing_of_the_plan(client, plan_a, official_b):
    client.force_login(official_b)
    for name in ("plan-detail", "plan-edit", "plan-print", "plan-pdf", "plan-docx"):
        assert client.get(reverse(f"plans:{name}", args=[plan_a.pk])).status_code == 404, name
    assert client.post(reverse("plans:plan-issue", args=[plan_a.pk])).status_code == 404
    assert plan_a not in client.get(reverse("plans:plan-list")).context["plans"]


def test_supervising_office_reads_but_does_not_edit_a_commune_plan(
    client, plan_a, district_officer
):
    client.force_login(district_officer)
    assert client.get(reverse("plans:plan-detail", args=[plan_a.pk])).status_code == 200
    assert client.get(reverse("plans:plan-edit", args=[plan_a.pk])).status_code == 403
    assert client.post(reverse("plans:plan-issue", args=[plan_a.pk])).status_code == 403


def test_editing_reorders_sections_and_records_the_change(client_a, plan_a):
    data = _edit_data(plan_a, title="Kế hoạch củng cố tiêu chí năm 2023")
    data.update({"s-0-level": "muc", "s-0-heading": "II. SAU", "s-0-body": "", "s-0-ORDER": 2})
    data.update(
        {"s-1-level": "muc", "s-1-heading": "I. TRƯỚC", "s-1-body": "Nội dung", "s-1-ORDER": 1}
    )
    response = client_a.post(reverse("plans:plan-edit", args=[plan_a.pk]), data)
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert [s.heading for s in plan_a.sections.all()] == ["I. TRƯỚC", "II. SAU"]
    assert plan_a.title == "Kế hoạch củng cố tiêu chí năm 2023" and plan_a.version == 2
    assert plan_a.events.filter(action=PlanEvent.Action.EDITED).exists()


def test_invalid_edit_keeps_every_typed_word(client_a, plan_a):
    data = _edit_data(plan_a, symbol="KH - UBND")
    data.update(
        {
            "s-0-level": "khoan",
            "s-0-heading": "1. Mục tiêu",
            "s-0-body": "Đoạn văn dài không được mất",
            "s-0-ORDER": 1,
        }
    )
    response = client_a.post(reverse("plans:plan-edit", args=[plan_a.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ký hiệu không có dấu cách" in html and "Đoạn văn dài không được mất" in html
    plan_a.refresh_from_db()
    assert plan_a.symbol == "KH-UBND" and plan_a.version == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Khen thưởng **thôn NTM kiểu mẫu", "Dòng 1: “**” mở chữ đậm nhưng không có “**” đóng lại"),
        ("Dòng đầu\n*Giao thông: ưu tiên nguồn lực", "Dòng 2: “*” mở chữ nghiêng"),
        (
            "| Xã | Hiện trạng | Mục tiêu |\n| Cẩm Tân | 10/19 |",
            "Bảng ở dòng 1: dòng 2 có 2 ô, dòng tiêu đề có 3 ô",
        ),
        ("|---|---|", "Bảng ở dòng 1: chỉ có dòng kẻ “|---|”, không có ô nào để in."),
        ("Bảng:\n| :---: |\nHết.", "Bảng ở dòng 2: chỉ có dòng kẻ"),
    ],
)
def test_a_section_with_markup_left_open_is_refused_and_kept(client_a, plan_a, body, message):
    data = _edit_data(plan_a)
    data.update({"s-0-level": "khoan", "s-0-heading": "1. Mục tiêu", "s-0-body": body})
    response = client_a.post(reverse("plans:plan-edit", args=[plan_a.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert body.split("\n")[-1][:14] in html  # the typed text stays
    plan_a.refresh_from_db()
    assert plan_a.version == 1


def test_asterisks_that_open_nothing_pass(client_a, plan_a):
    data = _edit_data(plan_a)
    body = "OCOP 3*, 4*\n5 * 3\n* *Giao thông:* ưu tiên\n**Văn phòng UBND xã**: tham mưu"
    data.update({"s-0-level": "khoan", "s-0-heading": "1. Mục tiêu", "s-0-body": body})
    assert client_a.post(reverse("plans:plan-edit", args=[plan_a.pk]), data).status_code == 302


def test_stale_edit_is_refused(client_a, plan_a, official_a):
    stale = _edit_data(plan_a, title="Bản của tôi")
    client_a.post(
        reverse("plans:plan-edit", args=[plan_a.pk]),
        _edit_data(plan_a, title="Bản của đồng nghiệp"),
    )
    response = client_a.post(reverse("plans:plan-edit", args=[plan_a.pk]), stale)
    assert response.status_code == 200 and "vừa được" in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.title == "Bản của đồng nghiệp"


def test_issue_needs_number_and_date_then_freezes(client, plan_a, commune_a):
    leader = factories.official(commune_a, username="ct_xa", kind="commune_leader")
    client.force_login(leader)
    url = reverse("plans:plan-issue", args=[plan_a.pk])
    response = client.post(url, {"version": plan_a.version}, follow=True)
    assert "Nhập số văn bản" in response.content.decode()
    Plan.objects.filter(pk=plan_a.pk).update(
        number=30, issue_date=datetime.date(2023, 8, 1), title="KH"
    )
    client.post(url, {"version": plan_a.version})
    plan_a.refresh_from_db()
    assert plan_a.status == Plan.Status.ISSUED and plan_a.issued_by == leader
    response = client.get(reverse("plans:plan-edit", args=[plan_a.pk]))
    assert response.status_code == 302  # frozen: back to the plan with a message


def test_a_draft_changed_since_the_leader_opened_it_is_not_issued_unseen(
    client, plan_a, commune_a, official_a
):
    """The leader's page showed one version; the drafter saved another meanwhile."""
    Plan.objects.filter(pk=plan_a.pk).update(
        number=30, issue_date=datetime.date(2023, 8, 1), title="KH"
    )
    leader = factories.official(commune_a, username="ct_xa", kind="commune_leader")
    client.force_login(leader)
    page = client.get(reverse("plans:plan-detail", args=[plan_a.pk])).content.decode()
    shown = re.search(r'name="version" value="(\d+)"', page).group(1)
    Plan.objects.filter(pk=plan_a.pk).update(
        title="KH (đồng nghiệp vừa sửa)", version=F("version") + 1, updated_by=official_a
    )
    url = reverse("plans:plan-issue", args=[plan_a.pk])
    response = client.post(url, {"version": shown}, follow=True)
    assert "sau khi bạn mở trang: chưa ban hành" in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.status == Plan.Status.DRAFT
    assert client.post(url, {}, follow=True).status_code == 200  # no version: refused too
    plan_a.refresh_from_db()
    assert plan_a.status == Plan.Status.DRAFT
    page = client.get(reverse("plans:plan-detail", args=[plan_a.pk])).content.decode()
    shown = re.search(r'name="version" value="(\d+)"', page).group(1)
    client.post(url, {"version": shown})  # having seen it
    plan_a.refresh_from_db()
    assert plan_a.status == Plan.Status.ISSUED


def test_number_clash_with_an_issued_plan_of_the_same_year_is_refused(
    plan_a, commune_a, official_a
):
    Plan.objects.filter(pk=plan_a.pk).update(
        number=30, issue_date=datetime.date(2023, 8, 1), title="KH 1"
    )
    plan_issue(plan=Plan.objects.get(pk=plan_a.pk), actor=official_a)
    other, _ = plan_draft(
        unit=commune_a, kind=Plan.Kind.BLANK, year_start=2023, year_end=2023, actor=official_a
    )
    Plan.objects.filter(pk=other.pk).update(
        number=30, issue_date=datetime.date(2023, 9, 1), title="KH 2"
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đã dùng"):
        plan_issue(plan=Plan.objects.get(pk=other.pk), actor=official_a)
    # Another year may reuse the number.
    Plan.objects.filter(pk=other.pk).update(issue_date=datetime.date(2024, 1, 5))
    plan_issue(plan=Plan.objects.get(pk=other.pk), actor=official_a)


def test_revision_starts_a_new_draft_and_keeps_the_issued_plan(client_a, plan_a, official_a):
    Plan.objects.filter(pk=plan_a.pk).update(
        number=5, issue_date=datetime.date(2023, 3, 5), title="KH"
    )
    plan_issue(plan=Plan.objects.get(pk=plan_a.pk), actor=official_a)
    response = client_a.post(reverse("plans:plan-revise", args=[plan_a.pk]))
    new = Plan.objects.exclude(pk=plan_a.pk).get()
    assert response["Location"] == new.get_absolute_url()
    assert (new.status, new.number, new.revision_of) == (Plan.Status.DRAFT, None, plan_a)
    assert Plan.objects.get(pk=plan_a.pk).status == Plan.Status.ISSUED


def test_supervising_office_sets_targets_and_a_commune_cannot(
    client, district_officer, district_a, commune_a, official_a, f318
):
    url = reverse("plans:targets-edit", args=[district_a.pk]) + "?year=2024"
    school = f318.criteria.get(number=5)
    data = {
        f"t{commune_a.pk}-unit_id": commune_a.pk,
        f"t{commune_a.pk}-level": "ntm",
        f"t{commune_a.pk}-criteria": [school.pk],
        f"t{commune_a.pk}-target_count": 11,
        f"t{commune_a.pk}-deadline_text": "Quý IV/2024",
        f"t{commune_a.pk}-note": "",
    }
    client.force_login(official_a)
    assert client.post(url, data).status_code in (403, 404)
    client.force_login(district_officer)
    assert client.post(url, data).status_code == 302
    target = Target.objects.get(unit=commune_a, year=2024)
    assert list(target.criteria.all()) == [school] and target.set_by == district_officer
    bad = {**data, f"t{commune_a.pk}-criteria": [999999]}
    response = client.post(url, bad)
    assert (
        response.status_code == 200
        and "Tiêu chí không thuộc bộ tiêu chí" in response.content.decode()
    )
