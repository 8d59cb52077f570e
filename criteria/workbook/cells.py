"""Reading the workbooks: the errors, the sheets of a file (_read_sheets), a sheet's rows by
header (_Table), what a check gathers (_Reader: errors, counts, preview), the cells parsed
(dates, years, choices in words, thresholds) and the sets a user may name in a file."""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from common.importing import IMPORT_MAX_ROWS, PREVIEW_LIMIT, Check, parse_decimal
from common.numbers import number_vi
from common.spreadsheets import cell_text, note_text
from common.text import fold
from units.access import can_author_framework
from units.models import User

from ..authoring import Bar
from ..models import Framework, Indicator
from .columns import FRAMEWORK_SHEETS, SYMBOL, CategoryKind

MAX_COLUMNS = 60  # cells right of this are never read (a sheet may claim 16 384 columns)


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
    Framework.set_level_choices(),
    {
        fold(label).replace("ntm", "nong thon moi"): value
        for value, label in Framework.set_level_choices()
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


# --- the sets a file may name ------------------------------------------------------------------


def _framework_words(frameworks) -> dict:
    return {f.key: f for f in frameworks}


def _readable_frameworks(user: User):
    """The sets the user may name in a file: those they may read; a draft only if they may
    author it."""
    from ..selectors import frameworks_visible_to

    return [
        f for f in frameworks_visible_to(user) if f.is_published or can_author_framework(user, f)
    ]
