"""The admin: a province office browses and corrects the catalogue; results and history are read-only."""

import pytest
from django.urls import reverse

from criteria.models import Indicator, IndicatorStatus, StatusChange
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = factories.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "criteria_framework",
        "criteria_criterion",
        "criteria_indicator",
        "criteria_threshold",
        "criteria_assessment",
        "criteria_indicatorstatus",
        "criteria_statuschange",
        "units_unit",
        "units_user",
        "units_role",
    ],
)
def test_admin_lists_open(admin_client, assessment_a, name):
    assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_admin_shows_an_indicator_but_corrections_go_through_the_catalogue_pages(
    admin_client, f318
):
    indicator = Indicator.objects.get(framework=f318, code="17.1")
    url = reverse("admin:criteria_indicator_change", args=[indicator.pk])
    response = admin_client.get(url)
    assert (
        response.status_code == 200
        and "Tỷ lệ hộ được sử dụng nước sạch" in response.content.decode()
    )
    admin_client.post(url, {"name": "Đổi trong admin", "code": "17.1"})
    indicator.refresh_from_db()
    assert indicator.name.startswith("Tỷ lệ hộ được sử dụng nước sạch")


def test_history_and_results_cannot_be_edited_or_deleted_in_the_admin(admin_client, assessment_a):
    change = StatusChange.objects.filter(status__assessment=assessment_a).first()
    status = IndicatorStatus.objects.filter(assessment=assessment_a).first()
    assert (
        admin_client.post(
            reverse("admin:criteria_statuschange_delete", args=[change.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert (
        admin_client.post(
            reverse("admin:criteria_indicatorstatus_change", args=[status.pk]), {"status": "dat"}
        ).status_code
        == 403
    )
    assert StatusChange.objects.filter(pk=change.pk).exists()
    status.refresh_from_db()
    assert status.status == IndicatorStatus.Status.NOT_ASSESSED
