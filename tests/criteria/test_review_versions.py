"""A decision taken on a page carries the version of the year the page showed: a verify, a
return or a submit from a page opened before the year moved on is refused, nothing is written,
and the page says what changed."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria import services
from criteria.models import Assessment, AssessmentEvent, IndicatorStatus, StatusChange
from tests import factories

Status = IndicatorStatus.Status
State = Assessment.State
pytestmark = pytest.mark.django_db
CHANGED = "kết quả đã thay đổi từ lúc bạn mở trang: xem lại trước khi xác nhận"


@pytest.fixture
def filled(assessment_a):
    """Cẩm Tân 2023 with every indicator judged: all met except 17.3."""
    assessment_a.statuses.update(status=Status.MET, note="Đạt")
    assessment_a.statuses.filter(indicator__code="17.3").update(
        status=Status.NOT_MET, note="Còn nước thải"
    )
    services.assessment_recount(assessment_a)
    return assessment_a


@pytest.fixture
def leader_a(commune_a):
    return factories.official(commune_a, username="chu_tich_a", kind="commune_leader")


@pytest.fixture
def colleague(district_a):
    """A second officer of the same district office, working in another browser."""
    other = factories.supervisor(district_a, username="vp_huyen_2")
    other.full_name = "Phạm Văn Hùng"
    other.save(update_fields=["full_name"])
    return other


def _status(assessment, code):
    return IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=assessment, indicator__code=code)


def _fresh(assessment):
    return Assessment.objects.select_related("commune", "framework").get(pk=assessment.pk)


def _page_version(html: str) -> int:
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', html)
    assert found, "the page carries no version"
    return int(found.group(1))


def _cycle(filled, *, returner, official, leader):
    """Returned with a question on 17.3, answered by the commune, submitted again."""
    year = _fresh(filled)
    status = _status(filled, "17.3")
    services.assessment_return(
        assessment=year,
        actor=returner,
        comments={status.pk: "Đề nghị bổ sung ảnh hiện trạng"},
        version=year.version,
    )
    services.status_update(
        status=_status(filled, "17.3"),
        actor=official,
        new_status=Status.MET,
        value=None,
        note="Đã xây rãnh thoát nước có nắp",
        version=status.version,
    )
    year = _fresh(filled)
    services.assessment_submit(assessment=year, actor=leader, version=year.version)


def test_a_verify_from_a_page_opened_before_a_return_and_resubmission_is_refused(
    client, filled, leader_a, official_a, district_officer, colleague
):
    services.assessment_submit(assessment=filled, actor=leader_a, version=filled.version)
    client.force_login(district_officer)
    url = reverse("criteria:assessment-review", args=[filled.pk])
    opened = _page_version(client.get(url).content.decode())
    assert opened == _fresh(filled).version
    # Meanwhile a colleague returns it, the commune answers and submits again.
    _cycle(filled, returner=colleague, official=official_a, leader=leader_a)
    before = _fresh(filled).version

    response = client.post(url, {"action": "verify", "confirm": "1", "version": opened})

    assert response.status_code == 200
    html = response.content.decode()
    assert CHANGED in html
    assert "Phạm Văn Hùng" in html and "17.3" in html  # who returned it, what the commune changed
    year = _fresh(filled)
    assert (year.state, year.version, year.verified_at) == (State.SUBMITTED, before, None)
    assert not year.events.filter(action=AssessmentEvent.Action.VERIFIED).exists()
    assert not year.statuses.exclude(verified_status="").exists()
    # The page now shows the current data, with the current version: verifying it works.
    assert "Đã xây rãnh thoát nước có nắp" in html
    assert _page_version(html) == before
    response = client.post(url, {"action": "verify", "confirm": "1", "version": before})
    assert response.status_code == 302
    assert _fresh(filled).state == State.VERIFIED


def test_a_return_from_a_stale_page_writes_nothing_and_keeps_the_typed_questions(
    client, filled, leader_a, official_a, district_officer, colleague
):
    services.assessment_submit(assessment=filled, actor=leader_a, version=filled.version)
    client.force_login(district_officer)
    url = reverse("criteria:assessment-review", args=[filled.pk])
    opened = _page_version(client.get(url).content.decode())
    _cycle(filled, returner=colleague, official=official_a, leader=leader_a)
    status = _status(filled, "2.1")
    questions = StatusChange.objects.filter(action=StatusChange.Action.QUESTIONED).count()
    asked = sorted(filled.statuses.exclude(review_comment="").values_list("pk", "review_comment"))

    response = client.post(
        url, {"action": "return", "version": opened, f"comment_{status.pk}": "Thiếu số liệu đo"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert CHANGED in html and "Thiếu số liệu đo" in html  # the question is not lost
    year = _fresh(filled)
    assert year.state == State.SUBMITTED
    assert sorted(year.statuses.exclude(review_comment="").values_list("pk", "review_comment")) == (
        asked
    )
    assert StatusChange.objects.filter(action=StatusChange.Action.QUESTIONED).count() == questions


def test_a_decision_taken_twice_on_one_page_is_refused_the_second_time(
    client, filled, leader_a, district_officer, colleague
):
    services.assessment_submit(assessment=filled, actor=leader_a, version=filled.version)
    url = reverse("criteria:assessment-review", args=[filled.pk])
    client.force_login(district_officer)
    opened = _page_version(client.get(url).content.decode())
    services.assessment_verify(assessment=_fresh(filled), actor=colleague, version=opened)

    response = client.post(
        url, {"action": "verify", "confirm": "1", "version": opened, "comment": "Đúng"}
    )

    assert response.status_code == 200 and CHANGED in response.content.decode()
    assert _fresh(filled).events.filter(action=AssessmentEvent.Action.VERIFIED).count() == 1


def test_a_review_page_without_a_version_decides_nothing_and_shows_the_current_one(
    client, filled, leader_a, district_officer
):
    services.assessment_submit(assessment=filled, actor=leader_a, version=filled.version)
    client.force_login(district_officer)
    url = reverse("criteria:assessment-review", args=[filled.pk])

    response = client.post(url, {"action": "verify", "confirm": "1", "comment": "Đúng thực tế"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Trang này đã cũ" in html and "Đúng thực tế" in html
    assert _page_version(html) == _fresh(filled).version
    assert _fresh(filled).state == State.SUBMITTED


def test_the_services_compare_the_version_on_the_locked_row(
    filled, leader_a, official_a, district_officer, colleague
):
    services.assessment_submit(assessment=filled, actor=leader_a, version=filled.version)
    stale = _fresh(filled)  # as loaded by a page, then the year moves on
    opened = stale.version
    _cycle(filled, returner=colleague, official=official_a, leader=leader_a)
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_verify(assessment=stale, actor=district_officer, version=opened)
    assert CHANGED in " ".join(excinfo.value.messages)
    status = _status(filled, "17.3")
    with pytest.raises(ValidationError, match="đã thay đổi từ lúc bạn mở trang"):
        services.assessment_return(
            assessment=_fresh(filled),
            actor=district_officer,
            comments={status.pk: "x"},
            version=opened,
        )
    assert _fresh(filled).state == State.SUBMITTED


def test_the_commune_page_submits_with_its_version_and_a_stale_submit_is_refused(
    client, filled, leader_a, official_a, district_officer
):
    client.force_login(leader_a)
    submit = reverse("criteria:assessment-submit", args=[filled.pk])
    # the confirmation page (reached from the commune page) carries the year's version
    commune_page = client.get(reverse("criteria:commune-detail", args=[filled.commune_id]))
    assert submit in commune_page.content.decode()
    opened = _page_version(client.get(submit).content.decode())
    assert opened == filled.version
    # Submitted from another tab, then returned with a question the commune has not answered.
    services.assessment_submit(assessment=_fresh(filled), actor=leader_a, version=opened)
    status = _status(filled, "17.3")
    services.assessment_return(
        assessment=_fresh(filled),
        actor=district_officer,
        comments={status.pk: "Đề nghị bổ sung ảnh"},
        version=_fresh(filled).version,
    )
    events = AssessmentEvent.objects.count()

    response = client.post(submit, {"version": opened}, follow=True)

    shown = [str(m) for m in response.context["messages"]]
    assert any("đã thay đổi từ lúc bạn mở trang" in m and "Trả lại" in m for m in shown), shown
    assert _fresh(filled).state == State.RETURNED
    assert AssessmentEvent.objects.count() == events
    # Without a version (a page from before this change) nothing is sent either.
    client.post(submit)
    assert _fresh(filled).state == State.RETURNED

    current = _page_version(client.get(submit).content.decode())
    assert client.post(submit, {"version": current}).status_code == 302
    assert _fresh(filled).state == State.SUBMITTED


def test_a_year_not_waiting_for_review_shows_its_state_and_no_decision(
    client, filled, district_officer
):
    """A reminder or a kept draft leads the office to a year the commune has not sent (or
    that a colleague has decided): the page says so, offers nothing to press, and settles the
    typing kept on the device for it."""
    client.force_login(district_officer)
    html = client.get(reverse("criteria:assessment-review", args=[filled.pk])).content.decode()

    assert (
        'id="not-waiting"' in html and "<strong>Đang cập nhật</strong>: không chờ thẩm tra" in html
    )
    assert f'data-keep-saved="{district_officer.pk}:tham-tra:{filled.pk}"' in html
    assert 'name="action"' not in html and "<textarea" not in html


def test_a_year_under_review_judged_again_by_its_set_is_not_verified_from_the_page_before(
    province, province_office_a
):
    """A bar corrected while the office reviews: the year's results change under the page, so
    the page's «Xác nhận thẩm tra» is refused, naming the change; the year keeps its state."""
    from decimal import Decimal

    from criteria import authoring
    from criteria.authoring import Bar
    from criteria.models import Indicator

    commune = factories.CommuneFactory(name="Cẩm Tân mới", parent=province, region="btb")
    leader = factories.official(commune, username="leader26", kind="commune_leader")
    office = factories.supervisor(province, username="vp_tinh")
    framework = factories.authored_framework(actor=province_office_a, province=province)
    year = services.assessment_open(commune=commune, framework=framework, year=2026, actor=leader)
    factories.measured(year, "1.1", "85", leader)  # ≥ 80 %: met
    factories.measured(year, "2.1", "60", leader)
    judged = year.statuses.get(indicator__code="1.2")
    services.status_update(
        status=judged, actor=leader, new_status=Status.MET, value=None, note="Có quy chế",
        version=judged.version,
    )  # fmt: skip
    services.assessment_submit(assessment=year, actor=leader)
    year.refresh_from_db()
    seen = year.version  # the office's page shows 2/2
    assert year.met_count == 2

    authoring.thresholds_set(
        indicator=Indicator.objects.get(framework=framework, code="1.1"),
        actor=province_office_a, bars={"": Bar(Decimal(90))}, legal_basis="QĐ 12/2026/QĐ-UBND",
    )  # fmt: skip
    year.refresh_from_db()
    assert (year.met_count, year.state, year.version) == (1, State.SUBMITTED, seen + 1)
    event = year.events.first()
    assert event.action == AssessmentEvent.Action.REJUDGED
    assert "1.1" in event.comment and "QĐ 12/2026/QĐ-UBND" in event.comment

    with pytest.raises(ValidationError, match="Đánh giá lại do bộ tiêu chí thay đổi"):
        services.assessment_verify(assessment=year, actor=office, version=seen)
    year.refresh_from_db()
    assert year.state == State.SUBMITTED
    services.assessment_verify(assessment=year, actor=office, version=year.version)
