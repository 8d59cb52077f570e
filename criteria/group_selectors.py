"""Reads for the commune-group pages ("Nhóm xã theo bộ tiêu chí", criteria.group_views).

A commune's category on a framework (its nhóm xã, or its vùng) is the UnitCategory row in
force: the rows are the history, the one that starts last wins where two overlap (as
criteria.selectors.categories_of). Everything here is scoped to the user through
units.access and criteria.selectors; a page is a constant number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from units.access import communes_visible_to, get_commune_for_user
from units.models import Unit, User

from . import selectors
from .models import Framework, FrameworkCategory, UnitCategory

CATEGORY_KINDS = (Framework.CategoryKind.GROUP, Framework.CategoryKind.REGION)
IN_FORCE_FIELDS = ("category", "basis", "valid_from", "valid_to")


def get_keyed_framework_for_user(user: User, pk: int) -> Framework:
    """A framework the user may read whose thresholds go by commune group or region; any
    other set (or one the user may not read) is a 404."""
    framework = selectors.get_framework_for_user(user, pk)
    if framework.category_kind not in CATEGORY_KINDS:
        raise Http404("Bộ tiêu chí này không phân ngưỡng theo nhóm xã hay vùng.")
    return framework


def get_commune_on_framework_for_user(user: User, framework: Framework, pk: int) -> Unit:
    """A commune the user may read that the framework can apply to (a province's own set: the
    communes of that province only); else a 404."""
    commune = get_commune_for_user(user, pk)
    if framework.province_id not in (None, commune.province_id):
        raise Http404("Bộ tiêu chí này là bộ riêng của tỉnh khác.")
    return commune


def category_names(framework: Framework) -> dict[str, str]:
    """{key: name} of the framework's categories, in order (one query)."""
    return dict(framework.categories.order_by("order", "pk").values_list("key", "name"))


def _in_force_on(framework: Framework, day: date) -> QuerySet[UnitCategory]:
    """The rows of the outer commune on the framework in force on `day`, latest start first."""
    return UnitCategory.objects.filter(
        unit=OuterRef("pk"), framework=framework, valid_from__lte=day
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def communes_for_framework(user: User, framework: Framework, day: date) -> QuerySet[Unit]:
    """The communes the user may read that the framework applies to (a province's own set: that
    province's) and that exist on `day` (a commune merged away before it has no group to get)."""
    communes = communes_visible_to(user).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    if framework.province_id is not None:
        communes = communes.filter(province_id=framework.province_id)
    return communes


@dataclass
class GroupList:
    communes: QuerySet[Unit]  # annotated with the row in force (cat_name, cat_basis, …)
    missing_count: int  # communes with no row in force on the day, whatever the search


def unit_categories_list(
    user: User, framework: Framework, day: date, *, query: str = "", missing_only: bool = False
) -> GroupList:
    """The communes of the group page, each annotated with its category in force on `day`
    (`cat_category`, its name `cat_name`, `cat_basis`, `cat_valid_from`, `cat_valid_to`; None
    when there is none), searched without diacritics on `search_name`, only those without a
    category if `missing_only`. One query for the missing count; the paginator then counts and
    fetches one page."""
    from common.text import fold

    base = communes_for_framework(user, framework, day)
    in_force = _in_force_on(framework, day).order_by("-valid_from", "-pk")
    missing_count = base.filter(~Exists(in_force)).count()
    communes = base.select_related("parent", "province").annotate(
        **{f"cat_{name}": Subquery(in_force.values(name)[:1]) for name in IN_FORCE_FIELDS}
    )
    named = FrameworkCategory.objects.filter(framework=framework, key=OuterRef("cat_category"))
    communes = communes.annotate(
        cat_name=Coalesce(
            Subquery(named.values("name")[:1]), "cat_category", output_field=CharField()
        )
    )
    for word in fold(query).split():
        communes = communes.filter(search_name__contains=word)
    if missing_only:
        communes = communes.filter(~Exists(in_force))
    communes = communes.order_by("province__name", "parent__name", "name", "pk")
    return GroupList(communes=communes, missing_count=missing_count)


@dataclass
class HistoryRow:
    row: UnitCategory
    name: str  # the category's name (its key if the framework no longer has it)
    in_force: bool  # in force on the day the page is shown


def unit_category_history(
    commune: Unit, framework: Framework, day: date, names: dict[str, str]
) -> list[HistoryRow]:
    """Every row of the commune on the framework, newest start first, with who recorded it and
    its category's name from `names` (category_names): one query."""
    rows = list(
        UnitCategory.objects.filter(unit=commune, framework=framework)
        .select_related("recorded_by")
        .order_by("-valid_from", "-pk")
    )
    current = next(
        (r for r in rows if r.valid_from <= day and (r.valid_to is None or r.valid_to >= day)),
        None,
    )
    return [
        HistoryRow(row=r, name=names.get(r.category, r.category), in_force=r is current)
        for r in rows
    ]
