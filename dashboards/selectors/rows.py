"""One row per commune (the matrix of a dashboard) in a fixed number of queries, and their
sorting."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, QuerySet

from assignments.models import Task
from assignments.selectors import (
    TaskFilters,
    filter_tasks,
)
from common.text import fold
from criteria.models import (
    Assessment,
    Criterion,
    CriterionResult,
    Framework,
)
from plans.models import Target
from units.models import Unit

from .presentation import Cell, CommuneRow, TargetView
from .scope import MET, NOT_MET


def _overdue_by_unit(unit_ids, today: date) -> dict[int, int]:
    """Open tasks past their deadline, per unit (assignments app); one query. `unit_ids`: a
    list or a queryset of ids."""
    tasks = filter_tasks(
        Task.objects.filter(unit_id__in=unit_ids), TaskFilters(overdue=True), today
    )
    return dict(
        tasks.order_by().values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )


def _targets(unit_ids, framework: Framework, year: int, criteria: dict) -> dict:
    """The year's targets of these units (a list or a queryset of ids) on this framework:
    unit id -> (level, count, criteria); two queries."""
    rows = Target.objects.filter(year=year, unit_id__in=unit_ids).filter(
        Q(framework=framework) | Q(framework__isnull=True)
    )
    targets = {
        pk: (unit_id, level, count, [])
        for pk, unit_id, level, count in rows.values_list("pk", "unit_id", "level", "target_count")
    }
    links = Target.criteria.through.objects.filter(target_id__in=list(targets)).values_list(
        "target_id", "criterion_id"
    )
    for target_id, criterion_id in links if targets else ():
        if criterion_id in criteria:
            targets[target_id][3].append(criteria[criterion_id])
    return {unit_id: (level, count, chosen) for unit_id, level, count, chosen in targets.values()}


def commune_rows(
    communes: list[Unit],
    framework: Framework,
    year: int,
    *,
    verified: bool,
    today: date,
    criteria: list[Criterion] | None = None,
    source: QuerySet[Unit] | None = None,
) -> tuple[list[CommuneRow], list[Criterion]]:
    """One row per commune: the year's cells, count, basis, target, added and lost criteria and
    overdue tasks. Six queries, whatever the number of communes.

    `source`, the queryset `communes` were fetched from, lets the queries select by it (a
    subquery) instead of by a list of hundreds of ids, which the ORM and the driver handle one
    parameter at a time (a fifth of a 560-commune page)."""
    if criteria is None:
        criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    by_id = {c.pk: c for c in criteria}
    # ids and numbers read once (Model.pk and Model.__eq__ cost a call each: 10 000 cells)
    position = {c.pk: i for i, c in enumerate(criteria)}
    keys = [(c.pk, c.number, c) for c in criteria]
    ids = [c.pk for c in communes] if source is None else source.order_by().values("pk")
    current, previous = {}, {}
    for pk, cid, y, met, total, vmet, state, *indicators in (
        Assessment.objects.filter(
            framework=framework, year__in=(year, year - 1), commune_id__in=ids
        )
        .order_by()
        .values_list(
            "pk",
            "commune_id",
            "year",
            "met_count",
            "criteria_count",
            "verified_met_count",
            "state",
            "indicator_met_count",
            "indicator_count",
            "verified_indicator_met_count",
        )
    ):
        (current if y == year else previous)[cid] = (pk, met, total, vmet, state, *indicators)
    # by (commune, year), from the results' own copy of them: no list of assessment ids
    results: dict[tuple[int, int], dict[int, tuple[str, str]]] = defaultdict(dict)
    for cid, y, crit, value, verified_value in (
        CriterionResult.objects.filter(
            framework=framework, year__in=(year, year - 1), commune_id__in=ids
        )
        .order_by()
        .values_list("commune_id", "year", "criterion_id", "status", "verified_status")
    ):
        results[cid, y][crit] = (value, verified_value)
    targets = _targets(ids, framework, year, by_id)
    overdue = _overdue_by_unit(ids, today)
    level_labels = dict(Target.Level.choices)
    pick = 1 if verified else 0
    empty = ("", "")
    rows = []
    for commune in communes:
        cur, prev = current.get(commune.pk), previous.get(commune.pk)
        cur_res = results.get((commune.pk, year), {}) if cur else {}
        prev_res = results.get((commune.pk, year - 1), {}) if prev else {}
        prev_known = prev is not None and (not verified or prev[3] is not None)
        cells, added, lost = [], [] if prev_known else None, []
        for cid, number, criterion in keys:
            value, verified_value = cur_res.get(cid, empty)
            shown = verified_value if verified else value
            same = bool(verified_value) and verified_value == value
            cells.append(
                Cell(
                    number,
                    shown,
                    bool(verified_value) if verified else same,
                    not verified and bool(verified_value) and not same,
                )
            )
            if prev_known:
                before = prev_res.get(cid, empty)[pick]
                if shown == MET and before and before != MET:
                    added.append(criterion)
                elif shown == NOT_MET and before == MET:
                    lost.append(criterion)
        indicator_met, indicator_total = None, 0
        if cur is None:
            met, basis, state, total = None, "", "", len(criteria)
        else:
            _, self_met, total, vmet, state, indicator_self, indicator_total, indicator_v = cur
            total = total or len(criteria)
            if verified:
                met, basis = vmet, ("verified" if vmet is not None else "unverified")
                indicator_met = indicator_v
            else:
                met, indicator_met = self_met, indicator_self
                if vmet is None:
                    basis = "self"
                else:
                    basis = "verified" if all(c.solid for c in cells) else "changed"
        target = None
        if commune.pk in targets:
            level, count, chosen = targets[commune.pk]
            chosen.sort(key=lambda c: c.number)
            met_now = [c for c in chosen if cells[position[c.pk]].status == MET]
            target = TargetView(level, level_labels.get(level, level), chosen, met_now, count)
        rows.append(
            CommuneRow(
                commune=commune,
                cells=cells,
                met=met,
                total=total,
                basis=basis,
                state=state,
                target=target,
                # nothing to compare without this year's result (verified, when asked for)
                added=added if met is not None else None,
                lost=lost,
                overdue=overdue.get(commune.pk, 0),
                indicator_met=indicator_met,
                indicator_total=indicator_total,
            )
        )
    return rows, criteria


# --- sorting -------------------------------------------------------------------------------

SORTS = {
    "ten": "Tên xã",
    "huyen": "Trực thuộc",
    "muc": "Mức phấn đấu",
    "dat": "Số tiêu chí đạt",
    "muc-tieu": "Chỉ tiêu năm",
    "them": "Đạt thêm",
    "rot": "Rớt chuẩn",
    "qua-han": "Việc quá hạn",
}
_LEVEL_ORDER = {v: i for i, v in enumerate(Unit.LevelGoal.values)}


def _sort_value(row: CommuneRow, key: str):
    if key == "ten":
        return row.commune.search_name
    if key == "huyen":
        return fold(str(row.commune.parent or ""))
    if key == "muc":
        return _LEVEL_ORDER.get(row.commune.level_goal, 9)
    if key == "dat":
        return row.met
    if key == "muc-tieu":
        return len(row.target.criteria) if row.target else None
    if key == "them":
        return None if row.added is None else len(row.added)
    if key == "rot":
        return len(row.lost)
    if key == "qua-han":
        return row.overdue
    raise ValueError(key)


def sort_rows(rows: list[CommuneRow], sort: str) -> list[CommuneRow]:
    """By a column, ascending, or descending with a leading "-"; empty values always last,
    ties by name."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "ten", False
    rows = sorted(rows, key=lambda r: r.commune.search_name)
    present = [r for r in rows if _sort_value(r, key) is not None]
    missing = [r for r in rows if _sort_value(r, key) is None]
    present.sort(key=lambda r: _sort_value(r, key), reverse=descending)
    return present + missing
