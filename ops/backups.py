"""One-file backups of the whole application: data and evidence files (`manage.py backup`,
`manage.py restore`).

An archive (.tar.gz) holds:

- `data.json`: every row of the application (`dumpdata --natural-foreign --natural-primary`,
  read in one snapshot), which loads into an empty database on any engine: SQLite ↔
  PostgreSQL, another server, a newer version of the app after `migrate`. Left out: content
  types and permissions (`migrate` makes them), sessions, and django-axes' login attempts.
- `evidence/…`: every evidence file that a row of data.json names, read through the evidence
  storage's API (settings.STORAGES["evidence"]: the EVIDENCE_ROOT folder or an S3 bucket).
  Files no row names (orphans of an upload that did not commit) are left out and counted;
  rows whose file is not in the storage are reported.
- `database.pgdump` (optional, `--pg-dump`, on PostgreSQL where `pg_dump` is installed): the
  same database in pg_dump's own format, for `pg_restore` into the same PostgreSQL version.
- `manifest.json` (written last): when, from what, how many rows of each model, the applied
  migrations, and the size and SHA-256 of every other member.

`verify_archive` (`restore --check`) checks every checksum and that every file the rows of
data.json name is in the archive. `restore_archive` loads an archive into an EMPTY, migrated
database (it refuses one that holds any data) and an empty evidence storage. Every checksum is
verified before anything is written; the rows and the files go in together (a failure leaves
neither).

`evidence_check` (`manage.py check_evidence`) compares the evidence storage with the rows:
files without a row (orphans) and rows without a file (missing).
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from criteria.models import Evidence

FORMAT = 1
DATA = "data.json"
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
EVIDENCE = "evidence"
# Not application data: rebuilt by `migrate`, or short-lived.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    pg_dump: bool = False
    notes: list[str] = field(default_factory=list)
    orphans: int = 0  # files in the storage that no row names: left out of the archive
    missing: list[str] = field(default_factory=list)  # files rows name that are not there


@dataclass
class ArchiveCheck:
    manifest: dict
    missing: list[str] = field(default_factory=list)  # named by rows, not in the archive
    unreferenced: int = 0  # in the archive, named by no row (older backups copied orphans)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _app_models():
    """The models whose rows a backup holds, i.e. everything dumpdata writes."""
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        if meta.proxy or not meta.managed:
            continue
        yield model


def _counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in _app_models()}


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


# --- evidence files, through the storage API -------------------------------------------


def evidence_storage() -> Storage:
    """The storage of Evidence.file (settings.STORAGES["evidence"]): a folder or a bucket."""
    return Evidence._meta.get_field("file").storage


def storage_label(storage: Storage) -> str:
    if isinstance(storage, FileSystemStorage):
        return str(storage.location)
    bucket = getattr(storage, "bucket_name", "")
    return f"{type(storage).__name__} {bucket}".strip()


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage, walked with listdir (no local path), in name order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the evidence folder does not exist yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def private_file_fields() -> list[tuple[type, str]]:
    """(model, field name) of every file field kept in the private storage: evidence, scanned
    decisions, dossier documents – whatever app adds one later is found here too."""
    storage = evidence_storage()
    return [
        (model, f.name)
        for model in _app_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField) and f.storage is storage
    ]


def referenced_names() -> set[str]:
    """The file names the rows hold (read in the caller's transaction)."""
    names: set[str] = set()
    for model, name in private_file_fields():
        rows = model._base_manager.exclude(**{name: ""}).order_by().values_list(name, flat=True)
        names.update(rows.distinct())
    return names


def _rows_naming(names) -> list:
    """The rows that name one of `names`, in name order."""
    found = []
    for model, name in private_file_fields():
        for row in model._base_manager.filter(**{f"{name}__in": names}):
            found.append((getattr(row, name).name, model._meta.label, row.pk, row))
    return [row for *_, row in sorted(found, key=lambda item: item[:3])]


def describe_row(row) -> str:
    """One line for a row whose file is missing: what it is and whose."""
    if isinstance(row, Evidence):
        status = row.status
        return (
            f"{row.file.name} – minh chứng #{row.pk} “{row.original_name}”, {status.assessment.commune}, năm "
            f"{status.assessment.year}, chỉ tiêu {status.indicator.code}"
        )
    return f"{row.file.name} – {row._meta.verbose_name} #{row.pk} “{getattr(row, 'original_name', '')}”"


@dataclass
class EvidenceCheck:
    stored: int = 0
    rows: int = 0
    orphans: list[str] = field(default_factory=list)  # files no row names
    missing: list = field(default_factory=list)  # rows whose file is not stored (describe_row)


def evidence_check() -> EvidenceCheck:
    """Compare the evidence storage with the rows. A file uploaded right now may show as an
    orphan (its row is not committed yet); a missing one is checked again before it counts."""
    storage = evidence_storage()
    referenced = referenced_names()
    stored = set(stored_names(storage))
    missing = {name for name in referenced - stored if not storage.exists(name)}
    return EvidenceCheck(
        stored=len(stored),
        rows=sum(
            model._base_manager.exclude(**{name: ""}).count()
            for model, name in private_file_fields()
        ),
        orphans=sorted(stored - referenced),
        missing=_rows_naming(missing),
    )


def evidence_delete_orphans(names: list[str], *, min_age: timedelta) -> tuple[list[str], list[str]]:
    """Delete the orphans older than `min_age` that still have no row; return (deleted, kept).

    A younger file may belong to an upload whose transaction has not committed yet."""
    storage = evidence_storage()
    cutoff = timezone.now() - min_age
    deleted, kept = [], []
    for name in names:
        try:
            modified = storage.get_modified_time(name)
        except FileNotFoundError:
            continue  # gone already
        except NotImplementedError:
            modified = None
        recent = modified is None or modified > cutoff
        if recent or _rows_naming([name]):
            kept.append(name)
            continue
        storage.delete(name)
        deleted.append(name)
    return deleted, kept


class _Hashing:
    """A reader that hashes what passes through it (one read for the archive and the SHA-256)."""

    def __init__(self, handle):
        self._handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self._handle.read(size)
        self.digest.update(chunk)
        return chunk


def _add_stored(archive: tarfile.TarFile, storage: Storage, name: str) -> dict:
    """Stream one stored file into the archive; return its manifest entry."""
    info = tarfile.TarInfo(f"{EVIDENCE}/{name}")
    info.size = storage.size(name)
    info.mode = 0o600
    try:
        info.mtime = int(storage.get_modified_time(name).timestamp())
    except NotImplementedError:
        info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    with storage.open(name, "rb") as handle:
        reader = _Hashing(handle)
        archive.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


# --- backup ------------------------------------------------------------------------------


def backup_create(target: Path, *, pg_dump: bool = False) -> Summary:
    """Write the archive to `target` (written beside it first, then renamed into place)."""
    target = Path(target)
    summary = Summary()
    storage = evidence_storage()
    with tempfile.TemporaryDirectory(prefix="ntm-backup-") as work:
        work = Path(work)
        data = work / DATA
        with transaction.atomic():
            # One snapshot for every table, while the app keeps running.
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            summary.counts = _counts()
            with data.open("w", encoding="utf-8") as out:
                call_command(
                    "dumpdata",
                    natural_foreign=True,
                    natural_primary=True,
                    exclude=EXCLUDED,
                    stdout=out,
                    verbosity=0,
                )
            referenced = referenced_names()  # the files the rows of data.json name
            migrations = _applied_migrations()
        members = {DATA: {"size": data.stat().st_size, "sha256": _sha256(data)}}
        if pg_dump:
            dumped = _pg_dump(work / PG_DUMP, summary)
            if dumped:
                members[PG_DUMP] = {"size": dumped.stat().st_size, "sha256": _sha256(dumped)}
        stored = set(stored_names(storage))
        summary.orphans = len(stored - referenced)
        missing = set(referenced - stored)
        partial = target.with_name(target.name + ".partial")
        target.parent.mkdir(parents=True, exist_ok=True)
        evidence = []
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(data, arcname=DATA)
            if PG_DUMP in members:
                archive.add(work / PG_DUMP, arcname=PG_DUMP)
            for name in sorted(stored & referenced):
                try:
                    evidence.append(_add_stored(archive, storage, name))
                except FileNotFoundError:  # gone since the listing
                    missing.add(name)
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database_engine": connection.vendor,
                "counts": summary.counts,
                "migrations": migrations,
                "members": members,
                "evidence": evidence,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, target)
    summary.files = len(evidence)
    summary.file_bytes = sum(e["size"] for e in evidence)
    summary.missing = sorted(missing)
    return summary


def _add_bytes(archive: tarfile.TarFile, name: str, text: str) -> None:
    payload = text.encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(payload))


def _pg_dump(target: Path, summary: Summary) -> Path | None:
    """pg_dump -Fc of the default database, when it is PostgreSQL and pg_dump is installed."""
    if connection.vendor != "postgresql":
        summary.notes.append(
            "Không phải PostgreSQL: bỏ qua pg_dump (data.json vẫn đủ để khôi phục)."
        )
        return None
    executable = shutil.which("pg_dump")
    if executable is None:
        summary.notes.append(
            "Không có lệnh pg_dump (gói postgresql-client): bỏ qua bản pg_dump; data.json vẫn "
            "đủ để khôi phục."
        )
        return None
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    completed = subprocess.run(  # noqa: S603 – fixed arguments, no shell
        [executable, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
         db["NAME"]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if completed.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {completed.stderr.strip()}")
    summary.pg_dump = True
    return target


# --- restore -----------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.load(archive.extractfile(member))
    except (KeyError, ValueError, TypeError) as e:
        raise BackupError("Tệp không phải bản sao lưu của ứng dụng (thiếu manifest.json).") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')} không đọc được.")
    return manifest


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Tên tệp không an toàn trong bản sao lưu: {name!r}.")
    return path


def _extract(archive: tarfile.TarFile, name: str, target: Path, expected: dict) -> None:
    """Write one regular member to `target`, checking its size and SHA-256 on the way."""
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupError(f"Bản sao lưu thiếu tệp {name}.") from None
    if not member.isfile():
        raise BackupError(f"{name} trong bản sao lưu không phải một tệp thường.")
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(member)
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if member.size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng (sai mã kiểm tra SHA-256).")


def _names_in_data(data: Path) -> set[str]:
    """The private file names that the rows of a data.json hold."""
    with data.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    fields: dict[str, list[str]] = {}
    for model, name in private_file_fields():
        fields.setdefault(model._meta.label_lower, []).append(name)
    return {
        row["fields"][name]
        for row in rows
        for name in fields.get(row.get("model"), ())
        if row.get("fields", {}).get(name)
    }


def _compare(manifest: dict, referenced: set[str]) -> tuple[list[dict], list[str], int]:
    """(the manifest's evidence entries the rows name, names no entry holds, entries unnamed)."""
    entries = manifest["evidence"]
    wanted = [e for e in entries if e["path"] in referenced]
    missing = sorted(referenced - {e["path"] for e in entries})
    return wanted, missing, len(entries) - len(wanted)


def verify_archive(path: Path) -> ArchiveCheck:
    """Read the whole archive and check every checksum, and that it holds every evidence file
    its rows name."""
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        for name, expected in manifest["members"].items():
            _extract(archive, name, Path(work) / (DATA if name == DATA else "member"), expected)
        for entry in manifest["evidence"]:
            rel = _safe_relative(entry["path"])
            _extract(archive, f"{EVIDENCE}/{rel}", Path(work) / "member", entry)
        _, missing, unreferenced = _compare(manifest, _names_in_data(Path(work) / DATA))
    return ArchiveCheck(manifest=manifest, missing=missing, unreferenced=unreferenced)


# Rows the migrations themselves create (editable defaults): a fresh database holds them, and
# a restore replaces them with the archive's own.
MIGRATION_ROWS = {"dossiers.checklistitem": {"province__isnull": True, "is_default": True}}


def _beyond_migrations(model):
    rows = model._base_manager.all()
    seeded = MIGRATION_ROWS.get(model._meta.label_lower)
    return rows.exclude(**seeded) if seeded else rows


def database_is_empty() -> bool:
    """No row but those the migrations create."""
    return not any(_beyond_migrations(model).exists() for model in _app_models())


def restore_archive(path: Path) -> Summary:
    """Load the archive into this empty database and the empty evidence storage."""
    storage = evidence_storage()
    if not database_is_empty():
        raise BackupError(
            "Cơ sở dữ liệu đã có dữ liệu: chỉ khôi phục vào một cơ sở dữ liệu trống (tạo mới, "
            "chạy `manage.py migrate`, không chạy load_criteria hay seed_demo)."
        )
    if next(stored_names(storage), None) is not None:  # empty folders are fine
        raise BackupError(
            f"Kho minh chứng {storage_label(storage)} không trống: chỉ khôi phục vào kho trống."
        )
    summary = Summary()
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest = read_manifest(archive)
        missing = {tuple(m) for m in manifest["migrations"]} - {
            tuple(m) for m in _applied_migrations()
        }
        if missing:
            names = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
            raise BackupError(
                f"Cơ sở dữ liệu chưa có đủ migration của bản sao lưu ({names}…): cập nhật mã "
                "nguồn và chạy `manage.py migrate` trước."
            )
        # Everything is read and checked before anything is written.
        _extract(archive, DATA, work / DATA, manifest["members"][DATA])
        wanted, summary.missing, unreferenced = _compare(manifest, _names_in_data(work / DATA))
        if unreferenced:
            summary.notes.append(
                f"Bỏ qua {unreferenced} tệp trong bản sao lưu không thuộc minh chứng nào."
            )
        staged = work / EVIDENCE
        for entry in wanted:
            rel = _safe_relative(entry["path"])
            _extract(archive, f"{EVIDENCE}/{rel}", staged / rel, entry)
        placed: list[str] = []
        try:
            with transaction.atomic():
                for label, seeded in MIGRATION_ROWS.items():
                    apps.get_model(label)._base_manager.filter(**seeded).delete()
                call_command("loaddata", str(work / DATA), verbosity=0)
                counts = _counts()
                wrong = {
                    label: (n, counts.get(label))
                    for label, n in manifest["counts"].items()
                    if counts.get(label) != n
                }
                if wrong:
                    raise BackupError(f"Số dòng sau khi nạp không khớp bản sao lưu: {wrong}.")
                for entry in wanted:
                    rel = _safe_relative(entry["path"]).as_posix()
                    with (staged / rel).open("rb") as handle:
                        stored = storage.save(rel, File(handle, name=rel))
                    placed.append(stored)
                    if stored != rel or _stored_sha256(storage, stored) != entry["sha256"]:
                        raise BackupError(f"Chép tệp {rel} không đúng (sai tên hoặc SHA-256).")
        except BaseException:
            for name in placed:
                storage.delete(name)
            raise
    summary.counts = counts
    summary.files = len(wanted)
    summary.file_bytes = sum(e["size"] for e in wanted)
    summary.pg_dump = PG_DUMP in manifest["members"]
    return summary


def _stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
