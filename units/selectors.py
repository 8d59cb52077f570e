"""Reads of units that decide nothing about who is asking (that is units.access).

"The communes below a unit" is written here once: a commune's parent is its district where
there is one, otherwise its province, and every unit below a province keeps `province` – so a
commune is below a unit when the unit is its parent or its province.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Unit, UnitFact


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


def facts_on(units: Iterable[Unit] | Iterable[int], on_date=None) -> dict[int, dict]:
    """For each unit (units or ids), its latest figure of each kind as of `on_date` (default:
    today): {unit id: {kind: UnitFact}}; a unit without figures is absent. One query for many
    units, for plans and reports ("dân số 8.512 người (01/04/2024)")."""
    ids = [u.pk if isinstance(u, Unit) else u for u in units]
    on_date = on_date or timezone.localdate()
    result: dict[int, dict] = {}
    facts = UnitFact.objects.filter(unit_id__in=ids, as_of__lte=on_date).order_by(
        "unit_id", "kind", "-as_of"
    )
    for fact in facts:
        result.setdefault(fact.unit_id, {}).setdefault(fact.kind, fact)
    return result


def fact_history(unit: Unit) -> dict[str, list]:
    """Every figure of the unit by kind, newest date first (the unit's page)."""
    history: dict[str, list] = {}
    for fact in UnitFact.objects.filter(unit=unit).order_by("kind", "-as_of"):
        history.setdefault(fact.kind, []).append(fact)
    return history
