"""Creating the country (`country_create`, `_years`, `_analyze`) and removing it
(`country_delete`)."""

import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction

from assignments.models import FundingLine, ReminderLog, ResponsibleParty, Task, TaskChange
from criteria.models import (
    Assessment,
    AssessmentEvent,
    CriterionResult,
    Evidence,
    IndicatorStatus,
    StatusChange,
)
from plans.models import Plan, Target
from units.models import ReorganisationStep, Role, RoleChange, Unit, UnitPlacement, User

from .assessments import _assessments, _evidence_file, _evidence_path
from .catalogue import _catalogue
from .options import (
    LABELS,
    REFORM_DAY,
    Options,
    Report,
    synthetic_reorganisations,
    synthetic_units,
    synthetic_users,
)
from .sink import Sink
from .units import _people, _people_after, _reform, _units
from .work import _targets, _tasks

# --- the country ---------------------------------------------------------------------------


def country_create(options: Options, out: Callable[[str], None] = lambda _: None) -> Report:
    """Create the country described by `options` in one transaction."""
    if synthetic_units().exists() or synthetic_users().exists():
        raise ValidationError(
            "Đã có dữ liệu giả lập trong cơ sở dữ liệu này: chạy `synth_country --delete` trước."
        )
    start = time.perf_counter()
    report = Report()
    catalogue = _catalogue(options.years)
    reform = options.shape.reform
    years = [y for y in options.years if y < REFORM_DAY.year] if reform else options.years
    with transaction.atomic():
        sink = Sink()
        communes, offices = _units(options, catalogue, report)
        out(f"Đơn vị: {report.counts['units']} ({time.perf_counter() - start:.0f} s)")
        people = _people(options, communes, offices, report)
        _evidence_file()
        part = replace(options, years=years)
        _years(part, catalogue, communes, offices, people, sink, report, out, start, options)
        if reform:
            communes, offices = _reform(options, catalogue, communes, report)
            out(
                f"Sắp xếp 01/07/2025: {report.counts['new communes']} xã mới, "
                f"{report.seconds_reform:.0f} s ({time.perf_counter() - start:.0f} s)"
            )
            people = _people_after(options, communes, offices, people, report)
            part = replace(options, years=[y for y in options.years if y >= REFORM_DAY.year])
            _years(part, catalogue, communes, offices, people, sink, report, out, start, options)
        if connection.vendor == "postgresql":
            _analyze()
            out(f"ANALYZE ({time.perf_counter() - start:.0f} s)")
    report.seconds = time.perf_counter() - start
    return report


def _years(part: Options, catalogue, communes, offices, people, sink, report, out, start, whole):
    """The years of `part` for the communes: results (in rounds), tasks and targets. `whole`:
    the run's options (the last of its years is the one still open)."""
    if not part.years:
        return
    unmet: dict[int, list[int]] = {}  # commune -> criteria not met the year before the last
    for i in range(0, len(communes), part.batch):
        chunk = communes[i : i + part.batch]
        _assessments(part, catalogue, chunk, people, sink, report, unmet, whole.years[-1])
        done = min(i + part.batch, len(communes))
        if done == len(communes) or done // part.batch % 10 == 0:
            out(
                f"Kết quả: {done}/{len(communes)} xã, {report.counts['statuses']} chỉ tiêu "
                f"({time.perf_counter() - start:.0f} s)"
            )
    _tasks(part, catalogue, communes, offices, people, report, unmet)
    out(f"Nhiệm vụ: {report.counts['tasks']} ({time.perf_counter() - start:.0f} s)")
    _targets(part, catalogue, communes, people, report, unmet)
    out(f"Chỉ tiêu năm: {report.counts['targets']} ({time.perf_counter() - start:.0f} s)")


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled (autovacuum would get there)."""
    tables = [
        m._meta.db_table
        for m in (
            Unit,
            User,
            Role,
            Assessment,
            IndicatorStatus,
            StatusChange,
            CriterionResult,
            AssessmentEvent,
            Evidence,
            Task,
            ResponsibleParty,
            FundingLine,
            Target,
            UnitPlacement,
            ReorganisationStep,
        )
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# --- removing it ---------------------------------------------------------------------------


def _delete_rows(queryset: models.QuerySet) -> int:
    """DELETE … WHERE pk IN (the queryset): one statement, no row loaded into Python. Only for
    the large tables, after the rows pointing at them are gone (no signals are connected to
    these models)."""
    model = queryset.model
    quote = connection.ops.quote_name
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    statement = f"DELETE FROM {table} WHERE {pk} IN ({sql})"  # noqa: S608 – names from _meta, values bound
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def country_delete(out: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Remove every synthetic unit, everything under them and the synthetic accounts, in one
    transaction. Real units are never touched: a real unit still placed under a synthetic one
    stops the deletion (ProtectedError) and nothing is removed."""
    units = synthetic_units()
    communes = units.filter(kind=Unit.Kind.COMMUNE)
    counts: dict[str, int] = {}
    with transaction.atomic():
        assessments = Assessment.objects.filter(commune__in=communes)
        statuses = IndicatorStatus.objects.filter(assessment__in=assessments)
        tasks = Task.objects.filter(unit__in=units)
        big: Iterable[tuple[str, models.QuerySet]] = [
            ("history", StatusChange.objects.filter(status__in=statuses)),
            ("evidence", Evidence.objects.filter(status__in=statuses)),
            ("statuses", statuses),
            ("criterion results", CriterionResult.objects.filter(assessment__in=assessments)),
            ("workflow events", AssessmentEvent.objects.filter(assessment__in=assessments)),
            ("assessments", assessments),
            ("funding lines", FundingLine.objects.filter(task__in=tasks)),
            ("parties", ResponsibleParty.objects.filter(task__in=tasks)),
            ("task history", TaskChange.objects.filter(task__in=tasks)),
            ("reminders", ReminderLog.objects.filter(task__in=tasks)),
            ("tasks", tasks),
        ]
        for name, queryset in big:
            counts[name] = _delete_rows(queryset)
            out(f"Đã xóa {counts[name]} {LABELS[name]}")
        # the rest through the ORM, which cascades and refuses to break a real row's link
        Plan.objects.filter(unit__in=units).delete()
        counts["targets"] = Target.objects.filter(unit__in=units).delete()[0]
        users = synthetic_users()
        RoleChange.objects.filter(user__in=users).delete()
        RoleChange.objects.filter(unit__in=units).delete()
        from imports.models import ImportRun

        ImportRun.objects.filter(user__in=users).delete()
        Role.objects.filter(unit__in=units).delete()
        # the reform shape's reorganisation: its record protects the units it names
        reorganisations = synthetic_reorganisations()
        counts["placements"] = UnitPlacement.objects.filter(ended_by__in=reorganisations).delete()[
            0
        ]
        counts["reorganisation steps"] = ReorganisationStep.objects.filter(
            reorganisation__in=reorganisations
        ).delete()[0]
        counts["reorganisations"] = reorganisations.delete()[0]
        counts["users"] = users.delete()[1].get(User._meta.label, 0)
        counts["units"] = 0
        for kind in (Unit.Kind.VILLAGE, Unit.Kind.COMMUNE, Unit.Kind.DISTRICT, Unit.Kind.PROVINCE):
            counts["units"] += units.filter(kind=kind).delete()[1].get(Unit._meta.label, 0)
        out(f"Đã xóa {counts['units']} đơn vị, {counts['users']} tài khoản")
    path = _evidence_path()
    if path.exists():
        path.unlink()
    return counts
