"""Who may see or do what: the one place that decides it.

Every view, selector, service and import asks here ("may this user read this commune, edit
this criterion, review, import this kind of file …"), and fetches protected units only through
the `get_*_for_user` functions (another's unit is a 404, never data). The rules read the
user's roles (units.models.Role), fetched once per request by `roles_of`.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Role, Unit, User
from .selectors import below

READ_ROLES = {
    Role.Kind.COMMUNE_OFFICIAL,
    Role.Kind.COMMUNE_LEADER,
    Role.Kind.SUPERVISOR,
    Role.Kind.PROVINCE_OFFICE,
}
COMMUNE_EDIT_ROLES = {Role.Kind.COMMUNE_OFFICIAL, Role.Kind.COMMUNE_LEADER}
OFFICE_ROLES = {Role.Kind.SUPERVISOR, Role.Kind.PROVINCE_OFFICE}
COMMUNE, DISTRICT, PROVINCE = Unit.Kind.COMMUNE, Unit.Kind.DISTRICT, Unit.Kind.PROVINCE
NOT_FOUND = "Không tìm thấy đơn vị hoặc bạn không có quyền xem."


def _signed_in(user: User) -> bool:
    return user.is_authenticated and user.is_active


def _admin(user: User) -> bool:
    """An active administrator (superuser): every rule below lets them through."""
    return _signed_in(user) and user.is_superuser


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
    return communes.filter(_with_past(own) | _below_with_past(above))


MERGERS_BACK = 3  # a 2025 commune formed from 2019 mergers of older ones is two steps back


def _past(unit_ids) -> list[QuerySet]:
    """The units `unit_ids` were formed from (Unit.merged_from), one subquery per step back:
    read in the same SQL as the list they widen, no query of their own."""
    through = Unit.merged_from.through
    steps, ids = [], unit_ids
    for _ in range(MERGERS_BACK):
        ids = through.objects.filter(from_unit_id__in=ids).values("to_unit_id")
        steps.append(ids)
    return steps


def _with_past(unit_ids) -> Q:
    """Units `unit_ids` and their predecessors: the officials of a merged commune, and the
    offices of a merged district or province, read their predecessors' records as their own
    history. Reading only: every write rule here asks for a role at the unit itself."""
    condition = Q(pk__in=unit_ids)
    for step in _past(unit_ids):
        condition |= Q(pk__in=step)
    return condition


def _below_with_past(unit_ids) -> Q:
    """below(`unit_ids`) and below their predecessors (a merged province reads the communes
    of the provinces merged into it)."""
    condition = below(unit_ids)
    for step in _past(unit_ids):
        condition |= below(step)
    return condition


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


def home_commune_id(user: User) -> int | None:
    """The commune a user's work is all about: their one commune, when every role they hold
    is a commune official's or leader's there. None for anyone else (offices, administrators,
    people of several communes), whose home is the list of communes."""
    if not _signed_in(user) or user.is_superuser:
        return None
    roles = roles_of(user)
    communes = {r.unit_id for r in roles if r.kind in COMMUNE_EDIT_ROLES}
    if len(communes) == 1 and all(r.kind in COMMUNE_EDIT_ROLES for r in roles):
        return communes.pop()
    return None


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
    commune_parents = Unit.objects.filter(_with_past(own)).values_list("parent_id", "province_id")
    up = {pk for pair in commune_parents for pk in pair if pk}
    return units.filter(
        _with_past(own | above)
        | Q(pk__in=up)
        | _below_with_past(above)
        | Q(parent__in=Unit.objects.filter(_with_past(own)).values("pk"))  # villages of theirs
    )


def get_unit_for_user(user: User, pk: int) -> Unit:
    try:
        return units_visible_to(user).select_related("parent", "province").get(pk=pk)
    except Unit.DoesNotExist:
        raise Http404(NOT_FOUND) from None


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


# --- plans and targets ----------------------------------------------------------------------


def document_units(user: User) -> QuerySet[Unit]:
    """Units whose plans the user may draft: their commune, the unit they supervise
    (administrators: every unit but villages)."""
    if _admin(user):
        return Unit.objects.exclude(kind=Unit.Kind.VILLAGE)
    if not _signed_in(user):
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=document_unit_ids(user))


def can_write_legal_library(user: User, unit: Unit | None) -> bool:
    """Who keeps a library of legal bases: the national office for the national texts (no
    unit); for a unit, those who draft its documents."""
    if unit is None:
        return can_author_national(user)
    return can_write_unit_documents(user, unit)


def legal_library_scope(user: User) -> Q:
    """The library entries the user reads: the national texts, and those of the units the
    user may see."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if _admin(user):
        return Q()
    return Q(unit__isnull=True) | Q(unit__in=units_visible_to(user))


def legal_library_units(user: User) -> QuerySet[Unit]:
    """The units whose library the user keeps (the national library: can_author_national)."""
    return document_units(user)


def can_edit_plan(user: User, plan) -> bool:
    """Whether the user may change this plan (plans.Plan): a draft of a unit whose documents
    they write."""
    return not plan.is_frozen and can_write_unit_documents(user, plan.unit)


def can_issue_plan(user: User, plan) -> bool:
    """Whether the user may issue this plan: a draft, by the unit's leadership or office."""
    return not plan.is_frozen and can_issue_unit_documents(user, plan.unit)


def can_revise_plan(user: User, plan) -> bool:
    """Whether the user may start a revision of this issued plan."""
    return plan.is_frozen and can_write_unit_documents(user, plan.unit)


def can_set_targets(user: User, unit: Unit) -> bool:
    """Whether the user sets the year's targets of the communes below `unit` (the targets
    page): the supervising office at that unit (administrators too); a commune sets none."""
    return unit.kind != COMMUNE and can_write_unit_documents(user, unit)


def can_set_target_of(user: User, unit: Unit) -> bool:
    """Whether the user may set this commune's target (one row of a targets sheet): the
    supervising office above it; a village's targets are set on the plans pages."""
    if user.is_superuser:
        return True
    if unit.kind == Unit.Kind.VILLAGE:
        return False
    return unit.parent is not None and supervises(user, unit.parent)


# --- tasks (assignments) --------------------------------------------------------------------

TASK_UNIT_KINDS = (COMMUNE, DISTRICT, PROVINCE)


def task_scope(user: User, named: Callable[[], Q]) -> Q | None:
    """The tasks (assignments.Task) the user may read, as a condition on tasks (None: every
    task, for administrators): a commune's tasks whoever may read the commune; a district's or
    province's own tasks whoever holds a role at that unit or above it; and the tasks the user
    is named on with their account (`named()`, built by assignments.selectors)."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    role_units = Role.objects.filter(user=user).values("unit_id")
    own_level = ~Q(unit__kind=COMMUNE) & (Q(unit__in=role_units) | below(role_units, "unit__"))
    return Q(unit__kind=COMMUNE, unit__in=communes_visible_to(user)) | own_level | named()


def can_write_tasks_of(user: User, unit: Unit) -> bool:
    """May the user create and change tasks of this unit? The same rule as the unit's plans:
    commune staff, or the supervising office at the unit; always an administrator."""
    if not _signed_in(user) or unit.kind not in TASK_UNIT_KINDS:
        return False
    if user.is_superuser:
        return True
    return can_write_unit_documents(user, unit)


def can_write_task(user: User, task) -> bool:
    """May the user change this task (assignments.Task)? A commune's task tied to a criterion
    needs the right to edit that criterion."""
    if user.is_superuser:
        return user.is_active
    if task.unit.kind == COMMUNE and task.criterion_id:
        return can_edit_criterion(user, task.unit, task.criterion_id)
    return can_write_tasks_of(user, task.unit)


def can_tie_task_to_criterion(user: User, unit: Unit, criterion_id: int) -> bool:
    """Whether a task of `unit` may be tied to this criterion: in a commune, only by whoever
    may edit that criterion there."""
    return unit.kind != COMMUNE or can_edit_criterion(user, unit, criterion_id)


def is_task_party(user: User, task) -> bool:
    """Named on the task with their account (uses the prefetched parties when there are)."""
    return any(p.user_id == user.pk for p in task.parties.all())


def can_update_progress(user: User, task, *, writable: bool | None = None) -> bool:
    """Who updates a task's progress: whoever may change it, and a responsible party named
    with their account. `writable`: `can_write_task`'s answer when already known."""
    if writable is None:
        writable = can_write_task(user, task)
    return writable or (user.is_active and is_task_party(user, task))


def task_units_writable_by(user: User) -> QuerySet[Unit]:
    """Units whose tasks the user creates: their commune (commune staff), the unit a
    supervising office sits at; every commune, district and province for administrators."""
    units = Unit.objects.filter(kind__in=TASK_UNIT_KINDS)
    if not _signed_in(user):
        return units.none()
    if user.is_superuser:
        return units
    roles = roles_of(user)
    communes = {r.unit_id for r in roles if r.kind in COMMUNE_EDIT_ROLES}
    offices = {r.unit_id for r in roles if r.kind == Role.Kind.SUPERVISOR}
    return units.filter(Q(kind=COMMUNE, pk__in=communes) | (~Q(kind=COMMUNE) & Q(pk__in=offices)))


def get_unit_for_tasks(user: User, pk: int) -> Unit:
    """A unit whose tasks the user may see: a commune they may read, or a district or province
    where they hold a role at it or above it; another unit is a 404."""
    try:
        unit = Unit.objects.select_related("parent", "province", "framework").get(
            pk=pk, kind__in=TASK_UNIT_KINDS
        )
    except Unit.DoesNotExist:
        raise Http404(NOT_FOUND) from None
    if unit.kind == COMMUNE:
        return get_commune_for_user(user, pk)
    if _admin(user):
        return unit
    levels = {unit.pk, unit.parent_id, unit.province_id}
    if user.is_authenticated and any(r.unit_id in levels for r in roles_of(user)):
        return unit
    raise Http404(NOT_FOUND)


# --- dashboards -----------------------------------------------------------------------------


def _office_unit_ids(user: User) -> set[int]:
    return {r.unit_id for r in roles_of(user) if r.kind in OFFICE_ROLES}


def can_open_unit_dashboard(user: User, unit: Unit) -> bool:
    """A district's (or a province's, by commune) dashboard: the supervising or province office
    at that unit or at the unit above it, and administrators. Commune staff open their
    commune's (`get_commune_for_user`)."""
    if not _signed_in(user) or unit.kind not in (DISTRICT, PROVINCE):
        return False
    if user.is_superuser:
        return True
    return bool({unit.pk, unit.parent_id, unit.province_id} & _office_unit_ids(user))


def can_open_province_dashboard(user: User, unit: Unit) -> bool:
    """A province's dashboard by district: an office at the province, and administrators."""
    if not _signed_in(user) or unit.kind != PROVINCE:
        return False
    return user.is_superuser or unit.pk in _office_unit_ids(user)


def can_open_national_summary(user: User) -> bool:
    """The national summary, by province: administrators."""
    return _admin(user)


def dashboard_units(user: User) -> QuerySet[Unit]:
    """The units whose dashboards the user is offered: those their office and commune roles sit
    at (administrators: every current province)."""
    if not _signed_in(user):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.filter(kind=PROVINCE, valid_to__isnull=True)
    ids = {r.unit_id for r in roles_of(user) if r.kind in OFFICE_ROLES | COMMUNE_EDIT_ROLES}
    return Unit.objects.filter(pk__in=ids)


def data_export_units(user: User) -> QuerySet[Unit]:
    """Units offered by the "download current data" form: those of the user's roles
    (administrators: every province); the rows are then scoped by `communes_visible_to`."""
    if not _signed_in(user):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.filter(kind=PROVINCE)
    return Unit.objects.filter(pk__in={r.unit_id for r in roles_of(user)})


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


def can_create_framework_for(user: User, province: Unit | None) -> bool:
    """Whether the user may create a set for `province` (None: a national set): the national
    role for every set, a province's NTM office for its province's own."""
    if can_author_national(user):
        return True
    return province is not None and province.pk in authoring_province_ids(user)


def framework_scope(user: User) -> Q | None:
    """The frameworks (criteria.Framework) the user may read, as a condition (None: all, for
    administrators and the national role): every published national set and the published
    sets of the provinces the user works in; a draft only where the user may author it."""
    from criteria.models import Framework

    provinces = reader_province_ids(user)
    if provinces is None:
        return None
    drafts_of = authoring_province_ids(user)
    return (Q(province__isnull=True) | Q(province__in=provinces)) & (
        Q(state=Framework.State.PUBLISHED) | Q(province__in=drafts_of)
    )


def frameworks_in_use_scope(user: User) -> Q | None:
    """Among published sets, those the user's pages may be filtered by (None: all, for
    administrators): national ones and those of the provinces the user works in. Asks the
    roles only (no permission look-up)."""
    if user.is_superuser:
        return None
    return Q(province__isnull=True) | Q(province__in=role_province_ids(user))


def can_set_unit_category(actor: User, unit: Unit) -> bool:
    """Who records a commune's group (or region) on a framework: administrators and the national
    office for every commune; a province's NTM office for the communes of its province; a
    supervising office for the communes below it."""
    if not _signed_in(actor):
        return False
    if actor.is_superuser or can_author_national(actor):
        return True
    above = {unit.parent_id, unit.province_id} - {None}
    for role in roles_of(actor):
        if role.kind == Role.Kind.PROVINCE_OFFICE and role.unit_id == unit.province_id:
            return True
        if role.kind == Role.Kind.SUPERVISOR and role.unit_id in above:
            return True
    return False


# --- spreadsheet imports --------------------------------------------------------------------

# The kinds of file the import pipeline takes (imports.models.ImportRun.Kind values).
IMPORT_STATUSES, IMPORT_TARGETS, IMPORT_UNITS = "statuses", "targets", "units"
IMPORT_FRAMEWORK, IMPORT_COMMUNE_GROUPS, IMPORT_MAPPING = "framework", "groups", "mapping"
IMPORT_TASKS, IMPORT_OFFICIALS = "tasks", "officials"
IMPORT_RECOGNITIONS = "recognitions"
IMPORT_UNIT_FACTS = "unit_facts"
IMPORT_REORGANISATION = "reorganisation"
# What importing officials does: adds and changes roles, creates accounts.
OFFICIALS_IMPORT_PERMISSIONS = ("units.add_role", "units.change_role", "units.add_user")


def can_import_tasks(user: User) -> bool:
    """May the user import tasks? Whoever may write the tasks of some unit
    (task_units_writable_by); each row is then checked against their rights on its unit."""
    return task_units_writable_by(user).exists()


def can_import_officials(user: User) -> bool:
    """May the user import officials (accounts and their roles)? Administrators: a superuser,
    or staff who may add and change roles and create accounts in the admin."""
    if not _signed_in(user):
        return False
    return user.is_superuser or (user.is_staff and user.has_perms(OFFICIALS_IMPORT_PERMISSIONS))


def import_kinds(user: User) -> list[str]:
    """The kinds of rows the user may import: units (administrators), statuses (commune
    staff), targets (supervising offices); criteria sets and mappings (those who may author a
    set: the national office, a province's NTM office), commune groups (they and the
    supervising offices); tasks (whoever may write some unit's tasks: can_import_tasks);
    officials (administrators: can_import_officials); recognition decisions (a province's NTM
    office, can_record_recognition); unit facts (the same office, can_record_unit_facts);
    reorganisations (administrators: can_reorganise).
    Each row is then checked against the user's rights on its unit."""
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
            IMPORT_TASKS,
            IMPORT_OFFICIALS,
            IMPORT_RECOGNITIONS,
            IMPORT_UNIT_FACTS,
            IMPORT_REORGANISATION,
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
    if can_import_tasks(user):
        kinds.append(IMPORT_TASKS)
    if can_import_officials(user):
        kinds.append(IMPORT_OFFICIALS)
    if recording_province_ids(user):
        kinds += [IMPORT_RECOGNITIONS, IMPORT_UNIT_FACTS]
    return kinds


# --- recognition dossiers -------------------------------------------------------------------


def dossier_communes(user: User) -> QuerySet[Unit]:
    """Communes whose recognition dossiers (and their readiness) the user may read: whoever
    may read the commune (communes_visible_to); another's dossier is a 404."""
    return communes_visible_to(user)


def get_commune_for_dossier(user: User, pk: int) -> Unit:
    """A commune whose dossiers the user may read (404 otherwise)."""
    return get_commune_for_user(user, pk)


def can_edit_dossier(user: User, commune: Unit) -> bool:
    """Who prepares a commune's dossier (opens it, updates its documents): its staff."""
    return _signed_in(user) and commune.kind == COMMUNE and can_edit_commune(user, commune)


def can_submit_dossier(user: User, commune: Unit) -> bool:
    """Who sends a commune's dossier: its leadership (chairman/vice-chairman)."""
    return _signed_in(user) and commune.kind == COMMUNE and can_submit(user, commune)


def can_return_dossier(user: User, commune: Unit) -> bool:
    """Who receives a commune's dossier and returns it for completion: the supervising office
    above it (at its district, or at its province), the province office of its province, and
    administrators."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    above = {commune.parent_id, commune.province_id} - {None}
    for role in roles_of(user):
        if role.kind == Role.Kind.PROVINCE_OFFICE and role.unit_id == commune.province_id:
            return True
        if role.kind == Role.Kind.SUPERVISOR and role.unit_id in above:
            return True
    return False


def can_read_checklist(user: User, province: Unit | None) -> bool:
    """The national default list of dossier documents: every signed-in user; a province's own
    list: whoever works in that province, the national office and administrators."""
    if not _signed_in(user):
        return False
    if province is None or user.is_superuser or can_author_national(user):
        return True
    return province.pk in role_province_ids(user)


def can_edit_checklist(user: User, province: Unit | None) -> bool:
    """Who edits a list of dossier documents: a province's own list, the province office of
    that province; the national default list, the national office; administrators both."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    if province is None:
        return can_author_national(user)
    return any(
        r.kind == Role.Kind.PROVINCE_OFFICE and r.unit_id == province.pk for r in roles_of(user)
    )


def get_checklist_province_for_user(user: User, pk: int) -> Unit:
    """A province whose own list of dossier documents the user may read (404 otherwise)."""
    province = Unit.objects.filter(pk=pk, kind=PROVINCE).first()
    if province is None or not can_read_checklist(user, province):
        raise Http404("Không tìm thấy tỉnh hoặc bạn không có quyền xem.")
    return province


def checklist_provinces(user: User) -> QuerySet[Unit]:
    """Provinces whose own lists of dossier documents the user is offered: every province for
    administrators and the national office, else the provinces the user works in."""
    provinces = Unit.objects.filter(kind=PROVINCE)
    if not _signed_in(user):
        return provinces.none()
    if user.is_superuser or can_author_national(user):
        return provinces
    return provinces.filter(pk__in=role_province_ids(user))


# --- recognition register (công nhận đạt chuẩn) ---------------------------------------------


def recognition_units(user: User) -> QuerySet[Unit]:
    """Units whose recognition register (decisions, their files, history) the user may read:
    whoever may read the unit (units_visible_to); another's is a 404."""
    return units_visible_to(user)


def get_unit_for_recognition(user: User, pk: int) -> Unit:
    return get_unit_for_user(user, pk)


def recording_province_ids(user: User) -> set[int]:
    """Provinces whose units' decisions the user records: the province's NTM office (its
    province office or supervising office sitting at the province)."""
    return authoring_province_ids(user)


def can_record_recognition(user: User, unit: Unit) -> bool:
    """Who records a unit's recognition, acknowledgement and revocation decisions: the NTM
    office of the unit's province (UBND tỉnh decides for communes and villages; the office
    keeps the register), and administrators everywhere."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    province = unit.pk if unit.kind == PROVINCE else unit.province_id
    return province is not None and province in recording_province_ids(user)


def can_import_recognitions(user: User) -> bool:
    return _signed_in(user) and (user.is_superuser or bool(recording_province_ids(user)))


# --- unit facts (area, population, households, villages) ------------------------------------


def can_record_unit_facts(user: User, unit: Unit) -> bool:
    """Who records a unit's dated figures and its legal basis of creation: the NTM office of
    the unit's province (for the province itself and every unit in it), and administrators."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    province = unit.pk if unit.kind == PROVINCE else unit.province_id
    return province is not None and province in recording_province_ids(user)


def can_reorganise(user: User) -> bool:
    """Who applies a reorganisation of units (units.reorganisation): administrators only – a
    resolution moves units across every office's scope and ends roles."""
    return _signed_in(user) and user.is_superuser


def reviewing_unit_ids(user: User) -> set[int] | None:
    """The units whose communes (and their villages) the user reviews – the supervising
    office's units (can_review); None for administrators: every unit."""
    if not _signed_in(user):
        return set()
    if user.is_superuser:
        return None
    return {r.unit_id for r in roles_of(user) if r.kind == Role.Kind.SUPERVISOR}


def inbox_roles(unit_ids: set[int]) -> list[tuple[Role, str]]:
    """For the daily digest: the roles at `unit_ids` of active users with an e-mail address,
    each with what waits for it there – "review" (a supervising office: the years its communes
    send) or "answer" (commune staff: the questions on their commune's returned year)."""
    roles = (
        Role.objects.filter(
            unit__in=unit_ids,
            kind__in=COMMUNE_EDIT_ROLES | {Role.Kind.SUPERVISOR},
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "pk")
    )
    return [(r, "review" if r.kind == Role.Kind.SUPERVISOR else "answer") for r in roles]


def editing_commune_ids(user: User) -> set[int]:
    """The communes whose results the user updates (commune staff's own communes): the
    questions of a returned year are theirs to answer."""
    if not _signed_in(user):
        return set()
    return {r.unit_id for r in roles_of(user) if r.kind in COMMUNE_EDIT_ROLES}
