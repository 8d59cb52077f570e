"""Where the app opens (the root, and after signing in without a `next`): a commune's own
officials on their commune's page; offices, administrators and people of several communes on
the list of communes; nobody signed in on the sign-in page."""

import pytest
from django.urls import reverse

from tests import factories
from units.models import Role

pytestmark = pytest.mark.django_db

HOME = "/"


def _lands(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 302
    return response["Location"]


def test_a_communes_official_opens_on_the_communes_page(client, commune_a, official_a):
    page = reverse("criteria:commune-detail", args=[commune_a.pk])
    assert _lands(client, official_a) == page
    assert client.head(HOME)["Location"] == page  # a monitor's HEAD is answered too


def test_the_communes_leader_and_an_official_of_a_few_criteria_too(client, commune_a, f318):
    leader = factories.official(commune_a, username="ct_a", kind=Role.Kind.COMMUNE_LEADER)
    culture = factories.official(
        commune_a, username="vh_a", criteria=list(f318.criteria.filter(number__in=[6, 16]))
    )
    page = reverse("criteria:commune-detail", args=[commune_a.pk])
    assert _lands(client, leader) == page
    assert _lands(client, culture) == page


def test_offices_administrators_and_people_of_two_communes_open_on_the_list(
    client, commune_a, commune_b, official_a, district_officer, province_office_a
):
    listing = reverse("criteria:commune-list")
    assert _lands(client, district_officer) == listing
    assert _lands(client, province_office_a) == listing
    admin = factories.UserFactory(username="quan_tri", is_superuser=True, is_staff=True)
    assert _lands(client, admin) == listing
    Role.objects.create(user=official_a, unit=commune_b, kind=Role.Kind.COMMUNE_OFFICIAL)
    assert _lands(client, official_a) == listing
    # an official who also sits in the district's office reads more than the commune
    also = factories.official(commune_a, username="both_a")
    Role.objects.create(user=also, unit=commune_a.parent, kind=Role.Kind.SUPERVISOR)
    assert _lands(client, also) == listing


def test_nobody_signed_in_is_asked_to_sign_in_and_then_lands_home(client, commune_a, official_a):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"
    signed_in = client.post(reverse("login"), {"username": "official_a", "password": "ntm-demo"})
    assert signed_in["Location"] == reverse("home")
    assert client.get(signed_in["Location"])["Location"] == reverse(
        "criteria:commune-detail", args=[commune_a.pk]
    )


def test_a_user_without_a_role_opens_on_the_list_that_says_so(client, db):
    nobody = factories.UserFactory(username="chua_phan_quyen")
    assert _lands(client, nobody) == reverse("criteria:commune-list")
    client.force_login(nobody)
    page = client.get(reverse("criteria:commune-list")).content.decode()
    assert "Bạn chưa được giao theo dõi xã nào" in page
