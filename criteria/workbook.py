"""Criteria sets as Excel workbooks: the framework workbook, commune groups and mappings.

Three files an NTM office keeps, read and written beside the models they fill:

- the **framework workbook** (bộ tiêu chí): sheets "Bộ tiêu chí" (the set's own fields, one
  per row), "Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí", "Chỉ tiêu" (one "Ngưỡng <khóa>" column per
  region or commune group, and "Ngưỡng chung") and a guide. `framework_template_xlsx` gives it
  empty or pre-filled with a set's structure (51/2025: its 10 criteria and 3 commune groups, so
  the office types only the indicators), `framework_export_xlsx` filled with everything, and
  `framework_export_yaml` the catalogue form `load_criteria` reads;
- **commune groups** (sheet "Nhóm xã"): a commune's group on a set, from a date, by a decision;
- **mappings** (sheet "Chuyển đổi"): which old indicator carries over to which new one.

Each `*_check(user, content)` reads the whole file and checks every row – every bad row is
listed with its sheet, row and column, in Vietnamese – and plans the writes without writing
anything; the dashboards pipeline (dashboards.services) then calls `*_apply(plan, …)` in its
one transaction, which writes only through the services of criteria.authoring, so the record
(FrameworkChange), the rights and the reach into the years in progress are those of the pages.
"""

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboards.excel import neutralise
from dashboards.forms import IMPORT_MAX_ROWS
from dashboards.importing import PREVIEW_LIMIT, Check, cell_text, note_text, parse_decimal
from units.models import Unit, User
from units.selectors import authoring_province_ids, can_author_framework, can_author_national
from units.text import fold

from . import authoring
from .authoring import COMMON, Bar
from .formatting import number_vi
from .models import (
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    FrameworkMapping,
    Indicator,
    IndicatorMapping,
    UnitCategory,
)

CategoryKind = Framework.CategoryKind

# --- sheets and columns ----------------------------------------------------------------------

FRAMEWORK_SHEET = "Bộ tiêu chí"
CATEGORY_SHEET = "Vùng-nhóm"
GROUP_SHEET = "Nhóm tiêu chí"
CRITERION_SHEET = "Tiêu chí"
INDICATOR_SHEET = "Chỉ tiêu"
GUIDE_SHEET = "Hướng dẫn"
UNIT_GROUP_SHEET = "Nhóm xã"
MAPPING_SHEET = "Chuyển đổi"

FIELD_HEADERS = ["Trường", "Giá trị"]
# The rows of "Bộ tiêu chí": (label, attribute, how to write it).
FIELDS = [
    (
        "Mã",
        "key",
        "Mã bộ tiêu chí: chữ không dấu, số, gạch dưới, ví dụ xa_ntm_2026_2030. Bắt buộc.",
    ),
    ("Tên", "name", "Tên đầy đủ theo quyết định. Bắt buộc."),
    ("Tên ngắn", "short_name", "Tên hiện trên các trang, ví dụ “Xã NTM 2026–2030 (51/2025)”."),
    (
        "Hạng công nhận",
        "level",
        "; ".join(label for _, label in Framework.Level.choices) + ". Bắt buộc.",
    ),
    (
        "Đơn vị được đánh giá",
        "unit_kind",
        "; ".join(label for _, label in Framework.UnitKind.choices) + " (trống: Xã).",
    ),
    (
        "Tỉnh",
        "province",
        "Mã đơn vị của tỉnh với bộ tiêu chí riêng của tỉnh; để trống = bộ tiêu chí toàn quốc "
        "(chỉ Văn phòng Điều phối Trung ương).",
    ),
    ("Số quyết định", "decision_number", "Ví dụ 51/2025/QĐ-TTg."),
    ("Ngày ban hành", "decision_date", "dd/mm/yyyy, ví dụ 29/12/2025."),
    ("Cơ quan ban hành", "decision_body", "Ví dụ Thủ tướng Chính phủ, UBND tỉnh Hà Tĩnh."),
    ("Ngày hiệu lực", "effective_date", "dd/mm/yyyy."),
    ("Từ năm", "period_start", "Năm đầu của giai đoạn, ví dụ 2026. Bắt buộc."),
    ("Đến năm", "period_end", "Năm cuối của giai đoạn, ví dụ 2030. Bắt buộc."),
    (
        "Ngưỡng phân theo",
        "category_kind",
        "Theo nhóm xã (51/2025: nhóm 1, 2, 3), Theo vùng (1980, 318: 7 vùng) hoặc Không phân "
        "loại (chỉ có ngưỡng chung).",
    ),
    (
        "Ban hành ngay",
        "publish",
        "có / không (trống: không). “có”: sau khi nhập, bộ tiêu chí dự thảo được ban hành – "
        "mỗi tiêu chí phải có ít nhất một chỉ tiêu.",
    ),
    (
        "Căn cứ của lần nhập này",
        "basis",
        "Số, ngày văn bản sửa đổi, đính chính. Bắt buộc khi bộ tiêu chí đã ban hành và tệp "
        "thay đổi nội dung của nó.",
    ),
    (
        "Minh họa",
        "illustrative",
        "có / không (trống: không). “có”: chỉ tiêu, ngưỡng là số liệu minh họa (dữ liệu mẫu), "
        "không phải số liệu chính thức; các trang ghi rõ như vậy.",
    ),
]
LABEL = {attr: label for label, attr, _ in FIELDS}
ALIASES = {"ma bo tieu chi": "key", "can cu": "basis", "ban hanh": "publish"}

C_KEY, C_NAME, C_DESCRIPTION = "Khóa", "Tên", "Mô tả"
G_CODE, G_NAME = "Mã", "Tên"
K_NUMBER, K_NAME, K_GROUP = "Số", "Tên", "Nhóm"
I_CODE, I_CRITERION, I_NAME, I_UNIT, I_KIND, I_COMPARATOR, I_GUIDANCE = (
    "Mã",
    "Số tiêu chí",
    "Tên",
    "Đơn vị tính",
    "Loại",
    "So sánh",
    "Hướng dẫn",
)
BAR_PREFIX = "Ngưỡng"
BAR_COMMON = "Ngưỡng chung"

U_CODE, U_NAME, U_FRAMEWORK, U_CATEGORY, U_BASIS, U_FROM, U_TO = (
    "Mã xã",
    "Tên xã",
    "Bộ tiêu chí",
    "Nhóm",
    "Căn cứ",
    "Áp dụng từ",
    "Đến hết",
)
M_SOURCE, M_SOURCE_CODE, M_TARGET, M_TARGET_CODE, M_NOTE, M_BASIS = (
    "Bộ tiêu chí cũ",
    "Mã chỉ tiêu cũ",
    "Bộ tiêu chí mới",
    "Mã chỉ tiêu mới",
    "Ghi chú",
    "Căn cứ",
)

MAX_COLUMNS = 60  # cells right of this are never read (a sheet may claim 16 384 columns)
EMPTY_BAR_TEXT = "cán bộ đánh giá"
SYMBOL = {">=": "≥", "<=": "≤", "==": "="}


class WorkbookError(Exception):
    """The file cannot be read as the workbook (message in Vietnamese, for the whole file)."""


class WriteRefused(Exception):
    """A service refused a planned write: [{row, column, message}]; everything rolls back."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


def _short(text: str, limit: int = 40) -> str:
    """A cell quoted in a message, never a whole (possibly huge) cell."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- writing workbooks -----------------------------------------------------------------------


def _out(value):
    """A cell as written: no characters XML forbids, formulas neutralised, numbers as numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


class _Book:
    def __init__(self):
        self.workbook = Workbook()
        self._first = True

    def sheet(self, title: str, headers: list[str], rows: Iterable, widths=(), text_columns=()):
        if self._first:
            ws = self.workbook.active
            ws.title = title
            self._first = False
        else:
            ws = self.workbook.create_sheet(title)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_out(v) for v in row])
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for i in text_columns:  # codes such as 1.10 stay text when typed
            letter = get_column_letter(i)
            ws.column_dimensions[letter].number_format = "@"
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "@"
        return ws

    def choices(self, ws, column: int, labels: list[str]) -> None:
        """A drop-down on a column (other spellings are still accepted on import)."""
        validation = DataValidation(
            type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
        )
        validation.showErrorMessage = False
        letter = get_column_letter(column)
        validation.add(f"{letter}2:{letter}{max(ws.max_row, 1) + 500}")
        ws.add_data_validation(validation)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


def _bar_columns(framework: Framework | None) -> list[tuple[str, str]]:
    """(header, category key) of the threshold columns: one per category, then the common one."""
    columns = []
    if framework is not None:
        for category in framework.categories.order_by("order", "pk"):
            columns.append((f"{BAR_PREFIX} {category.key}", category.key))
    columns.append((BAR_COMMON, COMMON))
    return columns


def _indicator_headers(framework: Framework | None) -> list[str]:
    bars = [header for header, _ in _bar_columns(framework)]
    return [I_CODE, I_CRITERION, I_NAME, I_UNIT, I_KIND, I_COMPARATOR, *bars, I_GUIDANCE]


def _framework_rows(framework: Framework | None) -> list[list]:
    if framework is None:
        values = {"publish": "không", "illustrative": "không"}
    else:
        values = {
            "key": framework.key,
            "name": framework.name,
            "short_name": framework.short_name,
            "level": framework.get_level_display(),
            "unit_kind": framework.get_unit_kind_display(),
            "province": framework.province.code if framework.province_id else "",
            "decision_number": framework.decision_number,
            "decision_date": framework.decision_date,
            "decision_body": framework.decision_body,
            "effective_date": framework.effective_date,
            "period_start": framework.period_start,
            "period_end": framework.period_end,
            "category_kind": framework.get_category_kind_display(),
            "publish": "không",
            "basis": "",
            "illustrative": "có" if framework.illustrative else "không",
        }
    return [[label, values.get(attr, "")] for label, attr, _ in FIELDS]


def _bar_cell(threshold) -> object:
    if threshold is None:
        return ""
    if threshold.value is not None:
        return threshold.value
    return threshold.text


def _guide_rows(framework: Framework | None) -> list[list[str]]:
    rows = [
        ["", "", "CÁCH DÙNG TỆP"],
        [
            "",
            "",
            "Điền các sheet rồi nhập ở trang Tổng hợp › Nhập dữ liệu từ Excel, loại “Bộ tiêu "
            "chí”. Cả tệp được kiểm tra trước: chỉ cần một dòng lỗi là không ghi gì, và mọi dòng "
            "lỗi được liệt kê kèm sheet, số dòng, cột. Tệp không lỗi được xem trước rồi mới xác "
            "nhận nhập.",
        ],
        [
            "",
            "",
            "Mã bộ tiêu chí chưa có: tạo bộ tiêu chí mới (dự thảo). Mã đã có: bổ sung các dòng "
            "mới và sửa các dòng khác với hệ thống; mọi thay đổi được ghi lịch sử. Xóa một dòng "
            "khỏi tệp không xóa gì trong hệ thống (ngừng áp dụng tiêu chí, chỉ tiêu trên trang "
            "bộ tiêu chí).",
        ],
        [
            "",
            "",
            "SỐ LIỆU CHÍNH THỨC: tên chỉ tiêu và ngưỡng phải lấy đúng từ phụ lục của quyết định "
            "ban hành bộ tiêu chí (văn bản gốc trên vanban.chinhphu.vn, công báo hoặc văn bản "
            "của UBND tỉnh). Không tự đặt ngưỡng, không chép từ nguồn không chính thức.",
        ],
    ]
    if framework is not None and framework.illustrative:
        rows.append(["", "", f"Lưu ý: {Framework.ILLUSTRATIVE_LABEL}."])
    rows += [[FRAMEWORK_SHEET, label, text] for label, _, text in FIELDS]
    rows += [
        [CATEGORY_SHEET, C_KEY, "Khóa của vùng/nhóm, ví dụ nhom1, tdmnpb. Bắt buộc."],
        [CATEGORY_SHEET, C_NAME, "Ví dụ Xã nhóm 1. Bắt buộc."],
        [CATEGORY_SHEET, C_DESCRIPTION, "Định nghĩa theo quyết định (không bắt buộc)."],
        [GROUP_SHEET, G_CODE, "Mã nhóm tiêu chí, ví dụ I, II. Bắt buộc."],
        [GROUP_SHEET, G_NAME, "Ví dụ Hạ tầng kinh tế - xã hội. Bắt buộc."],
        [CRITERION_SHEET, K_NUMBER, "Số tiêu chí, ví dụ 2. Bắt buộc, không trùng."],
        [CRITERION_SHEET, K_NAME, "Tên tiêu chí. Bắt buộc."],
        [CRITERION_SHEET, K_GROUP, "Mã nhóm tiêu chí (sheet Nhóm tiêu chí); có thể để trống."],
        [INDICATOR_SHEET, I_CODE, "Mã chỉ tiêu, ví dụ 2.1 (hoặc 5 nếu tiêu chí có một chỉ tiêu)."],
        [INDICATOR_SHEET, I_CRITERION, "Số của tiêu chí chứa chỉ tiêu. Bắt buộc."],
        [INDICATOR_SHEET, I_NAME, "Tên chỉ tiêu như trong phụ lục. Bắt buộc."],
        [INDICATOR_SHEET, I_UNIT, "Ví dụ %, km, hộ. Bắt buộc với chỉ tiêu Số đo."],
        [
            INDICATOR_SHEET,
            I_KIND,
            "Đạt/không đạt; Số đo; Mức độ (cán bộ đánh giá). Viết có dấu hoặc không dấu.",
        ],
        [
            INDICATOR_SHEET,
            I_COMPARATOR,
            "≥ (>=), ≤ (<=) hoặc = (==); trống: ≥. Chỉ chỉ tiêu Số đo dùng ≤ hoặc =.",
        ],
        [
            INDICATOR_SHEET,
            f"{BAR_PREFIX} <khóa>",
            "Ngưỡng đạt của vùng/nhóm có khóa đó: một số (dấu phẩy thập phân, ví dụ 24,62) với "
            "chỉ tiêu Số đo, hoặc yêu cầu bằng lời. Ô để trống = không có ngưỡng, "
            f"{EMPTY_BAR_TEXT}. Mỗi vùng/nhóm ở sheet Vùng-nhóm có một cột; thêm cột nếu thêm "
            "vùng/nhóm.",
        ],
        [
            INDICATOR_SHEET,
            BAR_COMMON,
            f"Ngưỡng áp dụng cho mọi vùng/nhóm (chỉ tiêu chung). Trống = {EMPTY_BAR_TEXT}.",
        ],
        [INDICATOR_SHEET, I_GUIDANCE, "Cách đánh giá, hồ sơ minh chứng (không bắt buộc)."],
    ]
    if framework is not None:
        for category in framework.categories.order_by("order", "pk"):
            rows.append([CATEGORY_SHEET, category.key, category.name])
    return rows


def _write_framework(framework: Framework | None, *, indicators: bool) -> bytes:
    book = _Book()
    book.sheet(FRAMEWORK_SHEET, FIELD_HEADERS, _framework_rows(framework), widths=(26, 70))
    categories = groups = criteria = []
    if framework is not None:
        categories = [
            [c.key, c.name, c.description] for c in framework.categories.order_by("order", "pk")
        ]
        groups = [[g.code, g.name] for g in framework.groups.order_by("order", "pk")]
        criteria = [
            [c.number, c.name, c.group.code if c.group_id else ""]
            for c in framework.criteria.filter(retired_on__isnull=True)
            .select_related("group")
            .order_by("number")
        ]
    book.sheet(CATEGORY_SHEET, [C_KEY, C_NAME, C_DESCRIPTION], categories, widths=(12, 30, 80))
    book.sheet(GROUP_SHEET, [G_CODE, G_NAME], groups, widths=(10, 60), text_columns=(1,))
    book.sheet(
        CRITERION_SHEET,
        [K_NUMBER, K_NAME, K_GROUP],
        criteria,
        widths=(8, 60, 10),
        text_columns=(3,),
    )
    bar_columns = _bar_columns(framework)
    rows = []
    if framework is not None and indicators:
        active = (
            Indicator.objects.filter(framework=framework, retired_on__isnull=True)
            .select_related("criterion")
            .prefetch_related("thresholds")
            .order_by("order", "pk")
        )
        for indicator in active:
            own = {
                t.category: t
                for t in indicator.thresholds.all()
                if t.province_id is None and t.year is None
            }
            rows.append(
                [
                    indicator.code,
                    indicator.criterion.number,
                    indicator.name,
                    indicator.unit,
                    indicator.get_kind_display(),
                    SYMBOL.get(indicator.comparator, indicator.comparator),
                    *[_bar_cell(own.get(key)) for _, key in bar_columns],
                    indicator.guidance,
                ]
            )
    headers = _indicator_headers(framework)
    ws = book.sheet(
        INDICATOR_SHEET,
        headers,
        rows,
        widths=(8, 10, 60, 10, 22, 9, *[14] * len(bar_columns), 50),
        text_columns=(1,),
    )
    book.choices(ws, 5, [label for _, label in Indicator.Kind.choices])
    book.choices(ws, 6, list(SYMBOL.values()))
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    book.sheet(GUIDE_SHEET, ["Sheet", "Cột", "Cách ghi"], _guide_rows(framework), (16, 26, 100))
    return book.bytes()


def framework_template_xlsx(framework: Framework | None = None) -> bytes:
    """The framework workbook to fill: empty, or pre-filled with a set's own fields, regions or
    commune groups, criterion groups and criteria (its indicators are left to type; the
    threshold columns are those of its categories). Importing it unchanged changes nothing."""
    return _write_framework(framework, indicators=False)


def framework_export_xlsx(framework: Framework) -> bytes:
    """The framework workbook filled with everything the set holds in force (its own thresholds;
    not a province's tightening, not year-specific bars). Importing it back changes nothing."""
    return _write_framework(framework, indicators=True)


# --- the catalogue form (YAML) ---------------------------------------------------------------


def _yaml_number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def framework_export_yaml(framework: Framework) -> str:
    """The set in the catalogue form `load_criteria` reads (fixtures/criteria/*.yaml): loading it
    into a database without that key gives the same criteria, indicators and thresholds. The
    catalogue has no province nor unit kind: such a file loads as a national set."""
    categories = list(framework.categories.order_by("order", "pk"))
    meta: dict = {
        "key": framework.key,
        "level": framework.level,
        "name_vi": framework.name,
        "short_name_vi": framework.short_name,
        "period": {"start": framework.period_start, "end": framework.period_end},
    }
    decision = {
        "number": framework.decision_number,
        "date": framework.decision_date.isoformat() if framework.decision_date else None,
        "effective": framework.effective_date.isoformat() if framework.effective_date else None,
        "issuer": framework.decision_body,
        "source": list(framework.sources or []),
    }
    meta["decision"] = {k: v for k, v in decision.items() if v not in (None, "", [])}
    if framework.notes:
        meta["notes"] = framework.notes
    rows = [
        {
            "key": c.key,
            "name_vi": c.name,
            **({"definition_vi": c.description} if c.description else {}),
        }
        for c in categories
    ]
    if framework.category_kind == CategoryKind.REGION and rows:
        meta["regions"] = rows
    elif framework.category_kind == CategoryKind.GROUP and rows:
        meta["commune_groups"] = rows
    doc: dict = {"framework": meta}
    groups = list(framework.groups.order_by("order", "pk"))
    if groups:
        doc["groups"] = [{"code": g.code, "name_vi": g.name} for g in groups]
    indicators: dict[int, list[dict]] = {}
    active = (
        Indicator.objects.filter(framework=framework, retired_on__isnull=True)
        .prefetch_related("thresholds")
        .order_by("order", "pk")
    )
    for indicator in active:
        cells: dict = {}
        by_year: dict = {}
        for t in sorted(indicator.thresholds.all(), key=lambda t: (t.year or 0, t.category)):
            if t.province_id is not None:
                continue
            column = t.category or "common"
            cell = _yaml_number(t.value) if t.value is not None else t.text
            if t.year is None:
                cells[column] = cell
            else:
                by_year.setdefault(t.year, {})[column] = cell
        if by_year:
            cells["by_year"] = by_year
        row = {
            "code": indicator.code,
            "name_vi": indicator.name,
            "unit": indicator.unit or None,
            "kind": indicator.kind,
            "comparator": indicator.comparator,
            "thresholds": cells,
        }
        for name in ("guidance", "notes", "confidence"):
            if getattr(indicator, name):
                row[name] = getattr(indicator, name)
        if indicator.verified:
            row["verified"] = True
        if indicator.sources:
            row["source"] = list(indicator.sources)
        indicators.setdefault(indicator.criterion_id, []).append(row)
    criteria = []
    for criterion in (
        framework.criteria.filter(retired_on__isnull=True)
        .select_related("group")
        .order_by("number")
    ):
        row = {"number": criterion.number, "name_vi": criterion.name}
        if criterion.group_id:
            row["group"] = criterion.group.code
        if criterion.verified:
            row["verified"] = True
        if criterion.notes:
            row["notes"] = criterion.notes
        if criterion.sources:
            row["source"] = list(criterion.sources)
        row["indicators"] = indicators.get(criterion.pk, [])
        criteria.append(row)
    doc["criteria"] = criteria
    where = (
        f", tỉnh {framework.province} (mã {framework.province.code})"
        if framework.province_id
        else ""
    )
    header = (
        f"# {framework.name}\n"
        f"# Xuất từ ứng dụng ngày {timezone.localdate():%d/%m/%Y} ({framework.get_state_display()}"
        f"{where}).\n"
        "# Dạng danh mục của load_criteria: tệp này nạp như một bộ tiêu chí quốc gia.\n"
    )
    if framework.illustrative:
        header += f"# {Framework.ILLUSTRATIVE_LABEL}.\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


# --- reading workbooks -----------------------------------------------------------------------


@dataclass
class _Table:
    """One sheet: its canonical name, columns by canonical header, rows by their sheet number."""

    name: str
    columns: dict[str, int]
    rows: list[tuple[int, tuple]]
    extra: list[tuple[str, int]] = field(default_factory=list)  # headers not among the known

    def raw(self, row: tuple, column: str):
        index = self.columns.get(column)
        if index is None or index >= len(row):
            return None
        return row[index]

    def text(self, row: tuple, column: str) -> str:
        value = self.raw(row, column)
        if isinstance(value, str) and len(value) > 100_000:
            value = value[:100_000]  # a huge cell: refused by its length check, never parsed
        return cell_text(value)

    def note(self, row: tuple, column: str) -> str:
        value = self.raw(row, column)
        if isinstance(value, str) and len(value) > 100_000:
            value = value[:100_000]
        return note_text(value)

    def has(self, column: str) -> bool:
        return column in self.columns


def _read_sheets(content: bytes, names: list[str]) -> tuple[dict[str, list[tuple]], list[str]]:
    """{canonical sheet name: rows (values, the header first)} for the named sheets found (by
    name, with or without diacritics), and the titles of every sheet of the file."""
    wanted = {fold(name): name for name in names}
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged or foreign file
        raise WorkbookError(
            "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo tệp mẫu (tải ở trang nhập)."
        ) from None
    found: dict[str, list[tuple]] = {}
    titles: list[str] = []
    total = 0
    try:
        for ws in book.worksheets:
            titles.append(ws.title)
            name = wanted.get(fold(ws.title))
            if name is None or name in found:
                continue
            rows = []
            for values in ws.iter_rows(
                max_row=IMPORT_MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True
            ):
                rows.append(tuple(values))
            while rows and not any(cell_text(v) for v in rows[-1]):
                rows.pop()
            total += len(rows)
            if len(rows) > IMPORT_MAX_ROWS + 1 or total > IMPORT_MAX_ROWS + len(names):
                raise WorkbookError(
                    f"Tệp quá lớn: tối đa {number_vi(IMPORT_MAX_ROWS)} dòng một lần nhập."
                )
            found[name] = rows
    except WorkbookError:
        raise
    except Exception:
        raise WorkbookError(
            "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo tệp mẫu (tải ở trang nhập)."
        ) from None
    finally:
        book.close()
    return found, titles


def _header(value) -> str:
    return " ".join(cell_text(value).split("(")[0].split())


class _Reader:
    """Shared by the three checks: the errors, the counts and the preview of one file."""

    def __init__(self, user: User, kind: str):
        self.user = user
        self.result = Check(kind=kind)

    def error(self, sheet: str, row, column: str, message: str) -> None:
        self.result.errors.append(
            {"row": row, "column": f"{sheet}: {column}" if column else sheet, "message": message}
        )

    def file_error(self, message: str) -> Check:
        self.result.errors.append({"row": "", "column": "", "message": message})
        self.result.plan = []
        return self.result

    def table(self, sheets: dict, name: str, columns: list[str], required: list[str]):
        """The sheet's rows under its header row, or None (the errors listed) when a required
        column is missing."""
        rows = sheets.get(name)
        if rows is None:
            return None
        header = rows[0] if rows else ()
        known = {fold(c): c for c in columns}
        found: dict[str, int] = {}
        extra = []
        for index, value in enumerate(header):
            text = _header(value)
            if not text:
                continue
            column = known.get(fold(text))
            if column is None:
                extra.append((text, index))
            elif column in found:
                self.error(name, 1, column, f"Cột “{column}” có hai lần.")
            else:
                found[column] = index
        missing = [c for c in required if c not in found]
        for column in missing:
            self.error(
                name,
                1,
                column,
                f"Thiếu cột “{column}”: dòng 1 của sheet phải là tiêu đề các cột như trong tệp "
                "mẫu.",
            )
        if missing:
            return None
        body = [
            (number, row)
            for number, row in enumerate(rows[1:], start=2)
            if any(cell_text(v) for v in row)
        ]
        return _Table(name, found, body, extra)

    def missing_sheet(self, name: str, titles: list[str]) -> Check:
        shown = ", ".join(f"“{_short(t, 31)}”" for t in titles[:10])
        return self.file_error(
            f"Tệp không có sheet “{name}” (các sheet trong tệp: {shown or 'không có'}). Hãy dùng "
            "tệp mẫu tải ở trang nhập, giữ nguyên tên các sheet."
        )

    def count(self, state: str, sheet: str, row: int, text: str) -> None:
        """One row read: "new", "changed" or "same"; a change goes to the preview."""
        self.result.rows += 1
        if state == "same":
            self.result.unchanged += 1
            return
        if state == "new":
            self.result.created += 1
        else:
            self.result.changed += 1
        if len(self.result.preview) < PREVIEW_LIMIT:
            self.result.preview.append(
                {
                    "row": row,
                    "action": "Thêm mới" if state == "new" else "Sửa",
                    "text": f"{sheet}: {text}"[:500],
                }
            )

    def bounded(self, sheet, number, column, text: str, limit: int) -> bool:
        if len(text) > limit:
            self.error(
                sheet, number, column, f"Dài quá {number_vi(limit)} ký tự ({number_vi(len(text))})."
            )
            return False
        return True

    def finish(self, plan: list) -> Check:
        """The result: errors in the order of the sheets, then of the rows."""
        order = {name: i for i, name in enumerate(FRAMEWORK_SHEETS)}
        self.result.errors.sort(
            key=lambda e: (order.get(e["column"].split(":")[0], 0), e["row"] or 0)
        )
        self.result.plan = [] if self.result.errors else plan
        return self.result


# --- parsing cells ---------------------------------------------------------------------------

DATE_TEXT = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value) -> date | None:
    """dd/mm/yyyy (or a date cell); None when empty. ValidationError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    match = DATE_TEXT.fullmatch(text)
    parts = None
    if match:
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif ISO_DATE.fullmatch(text):
        match = ISO_DATE.fullmatch(text)
        parts = (int(match[1]), int(match[2]), int(match[3]))
    try:
        if parts is None:
            raise ValueError
        return date(*parts)
    except ValueError:
        raise ValidationError(
            f"Ngày “{_short(text)}” không hợp lệ: ghi dd/mm/yyyy, ví dụ 29/12/2025."
        ) from None


def parse_year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ValidationError(f"Năm “{_short(text)}” không hợp lệ: ghi từ 2000 đến 2100.")
    return int(text)


def _words(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    words = {}
    for value, label in choices:
        for word in (label, value, value.replace("_", " ")):
            words[fold(word)] = value
    for word, value in (extra or {}).items():
        words[fold(word)] = value
    return words


LEVEL_WORDS = _words(
    Framework.Level.choices,
    {
        fold(label).replace("ntm", "nong thon moi"): value
        for value, label in Framework.Level.choices
    },
)
UNIT_KIND_WORDS = _words(
    Framework.UnitKind.choices, {"thon": "village", "khu dan cu": "village", "commune": "commune"}
)
CATEGORY_KIND_WORDS = _words(
    CategoryKind.choices,
    {
        "vung": "region",
        "theo vung": "region",
        "nhom": "group",
        "nhom xa": "group",
        "theo nhom": "group",
        "khong": "",
        "khong phan": "",
        "": "",
    },
)
KIND_WORDS = _words(
    Indicator.Kind.choices,
    {
        "dat/khong dat": "boolean",
        "dat khong dat": "boolean",
        "dat / khong dat": "boolean",
        "so do": "numeric",
        "so": "numeric",
        "muc do": "level",
        "muc": "level",
        "can bo danh gia": "level",
    },
)
COMPARATOR_WORDS = _words(
    Indicator.Comparator.choices,
    {
        "≥": ">=",
        "=>": ">=",
        "lon hon hoac bang": ">=",
        "≤": "<=",
        "=<": "<=",
        "nho hon hoac bang": "<=",
        "=": "==",
        "bang": "==",
        "": ">=",
    },
)
YES = {"co", "x", "yes", "1", "true", "dung"}
NO = {"khong", "", "no", "0", "false"}


def _choice(text: str, words: dict[str, str], what: str, choices) -> str:
    value = words.get(fold(text))
    if value is None:
        names = ", ".join(f"“{label}”" for _, label in choices)
        raise ValidationError(f"{what} “{_short(text)}” không hợp lệ: dùng {names}.")
    return value


BAR_NUMBER = re.compile(r"(≥|≤|>=|<=|=>|=<|==|=)?\s*(-?[\d.,\s]*\d)\s*([^\d\s.,].*)?")


def parse_bar(value, *, comparator: str, unit: str) -> Bar:
    """A threshold cell: a number (24,62; or "≥ 80 %" with the row's own comparator and unit),
    a requirement in words, or empty (the official judges)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Bar()
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Bar(parse_decimal(value))
    text = note_text(value)
    match = BAR_NUMBER.fullmatch(text)
    if match and (match[3] is None or (unit and match[3].strip() == unit)):
        try:
            number = parse_decimal(match[2])
        except ValidationError:
            number = None
        if number is not None:
            symbol = COMPARATOR_WORDS.get(fold(match[1] or ""), comparator)
            if match[1] and symbol != comparator:
                raise ValidationError(
                    f"Ngưỡng ghi “{match[1]}” nhưng cột So sánh là "
                    f"“{SYMBOL.get(comparator, comparator)}”: ghi số không kèm dấu, hoặc sửa "
                    "cột So sánh."
                )
            return Bar(number)
    return Bar(None, text)


class _PlannedFramework:
    """What check_indicator_fields needs of a framework not written yet: its category keys."""

    class _Keys:
        def __init__(self, keys):
            self.keys = list(keys)

        def values_list(self, *fields, flat=False):
            return list(self.keys)

    def __init__(self, keys):
        self.categories = self._Keys(keys)


# --- the framework workbook: planned writes ----------------------------------------------------


@dataclass
class _Context:
    actor: User
    basis: str
    framework: Framework | None = None
    groups: dict = field(default_factory=dict)
    criteria: dict = field(default_factory=dict)
    indicators: dict = field(default_factory=dict)

    def load(self, framework: Framework) -> None:
        self.framework = framework
        self.groups = {g.code: g for g in CriterionGroup.objects.filter(framework=framework)}
        self.criteria = {c.number: c for c in Criterion.objects.filter(framework=framework)}
        self.indicators = {
            i.code: i
            for i in Indicator.objects.filter(framework=framework).select_related("framework")
        }


@dataclass
class _Write:
    """One planned write of the framework workbook, applied through criteria.authoring."""

    key: str  # the framework's
    basis: str
    sheet: str
    row: int
    columns: dict  # service field name -> column (for a refusal while writing)

    def apply(self, ctx: _Context) -> None:
        raise NotImplementedError


@dataclass
class _FrameworkCreate(_Write):
    province: Unit | None = None
    fields: dict = field(default_factory=dict)

    def apply(self, ctx):
        framework = authoring.framework_create(
            actor=ctx.actor, key=self.key, province=self.province, **self.fields
        )
        ctx.load(framework)


@dataclass
class _FrameworkUpdate(_Write):
    fields: dict = field(default_factory=dict)

    def apply(self, ctx):
        authoring.framework_update(
            framework=ctx.framework, actor=ctx.actor, legal_basis=self.basis, **self.fields
        )
        ctx.framework.refresh_from_db()


@dataclass
class _CategoryAdd(_Write):
    category: str = ""
    name: str = ""
    description: str = ""

    def apply(self, ctx):
        authoring.category_add(
            framework=ctx.framework,
            actor=ctx.actor,
            key=self.category,
            name=self.name,
            description=self.description,
            basis=self.basis,
        )


@dataclass
class _GroupAdd(_Write):
    code: str = ""
    name: str = ""

    def apply(self, ctx):
        ctx.groups[self.code] = authoring.group_add(
            framework=ctx.framework,
            actor=ctx.actor,
            code=self.code,
            name=self.name,
            basis=self.basis,
        )


@dataclass
class _CriterionAdd(_Write):
    number: int = 0
    name: str = ""
    group: str = ""

    def apply(self, ctx):
        ctx.criteria[self.number] = authoring.criterion_add(
            framework=ctx.framework,
            actor=ctx.actor,
            number=self.number,
            name=self.name,
            group=ctx.groups.get(self.group) if self.group else None,
            legal_basis=self.basis,
        )


@dataclass
class _CriterionChange(_Write):
    number: int = 0
    fields: dict = field(default_factory=dict)  # name, group (a code, "" = none)

    def apply(self, ctx):
        fields = dict(self.fields)
        if "group" in fields:
            fields["group"] = ctx.groups.get(fields["group"]) if fields["group"] else None
        criterion = ctx.criteria[self.number]
        criterion.framework = ctx.framework
        authoring.criterion_update(
            criterion=criterion, actor=ctx.actor, legal_basis=self.basis, **fields
        )


@dataclass
class _IndicatorAdd(_Write):
    code: str = ""
    number: int = 0
    name: str = ""
    unit: str = ""
    kind: str = ""
    comparator: str = ">="
    bars: dict = field(default_factory=dict)
    guidance: str = ""

    def apply(self, ctx):
        ctx.indicators[self.code] = authoring.indicator_add(
            framework=ctx.framework,
            actor=ctx.actor,
            criterion=ctx.criteria[self.number],
            code=self.code,
            name=self.name,
            kind=self.kind,
            unit=self.unit,
            comparator=self.comparator,
            bars=self.bars,
            guidance=self.guidance,
            legal_basis=self.basis,
        )


@dataclass
class _IndicatorChange(_Write):
    code: str = ""
    fields: dict = field(default_factory=dict)  # name, unit, kind, comparator, guidance, number
    bars: dict | None = None  # the sheet's columns, when one differs

    def apply(self, ctx):
        indicator = ctx.indicators[self.code]
        indicator.framework = ctx.framework
        fields = dict(self.fields)
        if "number" in fields:
            fields["criterion"] = ctx.criteria[fields.pop("number")]
        if fields and self.bars is not None:
            # both at once, as on the page: checked together, the years re-judged once
            authoring.indicator_correct(
                indicator=indicator,
                actor=ctx.actor,
                bars=self.bars,
                legal_basis=self.basis,
                **fields,
            )
        elif fields:
            authoring.indicator_update(
                indicator=indicator, actor=ctx.actor, legal_basis=self.basis, **fields
            )
        elif self.bars is not None:
            authoring.thresholds_set(
                indicator=indicator, actor=ctx.actor, bars=self.bars, legal_basis=self.basis
            )


@dataclass
class _Publish(_Write):
    def apply(self, ctx):
        authoring.framework_publish(framework=ctx.framework, actor=ctx.actor)
        ctx.framework.refresh_from_db()


def framework_apply(plan: list[_Write], *, actor: User, file_name: str = "") -> Framework | None:
    """Write a checked plan through criteria.authoring, in the caller's transaction; a refusal
    raises WriteRefused with the row it came from. One more FrameworkChange ("Nhập từ Excel")
    names the file."""
    if not plan:
        return None
    ctx = _Context(actor=actor, basis=plan[0].basis)
    if not isinstance(plan[0], _FrameworkCreate):
        ctx.load(Framework.objects.select_related("province").get(key=plan[0].key))
    for write in plan:
        try:
            write.apply(ctx)
        except ValidationError as e:
            raise WriteRefused(_refusal(write, e)) from None
        except PermissionDenied as e:
            raise WriteRefused(
                [{"row": write.row, "column": write.sheet, "message": str(e)}]
            ) from None
    authoring._record(
        ctx.framework,
        actor,
        FrameworkChange.Action.IMPORTED,
        str(ctx.framework),
        new=f"Nhập từ Excel: {file_name}",
        basis=ctx.basis,
    )
    return ctx.framework


def _refusal(write: _Write, error: ValidationError) -> list[dict]:
    items = []
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            column = write.columns.get(name, "")
            for message in messages:
                items.append((column, message))
    else:
        items = [("", m) for m in error.messages]
    return [
        {
            "row": write.row,
            "column": f"{write.sheet}: {column}" if column else write.sheet,
            "message": message,
        }
        for column, message in items
    ]


# --- the framework workbook: checking ----------------------------------------------------------

FRAMEWORK_SHEETS = [FRAMEWORK_SHEET, CATEGORY_SHEET, GROUP_SHEET, CRITERION_SHEET, INDICATOR_SHEET]
CHAR_LIMITS = {
    "key": 60,
    "name": 255,
    "short_name": 120,
    "decision_number": 60,
    "decision_body": 255,
    "basis": 255,
}
INDICATOR_COLUMNS = {
    "kind": I_KIND,
    "comparator": I_COMPARATOR,
    "unit": I_UNIT,
    "thresholds": BAR_PREFIX,
    "code": I_CODE,
    "criterion": I_CRITERION,
    "name": I_NAME,
    "guidance": I_GUIDANCE,
}


def _same_text(stored: str, typed: str) -> bool:
    return note_text(stored or "") == typed


def _same_value(stored, typed) -> bool:
    """A stored field and the cell read for it: text compared as a cell reads it."""
    if isinstance(stored, str) and isinstance(typed, str):
        return cell_text(stored) == typed
    return stored == typed


def _stored_bar(threshold) -> Bar:
    if threshold is None:
        return Bar()
    if threshold.value is not None:
        return Bar(threshold.value)
    return Bar(None, note_text(threshold.text))


class _FrameworkCheck(_Reader):
    def __init__(self, user: User):
        super().__init__(user, "framework")
        self.plan: list[_Write] = []
        self.framework: Framework | None = None
        self.key = ""
        self.basis = ""
        self.key_row = 2

    def run(self, content: bytes) -> Check:
        try:
            sheets, titles = _read_sheets(content, FRAMEWORK_SHEETS)
        except WorkbookError as e:
            return self.file_error(str(e))
        if FRAMEWORK_SHEET not in sheets:
            return self.missing_sheet(FRAMEWORK_SHEET, titles)
        if not self.read_framework(sheets[FRAMEWORK_SHEET]):
            return self.finish([])
        categories = self.table(sheets, CATEGORY_SHEET, [C_KEY, C_NAME, C_DESCRIPTION], [C_KEY])
        groups = self.table(sheets, GROUP_SHEET, [G_CODE, G_NAME], [G_CODE])
        criteria = self.table(sheets, CRITERION_SHEET, [K_NUMBER, K_NAME, K_GROUP], [K_NUMBER])
        indicators = self.indicator_table(sheets)
        if categories:
            self.read_categories(categories)
        if groups:
            self.read_groups(groups)
        if criteria:
            self.read_criteria(criteria)
        if indicators:
            self.read_indicators(indicators)
        self.check_basis_and_publish()
        if self.publish:
            self.plan.append(self.write(_Publish, FRAMEWORK_SHEET, self.publish_row, {}))
        return self.finish(self.plan)

    def write(self, cls, sheet: str, row: int, columns: dict, **kwargs) -> _Write:
        return cls(key=self.key, basis="", sheet=sheet, row=row, columns=columns, **kwargs)

    def finish(self, plan):
        for write in plan:
            write.basis = self.basis
        return super().finish(plan)

    # "Bộ tiêu chí" ---------------------------------------------------------------------------

    def read_framework(self, rows: list[tuple]) -> bool:
        """The set's own fields; False when the rest cannot be checked (no key, no right)."""
        sheet = FRAMEWORK_SHEET
        labels = {fold(label): attr for label, attr, _ in FIELDS} | ALIASES
        cells: dict[str, tuple[int, object]] = {}
        for number, row in enumerate(rows, start=1):
            label = _header(row[0] if row else None)
            value = row[1] if len(row) > 1 else None
            if not label and not cell_text(value):
                continue
            if number == 1 and fold(label) == fold(FIELD_HEADERS[0]):
                continue
            attr = labels.get(fold(label))
            if attr is None:
                self.error(
                    sheet,
                    number,
                    FIELD_HEADERS[0],
                    f"Trường “{_short(label)}” không có trong mẫu (cột A ghi tên trường, cột B "
                    "giá trị).",
                )
            elif attr in cells:
                self.error(
                    sheet, number, LABEL[attr], f"Trường có hai lần (dòng {cells[attr][0]})."
                )
            else:
                cells[attr] = (number, value)
        self.rows_of = {attr: number for attr, (number, _) in cells.items()}
        self.key_row = self.rows_of.get("key", 2)
        failed: set[str] = set()

        def text(attr: str) -> str:
            value = cells.get(attr, (0, None))[1]
            if isinstance(value, str) and len(value) > 100_000:
                value = value[:100_000]
            return cell_text(value)

        def fail(attr: str, message: str) -> None:
            failed.add(attr)
            self.error(sheet, self.rows_of.get(attr, ""), LABEL[attr], message)

        key = text("key")
        if not key:
            fail("key", "Ghi mã bộ tiêu chí.")
            return False
        try:
            validate_slug(key)
        except ValidationError:
            fail("key", "Mã chỉ gồm chữ không dấu, số, gạch dưới hoặc gạch ngang.")
            return False
        if len(key) > 60:
            fail("key", "Mã tối đa 60 ký tự.")
            return False
        self.key = key
        existing = Framework.objects.select_related("province").filter(key=key).first()
        self.framework = existing

        province = None
        province_code = text("province")
        if province_code:
            province = Unit.objects.filter(code=province_code, kind=Unit.Kind.PROVINCE).first()
            if province is None:
                fail("province", f"Không có tỉnh mã “{_short(province_code)}”.")
                return False
        if existing is not None:
            if not can_author_framework(self.user, existing):
                fail(
                    "key",
                    f"Bộ tiêu chí mã “{key}” đã có và bạn không được sửa bộ này (bộ quốc gia: "
                    "Văn phòng Điều phối Trung ương; bộ của một tỉnh: văn phòng NTM tỉnh đó).",
                )
                return False
            if "province" in cells and (province.pk if province else None) != existing.province_id:
                fail(
                    "province",
                    "Không đổi được tỉnh của bộ tiêu chí đã có (đang là "
                    + (
                        f"{existing.province}, mã {existing.province.code}"
                        if existing.province_id
                        else "toàn quốc"
                    )
                    + ").",
                )
                return False
        elif province is None and not can_author_national(self.user):
            fail(
                "province",
                "Để trống là bộ tiêu chí toàn quốc: chỉ Văn phòng Điều phối Trung ương tạo được. "
                "Ghi mã tỉnh của bạn để tạo bộ tiêu chí riêng của tỉnh.",
            )
            return False
        elif province is not None and not (
            can_author_national(self.user) or province.pk in authoring_province_ids(self.user)
        ):
            fail("province", "Bạn chỉ tạo được bộ tiêu chí của tỉnh mình.")
            return False

        values: dict = {}
        for attr in ("name", "short_name", "decision_number", "decision_body", "basis"):
            if attr in cells:
                value = text(attr)
                limit = CHAR_LIMITS[attr]
                if len(value) > limit:
                    fail(attr, f"Dài quá {number_vi(limit)} ký tự ({number_vi(len(value))}).")
                else:
                    values[attr] = value
        choices = {
            "level": (LEVEL_WORDS, Framework.Level.choices),
            "unit_kind": (UNIT_KIND_WORDS, Framework.UnitKind.choices),
            "category_kind": (CATEGORY_KIND_WORDS, CategoryKind.choices),
        }
        for attr, (words, options) in choices.items():
            if attr not in cells:
                continue
            raw = text(attr)
            if attr == "unit_kind" and not raw:
                values[attr] = Framework.UnitKind.COMMUNE
                continue
            if attr == "level" and not raw:
                continue  # required: below
            try:
                values[attr] = _choice(raw, words, LABEL[attr], options)
            except ValidationError as e:
                fail(attr, e.messages[0])
        for attr in ("decision_date", "effective_date"):
            if attr in cells:
                try:
                    values[attr] = parse_date(cells[attr][1])
                except ValidationError as e:
                    fail(attr, e.messages[0])
        for attr in ("period_start", "period_end"):
            if attr in cells and text(attr):
                try:
                    values[attr] = parse_year(text(attr))
                except ValidationError as e:
                    fail(attr, e.messages[0])
        publish_text = fold(text("publish"))
        self.publish_row = self.rows_of.get("publish", self.key_row)
        self.publish = False
        if publish_text in YES:
            self.publish = existing is None or existing.is_draft
        elif publish_text not in NO:
            fail("publish", "Ghi “có” hoặc “không”.")
        if "illustrative" in cells:
            illustrative = fold(text("illustrative"))
            if illustrative in YES | NO:
                values["illustrative"] = illustrative in YES
            else:
                fail("illustrative", "Ghi “có” hoặc “không”.")
        self.basis = values.pop("basis", "")

        required = ("name", "level", "period_start", "period_end")
        for attr in required:
            if (attr in cells or existing is None) and not values.get(attr) and attr not in failed:
                fail(attr, f"Ghi {LABEL[attr].lower()}.")
        if existing is None:
            fields = {
                "unit_kind": Framework.UnitKind.COMMUNE,
                "category_kind": CategoryKind.NONE,
                "illustrative": False,
                **values,
            }
            self.category_kind = fields["category_kind"]
            self.final = fields
        else:
            fields = {
                attr: value
                for attr, value in values.items()
                if attr not in failed and not _same_value(getattr(existing, attr), value)
            }
            self.category_kind = fields.get("category_kind", existing.category_kind)
            self.final = {
                f: values.get(f, getattr(existing, f)) for f in authoring.FRAMEWORK_FIELDS
            }
            if existing.is_published and "category_kind" in fields:
                fail(
                    "category_kind",
                    "Bộ tiêu chí đã ban hành: không đổi cách phân ngưỡng (theo vùng/nhóm).",
                )
        try:
            authoring._check_framework(self.final)
        except ValidationError as e:
            for attr, messages in e.message_dict.items():
                for message in messages:
                    fail(attr if attr in LABEL else "key", message)
        if existing is None:
            self.plan.append(
                self.write(
                    _FrameworkCreate,
                    FRAMEWORK_SHEET,
                    self.key_row,
                    LABEL,
                    province=province,
                    fields=fields,
                )
            )
            self.framework_state = "new"
            shown = f"bộ tiêu chí {key} – {fields.get('name', '')}"
        elif fields:
            self.plan.append(
                self.write(_FrameworkUpdate, FRAMEWORK_SHEET, self.key_row, LABEL, fields=fields)
            )
            self.framework_state = "changed"
            shown = f"bộ tiêu chí {key}: sửa {', '.join(LABEL[f].lower() for f in fields)}"
        else:
            self.framework_state, shown = "same", ""
        self.count(self.framework_state, FRAMEWORK_SHEET, self.key_row, shown)  # the set: one row
        # what exists, for the other sheets
        if existing is not None:
            self.categories = {
                c.key: c for c in FrameworkCategory.objects.filter(framework=existing)
            }
            self.groups = {g.code: g for g in CriterionGroup.objects.filter(framework=existing)}
            self.criteria = {
                c.number: c
                for c in Criterion.objects.filter(framework=existing).select_related("group")
            }
            self.indicators = {
                i.code: i
                for i in Indicator.objects.filter(framework=existing)
                .select_related("criterion")
                .prefetch_related("thresholds")
            }
        else:
            self.categories, self.groups, self.criteria, self.indicators = {}, {}, {}, {}
        self.new_categories: set[str] = set()
        self.new_groups: set[str] = set()
        self.new_criteria: dict[int, int] = {}  # number -> row
        self.sheet_criteria: dict[int, int] = {}  # every number listed -> row
        self.indicator_criteria: dict[str, int] = {}  # code -> criterion number, after import
        return True

    # "Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí" ----------------------------------------------

    def read_categories(self, table: _Table) -> None:
        sheet, seen = table.name, {}
        for number, row in table.rows:
            key = table.text(row, C_KEY)
            name = table.text(row, C_NAME)
            description = table.note(row, C_DESCRIPTION)
            ok = True
            if not key:
                self.error(sheet, number, C_KEY, "Ghi khóa của vùng/nhóm, ví dụ nhom1.")
                ok = False
            elif len(key) > 20 or not re.fullmatch(r"[-a-zA-Z0-9_]+", key):
                self.error(
                    sheet,
                    number,
                    C_KEY,
                    "Khóa tối đa 20 ký tự: chữ không dấu, số, gạch dưới (ví dụ nhom1).",
                )
                ok = False
            elif key in seen:
                self.error(sheet, number, C_KEY, f"Trùng với dòng {seen[key]}: cùng khóa {key}.")
                ok = False
            else:
                seen[key] = number
            ok &= self.bounded(sheet, number, C_NAME, name, 255)
            ok &= self.bounded(sheet, number, C_DESCRIPTION, description, 4000)
            if not ok:
                continue
            existing = self.categories.get(key)
            if existing is not None:
                if (table.has(C_NAME) and not _same_value(existing.name, name)) or (
                    table.has(C_DESCRIPTION) and not _same_text(existing.description, description)
                ):
                    self.error(
                        sheet,
                        number,
                        C_NAME,
                        f"Vùng/nhóm {key} đã có với tên “{_short(existing.name)}”: tệp không sửa "
                        "được vùng/nhóm đã có; để nguyên tên, mô tả như trong hệ thống.",
                    )
                    continue
                self.count("same", sheet, number, "")
                continue
            if not name:
                self.error(sheet, number, C_NAME, "Ghi tên vùng/nhóm.")
                continue
            if not self.category_kind:
                self.error(
                    sheet,
                    number,
                    C_KEY,
                    "Bộ tiêu chí không phân ngưỡng theo vùng/nhóm (trường “Ngưỡng phân theo”): "
                    "chọn Theo nhóm xã hoặc Theo vùng, hoặc xóa dòng này.",
                )
                continue
            self.new_categories.add(key)
            self.plan.append(
                self.write(
                    _CategoryAdd,
                    sheet,
                    number,
                    {"key": C_KEY, "name": C_NAME, "description": C_DESCRIPTION},
                    category=key,
                    name=name,
                    description=description,
                )
            )
            self.count("new", sheet, number, f"{key} – {name}")

    def read_groups(self, table: _Table) -> None:
        sheet, seen = table.name, {}
        for number, row in table.rows:
            code = table.text(row, G_CODE)
            name = table.text(row, G_NAME)
            if not code:
                self.error(sheet, number, G_CODE, "Ghi mã nhóm tiêu chí, ví dụ I.")
                continue
            if not self.bounded(sheet, number, G_CODE, code, 10) or not self.bounded(
                sheet, number, G_NAME, name, 255
            ):
                continue
            if code in seen:
                self.error(sheet, number, G_CODE, f"Trùng với dòng {seen[code]}: cùng mã {code}.")
                continue
            seen[code] = number
            existing = self.groups.get(code)
            if existing is not None:
                if table.has(G_NAME) and not _same_value(existing.name, name):
                    self.error(
                        sheet,
                        number,
                        G_NAME,
                        f"Nhóm {code} đã có với tên “{_short(existing.name)}”: tệp không sửa được "
                        "tên nhóm đã có; để nguyên như trong hệ thống.",
                    )
                    continue
                self.count("same", sheet, number, "")
                continue
            if not name:
                self.error(sheet, number, G_NAME, "Ghi tên nhóm tiêu chí.")
                continue
            self.new_groups.add(code)
            self.plan.append(
                self.write(
                    _GroupAdd, sheet, number, {"code": G_CODE, "name": G_NAME}, code=code, name=name
                )
            )
            self.count("new", sheet, number, f"nhóm {code} – {name}")

    def read_criteria(self, table: _Table) -> None:
        sheet = table.name
        changes = []
        for number, row in table.rows:
            text = table.text(row, K_NUMBER)
            name = table.text(row, K_NAME)
            group = table.text(row, K_GROUP)
            ok = True
            if not text.isdigit() or not 1 <= int(text) <= 999:
                self.error(
                    sheet, number, K_NUMBER, f"Số tiêu chí “{_short(text)}” phải là số từ 1."
                )
                continue
            value = int(text)
            if value in self.sheet_criteria:
                self.error(
                    sheet,
                    number,
                    K_NUMBER,
                    f"Trùng với dòng {self.sheet_criteria[value]}: cùng tiêu chí số {value}.",
                )
                continue
            self.sheet_criteria[value] = number
            ok &= self.bounded(sheet, number, K_NAME, name, 255)
            if group and group not in self.groups and group not in self.new_groups:
                self.error(
                    sheet,
                    number,
                    K_GROUP,
                    f"Nhóm tiêu chí “{_short(group)}” không có (sheet Nhóm tiêu chí).",
                )
                ok = False
            if not ok:
                continue
            existing = self.criteria.get(value)
            if existing is None:
                if not name:
                    self.error(sheet, number, K_NAME, "Ghi tên tiêu chí.")
                    continue
                self.new_criteria[value] = number
                self.plan.append(
                    self.write(
                        _CriterionAdd,
                        sheet,
                        number,
                        {"number": K_NUMBER, "name": K_NAME, "group": K_GROUP},
                        number=value,
                        name=name,
                        group=group,
                    )
                )
                self.count("new", sheet, number, f"tiêu chí {value} – {name}")
                continue
            fields = {}
            if table.has(K_NAME) and not _same_value(existing.name, name):
                if not name:
                    self.error(sheet, number, K_NAME, "Ghi tên tiêu chí.")
                    continue
                fields["name"] = name
            if table.has(K_GROUP) and (existing.group.code if existing.group_id else "") != group:
                fields["group"] = group
            if fields and existing.retired_on is not None:
                self.error(
                    sheet,
                    number,
                    K_NUMBER,
                    f"Tiêu chí {value} đã ngừng áp dụng từ {existing.retired_on:%d/%m/%Y}: "
                    "không sửa qua tệp.",
                )
                continue
            if not fields:
                self.count("same", sheet, number, "")
                continue
            changes.append(
                self.write(
                    _CriterionChange,
                    sheet,
                    number,
                    {"name": K_NAME, "group": K_GROUP},
                    number=value,
                    fields=fields,
                )
            )
            what = ", ".join({"name": "tên", "group": "nhóm"}[f] for f in fields)
            self.count("changed", sheet, number, f"tiêu chí {value}: sửa {what}")
        self.plan += changes

    # "Chỉ tiêu" -----------------------------------------------------------------------------

    def indicator_table(self, sheets: dict):
        columns = [I_CODE, I_CRITERION, I_NAME, I_UNIT, I_KIND, I_COMPARATOR, I_GUIDANCE]
        table = self.table(sheets, INDICATOR_SHEET, columns, [I_CODE, I_CRITERION, I_NAME, I_KIND])
        if table is None:
            return None
        self.bar_columns: dict[str, tuple[str, int]] = {}  # key -> (header, index)
        for header, index in table.extra:
            words = header.split(" ", 1)
            if fold(words[0]) != fold(BAR_PREFIX):
                continue  # a column of the office's own: ignored
            rest = words[1].strip() if len(words) > 1 else ""
            if not rest:
                self.error(
                    INDICATOR_SHEET,
                    1,
                    header,
                    "Cột ngưỡng phải ghi khóa vùng/nhóm, ví dụ “Ngưỡng nhom1”, hoặc “Ngưỡng chung”.",
                )
                return None
            key = COMMON if fold(rest) == "chung" else rest
            if key in self.bar_columns:
                self.error(INDICATOR_SHEET, 1, header, f"Cột “{_short(header)}” có hai lần.")
                return None
            self.bar_columns[key] = (header, index)
        return table

    def read_indicators(self, table: _Table) -> None:
        sheet = table.name
        known = set(self.categories) | self.new_categories
        by_fold = {fold(k): k for k in known}
        columns = {key: by_fold.get(fold(key), key) for key in self.bar_columns if key != COMMON}
        columns[COMMON] = COMMON
        header_of = {columns[k]: h for k, (h, _) in self.bar_columns.items()}
        planned = _PlannedFramework(known)
        seen: dict[str, int] = {}
        for number, row in table.rows:
            errors: dict[str, list[str]] = {}

            def fail(column, message, errors=errors):
                errors.setdefault(column, []).append(message)

            code = table.text(row, I_CODE)
            criterion_text = table.text(row, I_CRITERION)
            name = table.note(row, I_NAME)
            unit = table.text(row, I_UNIT)
            kind_text = table.text(row, I_KIND)
            comparator_text = table.text(row, I_COMPARATOR)
            guidance = table.note(row, I_GUIDANCE)
            if not code:
                fail(I_CODE, "Ghi mã chỉ tiêu, ví dụ 2.1.")
            elif len(code) > 10:
                fail(I_CODE, "Mã chỉ tiêu tối đa 10 ký tự.")
            elif code in seen:
                fail(I_CODE, f"Trùng với dòng {seen[code]}: cùng mã chỉ tiêu {code}.")
            else:
                seen[code] = number
            criterion = None
            if not criterion_text.isdigit():
                fail(I_CRITERION, f"Số tiêu chí “{_short(criterion_text)}” phải là một số.")
            else:
                criterion = int(criterion_text)
                stored = self.criteria.get(criterion)
                if stored is None and criterion not in self.new_criteria:
                    fail(
                        I_CRITERION,
                        f"Không có tiêu chí số {criterion} (sheet Tiêu chí hoặc bộ tiêu chí).",
                    )
                    criterion = None
                elif stored is not None and stored.retired_on is not None:
                    fail(I_CRITERION, f"Tiêu chí {criterion} đã ngừng áp dụng.")
                    criterion = None
            if not name:
                fail(I_NAME, "Ghi tên chỉ tiêu.")
            for column, value, limit in (
                (I_NAME, name, 2000),
                (I_UNIT, unit, 40),
                (I_GUIDANCE, guidance, 20000),
            ):
                if len(value) > limit:
                    fail(column, f"Dài quá {number_vi(limit)} ký tự ({number_vi(len(value))}).")
            kind = comparator = None
            if not kind_text:
                fail(I_KIND, "Ghi loại: Đạt/không đạt, Số đo hoặc Mức độ (cán bộ đánh giá).")
            else:
                try:
                    kind = _choice(kind_text, KIND_WORDS, "Loại", Indicator.Kind.choices)
                except ValidationError as e:
                    fail(I_KIND, e.messages[0])
            try:
                comparator = _choice(
                    comparator_text, COMPARATOR_WORDS, "So sánh", Indicator.Comparator.choices
                )
            except ValidationError as e:
                fail(I_COMPARATOR, e.messages[0])
            bars: dict[str, Bar] = {}
            for key, (header, index) in self.bar_columns.items():
                raw = row[index] if index < len(row) else None
                if isinstance(raw, str) and len(raw) > 4000:
                    fail(header, f"Dài quá 4.000 ký tự ({number_vi(len(raw))}).")
                    continue
                try:
                    bars[columns[key]] = parse_bar(raw, comparator=comparator or ">=", unit=unit)
                except ValidationError as e:
                    fail(header, e.messages[0])
            stored = self.indicators.get(code) if code else None
            if stored is not None and stored.retired_on is not None:
                fail(
                    I_CODE,
                    f"Chỉ tiêu {code} đã ngừng áp dụng từ {stored.retired_on:%d/%m/%Y}: dùng mã "
                    "khác, hoặc bỏ dòng này.",
                )
            if errors:
                self.errors_of(sheet, number, errors)
                continue
            self.indicator_criteria[code] = criterion
            typed = {
                "name": name,
                "unit": unit,
                "kind": kind,
                "comparator": comparator,
                "guidance": guidance,
            }
            if stored is None:
                given = {k: b for k, b in bars.items() if not b.empty}
                if self.fits(sheet, number, planned, typed, given, header_of):
                    self.plan.append(
                        self.write(
                            _IndicatorAdd,
                            sheet,
                            number,
                            INDICATOR_COLUMNS,
                            code=code,
                            number=criterion,
                            bars=given,
                            **typed,
                        )
                    )
                    self.count(
                        "new",
                        sheet,
                        number,
                        f"chỉ tiêu {code} – {_short(name, 80)} – "
                        + authoring.describe_bars(given, unit, comparator),
                    )
                continue
            # an indicator already there: only what differs is written (a column the sheet
            # does not have leaves its field alone)
            for attr, column in (("unit", I_UNIT), ("comparator", I_COMPARATOR)):
                if not table.has(column):
                    typed[attr] = getattr(stored, attr)
            fields = {}
            for attr in ("unit", "kind", "comparator"):
                if getattr(stored, attr) != typed[attr]:
                    fields[attr] = typed[attr]
            if not _same_text(stored.name, name):
                fields["name"] = name
            if table.has(I_GUIDANCE) and not _same_text(stored.guidance, guidance):
                fields["guidance"] = guidance
            if stored.criterion.number != criterion:
                fields["number"] = criterion
            own = {
                t.category: t
                for t in stored.thresholds.all()
                if t.province_id is None and t.year is None
            }
            current = {
                t.category: Bar(t.value, t.text)
                for t in stored.thresholds.all()
                if t.province_id is None
            }
            new_bars = None
            if any(_stored_bar(own.get(k)) != bar for k, bar in bars.items()):
                new_bars = bars
            if not fields and new_bars is None:
                self.count("same", sheet, number, "")
                continue
            final = {**current, **bars}
            final = {k: b for k, b in final.items() if not b.empty}
            if not self.fits(sheet, number, planned, typed, final, header_of):
                continue
            self.plan.append(
                self.write(
                    _IndicatorChange,
                    sheet,
                    number,
                    INDICATOR_COLUMNS,
                    code=code,
                    fields=fields,
                    bars=new_bars,
                )
            )
            what = [
                {"name": "tên", "unit": "đơn vị", "kind": "loại", "comparator": "so sánh"}.get(
                    f, {"guidance": "hướng dẫn", "number": "tiêu chí"}.get(f, f)
                )
                for f in fields
            ]
            if new_bars is not None:
                what.append("ngưỡng: " + authoring.describe_bars(final, unit, comparator))
            self.count("changed", sheet, number, f"chỉ tiêu {code}: sửa {', '.join(what)}")

    def fits(self, sheet, number, planned, typed, bars, header_of) -> bool:
        """check_indicator_fields, as the services will run it, on the row's final state."""
        try:
            authoring.check_indicator_fields(
                framework=planned,
                kind=typed["kind"],
                comparator=typed["comparator"],
                unit=typed["unit"],
                bars=bars,
            )
        except ValidationError as e:
            errors: dict[str, list[str]] = {}
            for name, messages in e.message_dict.items():
                for message in messages:
                    column = INDICATOR_COLUMNS.get(name, "")
                    if name == "thresholds":
                        column = next(
                            (
                                header
                                for key, header in header_of.items()
                                if f"“{key}”" in message
                                or message.startswith(f"Ngưỡng {key or 'chung'} ")
                            ),
                            BAR_PREFIX,
                        )
                    errors.setdefault(column, []).append(message)
            self.errors_of(sheet, number, errors)
            return False
        return True

    def errors_of(self, sheet, number, errors: dict) -> None:
        for column, messages in errors.items():
            for message in messages:
                self.error(sheet, number, column, message)

    # the record and publishing -------------------------------------------------------------

    def check_basis_and_publish(self) -> None:
        existing = self.framework
        changes = [w for w in self.plan if not isinstance(w, _Publish)]
        if existing is not None and existing.is_published and changes and not self.basis:
            self.error(
                FRAMEWORK_SHEET,
                self.rows_of.get("basis", self.key_row),
                LABEL["basis"],
                "Bộ tiêu chí đã ban hành: ghi căn cứ của lần nhập này (số, ngày văn bản sửa "
                "đổi, đính chính).",
            )
        if not self.publish:
            return
        numbers = {n for n, c in self.criteria.items() if c.retired_on is None} | set(
            self.new_criteria
        )
        with_indicators = {
            self.indicator_criteria.get(code, i.criterion.number)
            for code, i in self.indicators.items()
            if i.retired_on is None
        } | set(self.indicator_criteria.values())
        if not numbers:
            self.error(
                FRAMEWORK_SHEET,
                self.publish_row,
                LABEL["publish"],
                "Bộ tiêu chí chưa có tiêu chí nào: chưa ban hành được.",
            )
        for value in sorted(numbers - with_indicators):
            row = self.sheet_criteria.get(value)
            self.error(
                CRITERION_SHEET if row else FRAMEWORK_SHEET,
                row or self.publish_row,
                K_NUMBER if row else LABEL["publish"],
                f"Tiêu chí số {value} chưa có chỉ tiêu nào: mỗi tiêu chí cần ít nhất một chỉ tiêu "
                "để ban hành (hoặc ghi “Ban hành ngay: không”).",
            )
        if self.category_kind and not (set(self.categories) | self.new_categories):
            self.error(
                FRAMEWORK_SHEET,
                self.publish_row,
                LABEL["publish"],
                "Bộ tiêu chí phân ngưỡng theo vùng/nhóm nhưng chưa có vùng/nhóm nào (sheet "
                "Vùng-nhóm).",
            )
        if self.framework_state == "same":  # the set's row now changes: it is published
            self.result.unchanged -= 1
            self.result.changed += 1
        if len(self.result.preview) < PREVIEW_LIMIT:
            self.result.preview.append(
                {
                    "row": self.publish_row,
                    "action": "Ban hành",
                    "text": f"{FRAMEWORK_SHEET}: ban hành bộ tiêu chí {self.key} sau khi nhập",
                }
            )


def framework_check(user: User, content: bytes) -> Check:
    """Read the framework workbook and check every row (nothing written): the plan of writes for
    framework_apply, or every bad row with its sheet, row and column."""
    return _FrameworkCheck(user).run(content)


# --- commune groups ("Nhóm xã") ----------------------------------------------------------------

UNIT_GROUP_COLUMNS = [U_CODE, U_NAME, U_FRAMEWORK, U_CATEGORY, U_BASIS, U_FROM, U_TO]
UNIT_GROUP_HELP = [
    (U_CODE, "Mã đơn vị của xã. Bắt buộc."),
    (U_NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
    (U_FRAMEWORK, "Mã bộ tiêu chí phân theo nhóm xã hoặc vùng, ví dụ xa_ntm_2026_2030. Bắt buộc."),
    (U_CATEGORY, "Khóa hoặc tên nhóm của bộ tiêu chí đó, ví dụ nhom1 hoặc Xã nhóm 1. Bắt buộc."),
    (U_BASIS, "Quyết định xếp nhóm: số, ngày, cơ quan. Bắt buộc."),
    (
        U_FROM,
        "dd/mm/yyyy. Nhóm đang áp dụng của xã kết thúc ngày hôm trước; ghi lại đúng nhóm đang "
        "áp dụng thì không thay đổi gì. Bắt buộc.",
    ),
    (U_TO, "dd/mm/yyyy; để trống nếu chưa có ngày kết thúc."),
]


def _framework_words(frameworks) -> dict:
    return {f.key: f for f in frameworks}


def _readable_frameworks(user: User):
    """The sets the user may name in a file: those they may read; a draft only if they may
    author it."""
    from .selectors import frameworks_visible_to

    return [
        f for f in frameworks_visible_to(user) if f.is_published or can_author_framework(user, f)
    ]


@dataclass
class UnitCategoryWrite:
    row: int
    unit: Unit
    framework: Framework
    category: str
    basis: str
    valid_from: date
    valid_to: date | None
    is_new: bool


def commune_groups_template_xlsx() -> bytes:
    book = _Book()
    book.sheet(UNIT_GROUP_SHEET, UNIT_GROUP_COLUMNS, [], widths=(24, 24, 20, 12, 40, 12, 12))
    book.sheet(GUIDE_SHEET, ["Cột", "Cách ghi"], UNIT_GROUP_HELP, widths=(16, 100))
    return book.bytes()


def commune_groups_check(user: User, content: bytes) -> Check:
    """Rows of (commune, set, group, decision, from, to): every row checked (the user's right on
    the commune, the set's categories, dates); the plan for commune_groups_apply."""
    reader = _Reader(user, "groups")
    try:
        sheets, titles = _read_sheets(content, [UNIT_GROUP_SHEET])
    except WorkbookError as e:
        return reader.file_error(str(e))
    if UNIT_GROUP_SHEET not in sheets:
        return reader.missing_sheet(UNIT_GROUP_SHEET, titles)
    table = reader.table(
        sheets,
        UNIT_GROUP_SHEET,
        UNIT_GROUP_COLUMNS,
        [U_CODE, U_FRAMEWORK, U_CATEGORY, U_BASIS, U_FROM],
    )
    if table is None:
        return reader.finish([])
    sheet = table.name
    codes = {table.text(r, U_CODE) for _, r in table.rows} - {""}
    communes = {
        u.code: u
        for u in Unit.objects.filter(kind=Unit.Kind.COMMUNE, code__in=codes).select_related(
            "province", "parent"
        )
    }
    from units.selectors import communes_visible_to

    visible = set(communes_visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    frameworks = _framework_words(_readable_frameworks(user))
    categories: dict[int, dict[str, FrameworkCategory]] = {}
    for category in FrameworkCategory.objects.filter(framework__in=list(frameworks.values())):
        categories.setdefault(category.framework_id, {})[category.key] = category
    latest: dict[tuple[int, int], UnitCategory] = {}
    for row in UnitCategory.objects.filter(
        unit__in=list(communes.values()), framework__in=list(frameworks.values())
    ).order_by("valid_from", "pk"):
        latest[(row.unit_id, row.framework_id)] = row
    seen: dict[tuple[int, int], int] = {}
    plan = []
    for number, row in table.rows:
        errors: dict[str, list[str]] = {}

        def fail(column, message, errors=errors):
            errors.setdefault(column, []).append(message)

        code = table.text(row, U_CODE)
        unit = communes.get(code)
        if not code:
            fail(U_CODE, "Ghi mã xã.")
        elif unit is None or not (code in visible or authoring.can_set_unit_category(user, unit)):
            fail(U_CODE, f"Không có xã mã “{_short(code)}” trong phạm vi bạn được xem.")
            unit = None
        elif not authoring.can_set_unit_category(user, unit):
            fail(
                U_CODE,
                f"Bạn không được xếp nhóm cho {unit}: văn phòng NTM tỉnh xếp nhóm cho các xã của "
                "tỉnh, văn phòng điều phối cấp trên cho các xã mình phụ trách.",
            )
            unit = None
        key = table.text(row, U_FRAMEWORK)
        framework = frameworks.get(key)
        if not key:
            fail(U_FRAMEWORK, "Ghi mã bộ tiêu chí.")
        elif framework is None:
            fail(U_FRAMEWORK, f"Không có bộ tiêu chí mã “{_short(key)}”.")
        elif framework.category_kind not in (CategoryKind.GROUP, CategoryKind.REGION):
            fail(U_FRAMEWORK, f"Bộ tiêu chí {framework} không phân ngưỡng theo nhóm xã hoặc vùng.")
            framework = None
        category_text = table.text(row, U_CATEGORY)
        category = None
        if framework is not None:
            own = categories.get(framework.pk, {})
            by_word = {fold(k): k for k in own} | {fold(c.name): k for k, c in own.items()}
            category = by_word.get(fold(category_text)) if category_text else None
            if not category_text:
                fail(U_CATEGORY, "Ghi nhóm của xã, ví dụ nhom1.")
            elif category is None:
                fail(
                    U_CATEGORY,
                    f"“{_short(category_text)}” không phải nhóm/vùng của bộ tiêu chí {framework}"
                    + (f" (có: {', '.join(own)})." if own else "."),
                )
        basis = table.text(row, U_BASIS)
        if not basis:
            fail(U_BASIS, "Ghi căn cứ: số, ngày quyết định xếp nhóm.")
        elif len(basis) > 255:
            fail(U_BASIS, f"Dài quá 255 ký tự ({number_vi(len(basis))}).")
        valid_from = valid_to = None
        try:
            valid_from = parse_date(table.raw(row, U_FROM))
            if valid_from is None:
                fail(U_FROM, "Ghi ngày áp dụng (dd/mm/yyyy).")
        except ValidationError as e:
            fail(U_FROM, e.messages[0])
        try:
            valid_to = parse_date(table.raw(row, U_TO))
        except ValidationError as e:
            fail(U_TO, e.messages[0])
        if valid_from and valid_to and valid_to < valid_from:
            fail(U_TO, "Ngày hết áp dụng phải sau ngày áp dụng.")
        if unit is not None and framework is not None:
            pair = (unit.pk, framework.pk)
            if pair in seen:
                fail(U_CODE, f"Trùng với dòng {seen[pair]}: cùng xã và bộ tiêu chí.")
            seen.setdefault(pair, number)
        state = "new"
        previous = latest.get((unit.pk, framework.pk)) if unit and framework else None
        if previous is not None and valid_from is not None and category is not None:
            in_force = previous.valid_from <= valid_from and (
                previous.valid_to is None or previous.valid_to >= valid_from
            )
            if in_force and previous.category == category:
                state = "same"
            elif valid_from <= previous.valid_from:
                fail(
                    U_FROM,
                    f"{unit} đã có {previous.category} áp dụng từ "
                    f"{previous.valid_from:%d/%m/%Y}: ngày áp dụng mới phải sau ngày đó.",
                )
            else:
                state = "changed"
        if errors:
            for column, messages in errors.items():
                for message in messages:
                    reader.error(sheet, number, column, message)
            continue
        shown = f"{unit} – {framework}: {category} từ {valid_from:%d/%m/%Y}"
        if state == "changed":
            shown += f" (thay {previous.category})"
        reader.count(state, sheet, number, shown)
        if state != "same":
            plan.append(
                UnitCategoryWrite(
                    number, unit, framework, category, basis, valid_from, valid_to, state == "new"
                )
            )
    return reader.finish(plan)


def commune_groups_apply(plan: list[UnitCategoryWrite], *, actor: User, progress=None) -> None:
    for done, write in enumerate(plan, start=1):
        try:
            authoring.unit_category_set(
                unit=write.unit,
                framework=write.framework,
                category=write.category,
                basis=write.basis,
                valid_from=write.valid_from,
                valid_to=write.valid_to,
                actor=actor,
            )
        except ValidationError as e:
            columns = {
                "category": U_CATEGORY,
                "basis": U_BASIS,
                "valid_from": U_FROM,
                "valid_to": U_TO,
            }
            raise WriteRefused(
                [
                    {
                        "row": write.row,
                        "column": f"{UNIT_GROUP_SHEET}: {columns.get(name, U_CODE)}",
                        "message": message,
                    }
                    for name, messages in getattr(e, "message_dict", {"": e.messages}).items()
                    for message in messages
                ]
            ) from None
        except PermissionDenied as e:
            raise WriteRefused(
                [{"row": write.row, "column": f"{UNIT_GROUP_SHEET}: {U_CODE}", "message": str(e)}]
            ) from None
        if progress is not None:
            progress(done, len(plan))


# --- mappings ("Chuyển đổi") -------------------------------------------------------------------

MAPPING_COLUMNS = [M_SOURCE, M_SOURCE_CODE, M_TARGET, M_TARGET_CODE, M_NOTE, M_BASIS]
MAPPING_HELP = [
    (M_SOURCE, "Mã bộ tiêu chí cũ, ví dụ xa_ntm_2021_2025. Bắt buộc."),
    (M_SOURCE_CODE, "Mã chỉ tiêu trong bộ tiêu chí cũ, ví dụ 17.1. Bắt buộc."),
    (M_TARGET, "Mã bộ tiêu chí mới, ví dụ xa_ntm_2026_2030 (bạn phải được sửa bộ này). Bắt buộc."),
    (
        M_TARGET_CODE,
        "Mã chỉ tiêu trong bộ tiêu chí mới; mỗi chỉ tiêu mới lấy số đo từ một chỉ tiêu cũ. "
        "Bắt buộc.",
    ),
    (M_NOTE, "Ví dụ: cùng cách tính; không bắt buộc."),
    (
        M_BASIS,
        "Căn cứ của bảng chuyển đổi (văn bản hướng dẫn); một giá trị cho mỗi cặp bộ tiêu chí. "
        "Không bắt buộc.",
    ),
]


@dataclass
class MappingWrite:
    row: int
    source: Framework
    target: Framework
    old: Indicator
    new: Indicator
    note: str
    basis: str
    is_new: bool


def mapping_template_xlsx() -> bytes:
    book = _Book()
    book.sheet(
        MAPPING_SHEET,
        MAPPING_COLUMNS,
        [],
        widths=(20, 14, 20, 14, 40, 40),
        text_columns=(2, 4),
    )
    book.sheet(GUIDE_SHEET, ["Cột", "Cách ghi"], MAPPING_HELP, widths=(18, 100))
    return book.bytes()


def mapping_check(user: User, content: bytes) -> Check:
    """Rows of (old set, old indicator, new set, new indicator, note): every row checked; the
    plan for mapping_apply."""
    reader = _Reader(user, "mapping")
    try:
        sheets, titles = _read_sheets(content, [MAPPING_SHEET])
    except WorkbookError as e:
        return reader.file_error(str(e))
    if MAPPING_SHEET not in sheets:
        return reader.missing_sheet(MAPPING_SHEET, titles)
    table = reader.table(
        sheets, MAPPING_SHEET, MAPPING_COLUMNS, [M_SOURCE, M_SOURCE_CODE, M_TARGET, M_TARGET_CODE]
    )
    if table is None:
        return reader.finish([])
    sheet = table.name
    frameworks = _framework_words(_readable_frameworks(user))
    keys = {table.text(r, c) for _, r in table.rows for c in (M_SOURCE, M_TARGET)}
    named = [f for k, f in frameworks.items() if k in keys]
    indicators: dict[tuple[int, str], Indicator] = {}
    holders: dict[str, list[Framework]] = {}
    for indicator in Indicator.objects.filter(framework__in=named).select_related("framework"):
        indicators[(indicator.framework_id, indicator.code)] = indicator
        holders.setdefault(indicator.code, []).append(indicator.framework)
    existing: dict[tuple[int, int], dict[int, IndicatorMapping]] = {}
    for row in IndicatorMapping.objects.filter(mapping__target__in=named).select_related("mapping"):
        pair = (row.mapping.source_id, row.mapping.target_id)
        existing.setdefault(pair, {})[row.target_id] = row
    stored_basis = {
        (m.source_id, m.target_id): m.basis
        for m in FrameworkMapping.objects.filter(target__in=named)
    }
    seen: dict[tuple[int, int], int] = {}
    bases: dict[tuple[int, int], tuple[str, int]] = {}
    plan = []
    for number, row in table.rows:
        errors: dict[str, list[str]] = {}

        def fail(column, message, errors=errors):
            errors.setdefault(column, []).append(message)

        def framework_of(column, row=row):
            key = table.text(row, column)
            if not key:
                fail(column, "Ghi mã bộ tiêu chí.")
                return None
            if key not in frameworks:
                fail(column, f"Không có bộ tiêu chí mã “{_short(key)}”.")
                return None
            return frameworks[key]

        def indicator_of(framework, column, row=row):
            code = table.text(row, column)
            if not code:
                fail(column, "Ghi mã chỉ tiêu.")
                return None
            if framework is None:
                return None
            found = indicators.get((framework.pk, code))
            if found is None:
                elsewhere = [f.key for f in holders.get(code, []) if f.pk != framework.pk]
                fail(
                    column,
                    f"Chỉ tiêu “{_short(code)}” không thuộc bộ tiêu chí {framework.key}"
                    + (f" (có trong {', '.join(elsewhere[:3])})." if elsewhere else "."),
                )
            return found

        source = framework_of(M_SOURCE)
        target = framework_of(M_TARGET)
        if target is not None and not can_author_framework(user, target):
            fail(
                M_TARGET,
                f"Bạn không được sửa bộ tiêu chí {target.key}: không lập được bảng chuyển đổi sang bộ này.",
            )
            target = None
        if source is not None and target is not None and source.pk == target.pk:
            fail(M_TARGET, "Bộ tiêu chí cũ và mới phải khác nhau.")
            target = None
        old = indicator_of(source, M_SOURCE_CODE)
        new = indicator_of(target, M_TARGET_CODE)
        note = table.text(row, M_NOTE)
        basis = table.text(row, M_BASIS)
        if len(note) > 255:
            fail(M_NOTE, f"Dài quá 255 ký tự ({number_vi(len(note))}).")
        if len(basis) > 255:
            fail(M_BASIS, f"Dài quá 255 ký tự ({number_vi(len(basis))}).")
        if new is not None and source is not None:
            key = (source.pk, new.pk)
            if key in seen:
                fail(
                    M_TARGET_CODE,
                    f"Trùng với dòng {seen[key]}: chỉ tiêu mới {new.code} đã được chuyển đổi "
                    "(mỗi chỉ tiêu mới lấy từ một chỉ tiêu cũ).",
                )
            seen.setdefault(key, number)
        if source is not None and target is not None and basis:
            pair = (source.pk, target.pk)
            first = bases.setdefault(pair, (basis, number))
            if first[0] != basis:
                fail(
                    M_BASIS,
                    f"Khác căn cứ ở dòng {first[1]} của cùng cặp bộ tiêu chí: ghi một căn cứ.",
                )
        if errors:
            for column, messages in errors.items():
                for message in messages:
                    reader.error(sheet, number, column, message)
            continue
        pair = (source.pk, target.pk)
        stored = existing.get(pair, {}).get(new.pk)
        moved = stored is not None and (stored.source_id, stored.note) != (old.pk, note)
        rebased = bool(basis) and stored_basis.get(pair) != basis
        state = "new" if stored is None else ("changed" if moved or rebased else "same")
        reader.count(state, sheet, number, f"{source.key} {old.code} → {target.key} {new.code}")
        if state != "same":
            plan.append(MappingWrite(number, source, target, old, new, note, basis, state == "new"))
    return reader.finish(plan)


def mapping_apply(plan: list[MappingWrite], *, actor: User) -> None:
    pairs: dict[tuple[int, int], list[MappingWrite]] = {}
    for write in plan:
        pairs.setdefault((write.source.pk, write.target.pk), []).append(write)
    for writes in pairs.values():
        first = writes[0]
        basis = next((w.basis for w in writes if w.basis), "")
        try:
            authoring.mapping_set(
                source=first.source,
                target=first.target,
                rows=[(w.old, w.new, w.note) for w in writes],
                actor=actor,
                basis=basis,
            )
        except (ValidationError, PermissionDenied) as e:
            messages = e.messages if isinstance(e, ValidationError) else [str(e)]
            raise WriteRefused(
                [{"row": first.row, "column": MAPPING_SHEET, "message": m} for m in messages]
            ) from None
