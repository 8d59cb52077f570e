"""The national summary (administrators), by province, aggregated in the database."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property

from assignments.models import Task
from assignments.selectors import (
    TaskFilters,
    filter_tasks,
)
from common.numbers import number_vi
from criteria.models import (
    Assessment,
    Criterion,
    CriterionResult,
    Framework,
)
from plans.models import Target
from units.models import Unit
from units.selectors import existing_in, province_then, provinces_moved

from .. import charts
from .figures import MOST_UNMET, UnmetCriterion
from .scope import (
    COMMUNE,
    MET,
    NOT_ASSESSED,
    NOT_MET,
    PROVINCE,
    Filters,
    narrowed,
    resolve_scope,
)
from .tiers import TierTable, counts, mark_period, tier_table

# --- the national summary (administrators), by province ------------------------------------


@dataclass
class ProvinceRow:
    province: Unit
    communes: int = 0
    assessed: int = 0
    met_sum: int = 0
    complete: int = 0
    added: int = 0
    target_added: int = 0
    lost: int = 0
    overdue: int = 0
    url: str = ""
    indicator_met_sum: int = 0  # over the communes with a result on a set with indicators
    indicator_assessed: int = 0
    # [recognised, eligible, at risk, lacking] per tier shown (NationalSummary.tiers)
    tiers: list[list[int]] = field(default_factory=list)
    # per tier shown, the recognised with a year of the standard in the set's period
    tiers_within: list[int] = field(default_factory=list)

    @property
    def tier_cells(self) -> list[tuple[list[int], int | None]]:
        """Per tier: the four figures, and how many of the recognised reached the standard
        within the set's period when not all did (else None)."""
        within = self.tiers_within or [t[0] for t in self.tiers]
        return [(t, w if w != t[0] else None) for t, w in zip(self.tiers, within, strict=True)]

    @property
    def average(self) -> Decimal | None:
        """Criteria met per commune with a result, to one decimal; None when none has one."""
        if not self.assessed:
            return None
        return (Decimal(self.met_sum) / self.assessed).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def average_text(self) -> str:
        return "—" if self.average is None else number_vi(self.average, 1)

    @property
    def indicator_average(self) -> Decimal | None:
        """Indicators met per commune with a result; None when none has an indicator figure."""
        if not self.indicator_assessed:
            return None
        average = Decimal(self.indicator_met_sum) / self.indicator_assessed
        return average.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def indicator_average_text(self) -> str:
        return "" if self.indicator_average is None else number_vi(self.indicator_average, 1)


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
    tiers: TierTable | None = None

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


def _result_changes(
    framework: Framework, year: int, communes: QuerySet, status_field: str, moved: dict
):
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
    communes_sql, communes_params = communes.values(
        "pk", year_province=province_then(moved)
    ).query.sql_with_params()
    sql = f"""
        SELECT c.year_province, x.criterion_id,
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
        GROUP BY c.year_province, x.criterion_id"""  # noqa: S608 – names from _meta, values bound
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


def national_summary(f: Filters, today: date, *, tiers: bool = False) -> NationalSummary:
    """Every province, aggregated in the database (10 000 communes never come to Python);
    a fixed number of queries (tests/dashboards/test_queries.py).

    `tiers`: also the recognition tiers per province, from one tier_figures call over every
    commune, grouped here by province. Asked for, not by default: the register's rules are
    read in Python, and over 10 000 communes that call took about 3 s on PostgreSQL
    (synthetic country, 2 years of results), against a budget of 500 ms for this page
    (docs/benchmarks.md)."""
    everything = Unit.objects.filter(kind=COMMUNE)
    scope = resolve_scope(everything, f, today)
    if scope.framework is None:
        return NationalSummary(None, scope.year, scope.years, f.verified, 0, [], None, [], {})
    framework, year = scope.framework, scope.year
    communes = narrowed(existing_in(everything, year), f).order_by()
    sub = communes.values("pk")
    # each commune in its province of that year (a merger of provinces since moved some)
    moved = provinces_moved(year)
    count = "verified_met_count" if f.verified else "met_count"
    indicators = "verified_indicator_met_count" if f.verified else "indicator_met_count"
    with_indicators = Q(indicator_count__gt=0) & Q(**{f"{indicators}__isnull": False})
    status_field = "verified_status" if f.verified else "status"
    criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    total = len(criteria)

    provinces = {
        p.pk: ProvinceRow(p, url=reverse("dashboards:province", args=[p.pk]))
        for p in Unit.objects.filter(kind=PROVINCE).order_by("name")
    }
    by_province = communes.values(p=province_then(moved)).annotate(n=Count("pk"))
    for pid, n in by_province.values_list("p", "n"):
        if pid in provinces:
            provinces[pid].communes = n
    assessments = Assessment.objects.filter(
        framework=framework, year=year, commune__in=sub, **{f"{count}__isnull": False}
    ).order_by()
    complete = Q(**{count: F("criteria_count")}) & Q(criteria_count__gt=0)
    for row in assessments.values(p=province_then(moved, "commune__")).annotate(
        assessed=Count("pk"),
        met_sum=Coalesce(Sum(count), Value(0), output_field=BigIntegerField()),
        complete=Count("pk", filter=complete),
        indicator_met_sum=Coalesce(
            Sum(indicators, filter=with_indicators), Value(0), output_field=BigIntegerField()
        ),
        indicator_assessed=Count("pk", filter=with_indicators),
    ):
        p = provinces.get(row.pop("p"))
        if p:
            for name, value in row.items():
                setattr(p, name, value)
    changes, unmet_counts = _result_changes(framework, year, communes, status_field, moved)
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
        .values(p=province_then(moved, "target__unit__"))
        .annotate(n=Count("pk"))
        .values_list("p", "n")
    )
    for pid, n in targeted:
        if pid in provinces:
            provinces[pid].target_added = n
    overdue = filter_tasks(Task.objects.filter(unit__in=sub), TaskFilters(overdue=True), today)
    for pid, n in (
        overdue.order_by()
        .values(p=province_then(moved, "unit__"))
        .annotate(n=Count("pk"))
        .values_list("p", "n")
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
            "added",
            "target_added",
            "lost",
            "overdue",
            "indicator_met_sum",
            "indicator_assessed",
        ):
            setattr(totals, name, getattr(totals, name) + getattr(p, name))
    table = None
    if tiers:
        table = tier_table(communes, year, today)
        mark_period(table, framework.period_start, framework.period_end)
        province_of = _provinces_of(table, moved)
        by_province = table.counts_by(province_of)
        within = table.in_period_by(province_of)
        for p in rows:
            p.tiers = by_province[p.province.pk]
            p.tiers_within = within[p.province.pk]
        totals.tiers = [counts(t) for t in table.figures]
        totals.tiers_within = [table.in_period[f.tier] for f in table.figures]
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
        tiers=table,
    )


def _provinces_of(tiers: TierTable, moved: dict) -> dict[int, int | None]:
    """{commune id: its province id that year} for every commune the tier figures name: from
    the units they hold, and one query for the eligible ones (their results carry only an id);
    the communes a merger of provinces moved since, in their former province."""
    provinces = {u.pk: u.province_id for u in tiers.loaded_units()}
    missing = {a.commune_id for f in tiers.figures for a in f.eligible} - set(provinces)
    if missing:
        provinces.update(Unit.objects.filter(pk__in=missing).values_list("pk", "province_id"))
    for pid, ids in moved.items():
        for uid in ids:
            if uid in provinces:
                provinces[uid] = pid
    return provinces
