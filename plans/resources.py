"""Yearly targets as a spreadsheet (the import kind "targets"): the resource that checks a
file's rows (a dry run on common.importing's base) and `targets_apply`, which writes the checked
plan through plans.services.target_set. The import pipeline (imports.services) runs both.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from import_export.fields import Field

from common.importing import Check, Progress, RowFailed, RowsResource, parse_int, row_written
from common.importing import attempt as _attempt
from common.importing import choice as _choice
from common.limits import field_length_error
from common.spreadsheets import cell_text, note_text
from common.text import nfc
from criteria.models import Criterion
from units.access import can_set_target_of, communes_visible_to
from units.models import Unit, User

from .models import Target
from .selectors import target_frameworks
from .services import target_set

T_CODE = "Mã đơn vị"
T_NAME = "Tên đơn vị"
T_YEAR = "Năm"
T_LEVEL = "Mức phấn đấu"
T_CRITERIA = "Tiêu chí phấn đấu đạt thêm"
T_COUNT = "Số tiêu chí phấn đấu đạt cuối năm"
T_DEADLINE = "Thời hạn"
T_NOTE = "Ghi chú"


@dataclass
class TargetWrite:
    row: int
    unit: Unit
    year: int
    is_new: bool
    level: str
    criteria: list[Criterion]
    target_count: int | None
    deadline_text: str
    note: str


class TargetResource(RowsResource):
    """Rows of (commune or village, year): level, criteria to add (numbers of the commune's
    framework), optionally the end-of-year count, deadline and note. Written with
    plans.services.target_set by the supervising office (the office at the commune's parent
    unit)."""

    COLUMNS = [T_CODE, T_NAME, T_YEAR, T_LEVEL, T_CRITERIA, T_COUNT, T_DEADLINE, T_NOTE]
    REQUIRED = [T_CODE, T_YEAR, T_LEVEL]
    TITLE = "Chỉ tiêu phấn đấu năm"
    HELP = [
        (T_CODE, "Mã đơn vị của xã (hoặc thôn), ví dụ dak-nong.krong-no.01. Bắt buộc."),
        (T_NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
        (T_YEAR, "Năm của chỉ tiêu, ví dụ 2022. Bắt buộc."),
        (
            T_LEVEL,
            "Đạt chuẩn NTM, Đạt chuẩn NTM nâng cao, Đạt chuẩn NTM kiểu mẫu hoặc "
            "Duy trì, nâng cao chất lượng. Bắt buộc.",
        ),
        (T_CRITERIA, "Số các tiêu chí phấn đấu đạt thêm trong năm, ví dụ 5, 9, 16."),
        (T_COUNT, "Số tiêu chí phấn đấu đạt cuối năm, ví dụ 19 (không bắt buộc)."),
        (T_DEADLINE, "Ví dụ Quý IV/2024 (không bắt buộc)."),
        (T_NOTE, "Không bắt buộc."),
    ]

    code_cell = Field(column_name=T_CODE)
    name_cell = Field(column_name=T_NAME)
    year_cell = Field(column_name=T_YEAR)
    level_cell = Field(column_name=T_LEVEL)
    criteria_cell = Field(column_name=T_CRITERIA)
    count_cell = Field(column_name=T_COUNT)
    deadline_cell = Field(column_name=T_DEADLINE)
    note_cell = Field(column_name=T_NOTE)

    class Meta:
        model = Target
        fields = (
            "code_cell",
            "name_cell",
            "year_cell",
            "level_cell",
            "criteria_cell",
            "count_cell",
            "deadline_cell",
            "note_cell",
        )
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True

    def dehydrate_code_cell(self, t):
        return t.unit.code

    def dehydrate_name_cell(self, t):
        return str(t.unit)

    def dehydrate_year_cell(self, t):
        return t.year

    def dehydrate_level_cell(self, t):
        return t.get_level_display()

    def dehydrate_criteria_cell(self, t):
        return ", ".join(str(c.number) for c in sorted(t.criteria.all(), key=lambda c: c.number))

    def dehydrate_count_cell(self, t):
        return t.target_count if t.target_count is not None else ""

    def dehydrate_deadline_cell(self, t):
        return t.deadline_text

    def dehydrate_note_cell(self, t):
        return t.note

    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[T_CODE]} - {""}
        self.headers = set(dataset.headers)
        visible = communes_visible_to(self.user).filter(code__in=codes)
        villages = Unit.objects.filter(
            kind=Unit.Kind.VILLAGE, code__in=codes, parent__in=communes_visible_to(self.user)
        )
        self.units = {
            u.code: u
            for u in (visible | villages).select_related("parent", "framework", "province")
        }
        self.frameworks: dict[tuple[int, int], int | None] = {}  # (unit, year) -> set
        self.criteria: dict[int, dict[int, Criterion]] = {}  # set -> number -> criterion
        column = dataset[T_YEAR] if T_YEAR in self.headers else []
        years = {int(t) for v in column if (t := cell_text(v)).isdigit()}
        for year in sorted(years)[:20]:  # the usual file: a year or two, read in one go each
            found = target_frameworks(self.units.values(), year)
            self.frameworks.update({(pk, year): f for pk, f in found.items()})
        self.targets = {
            (t.unit_id, t.year): t
            for t in Target.objects.filter(unit__in=list(self.units.values())).prefetch_related(
                "criteria"
            )
        }

    def framework_of(self, unit: Unit, year: int | None) -> int | None:
        """The set the unit's target of the year counts on (target_frameworks), once each."""
        if year is None:
            return None
        key = (unit.pk, year)
        if key not in self.frameworks:
            self.frameworks[key] = target_frameworks([unit], year).get(unit.pk)
        return self.frameworks[key]

    def criteria_of(self, unit: Unit, year: int | None) -> dict[int, Criterion]:
        framework = self.framework_of(unit, year)
        if framework is None:
            return {}
        if framework not in self.criteria:
            self.criteria[framework] = {
                c.number: c for c in Criterion.objects.filter(framework_id=framework)
            }
        return self.criteria[framework]

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        code = cell_text(row.get(T_CODE))
        unit = self.units.get(code)
        if not code:
            errors[T_CODE] = ["Nhập mã đơn vị."]
        elif unit is None:
            errors[T_CODE] = [f"Không có xã (hoặc thôn) mã “{code}” trong phạm vi bạn được xem."]
        elif not can_set_target_of(self.user, unit):
            errors[T_CODE] = [
                f"Chỉ văn phòng điều phối NTM cấp trên trực tiếp của {unit} được giao chỉ tiêu."
            ]
        year_text = cell_text(row.get(T_YEAR))
        year = _attempt(errors, T_YEAR, lambda: parse_int(year_text, T_YEAR)) if year_text else None
        if not year_text:
            errors[T_YEAR] = ["Nhập năm."]
        elif year is not None and not 2000 <= year <= 2100:
            errors.setdefault(T_YEAR, []).append("Năm phải từ 2000 đến 2100.")
        level_text = cell_text(row.get(T_LEVEL))
        level = (
            _attempt(
                errors, T_LEVEL, lambda: _choice(level_text, Target.Level.choices, "Mức phấn đấu")
            )
            if level_text
            else None
        )
        if not level_text:
            errors[T_LEVEL] = ["Nhập mức phấn đấu."]
        existing = self.targets.get((unit.pk, year)) if unit and year else None
        chosen = []
        if T_CRITERIA in self.headers:
            text = cell_text(row.get(T_CRITERIA)).replace(";", ",")
            bad = []
            for token in text.replace(",", " ").split():
                if not token.isdigit():
                    bad.append(token)
                elif unit is not None:
                    criterion = self.criteria_of(unit, year).get(int(token))
                    if criterion is None:
                        bad.append(token)
                    elif criterion not in chosen:
                        chosen.append(criterion)
            if bad:
                where = (
                    f"bộ tiêu chí của {unit} năm {year}"
                    if unit and self.framework_of(unit, year)
                    else "đơn vị này"
                )
                errors.setdefault(T_CRITERIA, []).append(
                    f"“{', '.join(bad)}” không phải số tiêu chí của {where}; ghi các số cách "
                    "nhau bởi dấu phẩy, ví dụ “5, 9, 16”."
                )
        elif existing is not None:
            chosen = list(existing.criteria.all())
        count = existing.target_count if existing and T_COUNT not in self.headers else None
        if T_COUNT in self.headers and cell_text(row.get(T_COUNT)):
            count = _attempt(
                errors, T_COUNT, lambda: parse_int(cell_text(row.get(T_COUNT)), T_COUNT)
            )
            if count is not None and not 0 <= count <= 99:
                errors.setdefault(T_COUNT, []).append("Số tiêu chí phải từ 0 đến 99.")
        # compared as plans.services stores them (NFC), or a decomposed cell reads as changed
        deadline = (
            nfc(cell_text(row.get(T_DEADLINE)))
            if T_DEADLINE in self.headers
            else (existing.deadline_text if existing else "")
        )
        if len(deadline) > 60:
            errors.setdefault(T_DEADLINE, []).append("Thời hạn dài quá 60 ký tự.")
        note = (
            nfc(note_text(row.get(T_NOTE)))
            if T_NOTE in self.headers
            else (existing.note if existing else "")
        )
        too_long = field_length_error(Target, "note", note)
        if too_long:
            errors.setdefault(T_NOTE, []).append(too_long)
        if unit and year:
            self.duplicate((unit.pk, year), number, "đơn vị và năm")
        if errors:
            raise ValidationError(errors)
        if existing is not None and (
            existing.level,
            {c.pk for c in existing.criteria.all()},
            existing.target_count,
            existing.deadline_text,
            existing.note,
        ) == (level, {c.pk for c in chosen}, count, deadline, note):
            return None
        chosen.sort(key=lambda c: c.number)
        return TargetWrite(
            row=number,
            unit=unit,
            year=year,
            is_new=existing is None,
            level=level,
            criteria=chosen,
            target_count=count,
            deadline_text=deadline,
            note=note,
        )

    def describe(self, w: TargetWrite) -> str:
        numbers = ", ".join(str(c.number) for c in w.criteria)
        added = f": tiêu chí {numbers}" if numbers else ""
        return f"{w.unit} {w.year} – {Target.Level(w.level).label}{added}"


def targets_apply(result: Check, *, actor: User, progress: Progress = None, **_) -> int:
    """Each planned target through plans.services.target_set (its history and rules)."""
    for done, w in enumerate(result.plan, start=1):
        try:
            target_set(
                unit=w.unit,
                year=w.year,
                actor=actor,
                level=w.level,
                criteria=w.criteria,
                target_count=w.target_count,
                deadline_text=w.deadline_text,
                note=w.note,
            )
        except ValidationError as e:
            raise RowFailed.of(w.row, e, T_CRITERIA) from None
        row_written(progress, done, len(result.plan))
    return 0
