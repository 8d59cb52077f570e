"""Excel files officials keep, to and from the database, with django-import-export.

Three kinds of rows, one sheet each, Vietnamese headers (the `COLUMNS` of each resource):
administrative units, indicator statuses of communes, yearly targets. Three more are
workbooks of the criteria catalogue, read and checked by `criteria.workbook` (several sheets,
not tablib): a criteria set, commune groups, mappings between sets (WORKBOOK_KINDS). For each
kind:

- `export_xlsx(kind, ...)` writes the current rows (text that a spreadsheet would run as a
  formula gets a leading apostrophe, which the import removes again, so exporting a file and
  importing it back changes nothing), `template_xlsx(kind)` an empty sheet plus a guide;
- `check(kind, user, content)` reads a file and runs the resource as a **dry run**: every row
  is parsed against data fetched in bulk beforehand (a handful of queries for the whole file),
  checked for the user's rights, and either planned (changed), skipped (unchanged) or refused
  with its row number, column and a Vietnamese message; for statuses, the version of every row
  read is kept (`Check.versions`, then `ImportRun.versions`). Nothing is written;
- `dashboards.services.import_run_apply` then writes the plan in one transaction through the
  services of the rows' own app (criteria.services.status_update, plans.services.target_set),
  so history, locks and rules are the same as on the pages; a status is written against the
  version the check read, so a row changed by someone since the preview is refused.
"""

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import XLSX

from common.limits import field_length_error
from common.numbers import number_vi
from common.spreadsheets import cell_text, neutralise, note_text
from common.text import fold
from criteria import rules
from criteria.models import (
    Assessment,
    Criterion,
    Framework,
    FrameworkCategory,
    Indicator,
    IndicatorStatus,
)
from criteria.selectors import category_of, thresholds_by_indicator
from plans.models import Target
from plans.services import nfc
from units.access import (
    can_edit_criterion,
    communes_visible_to,
    import_kinds,
    supervises,
)
from units.models import Role, Unit, User

from .forms import IMPORT_MAX_ROWS
from .models import ImportRun

Status = IndicatorStatus.Status
Kind = ImportRun.Kind
COMMUNE_EDIT_ROLES = {Role.Kind.COMMUNE_OFFICIAL, Role.Kind.COMMUNE_LEADER}


class SheetError(Exception):
    """The file cannot be read as the template's sheet (message in Vietnamese)."""


# Workbooks of the criteria catalogue, checked and written by criteria.workbook.
WORKBOOK_KINDS = (Kind.FRAMEWORK, Kind.COMMUNE_GROUPS, Kind.MAPPING)


def kinds_for(user: User) -> list[str]:
    """The kinds of rows the user may import (decided in units.access)."""
    return [Kind(k) for k in import_kinds(user)]


# --- reading cells --------------------------------------------------------------------------


def parse_int(text: str, what: str) -> int:
    if not text.lstrip("-").isdigit():
        raise ValidationError(f"{what} phải là số nguyên, không phải “{text}”.")
    return int(text)


def parse_decimal(value) -> Decimal | None:
    """24,62 or 24.62 or a number cell; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError("Giá trị phải là một số (ví dụ 24,62).")
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = cell_text(value).replace(" ", "")
        if "," in text or text.count(".") > 1:
            text = text.replace(".", "")  # 1.250,5 or 1.250.000: dots group thousands
        text = text.replace(",", ".")  # 24,62 (a lone dot, 24.62, is read as a decimal point)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                f"Giá trị “{cell_text(value)}” phải là một số (ví dụ 24,62)."
            ) from None
    if not number.is_finite():
        raise ValidationError("Giá trị phải là một số (ví dụ 24,62).")
    number = number.quantize(Decimal("0.0001")) if number.as_tuple().exponent < -4 else number
    if abs(number) >= Decimal("1e10"):
        raise ValidationError("Giá trị quá lớn.")
    return number


def _choice(text: str, choices, what: str) -> str:
    """A TextChoices value from its label or its code, with or without diacritics."""
    folded = fold(text)
    for value, label in choices:
        if folded in (fold(label), fold(value), fold(value.replace("_", " "))):
            return value
    names = ", ".join(f"“{label}”" for _, label in choices)
    raise ValidationError(f"{what} “{text}” không hợp lệ: dùng {names}.")


# --- the common part of the three resources -------------------------------------------------


@dataclass
class Check:
    """What a dry run found: the planned writes, and every bad row."""

    kind: str
    rows: int = 0
    plan: list = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    # statuses: the version of each row read, as ImportRun.versions keeps it (status_key)
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


PREVIEW_LIMIT = 200


class RowsResource(resources.ModelResource):
    """Parse and check rows against data fetched in bulk in before_import(); write nothing.

    A subclass fills COLUMNS, REQUIRED, `prefetch(dataset)`, `parse(row, number)` (returns a
    planned write, or None when the row changes nothing; raises ValidationError keyed by
    column) and the export's dehydrate_* methods.
    """

    COLUMNS: list[str] = []
    REQUIRED: list[str] = []
    HELP: list[tuple[str, str]] = []

    class Meta:
        abstract = True

    def __init__(self, *, user: User, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.check = Check(kind="")
        self._number = 0
        self._skip = False
        self._seen: dict[tuple, int] = {}

    # export ---------------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        return self.COLUMNS

    # import (dry run) -----------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        headers = [" ".join(str(h or "").split()) for h in dataset.headers or []]
        by_folded = {fold(c): c for c in self.COLUMNS}
        dataset.headers = [by_folded.get(fold(h), h) for h in headers]
        missing = [c for c in self.REQUIRED if c not in dataset.headers]
        if missing:
            raise SheetError(
                "Tệp không đúng mẫu: thiếu cột "
                + ", ".join(f"“{c}”" for c in missing)
                + ". Dòng 1 phải là tiêu đề các cột như trong tệp mẫu."
            )
        self.prefetch(dataset)

    def prefetch(self, dataset) -> None:
        raise NotImplementedError

    def parse(self, row, number: int):
        raise NotImplementedError

    def describe(self, planned) -> str:
        raise NotImplementedError

    def duplicate(self, key: tuple, number: int, what: str) -> None:
        first = self._seen.setdefault(key, number)
        if first != number:
            raise ValidationError({NON_FIELD_ERRORS: [f"Trùng với dòng {first}: cùng {what}."]})

    def get_or_init_instance(self, instance_loader, row):
        return self._meta.model(), True

    def import_instance(self, instance, row, **kwargs):
        self._number = kwargs["row_number"] + 1  # the sheet's row: the header is row 1
        self._skip = False
        if not any(cell_text(v) for v in row.values()):
            self._skip = True  # an empty line of the sheet
            return
        self.check.rows += 1
        planned = self.parse(row, self._number)
        if planned is None:
            self.check.unchanged += 1
            self._skip = True
            return
        self.check.plan.append(planned)
        if getattr(planned, "is_new", False):
            self.check.created += 1
        else:
            self.check.changed += 1
        if len(self.check.preview) < PREVIEW_LIMIT:
            self.check.preview.append(
                {
                    "row": self._number,
                    "action": "Thêm mới" if getattr(planned, "is_new", False) else "Sửa",
                    "text": self.describe(planned),
                }
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self._skip and not import_validation_errors

    def save_instance(self, instance, is_create, row, **kwargs):
        """Nothing is written here: services write the plan after the whole file is good."""

    def save_m2m(self, instance, row, **kwargs):
        pass

    def bulk_create(self, *args, **kwargs):
        pass

    def bulk_update(self, *args, **kwargs):
        pass

    def bulk_delete(self, *args, **kwargs):
        pass


def _attempt(errors: dict, column: str, parse: Callable):
    try:
        return parse()
    except ValidationError as e:
        errors.setdefault(column, []).extend(e.messages)
        return None


# --- indicator statuses ---------------------------------------------------------------------

S_CODE = "Mã xã"
S_NAME = "Tên xã"
S_YEAR = "Năm"
S_INDICATOR = "Mã chỉ tiêu"
S_INDICATOR_NAME = "Tên chỉ tiêu"
S_STATUS = "Kết quả"
S_VALUE = "Giá trị đo"
S_UNIT = "Đơn vị tính"
S_NOTE = "Ghi chú"


def status_key(commune_id: int, year: int, indicator_id: int) -> str:
    """How ImportRun.versions names a status row: the file's row, whether or not its year is
    open yet."""
    return f"{commune_id}:{year}:{indicator_id}"


# The version of a status a year's opening creates (criteria.services.assessment_open): a row of
# a year the check found unopened is written against it, so a year opened meanwhile by someone
# else is fine, but not a row they have changed since.
FRESH_VERSION = IndicatorStatus._meta.get_field("version").default


@dataclass
class StatusWrite:
    """One changed status, resolved."""

    row: int
    commune: Unit
    framework: Framework
    year: int
    indicator: Indicator
    status: str  # "" for an indicator judged from its value
    value: Decimal | None
    note: str
    opens_year: bool


class StatusResource(RowsResource):
    """Rows of (commune, year, indicator): result, measured value, note. The framework is the
    commune's; a missing year is opened (criteria.services.assessment_open), and only rows that
    change something are written (criteria.services.status_update)."""

    COLUMNS = [
        S_CODE,
        S_NAME,
        S_YEAR,
        S_INDICATOR,
        S_INDICATOR_NAME,
        S_STATUS,
        S_VALUE,
        S_UNIT,
        S_NOTE,
    ]
    REQUIRED = [S_CODE, S_YEAR, S_INDICATOR, S_STATUS]
    HELP = [
        (S_CODE, "Mã đơn vị của xã, ví dụ dak-nong.krong-no.01. Bắt buộc."),
        (S_NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
        (S_YEAR, "Năm đánh giá, ví dụ 2022. Năm chưa mở sẽ được mở (chép kết quả năm trước)."),
        (S_INDICATOR, "Mã chỉ tiêu trong bộ tiêu chí của xã, ví dụ 17.1 hoặc 5. Bắt buộc."),
        (S_INDICATOR_NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
        (
            S_STATUS,
            "Đạt, Chưa đạt hoặc Chưa đánh giá. Chỉ tiêu có ngưỡng số được tính tự động từ "
            "Giá trị đo: để trống hoặc ghi đúng kết quả; không có giá trị đo thì cán bộ ghi kết "
            "quả kèm lý do ở cột Ghi chú, để trống là giữ kết quả hiện có.",
        ),
        (S_VALUE, "Số đo (dấu phẩy thập phân, ví dụ 24,62); để trống nếu không đo."),
        (S_UNIT, "Chỉ để đọc; khi nhập được bỏ qua."),
        (
            S_NOTE,
            "Lý do, căn cứ đánh giá. Bắt buộc khi cán bộ tự đánh giá Đạt/Chưa đạt một chỉ tiêu "
            "không có ngưỡng số.",
        ),
    ]

    code = Field(column_name=S_CODE)
    name = Field(column_name=S_NAME)
    year = Field(column_name=S_YEAR)
    indicator_code = Field(column_name=S_INDICATOR)
    indicator_name = Field(column_name=S_INDICATOR_NAME)
    result = Field(column_name=S_STATUS)
    measured = Field(column_name=S_VALUE)
    unit_text = Field(column_name=S_UNIT)
    note_cell = Field(column_name=S_NOTE)

    class Meta:
        model = IndicatorStatus
        fields = (
            "code",
            "name",
            "year",
            "indicator_code",
            "indicator_name",
            "result",
            "measured",
            "unit_text",
            "note_cell",
        )
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True  # no savepoint per row: the dry run writes nothing anyway

    # export
    def dehydrate_code(self, s):
        return s.assessment.commune.code

    def dehydrate_name(self, s):
        return str(s.assessment.commune)

    def dehydrate_year(self, s):
        return s.assessment.year

    def dehydrate_indicator_code(self, s):
        return s.indicator.code

    def dehydrate_indicator_name(self, s):
        return s.indicator.name

    def dehydrate_result(self, s):
        return s.get_status_display()

    def dehydrate_measured(self, s):
        if s.value is None:
            return ""
        return int(s.value) if s.value == s.value.to_integral_value() else float(s.value)

    def dehydrate_unit_text(self, s):
        return s.indicator.unit

    def dehydrate_note_cell(self, s):
        return s.note

    # import
    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[S_CODE]} - {""}
        self.communes = {
            c.code: c
            for c in communes_visible_to(self.user)
            .filter(code__in=codes)
            .select_related("framework", "province", "parent")
        }
        framework_ids = {c.framework_id for c in self.communes.values() if c.framework_id}
        self.indicators = {
            (i.framework_id, i.code): i
            for i in Indicator.objects.filter(framework_id__in=framework_ids).select_related(
                "criterion"
            )
        }
        framework_of = {c.pk: c.framework_id for c in self.communes.values()}
        self.assessments: dict[tuple[int, int], Assessment] = {
            (a.commune_id, a.year): a
            for a in Assessment.objects.filter(commune__in=list(self.communes.values()))
            if a.framework_id == framework_of[a.commune_id]  # the commune's own framework
        }
        years = set()
        for v in dataset[S_YEAR]:
            with contextlib.suppress(ValidationError):
                years.add(parse_int(cell_text(v), S_YEAR))
        wanted = {a.pk for (_, year), a in self.assessments.items() if year in years}
        self.statuses: dict[tuple[int, int], tuple] = {
            (aid, iid): (status, value, note, version)
            for aid, iid, status, value, note, version in IndicatorStatus.objects.filter(
                assessment_id__in=wanted
            ).values_list("assessment_id", "indicator_id", "status", "value", "note", "version")
        }
        self._thresholds: dict[tuple[int, int | None], dict] = {}
        self._categories: dict[tuple[int, int, int], str] = {}

    def _threshold(self, commune: Unit, framework: Framework, indicator: Indicator, year: int):
        key = (framework.pk, commune.province_id)
        if key not in self._thresholds:
            self._thresholds[key] = thresholds_by_indicator(framework, commune.province_id)
        category_key = (framework.pk, commune.pk, year)
        if category_key not in self._categories:
            self._categories[category_key] = category_of(commune, framework, year)
        return rules.pick_threshold(
            self._thresholds[key].get(indicator.pk, []),
            province_id=commune.province_id,
            category=self._categories[category_key],
            year=year,
        )

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        code = cell_text(row.get(S_CODE))
        commune = self.communes.get(code)
        if not code:
            errors[S_CODE] = ["Nhập mã xã."]
        elif commune is None:
            errors[S_CODE] = [f"Không có xã mã “{code}” trong phạm vi bạn được xem."]
        elif commune.framework_id is None:
            errors[S_CODE] = [f"{commune} chưa được gán bộ tiêu chí."]
        framework = commune.framework if commune is not None else None
        year_text = cell_text(row.get(S_YEAR))
        year = _attempt(errors, S_YEAR, lambda: parse_int(year_text, S_YEAR)) if year_text else None
        if not year_text:
            errors[S_YEAR] = ["Nhập năm đánh giá."]
        elif (
            year is not None
            and framework is not None
            and not (framework.period_start - 10 <= year <= framework.period_end + 10)
        ):
            errors.setdefault(S_YEAR, []).append(
                f"Năm {year} nằm ngoài thời kỳ của bộ tiêu chí {framework}."
            )
            year = None
        indicator_code = cell_text(row.get(S_INDICATOR))
        indicator = None
        if not indicator_code:
            errors[S_INDICATOR] = ["Nhập mã chỉ tiêu."]
        elif framework is not None:
            indicator = self.indicators.get((framework.pk, indicator_code))
            if indicator is None:
                errors[S_INDICATOR] = [
                    f"Bộ tiêu chí {framework} không có chỉ tiêu “{indicator_code}”."
                ]
        status_text = cell_text(row.get(S_STATUS))
        status = (
            _attempt(errors, S_STATUS, lambda: _choice(status_text, Status.choices, "Kết quả"))
            if status_text
            else ""
        )
        value = _attempt(errors, S_VALUE, lambda: parse_decimal(row.get(S_VALUE)))
        note = note_text(row.get(S_NOTE))
        if len(note) > 4000:
            errors.setdefault(S_NOTE, []).append("Ghi chú dài quá 4.000 ký tự.")
        if commune and year and indicator:
            self.duplicate((commune.pk, year, indicator.pk), number, "xã, năm và chỉ tiêu")
        if errors or not (commune and year and indicator):
            raise ValidationError(errors)

        threshold = self._threshold(commune, framework, indicator, year)
        automatic = rules.is_automatic(threshold)
        assessment = self.assessments.get((commune.pk, year))
        opens = assessment is None
        key = status_key(commune.pk, year, indicator.pk)
        if opens:
            self.check.versions[key] = FRESH_VERSION
        else:
            found = self.statuses.get((assessment.pk, indicator.pk))
            if found is not None:  # (a row missing from an open year is refused when written)
                self.check.versions[key] = found[3]
            current = found or (Status.NOT_ASSESSED, None, "", None)
            same_status = status == current[0] or (automatic and not status)
            if same_status and (value, note) == (current[1], (current[2] or "").strip()):
                return None  # unchanged: written nowhere, whatever the row would be judged now
        # A changed row, or a row of a year the import opens (its rows are all handed to
        # status_update, which leaves alone those equal to what the year copied forward).
        if value is not None and value < 0:
            raise ValidationError({S_VALUE: ["Giá trị không được âm."]})
        if value is not None and rules.value_unit(indicator, threshold) == "%" and value > 100:
            raise ValidationError({S_VALUE: ["Tỷ lệ phần trăm không được vượt quá 100."]})
        if not can_edit_criterion(self.user, commune, indicator.criterion_id):
            raise ValidationError(
                {
                    S_INDICATOR: [
                        f"Bạn không được giao cập nhật tiêu chí {indicator.criterion.number} "
                        f"của {commune}."
                    ]
                }
            )
        if not opens and assessment.is_locked_for_commune:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        f"Kết quả năm {year} của {commune} đã gửi thẩm tra: chờ văn phòng NTM "
                        "trả lại hoặc thẩm tra xong rồi mới sửa được."
                    ]
                }
            )
        if automatic and value is not None:
            judged = rules.judge(value, threshold)
            if status and status != judged:
                shown = f"{number_vi(value)} " if value is not None else "trống "
                raise ValidationError(
                    {
                        S_STATUS: [
                            f"Chỉ tiêu {indicator.code} được tính từ giá trị đo: giá trị "
                            f"{shown}là “{Status(judged).label}” so với ngưỡng "
                            f"{threshold.describe()}. Sửa cột Kết quả hoặc Giá trị đo."
                        ]
                    }
                )
            status = judged
        elif automatic and not status:
            # No value, no result: the row keeps the result (it changes the note), unless it
            # removes the value the result was judged from (criteria.services.status_update).
            if not opens and current[1] is not None:
                status = Status.NOT_ASSESSED
        elif not status:
            raise ValidationError({S_STATUS: ["Chọn kết quả: Đạt, Chưa đạt hoặc Chưa đánh giá."]})
        elif status != Status.NOT_ASSESSED and not note.strip():
            raise ValidationError(
                {S_NOTE: ["Chỉ tiêu này do cán bộ đánh giá: ghi rõ lý do hoặc căn cứ đánh giá."]}
            )
        return StatusWrite(
            row=number,
            commune=commune,
            framework=framework,
            year=year,
            indicator=indicator,
            status=status,
            value=value,
            note=note,
            opens_year=opens,
        )

    def describe(self, w: StatusWrite) -> str:
        value = (
            f" ({number_vi(w.value)} {w.indicator.unit})".rstrip() if w.value is not None else ""
        )
        opened = f" – mở năm {w.year}" if w.opens_year else ""
        result = Status(w.status).label if w.status else "giữ kết quả"
        return f"{w.commune} {w.year}, chỉ tiêu {w.indicator.code}: {result}{value}{opened}"


# --- administrative units -------------------------------------------------------------------

U_CODE = "Mã đơn vị"
U_NAME = "Tên"
U_PREFIX = "Loại đơn vị"
U_KIND = "Cấp"
U_PARENT = "Mã đơn vị cấp trên"
U_REGION = "Vùng"
U_FRAMEWORK = "Bộ tiêu chí"
U_LEVEL = "Mức phấn đấu"
PARENT_KINDS = {
    Unit.Kind.PROVINCE: set(),
    Unit.Kind.DISTRICT: {Unit.Kind.PROVINCE},
    Unit.Kind.COMMUNE: {Unit.Kind.DISTRICT, Unit.Kind.PROVINCE},
    Unit.Kind.VILLAGE: {Unit.Kind.COMMUNE},
}
KIND_WORDS = [
    (Unit.Kind.PROVINCE, "Tỉnh"),
    (Unit.Kind.DISTRICT, "Huyện"),
    (Unit.Kind.COMMUNE, "Xã"),
    (Unit.Kind.VILLAGE, "Thôn"),
]


@dataclass
class UnitWrite:
    row: int
    code: str
    is_new: bool
    fields: dict  # name, prefix, kind, region, framework, level_goal
    parent_code: str
    depth: int = 0


class UnitResource(RowsResource):
    """Rows of units: code, name, kind, parent code, region, framework, level goal. A code
    that exists updates that unit (its level cannot change); a new code creates one. Parents
    may come later in the same file."""

    COLUMNS = [U_CODE, U_NAME, U_PREFIX, U_KIND, U_PARENT, U_REGION, U_FRAMEWORK, U_LEVEL]
    REQUIRED = [U_CODE, U_NAME, U_KIND]
    HELP = [
        (U_CODE, "Mã duy nhất của đơn vị, ví dụ dak-nong.krong-no.01. Bắt buộc."),
        (U_NAME, "Tên không kèm loại, ví dụ Nâm Nung. Bắt buộc."),
        (U_PREFIX, "Ví dụ Tỉnh, Huyện, Thị xã, Xã, Phường, Thôn (không bắt buộc)."),
        (U_KIND, "Tỉnh, Huyện, Xã hoặc Thôn. Bắt buộc; không đổi được cấp của đơn vị đã có."),
        (U_PARENT, "Mã đơn vị cấp trên (trống với tỉnh); có thể là dòng khác trong tệp."),
        (U_REGION, "Khóa vùng: tdmnpb, dbsh, btb, dhntb, tn, dnb, dbscl (không bắt buộc)."),
        (U_FRAMEWORK, "Mã bộ tiêu chí áp dụng cho xã, ví dụ xa_ntm_2021_2025."),
        (U_LEVEL, "Xã NTM, Xã NTM nâng cao hoặc Xã NTM kiểu mẫu (trống: Xã NTM)."),
    ]

    code_cell = Field(column_name=U_CODE)
    name_cell = Field(column_name=U_NAME)
    prefix_cell = Field(column_name=U_PREFIX)
    kind_cell = Field(column_name=U_KIND)
    parent_cell = Field(column_name=U_PARENT)
    region_cell = Field(column_name=U_REGION)
    framework_cell = Field(column_name=U_FRAMEWORK)
    level_cell = Field(column_name=U_LEVEL)

    class Meta:
        model = Unit
        fields = (
            "code_cell",
            "name_cell",
            "prefix_cell",
            "kind_cell",
            "parent_cell",
            "region_cell",
            "framework_cell",
            "level_cell",
        )
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True

    def dehydrate_code_cell(self, u):
        return u.code

    def dehydrate_name_cell(self, u):
        return u.name

    def dehydrate_prefix_cell(self, u):
        return u.prefix

    def dehydrate_kind_cell(self, u):
        return dict(KIND_WORDS)[u.kind]

    def dehydrate_parent_cell(self, u):
        return u.parent.code if u.parent_id else ""

    def dehydrate_region_cell(self, u):
        return u.region

    def dehydrate_framework_cell(self, u):
        return u.framework.key if u.framework_id else ""

    def dehydrate_level_cell(self, u):
        return u.get_level_goal_display() if u.kind == Unit.Kind.COMMUNE else ""

    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[U_CODE]} - {""}
        if U_PARENT in dataset.headers:
            codes |= {cell_text(v) for v in dataset[U_PARENT]} - {""}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        self.frameworks = {f.key: f for f in Framework.objects.all()}
        self.regions = set(
            FrameworkCategory.objects.filter(
                framework__category_kind=Framework.CategoryKind.REGION
            ).values_list("key", flat=True)
        )
        # the kind each code will have once the file is in (for parents later in the file)
        self.file_kinds: dict[str, str] = {}
        if U_KIND in dataset.headers:
            for code, kind in zip(dataset[U_CODE], dataset[U_KIND], strict=True):
                with contextlib.suppress(ValidationError):
                    self.file_kinds[cell_text(code)] = _choice(cell_text(kind), KIND_WORDS, "Cấp")

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        code = cell_text(row.get(U_CODE))
        if not code:
            errors[U_CODE] = ["Nhập mã đơn vị."]
        elif len(code) > 64:
            errors[U_CODE] = ["Mã đơn vị dài quá 64 ký tự."]
        else:
            self.duplicate((code,), number, "mã đơn vị")
        name = cell_text(row.get(U_NAME))
        if not name:
            errors[U_NAME] = ["Nhập tên đơn vị."]
        elif len(name) > 150:
            errors[U_NAME] = ["Tên dài quá 150 ký tự."]
        prefix = cell_text(row.get(U_PREFIX))
        if len(prefix) > 30:
            errors[U_PREFIX] = ["Loại đơn vị dài quá 30 ký tự."]
        kind_text = cell_text(row.get(U_KIND))
        kind = (
            _attempt(errors, U_KIND, lambda: _choice(kind_text, KIND_WORDS, "Cấp"))
            if kind_text
            else None
        )
        if not kind_text:
            errors[U_KIND] = ["Nhập cấp: Tỉnh, Huyện, Xã hoặc Thôn."]
        existing = self.units.get(code)
        if existing is not None and kind and existing.kind != kind:
            errors.setdefault(U_KIND, []).append(
                f"Không đổi được cấp của đơn vị đã có ({existing}: "
                f"{dict(KIND_WORDS)[existing.kind]})."
            )
        parent_code = cell_text(row.get(U_PARENT))
        if kind:
            allowed = PARENT_KINDS[kind]
            if not allowed and parent_code:
                errors.setdefault(U_PARENT, []).append("Tỉnh không có đơn vị cấp trên.")
            elif allowed and not parent_code:
                errors.setdefault(U_PARENT, []).append("Nhập mã đơn vị cấp trên.")
            elif allowed:
                parent_kind = (
                    self.units[parent_code].kind
                    if parent_code in self.units
                    else self.file_kinds.get(parent_code)
                )
                if parent_kind is None:
                    errors.setdefault(U_PARENT, []).append(
                        f"Không có đơn vị mã “{parent_code}” (trong hệ thống hoặc trong tệp)."
                    )
                elif parent_kind not in allowed:
                    words = " hoặc ".join(dict(KIND_WORDS)[k] for k in allowed)
                    errors.setdefault(U_PARENT, []).append(
                        f"Đơn vị cấp trên của {dict(KIND_WORDS)[kind].lower()} phải là {words}."
                    )
                elif parent_code == code:
                    errors.setdefault(U_PARENT, []).append(
                        "Đơn vị không thể là cấp trên của chính nó."
                    )
        region = cell_text(row.get(U_REGION))
        if region and region not in self.regions:
            errors[U_REGION] = [
                f"Vùng “{region}” không có: dùng {', '.join(sorted(self.regions))}."
            ]
        key = cell_text(row.get(U_FRAMEWORK))
        framework = self.frameworks.get(key) if key else None
        if key and framework is None:
            errors[U_FRAMEWORK] = [f"Không có bộ tiêu chí mã “{key}”."]
        elif framework is not None and kind != Unit.Kind.COMMUNE:
            errors[U_FRAMEWORK] = ["Chỉ xã mới gắn bộ tiêu chí: để trống cột này."]
        level_text = cell_text(row.get(U_LEVEL))
        level = (
            _attempt(
                errors, U_LEVEL, lambda: _choice(level_text, Unit.LevelGoal.choices, "Mức phấn đấu")
            )
            if level_text
            else Unit.LevelGoal.NTM
        )
        if errors:
            raise ValidationError(errors)
        values = {
            "name": name,
            "prefix": prefix,
            "kind": kind,
            "region": region,
            "framework": framework,
            "level_goal": level,
        }
        if existing is not None:
            now = {
                "name": existing.name,
                "prefix": existing.prefix,
                "kind": existing.kind,
                "region": existing.region,
                "framework": existing.framework_id and self._framework(existing.framework_id),
                "level_goal": existing.level_goal,
            }
            parent_now = self._code_of(existing.parent_id)
            if now == values and parent_now == parent_code:
                return None
        return UnitWrite(
            row=number,
            code=code,
            is_new=existing is None,
            fields=values,
            parent_code=parent_code,
            depth=[k for k, _ in KIND_WORDS].index(kind),
        )

    def _framework(self, pk: int) -> Framework | None:
        return next((f for f in self.frameworks.values() if f.pk == pk), None)

    def _code_of(self, pk: int | None) -> str:
        if pk is None:
            return ""
        found = next((u.code for u in self.units.values() if u.pk == pk), None)
        if found is None:  # a parent the file does not name: one query, rare
            found = Unit.objects.filter(pk=pk).values_list("code", flat=True).first() or ""
        return found

    def describe(self, w: UnitWrite) -> str:
        kind = dict(KIND_WORDS)[w.fields["kind"]]
        parent = f", thuộc {w.parent_code}" if w.parent_code else ""
        return f"{kind} {w.fields['name']} ({w.code}{parent})"


# --- yearly targets -------------------------------------------------------------------------

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
        framework_ids = {u.framework_id for u in self.units.values() if u.framework_id}
        self.criteria = {
            (c.framework_id, c.number): c
            for c in Criterion.objects.filter(framework_id__in=framework_ids)
        }
        self.targets = {
            (t.unit_id, t.year): t
            for t in Target.objects.filter(unit__in=list(self.units.values())).prefetch_related(
                "criteria"
            )
        }

    def _may_write(self, unit: Unit) -> bool:
        if self.user.is_superuser:
            return True
        if unit.kind == Unit.Kind.VILLAGE:
            return False  # a village's targets are set on the plans pages
        return unit.parent is not None and supervises(self.user, unit.parent)

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        code = cell_text(row.get(T_CODE))
        unit = self.units.get(code)
        if not code:
            errors[T_CODE] = ["Nhập mã đơn vị."]
        elif unit is None:
            errors[T_CODE] = [f"Không có xã (hoặc thôn) mã “{code}” trong phạm vi bạn được xem."]
        elif not self._may_write(unit):
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
                    criterion = self.criteria.get((unit.framework_id, int(token)))
                    if criterion is None:
                        bad.append(token)
                    elif criterion not in chosen:
                        chosen.append(criterion)
            if bad:
                where = f"bộ tiêu chí của {unit}" if unit and unit.framework_id else "đơn vị này"
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


RESOURCES: dict[str, type[RowsResource]] = {
    Kind.STATUSES: StatusResource,
    Kind.UNITS: UnitResource,
    Kind.TARGETS: TargetResource,
}


# --- reading a file and checking it ----------------------------------------------------------


# A sheet is read within these bounds, whatever the file claims: the templates have at most a
# dozen columns (a sheet's <dimension> may claim 18 278, and openpyxl would pad every row to it),
# and no cell of these kinds holds more than an indicator's note (4 000 characters: a longer cell
# is refused before any row is checked, so no error message repeats a huge cell row after row).
MAX_COLUMNS = 60
MAX_CELL = 4_000


def read_dataset(content: bytes) -> tablib.Dataset:
    """The first sheet of an .xlsx (already checked by forms.check_xlsx), read row by row within
    MAX_COLUMNS and MAX_CELL and IMPORT_MAX_ROWS."""
    damaged = "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu (sheet đầu tiên)."
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.active
        sheet.reset_dimensions()  # read the cells there are, not the range the file claims
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        headers = list(next(rows, None) or [])
        while headers and headers[-1] is None:
            headers.pop()
        dataset = tablib.Dataset(headers=headers)
        cut = False
        for number, row in enumerate(rows, start=2):
            values = list(row[: len(headers)]) + [None] * (len(headers) - len(row))
            for column, value in enumerate(values):
                if isinstance(value, str) and len(value) > MAX_CELL:
                    raise SheetError(
                        f"Dòng {number}, cột “{cell_text(headers[column])[:40]}”: ô dài "
                        f"{number_vi(len(value))} ký tự, tối đa {number_vi(MAX_CELL)} ký tự. "
                        "Không nhập dòng nào."
                    )
            dataset.append(values)
            if len(dataset) > IMPORT_MAX_ROWS + 1000:  # trailing empty lines are dropped below
                cut = True
                break
    except SheetError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise SheetError(damaged) from None
    while len(dataset) and not any(cell_text(v) for v in dataset[-1]):
        del dataset[-1]  # trailing empty lines some spreadsheets keep
    if len(dataset) > IMPORT_MAX_ROWS:
        raise SheetError(
            f"Tệp có {'trên ' if cut else ''}{number_vi(len(dataset))} dòng, quá giới hạn "
            f"{number_vi(IMPORT_MAX_ROWS)} dòng một lần nhập: chia thành nhiều tệp."
        )
    return dataset


def _workbook_checks() -> dict:
    from criteria import workbook  # it builds on this module's Check and cell readers

    return {
        Kind.FRAMEWORK: workbook.framework_check,
        Kind.COMMUNE_GROUPS: workbook.commune_groups_check,
        Kind.MAPPING: workbook.mapping_check,
    }


def check(kind: str, user: User, content: bytes) -> Check:
    """A dry run over the whole file: the plan of writes, or every bad row (nothing written)."""
    if kind in WORKBOOK_KINDS:
        result = _workbook_checks()[kind](user, content)
        result.kind = kind
        return result
    result = Check(kind=kind)
    try:
        dataset = read_dataset(content)
    except SheetError as e:
        result.errors.append({"row": "", "column": "", "message": str(e)})
        return result
    resource = RESOURCES[kind](user=user)
    resource.check = result
    outcome = resource.import_data(dataset, dry_run=True, use_transactions=True)
    for error in outcome.base_errors:
        message = str(error.error) if isinstance(error.error, SheetError) else "Lỗi khi đọc tệp."
        result.errors.append({"row": "", "column": "", "message": message})
    if outcome.base_errors:
        result.plan = []
        return result
    columns = resource.COLUMNS
    for row in outcome.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                result.errors.append(
                    {
                        "row": row.number + 1,
                        "column": "" if column == NON_FIELD_ERRORS else column,
                        "message": message,
                    }
                )
    for number, row_errors in outcome.row_errors():
        for _ in row_errors:
            result.errors.append(
                {"row": number + 1, "column": "", "message": "Không đọc được dòng này."}
            )
    result.errors.sort(
        key=lambda e: (
            e["row"] or 0,
            columns.index(e["column"]) if e["column"] in columns else 99,
        )
    )
    if result.errors:
        result.plan = []
    return result


# --- files out ------------------------------------------------------------------------------


def template_xlsx(kind: str, framework: Framework | None = None) -> bytes:
    """The header row only, and a second sheet explaining each column. A criteria set's
    workbook may come pre-filled with an existing set (`framework`)."""
    if kind in WORKBOOK_KINDS:
        from criteria import workbook

        if kind == Kind.FRAMEWORK:
            return workbook.framework_template_xlsx(framework)
        if kind == Kind.COMMUNE_GROUPS:
            return workbook.commune_groups_template_xlsx()
        return workbook.mapping_template_xlsx()
    resource = RESOURCES[kind]
    sheet = tablib.Dataset(headers=resource.COLUMNS, title=Kind(kind).label[:31])
    guide = tablib.Dataset(headers=["Cột", "Cách ghi"], title="Hướng dẫn")
    for column, text in resource.HELP:
        guide.append([column, text])
    return tablib.Databook([sheet, guide]).export("xlsx")


def export_xlsx(kind: str, user: User, rows) -> bytes:
    """The given rows (already scoped to the user) as a sheet that imports back unchanged."""
    dataset = RESOURCES[kind](user=user).export(list(rows))
    dataset.title = Kind(kind).label[:31]
    return XLSX().export_data(dataset)
