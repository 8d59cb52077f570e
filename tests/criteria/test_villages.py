"""Villages (thôn, khu dân cư) assessed on a village set by their commune's officials, with the
same history, evidence and review as a commune, and shown on the commune page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria import authoring, services
from criteria.models import Assessment, IndicatorStatus, StatusChange
from tests import factories

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def village(commune_a):
    return factories.UnitFactory(
        kind="village",
        prefix="Thôn",
        name="Hoàng Vân",
        parent=commune_a,
        province=commune_a.province,
    )


@pytest.fixture
def village_set(province, province_office_a):
    """A province's "khu dân cư kiểu mẫu" set: 2 criteria, each with one indicator."""
    actor = province_office_a
    framework = authoring.framework_create(
        actor=actor, key="kdc_ht", province=province, name="Khu dân cư kiểu mẫu (thử)",
        level="kdc_kieu_mau", unit_kind="village", period_start=2021, period_end=2025,
        category_kind="",
    )  # fmt: skip
    for number, name in ((1, "Nhà văn hóa"), (2, "Đường thôn")):
        criterion = authoring.criterion_add(
            framework=framework, actor=actor, number=number, name=name
        )
        authoring.indicator_add(
            framework=framework, actor=actor, criterion=criterion, code=f"{number}.1",
            name=name, kind="boolean",
        )  # fmt: skip
    authoring.framework_publish(framework=framework, actor=actor)
    framework.refresh_from_db()
    return framework


@pytest.fixture
def leader_a(commune_a):
    return factories.official(commune_a, username="leader_a", kind="commune_leader")


def test_commune_official_opens_and_updates_a_village_year(
    client, official_a, village, village_set
):
    client.force_login(official_a)
    response = client.post(
        reverse("criteria:assessment-open", args=[village.pk]),
        {"year": 2024, "framework": village_set.key, "confirm": "1"},
    )
    assessment = Assessment.objects.get(commune=village, framework=village_set, year=2024)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("criteria:village-detail", args=[village.pk])
    )
    status = assessment.statuses.get(indicator__code="1.1")
    response = client.post(
        reverse("criteria:status-edit", args=[status.pk]),
        {"status": Status.MET, "note": "Nhà văn hóa thôn đạt chuẩn", "version": status.version},
    )
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.status == Status.MET
    assert status.changes.filter(action=StatusChange.Action.UPDATE, actor=official_a).exists()
    page = client.get(reverse("criteria:village-detail", args=[village.pk]), {"year": 2024})
    assert 'id="headline-count">1/2<' in page.content.decode()


def test_the_commune_page_shows_its_villages_standing(
    client, official_a, commune_a, village, village_set, assessment_a
):
    services.assessment_open(commune=village, framework=village_set, year=2024, actor=official_a)
    client.force_login(official_a)
    html = client.get(reverse("criteria:commune-detail", args=[commune_a.pk])).content.decode()
    assert "Thôn, khu dân cư" in html
    assert reverse("criteria:village-detail", args=[village.pk]) in html
    assert "đạt <strong>0/2</strong>" in html


def test_the_village_year_is_submitted_by_the_leader_and_verified_by_the_commune_office(
    village, village_set, leader_a, district_officer
):
    assessment = services.assessment_open(
        commune=village, framework=village_set, year=2024, actor=leader_a
    )
    for status in assessment.statuses.all():
        services.status_update(
            status=status, actor=leader_a, new_status=Status.MET, value=None,
            note="Đạt", version=status.version,
        )  # fmt: skip
    services.assessment_submit(assessment=assessment, actor=leader_a)
    from units.access import can_review

    village.refresh_from_db()
    assert can_review(district_officer, village)
    services.assessment_verify(assessment=assessment, actor=district_officer)
    assessment.refresh_from_db()
    assert (assessment.state, assessment.verified_headline) == ("verified", "2/2")


def test_another_communes_official_cannot_see_the_village(
    client, official_b, village, village_set, official_a
):
    assessment = services.assessment_open(
        commune=village, framework=village_set, year=2024, actor=official_a
    )
    status = assessment.statuses.first()
    client.force_login(official_b)
    assert client.get(reverse("criteria:village-detail", args=[village.pk])).status_code == 404
    assert client.get(reverse("criteria:status-history", args=[status.pk])).status_code == 404
    response = client.post(
        reverse("criteria:status-edit", args=[status.pk]),
        {"status": Status.MET, "note": "x", "version": status.version},
    )
    assert response.status_code == 404


def test_a_commune_set_cannot_be_opened_on_a_village_nor_a_village_set_on_a_commune(
    village, village_set, commune_a, official_a, f318
):
    with pytest.raises(ValidationError, match="không dùng cho Thôn Hoàng Vân"):
        services.assessment_open(commune=village, framework=f318, year=2024, actor=official_a)
    with pytest.raises(ValidationError, match="thôn, khu dân cư"):
        services.assessment_open(
            commune=commune_a, framework=village_set, year=2024, actor=official_a
        )
    assert not Assessment.objects.filter(year=2024).exists()


def test_a_village_value_keeps_its_history_like_a_commune(village, village_set, official_a):
    assessment = services.assessment_open(
        commune=village, framework=village_set, year=2024, actor=official_a
    )
    status = assessment.statuses.get(indicator__code="2.1")
    services.status_update(
        status=status, actor=official_a, new_status=Status.NOT_MET, value=Decimal("1"),
        note="Còn 200 m chưa cứng hóa", version=status.version,
    )  # fmt: skip
    change = status.changes.get(action=StatusChange.Action.UPDATE)
    assert (change.old_status, change.new_status, change.new_note) == (
        Status.NOT_ASSESSED,
        Status.NOT_MET,
        "Còn 200 m chưa cứng hóa",
    )
