"""Reads for the progress dashboards: who may open which, and every figure they show.

Each dashboard is built in a fixed number of queries whatever the number of communes (pinned
in tests/dashboards/test_queries.py): the per-criterion figures come from the maintained
`criteria.CriterionResult` rows and the counts from `Assessment.met_count`, never from
judging indicators again.

How the figures are defined (the same at every level):
- **đạt X/N**: the year's `met_count` (with "đã thẩm tra" only: `verified_met_count`) of the
  commune's assessment on the chosen framework; "—" without one.
- **bình quân**: the criteria met, summed over the communes with a result that year, divided
  by the number of those communes ("bình quân 17,9 tiêu chí/xã").
- **hoàn thành thêm**: criteria met this year that were not met the year before, counted for
  communes with a result the year before; compared with the sum of the criteria that the
  year's targets (`plans.Target`) register ("hoàn thành thêm 21 tiêu chí").
- **rớt chuẩn**: a criterion met the year before and "chưa đạt" this year.
- **NTM nâng cao / kiểu mẫu**: communes whose level goal (`Unit.level_goal`) is that level and
  which meet all N criteria.
- **chưa đạt nhiều nhất**: criteria ordered by the number of communes where they are "chưa đạt".
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode

from assignments.models import Task
from assignments.selectors import (
    TaskFilters,
    commune_tasks,
    filter_tasks,
    funding_by_source,
    funding_lines_of,
)
from common.numbers import number_vi
from common.text import fold
from criteria.models import (
    Assessment,
    Criterion,
    CriterionResult,
    Framework,
    FrameworkMapping,
    IndicatorStatus,
)
from criteria.selectors import commune_year
from plans.models import Target
from units.access import (
    get_commune_for_user,
    roles_of,  # the user's roles, fetched once per request and shared with units.access
)
from units.models import Role, Unit, User

from . import charts

Status = IndicatorStatus.Status
MET, NOT_MET, NOT_ASSESSED = Status.MET, Status.NOT_MET, Status.NOT_ASSESSED
COMMUNE, DISTRICT, PROVINCE = Unit.Kind.COMMUNE, Unit.Kind.DISTRICT, Unit.Kind.PROVINCE
OFFICE_ROLES = {Role.Kind.SUPERVISOR, Role.Kind.PROVINCE_OFFICE}
COMMUNE_ROLES = {Role.Kind.COMMUNE_OFFICIAL, Role.Kind.COMMUNE_LEADER}
SYMBOLS = {MET: "✔", NOT_MET: "✘", NOT_ASSESSED: "○", "": "–"}
PRINT_SYMBOLS = {MET: "√", NOT_MET: "×", NOT_ASSESSED: "○", "": "–"}
NOT_FOUND = "Không tìm thấy bảng tổng hợp của đơn vị này hoặc bạn không có quyền xem."
MOST_UNMET = 5  # criteria listed under "chưa đạt nhiều nhất"
LOST_LISTED = 50  # communes named under "rớt chuẩn" (all of them are flagged in the matrix)


# --- who may open which dashboard ----------------------------------------------------------


def _office_unit_ids(user: User) -> set[int]:
    return {r.unit_id for r in roles_of(user) if r.kind in OFFICE_ROLES}


def can_open_unit_dashboard(user: User, unit: Unit) -> bool:
    """A district's (or a province's) dashboard: the supervising or province office at that
    unit or at the unit above it, and administrators. Commune staff open their commune's."""
    if not user.is_authenticated or not user.is_active or unit.kind not in (DISTRICT, PROVINCE):
        return False
    if user.is_superuser:
        return True
    return bool({unit.pk, unit.parent_id, unit.province_id} & _office_unit_ids(user))


def can_open_province_dashboard(user: User, unit: Unit) -> bool:
    if not user.is_authenticated or not user.is_active or unit.kind != PROVINCE:
        return False
    return user.is_superuser or unit.pk in _office_unit_ids(user)


def get_unit_for_dashboard(user: User, pk: int) -> Unit:
    unit = Unit.objects.select_related("parent", "province").filter(pk=pk).first()
    if unit is None or not can_open_unit_dashboard(user, unit):
        raise Http404(NOT_FOUND)
    return unit


def get_province_for_dashboard(user: User, pk: int) -> Unit:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not can_open_province_dashboard(user, unit):
        raise Http404(NOT_FOUND)
    return unit


def get_commune_for_dashboard(user: User, pk: int) -> Unit:
    """A commune's dashboard: whoever may read the commune."""
    return get_commune_for_user(user, pk)


@dataclass
class DashboardLink:
    url: str
    label: str
    level: str


def dashboards_for(user: User) -> list[DashboardLink]:
    """The dashboards the user may open, from their roles (administrators: every province)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        units = Unit.objects.filter(kind=PROVINCE, valid_to__isnull=True)
    else:
        ids = {r.unit_id for r in roles_of(user) if r.kind in OFFICE_ROLES | COMMUNE_ROLES}
        units = Unit.objects.filter(pk__in=ids)
    depth = {kind: i for i, kind in enumerate(Unit.Kind.values)}
    links = []
    for unit in sorted(units, key=lambda u: (depth[u.kind], u.name)):
        if unit.kind == PROVINCE:
            url = reverse("dashboards:province", args=[unit.pk])
        elif unit.kind == DISTRICT:
            url = reverse("dashboards:unit", args=[unit.pk])
        elif unit.kind == COMMUNE:
            url = reverse("dashboards:commune", args=[unit.pk])
        else:
            continue
        links.append(DashboardLink(url, str(unit), unit.get_kind_display()))
    return links


# --- filters and defaults ------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    framework: Framework | None = None
    year: int | None = None
    verified: bool = False
    level: str = ""
    region: str = ""
    q: str = ""
    sort: str = "ten"


def communes_below(unit: Unit) -> QuerySet[Unit]:
    """Every commune under a district, or under a province (through its districts or not:
    every unit below a province keeps `province`)."""
    if unit.kind == PROVINCE:
        return Unit.objects.filter(kind=COMMUNE, province=unit)
    return Unit.objects.filter(kind=COMMUNE, parent=unit)


def _in_year(communes: QuerySet[Unit], year: int) -> QuerySet[Unit]:
    """Communes that existed during the year (a commune merged in 2025 still counts for 2024)."""
    return communes.filter(Q(valid_to__isnull=True) | Q(valid_to__year__gte=year)).filter(
        Q(valid_from__isnull=True) | Q(valid_from__year__lte=year)
    )


def _narrowed(communes: QuerySet[Unit], f: Filters) -> QuerySet[Unit]:
    if f.level:
        communes = communes.filter(level_goal=f.level)
    if f.region:
        communes = communes.filter(region=f.region)
    for word in fold(f.q).split():
        communes = communes.filter(search_name__contains=word)
    return communes


@dataclass
class Scope:
    framework: Framework | None
    year: int
    years: list[int]


def resolve_scope(communes: QuerySet[Unit], f: Filters, today: date) -> Scope:
    """The framework (asked for, else the one most of these communes use) and the year (asked
    for, else the latest with results); two queries."""
    framework = f.framework
    if framework is None:
        top = (
            communes.exclude(framework=None)
            .order_by()
            .values("framework")
            .annotate(n=Count("pk"))
            .order_by("-n", "framework")
            .values_list("framework", flat=True)[:1]
        )
        framework = Framework.objects.filter(pk__in=top).first()
    if framework is None:
        return Scope(None, f.year or today.year, [])
    years = sorted(
        set(
            Assessment.objects.filter(framework=framework, commune__in=communes.order_by())
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        )
    )
    year = f.year or (years[-1] if years else today.year)
    return Scope(framework, year, sorted(set(years) | {year}))


# --- one row per commune -------------------------------------------------------------------


class Cell:
    """One commune × criterion cell of the matrix: a mark, a shape and a word.

    The shape says where the result comes from: "tt" (thẩm tra) filled, the verified result;
    "tdg" (tự đánh giá) outlined, self-assessed and not (or no longer) as verified.
    """

    __slots__ = ("number", "status", "solid", "changed")

    def __init__(self, number: int, status: str, solid: bool, changed: bool):
        self.number, self.status, self.solid, self.changed = number, status, solid, changed

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def print_symbol(self) -> str:
        """The same marks from the print font (Liberation Serif has no ✔ ✘)."""
        return PRINT_SYMBOLS[self.status]

    @property
    def css(self) -> str:
        if not self.status:
            return "c c-none"
        return f"c c-{self.status} {'tt' if self.solid else 'tdg'}"

    @property
    def word(self) -> str:
        """What a screen reader says, the column header giving the criterion."""
        if not self.status:
            return "chưa có kết quả"
        text = Status(self.status).label.lower()
        return f"{text}, sửa sau thẩm tra" if self.changed else text

    @property
    def sheet_text(self) -> str:
        """For the Excel sheet: "Đạt", "Chưa đạt (tự đánh giá)" …"""
        if not self.status:
            return ""
        return Status(self.status).label + ("" if self.solid else " (tự đánh giá)")


@dataclass
class TargetView:
    level: str
    level_label: str
    criteria: list[Criterion]
    met: list[Criterion]
    target_count: int | None

    @property
    def numbers(self) -> str:
        return ", ".join(str(c.number) for c in self.criteria)

    @property
    def progress(self) -> str:
        return f"{len(self.met)}/{len(self.criteria)}" if self.criteria else ""


BASIS_LABELS = {
    "verified": "Đã thẩm tra",
    "changed": "Sửa sau thẩm tra",
    "self": "Tự đánh giá",
    "unverified": "Chưa thẩm tra",
    "": "Chưa có kết quả",
}


@dataclass
class CommuneRow:
    commune: Unit
    cells: list[Cell]
    met: int | None
    total: int
    basis: str
    state: str
    target: TargetView | None
    added: list[Criterion] | None  # None: nothing to compare with last year
    lost: list[Criterion]
    overdue: int = 0

    @property
    def headline(self) -> str:
        return "—" if self.met is None else f"{self.met}/{self.total}"

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]

    @property
    def state_label(self) -> str:
        return Assessment.State(self.state).label if self.state else ""

    @property
    def added_numbers(self) -> str:
        return ", ".join(str(c.number) for c in self.added or [])

    @property
    def lost_numbers(self) -> str:
        return ", ".join(str(c.number) for c in self.lost)

    @property
    def complete(self) -> bool:
        return self.met is not None and self.total > 0 and self.met == self.total


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
    for pk, cid, y, met, total, vmet, state in (
        Assessment.objects.filter(
            framework=framework, year__in=(year, year - 1), commune_id__in=ids
        )
        .order_by()
        .values_list(
            "pk", "commune_id", "year", "met_count", "criteria_count", "verified_met_count", "state"
        )
    ):
        (current if y == year else previous)[cid] = (pk, met, total, vmet, state)
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
        if cur is None:
            met, basis, state, total = None, "", "", len(criteria)
        else:
            _, self_met, total, vmet, state = cur
            total = total or len(criteria)
            if verified:
                met, basis = vmet, ("verified" if vmet is not None else "unverified")
            else:
                met = self_met
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
            )
        )
    return rows, criteria


# --- headline figures ----------------------------------------------------------------------


@dataclass
class UnmetCriterion:
    criterion: Criterion
    not_met: int
    not_assessed: int
    communes: list[str] = field(default_factory=list)


@dataclass
class Headline:
    total: int  # N, the framework's criteria
    communes: int
    assessed: int
    complete: int
    met_sum: int
    added: int
    compared: int  # communes with a result the year before
    target_added: int
    target_met: int
    goal_sum: int  # criteria the communes with a result aim to meet by the end of the year
    nang_cao: int
    nang_cao_goal: int
    kieu_mau: int
    kieu_mau_goal: int
    overdue: int
    distribution: dict[int, int]
    unmet: list[UnmetCriterion]
    lost: list[tuple[Unit, Criterion]]

    @property
    def average(self) -> Decimal | None:
        if not self.assessed:
            return None
        return (Decimal(self.met_sum) / self.assessed).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def average_text(self) -> str:
        return "—" if self.average is None else number_vi(self.average, 1)

    @property
    def not_assessed(self) -> int:
        return self.communes - self.assessed

    @property
    def target_average_text(self) -> str:
        """The average the year's targets aim at: each commune's end-of-year count where the
        target gives one, else its count plus the registered criteria not met yet."""
        if not self.assessed:
            return "—"
        average = (Decimal(self.goal_sum) / self.assessed).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return number_vi(average, 1)

    @property
    def lost_by_commune(self) -> list[tuple[Unit, list[Criterion]]]:
        grouped: dict[int, tuple[Unit, list[Criterion]]] = {}
        for commune, criterion in self.lost:
            grouped.setdefault(commune.pk, (commune, []))[1].append(criterion)
        return list(grouped.values())

    @property
    def lost_listed(self) -> list[tuple[Unit, list[Criterion]]]:
        return self.lost_by_commune[:LOST_LISTED]

    @property
    def lost_more(self) -> int:
        return max(len(self.lost_by_commune) - LOST_LISTED, 0)


def _goal(row: CommuneRow) -> int:
    if row.target is None:
        return row.met
    if row.target.target_count:
        return max(row.target.target_count, row.met)
    return row.met + len(row.target.criteria) - len(row.target.met)


def headline(rows: list[CommuneRow], criteria: list[Criterion], *, top: int = MOST_UNMET):
    """The figures above a matrix, from its rows (no query)."""
    total = len(criteria)
    assessed = [r for r in rows if r.met is not None]
    not_met, not_assessed = Counter(), Counter()
    names = defaultdict(list)
    for r in rows:
        if r.basis in ("", "unverified"):
            continue
        for criterion, cell in zip(criteria, r.cells, strict=True):
            if cell.status == NOT_MET:
                not_met[criterion.pk] += 1
                names[criterion.pk].append(r.commune.name)
            elif cell.status == NOT_ASSESSED:
                not_assessed[criterion.pk] += 1
    unmet = [
        UnmetCriterion(c, not_met[c.pk], not_assessed[c.pk], names[c.pk])
        for c in criteria
        if not_met[c.pk] or not_assessed[c.pk]
    ]
    unmet.sort(key=lambda u: (-u.not_met, -u.not_assessed, u.criterion.number))
    goal = Counter(r.commune.level_goal for r in rows)
    reached = Counter(r.commune.level_goal for r in rows if r.complete)
    return Headline(
        total=total,
        communes=len(rows),
        assessed=len(assessed),
        complete=sum(r.complete for r in rows),
        met_sum=sum(r.met for r in assessed),
        added=sum(len(r.added) for r in rows if r.added),
        compared=sum(r.added is not None for r in rows),
        target_added=sum(len(r.target.criteria) for r in rows if r.target),
        target_met=sum(len(r.target.met) for r in rows if r.target),
        goal_sum=sum(_goal(r) for r in assessed),
        nang_cao=reached[Unit.LevelGoal.NANG_CAO],
        nang_cao_goal=goal[Unit.LevelGoal.NANG_CAO],
        kieu_mau=reached[Unit.LevelGoal.KIEU_MAU],
        kieu_mau_goal=goal[Unit.LevelGoal.KIEU_MAU],
        overdue=sum(r.overdue for r in rows),
        distribution=dict(Counter(r.met for r in assessed)),
        unmet=unmet[:top],
        lost=[(r.commune, c) for r in rows for c in r.lost],
    )


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


# --- the district (or any supervising unit) dashboard --------------------------------------


class _Charts:
    """The distribution and funding charts of a dashboard with a `headline`, a `funding` list
    and a `chart_key` that makes the charts' element ids unique on the page."""

    @cached_property
    def distribution_svg(self):
        if self.headline is None:
            return ""
        return charts.distribution_chart(
            chart_id=f"phan-bo-{self.chart_key}",
            counts=self.headline.distribution,
            total=self.headline.total,
        )

    @cached_property
    def funding_svg(self):
        if not self.funding:
            return ""
        return charts.funding_chart(
            chart_id=f"kinh-phi-{self.chart_key}",
            rows=[(t.label, t.planned, t.disbursed) for t in self.funding],
        )

    @property
    def distribution_rows(self) -> list[tuple[int, int]]:
        if self.headline is None:
            return []
        return sorted(self.headline.distribution.items(), reverse=True)


@dataclass
class UnitDashboard(_Charts):
    unit: Unit
    framework: Framework | None
    year: int
    years: list[int]
    verified: bool
    criteria: list[Criterion]
    rows: list[CommuneRow]
    headline: Headline | None
    funding: list  # assignments.selectors.Total per source, this year's tasks
    show_parent: bool
    filtered: bool

    @property
    def chart_key(self) -> str:
        return str(self.unit.pk)


def _funding_by_source(unit_ids: list[int], year: int) -> list:
    """This year's funding of the units' own tasks, by source; one query."""
    tasks = Task.objects.filter(unit_id__in=unit_ids, plan_year=year)
    return funding_by_source(funding_lines_of(tasks))


def unit_dashboard(unit: Unit, f: Filters, today: date) -> UnitDashboard:
    """Every commune below the unit × the framework's criteria, with the headline figures."""
    everything = communes_below(unit)
    scope = resolve_scope(everything, f, today)
    communes_qs = _narrowed(_in_year(everything, scope.year), f)
    show_parent = unit.kind == PROVINCE
    if scope.framework is None:
        return UnitDashboard(
            unit, None, scope.year, scope.years, f.verified, [], [], None, [], show_parent, False
        )
    communes = list(communes_qs.select_related("parent").order_by("name", "pk"))
    rows, criteria = commune_rows(
        communes, scope.framework, scope.year, verified=f.verified, today=today, source=communes_qs
    )
    # the unit's own tasks and its communes' (already fetched): a list of ids, which the
    # planner estimates right, where "pk = … OR pk IN (subquery)" made it scan every task and
    # funding line of the country (6 ms for a 30-commune district, growing with the country)
    funding_units = [unit.pk, *(c.pk for c in communes)]
    return UnitDashboard(
        unit=unit,
        framework=scope.framework,
        year=scope.year,
        years=scope.years,
        verified=f.verified,
        criteria=criteria,
        rows=sort_rows(rows, f.sort),
        headline=headline(rows, criteria),
        funding=_funding_by_source(funding_units, scope.year),
        show_parent=show_parent,
        filtered=bool(f.level or f.region or f.q),
    )


# --- the province dashboard (by district) --------------------------------------------------


@dataclass
class AreaRow:
    unit: Unit | None  # a district; None for the communes directly under the province
    label: str
    url: str
    headline: Headline


@dataclass
class ProvinceDashboard(_Charts):
    province: Unit
    framework: Framework | None
    year: int
    years: list[int]
    verified: bool
    criteria: list[Criterion]
    areas: list[AreaRow]
    headline: Headline | None
    funding: list
    filtered: bool

    @property
    def chart_key(self) -> str:
        return f"tinh-{self.province.pk}"


def has_districts(province: Unit) -> bool:
    return Unit.objects.filter(kind=DISTRICT, parent=province).exists()


def province_dashboard(province: Unit, f: Filters, today: date) -> ProvinceDashboard:
    """One row per district (aggregates of its communes), with a link down to each."""
    everything = communes_below(province)
    scope = resolve_scope(everything, f, today)
    communes_qs = _narrowed(_in_year(everything, scope.year), f)
    if scope.framework is None:
        return ProvinceDashboard(
            province, None, scope.year, scope.years, f.verified, [], [], None, [], False
        )
    # no parent objects: the rows are grouped by parent_id, and no row is shown
    communes = list(communes_qs.order_by("name", "pk"))
    rows, criteria = commune_rows(
        communes, scope.framework, scope.year, verified=f.verified, today=today, source=communes_qs
    )
    districts = list(
        _in_year(Unit.objects.filter(kind=DISTRICT, parent=province), scope.year).order_by("name")
    )
    by_parent = defaultdict(list)
    for r in rows:
        by_parent[r.commune.parent_id].append(r)
    query = _query(f, scope)
    areas = [
        AreaRow(
            d,
            str(d),
            reverse("dashboards:unit", args=[d.pk]) + query,
            headline(by_parent.get(d.pk, []), criteria),
        )
        for d in districts
    ]
    if by_parent.get(province.pk):
        areas.append(
            AreaRow(
                None,
                "Các xã trực thuộc tỉnh",
                reverse("dashboards:unit", args=[province.pk]) + query,
                headline(by_parent[province.pk], criteria),
            )
        )
    funding_units = [province.pk] + [d.pk for d in districts] + [c.pk for c in communes]
    return ProvinceDashboard(
        province=province,
        framework=scope.framework,
        year=scope.year,
        years=scope.years,
        verified=f.verified,
        criteria=criteria,
        areas=areas,
        headline=headline(rows, criteria),
        funding=_funding_by_source(funding_units, scope.year),
        filtered=bool(f.level or f.region or f.q),
    )


def _query(f: Filters, scope: Scope) -> str:
    """The same framework, year and filters for a drill-down link."""
    params = {"framework": scope.framework.key, "year": scope.year}
    if f.verified:
        params["verified"] = "on"
    if f.level:
        params["level"] = f.level
    if f.region:
        params["region"] = f.region
    return "?" + urlencode(params)


# --- the national summary (administrators), by province ------------------------------------


@dataclass
class ProvinceRow:
    province: Unit
    communes: int = 0
    assessed: int = 0
    met_sum: int = 0
    complete: int = 0
    nang_cao: int = 0
    kieu_mau: int = 0
    added: int = 0
    target_added: int = 0
    lost: int = 0
    overdue: int = 0
    url: str = ""

    @property
    def average_text(self) -> str:
        if not self.assessed:
            return "—"
        average = (Decimal(self.met_sum) / self.assessed).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return number_vi(average, 1)


@dataclass
class NationalSummary:
    framework: Framework | None
    year: int
    years: list[int]
    verified: bool
    total: int
    rows: list[ProvinceRow]
    totals: ProvinceRow | None
    unmet: list[UnmetCriterion]
    distribution: dict[int, int]

    @cached_property
    def distribution_svg(self):
        if self.framework is None:
            return ""
        return charts.distribution_chart(
            chart_id="phan-bo-ca-nuoc", counts=self.distribution, total=self.total
        )

    @property
    def distribution_rows(self) -> list[tuple[int, int]]:
        return sorted(self.distribution.items(), reverse=True)


def _result_changes(framework: Framework, year: int, communes: QuerySet, status_field: str):
    """From the year's criterion results of `communes` (a queryset of units): per province,
    the criteria met this year that were not met the year before (đạt thêm) and those met the
    year before and "chưa đạt" now (rớt chuẩn); per criterion, the communes where it is "chưa
    đạt" and "chưa đánh giá".

    One query, from the (framework, year, commune, criterion) index of CriterionResult, that
    starts from the few results that are not "đạt" (about 2 % of them) and looks up the same
    commune and criterion in the other year: this year's unmet ones (rớt chuẩn when met the
    year before; the unmet counts), and the year before's unmet ones that are met now (đạt
    thêm). Joining every result to the year before's took three times as long, and the ORM's
    correlated EXISTS per result row ten times (docs/benchmarks.md)."""
    quote = connection.ops.quote_name
    results = quote(CriterionResult._meta.db_table)
    column = quote(CriterionResult._meta.get_field(status_field).column)
    communes_sql, communes_params = communes.values("pk", "province_id").query.sql_with_params()
    sql = f"""
        SELECT c.province_id, x.criterion_id,
               SUM(x.added), SUM(x.lost), SUM(x.not_met), SUM(x.not_assessed)
        FROM (
            SELECT r.commune_id, r.criterion_id, 0 AS added,
                   CASE WHEN r.{column} = %s AND p.{column} = %s THEN 1 ELSE 0 END AS lost,
                   CASE WHEN r.{column} = %s THEN 1 ELSE 0 END AS not_met,
                   CASE WHEN r.{column} = %s THEN 1 ELSE 0 END AS not_assessed
            FROM {results} r
            LEFT JOIN {results} p
                ON p.framework_id = %s AND p.year = %s
                AND p.commune_id = r.commune_id AND p.criterion_id = r.criterion_id
            WHERE r.framework_id = %s AND r.year = %s AND r.{column} IN (%s, %s)
            UNION ALL
            SELECT p.commune_id, p.criterion_id, 1, 0, 0, 0
            FROM {results} p
            JOIN {results} r
                ON r.framework_id = %s AND r.year = %s
                AND r.commune_id = p.commune_id AND r.criterion_id = p.criterion_id
            WHERE p.framework_id = %s AND p.year = %s AND p.{column} IN (%s, %s)
                AND r.{column} = %s
        ) x
        JOIN ({communes_sql}) c ON c.pk = x.commune_id
        GROUP BY c.province_id, x.criterion_id"""  # noqa: S608 – names from _meta, values bound
    fw, unmet = framework.pk, [NOT_MET, NOT_ASSESSED]
    params = [NOT_MET, MET, NOT_MET, NOT_ASSESSED, fw, year - 1, fw, year, *unmet]
    params += [fw, year, fw, year - 1, *unmet, MET, *communes_params]
    by_province: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_criterion: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pid, cid, added, lost, not_met, not_assessed in cursor.fetchall():
            by_province[pid][0] += added
            by_province[pid][1] += lost
            by_criterion[cid][0] += not_met
            by_criterion[cid][1] += not_assessed
    return (
        {pid: tuple(v) for pid, v in by_province.items()},
        {cid: tuple(v) for cid, v in by_criterion.items()},
    )


def national_summary(f: Filters, today: date) -> NationalSummary:
    """Every province, aggregated in the database (10 000 communes never come to Python);
    a fixed number of queries (tests/dashboards/test_queries.py)."""
    everything = Unit.objects.filter(kind=COMMUNE)
    scope = resolve_scope(everything, f, today)
    if scope.framework is None:
        return NationalSummary(None, scope.year, scope.years, f.verified, 0, [], None, [], {})
    framework, year = scope.framework, scope.year
    communes = _narrowed(_in_year(everything, year), f).order_by()
    sub = communes.values("pk")
    count = "verified_met_count" if f.verified else "met_count"
    status_field = "verified_status" if f.verified else "status"
    criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    total = len(criteria)

    provinces = {
        p.pk: ProvinceRow(p, url=reverse("dashboards:province", args=[p.pk]))
        for p in Unit.objects.filter(kind=PROVINCE).order_by("name")
    }
    for pid, n in communes.values("province").annotate(n=Count("pk")).values_list("province", "n"):
        if pid in provinces:
            provinces[pid].communes = n
    assessments = Assessment.objects.filter(
        framework=framework, year=year, commune__in=sub, **{f"{count}__isnull": False}
    ).order_by()
    complete = Q(**{count: F("criteria_count")}) & Q(criteria_count__gt=0)
    for row in assessments.values("commune__province").annotate(
        assessed=Count("pk"),
        met_sum=Coalesce(Sum(count), Value(0), output_field=BigIntegerField()),
        complete=Count("pk", filter=complete),
        nang_cao=Count("pk", filter=complete & Q(commune__level_goal=Unit.LevelGoal.NANG_CAO)),
        kieu_mau=Count("pk", filter=complete & Q(commune__level_goal=Unit.LevelGoal.KIEU_MAU)),
    ):
        p = provinces.get(row.pop("commune__province"))
        if p:
            for name, value in row.items():
                setattr(p, name, value)
    changes, unmet_counts = _result_changes(framework, year, communes, status_field)
    for pid, (added, lost) in changes.items():
        if pid in provinces:
            provinces[pid].added, provinces[pid].lost = added, lost
    targeted = (
        Target.criteria.through.objects.filter(
            target__year=year,
            target__unit__in=sub,
            criterion__framework=framework,
        )
        .filter(Q(target__framework=framework) | Q(target__framework__isnull=True))
        .values("target__unit__province")
        .annotate(n=Count("pk"))
        .values_list("target__unit__province", "n")
    )
    for pid, n in targeted:
        if pid in provinces:
            provinces[pid].target_added = n
    overdue = filter_tasks(Task.objects.filter(unit__in=sub), TaskFilters(overdue=True), today)
    for pid, n in (
        overdue.order_by()
        .values("unit__province")
        .annotate(n=Count("pk"))
        .values_list("unit__province", "n")
    ):
        if pid in provinces:
            provinces[pid].overdue = n
    unmet = [
        UnmetCriterion(c, *unmet_counts[c.pk])
        for c in criteria
        if c.pk in unmet_counts and any(unmet_counts[c.pk])
    ]
    unmet.sort(key=lambda u: (-u.not_met, -u.not_assessed, u.criterion.number))
    distribution = dict(assessments.values(count).annotate(n=Count("pk")).values_list(count, "n"))
    rows = [p for p in provinces.values() if p.communes]
    totals = ProvinceRow(province=None)
    for p in rows:
        for name in (
            "communes",
            "assessed",
            "met_sum",
            "complete",
            "nang_cao",
            "kieu_mau",
            "added",
            "target_added",
            "lost",
            "overdue",
        ):
            setattr(totals, name, getattr(totals, name) + getattr(p, name))
    return NationalSummary(
        framework=framework,
        year=year,
        years=scope.years,
        verified=f.verified,
        total=total,
        rows=rows,
        totals=totals,
        unmet=unmet[:MOST_UNMET],
        distribution=distribution,
    )


# --- the commune dashboard -----------------------------------------------------------------


@dataclass
class YearPoint:
    year: int
    met: int
    verified_met: int | None
    total: int
    state_label: str
    framework: str = ""  # the set this year was assessed on (a trend may cross two sets)

    @property
    def label(self) -> str:
        return f"{self.year} ({self.framework})" if self.framework else str(self.year)


@dataclass
class UnmetItem:
    criterion: Criterion
    status_label: str
    status: str
    rows: list  # criteria.selectors.StatusRow of the indicators not met


@dataclass
class CommuneTasksView:
    overdue: list
    due_soon: list
    open_count: int
    done_count: int
    funding: list  # Total per source

    @property
    def empty(self) -> bool:
        return not (self.open_count or self.done_count)


@dataclass
class CommuneDashboard:
    commune: Unit
    framework: Framework | None
    year: int
    years: list[int]
    row: CommuneRow | None
    criteria: list[Criterion]
    trend: list[YearPoint]
    unmet: list[UnmetItem]
    tasks: CommuneTasksView
    villages: list = field(default_factory=list)  # criteria.selectors.VillageRow

    @cached_property
    def trend_svg(self):
        if not self.trend:
            return ""
        return charts.trend_chart(
            chart_id=f"xu-huong-{self.commune.pk}",
            years=[p.label for p in self.trend],
            self_counts=[p.met for p in self.trend],
            verified_counts=[p.verified_met for p in self.trend],
            total=max(p.total for p in self.trend),
            subject=str(self.commune),
        )

    @cached_property
    def funding_svg(self):
        if not self.tasks.funding:
            return ""
        return charts.funding_chart(
            chart_id=f"kinh-phi-xa-{self.commune.pk}",
            rows=[(t.label, t.planned, t.disbursed) for t in self.tasks.funding],
        )


def _commune_tasks(user: User, commune: Unit, today: date) -> CommuneTasksView:
    """The commune's tasks and funding, from the assignments app."""
    data = commune_tasks(user, commune, today)
    tasks = [t for g in data.groups for t in g.tasks]
    return CommuneTasksView(
        overdue=[t for t in tasks if t.overdue],
        due_soon=[t for t in tasks if t.due_soon],
        open_count=sum(not t.is_done for t in tasks),
        done_count=sum(t.is_done for t in tasks),
        funding=data.summary.by_source,
    )


def _trend(commune: Unit, framework: Framework) -> list[YearPoint]:
    """The commune's years on this set, and on the sets a FrameworkMapping links it with (the
    2021–2025 set before a 2026–2030 one): each year as counted on its own set, labelled with
    it – two sets side by side, never added or averaged together."""
    linked = {framework.pk}
    for source, target in FrameworkMapping.objects.filter(
        Q(source=framework) | Q(target=framework)
    ).values_list("source_id", "target_id"):
        linked |= {source, target}
    assessments = (
        Assessment.objects.filter(commune=commune, framework__in=linked)
        .select_related("framework")
        .order_by("year", "framework__period_start")
    )
    crossing = len(linked) > 1
    return [
        YearPoint(
            a.year,
            a.met_count,
            a.verified_met_count,
            a.criteria_count,
            a.get_state_display(),
            (a.framework.decision_number or str(a.framework)) if crossing else "",
        )
        for a in assessments
    ]


def commune_dashboard(user: User, commune: Unit, f: Filters, today: date) -> CommuneDashboard:
    single = Unit.objects.filter(pk=commune.pk)
    scope = resolve_scope(single, f, today)
    tasks = _commune_tasks(user, commune, today)
    if scope.framework is None:
        return CommuneDashboard(commune, None, scope.year, scope.years, None, [], [], [], tasks)
    framework, year = scope.framework, scope.year
    rows, criteria = commune_rows([commune], framework, year, verified=f.verified, today=today)
    trend = _trend(commune, framework)
    data = commune_year(user, commune, framework, year)
    unmet = []
    if data.assessment is not None:
        for criterion_row in data.unmet:
            unmet.append(
                UnmetItem(
                    criterion=criterion_row.criterion,
                    status=criterion_row.status,
                    status_label=criterion_row.status_label,
                    rows=[r for r in criterion_row.rows if r.status.status != MET],
                )
            )
    return CommuneDashboard(
        commune=commune,
        framework=framework,
        year=year,
        years=scope.years,
        row=rows[0],
        criteria=criteria,
        trend=trend,
        unmet=unmet,
        tasks=tasks,
        villages=data.villages,
    )


# --- Excel imports -------------------------------------------------------------------------


def get_import_run_for_user(user: User, pk: int):
    """A run is seen by the person who uploaded it only (administrators: in the admin)."""
    from .models import ImportRun

    try:
        return ImportRun.objects.defer("content").get(pk=pk, user=user)
    except ImportRun.DoesNotExist:
        raise Http404("Không tìm thấy lần nhập này.") from None


def import_runs_of(user: User, limit: int = 10) -> list:
    from .models import ImportRun

    return list(
        ImportRun.objects.filter(user=user).defer("content").order_by("-created_at")[:limit]
    )


def export_units_for(user: User) -> list[Unit]:
    """Units offered by the "download current data" form: those of the user's roles, and for
    administrators every province."""
    if user.is_superuser:
        units = Unit.objects.filter(kind=PROVINCE)
    else:
        units = Unit.objects.filter(pk__in={r.unit_id for r in roles_of(user)})
    return list(units.order_by("kind", "name"))


def export_rows(user: User, kind: str, unit: Unit, year: int | None):
    """The rows of one kind under a unit the user may read, in the order of the sheet."""
    from units.access import communes_visible_to, units_visible_to

    from .models import ImportRun

    if unit.kind == COMMUNE:
        communes = communes_visible_to(user).filter(pk=unit.pk)
    else:
        communes = communes_visible_to(user).filter(Q(parent=unit) | Q(province=unit))
    if kind == ImportRun.Kind.STATUSES:
        rows = IndicatorStatus.objects.filter(
            assessment__commune__in=communes.order_by().values("pk"),
            assessment__framework_id=F("assessment__commune__framework_id"),
        ).select_related("assessment__commune", "indicator")
        if year:
            rows = rows.filter(assessment__year=year)
        return rows.order_by(
            "assessment__commune__name",
            "assessment__commune_id",
            "assessment__year",
            "indicator__order",
        )
    if kind == ImportRun.Kind.TARGETS:
        rows = (
            Target.objects.filter(
                Q(unit__in=communes.order_by().values("pk"))
                | Q(unit__kind=Unit.Kind.VILLAGE, unit__parent__in=communes.order_by().values("pk"))
            )
            .select_related("unit")
            .prefetch_related("criteria")
        )
        if year:
            rows = rows.filter(year=year)
        return rows.order_by("year", "unit__name", "unit_id")
    below = Q(pk=unit.pk) | Q(parent=unit) | Q(province=unit) | Q(parent__parent=unit)
    units = units_visible_to(user).filter(below).select_related("parent", "framework")
    depth = {k: i for i, k in enumerate(Unit.Kind.values)}
    return sorted(units, key=lambda u: (depth[u.kind], u.name, u.pk))
