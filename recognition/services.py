"""Writes to the recognition register: one transaction each, one RecognitionChange per unit.

Who may call them is decided in units.access (can_record_recognition); these functions check
the data: a bad entry is a ValidationError in Vietnamese that lists every problem, and nothing
is written. The unit rows are locked while an entry is checked and written, so two offices
recording or revoking the same unit's tier at once are served one after the other, and the
second sees the first's decision.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.limits import field_length_error
from common.text import fold
from common.uploads import store_private_file
from criteria.models import Framework
from units.models import Unit, User

from .models import (
    TIER_UNIT_KINDS,
    Decision,
    Recognition,
    RecognitionChange,
    Tier,
    number_key,
    register_province,
)
from .selectors import standing

FIRST_YEAR, LAST_YEAR = 2010, 2100  # the programme began in 2010 (QĐ 491/QĐ-TTg 2009)
TEXT_FIELDS = ("number", "body", "signer", "basis", "note")
CORRECTABLE = ("in_force_from", "signer", "basis", "note")  # beyond a decision's identity


@dataclass
class Entry:
    """One unit at one tier in a decision being recorded."""

    unit: Unit
    tier: str
    year: int | None = None  # the year of the standard; the year of signing if None
    framework: Framework | None = None


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _text(value) -> str:
    return " ".join(str(value or "").split())


def decision_errors(fields: dict) -> list[str]:
    errors = []
    for name, label in (("number", "Số quyết định"), ("body", "Cơ quan ban hành")):
        if not fields.get(name):
            errors.append(f"{label} không được để trống.")
    for name in TEXT_FIELDS:
        if message := field_length_error(Decision, name, fields.get(name) or ""):
            errors.append(message)
    signed_on = fields.get("signed_on")
    if signed_on is None:
        errors.append("Ngày ký không được để trống.")
    else:
        if signed_on > timezone.localdate():
            errors.append(f"Ngày ký {_d(signed_on)} chưa đến: chỉ ghi quyết định đã ký.")
        if signed_on.year < FIRST_YEAR:
            errors.append(f"Ngày ký {_d(signed_on)} trước khi có Chương trình ({FIRST_YEAR}).")
        start = fields.get("in_force_from")
        if start and start < signed_on:
            errors.append(
                f"Ngày có hiệu lực {_d(start)} trước ngày ký {_d(signed_on)}: kiểm tra lại."
            )
    if fields.get("kind") not in Decision.Kind.values:
        errors.append("Loại quyết định không hợp lệ.")
    if fields.get("kind") == Decision.Kind.ACKNOWLEDGEMENT and not fields.get("basis"):
        errors.append(
            "Quyết định thừa nhận phải ghi căn cứ (ví dụ Văn bản 5424/BNN-VPĐP ngày 09/8/2023 "
            "và các quyết định công nhận của các xã trước sắp xếp)."
        )
    return errors


def unit_errors(unit: Unit, signed_on: date | None, what: str) -> list[str]:
    """The unit existed on the day the decision was signed."""
    if signed_on is None:
        return []
    if unit.valid_from and signed_on < unit.valid_from:
        return [
            f"{unit} chỉ có từ {_d(unit.valid_from)}: {what} ký ngày {_d(signed_on)} không thể "
            "ghi cho đơn vị này (quyết định cho các đơn vị trước sắp xếp ghi ở trang của từng "
            "đơn vị cũ)."
        ]
    if unit.valid_to and signed_on >= unit.valid_to:
        return [
            f"{unit} đã hết hiệu lực từ {_d(unit.valid_to)}: không ghi {what} ký ngày "
            f"{_d(signed_on)} cho đơn vị này."
        ]
    return []


def entry_errors(entry: Entry, signed_on: date | None, kind: str) -> list[str]:
    errors = []
    tier_kind = TIER_UNIT_KINDS.get(entry.tier)
    if tier_kind is None:
        return [f"Hạng công nhận “{entry.tier}” không có trong danh mục."]
    if entry.unit.kind != tier_kind:
        errors.append(
            f"{entry.unit} là {entry.unit.get_kind_display().lower()}: không thể công nhận hạng "
            f"“{Tier(entry.tier).label}” (hạng này dành cho {Unit.Kind(tier_kind).label.lower()})."
        )
    errors += unit_errors(entry.unit, signed_on, "quyết định")
    if entry.year is not None and not FIRST_YEAR <= entry.year <= LAST_YEAR:
        errors.append(f"Năm đạt chuẩn {entry.year} không hợp lệ ({FIRST_YEAR}–{LAST_YEAR}).")
    if entry.year is not None and signed_on and entry.year > signed_on.year + 1:
        errors.append(
            f"Năm đạt chuẩn {entry.year} sau năm ký quyết định ({signed_on.year}): kiểm tra lại."
        )
    if entry.framework is not None and entry.framework.level != entry.tier:
        errors.append(
            f"Bộ tiêu chí “{entry.framework}” là bộ {entry.framework.get_level_display()}, "
            f"không dùng để công nhận hạng “{Tier(entry.tier).label}”."
        )
    return errors


JOIN_REFUSED = (
    "Số quyết định này, cùng cơ quan ban hành và năm ký, đã được ghi cho đơn vị của tỉnh khác: "
    "kiểm tra lại số quyết định và cơ quan ban hành (ghi đủ tên, ví dụ UBND tỉnh Hà Tĩnh)."
)


def _existing(fields: dict, province: int | None, actor: User) -> Decision | None:
    """The decision with this number from this body in this year in the register of
    `province`, locked; the same number recorded with another date or kind is an error, never
    a silent merge. One naming another province's units (a row shared before decisions were
    per province, a unit moved since) is refused before anything of it is told. Who may record
    is the caller's question (units.access), as for every function here."""
    existing = (
        Decision.objects.select_for_update()
        .filter(
            province_id=province,
            number_key=number_key(fields["number"]),
            body_key=fold(fields["body"]),
            year=fields["signed_on"].year,
        )
        .first()
    )
    if existing is not None:
        named = Unit.objects.filter(recognitions__decision=existing).distinct()
        if any(register_province(unit) != province for unit in named):
            raise ValidationError(JOIN_REFUSED)  # another province's units: told nothing of it
        problems = []
        if existing.signed_on != fields["signed_on"]:
            problems.append(f"ngày ký {_d(existing.signed_on)}")
        if existing.kind != fields["kind"]:
            problems.append(f"loại “{existing.get_kind_display()}”")
        for name in CORRECTABLE:  # given here, and not what the decision already says
            given, recorded = fields.get(name), getattr(existing, name)
            if given and given != recorded:
                label = Decision._meta.get_field(name).verbose_name
                shown = _d(recorded) if isinstance(recorded, date) else recorded
                problems.append(f"{label} “{shown or 'để trống'}”")
        if problems:
            raise ValidationError(
                f"Quyết định số {existing.number} của {existing.body} đã được ghi với "
                f"{' và '.join(problems)}: kiểm tra lại số, ngày và loại quyết định."
            )
    return existing


def _decision_for(fields: dict, province: int | None, actor: User, upload) -> Decision:
    """The decision already recorded with this number in the register of `province` (see
    _existing), or a new one; the scan `upload` goes to it unless it has one. Two offices
    recording the same new number at once: the unique constraint makes the second wait for the
    first and fail; it then takes the first's decision."""
    decision = _existing(fields, province, actor)
    if decision is None:
        decision = Decision(**fields, province_id=province, recorded_by=actor)
        try:
            with transaction.atomic():
                if upload is not None:
                    store_private_file(decision, upload, what="bản chụp quyết định")
                else:
                    decision.save()
            return decision
        except IntegrityError:
            decision = _existing(fields, province, actor)  # committed meanwhile
            if decision is None:
                raise ValidationError(
                    f"Quyết định số {fields['number']} vừa được người khác ghi: tải lại trang "
                    "rồi thử lại."
                ) from None
    if upload is not None and not decision.file:
        # as attach_file: a new version (an open page is stale) and a record on every unit
        decision.version += 1
        store_private_file(decision, upload, what="bản chụp quyết định")
        _record_on_every_entry(
            decision, actor, RecognitionChange.Action.FILE, "", decision.original_name
        )
    return decision


def _lock_units(units) -> dict[int, Unit]:
    ids = sorted({u.pk for u in units})
    return {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _describe(row: Recognition | None) -> str:
    if row is None:
        return "chưa được công nhận"
    return f"{row.get_tier_display()} năm {row.year} theo {row.decision.short}"


@transaction.atomic
def record_decision(
    *,
    actor: User,
    kind: str,
    number: str,
    signed_on: date | None,
    body: str,
    entries: list[Entry],
    in_force_from: date | None = None,
    signer: str = "",
    basis: str = "",
    note: str = "",
    upload=None,
    source: str = "",
) -> Decision:
    """Record a recognition (công nhận) or acknowledgement (thừa nhận) naming `entries`, units
    of one province.

    A decision already recorded in that province's register (same number, body and year, same
    date and kind) gets the new entries added: a province's list names many communes in one
    decision. Another province's decision with the same number is another decision."""
    fields = {
        "kind": kind,
        "number": _text(number),
        "signed_on": signed_on,
        "in_force_from": in_force_from,
        "body": _text(body),
        "signer": _text(signer),
        "basis": _text(basis),
        "note": (note or "").strip(),
    }
    errors = decision_errors(fields)
    if kind == Decision.Kind.REVOCATION:
        errors.append("Ghi quyết định thu hồi ở trang thu hồi của từng đơn vị.")
    if not entries:
        errors.append("Quyết định phải có ít nhất một đơn vị được công nhận.")
    for entry in entries:
        errors += entry_errors(entry, signed_on, kind)
    provinces = {register_province(e.unit) for e in entries}
    if len(provinces) > 1:
        errors.append(
            "Một quyết định được ghi trong sổ của một tỉnh: ghi riêng cho các đơn vị của từng tỉnh."
        )
    if errors:
        raise ValidationError(errors)
    locked = _lock_units(e.unit for e in entries)
    decision = _decision_for(fields, provinces.pop(), actor, upload)
    before = standing(locked, decision.effective)
    now = timezone.now()
    seen = set()
    for entry in entries:
        unit = locked[entry.unit.pk]
        key = (unit.pk, entry.tier)
        if key in seen or decision.entries.filter(unit=unit, tier=entry.tier).exists():
            errors.append(
                f"{unit} đã có trong {decision.short} với hạng “{Tier(entry.tier).label}”."
            )
            continue
        seen.add(key)
        row = Recognition.objects.create(
            decision=decision,
            unit=unit,
            tier=entry.tier,
            framework=entry.framework,
            year=entry.year or signed_on.year,
            recorded_by=actor,
            recorded_at=now,
        )
        RecognitionChange.objects.create(
            at=now,
            actor=actor,
            action=RecognitionChange.Action.RECORDED,
            unit=unit,
            tier=entry.tier,
            decision=decision,
            before=_describe(before.get(key))[:1000],
            after=f"{decision.get_kind_display()}: {_describe(row)}"[:1000],
            legal_basis=(decision.basis or str(decision))[:255],
            source=source[:255],
        )
    if errors:
        raise ValidationError(errors)
    return decision


@transaction.atomic
def revoke(
    *,
    actor: User,
    entry: Recognition,
    number: str,
    signed_on: date | None,
    body: str,
    reason: str,
    failing_criteria: str = "",
    in_force_from: date | None = None,
    signer: str = "",
    basis: str = "",
    upload=None,
    source: str = "",
) -> Recognition:
    """Record the revocation (thu hồi) of `entry` by a decision: it must be in force when the
    revocation takes effect, and revoked once."""
    fields = {
        "kind": Decision.Kind.REVOCATION,
        "number": _text(number),
        "signed_on": signed_on,
        "in_force_from": in_force_from,
        "body": _text(body),
        "signer": _text(signer),
        "basis": _text(basis),
        "note": "",
    }
    errors = decision_errors(fields)
    reason = (reason or "").strip()
    failing_criteria = _text(failing_criteria)
    if not reason:
        errors.append("Phải ghi lý do thu hồi.")
    for name, text in (("reason", reason), ("failing_criteria", failing_criteria)):
        if message := field_length_error(Recognition, name, text):
            errors.append(message)
    unit = _lock_units([entry.unit])[entry.unit_id]
    entry = Recognition.objects.select_related("decision").get(pk=entry.pk)
    if entry.is_revocation:
        errors.append("Chỉ thu hồi được một quyết định công nhận.")
    if entry.revoked_by.exists():
        done = entry.revoked_by.select_related("decision").first()
        errors.append(
            f"Công nhận này đã bị thu hồi theo {done.decision.short}: tải lại trang để xem."
        )
    if signed_on:
        errors += unit_errors(unit, signed_on, "quyết định thu hồi")
        existing = None
        if fields["number"] and fields["body"]:
            try:
                existing = _existing(fields, register_province(unit), actor)
            except ValidationError as e:
                errors += e.messages
        # the day it takes effect: the recorded decision's, when it is one already recorded
        effective = existing.effective if existing else (in_force_from or signed_on)
        if effective < entry.decision.effective:
            errors.append(
                f"Quyết định thu hồi có hiệu lực {_d(effective)}, trước khi công nhận có hiệu "
                f"lực ({_d(entry.decision.effective)}): kiểm tra lại."
            )
        elif standing([unit.pk], effective).get((unit.pk, entry.tier)) != entry:
            errors.append(
                f"Ngày {_d(effective)}, {unit} không còn được công nhận hạng "
                f"“{entry.get_tier_display()}” theo {entry.decision.short}: không có gì để thu hồi."
            )
    if errors:
        raise ValidationError(errors)
    decision = _decision_for(fields, register_province(unit), actor, upload)
    if decision.entries.filter(unit=unit, tier=entry.tier).exists():
        raise ValidationError(f"{decision.short} đã ghi thu hồi hạng này của {unit}.")
    now = timezone.now()
    row = Recognition.objects.create(
        decision=decision,
        unit=unit,
        tier=entry.tier,
        framework=entry.framework,
        year=signed_on.year,
        revokes=entry,
        reason=reason,
        failing_criteria=failing_criteria,
        recorded_by=actor,
        recorded_at=now,
    )
    RecognitionChange.objects.create(
        at=now,
        actor=actor,
        action=RecognitionChange.Action.REVOKED,
        unit=unit,
        tier=entry.tier,
        decision=decision,
        before=_describe(entry)[:1000],
        after=(
            f"Thu hồi theo {decision.short}: {reason}"
            + (f" (tiêu chí không đạt: {failing_criteria})" if failing_criteria else "")
        )[:1000],
        legal_basis=(decision.basis or str(decision))[:255],
        source=source[:255],
    )
    return row


@transaction.atomic
def attach_file(*, actor: User, decision: Decision, upload, version: int) -> Decision:
    """Attach (or replace) the scanned decision. `version` is the one the form was read at."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.version != version:
        raise ValidationError(
            "Quyết định vừa được người khác sửa: tải lại trang để xem thay đổi rồi thử lại."
        )
    old_name, old_file = locked.original_name, locked.file.name
    store_private_file(locked, upload, what="bản chụp quyết định")
    Decision.objects.filter(pk=locked.pk).update(version=locked.version + 1)
    locked.version += 1
    if old_file:
        storage, name = locked.file.storage, old_file
        transaction.on_commit(lambda: storage.delete(name))
    _record_on_every_entry(
        locked, actor, RecognitionChange.Action.FILE, old_name, locked.original_name
    )
    return locked


@transaction.atomic
def correct_decision(*, actor: User, decision: Decision, version: int, **changes) -> Decision:
    """Correct what a decision says beyond its identity (in force from, signer, basis, note);
    a wrong number, date or body is a wrong decision: record the right one.

    The units it names are locked first, as `revoke` locks its unit before reading the
    recognition's day in force: a correction of that day and a revocation are served one after
    the other, and the second is checked against the first."""
    _lock_units(Unit(pk=pk) for pk in decision.entries.values_list("unit_id", flat=True))
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.version != version:
        raise ValidationError(
            "Quyết định vừa được người khác sửa: tải lại trang để xem thay đổi rồi thử lại."
        )
    new = {}
    for name in CORRECTABLE:
        if name in changes:
            value = changes[name]
            if name == "note":
                value = (value or "").strip()
            elif name != "in_force_from":
                value = _text(value)
            new[name] = value
    current = {n: getattr(locked, n) for n in ("kind", "number", "signed_on", "body", *CORRECTABLE)}
    errors = decision_errors({**current, **new})
    if not errors and "in_force_from" in new and new["in_force_from"] != locked.in_force_from:
        errors = _order_errors(locked, new["in_force_from"] or locked.signed_on)
    if errors:
        raise ValidationError(errors)
    diff = [(n, getattr(locked, n), v) for n, v in new.items() if getattr(locked, n) != v]
    if not diff:
        return locked
    for name, _, value in diff:
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    text = "; ".join(
        f"{Decision._meta.get_field(n).verbose_name}: {old or '—'} → {value or '—'}"
        for n, old, value in diff
    )
    _record_on_every_entry(locked, actor, RecognitionChange.Action.CORRECTED, text, str(locked))
    return locked


def _order_errors(decision: Decision, effective) -> list[str]:
    """A revocation takes effect on or after the recognition it revokes (as `revoke` checks):
    a decision's new day in force must keep it so for each of its entries."""
    errors = []
    for entry in decision.entries.select_related("unit", "revokes__decision"):
        if entry.revokes_id is not None and effective < entry.revokes.decision.effective:
            errors.append(
                f"{entry.unit}: quyết định thu hồi sẽ có hiệu lực {_d(effective)}, trước khi "
                f"công nhận có hiệu lực ({_d(entry.revokes.decision.effective)}): kiểm tra lại."
            )
        for revocation in entry.revoked_by.select_related("decision"):
            if revocation.decision.effective < effective:
                errors.append(
                    f"{entry.unit}: quyết định {revocation.decision} đã thu hồi công nhận này từ "
                    f"{_d(revocation.decision.effective)}, trước ngày hiệu lực mới "
                    f"{_d(effective)}: kiểm tra lại."
                )
    return errors


def _record_on_every_entry(decision: Decision, actor: User, action: str, before, after) -> None:
    """A change to a decision goes on the record of every unit and tier it names."""
    for unit_id, tier in decision.entries.values_list("unit_id", "tier").distinct():
        RecognitionChange.objects.create(
            actor=actor,
            action=action,
            unit_id=unit_id,
            tier=tier,
            decision=decision,
            before=before[:1000],
            after=after[:1000],
            legal_basis=str(decision)[:255],
        )
