"""The commune dashboard: its row, trend, unmet criteria, villages and tasks."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.functional import cached_property

from assignments.selectors import (
    commune_tasks,
)
from criteria import rules
from criteria.models import (
    Assessment,
    Criterion,
    Framework,
    FrameworkMapping,
    IndicatorStatus,
)
from criteria.selectors import commune_year
from recognition.selectors import tier_figures
from units.models import Unit, User

from .. import charts
from .presentation import CommuneRow
from .rows import commune_rows
from .scope import MET, Filters, resolve_scope

Status = IndicatorStatus.Status
NOT_MET, NOT_ASSESSED = Status.NOT_MET, Status.NOT_ASSESSED

# --- the commune dashboard -----------------------------------------------------------------


@dataclass
class YearPoint:
    year: int
    met: int
    verified_met: int | None
    total: int
    state_label: str
    framework: str = ""  # the set this year was assessed on (a trend may cross two sets)
    indicator_met: int = 0
    verified_indicator_met: int | None = None
    indicator_total: int = 0

    @property
    def label(self) -> str:
        return f"{self.year} ({self.framework})" if self.framework else str(self.year)

    @property
    def counts_text(self) -> str:
        """ "12/19 tiêu chí, 28/35 chỉ tiêu" (self-assessed)."""
        return Assessment.format_counts(
            self.met, self.total, self.indicator_met, self.indicator_total
        )

    @property
    def verified_counts_text(self) -> str:
        """The same, verified; "—" before the first verification."""
        return Assessment.format_counts(
            self.verified_met, self.total, self.verified_indicator_met, self.indicator_total
        )


@dataclass
class PastSeries:
    """A predecessor's own years, before the merger that formed the commune."""

    unit: Unit
    points: list[YearPoint]

    @property
    def name(self) -> str:
        return f"{self.unit} (trước sắp xếp)"


@dataclass
class TrendRow:
    """One row of the trend's table when it has several series: a year (with its set, where
    the trend crosses two) and each series' point that year, None where it has none."""

    year: int
    framework: str
    points: list[YearPoint | None]

    @property
    def label(self) -> str:
        return f"{self.year} ({self.framework})" if self.framework else str(self.year)


@dataclass
class UnmetRow:
    """An indicator not met, with the result the page is about: the commune's own, or with
    «chỉ số liệu đã thẩm tra» the office's (its verified result, value and gap)."""

    row: object  # criteria.selectors.StatusRow
    result: str
    value: object
    gap: str

    @property
    def indicator(self):
        return self.row.indicator

    @property
    def threshold(self):
        return self.row.threshold

    @property
    def note(self) -> str:
        return self.row.status.note

    @property
    def result_label(self) -> str:
        return Status(self.result).label


@dataclass
class UnmetItem:
    criterion: Criterion
    status_label: str
    status: str
    rows: list[UnmetRow]  # the indicators not met


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
    # the register on the day read (31/12 of the year, or today): tiers held, and for each
    # tier with something to say, eligible / at risk / lacking (recognition.selectors)
    held: list = field(default_factory=list)
    tiers: list = field(default_factory=list)
    # a merged commune's predecessors, each with its own years before the merger
    past_trends: list[PastSeries] = field(default_factory=list)
    verified: bool = False  # «chỉ số liệu đã thẩm tra»: every figure is the office's

    @cached_property
    def trend_names(self) -> list[str]:
        """The series of a trend across a merger: the predecessors, then the commune."""
        return [s.name for s in self.past_trends] + [str(self.commune)]

    @cached_property
    def trend_rows(self) -> list[TrendRow]:
        """Years as rows, one column per series (None where a series has no value)."""
        columns = [s.points for s in self.past_trends] + [self.trend]
        keys = sorted({(p.year, p.framework) for points in columns for p in points})
        index = [{(p.year, p.framework): p for p in points} for points in columns]
        return [TrendRow(y, fw, [i.get((y, fw)) for i in index]) for y, fw in keys]

    @cached_property
    def trend_svg(self):
        if self.past_trends:
            rows = self.trend_rows
            return charts.series_trend_chart(
                chart_id=f"xu-huong-{self.commune.pk}",
                years=[r.label for r in rows],
                names=self.trend_names,
                counts=[[p.met if p else None for p in r.points] for r in rows],
                total=max(p.total for r in rows for p in r.points if p),
                subject=str(self.commune),
            )
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


def _point(a: Assessment, crossing: bool) -> YearPoint:
    return YearPoint(
        a.year,
        a.met_count,
        a.verified_met_count,
        a.criteria_count,
        a.get_state_display(),
        (a.framework.decision_number or str(a.framework)) if crossing else "",
        a.indicator_met_count,
        a.verified_indicator_met_count,
        a.indicator_count,
    )


def _trends(commune: Unit, framework: Framework) -> tuple[list[YearPoint], list[PastSeries]]:
    """The commune's years on this set, and on the sets a FrameworkMapping links it with (the
    2021–2025 set before a 2026–2030 one): each year as counted on its own set, labelled with
    it – two sets side by side, never added or averaged together.

    A merged commune also gets, for the years before its merger (`valid_from`), each of its
    predecessors' own years on the same sets, one series per predecessor, named – never
    summed or averaged into the new commune's. One step back only (not the predecessors'
    own predecessors). The commune's and its predecessors' years come in one query."""
    linked = {framework.pk}
    for source, target in FrameworkMapping.objects.filter(
        Q(source=framework) | Q(target=framework)
    ).values_list("source_id", "target_id"):
        linked |= {source, target}
    assessments = (
        Assessment.objects.filter(
            Q(commune=commune) | Q(commune__in=commune.merged_from.all()),
            framework__in=linked,
        )
        .select_related("framework", "commune")
        .order_by("year", "framework__period_start")
    )
    crossing = len(linked) > 1
    own: list[YearPoint] = []
    past: dict[int, PastSeries] = {}
    earlier: list[Assessment] = []
    for a in assessments:
        if a.commune_id == commune.pk:
            own.append(_point(a, crossing))
        else:
            earlier.append(a)
    if commune.valid_from is not None:
        before = commune.valid_from.year
    else:  # a merger without its day: the predecessors' years before the commune's first
        before = own[0].year if own else None
    for a in earlier:
        if before is not None and a.year >= before:
            continue
        series = past.setdefault(a.commune_id, PastSeries(a.commune, []))
        series.points.append(_point(a, crossing))
    return own, sorted(past.values(), key=lambda s: (s.unit.search_name, s.unit.pk))


def _register(single, year: int, today: date) -> tuple[list, list]:
    on = min(date(year, 12, 31), today)
    figures = [f for f in tier_figures(single, on=on) if not f.empty]
    held = [r for f in figures for r in f.recognised]
    return held, [f for f in figures if f.eligible or f.at_risk or f.lacking]


def _unmet(data, *, verified: bool) -> list[UnmetItem]:
    """The criteria and indicators not met that year: as the commune assessed them, or with
    `verified` as the office verified them (none before a verification: the headline says
    so), never the one's list under the other's headline."""
    a = data.assessment
    if a is None or (verified and a.verified_met_count is None):
        return []
    items = []
    for group in data.groups:
        for c in group.criteria:
            rows = []
            for r in c.rows:
                if verified:
                    result, value = (
                        r.status.verified_status or NOT_ASSESSED,
                        r.status.verified_value,
                    )
                    gap = rules.gap_text(value, r.threshold) if result == NOT_MET else ""
                else:
                    result, value, gap = r.status.status, r.status.value, r.gap
                rows.append(UnmetRow(r, result, value, gap))
            status = rules.status_of(x.result for x in rows)
            if status == MET:
                continue
            items.append(
                UnmetItem(
                    criterion=c.criterion,
                    status=status,
                    status_label=Status(status).label,
                    rows=[x for x in rows if x.result != MET],
                )
            )
    return items


def commune_dashboard(user: User, commune: Unit, f: Filters, today: date) -> CommuneDashboard:
    single = Unit.objects.filter(pk=commune.pk)
    scope = resolve_scope(single, f, today)
    tasks = _commune_tasks(user, commune, today)
    held, tiers = _register(single, scope.year, today)
    if scope.framework is None:
        return CommuneDashboard(
            commune, None, scope.year, scope.years, None, [], [], [], tasks, [], held, tiers
        )
    framework, year = scope.framework, scope.year
    rows, criteria = commune_rows([commune], framework, year, verified=f.verified, today=today)
    trend, past_trends = _trends(commune, framework)
    data = commune_year(user, commune, framework, year)
    unmet = _unmet(data, verified=f.verified)
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
        held=held,
        tiers=tiers,
        past_trends=past_trends,
        verified=f.verified,
    )
