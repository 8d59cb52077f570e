"""Text bound for a spreadsheet (Excel, LibreOffice): no cell may start a formula.

A cell whose text starts with = + - @ (or a tab or carriage return, which some programs skip
before looking) is run as a formula when the file is opened: "=HYPERLINK(…)" in a name typed
into the app would become a link in the supervising office's copy. Such text gets a leading
apostrophe, the spreadsheet's own mark for "this is text"; importers take it off again, so an
export imported back changes nothing. assignments.resources does the same for tasks.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` with an apostrophe in front if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text as typed, from a cell `neutralise` marked."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def cell_text(value) -> str:
    """A cell as text, the way it was typed: 16.0 -> "16", spaces collapsed, and the apostrophe
    that neutralised a formula removed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return restore(text)


def note_text(value) -> str:
    """A free-text cell: kept as typed (line breaks too), trimmed, apostrophe removed."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").strip()
    return restore(text)


DATE_TEXT = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def cell_date(value, what: str, *, example: str = "29/12/2023") -> date | None:
    """A date cell, or dd/mm/yyyy text; None when empty; otherwise a ValidationError naming
    the column (`what`) and what was typed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    match = DATE_TEXT.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise ValidationError(
            f"{what} “{shown}” không hợp lệ: ghi ngày/tháng/năm, ví dụ {example}."
        ) from None
