"""Writes of what every document of a unit carries, kept as data and reused by each later
draft: its purposes, own targets, measures and duties of bodies of a year (PlanItem, by part of
the plan), the «Nơi nhận» of each issuer (RecipientList) and the people who sign (Signatory).
Each save runs in one transaction, refuses a row another official changed since the page was
shown (naming them), and leaves one UnitDocumentChange saying what went from what to what."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from common.text import nfc
from units.models import Unit, User

from .models import Plan, PlanItem, RecipientList, Signatory, UnitDocumentChange


def _clean(text: str) -> str:
    return nfc(text or "").strip()


def stale_error(what: str, row) -> ValidationError:
    """«<what> vừa được <who> sửa: chưa lưu gì …», naming who saved `row` last."""
    who = getattr(getattr(row, "updated_by", None), "display_name", None) or "người khác"
    return ValidationError(
        f"{what} vừa được {who} sửa: chưa lưu gì. Mở lại trang để xem bản mới rồi sửa tiếp."
    )


def _save_rows(
    *,
    existing: dict[int, models.Model],
    rows: Sequence,
    fields: Sequence[str],
    describe: Callable[[dict], str],
    create: Callable[[dict], models.Model],
    what: str,
    actor: User | None,
    now,
) -> list[list[str]]:
    """Apply rows (pk None: new; `delete`, or every text emptied: remove) to the locked
    `existing` rows; return the changes as [action, from, to]. A row whose version is not the
    one shown refuses all, and so does a row the page did not show: saved by someone else
    since (two officials saving the list carried from last year would both add it)."""
    shown = {row.pk for row in rows if row.pk is not None}
    if unseen := [current for pk, current in existing.items() if pk not in shown]:
        raise stale_error(what, max(unseen, key=lambda r: r.pk))
    changes: list[list[str]] = []
    for row in rows:
        values = {
            f: _clean(getattr(row, f)) if isinstance(getattr(row, f), str) else getattr(row, f)
            for f in fields
        }
        emptied = not any(v for v in values.values() if isinstance(v, str))
        if row.pk is None:
            if not row.delete and not emptied:
                create(values)
                changes.append(["Thêm", "", describe(values)])
            continue
        current = existing.get(row.pk)
        if current is None or current.version != row.version:
            raise stale_error(what, current)
        before = {f: getattr(current, f) for f in fields}
        if row.delete or emptied:
            current.delete()
            changes.append(["Bỏ", describe(before), ""])
            continue
        if before == values:
            continue
        for f, v in values.items():
            setattr(current, f, v)
        current.version += 1
        if hasattr(current, "updated_by"):
            current.updated_by, current.updated_at = actor, now
        current.save()
        changes.append(["Sửa", describe(before), describe(values)])
    return changes


# --- the unit's measures and duties of bodies (§ Nhiệm vụ, giải pháp; § Tổ chức thực hiện) ---


@dataclass(frozen=True)
class ItemRow:
    pk: int | None
    version: int | None
    position: int
    heading: str
    text: str
    delete: bool = False


def describe_item(values: dict) -> str:
    heading, text = values.get("heading", ""), values.get("text", "")
    return f"{heading}: {text}" if heading else text


SUBJECTS = {
    PlanItem.Part.PURPOSES: UnitDocumentChange.Subject.PURPOSES,
    PlanItem.Part.GOALS: UnitDocumentChange.Subject.GOALS,
    PlanItem.Part.MEASURES: UnitDocumentChange.Subject.MEASURES,
    PlanItem.Part.DUTIES: UnitDocumentChange.Subject.DUTIES,
}
PART_NAMES = {part: UnitDocumentChange.Subject(subject).label for part, subject in SUBJECTS.items()}


@transaction.atomic
def items_save(
    *, unit: Unit, year: int, part: str, rows: Sequence[ItemRow], actor: User | None
) -> int:
    """Save a unit's items of one part for a year (its measures, or its duties of bodies), all
    or nothing; returns how many rows changed. A new row without text is ignored."""
    now = timezone.now()
    # saves of one unit's lists take turns: the rows a colleague has just added are seen
    Unit.objects.select_for_update().only("pk").get(pk=unit.pk)
    existing = {
        d.pk: d
        # the rows only: PostgreSQL locks no nullable side of an outer join (updated_by)
        for d in PlanItem.objects.select_for_update(of=("self",))
        .filter(unit=unit, year=year, part=part)
        .select_related("updated_by")
    }
    changes = _save_rows(
        existing=existing,
        rows=[r for r in rows if r.pk is not None or _clean(r.text)],
        fields=("position", "heading", "text"),
        describe=describe_item,
        create=lambda v: PlanItem.objects.create(
            unit=unit, year=year, part=part, updated_by=actor, updated_at=now, **v
        ),
        what=f"{PART_NAMES[part]} năm {year}",
        actor=actor,
        now=now,
    )
    if changes:
        UnitDocumentChange.objects.create(
            unit=unit, subject=SUBJECTS[part], year=year, actor=actor, at=now, changes=changes
        )
    return len(changes)


# --- recipients («Nơi nhận») -----------------------------------------------------------------


def recipient_lines(text: str) -> list[str]:
    """One recipient a line, as typed; a leading «- » (pasted from a document) is dropped."""
    lines = (_clean(line).removeprefix("- ").strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


@transaction.atomic
def recipients_save(
    *, unit: Unit, issuer: str, text: str, version: int | None, actor: User | None
) -> bool:
    """Save the «Nơi nhận» of the unit's documents of `issuer` (emptied: the drafts go back to
    their own list). Returns whether anything changed."""
    label = f"Nơi nhận văn bản {Plan.Issuer(issuer).label}"
    current = (
        RecipientList.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(unit=unit, issuer=issuer)
        .first()
    )
    if (current.version if current else None) != version:
        raise stale_error(label, current)
    new = "\n".join(recipient_lines(text))
    old = current.recipients if current else ""
    if new == old:
        return False
    now = timezone.now()
    if current is None:
        try:
            with transaction.atomic():
                RecipientList.objects.create(
                    unit=unit, issuer=issuer, recipients=new, updated_by=actor, updated_at=now
                )
        except IntegrityError:  # another official created it at the same moment
            raise stale_error(label, None) from None
    elif not new:
        current.delete()
    else:
        current.recipients, current.version = new, current.version + 1
        current.updated_by, current.updated_at = actor, now
        current.save()
    UnitDocumentChange.objects.create(
        unit=unit,
        subject=UnitDocumentChange.Subject.RECIPIENTS,
        actor=actor,
        at=now,
        changes=[[label, old, new]],
    )
    return True


# --- people who sign -------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatoryRow:
    pk: int | None
    version: int | None
    issuer: str
    full_name: str
    position: str
    order: int
    active: bool
    delete: bool = False


def describe_signatory(values: dict) -> str:
    name = values.get("full_name") or "(không ghi tên)"
    text = (
        f"{name}, {values.get('position', '')} – ký văn bản {Plan.Issuer(values['issuer']).label}"
    )
    return text if values.get("active", True) else text + " (thôi đương nhiệm)"


@transaction.atomic
def signatories_save(*, unit: Unit, rows: Sequence[SignatoryRow], actor: User | None) -> int:
    """Save who signs the unit's documents, all or nothing; returns how many rows changed. A
    new row without a position is ignored."""
    now = timezone.now()
    Unit.objects.select_for_update().only("pk").get(pk=unit.pk)  # saves of a unit take turns
    existing = {s.pk: s for s in Signatory.objects.select_for_update().filter(unit=unit)}
    rows = [  # a row whose name and position were both cleared goes
        replace(r, delete=True) if not _clean(r.full_name) and not _clean(r.position) else r
        for r in rows
    ]
    changes = _save_rows(
        existing=existing,
        rows=[r for r in rows if r.pk is not None or _clean(r.position)],
        fields=("issuer", "full_name", "position", "order", "active"),
        describe=describe_signatory,
        create=lambda v: Signatory.objects.create(unit=unit, **v),
        what="Danh sách người ký",
        actor=actor,
        now=now,
    )
    if changes:
        UnitDocumentChange.objects.create(
            unit=unit,
            subject=UnitDocumentChange.Subject.SIGNATORIES,
            actor=actor,
            at=now,
            changes=changes,
        )
    return len(changes)
