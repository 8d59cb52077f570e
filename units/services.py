"""Writes to officials, their roles, their accounts and units. Each write runs in the
caller's transaction (or its own) and leaves its history row in it: RoleChange, PasswordChange,
AccountChange, UnitChange."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from criteria.models import Assessment, Criterion

from .models import (
    AccountChange,
    PasswordChange,
    PasswordResetRequest,
    Role,
    RoleChange,
    Unit,
    UnitChange,
    User,
)


def criteria_numbers(criteria: Iterable[Criterion]) -> str:
    """ "6, 16" for criteria 16 and 6; "" for none (a role limited to nothing means all)."""
    return ", ".join(str(n) for n in sorted({c.number for c in criteria}))


def _record(
    *, actor: User | None, action: str, role: Role, before: str, after: str, basis: str = ""
) -> None:
    RoleChange.objects.create(
        actor=actor,
        action=action,
        user_id=role.user_id,
        unit_id=role.unit_id,
        kind=role.kind,
        criteria_before=before,
        criteria_after=after,
        basis=basis,
    )


def official_create(
    *, username: str, full_name: str = "", position: str = "", email: str = "", phone: str = ""
) -> User:
    """A new account with an unusable password: an administrator sets one before it can sign in."""
    return User.objects.create_user(
        username=username,
        email=email,
        password=None,
        full_name=full_name,
        position=position,
        phone=phone,
    )


@transaction.atomic
def role_create(
    *,
    actor: User | None,
    user: User,
    unit: Unit,
    kind: str,
    criteria: Iterable[Criterion] = (),
) -> Role:
    """Give `user` the role `kind` at `unit`, limited to `criteria` (empty: all criteria)."""
    criteria = list(criteria)
    role = Role.objects.create(user=user, unit=unit, kind=kind)
    if criteria:
        role.criteria.set(criteria)
    _record(
        actor=actor,
        action=RoleChange.Action.ADDED,
        role=role,
        before="",
        after=criteria_numbers(criteria),
    )
    return role


@transaction.atomic
def role_update(
    *,
    actor: User | None,
    role: Role,
    user: User,
    unit: Unit,
    kind: str,
    criteria: Iterable[Criterion],
) -> Role:
    """Set the role's user, unit, kind and criteria. The old values are read from the database,
    so `role` may already carry the new ones (a bound ModelForm copies them onto it).

    Another user, unit or kind is recorded as the old role removed and the new one added; only
    new criteria are recorded as a change; no difference writes nothing.
    """
    old = Role.objects.select_for_update().get(pk=role.pk)
    old_criteria = criteria_numbers(old.criteria.all())
    criteria = list(criteria)
    new_criteria = criteria_numbers(criteria)
    moved = (old.user_id, old.unit_id, old.kind) != (user.pk, unit.pk, kind)
    if moved:
        Role.objects.filter(pk=role.pk).update(user=user, unit=unit, kind=kind)
    role.user, role.unit, role.kind = user, unit, kind
    if {c.pk for c in criteria} != set(old.criteria.values_list("pk", flat=True)):
        role.criteria.set(criteria)
    if moved:
        _record(
            actor=actor,
            action=RoleChange.Action.REMOVED,
            role=old,
            before=old_criteria,
            after="",
        )
        _record(
            actor=actor, action=RoleChange.Action.ADDED, role=role, before="", after=new_criteria
        )
    elif old_criteria != new_criteria:
        _record(
            actor=actor,
            action=RoleChange.Action.CHANGED,
            role=role,
            before=old_criteria,
            after=new_criteria,
        )
    return role


@transaction.atomic
def role_delete(*, actor: User | None, role: Role) -> None:
    """Take the role away; the record keeps its user, unit, kind and criteria."""
    old = Role.objects.select_for_update().get(pk=role.pk)
    before = criteria_numbers(old.criteria.all())
    old.delete()
    _record(actor=actor, action=RoleChange.Action.REMOVED, role=old, before=before, after="")


def end_roles(*, actor: User | None, units: Iterable[int], basis: str) -> int:
    """End every role at the units (ended by a reorganisation, units.reorganisation): each
    leaves its RoleChange "ended" with the basis; the people keep their accounts, their other
    roles and everything they recorded. Call inside the reorganisation's transaction."""
    roles = list(
        Role.objects.select_for_update()
        .filter(unit_id__in=list(units))
        .prefetch_related("criteria")
        .order_by("pk")
    )
    for role in roles:
        before = criteria_numbers(role.criteria.all())
        role.delete()
        _record(
            actor=actor,
            action=RoleChange.Action.ENDED,
            role=role,
            before=before,
            after="",
            basis=basis,
        )
    return len(roles)


# --- units ----------------------------------------------------------------------------------


# What a unit of each kind sits under (a commune under its district, or its province where
# there is no district level), and the words for the kinds in messages and spreadsheets.
PARENT_KINDS = {
    Unit.Kind.PROVINCE: (),
    Unit.Kind.DISTRICT: (Unit.Kind.PROVINCE,),
    Unit.Kind.COMMUNE: (Unit.Kind.DISTRICT, Unit.Kind.PROVINCE),  # (told in this order)
    Unit.Kind.VILLAGE: (Unit.Kind.COMMUNE,),
}
KIND_WORDS = [
    (Unit.Kind.PROVINCE, "Tỉnh"),
    (Unit.Kind.DISTRICT, "Huyện"),
    (Unit.Kind.COMMUNE, "Xã"),
    (Unit.Kind.VILLAGE, "Thôn"),
]


def parent_kind_problem(kind: str, parent_kind: str | None) -> str | None:
    """Why a unit of `kind` cannot sit under a unit of `parent_kind` (None: under nothing),
    or None when it can. The admin's form and the units import say the same."""
    allowed, words = PARENT_KINDS[kind], dict(KIND_WORDS)
    if not allowed and parent_kind is not None:
        return "Tỉnh không có đơn vị cấp trên."
    if allowed and parent_kind is None:
        return f"{words[kind]} phải có đơn vị cấp trên."
    if allowed and parent_kind not in allowed:
        choices = " hoặc ".join(words[k] for k in allowed)
        return f"Đơn vị cấp trên của {words[kind].lower()} phải là {choices}."
    return None


def has_records(unit: Unit) -> bool:
    """Whether a unit (or a commune below it) has years of results: moving it would rewrite
    the hierarchy those years are read in."""
    return Assessment.objects.filter(Q(commune=unit) | Q(commune__parent=unit)).exists()


def moved_with_records(unit: Unit, parent_now: str) -> str:
    """Why a unit with years of results is not moved by editing its parent (`parent_now`:
    how the form or file names the parent it has)."""
    return (
        f"{unit} đã có kết quả đánh giá: chuyển sang đơn vị cấp trên khác là một lần sắp xếp "
        "đơn vị hành chính, ghi theo nghị quyết ở trang Sắp xếp ĐVHC (để các năm trước giữ "
        f"đơn vị cấp trên của năm đó). Giữ nguyên đơn vị cấp trên hiện nay: “{parent_now}”."
    )


def placement_problems(*, unit: Unit | None, kind: str, parent: Unit | None) -> dict:
    """What is wrong with `unit` (None: one being created) being of `kind` under `parent`,
    as {field: [message]} (empty: nothing): its kind cannot change once it exists, it sits
    under the kinds PARENT_KINDS allows, never under itself or a unit below it, and a unit
    with years of results moves only by a reorganisation (units.reorganisation), which keeps
    where it was before."""
    problems: dict[str, list[str]] = {}
    if unit is not None and kind != unit.kind:
        was = dict(KIND_WORDS)[unit.kind]
        problems["kind"] = [f"Không đổi được cấp của đơn vị đã có ({unit}: {was})."]
        return problems
    wrong = parent_kind_problem(kind, parent.kind if parent is not None else None)
    if wrong:
        problems["parent"] = [wrong]
    elif (  # (never under itself or below it: the kinds above see to that)
        unit is not None
        and parent is not None
        and parent.pk != unit.parent_id
        and has_records(unit)
    ):
        problems["parent"] = [moved_with_records(unit, str(unit.parent or ""))]
    return problems


def province_under(parent: Unit | None) -> Unit | None:
    """The province of a unit placed under `parent`: the parent itself, or the parent's."""
    if parent is None:
        return None
    return parent if parent.kind == Unit.Kind.PROVINCE else parent.province


def unit_values(unit: Unit) -> dict[str, object]:
    """The unit's fields that UnitChange follows, as stored (ids for links): what a write
    compares against (unit_changes_record). No query."""
    return {f: getattr(unit, Unit._meta.get_field(f).attname) for f in UnitChange.TRACKED}


def _shown(field: str, value) -> str:
    """A stored value as people read it: a linked unit's or set's name, a choice's label, a
    date as 01/07/2025, có/không."""
    model_field = Unit._meta.get_field(field)
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        linked = model_field.related_model._default_manager.filter(pk=value).first()
        return str(linked) if linked is not None else str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _change_rows(unit: Unit, before: dict | None) -> list[UnitChange]:
    """The unsaved UnitChange rows of one write of `unit`: one per followed field whose value
    differs from `before` (unit_values before the write), or «Tạo đơn vị» when None."""
    if before is None:
        return [UnitChange(unit=unit, field=UnitChange.CREATED, after=str(unit)[:500])]
    after = unit_values(unit)
    return [
        UnitChange(
            unit=unit, field=f, before=_shown(f, before[f])[:500], after=_shown(f, after[f])[:500]
        )
        for f in UnitChange.TRACKED
        if before[f] != after[f]
    ]


def _recorded(rows: list[UnitChange], *, actor: User | None, via: str, basis: str):
    basis = " ".join(basis.split())[:500]
    for row in rows:
        row.actor, row.via, row.basis = actor, via, basis
    return UnitChange.objects.bulk_create(rows)


def unit_changes_record(
    *, unit: Unit, before: dict | None, actor: User | None, via: str, basis: str = ""
) -> list[UnitChange]:
    """The UnitChange rows of one write of `unit` (saved): one per followed field whose value
    differs from `before` (unit_values before the write), or one «Tạo đơn vị» row when
    `before` is None. Call inside the write's transaction."""
    return _recorded(_change_rows(unit, before), actor=actor, via=via, basis=basis)


def _below_follow(unit: Unit, *, actor: User | None, via: str, basis: str) -> list[UnitChange]:
    """The units below `unit` (two levels) take its province, each change on record with the
    same author and basis as the move that caused it."""
    below = list(
        Unit.objects.select_for_update()
        .filter(Q(parent=unit) | Q(parent__parent=unit))
        .exclude(province_id=unit.province_id)
    )
    rows = []
    for lower in below:
        before = unit_values(lower)
        lower.province_id = unit.province_id
        rows += _change_rows(lower, before)
    Unit.objects.bulk_update(below, ["province"])
    return _recorded(rows, actor=actor, via=via, basis=basis)


@transaction.atomic
def unit_update(*, unit: Unit, actor: User, basis: str = "", save) -> list[UnitChange]:
    """An administrator's change of a unit's record (the admin's form, saved by `save`), each
    field changed on record (UnitChange: from what to what, by whom, on what basis). The row
    is locked first, so two administrators' changes are recorded against what each replaced.
    The province follows the parent (province_under), and the units below follow the unit."""
    held = Unit.objects.select_for_update().get(pk=unit.pk)
    before = unit_values(held)
    unit.province = province_under(unit.parent)
    save()
    rows = unit_changes_record(
        unit=unit, before=before, actor=actor, via=UnitChange.Via.ADMIN, basis=basis
    )
    if unit.province_id != before["province"]:
        rows += _below_follow(unit, actor=actor, via=UnitChange.Via.ADMIN, basis=basis)
    return rows


def merged_from_names(unit: Unit) -> str:
    """The units `unit` was formed from, as people read them ("" for none): what a change of
    that list records (unit_merged_from_record)."""
    if unit.pk is None:
        return ""
    return ", ".join(sorted(str(u) for u in unit.merged_from.all()))


def unit_merged_from_record(
    *, unit: Unit, before: str, actor: User, basis: str = ""
) -> list[UnitChange]:
    """The row of an administrator's change of the units `unit` was formed from (`before`:
    merged_from_names before it), or nothing when the list is the same. A reorganisation
    records its mergers as its own operation."""
    after = merged_from_names(unit)
    if after == before:
        return []
    row = UnitChange(unit=unit, field="merged_from", before=before[:500], after=after[:500])
    return _recorded([row], actor=actor, via=UnitChange.Via.ADMIN, basis=basis)


def unit_save(*, code: str, fields: dict, parent: Unit | None, actor: User | None = None) -> Unit:
    """Create the unit `code`, or update it, with `fields` (name, prefix, kind, region,
    framework, level_goal) under `parent`; its province follows the parent's, and when it moves
    to another province the units below it follow. Each field changed is on record (UnitChange
    «Nhập Excel», beside the ImportRun that holds the file), a unit created too, a unit below
    that follows too. Call inside the caller's transaction."""
    province = province_under(parent)
    unit = Unit.objects.filter(code=code).first() or Unit(code=code)
    before = unit_values(unit) if unit.pk is not None else None
    moved = unit.pk is not None and unit.province_id != (province.pk if province else None)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.parent, unit.province = parent, province
    unit.save()
    unit_changes_record(unit=unit, before=before, actor=actor, via=UnitChange.Via.IMPORT)
    if moved:
        _below_follow(unit, actor=actor, via=UnitChange.Via.IMPORT, basis="")
    return unit


def password_changed(*, user: User, actor: User | None, how: str) -> PasswordChange:
    """The record of a password just set (in the caller's transaction, with the new hash):
    whose, by whom, when and how – never the password."""
    return PasswordChange.objects.create(user=user, actor=actor, how=how)


def password_reset_requested(*, email: str, ip: str | None, letters: int) -> PasswordResetRequest:
    """The record of one accepted «Quên mật khẩu?» request (units.accounts.ResetForm counts
    them to bound the next): the address typed, the network address, the letters queued."""
    return PasswordResetRequest.objects.create(email=email, ip=ip, letters=letters)


def account_values(user: User) -> dict[str, object]:
    """The account's details that AccountChange follows, as stored. No query."""
    return {f: getattr(user, f) for f in AccountChange.FOLLOWED}


def _said(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)[:254]


def account_changes_record(
    *, user: User, before: dict[str, object], actor: User | None
) -> list[AccountChange]:
    """The AccountChange rows of one write of `user` (saved): one per followed field whose
    value differs from `before` (account_values before the write). Call inside the write's
    transaction."""
    after = account_values(user)
    return AccountChange.objects.bulk_create(
        AccountChange(user=user, actor=actor, field=f, old=_said(before[f]), new=_said(after[f]))
        for f in AccountChange.FOLLOWED
        if before[f] != after[f]
    )


def account_grants(user: User) -> dict[str, set[str]]:
    """The account's groups (by name) and own admin permissions (app.codename). Two queries."""
    return {
        "groups": set(user.groups.values_list("name", flat=True)),
        "user_permissions": {
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        },
    }


def _listed(names: set[str]) -> str:
    text = ", ".join(sorted(names)) or "(không có)"
    return text if len(text) <= 254 else text[:253] + "…"


def account_grants_record(
    *, user: User, before: dict[str, set[str]], actor: User | None
) -> list[AccountChange]:
    """The AccountChange rows of a change of the account's groups or admin permissions (saved),
    each list whole, before and after. Call inside the write's transaction."""
    after = account_grants(user)
    return AccountChange.objects.bulk_create(
        AccountChange(
            user=user, actor=actor, field=f, old=_listed(before[f]), new=_listed(after[f])
        )
        for f in AccountChange.GRANTS
        if before[f] != after[f]
    )


@transaction.atomic
def contact_update(
    *, user: User, actor: User, values: dict[str, str], was: dict[str, str]
) -> list[AccountChange]:
    """A person's e-mail address and phone (`values`, by field) as they give them on their
    account page, over what the page showed (`was`): refused if the account holds something
    else by now (changed in another tab, or by an administrator) – never overwritten unseen.
    Each field that changed is written with its AccountChange row, in one transaction."""
    held = User.objects.select_for_update().get(pk=user.pk)
    moved = [f for f in values if getattr(held, f) != was.get(f, "")]
    if moved:
        names = ", ".join(str(AccountChange.Field(f).label).lower() for f in moved)
        raise ValidationError(
            f"Thông tin liên hệ ({names}) vừa được sửa ở nơi khác: xem lại giá trị hiện có rồi "
            "sửa lại nếu vẫn cần. Chưa lưu gì."
        )
    changes = [
        AccountChange(user=held, actor=actor, field=f, old=getattr(held, f), new=v)
        for f, v in values.items()
        if v != getattr(held, f)
    ]
    if changes:
        for c in changes:
            setattr(held, c.field, c.new)
            setattr(user, c.field, c.new)
        held.save(update_fields=[c.field for c in changes])
        AccountChange.objects.bulk_create(changes)
    return changes
