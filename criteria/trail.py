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


def _sources(commune: Unit) -> tuple:
    """(kind, rows, when, who) of each history table in the commune's trail."""
    return (
        (
            "status",
            StatusChange.objects.filter(status__assessment__commune=commune).select_related(
                "actor", "status__indicator__criterion", "status__assessment"
            ),
            "at",
            "actor",
        ),
        (
            "workflow",
            AssessmentEvent.objects.filter(assessment__commune=commune).select_related(
                "actor", "assessment"
            ),
            "at",
            "actor",
        ),
        (
            "withdrawn",
            WithdrawnYear.objects.filter(commune=commune).select_related(
                "withdrawn_by", "opened_by", "framework"
            ),
            "withdrawn_at",
            "withdrawn_by",
        ),
        ("unit", UnitChange.objects.filter(unit=commune).select_related("actor"), "at", "actor"),
        (
            "role",
            RoleChange.objects.filter(unit=commune).select_related("actor", "user"),
            "at",
            "actor",
        ),
    )


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
    its own record (UnitChange) and of the roles at it (RoleChange), newest first; a criterion
    narrows it to that criterion's indicator changes."""
    entries = []
    for kind, rows, when, who in _sources(commune):
        if criterion_number is not None:
            if kind != "status":
                continue
            rows = rows.filter(status__indicator__criterion__number=criterion_number)
        if actor_id is not None:
            rows = rows.filter(**{f"{who}_id": actor_id})
        if date_from:
            rows = rows.filter(**{f"{when}__date__gte": date_from})
        if date_to:
            rows = rows.filter(**{f"{when}__date__lte": date_to})
        entries += [
            TrailEntry(getattr(r, when), getattr(r, who), kind, r)
            for r in rows.order_by(f"-{when}", "-pk")[:limit]
        ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def trail_actors(commune: Unit) -> QuerySet[User]:
    """Everyone who appears in the commune's trail as the one who did something (its filter)."""
    ids = set().union(
        *(
            rows.exclude(**{f"{who}__isnull": True}).values_list(f"{who}_id", flat=True)
            for _kind, rows, _when, who in _sources(commune)
        )
    )
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")
