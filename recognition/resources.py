"""Recognition decisions as a spreadsheet (the import kind "recognitions"): the resource that
checks a file's rows (a dry run on common.importing's base) and `recognitions_apply`, which
writes the checked plan through recognition.services. The import pipeline (imports.services)
runs both; "download current data" exports a unit's register in the same layout.

One sheet, one row per unit at one tier in one decision (COLUMNS, Vietnamese headers): a
province's list names many communes in one decision, and rows sharing the decision's number,
issuing body and year of signing are that one decision with many entries. The first row of a
decision in the file states it (date, kind, in force from, signer, basis, note); the later rows
repeat those values or leave the optional ones empty. A decision already in the register is
reused: the file must then agree with it (a different date or kind is refused, never merged).

A "Thu hồi" row revokes the entry by which the unit holds the tier on the revocation's
effective day (recognition.selectors.standing), in the register or recorded by a row above it
in the file: rows are written top to bottom. A row already in the register (same decision,
unit and tier) changes nothing, so an exported file imports back unchanged.

Every row is checked here against the user's rights on its unit (units.access.
can_record_recognition) and the rules of the services; the pipeline imports only a file without
a single bad row, in one transaction, each row through `services.record_decision` or
`services.revoke` with the source "Tệp Excel <file name>" in its RecognitionChange.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from import_export.fields import Field

from common.importing import Check, Progress, RowFailed, RowsResource, parse_int, row_written
from common.importing import attempt as _attempt
from common.limits import field_length_error
from common.spreadsheets import cell_date, cell_text, note_text
from common.text import fold
from units.access import can_record_recognition
from units.models import Unit, User

from . import selectors, services
from .models import TIER_UNIT_KINDS, Decision, Recognition, Tier, number_key, register_province
from .services import FIRST_YEAR, LAST_YEAR, Entry

UNIT = "Mã đơn vị"
NAME = "Tên đơn vị"
TIER = "Hạng"
KIND = "Loại quyết định"
NUMBER = "Số quyết định"
SIGNED = "Ngày ký"
IN_FORCE = "Có hiệu lực từ"
BODY = "Cơ quan ban hành"
SIGNER = "Người ký"
YEAR = "Năm đạt chuẩn"
BASIS = "Căn cứ"
REASON = "Lý do thu hồi"
FAILING = "Tiêu chí không đạt"
NOTE = "Ghi chú"

COLUMNS = [
    UNIT,
    NAME,
    TIER,
    KIND,
    NUMBER,
    SIGNED,
    IN_FORCE,
    BODY,
    SIGNER,
    YEAR,
    BASIS,
    REASON,
    FAILING,
    NOTE,
]
REQUIRED = [UNIT, TIER, KIND, NUMBER, SIGNED, BODY]

Kind = Decision.Kind
# the words of the sheet (the full labels and the codes are accepted too)
KIND_WORDS = {
    Kind.RECOGNITION: "Công nhận",
    Kind.ACKNOWLEDGEMENT: "Thừa nhận",
    Kind.REVOCATION: "Thu hồi",
}
_KIND_BY_TEXT = {
    word: kind
    for kind in Kind
    for word in (
        fold(KIND_WORDS[kind]),
        fold(kind.label),
        kind.value,
        kind.value.replace("_", " "),
    )
}
_TIER_BY_TEXT = {
    word: tier
    for tier in Tier
    for word in (fold(tier.label), tier.value, tier.value.replace("_", " "))
}

HELP = [
    (UNIT, "Mã đơn vị được công nhận (xã, thôn, huyện hoặc tỉnh), ví dụ "
     "ha-tinh.cam-xuyen.cam-tan. Bắt buộc."),
    (NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
    (TIER, "Xã NTM, Xã NTM nâng cao, Xã NTM kiểu mẫu, Xã NTM hiện đại (xã); Khu dân cư kiểu "
     "mẫu (thôn); Huyện NTM (huyện); Tỉnh hoàn thành nhiệm vụ xây dựng NTM (tỉnh). Bắt buộc."),
    (KIND, "Công nhận, Thừa nhận (đơn vị sau sắp xếp) hoặc Thu hồi. Bắt buộc."),
    (NUMBER, "Ví dụ 2345/QĐ-UBND. Các dòng cùng số, cùng cơ quan ban hành và cùng năm ký là một "
     "quyết định (nhiều đơn vị). Bắt buộc."),
    (SIGNED, "Ngày/tháng/năm, ví dụ 29/12/2023 (hoặc ô kiểu ngày). Bắt buộc."),
    (IN_FORCE, "Ngày/tháng/năm; để trống: có hiệu lực từ ngày ký."),
    (BODY, "Ví dụ UBND tỉnh Hà Tĩnh. Bắt buộc."),
    (SIGNER, "Không bắt buộc."),
    (YEAR, "Năm đạt chuẩn, ví dụ 2023; để trống: năm ký quyết định. Để trống ở dòng thu hồi."),
    (BASIS, "Văn bản làm căn cứ; bắt buộc với dòng thừa nhận (ví dụ Văn bản 5424/BNN-VPĐP "
     "ngày 09/8/2023 và các quyết định công nhận trước sắp xếp)."),
    (REASON, "Bắt buộc với dòng thu hồi: thu hồi công nhận hạng này đang có hiệu lực của đơn "
     "vị vào ngày quyết định thu hồi có hiệu lực (trong hệ thống hoặc ở dòng phía trên)."),
    (FAILING, "Chỉ với dòng thu hồi, ví dụ 10, 17 (không bắt buộc)."),
    (NOTE, "Ghi chú của quyết định công nhận, thừa nhận (không bắt buộc); để trống ở dòng thu "
     "hồi."),
]  # fmt: skip

# the optional fields of a decision, which the rows of one decision must not contradict
DECISION_FIELDS = (
    ("in_force_from", IN_FORCE),
    ("signer", SIGNER),
    ("basis", BASIS),
    ("note", NOTE),
)


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _short(text: str, limit: int = 64) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def parse_kind(text: str) -> str:
    kind = _KIND_BY_TEXT.get(fold(text))
    if kind is None:
        raise ValidationError(
            f"Loại quyết định “{_short(text, 40)}” không hợp lệ: dùng “Công nhận”, “Thừa nhận” "
            "hoặc “Thu hồi”."
        )
    return kind


def parse_tier(text: str) -> str:
    """A tier from its label or code, folded; "nông thôn mới" may be written out."""
    folded = fold(text).replace("dat chuan ", "").replace("nong thon moi", "ntm")
    tier = _TIER_BY_TEXT.get(folded)
    if tier is None:
        names = ", ".join(f"“{label}”" for _, label in Tier.choices)
        raise ValidationError(f"Hạng “{_short(text, 40)}” không hợp lệ: dùng {names}.")
    return tier


@dataclass
class DecisionPlan:
    """One decision the file names: as the register has it, or as its first row states it."""

    key: tuple  # (number key, folded body, year of signing, province id): one decision
    row: int  # its first row in the file
    kind: str
    number: str
    signed_on: date
    body: str
    in_force_from: date | None = None
    signer: str = ""
    basis: str = ""
    note: str = ""
    existing: Decision | None = None

    @property
    def effective(self) -> date:
        return self.in_force_from or self.signed_on

    @property
    def short(self) -> str:
        return f"QĐ {self.number} ngày {_d(self.signed_on)}"


@dataclass
class Held:
    """An entry of the register as the check sees it: recorded, or planned by a row above."""

    effective: date
    order: tuple  # ties on the effective day: the later recorded (as standing orders them)
    revocation: bool
    text: str = ""
    pk: int | None = None  # a recorded entry
    row: int | None = None  # an entry planned by this row of the file
    revokes: tuple | None = None  # a revocation: the `ident` it revokes

    @property
    def ident(self) -> tuple:
        return ("pk", self.pk) if self.pk is not None else ("row", self.row)


@dataclass
class RecognitionWrite:
    """One checked row: an entry to record in `decision`, or (revocation) the entry to revoke."""

    row: int
    unit: Unit
    tier: str
    year: int
    decision: DecisionPlan
    reason: str = ""
    failing_criteria: str = ""
    target: Held | None = None
    is_new = True

    @property
    def kind(self) -> str:
        return self.decision.kind


def _shown(value) -> str:
    if not value:
        return "để trống"
    return _d(value) if isinstance(value, date) else f"“{_short(value)}”"


def _held_text(entry: Recognition) -> str:
    return f"{entry.get_tier_display()} năm {entry.year} theo {entry.decision.short}"


class RecognitionResource(RowsResource):
    """Rows of (unit, tier, decision) for one user: exports what they may read, checks what
    they may record (the NTM office of the unit's province; administrators everywhere)."""

    COLUMNS = COLUMNS
    REQUIRED = REQUIRED
    HELP = HELP
    TITLE = "Quyết định công nhận"

    unit_code = Field(column_name=UNIT)
    unit_name = Field(column_name=NAME)
    tier_label = Field(column_name=TIER)
    kind_word = Field(column_name=KIND)
    number_text = Field(column_name=NUMBER)
    signed = Field(column_name=SIGNED)
    in_force = Field(column_name=IN_FORCE)
    body_text = Field(column_name=BODY)
    signer_text = Field(column_name=SIGNER)
    standard_year = Field(column_name=YEAR)
    basis_text = Field(column_name=BASIS)
    reason_text = Field(column_name=REASON)
    failing_text = Field(column_name=FAILING)
    note_cell = Field(column_name=NOTE)

    class Meta:
        model = Recognition
        fields = (
            "unit_code",
            "unit_name",
            "tier_label",
            "kind_word",
            "number_text",
            "signed",
            "in_force",
            "body_text",
            "signer_text",
            "standard_year",
            "basis_text",
            "reason_text",
            "failing_text",
            "note_cell",
        )
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True

    # --- export ---------------------------------------------------------------------------

    def dehydrate_unit_code(self, r):
        return r.unit.code

    def dehydrate_unit_name(self, r):
        return str(r.unit)

    def dehydrate_tier_label(self, r):
        return r.get_tier_display()

    def dehydrate_kind_word(self, r):
        return KIND_WORDS[r.decision.kind]

    def dehydrate_number_text(self, r):
        return r.decision.number

    def dehydrate_signed(self, r):
        return _d(r.decision.signed_on)

    def dehydrate_in_force(self, r):
        return _d(r.decision.in_force_from)

    def dehydrate_body_text(self, r):
        return r.decision.body

    def dehydrate_signer_text(self, r):
        return r.decision.signer

    def dehydrate_standard_year(self, r):
        return "" if r.is_revocation else r.year

    def dehydrate_basis_text(self, r):
        return r.decision.basis

    def dehydrate_reason_text(self, r):
        return r.reason

    def dehydrate_failing_text(self, r):
        return r.failing_criteria

    def dehydrate_note_cell(self, r):
        return "" if r.is_revocation else r.decision.note

    # --- the check ------------------------------------------------------------------------

    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[UNIT]} - {""}
        self.units = {
            u.code: u
            for u in Unit.objects.filter(code__in=codes).select_related("province", "parent")
        }
        numbers = {number_key(cell_text(v)) for v in dataset[NUMBER]} - {""}
        bodies = {fold(cell_text(v)) for v in dataset[BODY]} - {""}
        self.recorded = {
            (d.number_key, d.body_key, d.year, d.province_id): d
            for d in Decision.objects.filter(number_key__in=numbers, body_key__in=bodies)
        }
        self.recorded_entries = {
            (r.decision_id, r.unit_id, r.tier): r
            for r in Recognition.objects.filter(decision__in=list(self.recorded.values()))
        }
        # the register of the file's units, as standing reads it, and the rows planned on it
        ids = [u.pk for u in self.units.values()]
        self.register: dict[tuple[int, str], list[Held]] = defaultdict(list)
        for r in selectors.entries(ids):
            self.register[(r.unit_id, r.tier)].append(
                Held(
                    effective=r.decision.effective,
                    order=(0, r.pk),
                    revocation=r.is_revocation,
                    text=_held_text(r),
                    pk=r.pk,
                    revokes=("pk", r.revokes_id) if r.revokes_id else None,
                )
            )
        self.merger_days = selectors.merger_days(ids)  # standing's own rule
        self.decisions: dict[tuple, DecisionPlan] = {}

    def _standing(self, unit: Unit, tier: str, on: date) -> Held | None:
        """The entry by which `unit` holds `tier` on `on`: recognition.selectors.standing's
        rule, over the register and the rows planned above."""
        if unit.valid_to and unit.valid_to <= on:
            return None  # no longer exists that day
        rows = [h for h in self.register[(unit.pk, tier)] if h.effective <= on]
        revoked = {h.revokes for h in rows if h.revocation}
        began = self.merger_days.get(unit.pk)
        held = None
        for h in rows:
            if h.revocation or h.ident in revoked:
                continue
            if began is not None and h.effective < began <= on:
                continue
            if held is None or (h.effective, h.order) > (held.effective, held.order):
                held = h
        return held

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = defaultdict(list)

        def attempt(column, parse):
            return _attempt(errors, column, parse)

        code = cell_text(row.get(UNIT))
        unit = self.units.get(code) if code else None
        if not code:
            errors[UNIT].append("Nhập mã đơn vị.")
        elif unit is None:
            errors[UNIT].append(f"Không có đơn vị nào mang mã “{_short(code)}”.")

        tier_text = cell_text(row.get(TIER))
        tier = attempt(TIER, lambda: parse_tier(tier_text)) if tier_text else None
        if not tier_text:
            errors[TIER].append("Nhập hạng công nhận, ví dụ Xã NTM.")
        kind_text = cell_text(row.get(KIND))
        kind = attempt(KIND, lambda: parse_kind(kind_text)) if kind_text else None
        if not kind_text:
            errors[KIND].append("Nhập loại quyết định: Công nhận, Thừa nhận hoặc Thu hồi.")
        revocation = kind == Kind.REVOCATION

        decision_number = cell_text(row.get(NUMBER))
        body = cell_text(row.get(BODY))
        for text, column, name, missing in (
            (decision_number, NUMBER, "number", "Nhập số quyết định, ví dụ 2345/QĐ-UBND."),
            (body, BODY, "body", "Nhập cơ quan ban hành, ví dụ UBND tỉnh Hà Tĩnh."),
        ):
            if not text:
                errors[column].append(missing)
            elif message := field_length_error(Decision, name, text):
                errors[column].append(message)
        signed_on = attempt(SIGNED, lambda: cell_date(row.get(SIGNED), SIGNED))
        if signed_on is None and SIGNED not in errors:
            errors[SIGNED].append("Nhập ngày ký quyết định.")
        today = timezone.localdate()
        if signed_on and signed_on > today:
            errors[SIGNED].append(f"Ngày ký {_d(signed_on)} chưa đến: chỉ ghi quyết định đã ký.")
        if signed_on and signed_on.year < FIRST_YEAR:
            errors[SIGNED].append(
                f"Ngày ký {_d(signed_on)} trước khi có Chương trình ({FIRST_YEAR})."
            )
        in_force = attempt(IN_FORCE, lambda: cell_date(row.get(IN_FORCE), IN_FORCE))
        if in_force and signed_on and in_force < signed_on:
            errors[IN_FORCE].append(
                f"Ngày có hiệu lực {_d(in_force)} trước ngày ký {_d(signed_on)}: kiểm tra lại."
            )

        texts = {
            "signer": cell_text(row.get(SIGNER)),
            "basis": cell_text(row.get(BASIS)),
            "note": note_text(row.get(NOTE)),
        }
        for name, column in (("signer", SIGNER), ("basis", BASIS), ("note", NOTE)):
            if message := field_length_error(Decision, name, texts[name]):
                errors[column].append(message)
        reason = note_text(row.get(REASON))
        failing = cell_text(row.get(FAILING))
        for text, column, name in (
            (reason, REASON, "reason"),
            (failing, FAILING, "failing_criteria"),
        ):
            if message := field_length_error(Recognition, name, text):
                errors[column].append(message)

        year_text = cell_text(row.get(YEAR))
        year = attempt(YEAR, lambda: parse_int(year_text, YEAR)) if year_text else None
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            errors[YEAR].append(f"Năm đạt chuẩn {year} không hợp lệ ({FIRST_YEAR}–{LAST_YEAR}).")
        elif year is not None and signed_on and year > signed_on.year + 1:
            errors[YEAR].append(
                f"Năm đạt chuẩn {year} sau năm ký quyết định ({signed_on.year}): kiểm tra lại."
            )

        if kind == Kind.ACKNOWLEDGEMENT and not texts["basis"]:
            errors[BASIS].append(
                "Quyết định thừa nhận phải ghi căn cứ (ví dụ Văn bản 5424/BNN-VPĐP ngày "
                "09/8/2023 và các quyết định công nhận của các xã trước sắp xếp)."
            )
        if revocation:
            if not reason:
                errors[REASON].append("Dòng thu hồi phải ghi lý do thu hồi.")
            if year_text:
                errors[YEAR].append("Dòng thu hồi không ghi năm đạt chuẩn: để trống cột này.")
            if texts["note"]:
                errors[NOTE].append(
                    "Quyết định thu hồi không có ghi chú: để trống cột này, ghi vào lý do thu hồi."
                )
        elif kind:
            if reason:
                errors[REASON].append("Chỉ dòng thu hồi mới ghi lý do thu hồi.")
            if failing:
                errors[FAILING].append("Chỉ dòng thu hồi mới ghi tiêu chí không đạt.")

        if unit is not None and tier is not None:
            wanted = TIER_UNIT_KINDS[tier]
            if unit.kind != wanted:
                errors[TIER].append(
                    f"{unit} là {unit.get_kind_display().lower()}: không thể công nhận hạng "
                    f"“{Tier(tier).label}” (hạng này dành cho {Unit.Kind(wanted).label.lower()})."
                )
            if signed_on:
                what = "quyết định thu hồi" if revocation else "quyết định"
                errors[SIGNED] += services.unit_errors(unit, signed_on, what)

        # the decision: as the register has it, or as its first row in the file states it
        plan = None
        if decision_number and body and signed_on and kind and not ({NUMBER, BODY} & set(errors)):
            values = {"in_force_from": in_force, **texts}
            if revocation:
                values["note"] = ""
            province = register_province(unit) if unit is not None else None
            plan = self._decision(
                number, kind, decision_number, body, signed_on, values, errors, province
            )

        if unit is not None and tier is not None and plan is not None:
            first = self._seen.setdefault((*plan.key, unit.pk, tier), number)
            if first != number:
                errors[NON_FIELD_ERRORS].append(
                    f"Trùng với dòng {first}: cùng quyết định, đơn vị và hạng."
                )
        errors = {c: m for c, m in errors.items() if m}
        if errors:
            raise ValidationError(errors)

        # already in the register: nothing to write (the user's rights are not asked then)
        existing = plan.existing
        if existing is not None and existing.kind == kind:
            recorded = self.recorded_entries.get((existing.pk, unit.pk, tier))
            if recorded is not None:
                return self._unchanged(recorded, existing, unit, tier, year, reason, failing)

        if not can_record_recognition(self.user, unit):
            raise ValidationError(
                {
                    UNIT: f"Đơn vị mã “{_short(code)}” không thuộc tỉnh bạn được ghi quyết "
                    "định công nhận."
                }
            )
        write = RecognitionWrite(
            row=number,
            unit=unit,
            tier=tier,
            year=year or signed_on.year,
            decision=plan,
            reason=reason,
            failing_criteria=failing,
        )
        if revocation:
            write.target = self._target(write)
        self._safety_net(write, year)
        self._plan(write)
        return write

    def _decision(
        self, row_number, kind, decision_number, body, signed_on, values, errors, province
    ):
        """The decision the row belongs to, in the register of the row's unit's province; a
        row contradicting it gets errors."""
        key = (number_key(decision_number), fold(body), signed_on.year, province)
        plan = self.decisions.get(key)
        if plan is None:
            existing = self.recorded.get(key)
            if existing is not None:
                plan = DecisionPlan(
                    key=key,
                    row=row_number,
                    kind=existing.kind,
                    number=existing.number,
                    signed_on=existing.signed_on,
                    body=existing.body,
                    in_force_from=existing.in_force_from,
                    signer=existing.signer,
                    basis=existing.basis,
                    note=existing.note.strip(),
                    existing=existing,
                )
            else:
                plan = DecisionPlan(
                    key=key,
                    row=row_number,
                    kind=kind,
                    number=decision_number,
                    signed_on=signed_on,
                    body=body,
                    **values,
                )
            self.decisions[key] = plan
        problems = []
        if plan.signed_on != signed_on:
            problems.append(f"ngày ký {_d(plan.signed_on)}")
        if plan.kind != kind:
            problems.append(f"loại “{Kind(plan.kind).label}”")
        if problems and plan.existing is not None:
            errors[NON_FIELD_ERRORS].append(
                f"Quyết định số {plan.number} của {plan.body} đã được ghi với "
                f"{' và '.join(problems)}: kiểm tra lại số, ngày và loại quyết định."
            )
        elif problems:
            errors[NON_FIELD_ERRORS].append(
                f"Dòng {plan.row} ghi quyết định số {plan.number} của {plan.body} với "
                f"{' và '.join(problems)}: các dòng của cùng một quyết định (cùng số, cơ quan "
                "ban hành và năm ký) phải cùng ngày ký và loại quyết định."
            )
        if problems or (plan.row == row_number and plan.existing is None):
            return plan  # (another decision altogether: its other fields are not compared)
        for name, column in DECISION_FIELDS:
            value, stated = values[name], getattr(plan, name)
            if not value or value == stated or column in errors:
                continue
            if plan.existing is not None:
                errors[column].append(
                    f"{plan.short} đã được ghi với {column.lower()} {_shown(stated)}, tệp ghi "
                    f"{_shown(value)}: để trống cột này hoặc ghi như đã ghi (sửa thông tin "
                    "quyết định ở trang của quyết định)."
                )
            elif not stated:
                errors[column].append(
                    f"Dòng {plan.row} (dòng đầu của quyết định {plan.number}) để trống cột "
                    f"“{column}”, dòng này ghi {_shown(value)}: ghi ở dòng đầu của quyết định."
                )
            else:
                errors[column].append(
                    f"Dòng {plan.row} ghi quyết định {plan.number} với {column.lower()} "
                    f"{_shown(stated)}, dòng này ghi {_shown(value)}: các dòng của cùng một "
                    "quyết định ghi giống nhau (hoặc để trống)."
                )
        return plan

    def _unchanged(self, recorded, decision, unit, tier, year, reason, failing):
        """A row whose entry is in the register: None when it says the same, else refused."""
        if recorded.revokes_id is None:
            if year is None or year == recorded.year:
                return None
            raise ValidationError(
                {
                    YEAR: f"{unit} đã có trong {decision.short} với hạng “{Tier(tier).label}”, "
                    f"năm đạt chuẩn {recorded.year}: kiểm tra lại năm đạt chuẩn."
                }
            )
        if reason == recorded.reason.strip() and failing == recorded.failing_criteria:
            return None
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"{decision.short} đã ghi thu hồi hạng này của {unit} (với lý "
                "do khác)."
            }
        )

    def _target(self, w: RecognitionWrite) -> Held:
        """The entry a revocation row revokes: the one in force on its effective day."""
        effective = w.decision.effective
        held = self._standing(w.unit, w.tier, effective)
        if held is None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: f"Ngày {_d(effective)}, {w.unit} không được công nhận "
                    f"hạng “{Tier(w.tier).label}” (trong hệ thống hoặc ở các dòng phía trên): "
                    "không có gì để thu hồi."
                }
            )
        return held

    def _safety_net(self, w: RecognitionWrite, year: int | None) -> None:
        """The services' own checks of the data, as they will run on writing (the checks above
        give each problem its column; anything they miss is refused here, not on writing)."""
        d = w.decision
        fields = {
            "kind": d.kind,
            "number": d.number,
            "signed_on": d.signed_on,
            "in_force_from": d.in_force_from,
            "body": d.body,
            "signer": d.signer,
            "basis": d.basis,
            "note": d.note,
        }
        errors = services.decision_errors(fields)
        if w.kind != Kind.REVOCATION:
            errors += services.entry_errors(Entry(w.unit, w.tier, year), d.signed_on, d.kind)
        if errors:
            raise ValidationError({NON_FIELD_ERRORS: errors})

    def _plan(self, w: RecognitionWrite) -> None:
        """What the row adds to the register, for the rows below it."""
        self.register[(w.unit.pk, w.tier)].append(
            Held(
                effective=w.decision.effective,
                order=(1, w.row),
                revocation=w.kind == Kind.REVOCATION,
                text=f"{Tier(w.tier).label} năm {w.year} theo {w.decision.short} (dòng {w.row})",
                row=w.row,
                revokes=w.target.ident if w.target else None,
            )
        )

    def describe(self, w: RecognitionWrite) -> str:
        d = w.decision
        what = f"{d.short} của {d.body}"
        if w.kind == Kind.REVOCATION:
            return f"Thu hồi: {w.unit} – {w.target.text}; theo {what}"
        return f"{KIND_WORDS[w.kind]}: {w.unit} – {Tier(w.tier).label} năm {w.year}; theo {what}"


def _target(w: RecognitionWrite, written: dict[int, Recognition]) -> Recognition:
    """The entry the revocation row revokes, read again now (standing): the one the check
    planned, or the data changed since and the row is refused."""
    effective = w.decision.effective
    entry = selectors.standing([w.unit.pk], effective).get((w.unit.pk, w.tier))
    planned = w.target
    expected = planned.pk if planned.pk is not None else written[planned.row].pk
    if entry is None or entry.pk != expected:
        now = "không còn công nhận nào" if entry is None else _held_text(entry)
        raise ValidationError(
            f"Sổ công nhận của {w.unit} đã thay đổi từ lúc kiểm tra tệp (ngày {_d(effective)}: "
            f"{now}): tải tệp lên lại để kiểm tra."
        )
    return entry


def recognitions_apply(
    result: Check, *, actor: User, file_name: str = "", progress: Progress = None, **_
) -> int:
    """Each planned row, top to bottom, through recognition.services: record_decision (one
    entry; rows of one decision reuse it) or revoke (the entry in force that the check found).
    Each leaves its RecognitionChange, with the source "Tệp Excel <file name>"."""
    source = f"Tệp Excel {file_name}".strip()[:255]
    written: dict[int, Recognition] = {}
    for done, w in enumerate(result.plan, start=1):
        d = w.decision
        try:
            if w.kind == Kind.REVOCATION:
                services.revoke(
                    actor=actor,
                    entry=_target(w, written),
                    number=d.number,
                    signed_on=d.signed_on,
                    body=d.body,
                    reason=w.reason,
                    failing_criteria=w.failing_criteria,
                    in_force_from=d.in_force_from,
                    signer=d.signer,
                    basis=d.basis,
                    source=source,
                )
            else:
                decision = services.record_decision(
                    actor=actor,
                    kind=d.kind,
                    number=d.number,
                    signed_on=d.signed_on,
                    body=d.body,
                    entries=[Entry(w.unit, w.tier, w.year)],
                    in_force_from=d.in_force_from,
                    signer=d.signer,
                    basis=d.basis,
                    note=d.note,
                    source=source,
                )
                written[w.row] = decision.entries.get(unit=w.unit, tier=w.tier)
        except ValidationError as e:
            raise RowFailed.of(w.row, e) from None
        row_written(progress, done, len(result.plan))
    return 0
