"""Spreadsheet imports, from a checked file to the rows, recorded as an ImportRun. All or
nothing: the file is checked as a whole first (imports.registry.check),
checked again when the import starts (the data may have moved since the preview), and written
in one transaction through the services of the rows' own app. One refused row rolls back
every row; the run then lists it with its row number and column.

A run's states (ImportRun.State), and who moves it:

    upload ─ import_run_check ─┬─ REFUSED   the file has errors (or nothing to import: DONE)
                               └─ CHECKED   preview shown; the file's bytes and, for statuses,
                                  │         the version of every row read (ImportRun.versions)
            import_run_start ─────┤         are kept
                                  RUNNING   attempt n, heartbeat_at beaten by the worker
                                  ├─ DONE      written, in one transaction
                                  ├─ REFUSED   the re-check found errors: nothing written
                                  ├─ FAILED    a row refused while writing (e.g. changed by
                                  │            someone since the preview): nothing written
                                  └─ (no heartbeat for IMPORTS_STALE_SECONDS: "bị gián đoạn",
                                      the process stopped; nothing written)
            import_run_retry ─── RUNNING   attempt n+1: its owner starts the interrupted run
                                           again from the kept file

Each start takes the next `attempt`; the worker records the outcome only while the run is still
RUNNING in its own attempt, in the same transaction as its writes, so a worker thought dead that
wakes up after a retry rolls back instead of importing the file a second time. Statuses are
written against the versions of the check (not the current ones), so a row someone changed
since the preview is refused, never overwritten. The file's bytes are dropped once the run is
finished.

A file of more than settings.IMPORTS_SYNC_ROWS rows is applied by the task queue
(imports.tasks.apply_run, run by `manage.py db_worker`), anything smaller in the request. The
worker beats the run's heartbeat from a thread of its own while it writes (`heartbeat`): its
writes sit in its transaction, invisible to the other processes until it commits, so the beat
goes through another connection, and carries how far the worker is (progress_done/_total).
A worker killed half way leaves nothing written and its run stops beating: after
IMPORTS_STALE_SECONDS the page says "bị gián đoạn" and its owner retries (a new task).
"""

import contextlib
import logging
import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from common.importing import Check, Progress, RowFailed
from criteria.resources import years_to_open
from units.access import import_kinds
from units.models import User

from . import registry
from .models import ImportRun, heartbeat_every, stale_after

logger = logging.getLogger(__name__)
State = ImportRun.State
Kind = ImportRun.Kind
# Files with more rows than this are queued (settings.IMPORTS_SYNC_ROWS).
SYNC_ROWS_DEFAULT = 2000

__all__ = ["Progress", "RowFailed"]


def sync_rows() -> int:
    return getattr(settings, "IMPORTS_SYNC_ROWS", SYNC_ROWS_DEFAULT)


class Superseded(Exception):
    """The run is no longer this worker's (retried as interrupted, or finished): its writes
    are rolled back."""


# --- the run --------------------------------------------------------------------------------


def _summary(kind: str, check: Check, opened: int = 0, *, done: bool) -> str:
    verb = "Đã nhập" if done else "Sẽ nhập"
    what = registry.kind(kind).what
    text = (
        f"{verb} {check.rows} dòng: thêm {check.created} {what}, sửa {check.changed}, "
        f"{check.unchanged} dòng không đổi"
    )
    if opened:
        text += f"; mở {opened} năm đánh giá"
    return text + "."


@transaction.atomic
def import_run_check(*, user: User, kind: str, file_name: str, content: bytes) -> ImportRun:
    """Check an uploaded file (nothing is written) and record the run, ready to confirm or
    refused with every bad row."""
    if kind not in import_kinds(user):
        raise PermissionDenied("Bạn không được nhập loại dữ liệu này.")
    result = registry.check(kind, user, content)
    opening = len(years_to_open(result)) if kind == Kind.STATUSES and result.ok else 0
    nothing = result.ok and not result.plan and not opening
    return ImportRun.objects.create(
        user=user,
        kind=kind,
        file_name=file_name[-255:],
        file_size=len(content),
        content=content if result.ok and not nothing else b"",
        state=State.CHECKED
        if result.ok and not nothing
        else (State.DONE if nothing else State.REFUSED),
        rows=result.rows,
        created=result.created,
        changed=result.changed,
        unchanged=result.unchanged,
        errors=result.errors,
        preview=result.preview,
        versions=result.versions if result.ok and not nothing else {},
        summary=(
            "Tệp không thay đổi gì so với dữ liệu hiện có: không có gì để nhập."
            if nothing
            else _summary(kind, result, opening, done=False)
            if result.ok
            else f"Tệp có {len(result.errors)} lỗi: không nhập dòng nào."
        ),
        finished_at=timezone.now() if nothing or not result.ok else None,
    )


def import_run_start(*, run: ImportRun, actor: User) -> bool:
    """Start importing a checked run; True when it is queued (a large file)."""
    if run.user_id != actor.pk:
        raise PermissionDenied("Chỉ người tải tệp lên được xác nhận nhập.")
    _may_still(run, actor)
    now = timezone.now()
    started = ImportRun.objects.filter(pk=run.pk, state=State.CHECKED).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now, attempt=F("attempt") + 1
    )
    if not started:
        raise ValidationError("Tệp này đã được nhập hoặc đang được nhập.")
    return _launch(run)


def import_run_retry(*, run: ImportRun, actor: User) -> bool:
    """Start an interrupted run again (its worker stopped with its process, having written
    nothing): the kept file is checked again and imported. True when it is queued. Refused
    while the run still shows signs of life."""
    if run.user_id != actor.pk:
        raise PermissionDenied("Chỉ người tải tệp lên được nhập lại.")
    _may_still(run, actor)
    now = timezone.now()
    cutoff = now - stale_after()
    claimed = (
        ImportRun.objects.filter(pk=run.pk, state=State.RUNNING)
        .filter(
            Q(heartbeat_at__lt=cutoff)
            | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
            | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
        )
        .update(started_at=now, heartbeat_at=now, attempt=F("attempt") + 1)
    )
    if not claimed:
        raise ValidationError("Lần nhập này không bị gián đoạn: không nhập lại được.")
    return _launch(run)


NO_LONGER = "Bạn không còn quyền nhập loại dữ liệu này: không nhập dòng nào."


def _may_still(run: ImportRun, actor: User) -> None:
    """A checked run is applied by one who may still import its kind (the rows of some kinds –
    officials, units, reorganisations – ask nothing more of the user)."""
    if run.kind not in import_kinds(actor):
        raise PermissionDenied(NO_LONGER)


def _launch(run: ImportRun) -> bool:
    """Run the attempt just claimed: here, or on the task queue for a large file (queued once
    the claim is committed, so the worker sees it)."""
    run.state, run.started_at, run.heartbeat_at, run.attempt = (
        ImportRun.objects.filter(pk=run.pk)
        .values_list("state", "started_at", "heartbeat_at", "attempt")
        .get()
    )
    if run.rows > sync_rows():
        from .tasks import apply_run

        # With the database queue the task row is written in the caller's transaction, so a
        # worker never sees it before the claim above is committed.
        apply_run.enqueue(run.pk, run.attempt)
        return True
    import_run_apply(run.pk, attempt=run.attempt)
    return False


def import_run_apply(
    run_id: int, progress: Progress = None, attempt: int | None = None
) -> ImportRun:
    """Check the stored file again and write it in one transaction; record the outcome, if the
    run is still RUNNING in this attempt (default: its current one)."""
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    attempt = run.attempt if attempt is None else attempt
    with heartbeat(run.pk, attempt) as beating:
        if progress is not None:
            beating.also(progress)
        progress = beating
        try:
            return _apply(run, attempt, progress)
        except Superseded:
            logger.warning("Excel import %s: attempt %s superseded, rolled back", run.pk, attempt)
            run.refresh_from_db()
            return run


def _apply(run: ImportRun, attempt: int, progress: Progress) -> ImportRun:
    try:
        if run.kind not in import_kinds(run.user):  # lost meanwhile (a queued run)
            return _finish(run, attempt, State.REFUSED, summary=NO_LONGER)
        result = registry.check(run.kind, run.user, bytes(run.content))
        if not result.ok:
            return _finish(
                run,
                attempt,
                State.REFUSED,
                errors=result.errors,
                summary=f"Dữ liệu đã thay đổi từ lúc kiểm tra: tệp nay có {len(result.errors)} "
                "lỗi, không nhập dòng nào.",
            )
        with transaction.atomic():
            opened = registry.kind(run.kind).apply(
                result,
                actor=run.user,
                file_name=run.file_name,
                progress=progress,
                versions=run.versions,
            )
            return _finish(  # in the transaction: a superseded attempt rolls back its writes
                run,
                attempt,
                State.DONE,
                counts=result,
                summary=_summary(run.kind, result, opened, done=True),
            )
    except Superseded:
        raise
    except RowFailed as e:
        return _finish(
            run,
            attempt,
            State.FAILED,
            errors=e.errors,
            summary="Một dòng bị từ chối khi ghi: không dòng nào được nhập.",
        )
    except Exception:
        logger.exception("Excel import %s failed", run.pk)
        return _finish(
            run,
            attempt,
            State.FAILED,
            errors=[
                {
                    "row": "",
                    "column": "",
                    "message": "Lỗi hệ thống khi ghi dữ liệu; không dòng nào được nhập. "
                    "Báo quản trị viên kèm tên tệp.",
                }
            ],
            summary="Lỗi hệ thống: không dòng nào được nhập.",
        )


def _finish(
    run: ImportRun, attempt: int, state: str, *, summary: str, errors=None, counts=None
) -> ImportRun:
    """Record the outcome of this attempt; Superseded when the run is no longer it."""
    fields = {
        "state": state,
        "summary": summary[:500],
        "finished_at": timezone.now(),
        "content": b"",  # the file is not kept once the run is over
    }
    if errors is not None:
        fields["errors"] = errors
    if counts is not None:
        fields.update(
            rows=counts.rows,
            created=counts.created,
            changed=counts.changed,
            unchanged=counts.unchanged,
        )
    recorded = ImportRun.objects.filter(pk=run.pk, state=State.RUNNING, attempt=attempt).update(
        **fields
    )
    if not recorded:
        raise Superseded(run.pk)
    for name, value in fields.items():
        setattr(run, name, value)
    return run


# --- the worker's sign of life --------------------------------------------------------------


def beat(run_id: int, attempt: int, done: int | None = None, total: int | None = None) -> bool:
    """Record that the run's worker (of this attempt) is alive, and how far it is; False once
    the run is not running in this attempt."""
    fields = {"heartbeat_at": timezone.now()}
    if done is not None:
        fields.update(progress_done=done, progress_total=total or 0)
    return bool(
        ImportRun.objects.filter(pk=run_id, state=State.RUNNING, attempt=attempt).update(**fields)
    )


class _Beat:
    """The progress the writer reports (from its own thread), beaten by the heartbeat thread."""

    def __init__(self):
        self.done: int | None = None
        self.total: int | None = None
        self._also: Progress = None

    def also(self, progress: Progress) -> None:
        self._also = progress

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self._also is not None:
            self._also(done, total)


def _beating(run_id: int, attempt: int, stop: threading.Event, state: _Beat) -> None:
    try:
        while not stop.wait(heartbeat_every().total_seconds()):
            try:
                if not beat(run_id, attempt, state.done, state.total):
                    return
            except Exception:  # a missed beat only makes the run look older
                logger.warning("Excel import %s: heartbeat not recorded", run_id, exc_info=True)
    finally:
        connections.close_all()  # this thread's own connection


@contextlib.contextmanager
def heartbeat(run_id: int, attempt: int):
    """Beat the run's heartbeat from a thread of its own (its own connection) while the block
    runs; the block's progress callable (yielded) is beaten with it."""
    state = _Beat()
    stop = threading.Event()
    thread = threading.Thread(
        target=_beating,
        args=(run_id, attempt, stop, state),
        name=f"ntm-beat-{run_id}",
        daemon=True,
    )
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=10)
