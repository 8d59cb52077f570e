"""Evidence files and their rows stay together (issue 13): a write that does not commit leaves no
file behind, a full disk is a Vietnamese message, `check_evidence` finds what drifted apart,
and every read and write goes through the "evidence" storage of settings.STORAGES."""

import errno
import gc
import io
import os
import time
import zipfile
from pathlib import Path

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from criteria import services
from criteria.forms import validate_evidence
from criteria.models import Evidence, EvidenceStorage, Framework, IndicatorStatus, StatusChange
from tests.hostile.snapshot import changed_tables, snapshot

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% bien ban nghiem thu ranh thoat nuoc\n"
Status = IndicatorStatus.Status


@pytest.fixture
def catalogue(transactional_db):
    """The national catalogue, which a transactional test before this one may have flushed."""
    if not Framework.objects.exists():
        call_command("load_criteria", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def status_a(assessment_a):
    return IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=assessment_a, indicator__code="17.3")


@pytest.fixture
def memory(monkeypatch):
    """Evidence in a storage that is no folder at all, as an S3 bucket would be."""
    storage = InMemoryStorage()
    monkeypatch.setattr(Evidence._meta.get_field("file"), "storage", storage)
    return storage


def _upload(name="Biên bản nghiệm thu.pdf", content=PDF):
    upload = SimpleUploadedFile(name, content)
    validate_evidence(upload)
    return upload


def _files(settings) -> list[str]:
    root = Path(settings.EVIDENCE_ROOT)
    if not root.exists():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _update(status, actor, upload):
    return services.status_update(
        status=status,
        actor=actor,
        new_status=Status.MET,
        value=None,
        note="Có biên bản nghiệm thu",
        version=status.version,
        upload=upload,
    )


def _terminated() -> OperationalError:
    return OperationalError("terminating connection due to administrator command")


# --- a write that does not commit leaves no file ------------------------------------------


def test_the_row_is_written_before_the_file(status_a, official_a, settings, monkeypatch):
    stored = []
    monkeypatch.setattr(EvidenceStorage, "_save", lambda self, name, content: stored.append(name))

    def refused(self, *args, **kwargs):
        raise _terminated()

    monkeypatch.setattr(Evidence, "save", refused)

    with pytest.raises(OperationalError):
        services.evidence_add(status=status_a, actor=official_a, upload=_upload())

    assert stored == []  # a database that refuses the row gets no file written at all
    assert _files(settings) == []


def test_a_history_write_failing_after_the_file_is_stored_leaves_no_file(
    status_a, official_a, settings, monkeypatch
):
    create = StatusChange.objects.create
    there_when_it_failed = []

    def failing(**fields):
        if fields.get("action") == StatusChange.Action.EVIDENCE_ADDED:
            there_when_it_failed.extend(_files(settings))
            raise _terminated()
        return create(**fields)

    monkeypatch.setattr(StatusChange.objects, "create", failing)

    with pytest.raises(OperationalError):
        _update(status_a, official_a, _upload())

    assert len(there_when_it_failed) == 1
    assert _files(settings) == []
    assert not Evidence.objects.exists()
    status_a.refresh_from_db()
    assert status_a.status == Status.NOT_ASSESSED


def test_a_failure_after_the_upload_in_the_same_transaction_removes_the_file(
    status_a, official_a, settings, monkeypatch
):
    def recount_fails(assessment):
        assert len(_files(settings)) == 1  # stored, not yet committed
        raise _terminated()

    monkeypatch.setattr(services, "assessment_recount", recount_fails)

    with pytest.raises(OperationalError):
        _update(status_a, official_a, _upload())

    assert _files(settings) == []
    assert not Evidence.objects.exists()


def test_an_outer_transaction_rolling_back_later_removes_the_file(status_a, official_a, settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        evidence = services.evidence_add(status=status_a, actor=official_a, upload=_upload())
        assert _files(settings) == [evidence.file.name]
        raise RuntimeError("a later step of the same request fails")

    assert _files(settings) == []
    assert not Evidence.objects.exists()


def test_committed_evidence_keeps_its_file(catalogue, status_a, official_a, settings):
    alone = services.evidence_add(status=status_a, actor=official_a, upload=_upload())
    with transaction.atomic():
        nested = services.evidence_add(status=status_a, actor=official_a, upload=_upload())
    _update(status_a, official_a, _upload())  # status_update's own transaction
    gc.collect()

    names = sorted(Evidence.objects.values_list("file", flat=True))
    assert len(names) == 3 and {alone.file.name, nested.file.name} < set(names)
    assert _files(settings) == names
    assert all(Evidence.objects.get(file=n).file.open("rb").read() == PDF for n in names)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL: a backend can be terminated"
)
def test_a_connection_terminated_before_the_commit_leaves_no_file(
    catalogue, status_a, official_a, settings
):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()

    with pytest.raises(OperationalError), transaction.atomic():
        _update(status_a, official_a, _upload())
        assert len(_files(settings)) == 1
        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        time.sleep(0.2)  # the COMMIT at the end of the block then fails

    assert _files(settings) == []
    assert not Evidence.objects.exists()  # a new connection


# --- a full disk ----------------------------------------------------------------------------


def _disk_fills_up(self, name, content):
    """What FileSystemStorage leaves when the disk fills up half way: part of the file."""
    path = Path(self.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF[:10])
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_a_clear_message_and_nothing_is_recorded(
    client_a, status_a, settings, monkeypatch
):
    monkeypatch.setattr(EvidenceStorage, "_save", _disk_fills_up)
    before = snapshot()

    response = client_a.post(
        reverse("criteria:status-edit", args=[status_a.pk]),
        {
            "status": "dat",
            "note": "Có biên bản nghiệm thu",
            "version": status_a.version,
            "evidence": SimpleUploadedFile("bien-ban.pdf", PDF),
        },
    )

    assert response.status_code == 200
    assert (
        "Không lưu được tệp minh chứng: ổ lưu trữ của máy chủ đã đầy" in response.content.decode()
    )
    assert [t for t in changed_tables(before, snapshot()) if t != "files"] == []
    assert _files(settings) == []  # the partial file is gone (empty folders may stay)


def test_another_storage_error_is_a_message_too(status_a, official_a, settings, monkeypatch):
    def broken(self, name, content):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(EvidenceStorage, "_save", broken)

    with pytest.raises(ValidationError, match="lỗi ổ lưu trữ trên máy chủ"):
        services.evidence_add(status=status_a, actor=official_a, upload=_upload())

    assert not Evidence.objects.exists() and _files(settings) == []


# --- check_evidence -------------------------------------------------------------------------


def _orphan(storage, name, *, age_minutes=0):
    storage.save(name, ContentFile(PDF))
    if age_minutes:
        then = time.time() - age_minutes * 60
        os.utime(storage.path(name), (then, then))
    return name


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_evidence", *args, stdout=out, stderr=err)
    except CommandError as e:
        return out.getvalue(), err.getvalue(), e
    return out.getvalue(), err.getvalue(), None


def test_check_evidence_lists_orphans_and_rows_without_a_file(status_a, official_a):
    kept = services.evidence_add(status=status_a, actor=official_a, upload=_upload())
    gone = services.evidence_add(status=status_a, actor=official_a, upload=_upload("mat.pdf"))
    storage = kept.file.storage
    storage.delete(gone.file.name)
    orphan = _orphan(storage, f"{status_a.assessment.commune_id}/2023/{'0' * 32}.pdf")

    out, err, error = _run()

    assert "2 tệp; 2 dòng minh chứng" in out
    assert f"mồ côi: {orphan}" in out and "Xóa tệp mồ côi: thêm --delete-orphans" in out
    assert f"thiếu: {gone.file.name} – minh chứng #{gone.pk} “mat.pdf”" in err
    assert kept.file.name not in err
    assert (
        error is not None
        and "1 tệp đính kèm (minh chứng, quyết định, hồ sơ) không còn tệp" in str(error)
    )
    assert storage.exists(orphan)  # listing deletes nothing


def test_delete_orphans_removes_old_orphans_and_keeps_recent_ones(status_a, official_a):
    evidence = services.evidence_add(status=status_a, actor=official_a, upload=_upload())
    storage = evidence.file.storage
    old = _orphan(storage, f"1/2023/{'a' * 32}.pdf", age_minutes=120)
    recent = _orphan(storage, f"1/2023/{'b' * 32}.pdf")

    out, _, error = _run("--delete-orphans")

    assert error is None
    assert "Đã xóa 1 tệp mồ côi" in out and "Giữ lại 1 tệp mới hơn 60 phút" in out
    assert not storage.exists(old) and storage.exists(recent)
    assert storage.exists(evidence.file.name)

    out, _, _ = _run("--delete-orphans", "--min-age", "0")

    assert not storage.exists(recent) and storage.exists(evidence.file.name)


def test_check_evidence_says_so_when_everything_matches(status_a, official_a):
    services.evidence_add(status=status_a, actor=official_a, upload=_upload())

    out, err, error = _run()

    assert error is None and err == ""
    assert "1 tệp; 1 dòng minh chứng" in out and "Kho minh chứng khớp với dữ liệu." in out


# --- the storage API, never a local path ----------------------------------------------------


def test_evidence_is_stored_through_the_evidence_alias_of_storages(settings):
    assert settings.STORAGES["evidence"] == {"BACKEND": "criteria.models.storage.EvidenceStorage"}
    field_storage = Evidence._meta.get_field("file").storage
    assert isinstance(field_storage, EvidenceStorage)
    assert isinstance(storages["evidence"], EvidenceStorage)
    assert Path(field_storage.path("x.pdf")) == Path(settings.EVIDENCE_ROOT) / "x.pdf"


def test_upload_download_export_and_check_use_the_storage_not_the_folder(
    memory, client_a, status_a, commune_a, settings, tmp_path
):
    response = client_a.post(
        reverse("criteria:status-edit", args=[status_a.pk]),
        {
            "status": "dat",
            "note": "Có biên bản",
            "version": status_a.version,
            "evidence": SimpleUploadedFile("bien-ban.pdf", PDF),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert memory.open(evidence.file.name).read() == PDF

    download = client_a.get(evidence.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    call_command("export_unit", commune_a.code, str(tmp_path / "xa.zip"), stdout=io.StringIO())
    with zipfile.ZipFile(tmp_path / "xa.zip") as archive:
        [name] = [n for n in archive.namelist() if n.startswith("evidence/")]
        assert archive.read(name) == PDF

    out, _, error = _run()
    assert error is None and "1 tệp; 1 dòng minh chứng" in out

    assert not Path(settings.EVIDENCE_ROOT).exists()  # nothing went through the folder
