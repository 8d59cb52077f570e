"""The "evidence" alias of settings.STORAGES as the environment sets it (deploy/README.md, *Two
app servers*): a folder by default, an S3-compatible bucket through django-storages with
EVIDENCE_STORAGE=s3. Read by a fresh interpreter, as a server starting with that environment."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

SCRIPT = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['evidence']))"
)
START = "import django; django.setup(); print('started')"


def _evidence_alias(script=SCRIPT, **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env.update(
        DJANGO_SETTINGS_MODULE="ntm.settings", SECRET_KEY="settings-test-" + "k" * 40, **variables
    )
    return subprocess.run(  # noqa: S603 – our own settings, fixed arguments
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_evidence_lives_in_the_evidence_folder_by_default():
    done = _evidence_alias()

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"BACKEND": "criteria.models.storage.EvidenceStorage"}


def test_evidence_storage_s3_configures_django_storages_from_the_environment():
    done = _evidence_alias(
        EVIDENCE_STORAGE="s3",
        EVIDENCE_S3_BUCKET="ntm-minh-chung",
        EVIDENCE_S3_ENDPOINT_URL="https://s3.tinh.example.gov.vn",
        EVIDENCE_S3_ADDRESSING_STYLE="path",
        EVIDENCE_S3_PREFIX="evidence",
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "ntm-minh-chung",
            "endpoint_url": "https://s3.tinh.example.gov.vn",
            "location": "evidence",
            "addressing_style": "path",
            "file_overwrite": False,
        },
    }  # unset keys are left to django-storages (AWS_ACCESS_KEY_ID … from the environment)


def test_an_unknown_evidence_storage_stops_the_start():
    done = _evidence_alias(EVIDENCE_STORAGE="ftp")

    assert done.returncode != 0
    assert "EVIDENCE_STORAGE must be filesystem or s3, not 'ftp'" in done.stderr


def test_s3_without_a_bucket_stops_the_start():
    done = _evidence_alias(EVIDENCE_STORAGE="s3")

    assert done.returncode != 0
    assert "EVIDENCE_S3_BUCKET" in done.stderr


@pytest.mark.skipif(
    importlib.util.find_spec("storages") is not None, reason="django-storages is installed here"
)
def test_s3_without_django_storages_installed_stops_the_start_with_the_reason():
    done = _evidence_alias(START, EVIDENCE_STORAGE="s3", EVIDENCE_S3_BUCKET="ntm-minh-chung")

    assert done.returncode != 0 and "started" not in done.stdout
    assert "Could not find backend 'storages.backends.s3.S3Storage'" in done.stderr
