"""A commune's trail (its *Nhật ký thay đổi*): everything that changed about it, from the
history tables the services write – indicator changes, review steps, years withdrawn, its own
record, the roles at it – newest first, with who did each. Reads only; the caller has admitted
the user to the commune."""

from dataclasses import dataclass

from django.db.models import QuerySet

from units.models import RoleChange, Unit, UnitChange, User

from .models import AssessmentEvent, StatusChange, WithdrawnYear


@dataclass
class TrailEntry:
    at: object
    actor: object
    # "status", "workflow", "withdrawn" (a year opened by mistake, withdrawn), "unit" (the
    # commune's own record: its set, level goal, region, name…) or "role" (a role at it given,
    # changed, taken away)
    kind: str
    entry: object


def commune_trail(
    commune: Unit,
    *,
    criterion_number: int | None = None,
    actor_id: int | None = None,
    date_from=None,
    date_to=None,
    limit: int = 500,
) -> list[TrailEntry]:
    """A commune's whole trail: indicator changes, workflow steps, years withdrawn, changes of
    its own record (UnitChange) and of the roles at it (RoleChange), newest first."""
    changes = StatusChange.objects.filter(status__assessment__commune=commune).select_related(
        "actor", "status__indicator__criterion", "status__assessment"
    )
    events = AssessmentEvent.objects.filter(assessment__commune=commune).select_related(
        "actor", "assessment"
    )
    withdrawn = WithdrawnYear.objects.filter(commune=commune).select_related(
        "withdrawn_by", "opened_by", "framework"
    )
    record = UnitChange.objects.filter(unit=commune).select_related("actor")
    roles = RoleChange.objects.filter(unit=commune).select_related("actor", "user")
    if criterion_number is not None:
        changes = changes.filter(status__indicator__criterion__number=criterion_number)
        events = events.none()
        withdrawn = withdrawn.none()
        record = record.none()
        roles = roles.none()
    if actor_id is not None:
        changes = changes.filter(actor_id=actor_id)
        events = events.filter(actor_id=actor_id)
        withdrawn = withdrawn.filter(withdrawn_by_id=actor_id)
        record = record.filter(actor_id=actor_id)
        roles = roles.filter(actor_id=actor_id)
    if date_from:
        changes = changes.filter(at__date__gte=date_from)
        events = events.filter(at__date__gte=date_from)
        withdrawn = withdrawn.filter(withdrawn_at__date__gte=date_from)
        record = record.filter(at__date__gte=date_from)
        roles = roles.filter(at__date__gte=date_from)
    if date_to:
        changes = changes.filter(at__date__lte=date_to)
        events = events.filter(at__date__lte=date_to)
        withdrawn = withdrawn.filter(withdrawn_at__date__lte=date_to)
        record = record.filter(at__date__lte=date_to)
        roles = roles.filter(at__date__lte=date_to)
    entries = [
        TrailEntry(c.at, c.actor, "status", c) for c in changes.order_by("-at", "-pk")[:limit]
    ]
    entries += [
        TrailEntry(e.at, e.actor, "workflow", e) for e in events.order_by("-at", "-pk")[:limit]
    ]
    entries += [
        TrailEntry(w.withdrawn_at, w.withdrawn_by, "withdrawn", w) for w in withdrawn[:limit]
    ]
    entries += [TrailEntry(r.at, r.actor, "unit", r) for r in record[:limit]]
    entries += [TrailEntry(r.at, r.actor, "role", r) for r in roles.order_by("-at", "-pk")[:limit]]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def trail_actors(commune: Unit) -> QuerySet[User]:
    """Everyone who appears in the commune's trail as the one who did something (its filter)."""
    sources = (
        (StatusChange.objects.filter(status__assessment__commune=commune), "actor_id"),
        (AssessmentEvent.objects.filter(assessment__commune=commune), "actor_id"),
        (WithdrawnYear.objects.filter(commune=commune), "withdrawn_by_id"),
        (UnitChange.objects.filter(unit=commune), "actor_id"),
        (RoleChange.objects.filter(unit=commune), "actor_id"),
    )
    ids = set().union(
        *(
            rows.exclude(**{f"{who}__isnull": True}).values_list(who, flat=True)
            for rows, who in sources
        )
    )
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")
