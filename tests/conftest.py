"""People in different units, like healthchecks' alice/bob/charlie.

official_a works in xã A, official_b in xã B (another district), district_officer supervises
A's district. Every test gets a fast password hasher and its own evidence folder.
"""

import os

import pytest
from django.core.management import call_command

from criteria.models import Framework
from tests import factories


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real national catalogue once for the whole session."""
    with django_db_blocker.unblock():
        call_command("load_criteria", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def f318(db):
    return Framework.objects.get(key="xa_ntm_2021_2025")


@pytest.fixture
def f1980(db):
    return Framework.objects.get(key="xa_ntm_2016_2020")


@pytest.fixture
def f51(db):
    """51/2025/QĐ-TTg: 10 criteria, 3 commune groups, no indicators until an office enters them."""
    return Framework.objects.get(key="xa_ntm_2026_2030")


@pytest.fixture
def province(db):
    return factories.UnitFactory(kind="province", prefix="Tỉnh", name="Hà Tĩnh", region="btb")


@pytest.fixture
def district_a(province):
    return factories.UnitFactory(
        kind="district", prefix="Huyện", name="Cẩm Xuyên", parent=province, province=province
    )


@pytest.fixture
def commune_a(district_a, f318):
    return factories.CommuneFactory(name="Cẩm Tân", parent=district_a, region="btb", framework=f318)


@pytest.fixture
def other_province(db):
    return factories.UnitFactory(kind="province", prefix="Tỉnh", name="Đắk Nông", region="tn")


@pytest.fixture
def district_b(other_province):
    return factories.UnitFactory(
        kind="district",
        prefix="Huyện",
        name="Krông Nô",
        parent=other_province,
        province=other_province,
    )


@pytest.fixture
def commune_b(district_b, f318):
    return factories.CommuneFactory(name="Nâm Nung", parent=district_b, region="tn", framework=f318)


@pytest.fixture
def official_a(commune_a):
    return factories.official(commune_a, username="official_a")


@pytest.fixture
def official_b(commune_b):
    return factories.official(commune_b, username="official_b")


@pytest.fixture
def district_officer(district_a):
    return factories.supervisor(district_a, username="district_a")


@pytest.fixture
def client_a(client, official_a):
    client.force_login(official_a)
    return client


@pytest.fixture
def assessment_a(commune_a, f318, official_a):
    from criteria.services import assessment_open

    return assessment_open(commune=commune_a, framework=f318, year=2023, actor=official_a)


@pytest.fixture
def province_office_a(province):
    """Văn phòng điều phối NTM of province A (Hà Tĩnh): authors its province's own sets."""
    return factories.province_office(province, username="province_a")


@pytest.fixture
def province_office_b(other_province):
    return factories.province_office(other_province, username="province_b")


@pytest.fixture
def national_office(db):
    return factories.national_office(username="tw")
