"""Fixtures for the criteria catalogue tests: the shipped YAML files and a loaded catalogue."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from criteria.catalogue import catalogue_load
from criteria.models import Framework
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


@pytest.fixture
def loaded(empty_catalogue, catalogue_dir):
    """The whole shipped catalogue loaded into an empty database; returns that load's report."""
    return catalogue_load(directory=catalogue_dir)


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
