"""The writes that carry a commune from one period's set to the next: its category on a set
(commune group, nhóm 1/2/3 for 2026–2030, or region) as dated rows with their decision, and the
mapping from an old set's indicators to a new set's (whose measured values the first year on
the new set carries, criteria.selectors.carried_values). Same conventions as
criteria.authoring: keyword-only, an actor, one transaction, the change on the record.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from units.access import can_set_unit_category
from units.models import Unit, User

from .authoring import Action, _record, _require_author, _require_basis
from .models import Framework, Indicator, UnitCategory
from .rejudging import rejudge_commune

# --- commune groups (UnitCategory) ---------------------------------


@transaction.atomic
def unit_category_set(
    *,
    unit: Unit,
    framework: Framework,
    category: str,
    basis: str,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
    actor: User,
) -> tuple[UnitCategory, bool]:
    """Record a commune's category (nhóm xã, or vùng) on a framework from `valid_from`, by a
    decision (`basis`). The row in force is closed the day before and a new row added, so the
    rows stay the history; the same category again changes nothing (its note neither). A date
    on or before the start of the latest row is refused (correct that row in the admin
    instead). The commune's years in progress from `valid_from`'s year on are judged again on
    the new group's bars. Returns (the row in force from `valid_from`, whether it was added)."""
    from datetime import timedelta

    if unit.kind != Unit.Kind.COMMUNE:
        raise ValidationError({"unit": f"{unit} không phải xã: chỉ xếp nhóm cho xã."})
    if not can_set_unit_category(actor, unit):
        raise PermissionDenied(f"Bạn không được xếp nhóm cho {unit}.")
    if framework.category_kind not in (
        Framework.CategoryKind.GROUP,
        Framework.CategoryKind.REGION,
    ):
        raise ValidationError(
            {"framework": f"Bộ tiêu chí {framework} không phân ngưỡng theo vùng hoặc nhóm xã."}
        )
    keys = list(framework.categories.values_list("key", flat=True))
    if category not in keys:
        raise ValidationError(
            {
                "category": f"“{category[:40]}” không phải vùng/nhóm của bộ tiêu chí {framework}"
                + (f" (có: {', '.join(keys)})." if keys else ".")
            }
        )
    basis = (basis or "").strip()
    if not basis:
        raise ValidationError({"basis": "Ghi căn cứ (số, ngày quyết định xếp nhóm)."})
    if len(basis) > 255:
        raise ValidationError({"basis": "Căn cứ tối đa 255 ký tự."})
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": "Ghi chú tối đa 500 ký tự."})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": "Ngày hết áp dụng phải sau ngày áp dụng."})
    latest = (
        UnitCategory.objects.select_for_update()
        .filter(unit=unit, framework=framework)
        .order_by("-valid_from", "-pk")
        .first()
    )
    in_force = latest is not None and (
        latest.valid_from <= valid_from
        and (latest.valid_to is None or latest.valid_to >= valid_from)
    )
    if in_force and latest.category == category:
        return latest, False
    if latest is not None and valid_from <= latest.valid_from:
        raise ValidationError(
            {
                "valid_from": f"{unit} đã có {latest.category} áp dụng từ "
                f"{latest.valid_from:%d/%m/%Y}: ngày áp dụng mới phải sau ngày đó."
            }
        )
    if in_force:
        UnitCategory.objects.filter(pk=latest.pk).update(valid_to=valid_from - timedelta(days=1))
    row = UnitCategory.objects.create(
        unit=unit,
        framework=framework,
        category=category,
        basis=basis,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    # its years in progress from then on are judged on the new group's bars
    rejudge_commune(unit, framework, actor=actor, basis=basis, since=valid_from)
    return row, True


@transaction.atomic
def mapping_set(*, source: Framework, target: Framework, rows, actor: User, basis: str = ""):
    """Create or update how the indicators of `source` carry over to `target`: `rows` are
    (old indicator, new indicator[, note]). A target indicator already mapped gets its new
    source; rows not given are kept. Each change is on the target's record. Refused: an
    indicator of another framework than the row names, a target indicator mapped twice, and a
    user who may not author the target. Returns the FrameworkMapping."""
    from .models import FrameworkMapping, IndicatorMapping

    _require_author(actor, target)
    basis = (basis or "").strip()
    if len(basis) > 255:
        raise ValidationError({"basis": "Căn cứ tối đa 255 ký tự."})
    if source.pk == target.pk:
        raise ValidationError({"target": "Bộ tiêu chí cũ và mới phải khác nhau."})
    errors: dict[str, list[str]] = {}
    wanted: dict[int, tuple[Indicator, Indicator, str]] = {}
    for row in rows:
        old, new, note = (*row, "")[:3]
        note = (note or "").strip()
        if old.framework_id != source.pk:
            errors.setdefault("source", []).append(
                f"Chỉ tiêu {old.code} không thuộc bộ tiêu chí {source}."
            )
        if new.framework_id != target.pk:
            errors.setdefault("target", []).append(
                f"Chỉ tiêu {new.code} không thuộc bộ tiêu chí {target}."
            )
        if new.pk in wanted:
            errors.setdefault("target", []).append(
                f"Chỉ tiêu mới {new.code} được chuyển đổi hai lần: mỗi chỉ tiêu mới lấy từ một "
                "chỉ tiêu cũ."
            )
        if len(note) > 255:
            errors.setdefault("note", []).append("Ghi chú tối đa 255 ký tự.")
        wanted[new.pk] = (old, new, note)
    if errors:
        raise ValidationError(errors)
    mapping, created = FrameworkMapping.objects.select_for_update().get_or_create(
        source=source, target=target, defaults={"basis": basis, "created_by": actor}
    )
    what = f"chuyển đổi từ {source.key}"
    if created:
        _record(target, actor, Action.ADDED, what, new=str(mapping), basis=basis)
    elif basis and mapping.basis != basis:
        _record(target, actor, Action.EDITED, what, "basis", mapping.basis, basis, basis)
        FrameworkMapping.objects.filter(pk=mapping.pk).update(basis=basis)
        mapping.basis = basis
    existing = {m.target_id: m for m in mapping.rows.select_related("source")}
    for old, new, note in wanted.values():
        row = existing.get(new.pk)
        if row is None:
            IndicatorMapping.objects.create(mapping=mapping, source=old, target=new, note=note)
            _record(target, actor, Action.ADDED, f"{what}: {new.code}", new=old.code, basis=basis)
        elif (row.source_id, row.note) != (old.pk, note):
            _record(
                target,
                actor,
                Action.EDITED,
                f"{what}: {new.code}",
                "source",
                f"{row.source.code} {row.note}".strip(),
                f"{old.code} {note}".strip(),
                basis,
            )
            IndicatorMapping.objects.filter(pk=row.pk).update(source=old, note=note)
    return mapping


# --- commune groups from the page (criteria.group_views) ---------------------------------------


# --- one row of a mapping removed from the page (criteria.mapping_views) -----------------------


@transaction.atomic
def mapping_row_delete(*, row, actor: User, basis: str = "") -> None:
    """Remove one row (IndicatorMapping) of a mapping into a set the actor may author: the new
    indicator no longer takes a value from the old one when a commune opens its first year on
    the set from now on. Years already opened are left exactly as they are: their carried values
    were copied when the year was opened and stay. The FrameworkMapping itself stays, even with
    no row left (it still says which set a year's values moved on to: selectors.superseded_by).
    On the target's record (DELETED, "chuyển đổi 17.1 → 1.1", the row as old value); a published
    target needs a basis."""
    from .models import IndicatorMapping

    target = row.mapping.target
    _require_author(actor, target)
    try:
        basis = _require_basis(target, basis)
    except ValidationError as error:
        raise ValidationError({"basis": error.message_dict["legal_basis"]}) from None
    locked = (
        IndicatorMapping.objects.select_for_update(of=("self",))
        .select_related("mapping__source", "source", "target")
        .filter(pk=row.pk, mapping__target=target)
        .first()
    )
    if locked is None:  # removed by someone else in between
        raise ValidationError("Dòng chuyển đổi này vừa được xóa. Vui lòng tải lại trang.")
    old, new, note = locked.source.code, locked.target.code, locked.note
    shown = f"{locked.mapping.source.key} {old} → {new}" + (f" ({note})" if note else "")
    locked.delete()
    _record(target, actor, Action.DELETED, f"chuyển đổi {old} → {new}", old=shown, basis=basis)
