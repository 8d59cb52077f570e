"""Which dashboards a user opens (the rules: units.access) and what a dashboard covers: the
communes below its unit, narrowed by the filters, and the framework and year it shows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse

from common.text import fold
from criteria.models import (
    Assessment,
    Framework,
    IndicatorStatus,
)
from units.access import (
    can_open_province_dashboard,
    can_open_unit_dashboard,
    dashboard_units,
    get_commune_for_user,
)
from units.models import Unit, User

Status = IndicatorStatus.Status
MET, NOT_MET, NOT_ASSESSED = Status.MET, Status.NOT_MET, Status.NOT_ASSESSED
COMMUNE, DISTRICT, PROVINCE = Unit.Kind.COMMUNE, Unit.Kind.DISTRICT, Unit.Kind.PROVINCE
NOT_FOUND = "Không tìm thấy bảng tổng hợp của đơn vị này hoặc bạn không có quyền xem."


# --- who may open which dashboard (the rules: units.access) -----------------------------------


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
    """The dashboards the user may open, from their roles (administrators: every province;
    units.access.dashboard_units)."""
    units = dashboard_units(user)
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


def narrowed(communes: QuerySet[Unit], f: Filters) -> QuerySet[Unit]:
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
