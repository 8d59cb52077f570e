"""The district (or any supervising unit) dashboard and the province dashboard by district."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode

from assignments.models import Task
from assignments.selectors import (
    funding_by_source,
    funding_lines_of,
)
from common.text import fold
from criteria.models import (
    Criterion,
    Framework,
)
from units.models import Unit
from units.selectors import parents_in, placed_below, placed_in

from .figures import Headline, headline
from .presentation import Charts, CommuneRow
from .rows import commune_rows, sort_rows
from .scope import COMMUNE, DISTRICT, PROVINCE, Filters, Scope, narrowed, resolve_scope
from .tiers import TierTable, mark_period, register_targets, tier_table

# --- the district (or any supervising unit) dashboard --------------------------------------


@dataclass
class UnitDashboard(Charts):
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
    # the recognition tiers of the communes (register and each tier's own sets; tiers.py)
    tiers: TierTable | None = None

    @property
    def chart_key(self) -> str:
        return str(self.unit.pk)


def _funding_by_source(unit_ids: list[int], year: int) -> list:
    """This year's funding of the units' own tasks, by source; one query."""
    tasks = Task.objects.filter(unit_id__in=unit_ids, plan_year=year)
    return funding_by_source(funding_lines_of(tasks))


def unit_dashboard(unit: Unit, f: Filters, today: date) -> UnitDashboard:
    """Every commune below the unit in the year shown (the hierarchy of that year:
    units.selectors.placed_below) × the framework's criteria, with the headline figures."""
    scope = resolve_scope(placed_below(unit, COMMUNE), f, today)
    communes_qs = narrowed(placed_below(unit, COMMUNE, scope.year), f)
    show_parent = unit.kind == PROVINCE
    if scope.framework is None:
        return UnitDashboard(
            unit, None, scope.year, scope.years, f.verified, [], [], None, [], show_parent, False
        )
    communes = placed_in(communes_qs.select_related("parent").order_by("name", "pk"), scope.year)
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
        tiers=_tiers(communes_qs, communes, rows, criteria, scope, today),
    )


def _tiers(communes_qs, communes, rows, criteria, scope, today) -> TierTable:
    """The tier table of a page, with the communes its rows register to reach the page's set."""
    tiers = tier_table(communes_qs, scope.year, today, known={c.pk: c for c in communes})
    register_targets(tiers, rows, len(criteria), scope.framework.level, scope.year)
    mark_period(tiers, scope.framework.period_start, scope.framework.period_end)
    return tiers


# --- the province dashboard (by district) --------------------------------------------------


@dataclass
class AreaRow:
    unit: Unit | None  # a district; None for the communes directly under the province
    label: str
    url: str
    headline: Headline
    # [recognised, eligible, at risk, lacking] per tier shown (ProvinceDashboard.tiers)
    tiers: list[list[int]] = field(default_factory=list)


@dataclass
class ProvinceDashboard(Charts):
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
    tiers: TierTable | None = None

    @property
    def chart_key(self) -> str:
        return f"tinh-{self.province.pk}"


def has_districts(province: Unit, year: int | None = None) -> bool:
    """Whether the province had districts in `year` (None: in any year)."""
    return placed_below(province, DISTRICT, year).exists()


def province_dashboard(province: Unit, f: Filters, today: date) -> ProvinceDashboard | None:
    """One row per district of the year shown (aggregates of its communes that year), with a
    link down to each; None when the province had no district that year (its communes sit
    directly under it: the unit dashboard)."""
    scope = resolve_scope(placed_below(province, COMMUNE), f, today)
    if not has_districts(province, scope.year):
        return None
    communes_qs = narrowed(placed_below(province, COMMUNE, scope.year), f)
    if scope.framework is None:
        return ProvinceDashboard(
            province, None, scope.year, scope.years, f.verified, [], [], None, [], False
        )
    # no parent objects: the rows are grouped by the parent of the year, and no row is shown
    # each district and commune named as it was that year (a huyện become thị xã in 2020 was
    # a huyện on the 2019 page: units.selectors.placed_in)
    communes = placed_in(communes_qs.select_related("parent").order_by("name", "pk"), scope.year)
    rows, criteria = commune_rows(
        communes, scope.framework, scope.year, verified=f.verified, today=today, source=communes_qs
    )
    districts = sorted(
        placed_in(
            placed_below(province, DISTRICT, scope.year).select_related("parent"), scope.year
        ),
        key=lambda d: (fold(d.name), d.pk),
    )
    parent_of = parents_in(communes, scope.year)
    by_parent = defaultdict(list)
    for r in rows:
        by_parent[parent_of[r.commune.pk]].append(r)
    query = _query(f, scope)
    tiers = _tiers(communes_qs, communes, rows, criteria, scope, today)
    by_area = tiers.counts_by(parent_of)
    areas = [
        AreaRow(
            d,
            str(d),
            reverse("dashboards:unit", args=[d.pk]) + query,
            headline(by_parent.get(d.pk, []), criteria),
            by_area[d.pk],
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
                by_area[province.pk],
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
        tiers=tiers,
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
