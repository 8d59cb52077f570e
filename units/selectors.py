"""Reads of units that decide nothing about who is asking (that is units.access).

"The communes below a unit" is written here once: a commune's parent is its district where
there is one, otherwise its province, and every unit below a province keeps `province` – so a
commune is below a unit when the unit is its parent or its province.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import Unit


def below(units: Unit | Iterable[int] | QuerySet, prefix: str = "") -> Q:
    """The condition "sits directly below one of `units`" (a unit, ids, or a queryset of ids):
    its parent or its province is one of them. `prefix` walks a relation first ("unit__":
    rows whose unit sits below)."""
    if isinstance(units, Unit):
        return Q(**{f"{prefix}parent": units}) | Q(**{f"{prefix}province": units})
    return Q(**{f"{prefix}parent__in": units}) | Q(**{f"{prefix}province__in": units})


def communes_below(unit: Unit, *, current: bool = False) -> QuerySet[Unit]:
    """Every commune under a district, or under a province (through its districts or not);
    `current`: those not merged away (valid_to empty). One indexed filter: by `province` for a
    province, by `parent` otherwise (the same communes as `below(unit)`)."""
    communes = Unit.objects.filter(kind=Unit.Kind.COMMUNE)
    if unit.kind == Unit.Kind.PROVINCE:
        communes = communes.filter(province=unit)
    else:
        communes = communes.filter(parent=unit)
    if current:
        communes = communes.filter(valid_to__isnull=True)
    return communes
