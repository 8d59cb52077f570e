"""Fixtures of the dossier tests: people around xã A (Cẩm Tân) and small files.

The national default checklist comes from a data migration; a transactional test elsewhere in
the same worker empties every table when it ends, so it is put back (idempotently) before each
test here, as tests/conftest.py does for the catalogue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.defaults import install_default_checklist
from tests import factories

PDF = b"%PDF-1.4\n% ho so\n"


@pytest.fixture(autouse=True)
def _default_checklist(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        install_default_checklist()


@pytest.fixture
def leader_a(commune_a):
    return factories.official(commune_a, username="chu_tich_a", kind="commune_leader")


@pytest.fixture
def province_office_a(province):
    return factories.province_office(province, username="vp_tinh_a")


@pytest.fixture
def pdf():
    def make(name="to-trinh.pdf", content=PDF):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make
