"""Writes of the dashboards app: Excel imports, from a checked file to the rows, recorded as an
ImportRun. All or nothing: the file is checked as a whole first (dashboards.importing.check),
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
                                  └─ (no heartbeat for models.STALE_AFTER: "bị gián đoạn",
                                      the process stopped; nothing written)
            import_run_retry ─── RUNNING   attempt n+1: its owner starts the interrupted run
                                           again from the kept file

Each start takes the next `attempt`; the worker records the outcome only while the run is still
RUNNING in its own attempt, in the same transaction as its writes, so a worker thought dead that
wakes up after a retry rolls back instead of importing the file a second time. Statuses are
written against the versions of the check (not the current ones), so a row someone changed
since the preview is refused, never overwritten. The file's bytes are dropped once the run is
finished.

Issue 14 moves the worker onto a task queue; the states stay.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from criteria import workbook
from criteria.models import Assessment, IndicatorStatus, StatusChange
from criteria.services import assessment_open, recounts_deferred, status_update
from plans.services import target_set
from units.models import Unit, User

from . import background, importing
from .importing import S_INDICATOR, S_NOTE, S_STATUS, S_VALUE, Check, status_key
from .models import STALE_AFTER, ImportRun

logger = logging.getLogger(__name__)
State = ImportRun.State
Kind = ImportRun.Kind
# Files with more rows than this are imported by a background thread (see background.py).
SYNC_ROWS_DEFAULT = 2000


def sync_rows() -> int:
    return getattr(settings, "DASHBOARDS_IMPORT_SYNC_ROWS", SYNC_ROWS_DEFAULT)


class RowFailed(Exception):
    """A service refused a row while writing: everything is rolled back."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def of(cls, row: int, error: ValidationError | str, column: str = "", columns=None):
        if isinstance(error, str):
            items = [(column, error)]
        elif hasattr(error, "error_dict"):
            items = [
                ((columns or {}).get(name, column), message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        else:
            items = [(column, message) for message in error.messages]
        return cls([{"row": row, "column": c, "message": m} for c, m in items])


class Superseded(Exception):
    """The run is no longer this worker's (retried as interrupted, or finished): its writes
    are rolled back."""


Progress = Callable[[int, int], None] | None


# --- the run --------------------------------------------------------------------------------


def _summary(kind: str, check: Check, opened: int = 0, *, done: bool) -> str:
    verb = "Đã nhập" if done else "Sẽ nhập"
    what = {
        Kind.STATUSES: "chỉ tiêu",
        Kind.UNITS: "đơn vị",
        Kind.TARGETS: "chỉ tiêu năm",
        Kind.FRAMEWORK: "mục của bộ tiêu chí (tiêu chí, chỉ tiêu, vùng/nhóm…)",
        Kind.COMMUNE_GROUPS: "nhóm xã",
        Kind.MAPPING: "dòng chuyển đổi",
    }[kind]
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
    if kind not in importing.kinds_for(user):
        raise PermissionDenied("Bạn không được nhập loại dữ liệu này.")
    result = importing.check(kind, user, content)
    opening = len(_years_to_open(result)) if kind == Kind.STATUSES and result.ok else 0
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
    """Start importing a checked run; True when it goes on in the background."""
    if run.user_id != actor.pk:
        raise PermissionDenied("Chỉ người tải tệp lên được xác nhận nhập.")
    now = timezone.now()
    started = ImportRun.objects.filter(pk=run.pk, state=State.CHECKED).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now, attempt=F("attempt") + 1
    )
    if not started:
        raise ValidationError("Tệp này đã được nhập hoặc đang được nhập.")
    return _launch(run)


def import_run_retry(*, run: ImportRun, actor: User) -> bool:
    """Start an interrupted run again (its worker stopped with its process, having written
    nothing): the kept file is checked again and imported. True when it goes on in the
    background. Refused while the run still shows signs of life."""
    if run.user_id != actor.pk:
        raise PermissionDenied("Chỉ người tải tệp lên được nhập lại.")
    now = timezone.now()
    cutoff = now - STALE_AFTER
    claimed = not background.is_alive(run.pk) and ImportRun.objects.filter(
        pk=run.pk, state=State.RUNNING
    ).filter(
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    ).update(started_at=now, heartbeat_at=now, attempt=F("attempt") + 1)
    if not claimed:
        raise ValidationError("Lần nhập này không bị gián đoạn: không nhập lại được.")
    return _launch(run)


def _launch(run: ImportRun) -> bool:
    """Run the attempt just claimed: here, or in a background thread for a large file."""
    run.state, run.started_at, run.heartbeat_at, run.attempt = (
        ImportRun.objects.filter(pk=run.pk)
        .values_list("state", "started_at", "heartbeat_at", "attempt")
        .get()
    )
    if run.rows > sync_rows():
        background.start(run.pk, run.attempt)
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
    with background.heartbeat(run.pk, attempt):
        try:
            return _apply(run, attempt, progress)
        except Superseded:
            logger.warning("Excel import %s: attempt %s superseded, rolled back", run.pk, attempt)
            run.refresh_from_db()
            return run


def _apply(run: ImportRun, attempt: int, progress: Progress) -> ImportRun:
    try:
        result = importing.check(run.kind, run.user, bytes(run.content))
        if not result.ok:
            return _finish(
                run,
                attempt,
                State.REFUSED,
                errors=result.errors,
                summary=f"Dữ liệu đã thay đổi từ lúc kiểm tra: tệp nay có {len(result.errors)} "
                "lỗi, không nhập dòng nào.",
            )
        extra = {"versions": run.versions} if run.kind == Kind.STATUSES else {}
        with transaction.atomic():
            opened = WRITERS[run.kind](
                result, actor=run.user, file_name=run.file_name, progress=progress, **extra
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


# --- writers: one per kind of rows, each inside the run's transaction -----------------------


def _years_to_open(result: Check) -> dict[tuple[int, int], tuple]:
    return {
        (w.commune.pk, w.year): (w.commune, w.framework, w.year)
        for w in result.plan
        if w.opens_year
    }


def statuses_import(
    result: Check,
    *,
    actor: User,
    file_name: str,
    versions: dict[str, int],
    progress: Progress = None,
) -> int:
    """Record each changed status with status_update (history, version check and the verified
    lock as on the pages), year by year: a year the file names but the commune has not opened
    is opened first (criteria.services.assessment_open copies forward the year before, as the
    file left it). Each row is written against the version the check read (`versions`, the
    run's), so a row changed by someone since the preview is refused with who changed it.
    Returns the number of years opened."""
    started = timezone.now()
    to_open = _years_to_open(result)
    by_year: dict[int, list] = {}
    for w in result.plan:
        by_year.setdefault(w.year, []).append(w)
    touched: set[int] = set()
    done = 0
    with recounts_deferred():  # each year's summary once, at the end, in this transaction
        for year in sorted(by_year):
            for commune, framework, y in to_open.values():
                if y == year:
                    assessment_open(commune=commune, framework=framework, year=year, actor=actor)
            rows = by_year[year]
            statuses = _statuses_of(rows)
            touched |= {s.assessment_id for s in statuses.values()}
            for w in rows:
                status = statuses.get((w.commune.pk, w.indicator.pk))
                if status is None:
                    raise RowFailed.of(
                        w.row,
                        f"Năm {w.year} của {w.commune} không có chỉ tiêu {w.indicator.code}.",
                        S_INDICATOR,
                    )
                checked = versions.get(status_key(w.commune.pk, w.year, w.indicator.pk))
                if checked is None:  # a run checked before versions were kept
                    raise RowFailed.of(
                        w.row, "Dòng này chưa được kiểm tra: hãy tải tệp lên lại.", S_INDICATOR
                    )
                try:
                    status_update(
                        status=status,
                        actor=actor,
                        new_status=w.status or None,
                        value=w.value,
                        note=w.note,
                        version=checked,
                    )
                except ValidationError as e:
                    raise RowFailed.of(w.row, e, columns=COLUMNS) from None
                done += 1
                if progress is not None:
                    progress(done, len(result.plan))
    # The history rows these updates wrote say where they came from.
    StatusChange.objects.filter(
        status__assessment_id__in=list(touched),
        actor=actor,
        action=StatusChange.Action.UPDATE,
        at__gte=started,
        detail="",
    ).update(detail=f"Nhập từ Excel: {file_name}"[:255])
    return len(to_open)


COLUMNS = {"status": S_STATUS, "value": S_VALUE, "note": S_NOTE}


def _statuses_of(rows) -> dict[tuple[int, int], IndicatorStatus]:
    """The statuses the rows of one year change, keyed by (commune, indicator), each sharing
    its year's assessment object, so a year reopened by one row is seen by the next. Two
    queries."""
    year = rows[0].year
    wanted = {w.commune.pk: w.framework.pk for w in rows}
    assessments = {
        a.pk: a
        for a in Assessment.objects.filter(commune_id__in=list(wanted), year=year).select_related(
            "commune__province", "commune__parent", "framework"
        )
        if wanted.get(a.commune_id) == a.framework_id
    }
    statuses = {}
    for s in IndicatorStatus.objects.filter(assessment_id__in=list(assessments)).select_related(
        "indicator"
    ):
        s.assessment = assessments[s.assessment_id]
        statuses[(s.assessment.commune_id, s.indicator_id)] = s
    return statuses


def units_import(result: Check, *, actor: User, file_name: str, progress: Progress = None) -> int:
    """Create or update units, parents first (provinces, districts, communes, villages)."""
    plan = sorted(result.plan, key=lambda w: (w.depth, w.row))
    codes = {w.code for w in plan} | {w.parent_code for w in plan if w.parent_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes).select_related("province")}
    for done, w in enumerate(plan, start=1):
        parent = units.get(w.parent_code) if w.parent_code else None
        if w.parent_code and parent is None:
            raise RowFailed.of(w.row, f"Không có đơn vị mã “{w.parent_code}”.", importing.U_PARENT)
        province = None
        if parent is not None:
            province = parent if parent.kind == Unit.Kind.PROVINCE else parent.province
        unit = units.get(w.code) or Unit(code=w.code)
        moved = unit.pk is not None and unit.province_id != (province.pk if province else None)
        for name, value in w.fields.items():
            setattr(unit, name, value)
        unit.parent, unit.province = parent, province
        unit.save()
        units[w.code] = unit
        if moved:  # the units below follow their new province
            Unit.objects.filter(Q(parent=unit) | Q(parent__parent=unit)).update(province=province)
        if progress is not None:
            progress(done, len(plan))
    return 0


def targets_import(result: Check, *, actor: User, file_name: str, progress: Progress = None) -> int:
    for done, w in enumerate(result.plan, start=1):
        try:
            target_set(
                unit=w.unit,
                year=w.year,
                actor=actor,
                level=w.level,
                criteria=w.criteria,
                target_count=w.target_count,
                deadline_text=w.deadline_text,
                note=w.note,
            )
        except ValidationError as e:
            raise RowFailed.of(w.row, e, importing.T_CRITERIA) from None
        if progress is not None:
            progress(done, len(result.plan))
    return 0


def framework_import(
    result: Check, *, actor: User, file_name: str, progress: Progress = None
) -> int:
    """A criteria set's workbook: written through criteria.authoring (criteria.workbook)."""
    try:
        workbook.framework_apply(result.plan, actor=actor, file_name=file_name)
    except workbook.WriteRefused as e:
        raise RowFailed(e.errors) from None
    return 0


def commune_groups_import(
    result: Check, *, actor: User, file_name: str, progress: Progress = None
) -> int:
    """Commune groups: criteria.transition.unit_category_set, row by row."""
    try:
        workbook.commune_groups_apply(result.plan, actor=actor, progress=progress)
    except workbook.WriteRefused as e:
        raise RowFailed(e.errors) from None
    return 0


def mapping_import(result: Check, *, actor: User, file_name: str, progress: Progress = None) -> int:
    """Mappings between sets: criteria.transition.mapping_set, one call per pair of sets."""
    try:
        workbook.mapping_apply(result.plan, actor=actor)
    except workbook.WriteRefused as e:
        raise RowFailed(e.errors) from None
    return 0


WRITERS = {
    Kind.STATUSES: statuses_import,
    Kind.UNITS: units_import,
    Kind.TARGETS: targets_import,
    Kind.FRAMEWORK: framework_import,
    Kind.COMMUNE_GROUPS: commune_groups_import,
    Kind.MAPPING: mapping_import,
}
