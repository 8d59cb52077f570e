"""People in different units, like healthchecks' alice/bob/charlie.

official_a works in xã A, official_b in xã B (another district), district_officer supervises
A's district. Every test gets a fast password hasher and its own evidence folder.

The units and people are made by functions of tests/factories.py (two_communes() makes them
all at once, for data made once per module: tests/shared.py).
"""

import io
import os

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from criteria.models import Framework
from dossiers.defaults import install_default_checklist
from tests import factories
from tests.shared import database_copy_keep, database_copy_restore, shared_rows

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_hasher_for_the_session():
    """MD5 also for data made outside a test (module- and session-scoped fixtures); a test
    that checks the real hashers sets them itself (tests/units/test_login.py)."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


_test_database = {}  # "blocker": pytest-django's django_db_blocker once the database is set up
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def _load_catalogue():
    call_command("load_criteria", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real national catalogue once for the whole session (see also below)."""
    with django_db_blocker.unblock():
        _load_catalogue()
        database_copy_keep("catalogue")
    _test_database["blocker"] = django_db_blocker
    yield
    _test_database.clear()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test that uses the database finds the national catalogue loaded. A transactional test
    (transactional_db, live_server) ends by emptying every table. In one process pytest-django
    runs those after all others, but a worker of scripts/test runs its files one after the
    other, so a test of a later file may follow such a flush: the catalogue is loaded again
    then, before the test's fixtures and outside its transaction, as the session set-up did
    (on SQLite the database as the set-up left it is put back: tests/shared.py)."""
    blocker = _test_database.get("blocker")
    uses_database = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
        getattr(item, "fixturenames", ())
    )
    if blocker is None or not uses_database:
        return
    with blocker.unblock():
        if not Framework.objects.exists() and not database_copy_restore("catalogue"):
            _load_catalogue()
            install_default_checklist()  # rows of a data migration: the flush emptied them too


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
    return factories.make_province()


@pytest.fixture
def district_a(province):
    return factories.make_district_a(province)


@pytest.fixture
def commune_a(district_a, f318):
    return factories.make_commune_a(district_a, f318)


@pytest.fixture
def other_province(db):
    return factories.make_other_province()


@pytest.fixture
def district_b(other_province):
    return factories.make_district_b(other_province)


@pytest.fixture
def commune_b(district_b, f318):
    return factories.make_commune_b(district_b, f318)


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


# --- the demo data, seeded once per module (tests/shared.py) ----------------------------------


def _seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def _demo_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the module that asks; each test rolls back to it. Modules
    with their own needs (the browser's, the unit export's) define their own."""
    evidence = tmp_path_factory.mktemp("demo-evidence")
    with shared_rows(django_db_blocker, _seed_demo, evidence=evidence, DEBUG=True):
        yield


@pytest.fixture
def demo(_demo_rows, db, settings):
    settings.DEBUG = True
