"""The commune dashboard: its row, trend, unmet criteria, villages and tasks."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.functional import cached_property

from assignments.selectors import (
    commune_tasks,
)
from criteria.models import (
    Assessment,
    Criterion,
    Framework,
    FrameworkMapping,
)
from criteria.selectors import commune_year
from recognition.selectors import tier_figures
from units.models import Unit, User

from .. import charts
from .presentation import CommuneRow
from .rows import commune_rows
from .scope import MET, Filters, resolve_scope

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
    # the register on the day read (31/12 of the year, or today): tiers held, and for each
    # tier with something to say, eligible / at risk / lacking (recognition.selectors)
    held: list = field(default_factory=list)
    tiers: list = field(default_factory=list)

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
            a.indicator_met_count,
            a.verified_indicator_met_count,
            a.indicator_count,
        )
        for a in assessments
    ]


def _register(single, year: int, today: date) -> tuple[list, list]:
    on = min(date(year, 12, 31), today)
    figures = [f for f in tier_figures(single, on=on) if not f.empty]
    held = [r for f in figures for r in f.recognised]
    return held, [f for f in figures if f.eligible or f.at_risk or f.lacking]


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
        held=held,
        tiers=tiers,
    )
