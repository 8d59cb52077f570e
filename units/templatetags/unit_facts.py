"""{% unit_facts unit as facts %}: a unit's dated figures for its page (templates/units/
_facts.html), read through units.selectors so no view has to pass them."""

from django import template

from common.numbers import number_vi

from ..access import can_record_unit_facts
from ..facts import WHOLE_KINDS
from ..models import UnitFact
from ..selectors import fact_history, timeline

register = template.Library()


@register.simple_tag
def unit_facts(unit) -> list[dict]:
    """For each kind the unit has figures of, in the order of UnitFact.Kind: its label, its
    latest figure (`latest`) and the older ones (`older`), each value already formatted."""
    if unit is None:
        return []
    history = fact_history(unit)
    rows = []
    for kind in UnitFact.Kind:
        facts = history.get(kind.value)
        if not facts:
            continue
        for fact in facts:
            fact.text = number_vi(fact.value, 0 if kind in WHOLE_KINDS else 4)
        rows.append({"kind": kind, "label": kind.label, "latest": facts[0], "older": facts[1:]})
    return rows


@register.simple_tag
def unit_timeline(unit) -> list[tuple[str, object]]:
    """The unit's administrative history (units.selectors.timeline): created, merged, moved."""
    return timeline(unit) if unit is not None else []


@register.simple_tag
def can_record_facts(user, unit) -> bool:
    """Whether the user records the unit's figures (units.access.can_record_unit_facts)."""
    return unit is not None and can_record_unit_facts(user, unit)
