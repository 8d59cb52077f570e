"""One-file backups of the whole application: data and evidence files (`manage.py backup`,
`manage.py restore`).

An archive (.tar.gz) holds:

- `data.json`: every row of the application (`dumpdata --natural-foreign --natural-primary`,
  read in one snapshot), which loads into an empty database on any engine: SQLite ↔
  PostgreSQL, another server, a newer version of the app after `migrate`. Left out: content
  types and permissions (`migrate` makes them), sessions, and django-axes' login attempts.
- `evidence/…`: every file under EVIDENCE_ROOT, as it lies there.
- `database.pgdump` (optional, `--pg-dump`, on PostgreSQL where `pg_dump` is installed): the
  same database in pg_dump's own format, for `pg_restore` into the same PostgreSQL version.
- `manifest.json`: when, from what, how many rows of each model, the applied migrations, and
  the size and SHA-256 of every other member.

`restore_archive` loads an archive into an EMPTY, migrated database (it refuses one that holds
any data) and an empty evidence folder. Every checksum is verified before anything is written;
the rows and the files go in together (a failure leaves neither).
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
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

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


# --- backup ------------------------------------------------------------------------------


def backup_create(target: Path, *, pg_dump: bool = False) -> Summary:
    """Write the archive to `target` (written beside it first, then renamed into place)."""
    target = Path(target)
    summary = Summary()
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
            migrations = _applied_migrations()
        members = {DATA: {"size": data.stat().st_size, "sha256": _sha256(data)}}
        if pg_dump:
            dumped = _pg_dump(work / PG_DUMP, summary)
            if dumped:
                members[PG_DUMP] = {"size": dumped.stat().st_size, "sha256": _sha256(dumped)}
        evidence = _evidence_files()
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database_engine": connection.vendor,
            "counts": summary.counts,
            "migrations": migrations,
            "members": members,
            "evidence": [
                {"path": rel, "size": path.stat().st_size, "sha256": _sha256(path)}
                for rel, path in evidence
            ],
        }
        summary.files = len(evidence)
        summary.file_bytes = sum(e["size"] for e in manifest["evidence"])
        partial = target.with_name(target.name + ".partial")
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            archive.add(data, arcname=DATA)
            if PG_DUMP in members:
                archive.add(work / PG_DUMP, arcname=PG_DUMP)
            for rel, path in evidence:
                archive.add(path, arcname=f"{EVIDENCE}/{rel}")
        os.replace(partial, target)
    return summary


def _add_bytes(archive: tarfile.TarFile, name: str, text: str) -> None:
    payload = text.encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(payload))


def _evidence_files() -> list[tuple[str, Path]]:
    root = Path(settings.EVIDENCE_ROOT)
    if not root.is_dir():
        return []
    return sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


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


def verify_archive(path: Path) -> dict:
    """Read the whole archive and check every checksum; return its manifest."""
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        for name, expected in manifest["members"].items():
            _extract(archive, name, Path(work) / "member", expected)
        for entry in manifest["evidence"]:
            rel = _safe_relative(entry["path"])
            _extract(archive, f"{EVIDENCE}/{rel}", Path(work) / "member", entry)
    return manifest


def database_is_empty() -> bool:
    return not any(model._base_manager.exists() for model in _app_models())


def restore_archive(path: Path) -> Summary:
    """Load the archive into this empty database and the empty evidence folder."""
    root = Path(settings.EVIDENCE_ROOT)
    if not database_is_empty():
        raise BackupError(
            "Cơ sở dữ liệu đã có dữ liệu: chỉ khôi phục vào một cơ sở dữ liệu trống (tạo mới, "
            "chạy `manage.py migrate`, không chạy load_criteria hay seed_demo)."
        )
    if root.exists() and any(not p.is_dir() for p in root.rglob("*")):  # empty folders are fine
        raise BackupError(
            f"Thư mục minh chứng {root} không trống: chỉ khôi phục vào thư mục trống."
        )
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
        staged = work / EVIDENCE
        for entry in manifest["evidence"]:
            rel = _safe_relative(entry["path"])
            _extract(archive, f"{EVIDENCE}/{rel}", staged / rel, entry)
        placed: list[Path] = []
        try:
            with transaction.atomic():
                call_command("loaddata", str(work / DATA), verbosity=0)
                counts = _counts()
                wrong = {
                    label: (n, counts.get(label))
                    for label, n in manifest["counts"].items()
                    if counts.get(label) != n
                }
                if wrong:
                    raise BackupError(f"Số dòng sau khi nạp không khớp bản sao lưu: {wrong}.")
                for entry in manifest["evidence"]:
                    rel = _safe_relative(entry["path"])
                    target = root.joinpath(*rel.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(staged / rel, target)
                    placed.append(target)
                    if _sha256(target) != entry["sha256"]:
                        raise BackupError(f"Chép tệp {rel} không đúng (sai SHA-256).")
        except BaseException:
            for target in placed:
                target.unlink(missing_ok=True)
            raise
    return Summary(
        counts=counts,
        files=len(manifest["evidence"]),
        file_bytes=sum(e["size"] for e in manifest["evidence"]),
        pg_dump=PG_DUMP in manifest["members"],
    )
