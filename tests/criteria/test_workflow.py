"""The review workflow: the commune submits, its supervising office returns or verifies."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria import services
from criteria.models import Assessment, AssessmentEvent, IndicatorStatus, StatusChange
from tests import factories

Status = IndicatorStatus.Status
State = Assessment.State
pytestmark = pytest.mark.django_db


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


def _status(assessment, code):
    return IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=assessment, indicator__code=code)


def test_submit_needs_every_indicator_judged(assessment_a, leader_a):
    with pytest.raises(ValidationError, match="chưa đánh giá"):
        services.assessment_submit(assessment=assessment_a, actor=leader_a)
    assessment_a.refresh_from_db()
    assert assessment_a.state == State.DRAFT and not assessment_a.events.exists()


def test_full_cycle_submit_return_fix_verify(filled, leader_a, official_a, district_officer):
    services.assessment_submit(assessment=filled, actor=leader_a)
    assert filled.state == State.SUBMITTED

    # While submitted the commune cannot change anything.
    status = _status(filled, "17.3")
    with pytest.raises(ValidationError, match="đã gửi thẩm tra"):
        services.status_update(
            status=status,
            actor=official_a,
            new_status=Status.MET,
            value=None,
            note="x",
            version=status.version,
        )

    services.assessment_return(
        assessment=filled,
        actor=district_officer,
        comments={status.pk: "Đề nghị bổ sung ảnh hiện trạng"},
    )
    status.refresh_from_db()
    assert (
        filled.state == State.RETURNED and status.review_comment == "Đề nghị bổ sung ảnh hiện trạng"
    )
    assert status.changes.filter(
        action=StatusChange.Action.QUESTIONED, actor=district_officer
    ).exists()

    status = _status(filled, "17.3")
    services.status_update(
        status=status,
        actor=official_a,
        new_status=Status.MET,
        value=None,
        note="Đã khắc phục",
        version=status.version,
    )
    services.assessment_submit(assessment=filled, actor=leader_a)
    services.assessment_verify(assessment=filled, actor=district_officer)

    filled.refresh_from_db()
    assert (filled.state, filled.verified_met_count, filled.verified_by) == (
        State.VERIFIED,
        19,
        district_officer,
    )
    assert _status(filled, "17.3").verification == "verified"
    assert list(filled.events.order_by("at", "pk").values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "verified",
    ]


def test_editing_a_verified_indicator_reopens_visibly_and_keeps_the_official_figure(
    filled, leader_a, official_a, district_officer
):
    services.assessment_submit(assessment=filled, actor=leader_a)
    services.assessment_verify(assessment=filled, actor=district_officer)
    filled.refresh_from_db()
    assert filled.verified_met_count == 18

    status = _status(filled, "17.3")
    services.status_update(
        status=status,
        actor=official_a,
        new_status=Status.MET,
        value=None,
        note="Đã khắc phục",
        version=status.version,
    )

    filled.refresh_from_db()
    status.refresh_from_db()
    assert filled.state == State.DRAFT
    assert (filled.met_count, filled.verified_met_count) == (19, 18)  # official figure unchanged
    assert status.verification == "changed" and status.verified_status == Status.NOT_MET
    assert filled.events.filter(action=AssessmentEvent.Action.REOPENED, actor=official_a).exists()


def test_return_needs_a_comment_and_transitions_are_checked(filled, leader_a, district_officer):
    with pytest.raises(ValidationError, match="trạng thái"):
        services.assessment_verify(assessment=filled, actor=district_officer)  # not submitted yet
    services.assessment_submit(assessment=filled, actor=leader_a)
    with pytest.raises(ValidationError, match="ít nhất một chỉ tiêu"):
        services.assessment_return(assessment=filled, actor=district_officer, comments={})
    filled.refresh_from_db()
    assert filled.state == State.SUBMITTED


# --- who may do what (through the views) -------------------------------------------------------


def test_only_the_commune_leader_submits(client, filled, official_a, leader_a):
    url = reverse("criteria:assessment-submit", args=[filled.pk])
    client.force_login(official_a)
    assert client.post(url, {"version": filled.version}).status_code == 403
    client.force_login(leader_a)
    assert client.post(url, {"version": filled.version}).status_code == 302
    filled.refresh_from_db()
    assert filled.state == State.SUBMITTED


def test_only_the_office_directly_above_reviews(client, filled, leader_a, district_a, province):
    services.assessment_submit(assessment=filled, actor=leader_a)
    url = reverse("criteria:assessment-review", args=[filled.pk])
    province_office = factories.official(province, username="vp_tinh", kind="province_office")
    province_supervisor = factories.supervisor(
        province, username="tinh_giam_sat"
    )  # a province with districts
    for user in (province_office, province_supervisor):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "verify", "confirm": "1"}).status_code == 403
    filled.refresh_from_db()
    assert filled.state == State.SUBMITTED


def test_office_of_another_district_cannot_even_see_it(client, filled, leader_a, district_b):
    services.assessment_submit(assessment=filled, actor=leader_a)
    client.force_login(factories.supervisor(district_b, username="krongno"))
    assert client.get(reverse("criteria:assessment-review", args=[filled.pk])).status_code == 404


def test_review_page_returns_with_comments_and_verifies(client, filled, leader_a, district_officer):
    services.assessment_submit(assessment=filled, actor=leader_a)
    client.force_login(district_officer)
    url = reverse("criteria:assessment-review", args=[filled.pk])
    status = _status(filled, "17.3")
    version = filled.version
    response = client.post(url, {"action": "return", "version": version})
    assert response.status_code == 200 and "ít nhất một chỉ tiêu" in response.content.decode()
    response = client.post(
        url, {"action": "return", "version": version, f"comment_{status.pk}": "Thiếu biên bản"}
    )
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.review_comment == "Thiếu biên bản"
    page = client.get(reverse("criteria:commune-detail", args=[filled.commune_id])).content.decode()
    assert "Ý kiến thẩm tra:</strong> Thiếu biên bản" in page


def test_province_without_districts_verifies_its_communes(client, other_province, f318):
    commune = factories.CommuneFactory(parent=other_province, framework=f318)
    assessment = services.assessment_open(commune=commune, framework=f318, year=2025, actor=None)
    assessment.statuses.update(status=Status.MET, note="Đạt")
    leader = factories.official(commune, username="ct", kind="commune_leader")
    services.assessment_submit(assessment=assessment, actor=leader)
    client.force_login(factories.supervisor(other_province, username="vp_tinh_moi"))
    assert (
        client.post(
            reverse("criteria:assessment-review", args=[assessment.pk]),
            {"action": "verify", "confirm": "1", "version": assessment.version},
        ).status_code
        == 302
    )
    assessment.refresh_from_db()
    assert assessment.state == State.VERIFIED


# --- the trail ----------------------------------------------------------------------------------


def test_trail_lists_every_step_and_filters(client, filled, leader_a, official_a, district_officer):
    status = _status(filled, "2.1")
    services.status_update(
        status=status,
        actor=official_a,
        new_status=None,
        value=Decimal(100),
        note="",
        version=status.version,
    )
    services.assessment_submit(assessment=filled, actor=leader_a)
    services.assessment_verify(assessment=filled, actor=district_officer, comment="Đúng thực tế")
    client.force_login(district_officer)
    url = reverse("criteria:commune-trail", args=[filled.commune_id])
    html = client.get(url).content.decode()
    assert "Gửi thẩm tra" in html and "Xác nhận thẩm tra" in html and "Đúng thực tế" in html
    assert ">2.1</a>" in html

    by_criterion = client.get(url, {"criterion": 2}).context["entries"]
    assert by_criterion and all(
        e.kind == "status" and e.entry.status.indicator.criterion.number == 2 for e in by_criterion
    )
    by_user = client.get(url, {"actor": leader_a.pk}).context["entries"]
    assert [e.entry.action for e in by_user] == ["submitted"]
    assert client.get(url, {"date_from": "01/01/2099"}).context["entries"] == []
    response = client.get(url, {"date_from": "not a date"})
    assert response.status_code == 200 and "Nhập một ngày hợp lệ" in response.content.decode()


def test_official_counts_use_verified_results(
    client, filled, leader_a, district_officer, official_a
):
    services.assessment_submit(assessment=filled, actor=leader_a)
    services.assessment_verify(assessment=filled, actor=district_officer)
    status = _status(filled, "17.3")
    services.status_update(
        status=status,
        actor=official_a,
        new_status=Status.MET,
        value=None,
        note="Sửa",
        version=status.version,
    )
    client.force_login(district_officer)
    page = client.get(reverse("criteria:commune-detail", args=[filled.commune_id])).content.decode()
    assert 'id="headline-count">19/19<' in page
    assert "Kết quả đã thẩm tra: <strong>18/19</strong>" in page
    assert "Sửa sau thẩm tra" in page
    listing = client.get(reverse("criteria:commune-list")).content.decode()
    assert "<strong>18/19</strong>" in listing
