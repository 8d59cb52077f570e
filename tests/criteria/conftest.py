"""Fixtures for the criteria catalogue tests: the shipped YAML files and a loaded catalogue."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from criteria.catalogue import catalogue_load
from criteria.models import Framework
from tests.shared import shared_rows
from units.models import Unit


@pytest.fixture
def catalogue_dir() -> Path:
    return Path(settings.CRITERIA_FIXTURES_DIR)


@pytest.fixture
def read_catalogue_file(catalogue_dir):
    """The parsed YAML of one shipped file, read independently of the loader."""

    def read(name: str) -> dict:
        return yaml.safe_load((catalogue_dir / name).read_text(encoding="utf-8"))

    return read


@pytest.fixture
def empty_catalogue(db):
    """No catalogue rows, whatever the session set-up loaded (rolled back after the test)."""
    Framework.objects.all().delete()  # cascades to categories, groups, criteria, indicators…


@pytest.fixture(scope="module")
def _loaded_catalogue(django_db_setup, django_db_blocker, tmp_path_factory):
    def load_into_an_empty_catalogue():
        Framework.objects.all().delete()
        return catalogue_load(directory=Path(settings.CRITERIA_FIXTURES_DIR))

    evidence = tmp_path_factory.mktemp("catalogue-evidence")
    with shared_rows(django_db_blocker, load_into_an_empty_catalogue, evidence=evidence) as report:
        yield report


@pytest.fixture
def loaded(_loaded_catalogue, db):
    """The whole shipped catalogue loaded into an empty database; returns that load's report.
    Loaded once per module (tests/shared.py): each test rolls back to it. A module whose other
    tests want an empty catalogue asks for `empty_catalogue` in those tests only, not for all
    (it would empty this one too)."""
    return _loaded_catalogue


@pytest.fixture
def editable_catalogue(tmp_path, catalogue_dir):
    """A private copy of one shipped file that a test may edit before (re)loading it.

    Usage: path = editable_catalogue("xa-ntm-2021-2025.yaml"); load tmp dir = path.parent.
    """

    def copy(name: str) -> Path:
        target = tmp_path / "catalogue"
        target.mkdir(exist_ok=True)
        shutil.copy(catalogue_dir / name, target / name)
        return target / name

    return copy


@pytest.fixture
def ha_tinh(db) -> Unit:
    return Unit.objects.create(
        kind="province", code="42", name="Hà Tĩnh", prefix="Tỉnh", region="btb"
    )


@pytest.fixture
def cam_binh(ha_tinh) -> Unit:
    return Unit.objects.create(
        kind="commune",
        code="18520",
        name="Cẩm Bình",
        prefix="Xã",
        parent=ha_tinh,
        province=ha_tinh,
        region="btb",
    )
