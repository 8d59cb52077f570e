"""Reads of units that decide nothing about who is asking (that is units.access).

"The communes below a unit" is written here once: a commune's parent is its district where
there is one, otherwise its province, and every unit below a province keeps `province` – so a
commune is below a unit when the unit is its parent or its province.

In time: a page of a year reads the hierarchy of that year (`placed_below`, `parents_in`). A
unit's place in a year is the last one it held in the year – its current placement when that
began before the year's end, else the latest UnitPlacement row overlapping the year – so the
2023 page of a province shows its districts, the 2026 one the communes directly under it, and
the 2025 one each commune where it ended the year (or its life).
"""

import copy
from collections.abc import Iterable
from datetime import date

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .models import Unit, UnitFact, UnitPlacement


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


def existing_in(units: QuerySet[Unit], year: int) -> QuerySet[Unit]:
    """Units that existed during the year (a commune merged in 2025 still counts for 2024 and
    2025; one formed on 01/07/2025 counts from 2025)."""
    return units.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date(year, 1, 1))).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lt=date(year + 1, 1, 1))
    )


def _field(unit: Unit) -> str:
    return "province" if unit.kind == Unit.Kind.PROVINCE else "parent"


def placed_below(unit: Unit, kind: str, year: int | None = None) -> QuerySet[Unit]:
    """Units of `kind` below `unit` in `year` (its parent, or its province for a province, in
    a placement held during the year), among those that existed that year; `year` None: below
    it at any time (the years a page may offer). Indexed filters on Unit and UnitPlacement."""
    field = _field(unit)
    units = Unit.objects.filter(kind=kind)
    if year is None:
        past = UnitPlacement.objects.filter(**{field: unit}).values("unit_id")
        return units.filter(Q(**{field: unit}) | Q(pk__in=past))
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    past = UnitPlacement.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lt=end), valid_to__gt=start, **{field: unit}
    ).values("unit_id")
    now = Q(**{field: unit}) & (Q(placed_since__isnull=True) | Q(placed_since__lt=end))
    # one set of ids from two indexed reads (a UNION), not "now OR id IN (past)", which made
    # the database scan every unit of the kind once placements exist (a reformed country)
    here = units.filter(now).order_by().values("pk").union(past.order_by())
    return existing_in(Unit.objects.filter(kind=kind, pk__in=here), year)


def _held_in(units: list[Unit], year: int) -> dict[int, tuple[int | None, str, str, int | None]]:
    """{unit id: (parent id, designation, name, province id)} of the last placement each unit
    held in `year`, for the units moved or renamed since (a name left empty: its current one).
    One query, none when no unit has moved or been renamed since."""
    end = date(year + 1, 1, 1)
    since = {u.pk: u for u in units if u.placed_since is not None and u.placed_since >= end}
    if not since:
        return {}
    held: dict[int, tuple[int | None, str, str, int | None]] = {}
    past = UnitPlacement.objects.filter(unit_id__in=since, valid_to__gt=date(year, 1, 1))
    for unit_id, parent_id, prefix, name, province_id in (
        past.filter(Q(valid_from__isnull=True) | Q(valid_from__lt=end))
        .order_by("valid_to")
        .values_list("unit_id", "parent_id", "prefix", "name", "province_id")
    ):  # the latest one overlapping the year wins
        held[unit_id] = (parent_id, prefix, name or since[unit_id].name, province_id)
    return held


def parents_in(units: Iterable[Unit], year: int) -> dict[int, int | None]:
    """{unit id: id of its parent in `year`}: the last placement it held in the year. One
    query (none when no unit has moved)."""
    units = list(units)
    parents = {u.pk: u.parent_id for u in units}
    parents.update({pk: held[0] for pk, held in _held_in(units, year).items()})
    return parents


def provinces_in(units: Iterable[Unit], year: int) -> dict[int, int | None]:
    """{unit id: id of its province in `year`} (a commune of Đắk Nông in 2024 was of Đắk
    Nông, not of the Lâm Đồng the 2025 merger made): read from the placement it held then,
    whose province a merger of provinces closed too. One query, none when no unit has moved."""
    units = list(units)
    provinces = {u.pk: u.province_id for u in units}
    provinces.update({pk: held[3] for pk, held in _held_in(units, year).items()})
    return provinces


def _renamed(units: list[Unit], held: dict) -> dict[int, tuple[str, str]]:
    current = {u.pk: (u.prefix, u.name) for u in units}
    return {pk: (h[1], h[2]) for pk, h in held.items() if (h[1], h[2]) != current[pk]}


def names_in(units: Iterable[Unit], year: int) -> dict[int, tuple[str, str]]:
    """{unit id: (designation, name)} of the units renamed since `year` (a thị trấn become
    phường in 2020 was a thị trấn in 2019): what they were called at the end of that year, or
    of their life in it. Units not renamed since are absent. One query (none when no unit has
    moved or been renamed since)."""
    units = list(units)
    return _renamed(units, _held_in(units, year))


def as_in(unit: Unit | None, year: int) -> Unit | None:
    """The unit as it was called in `year`: itself when it has not been renamed since, else a
    copy carrying that year's designation and name – for a page or a document of that year,
    never saved (Unit.save refuses it)."""
    if unit is None:
        return None
    was = names_in([unit], year).get(unit.pk)
    if was is None:
        return unit
    then = copy.copy(unit)
    then.prefix, then.name = was
    then.as_of_year = year
    return then


def parent_in(unit: Unit, year: int) -> Unit | None:
    """The unit's parent in `year`, as it was called then: the one it has now unless it moved
    since (a commune whose district was abolished in 2025 was under that district in 2024).
    At most two queries."""
    pid = parents_in([unit], year)[unit.pk]
    if pid == unit.parent_id:
        return as_in(unit.parent, year)
    return as_in(Unit.objects.filter(pk=pid).first(), year) if pid is not None else None


def province_in(unit: Unit, year: int) -> Unit | None:
    """The province the unit sat in during `year`: up its parents of that year (a commune of
    Đắk Nông in 2024 was of Đắk Nông, not of the Lâm Đồng the 2025 merger made)."""
    above = unit
    while above is not None and above.kind != Unit.Kind.PROVINCE:
        above = parent_in(above, year)
    return above


def placed_in(units: Iterable[Unit], year: int) -> list[Unit]:
    """The units, each with `parent` set (in memory, for display) to its parent in `year`, and
    each unit and parent named as it was then (names_in): what a page of that year shows.
    Never saved: read-only pages only (Unit.save refuses them)."""
    units = list(units)
    held = _held_in(units, year)  # their parents and names then, read once
    parents = {u.pk: held[u.pk][0] if u.pk in held else u.parent_id for u in units}
    wanted = {pid for uid, pid in parents.items() if pid is not None}
    known = {u.parent_id: u.parent for u in units if u.parent_id in wanted and _loaded(u)}
    missing = wanted - set(known)
    if missing:
        known.update(Unit.objects.in_bulk(missing))
    for u in units:
        if parents[u.pk] != u.parent_id:
            u.parent = known.get(parents[u.pk])
    above = list({id(u.parent): u.parent for u in units if u.parent is not None}.values())
    for named, was in ((units, _renamed(units, held)), (above, names_in(above, year))):
        for u in named:
            if u.pk in was:
                u.prefix, u.name = was[u.pk]
                u.as_of_year = year
    return units


def _loaded(unit: Unit) -> bool:
    return Unit.parent.is_cached(unit)


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


def timeline(unit: Unit) -> list[tuple[str, Unit | None]]:
    """The unit's administrative history for its page, oldest first: each line a text and the
    unit it names (linked on the page), or None. The units it was formed from are the page's
    own notice. No query for a unit that never moved nor ended; one for each that did."""
    from .models import ReorganisationStep  # beside UnitPlacement, read only here

    lines: list[tuple[str, Unit | None]] = []
    if unit.valid_from:
        basis = f" theo {unit.created_by_basis}" if unit.created_by_basis else ""
        lines.append((f"Thành lập từ {unit.valid_from:%d/%m/%Y}{basis}.", None))
    if unit.placed_since:  # moved or renamed: its earlier placements, then the current one
        placements = list(
            UnitPlacement.objects.filter(unit=unit).select_related("parent", "ended_by")
        )
        start = placements[0].valid_from if placements else None  # of the parent held
        for p, after in zip(placements, placements[1:] + [unit], strict=True):
            since = f" từ {start:%d/%m/%Y}" if start else ""
            if p.parent_id != after.parent_id:
                lines.append(
                    (
                        f"Thuộc {p.parent or 'cấp trung ương'}{since} đến trước "
                        f"{p.valid_to:%d/%m/%Y} (chuyển theo {p.ended_by.basis}).",
                        p.parent,
                    )
                )
                start = p.valid_to
            called = f"{p.prefix} {p.name or unit.name}".strip()
            if called != f"{after.prefix} {after.name or unit.name}".strip():
                lines.append(
                    (
                        f"Mang tên {called} đến trước {p.valid_to:%d/%m/%Y}, đổi thành "
                        f"{after.prefix} {after.name or unit.name} theo {p.ended_by.basis}.",
                        None,
                    )
                )
        if unit.parent_id:
            since = f" từ {start:%d/%m/%Y}" if start else ""
            lines.append((f"Thuộc {unit.parent}{since}.", unit.parent))
    if unit.valid_to:
        steps = ReorganisationStep.objects.filter(predecessor=unit).exclude(
            action=ReorganisationStep.Action.RENAME
        )
        for step in steps.select_related("successor", "reorganisation"):
            lines.append(
                (
                    f"Hết hiệu lực từ {step.reorganisation.effective:%d/%m/%Y}: "
                    f"{step.get_action_display().lower()} vào {step.successor} theo "
                    f"{step.reorganisation.basis}.",
                    step.successor,
                )
            )
    return lines


def provinces_moved(year: int) -> dict[int, list[int]]:
    """{province id: the units that were in it in `year` and are in another province now}:
    what a merger of provinces moved since (the last placement each held in the year). Empty
    – one indexed query – unless provinces merged after that year."""
    end = date(year + 1, 1, 1)
    rows = (
        UnitPlacement.objects.filter(unit__placed_since__gte=end, valid_to__gt=date(year, 1, 1))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lt=end))
        .order_by("unit_id", "valid_to")
        .values_list("unit_id", "province_id", "unit__province_id")
    )
    then = {unit: (old, now) for unit, old, now in rows}  # the latest in the year wins
    moved: dict[int, list[int]] = {}
    for unit, (old, now) in then.items():
        if old != now and old is not None:
            moved.setdefault(old, []).append(unit)
    return moved


def province_then(moved: dict[int, list[int]], prefix: str = "") -> Case | F:
    """The expression "province of the unit in the year of `moved` (provinces_moved)" for
    grouping rows by province (`prefix` walks a relation first: "commune__"): the unit's
    province, except for the units a merger of provinces moved since. One CASE branch per
    former province; none at all when nothing moved."""
    if not moved:
        return F(f"{prefix}province")
    return Case(
        *(When(**{f"{prefix}pk__in": ids}, then=Value(pid)) for pid, ids in moved.items()),
        default=F(f"{prefix}province"),
        output_field=IntegerField(),
    )


def own_account_changes(user) -> list:
    """The last ten changes to a person's account details (their own and an administrator's:
    units.AccountChange), for their account page. One query."""
    return list(user.account_changes.select_related("actor")[:10])


def own_roles(user) -> tuple[list, list]:
    """A person's own roles (unit, kind, the criteria they answer for; empty: all) and the last
    ten changes to them (given, changed, taken away: who and when), for their account page.
    Three queries."""
    roles = list(
        user.roles.select_related("unit").prefetch_related("criteria").order_by("unit__name")
    )
    changes = list(user.role_changes.select_related("unit", "actor")[:10])
    return roles, changes
