"""Fixtures of the dossier tests: people around xã A (Cẩm Tân) and small files. (The national
default checklist, rows of a data migration, is put back after a flush by tests/conftest.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories

PDF = b"%PDF-1.4\n% ho so\n"


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
