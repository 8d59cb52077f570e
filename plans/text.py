"""The text model of a plan's body, shared by the HTML/PDF and the DOCX output.

A body is plain text typed in a textarea, never HTML:

- each non-empty line is a paragraph; lines starting with "- " or "+ " are bullet paragraphs
  and keep their dash or plus as literal text (the way the seeds write them);
- `**bold**` and `*italic*` are the only inline marks (they may nest: `**a *b* c**`); an
  asterisk that does not open or close such a span (`5 * 3`, `OCOP 3*`) stays as typed;
- consecutive lines starting with "|" form a table: cells are split on "|", the first row is
  the header, a Markdown separator row (`|---|:---:|`) is ignored;
- `markup_problems()` names, by line, a table whose rows differ in cells, a table of separator
  rows only and an emphasis opened and never closed: the forms refuse such a text rather than
  print it wrong.

`parse_body()` returns a list of `Paragraph` / `Table` blocks made of `Run`s of plain text;
every output escapes that text itself (Django autoescape, python-docx), so markup typed by a
user always comes out as the characters typed.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# C0/C1 control characters other than tab and newline: invalid in XML (DOCX) and invisible
# in a PDF, they only ever arrive by pasting.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# An emphasis span: the same delimiter opens and closes; the text inside neither starts nor
# ends with a space or an asterisk; delimiters never touch a letter or digit outside the span,
# so "OCOP 3*, 4*" and "2*3*4" stay as typed.
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])(.*?[^\s*])\1(?![\w*])")
_SEPARATOR_CELL = re.compile(r":?-+:?")
_LINE_SPLIT = re.compile(r"\s+/\s+|\s*\n\s*")


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]
    bullet: str = ""  # "-" or "+" when the line is a bullet (the mark stays in the text)

    kind = "paragraph"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[tuple[Run, ...], ...]  # one tuple of runs per cell
    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    widths: tuple[float, ...] = ()  # % of the text width per column; () = left to the renderer
    break_words: bool = False  # some word is wider than its column: let it break

    kind = "table"

    @property
    def columns(self) -> int:
        return len(self.header)


Block = Paragraph | Table


def clean(text: str) -> str:
    """NFC (precomposed Vietnamese), Unix newlines, no control characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def parse_inline(text: str, *, bold: bool = False, italic: bool = False) -> tuple[Run, ...]:
    """`a **b** *c*` -> runs; neighbouring runs with the same marks are merged."""
    runs: list[Run] = []
    _inline(text, bold, italic, runs)
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


def _inline(text: str, bold: bool, italic: bool, out: list[Run]) -> None:
    pos = 0
    for match in _EMPHASIS.finditer(text):
        out.append(Run(text[pos : match.start()], bold, italic))
        marks = len(match[1])
        _inline(match[2], bold or marks >= 2, italic or marks != 2, out)
        pos = match.end()
    out.append(Run(text[pos:], bold, italic))


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def _is_separator(cells: list[str]) -> bool:
    return any(cells) and all(_SEPARATOR_CELL.fullmatch(c) for c in cells if c)


def _table(lines: list[str]) -> list[Block]:
    """The lines as a table; lines that are only separator rows (`|---|`) have no cell to
    print and stay paragraphs as typed (markup_problems refuses them on a form)."""
    rows = [cells for cells in map(_cells, lines) if not _is_separator(cells)]
    if not rows:
        return [Paragraph(runs=(Run(line),)) for line in lines]
    width = max(len(cells) for cells in rows)
    parsed = [
        tuple(parse_inline(cell) for cell in cells + [""] * (width - len(cells))) for cells in rows
    ]
    return [Table(header=parsed[0], rows=tuple(parsed[1:]))]


def parse_body(text: str) -> list[Block]:
    """Plain text from a textarea -> paragraphs and tables (see the module docstring)."""
    blocks: list[Block] = []
    table_lines: list[str] = []
    for raw in clean(text).split("\n"):
        line = raw.strip()
        if line.startswith("|"):
            table_lines.append(line)
            continue
        if table_lines:
            blocks += _table(table_lines)
            table_lines = []
        if not line:
            continue
        bullet = line[0] if line[:2] in ("- ", "+ ") else ""
        blocks.append(Paragraph(runs=parse_inline(line), bullet=bullet))
    if table_lines:
        blocks += _table(table_lines)
    return blocks


# An asterisk that opens a span: not after a letter, digit or asterisk, and before a
# non-space («**đậm**», «*nghiêng*»); «OCOP 3*» and «5 * 3» open nothing.
_OPENER = re.compile(r"(?<![\w*])(\*{1,3})(?=[^\s*])")


def markup_problems(text: str) -> list[str]:
    """What a body's markup leaves open, in Vietnamese, by line: a table whose rows have
    different numbers of cells, «**» or «*» that opens bold or italic and is never closed.
    A typed text is never changed to fit; the official is told where to mend it."""
    problems: list[str] = []
    table: list[tuple[int, list[str]]] = []

    def check_table():
        rows = [(n, cells) for n, cells in table if not _is_separator(cells)]
        if not rows:
            problems.append(
                f"Bảng ở dòng {table[0][0]}: chỉ có dòng kẻ “|---|”, không có ô nào để in. "
                "Thêm dòng tiêu đề và các dòng của bảng, hoặc bỏ dòng kẻ."
            )
            return
        head_at, head = rows[0]
        odd = next(((n, cells) for n, cells in rows if len(cells) != len(head)), None)
        if odd:
            problems.append(
                f"Bảng ở dòng {head_at}: dòng {odd[0]} có {len(odd[1])} ô, dòng tiêu đề có "
                f"{len(head)} ô. Mỗi dòng của bảng cần cùng số ô, ngăn bằng dấu “|”."
            )

    for number, raw in enumerate(clean(text).split("\n"), 1):
        line = raw.strip()
        if line.startswith("|"):
            table.append((number, _cells(line)))
            continue
        if table:
            check_table()
            table = []
        if opener := _OPENER.search(_EMPHASIS.sub("", line)):
            marks = opener[1]
            kind = "chữ đậm" if len(marks) >= 2 else "chữ nghiêng"
            problems.append(
                f"Dòng {number}: “{marks}” mở {kind} nhưng không có “{marks}” đóng lại. Thêm "
                f"dấu đóng ngay sau chữ cần {kind.removeprefix('chữ ')}, hoặc bỏ dấu “*”."
            )
    if table:
        check_table()
    return problems


def split_lines(value: str) -> list[str]:
    """ "ỦY BAN NHÂN DÂN / XÃ CẨM TÂN" (or one per line) -> ["ỦY BAN NHÂN DÂN", "XÃ CẨM TÂN"]."""
    return [part.strip() for part in _LINE_SPLIT.split(clean(value).strip()) if part.strip()]


def ngay_thang_nam(d: date) -> str:
    """date(2024, 3, 5) -> "ngày 05 tháng 3 năm 2024" (Decree 30: day < 10 and months 1-2 padded)."""
    return f"ngày {d.day:02d} tháng {month_vi(d.month)} năm {d.year}"


def month_vi(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def ngay_vi(d: date) -> str:
    """A date inside the body, same padding rule: 05/3/2024, 26/02/2024, 30/10/2023."""
    return f"{d.day:02d}/{month_vi(d.month)}/{d.year}"


def upper_vi(text: str) -> str:
    """Capitals for header and signature lines; str.upper() handles every Vietnamese letter."""
    return clean(text).upper()


def basis_key(text: str) -> str:
    """A «Căn cứ …» line as compared between plans: spaces squashed, without the end mark the
    printed list adds (";" or "."), so a text is never cited twice."""
    return " ".join(text.split()).rstrip(" ;.,")
