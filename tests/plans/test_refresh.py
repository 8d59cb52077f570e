"""“Cập nhật số liệu”: a draft notices that its data changed, shows section by section what the
data now writes, and applies what the official ticks – never their own text unless asked."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria import services as criteria_services
from criteria.models import IndicatorStatus
from plans import refresh
from plans.models import Plan, PlanEvent, PlanSection
from plans.services import plan_draft, plan_update
from units.models import Unit, User

pytestmark = pytest.mark.django_db
Status = IndicatorStatus.Status
OWN = "Xã tự viết: tập trung hoàn thành các tiêu chí môi trường trước tháng 9."


@pytest.fixture
def cam_tan(demo):
    return Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan")


@pytest.fixture
def official(demo):
    return User.objects.get(username="camtan")


@pytest.fixture
def draft(cam_tan, official):
    plan, _ = plan_draft(
        unit=cam_tan, kind=Plan.Kind.CONSOLIDATE, year_start=2023, year_end=2025, actor=official
    )
    return plan


def _section(plan, starts) -> PlanSection:
    return next(s for s in plan.sections.all() if s.heading.split(". ", 1)[-1].startswith(starts))


def _meet(cam_tan, official, code, note="Đã đạt theo kết quả kiểm tra"):
    status = IndicatorStatus.objects.get(
        assessment__commune=cam_tan, assessment__year=2023, indicator__code=code
    )
    criteria_services.status_update(
        status=status,
        actor=official,
        new_status=Status.MET,
        value=status.value,
        note=note,
        version=status.version,
    )


def _edit(plan, actor, **bodies):
    """The edit page's save: every section as it is, some bodies replaced (by heading start)."""
    plan.refresh_from_db()
    sections = []
    for s in plan.sections.all():
        body = s.body
        for start, text in bodies.items():
            if s.heading.split(". ", 1)[-1].startswith(start.replace("_", " ")):
                body = text
        sections.append({"level": s.level, "heading": s.heading, "body": body})
    plan_update(
        plan=plan,
        actor=actor,
        version=plan.version,
        header={},
        sections=sections,
        bases=[b.text for b in plan.bases.all()],
        recipients=[r.text for r in plan.recipients.all()],
    )


def test_an_untouched_draft_sees_nothing_to_update(draft):
    assert not refresh.data_changed_since(draft)
    assert refresh.compare(draft).changes == []


def test_changed_data_is_offered_section_by_section_and_the_official_text_is_kept(
    draft, cam_tan, official, client
):
    # the official rewrites the tasks section ("2. Nhiệm vụ"); then 17.3 is met
    _edit(draft, official, Nhiệm_vụ=OWN)
    _meet(cam_tan, official, "17.3")
    draft.refresh_from_db()
    assert refresh.data_changed_since(draft)

    found = refresh.compare(draft)
    by_heading = {c.heading.split(". ", 1)[-1][:12]: c for c in found.changes}
    assert set(by_heading) == {"Tiêu chí 17,", "Nhiệm vụ"}
    seventeen, tasks = by_heading["Tiêu chí 17,"], by_heading["Nhiệm vụ"]
    assert seventeen.kind == refresh.DATA and seventeen.ticked
    assert "17.3" not in seventeen.new_body and "17.3" in seventeen.current_body
    assert tasks.kind == refresh.EDITED and not tasks.ticked
    assert tasks.current_body == OWN and "17.3" not in tasks.new_body

    # the page: the notice on the plan, both texts on the refresh page, 18 not ticked
    client.force_login(official)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="data-changed"' in page and reverse("plans:plan-refresh", args=[draft.pk]) in page
    page = client.get(reverse("plans:plan-refresh", args=[draft.pk])).content.decode()
    assert f'value="{seventeen.key}" id="chon-' in page
    assert f'value="{tasks.key}" id="chon-' in page
    assert OWN in page

    # applying what was ticked: 17 updated, the tasks keep the official's text, on record
    response = client.post(
        reverse("plans:plan-refresh", args=[draft.pk]),
        {"version": draft.version, "section": [seventeen.key]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert _section(draft, "Tiêu chí 17").body == seventeen.new_body
    assert _section(draft, "Nhiệm vụ").body == OWN
    event = draft.events.filter(action=PlanEvent.Action.REFRESHED).get()
    assert "Tiêu chí 17" in event.detail and "Nhiệm vụ" not in event.detail
    # the tasks are offered again next time (the data still differs); 17 is not
    again = refresh.compare(draft)
    assert [c.heading for c in again.changes] == [tasks.heading]


def test_a_page_older_than_the_data_or_the_plan_writes_nothing(draft, cam_tan, official):
    _meet(cam_tan, official, "17.3")
    shown = refresh.compare(draft)
    key = shown.changes[0].key
    _meet(cam_tan, official, "17.1", note="Đạt sau khi nhà máy nước cấp cho cả xã")  # again
    before = [(s.pk, s.body) for s in draft.sections.all()]
    with pytest.raises(ValidationError, match="Số liệu vừa thay đổi thêm"):
        refresh.apply(plan=draft, actor=official, version=draft.version, keys=[key])
    with pytest.raises(ValidationError, match="Kế hoạch vừa được sửa"):
        refresh.apply(plan=draft, actor=official, version=draft.version - 1, keys=[key])
    assert [(s.pk, s.body) for s in draft.sections.all()] == before
    assert not draft.events.filter(action=PlanEvent.Action.REFRESHED).exists()


def test_an_issued_plan_is_not_refreshed(draft, official, client):
    Plan.objects.filter(pk=draft.pk).update(status=Plan.Status.ISSUED)
    draft.refresh_from_db()
    assert not refresh.data_changed_since(draft)
    client.force_login(official)
    response = client.get(reverse("plans:plan-refresh", args=[draft.pk]))
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="đã ban hành"):
        refresh.apply(plan=draft, actor=official, version=draft.version, keys=["0:x"])


def test_a_criterion_newly_unmet_is_offered_as_a_new_section_in_its_place(draft, cam_tan, official):
    status = IndicatorStatus.objects.get(
        assessment__commune=cam_tan, assessment__year=2023, indicator__code="1.1"
    )
    criteria_services.status_update(
        status=status,
        actor=official,
        new_status=Status.NOT_MET,
        value=status.value,
        note="Quy hoạch chung xã chưa được phê duyệt lại",
        version=status.version,
    )
    found = refresh.compare(draft)
    added = [c for c in found.changes if c.kind == refresh.ADDED]
    assert [c.heading.split(". ", 1)[-1] for c in added] == ["Tiêu chí 1, Quy hoạch:"]
    assert added[0].ticked
    refresh.apply(
        plan=draft, actor=official, version=draft.version, keys=[c.key for c in found.changes]
    )
    headings = [s.heading for s in draft.sections.all()]
    at = headings.index("4. Các tiêu chí chưa đạt")
    assert headings[at + 1].endswith("Tiêu chí 1, Quy hoạch:")
    assert headings[at + 1 : at + 3] == [
        "4.1. Tiêu chí 1, Quy hoạch:",
        "4.2. Tiêu chí 5, Trường học:",
    ]
    assert list(draft.sections.values_list("order", flat=True)) == list(range(len(headings)))


def test_a_figure_of_a_later_year_is_no_change_to_an_earlier_plan(cam_tan, official):
    """The 2022 plan drew on nothing of 2023: a 2023 indicator saved since does not tell its
    page that the data changed (it sent people to a comparison that found nothing)."""
    earlier, _ = plan_draft(
        unit=cam_tan, kind=Plan.Kind.COMMUNE_ANNUAL, year_start=2022, year_end=2022, actor=official
    )
    current, _ = plan_draft(
        unit=cam_tan, kind=Plan.Kind.COMMUNE_ANNUAL, year_start=2023, year_end=2023, actor=official
    )
    _meet(cam_tan, official, "17.3")
    for plan in (earlier, current):
        plan.refresh_from_db()
    assert not refresh.data_changed_since(earlier)
    assert refresh.data_changed_since(current)
