"""Writes of a unit's dated figures (area, population, households, villages) and of its legal
basis of creation. Each write runs in a transaction and leaves its UnitFactChange row in it.
Who may write is decided in units.access (can_record_unit_facts); the callers ask there."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.limits import field_length_error
from common.numbers import number_vi

from .models import Unit, UnitFact, UnitFactChange, User

# "8.512" people: a thousands dot (the page and the import read it so for whole kinds)
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
WHOLE_KINDS = {UnitFact.Kind.POPULATION, UnitFact.Kind.HOUSEHOLDS, UnitFact.Kind.VILLAGES}
MAX_VALUE = Decimal("1e10")


def fact_problems(
    unit: Unit, kind: str, value, as_of: date | None, basis: str
) -> dict[str, list[str]]:
    """Every problem of a figure, in Vietnamese, by field (kind, value, as_of, basis; empty:
    it may be recorded). The import asks the same, so a page and a file refuse a figure with
    the same words."""
    problems: dict[str, list[str]] = {}

    def problem(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if kind not in UnitFact.Kind.values:
        labels = ", ".join(f"“{k.label}”" for k in UnitFact.Kind)
        problem("kind", f"Loại số liệu “{kind}” không hợp lệ: dùng {labels}.")
    if value is None:
        problem("value", "Nhập giá trị.")
    else:
        try:
            value = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            problem("value", f"Giá trị “{value}” phải là một số.")
            value = None
    if value is not None:
        if not value.is_finite() or abs(value) >= MAX_VALUE:
            problem("value", "Giá trị quá lớn.")
        elif value < 0:
            problem("value", "Giá trị không được âm.")
        elif kind in WHOLE_KINDS and value != value.to_integral_value():
            problem("value", f"{UnitFact.Kind(kind).label} phải là số nguyên.")
        elif value != value.quantize(Decimal("0.0001")):
            problem("value", "Giá trị có tối đa 4 chữ số thập phân.")
    if as_of is None:
        problem("as_of", "Nhập ngày số liệu được tính đến.")
    else:
        if as_of > timezone.localdate():
            problem("as_of", f"Ngày {as_of:%d/%m/%Y} chưa tới.")
        if unit.valid_from and as_of < unit.valid_from:
            problem(
                "as_of",
                f"Ngày {as_of:%d/%m/%Y} trước khi {unit} có hiệu lực ({unit.valid_from:%d/%m/%Y}).",
            )
        if unit.valid_to and as_of >= unit.valid_to:
            problem(
                "as_of",
                f"Ngày {as_of:%d/%m/%Y} không trước ngày {unit} hết hiệu lực "
                f"({unit.valid_to:%d/%m/%Y}).",
            )
    basis = (basis or "").strip()
    if not basis:
        problem("basis", "Nhập căn cứ (nguồn số liệu hoặc văn bản).")
    elif error := field_length_error(UnitFact, "basis", basis):
        problem("basis", error)
    return problems


def fact_text(kind: str, value) -> str:
    """ "8.512" (people), "24,62" (km²): the value the Vietnamese way."""
    return number_vi(value, 0 if kind in WHOLE_KINDS else 4)


@transaction.atomic
def record_fact(
    *, actor: User | None, unit: Unit, kind: str, value, as_of: date, basis: str
) -> UnitFact:
    """Record the unit's figure of `kind` as of `as_of`: a new one, or the value of that date
    changed. The same value and basis again changes nothing (no history row)."""
    problems = fact_problems(unit, kind, value, as_of, basis)
    if problems:
        raise ValidationError(problems)  # keyed by field: kind, value, as_of, basis
    value, basis = Decimal(value), basis.strip()
    fact = UnitFact.objects.select_for_update().filter(unit=unit, kind=kind, as_of=as_of).first()
    if fact is not None and fact.value == value and fact.basis == basis:
        return fact
    before = "" if fact is None else fact_text(kind, fact.value)
    if fact is None:
        fact = UnitFact(unit=unit, kind=kind, as_of=as_of)
    fact.value, fact.basis = value, basis
    fact.recorded_by, fact.recorded_at = actor, timezone.now()
    fact.save()
    UnitFactChange.objects.create(
        actor=actor,
        action=UnitFactChange.Action.CHANGED if before else UnitFactChange.Action.ADDED,
        unit=unit,
        kind=kind,
        as_of=as_of,
        before=before,
        after=fact_text(kind, value),
        basis=basis,
    )
    return fact


@transaction.atomic
def record_creation_basis(*, actor: User | None, unit: Unit, basis: str) -> Unit:
    """Set the unit's legal basis of creation (căn cứ thành lập), with its history row."""
    basis = (basis or "").strip()
    if not basis:
        raise ValidationError("Nhập căn cứ thành lập.")
    if error := field_length_error(Unit, "created_by_basis", basis):
        raise ValidationError(error)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.created_by_basis == basis:
        return unit
    before = unit.created_by_basis
    unit.created_by_basis = basis
    unit.save(update_fields=["created_by_basis"])
    UnitFactChange.objects.create(
        actor=actor,
        action=UnitFactChange.Action.CHANGED if before else UnitFactChange.Action.ADDED,
        unit=unit,
        kind=UnitFactChange.CREATION_BASIS,
        before=before,
        after=basis,
        basis=basis,
    )
    return unit
