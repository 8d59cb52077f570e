"""Text bound for a spreadsheet (Excel, LibreOffice): no cell may start a formula.

A cell whose text starts with = + - @ (or a tab or carriage return, which some programs skip
before looking) is run as a formula when the file is opened: "=HYPERLINK(…)" in a name typed
into the app would become a link in the supervising office's copy. Such text gets a leading
apostrophe, the spreadsheet's own mark for "this is text"; importers take it off again, so an
export imported back changes nothing. assignments.resources does the same for tasks.
"""

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
