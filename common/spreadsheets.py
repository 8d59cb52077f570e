"""Text bound for a spreadsheet (Excel, LibreOffice): no cell may start a formula.

A cell whose text starts with = + - @ (or a tab or carriage return, which some programs skip
before looking) is run as a formula when the file is opened: "=HYPERLINK(…)" in a name typed
into the app would become a link in the supervising office's copy. Such text gets a leading
apostrophe, the spreadsheet's own mark for "this is text"; importers take it off again, so an
export imported back changes nothing. assignments.resources does the same for tasks.
"""

from datetime import datetime

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
