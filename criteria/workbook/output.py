"""Writing workbooks: _Book (any sheet, also the commune-group and mapping templates), the
framework workbook (template, export) and the set in the catalogue form (YAML)."""

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import yaml
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.spreadsheets import neutralise

from ..authoring import COMMON
from ..models import Framework, Indicator
from .columns import (
    BAR_COMMON,
    BAR_PREFIX,
    C_DESCRIPTION,
    C_KEY,
    C_NAME,
    CATEGORY_SHEET,
    CRITERION_SHEET,
    EMPTY_BAR_TEXT,
    FIELD_HEADERS,
    FIELDS,
    FRAMEWORK_SHEET,
    G_CODE,
    G_NAME,
    GROUP_SHEET,
    GUIDE_SHEET,
    I_CODE,
    I_COMPARATOR,
    I_CRITERION,
    I_GUIDANCE,
    I_KIND,
    I_NAME,
    I_UNIT,
    INDICATOR_SHEET,
    K_GROUP,
    K_NAME,
    K_NUMBER,
    SYMBOL,
    CategoryKind,
)

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
