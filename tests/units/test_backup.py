"""manage.py backup / restore: one archive with the data (any engine) and the evidence files,
checksummed; restored only into an empty database, all or nothing."""

import io
import json
import shutil
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from assignments.models import FundingLine, ResponsibleParty, Task, TaskChange
from criteria import services as criteria_services
from criteria.forms import validate_evidence
from criteria.models import (
    Assessment,
    AssessmentEvent,
    Evidence,
    Framework,
    IndicatorStatus,
    StatusChange,
)
from ops.backups import EXCLUDED, database_is_empty, private_file_fields, referenced_names
from plans.models import Plan, PlanSection, Target
from tests.shared import made_once
from units.models import Role, RoleChange, Unit, User

PDF = b"%PDF-1.4\n% bien ban nghiem thu ranh thoat nuoc\n"
CHECKED = [
    Unit, User, Role, RoleChange, Framework, Assessment, IndicatorStatus, StatusChange,
    AssessmentEvent, Evidence, Task, ResponsibleParty, FundingLine, TaskChange, Plan,
    PlanSection, Target,
]  # fmt: skip


def _catalogue():
    if not Framework.objects.exists():
        call_command("load_criteria", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def demo(transactional_db, settings):
    """The demo data, with one evidence file uploaded through the service. The demo is seeded
    once; on SQLite later tests get a copy of that database (tests/shared.py)."""
    _catalogue()
    settings.DEBUG = True
    from ops.demo import seed_demo

    made_once("demo", seed_demo)
    status = IndicatorStatus.objects.get(
        assessment__commune__code="ha-tinh.cam-xuyen.cam-tan",
        assessment__year=2023,
        indicator__code="17.3",
    )
    upload = SimpleUploadedFile("Biên bản nghiệm thu.pdf", PDF)
    validate_evidence(upload)
    evidence = criteria_services.evidence_add(
        status=status, actor=User.objects.get(username="camtan"), upload=upload
    )
    return evidence


def _sorted(rows):
    return sorted(rows, key=repr)  # None and text side by side


def _state():
    """Counts of every checked model and a few values, keyed so pks may differ (users)."""
    return {
        "counts": {m.__name__: m.objects.count() for m in CHECKED},
        "statuses": _sorted(
            IndicatorStatus.objects.values_list(
                "assessment__commune__code", "assessment__year", "indicator__code", "status",
                "value", "note", "version", "updated_by__username",
            )
        ),
        "history": _sorted(
            StatusChange.objects.values_list(
                "status__indicator__code", "actor__username", "action", "old_status",
                "new_status", "detail",
            )
        ),
        "tasks": _sorted(
            Task.objects.values_list("unit__code", "title", "deadline", "progress", "version")
        ),
        "plans": _sorted(Plan.objects.values_list("unit__code", "title", "status", "version")),
        "sections": _sorted(PlanSection.objects.values_list("plan__title", "order", "heading", "body")),
        "roles": _sorted(Role.objects.values_list("user__username", "unit__code", "kind")),
        "headline": _sorted(Assessment.objects.values_list("commune__code", "year", "met_count")),
        "passwords": _sorted(User.objects.values_list("username", "password")),
    }  # fmt: skip


def test_backup_then_restore_into_an_emptied_database_finds_everything(demo, tmp_path, settings):
    before = _state()
    archive = tmp_path / "ntm.tar.gz"
    out = io.StringIO()

    call_command("backup", str(archive), stdout=out)

    # the evidence file, and the demo's dossier documents: every private file the rows name
    files = referenced_names()
    assert demo.file.name in files and len(files) > 1
    assert f"{len(files)} tệp minh chứng" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert sorted(e["path"] for e in manifest["evidence"]) == sorted(files)
    [entry] = [e for e in manifest["evidence"] if e["path"] == demo.file.name]
    assert entry["size"] == len(PDF)
    assert f"evidence/{demo.file.name}" in names and "data.json" in names
    assert manifest["counts"]["criteria.IndicatorStatus"] == before["counts"]["IndicatorStatus"]

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.EVIDENCE_ROOT)  # a new server: its store is empty
    assert database_is_empty()

    call_command("restore", str(archive), stdout=out)

    assert _state() == before
    restored = Evidence.objects.get()
    assert restored.original_name == "Biên bản nghiệm thu.pdf"
    assert restored.file.open("rb").read() == PDF
    assert User.objects.get(username="camtan").check_password("ntm-demo")
    assert "Đã khôi phục" in out.getvalue()


def test_restore_refuses_a_database_with_data(demo, tmp_path):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    tasks = Task.objects.count()

    with pytest.raises(CommandError, match="Cơ sở dữ liệu đã có dữ liệu"):
        call_command("restore", str(archive))

    assert Task.objects.count() == tasks


def test_restore_refuses_a_damaged_archive_and_writes_nothing(demo, tmp_path, settings):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "hong.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("evidence/"):
                data = data.replace(b"nghiem thu", b"NGHIEM THU")  # same size, other bytes
            target.addfile(member, io.BytesIO(data))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.EVIDENCE_ROOT)

    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore", str(damaged))
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore", str(damaged), "--check")

    assert database_is_empty()
    assert not any(p.is_file() for p in settings.EVIDENCE_ROOT.rglob("*"))


def test_check_reads_a_sound_archive_without_writing(demo, tmp_path):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    out = io.StringIO()

    call_command("restore", str(archive), "--check", stdout=out)

    assert "nguyên vẹn" in out.getvalue()
    assert f"{len(referenced_names())} tệp minh chứng" in out.getvalue()


def test_backup_leaves_out_what_migrate_rebuilds(demo, tmp_path):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as tar:
        rows = json.load(tar.extractfile("data.json"))
    models = {row["model"] for row in rows}
    assert not {"contenttypes.contenttype", "auth.permission", "sessions.session"} & models
    assert not any(m.startswith("axes.") for m in models)
    assert {"units.user", "criteria.indicatorstatus", "assignments.task", "plans.plan"} <= models
    assert all("pk" not in row for row in rows if row["model"] == "units.user")  # natural keys
    assert "axes" in EXCLUDED


def test_pg_dump_is_added_on_postgresql_or_skipped_with_a_note(demo, tmp_path):
    from django.db import connection

    archive = tmp_path / "ntm.tar.gz"
    err = io.StringIO()

    call_command("backup", str(archive), "--pg-dump", stdout=io.StringIO(), stderr=err)

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    if connection.vendor == "postgresql":
        assert "database.pgdump" in names
        with tarfile.open(archive) as tar:
            assert tar.extractfile("database.pgdump").read(5) == b"PGDMP"
    else:
        assert "database.pgdump" not in names
        assert "bỏ qua pg_dump" in err.getvalue()


def test_backup_refuses_to_overwrite(tmp_path, db):
    archive = tmp_path / "ntm.tar.gz"
    archive.write_bytes(b"old")

    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", str(archive))

    assert archive.read_bytes() == b"old"


# --- orphans and missing files (issue 13) --------------------------------------------------

ORPHAN = "9999/2023/" + "0" * 32 + ".pdf"  # left by an upload whose transaction rolled back


def test_backup_leaves_out_orphaned_files_and_says_how_many(demo, tmp_path):
    storage = demo.file.storage
    storage.save(ORPHAN, ContentFile(b"%PDF-1.4 orphan"))
    archive = tmp_path / "ntm.tar.gz"
    out = io.StringIO()

    call_command("backup", str(archive), stdout=out)

    files = referenced_names()
    assert f"{len(files)} tệp minh chứng" in out.getvalue()
    assert "Bỏ qua 1 tệp mồ côi" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert sorted(e["path"] for e in manifest["evidence"]) == sorted(files)
    assert f"evidence/{ORPHAN}" not in names
    assert storage.exists(ORPHAN)  # the backup only reads


def test_restore_check_fails_when_the_archive_lacks_evidence_files(demo, tmp_path):
    demo.file.storage.delete(demo.file.name)  # lost before the backup
    archive = tmp_path / "ntm.tar.gz"
    err = io.StringIO()
    call_command("backup", str(archive), stdout=io.StringIO(), stderr=err)
    assert "1 minh chứng không có tệp" in err.getvalue() and demo.file.name in err.getvalue()
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="KHÔNG đủ: thiếu 1 tệp minh chứng"):
        call_command("restore", str(archive), "--check", stdout=out, stderr=err)

    assert "nguyên vẹn" not in out.getvalue()
    assert f"thiếu evidence/{demo.file.name}" in err.getvalue()


def test_restore_check_fails_when_a_file_was_taken_out_of_the_archive(demo, tmp_path):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    cut = tmp_path / "thieu.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(cut, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["evidence"] = []  # the file and its checksum both gone
                data = json.dumps(manifest).encode()
                member.size = len(data)
            if not member.name.startswith("evidence/"):
                target.addfile(member, io.BytesIO(data))
    err = io.StringIO()

    expected = f"thiếu {len(referenced_names())} tệp minh chứng"
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(cut), "--check", stdout=io.StringIO(), stderr=err)

    assert demo.file.name in err.getvalue()


def _use_storage(monkeypatch, storage, fields):
    for model, name in fields:
        monkeypatch.setattr(model._meta.get_field(name), "storage", storage)


@pytest.fixture
def memory(monkeypatch, settings):
    """Private files in a storage that is no folder at all, as an S3 bucket would be."""
    storage = InMemoryStorage()
    fields = private_file_fields()  # evidence, scanned decisions, dossier documents
    _use_storage(monkeypatch, storage, fields)
    return storage, fields


def test_backup_and_restore_go_through_the_storage_not_the_evidence_folder(
    memory, demo, tmp_path, settings, monkeypatch
):
    memory, fields = memory
    assert memory.exists(demo.file.name)
    folder = settings.EVIDENCE_ROOT
    for name in referenced_names() - {demo.file.name}:  # the demo's dossier documents
        if not memory.exists(name):  # stored in the folder by a demo kept from before (SQLite)
            memory.save(name, ContentFile((folder / name).read_bytes()))
    in_folder = sorted(folder.rglob("*")) if folder.exists() else []
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    files = referenced_names()
    call_command("flush", interactive=False, verbosity=0)
    empty = InMemoryStorage()  # another server's store
    _use_storage(monkeypatch, empty, fields)

    call_command("restore", str(archive), stdout=io.StringIO())

    assert empty.open(Evidence.objects.get().file.name).read() == PDF
    assert all(empty.exists(name) for name in files)
    # nothing went through the folder
    assert (sorted(folder.rglob("*")) if folder.exists() else []) == in_folder


def test_restore_refuses_an_evidence_storage_that_is_not_empty(demo, tmp_path):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match="không trống"):
        call_command("restore", str(archive))

    assert database_is_empty()
