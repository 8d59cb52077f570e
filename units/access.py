"""Who may see or do what: the one place that decides it.

Every view, selector, service and import asks here ("may this user read this commune, edit
this criterion, review, import this kind of file …"), and fetches protected units only through
the `get_*_for_user` functions (another's unit is a 404, never data). The rules read the
user's roles (units.models.Role), fetched once per request by `roles_of`.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Role, Unit, User

READ_ROLES = {
    Role.Kind.COMMUNE_OFFICIAL,
    Role.Kind.COMMUNE_LEADER,
    Role.Kind.SUPERVISOR,
    Role.Kind.PROVINCE_OFFICE,
}
COMMUNE_EDIT_ROLES = {Role.Kind.COMMUNE_OFFICIAL, Role.Kind.COMMUNE_LEADER}


def roles_of(user: User) -> list[Role]:
    """The user's roles, fetched once per request object (every rule here reads them)."""
    cached = getattr(user, "_ntm_roles", None)
    if cached is None:
        cached = list(
            Role.objects.filter(user=user).select_related("unit").prefetch_related("criteria")
        )
        user._ntm_roles = cached
    return cached


def communes_visible_to(user: User) -> QuerySet[Unit]:
    """Communes the user may read: their own commune, or every commune below a unit they supervise.

    "Below" is data, not code: a commune whose parent is the unit (a district, or a province
    without districts), or whose province is the unit.
    """
    communes = Unit.objects.filter(kind=Unit.Kind.COMMUNE)
    if not user.is_authenticated or not user.is_active:
        return communes.none()
    if user.is_superuser:
        return communes
    own, above = set(), set()
    for role in roles_of(user):
        if role.kind in COMMUNE_EDIT_ROLES:
            own.add(role.unit_id)
        elif role.kind in READ_ROLES:
            above.add(role.unit_id)
    if not own and not above:
        return communes.none()
    return communes.filter(Q(pk__in=own) | Q(parent__in=above) | Q(province__in=above))


def assessed_units_visible_to(user: User) -> QuerySet[Unit]:
    """Units whose assessments the user may read: the communes of `communes_visible_to`, and
    their villages (thôn, khu dân cư), which are assessed on village sets by the commune."""
    communes = communes_visible_to(user).values("pk")
    return Unit.objects.filter(Q(pk__in=communes) | Q(kind=Unit.Kind.VILLAGE, parent__in=communes))


def get_village_for_user(user: User, pk: int) -> Unit:
    """A village of a commune the user may read; another's is a 404."""
    try:
        return (
            assessed_units_visible_to(user)
            .select_related("parent__parent", "province", "framework")
            .get(pk=pk, kind=Unit.Kind.VILLAGE)
        )
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy thôn hoặc bạn không có quyền xem.") from None


def get_assessed_unit_for_user(user: User, pk: int) -> Unit:
    """A commune or a village the user may read (404 otherwise)."""
    try:
        return (
            assessed_units_visible_to(user)
            .select_related("parent__parent", "province", "framework")
            .get(pk=pk)
        )
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền xem.") from None


def _home_commune_id(unit: Unit) -> int:
    """The commune whose officials act for a unit: itself, or a village's commune."""
    return unit.parent_id if unit.kind == Unit.Kind.VILLAGE else unit.pk


def get_commune_for_user(user: User, pk: int) -> Unit:
    """The commune, if the user may read it; another unit's commune is a 404, never data."""
    try:
        return (
            communes_visible_to(user).select_related("parent", "province", "framework").get(pk=pk)
        )
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy xã hoặc bạn không có quyền xem.") from None


def editable_criteria(user: User, commune: Unit) -> set[int] | None:
    """Criteria ids the user may edit in this commune: None = all, empty set = none."""
    if user.is_superuser:
        return None
    allowed: set[int] = set()
    home = _home_commune_id(commune)
    for role in roles_of(user):
        if role.kind in COMMUNE_EDIT_ROLES and role.unit_id == home:
            limited = {c.pk for c in role.criteria.all()}
            if not limited:
                return None
            allowed |= limited
    return allowed


def can_edit_commune(user: User, commune: Unit) -> bool:
    return editable_criteria(user, commune) != set()


def can_edit_criterion(user: User, commune: Unit, criterion_id: int) -> bool:
    allowed = editable_criteria(user, commune)
    return allowed is None or criterion_id in allowed


def can_submit(user: User, commune: Unit) -> bool:
    """The commune's leadership (chairman/vice-chairman) submits its assessment (and its
    villages')."""
    if user.is_superuser:
        return True
    home = _home_commune_id(commune)
    return any(r.kind == Role.Kind.COMMUNE_LEADER and r.unit_id == home for r in roles_of(user))


def can_review(user: User, commune: Unit) -> bool:
    """The supervising office is the one at the commune's parent unit: its district, or its
    province where there is no district. Nothing here names a level."""
    if user.is_superuser:
        return True
    # a village is reviewed by the office that reviews its commune
    above = commune.parent.parent_id if commune.kind == Unit.Kind.VILLAGE else commune.parent_id
    return any(r.kind == Role.Kind.SUPERVISOR and r.unit_id == above for r in roles_of(user))


def units_visible_to(user: User) -> QuerySet[Unit]:
    """Every unit the user may read: the communes of `communes_visible_to`, the units a
    supervising role sits at and everything below them, and, for commune staff, the units
    above their commune (a district's plan is addressed to its communes)."""
    units = Unit.objects.all()
    if not user.is_authenticated or not user.is_active:
        return units.none()
    if user.is_superuser:
        return units
    own, above = set(), set()
    for role in roles_of(user):
        if role.kind in COMMUNE_EDIT_ROLES:
            own.add(role.unit_id)
        elif role.kind in READ_ROLES:
            above.add(role.unit_id)
    if not own and not above:
        return units.none()
    commune_parents = Unit.objects.filter(pk__in=own).values_list("parent_id", "province_id")
    up = {pk for pair in commune_parents for pk in pair if pk}
    return units.filter(
        Q(pk__in=own | above | up)
        | Q(parent__in=above)
        | Q(province__in=above)
        | Q(parent__in=own)  # villages of the user's commune
    )


def get_unit_for_user(user: User, pk: int) -> Unit:
    try:
        return units_visible_to(user).select_related("parent", "province").get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền xem.") from None


def supervises(user: User, unit: Unit) -> bool:
    """Whether the user is the supervising office at this very unit (district, or province)."""
    if user.is_superuser:
        return True
    return any(r.kind == Role.Kind.SUPERVISOR and r.unit_id == unit.pk for r in roles_of(user))


def can_write_unit_documents(user: User, unit: Unit) -> bool:
    """Who drafts a unit's plans and targets: commune staff for a commune, the supervising
    office for the unit it sits at."""
    if unit.kind == Unit.Kind.COMMUNE:
        return can_edit_commune(user, unit)
    return supervises(user, unit)


def can_issue_unit_documents(user: User, unit: Unit) -> bool:
    """Who signs off a plan: the commune's leadership, or the supervising office."""
    if unit.kind == Unit.Kind.COMMUNE:
        return can_submit(user, unit)
    return supervises(user, unit)


def document_unit_ids(user: User) -> set[int]:
    """Units whose plans and targets the user drafts, straight from their roles."""
    return {
        r.unit_id
        for r in roles_of(user)
        if r.kind in COMMUNE_EDIT_ROLES or r.kind == Role.Kind.SUPERVISOR
    }


def can_export_unit(user: User, unit: Unit) -> bool:
    """Who downloads a unit's whole data (ops.exports): administrators, and the supervising
    offices over it – at the unit itself, at its parent, or at its province."""
    if user.is_superuser:
        return True
    above = {unit.pk, unit.parent_id, unit.province_id} - {None}
    offices = {Role.Kind.SUPERVISOR, Role.Kind.PROVINCE_OFFICE}
    return any(r.kind in offices and r.unit_id in above for r in roles_of(user))


# --- criteria frameworks (bộ tiêu chí) ------------------------------------------------------

NATIONAL_AUTHOR_PERMISSION = "criteria.author_national"
PROVINCE_AUTHOR_ROLES = {Role.Kind.PROVINCE_OFFICE, Role.Kind.SUPERVISOR}


def can_author_national(user: User) -> bool:
    """The national catalogue role: the national NTM coordination office (the permission
    `criteria.author_national`, given in the admin) or an administrator."""
    return user.is_authenticated and user.is_active and user.has_perm(NATIONAL_AUTHOR_PERMISSION)


def authoring_province_ids(user: User) -> set[int]:
    """Provinces whose own criteria sets the user authors: the province's NTM office (its
    province office or supervising office sitting at the province)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {
        r.unit_id
        for r in roles_of(user)
        if r.kind in PROVINCE_AUTHOR_ROLES and r.unit.kind == Unit.Kind.PROVINCE
    }


def can_author_framework(user: User, framework) -> bool:
    """Whether the user may change this framework: a national set needs the national role; a
    province's own set, that province's office (or the national role)."""
    if can_author_national(user):
        return True
    return framework.province_id is not None and framework.province_id in authoring_province_ids(
        user
    )


def can_create_framework(user: User) -> bool:
    return can_author_national(user) or bool(authoring_province_ids(user))


def role_province_ids(user: User) -> set[int]:
    """The provinces of the units the user's roles sit at."""
    if not user.is_authenticated or not user.is_active:
        return set()
    provinces = set()
    for role in roles_of(user):
        unit = role.unit
        provinces.add(unit.pk if unit.kind == Unit.Kind.PROVINCE else unit.province_id)
    return provinces - {None}


def reader_province_ids(user: User) -> set[int] | None:
    """Provinces whose own sets the user may read: None = every province (administrators and
    the national role); else the provinces of the units the user's roles sit at."""
    if user.is_superuser or can_author_national(user):
        return None
    return role_province_ids(user)


# --- spreadsheet imports --------------------------------------------------------------------

# The kinds of file the import pipeline takes (imports.models.ImportRun.Kind values).
IMPORT_STATUSES, IMPORT_TARGETS, IMPORT_UNITS = "statuses", "targets", "units"
IMPORT_FRAMEWORK, IMPORT_COMMUNE_GROUPS, IMPORT_MAPPING = "framework", "groups", "mapping"


def import_kinds(user: User) -> list[str]:
    """The kinds of rows the user may import: units (administrators), statuses (commune
    staff), targets (supervising offices); criteria sets and mappings (those who may author a
    set: the national office, a province's NTM office), commune groups (they and the
    supervising offices). Each row is then checked against the user's rights on its unit."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return [
            IMPORT_STATUSES,
            IMPORT_TARGETS,
            IMPORT_UNITS,
            IMPORT_FRAMEWORK,
            IMPORT_COMMUNE_GROUPS,
            IMPORT_MAPPING,
        ]
    kinds = []
    roles = roles_of(user)
    if any(r.kind in COMMUNE_EDIT_ROLES for r in roles):
        kinds.append(IMPORT_STATUSES)
    supervising = any(r.kind == Role.Kind.SUPERVISOR for r in roles)
    if supervising:
        kinds.append(IMPORT_TARGETS)
    if can_create_framework(user):
        kinds += [IMPORT_FRAMEWORK, IMPORT_COMMUNE_GROUPS, IMPORT_MAPPING]
    elif supervising:
        kinds.append(IMPORT_COMMUNE_GROUPS)
    return kinds
