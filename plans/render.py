"""Everything a printed Kế hoạch (or Báo cáo, Tờ trình) shows, read once and shaped for the
templates and for DOCX.

`plan_document(plan)` makes three queries (bases, sections, recipients; none if the caller
already prefetched them) and returns ready values: header lines split and in capitals, the
date with the Decree 30 padding, bodies parsed by `plans.text`, "Nơi nhận" lines punctuated.
The HTML/PDF templates and `plans.docx` only lay these values out. The type name (KẾ HOẠCH,
BÁO CÁO, TỜ TRÌNH) and the «Kính gửi:» part (ô 9a, báo cáo and tờ trình only) follow the
plan's `doc_type`.
"""

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.text import slugify
from fontTools.ttLib import TTFont

from common.numbers import number_vi
from common.text import fold

from .models import Plan, PlanSection
from .text import (
    Block,
    Paragraph,
    Run,
    Table,
    clean,
    month_vi,
    parse_body,
    split_lines,
    upper_vi,
)

TYPE_NAME = "KẾ HOẠCH"
# Printing bound (issue 13). Layout time grows with the characters and, as much, with the
# pieces laid out: each paragraph, table cell and bold or italic run costs about what 50
# characters of prose cost (20 000 lines of "- Xã" took 16 s as a PDF, 100 000 characters of
# prose 1 s). A document weighs its characters plus PIECE_WEIGHT per piece; above
# PDF_MAX_WEIGHT the PDF and the DOCX are refused with a page that says so, and a plan that
# heavy cannot be saved. The bound admits a province plan of 170 communes and 400 tasks (weight
# about 330 000, 66 pages: PDF 5,6 s); at the bound the slowest shapes took, on this 2-core
# machine with the other core busy, PDF 7,7 s (one-letter table cells) and DOCX 11 s (one-word
# lines: python-docx inserts each paragraph by scanning the body) – far below gunicorn's 120 s.
# `manage.py benchmark_plan_pdf --at-bound` re-measures. Documented in README, "Kế hoạch
# documents (plans)".
PIECE_WEIGHT = 50
PDF_MAX_WEIGHT = 600_000
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
TEXT_WIDTH_PT = 165 / 25.4 * 72  # A4 minus the 30 mm and 15 mm side margins
TABLE_FONT_PT = 12  # van-ban.css: table.bang
CELL_PADDING_PT = 2 * 4 + 0.75 + 1  # 4 pt each side, one border, 1 pt for rounding
ADDRESSEE_LABEL = "Kính gửi"  # printed with its colon: "Kính gửi:"
ADDRESSEE_FONT_PT = 14
_LUU_WITHOUT_COLON = re.compile(r"^Lưu\s+(?=VT\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    level: str  # PlanSection.Level: "muc" -> h2, "khoan" -> h3, "text" -> no heading
    heading: str
    blocks: list[Block]


@dataclass(frozen=True)
class Recipient:
    text: str
    is_label: bool = False  # "Bản điện tử:" – a sub-heading of the list, no dash


@dataclass(frozen=True)
class PlanDocument:
    title: str  # the trích yếu on one line (PDF metadata, file names)
    title_lines: list[str]
    parent_body: str
    body_lines: list[str]
    number: str  # "05", or "" for a blank to be filled in by the văn thư
    symbol: str
    place: str
    day: str  # "05", or "" (blank)
    month: str  # "3" / "01", or "" (blank)
    year: int
    bases: list[str]
    opening: list[Block]
    sections: list[Section]
    closing: list[Block]
    recipients: list[Recipient]
    authority_lines: list[str]
    signer_title: str
    signer_name: str
    type_name: str = TYPE_NAME
    type_label: str = "Kế hoạch"  # sentence case: file properties, messages
    # ô 9a: one line is printed "Kính gửi: …" on the same line; several are "- …;" lines
    # under it, the last ending with "." (Decree 30, App. I §II.9.d). Empty for a kế hoạch.
    addressee: tuple[str, ...] = ()
    party: bool = False  # the Party's format (HD 36-HD/VPTW) instead of Decree 30's

    @property
    def addressee_indent_pt(self) -> float:
        """Where the dashes of several recipients start: under the colon of "Kính gửi:"."""
        return round(text_width_pt(ADDRESSEE_LABEL, ADDRESSEE_FONT_PT), 2)

    @property
    def addressee_indent_css(self) -> str:
        """The same as a CSS length ("52.1pt"), never localised with a decimal comma."""
        return f"{self.addressee_indent_pt:.2f}pt"

    @property
    def number_line(self) -> str:
        """ "Số: 30/KH-UBND" (Decree 30) or "Số 07-KH/BCĐ" (HD 36: no colon, a hyphen before
        the symbol); the blank form is laid out by each output."""
        if self.party:
            return f"Số {self.number}-{self.symbol}"
        return f"Số: {self.number}/{self.symbol}"

    @property
    def date_line(self) -> str:
        """ "Cẩm Tân, ngày 05 tháng 3 năm 2024" (or blanks as spaces, for plain text)."""
        day = self.day or " " * 6
        month = self.month or " " * 6
        return f"{self.place}, ngày {day} tháng {month} năm {self.year}"


def plan_document(plan: Plan) -> PlanDocument:
    prefetch_related_objects([plan], "bases", "sections", "recipients")
    issue_date = plan.issue_date
    title = clean(plan.title).strip()
    return PlanDocument(
        title=" ".join(title.split()),
        title_lines=[line.strip() for line in title.split("\n") if line.strip()],
        parent_body=upper_vi(plan.parent_body).strip(),
        body_lines=[upper_vi(line) for line in split_lines(plan.body_lines)],
        number=f"{plan.number:02d}" if plan.number else "",
        symbol=clean(plan.symbol).strip(),
        place=clean(plan.place).strip(),
        day=f"{issue_date.day:02d}" if issue_date else "",
        month=month_vi(issue_date.month) if issue_date else "",
        year=issue_date.year if issue_date else plan.year_start,
        bases=_bases([basis.text for basis in plan.bases.all()]),
        opening=_body(plan.opening),
        sections=[_section(section) for section in plan.sections.all()],
        closing=_with_end_mark(_body(plan.closing)),
        recipients=_recipients([recipient.text for recipient in plan.recipients.all()]),
        authority_lines=[upper_vi(line) for line in split_lines(plan.authority_lines)],
        signer_title=upper_vi(plan.signer_title).strip(),
        signer_name=" ".join(clean(plan.signer_name).split()),
        type_name=plan.type_name,
        type_label=plan.type_label,
        addressee=_addressee(plan.addressee) if plan.has_addressee else (),
        party=plan.party_format,
    )


class DocumentTooLong(Exception):
    """The plan weighs more than PDF_MAX_WEIGHT: it would not be laid out in reasonable time."""

    def __init__(self, weight: int):
        super().__init__(f"document weight {weight} > {PDF_MAX_WEIGHT}")
        self.weight = weight


def blocks_weight(blocks: list[Block]) -> int:
    """Characters, plus PIECE_WEIGHT per paragraph or table cell and per run beyond its first."""
    weight = 0
    for block in blocks:
        if isinstance(block, Table):
            for row in (block.header, *block.rows):
                for runs in row:
                    weight += sum(len(run.text) for run in runs) + PIECE_WEIGHT * max(1, len(runs))
        else:
            weight += len(block.text) + PIECE_WEIGHT * max(1, len(block.runs))
    return weight


def text_weight(text: str) -> int:
    """The weight of a body as typed (parsed like the outputs parse it)."""
    return blocks_weight(parse_body(text))


def line_weight(line: str) -> int:
    """A line printed as one paragraph: a heading, a căn cứ, a nơi nhận, a header line."""
    return len(line) + PIECE_WEIGHT


def weight_of(lines, bodies) -> int:
    """Lines printed as one paragraph each, plus parsed bodies (lists of blocks)."""
    return sum(line_weight(line) for line in lines if line) + sum(map(blocks_weight, bodies))


def document_weight(doc: PlanDocument) -> int:
    lines = [
        *doc.title_lines,
        *doc.addressee,
        doc.parent_body,
        *doc.body_lines,
        *doc.bases,
        *(section.heading for section in doc.sections),
        *(recipient.text for recipient in doc.recipients),
        *doc.authority_lines,
        doc.signer_title,
        doc.signer_name,
    ]
    return weight_of(
        lines, [doc.opening, doc.closing, *(section.blocks for section in doc.sections)]
    )


def too_long_message(weight: int) -> str:
    return (
        f"Kế hoạch quá dài để in: khoảng {number_vi(weight, 0)} ký tự quy đổi, tối đa "
        f"{number_vi(PDF_MAX_WEIGHT, 0)} (mỗi đoạn văn, mỗi ô bảng và mỗi đoạn chữ đậm, nghiêng "
        f"tính thêm {PIECE_WEIGHT} ký tự). Hãy rút gọn nội dung hoặc tách thành nhiều kế hoạch."
    )


def print_refusal(doc: PlanDocument) -> str:
    """What the plan's page says instead of the PDF and DOCX links when the plan is too heavy
    to print; "" when it may be printed."""
    weight = document_weight(doc)
    return too_long_message(weight) if weight > PDF_MAX_WEIGHT else ""


def printable_document(plan: Plan) -> PlanDocument:
    """plan_document(plan), or DocumentTooLong when it is too heavy to print."""
    doc = plan_document(plan)
    weight = document_weight(doc)
    if weight > PDF_MAX_WEIGHT:
        raise DocumentTooLong(weight)
    return doc


def plan_document_context(plan: Plan) -> dict:
    """Template context for templates/plans/pdf/plan.html and plans/plan_print.html."""
    return {"doc": plan_document(plan)}


def plan_filename(plan: Plan, extension: str) -> str:
    """ "ke-hoach-30-kh-ubnd-2024.pdf", "bao-cao-04-bc-ubnd-2024.pdf"; a draft without a
    number: "du-thao-ke-hoach-12.pdf"."""
    kind = slugify(fold(plan.type_label))
    if plan.number:
        stem = slugify(f"{kind}-{plan.number:02d}-{fold(plan.symbol)}-{plan.year_start}")
    else:
        stem = f"du-thao-{kind}-{plan.pk}"
    return f"{stem}.{extension}"


def _addressee(value: str) -> tuple[str, ...]:
    """ "Ủy ban nhân dân tỉnh Hà Tĩnh" → ("Ủy ban nhân dân tỉnh Hà Tĩnh",); several recipients
    (" / " or one per line) → ("- A;", "- B.") whatever dash and end the user typed."""
    lines = [" ".join(line.split()) for line in split_lines(value)]
    lines = [line.lstrip("-–• ").rstrip(" ;.,") for line in lines]
    lines = [line for line in lines if line]
    if len(lines) <= 1:
        return tuple(lines)
    return tuple(f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines))


def _section(section: PlanSection) -> Section:
    heading = " ".join(clean(section.heading).split())
    if section.level == PlanSection.Level.MUC:
        heading = heading.upper()  # Mục: Roman numeral and capitals (Decree 30, App. I)
    elif section.level == PlanSection.Level.TEXT:
        heading = ""
    return Section(level=section.level, heading=heading, blocks=_body(section.body))


def _bases(texts: list[str]) -> list[str]:
    """Căn cứ lines: one per line, each ending with ";" and the last with "." (Decree 30)."""
    lines = [" ".join(clean(text).split()).rstrip(" ;.,") for text in texts]
    lines = [line for line in lines if line]
    return [line + ("." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)]


def _recipients(texts: list[str]) -> list[Recipient]:
    """ "- Các thôn;" … "- Lưu: VT, NN." – whatever dash and end the user typed or left out."""
    lines = [" ".join(clean(text).split()) for text in texts]
    lines = [line for line in lines if line.strip(" -;.")]
    result = []
    for i, line in enumerate(lines):
        if line.endswith(":"):
            result.append(Recipient(line.lstrip("-–• "), is_label=True))
            continue
        core = _LUU_WITHOUT_COLON.sub("Lưu: ", line.lstrip("-–• ").rstrip(" ;.,"))
        end = "." if i == len(lines) - 1 else ";"
        result.append(Recipient(f"- {core}{end}"))
    return result


def _with_end_mark(blocks: list[Block]) -> list[Block]:
    """The content ends with "./." (every template of Decree 30, App. III)."""
    if not blocks or not isinstance(blocks[-1], Paragraph):
        return blocks
    last = blocks[-1]
    text = last.text.rstrip()
    if text.endswith("/."):
        return blocks
    mark = "/." if text.endswith(".") else "./."
    *runs, end = last.runs
    end = Run(end.text.rstrip() + mark, end.bold, end.italic)
    return [*blocks[:-1], Paragraph(runs=(*runs, end), bullet=last.bullet)]


def _body(text: str) -> list[Block]:
    """Parsed body, tables with column widths (the PDF and DOCX then lay them out identically)."""
    return [
        _with_widths(block) if isinstance(block, Table) else block for block in parse_body(text)
    ]


def _with_widths(table: Table) -> Table:
    widths, fits = column_widths(table)
    return replace(table, widths=widths, break_words=not fits)


def column_widths(table: Table) -> tuple[tuple[float, ...], bool]:
    """Column widths in % of the text width, shared the way CSS 2.1 auto table layout does,
    and whether every column is at least as wide as its longest word.

    Each column needs its longest word and would like its longest cell on one line; the space
    between the two sums goes to the columns in proportion to what they lack. Done here once,
    with the font's advance widths, rather than by WeasyPrint's auto layout, which lays every
    cell out once more to measure it (about 15 % of the time of a 200-row plan); the DOCX
    uses the same widths, so both outputs break table lines alike.
    """
    count = table.columns
    least, most = [0.0] * count, [0.0] * count
    for index, row in enumerate((table.header, *table.rows)):
        for column, runs in enumerate(row):
            whole = word = 0.0
            for run in runs:
                bold = run.bold or index == 0
                whole += text_width_pt(run.text, TABLE_FONT_PT, bold=bold, italic=run.italic)
                for piece in run.text.split():
                    width = text_width_pt(piece, TABLE_FONT_PT, bold=bold, italic=run.italic)
                    word = max(word, width)
            least[column] = max(least[column], word)
            most[column] = max(most[column], whole)
    least = [width + CELL_PADDING_PT for width in least]
    most = [width + CELL_PADDING_PT for width in most]
    if sum(most) <= TEXT_WIDTH_PT or sum(most) <= sum(least):
        widths = most  # everything fits on one line: widen in proportion
    elif sum(least) >= TEXT_WIDTH_PT:
        widths = least  # not even the words fit: shrink in proportion
    else:
        share = (TEXT_WIDTH_PT - sum(least)) / (sum(most) - sum(least))
        widths = [lo + (hi - lo) * share for lo, hi in zip(least, most, strict=True)]
    total = sum(widths)
    fits = sum(least) <= TEXT_WIDTH_PT
    return tuple(round(width * 100 / total, 2) for width in widths), fits


@functools.cache
def _metrics(bold: bool, italic: bool) -> tuple[dict[int, int], int, int]:
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}.get(
        (bold, italic), "BoldItalic"
    )
    font = TTFont(FONT_DIR / f"LiberationSerif-{style}.ttf", lazy=True)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
    return widths, metrics[".notdef"][0], font["head"].unitsPerEm


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Printed width of one line in Liberation Serif 2, which has Times New Roman's widths."""
    widths, missing, units = _metrics(bold, italic)
    return sum(widths.get(ord(char), missing) for char in text) * size_pt / units
