"""Deadlines as the documents write them, turned into an exact last day.

"30/10/2023" and "trước ngày 10/2/2021" are that day; "tháng 12/2023" and "12/2023" the last day
of the month; "quý I/2021" the last day of the quarter; "năm 2022" and "cuối năm 2022" 31/12.
"Trước ngày X" is read as "by X", as the plans mean it. Pure functions: no database.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from common import years
from common.text import fold

EXAMPLES = "30/10/2023, tháng 12/2023, 12/2023, quý IV/2024 hoặc năm 2024"
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Words the plans put before a deadline ("hoàn thành chậm nhất trước ngày", "dự kiến xong
# trong tháng"), compared without diacritics. Stripped from the front, in any order.
_FILLER = re.compile(
    r"^(?:thoi gian hoan thanh|hoan thanh|xong|cham nhat|du kien|phan dau|han|truoc|trong|"
    r"vao|den|ngay|cuoi)\b[\s:,]*"
)
_DAY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})$")
_MONTH = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*(?:/|-|\.|\s+nam\s+)\s*(\d{2,4})$")
_QUARTER = re.compile(r"^quy\s*([ivx]+|\d+)\s*(?:/|-|\s+nam\s+|\s+)\s*(\d{2,4})$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")


@dataclass(frozen=True)
class Deadline:
    day: date
    text: str
    kind: str  # "day", "month", "quarter" or "year"

    @property
    def is_exact_day(self) -> bool:
        return self.kind == "day"


def format_date(value: date | None) -> str:
    """30/10/2023: the short form used on every page, in e-mails and in Excel files."""
    return value.strftime("%d/%m/%Y") if value else ""


def _year(text: str) -> int:
    if len(text) != 4:
        raise ValidationError(f"Năm “{text}” phải viết đủ 4 chữ số (ví dụ 2023).")
    year = int(text)
    if not years.in_range(year):
        raise ValidationError(f"Năm {year} nằm ngoài khoảng {years.YEAR_MIN}–{years.YEAR_MAX}.")
    return year


def _month_end(year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise ValidationError(f"Tháng {month} không hợp lệ: tháng phải từ 1 đến 12.")
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str) -> Deadline:
    """Read a deadline as written; raise ValidationError with a Vietnamese message."""
    original = " ".join((text or "").split())
    if not original:
        raise ValidationError("Nhập thời hạn, ví dụ " + EXAMPLES + ".")
    folded = fold(original)
    while True:
        stripped = _FILLER.sub("", folded, count=1)
        if stripped == folded:
            break
        folded = stripped
    if m := _DAY.match(folded):
        day, month, year = int(m[1]), int(m[2]), _year(m[3])
        try:
            return Deadline(date(year, month, day), original, "day")
        except ValueError:
            raise ValidationError(
                f"Ngày {day:02d}/{month:02d}/{year} không có thật trong lịch."
            ) from None
    if m := _QUARTER.match(folded):
        raw = m[1]
        quarter = int(raw) if raw.isdigit() else ROMAN.get(raw)
        if quarter not in (1, 2, 3, 4):
            raise ValidationError(f"Quý “{raw.upper()}” không hợp lệ: dùng quý I, II, III hoặc IV.")
        return Deadline(_month_end(_year(m[2]), quarter * 3), original, "quarter")
    if m := _MONTH.match(folded):
        return Deadline(_month_end(_year(m[2]), int(m[1])), original, "month")
    if m := _YEAR.match(folded):
        return Deadline(date(_year(m[1]), 12, 31), original, "year")
    raise ValidationError(f"Không hiểu thời hạn “{original}”: hãy viết như {EXAMPLES}.")


def describe_deadline(day: date, text: str) -> str:
    """ "tháng 12/2023 (31/12/2023)" for a month or quarter; "30/10/2023" for a day."""
    exact = format_date(day)
    if not text:
        return exact
    try:
        parsed = parse_deadline(text)
    except ValidationError:
        return exact
    if parsed.is_exact_day and parsed.day == day:
        return exact
    return f"{text} ({exact})"
