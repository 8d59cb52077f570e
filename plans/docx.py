"""A plan (Kế hoạch, Báo cáo, Tờ trình) as a Word document (python-docx), the same layout as
the PDF, for offices that finish a document in Word before it is signed.

A4, margins 20/15/20/30 mm, Times New Roman 14 pt (Word has it; LibreOffice maps it to the
metric-compatible Liberation Serif). Header and signature are borderless two-column tables
(38 % | 62 %), body paragraphs are justified with a 1 cm first-line indent and 6 pt after,
Mục and Khoản are the styles "Heading 1" and "Heading 2" (so Word's navigation pane shows the
outline), typed tables repeat their header row on every page, the page number sits centred in
the header from page 2 on. Short rules under the issuing body, the motto and the summary are
empty paragraphs with a bottom border, as wide as the spec asks: measured with the advance
widths of the vendored Liberation Serif, which are Times New Roman's.
"""

from io import BytesIO

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

from .models import Plan
from .render import PlanDocument, Section, printable_document, text_width_pt
from .text import Block, Paragraph, Run, Table

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = Mm(20), Mm(15), Mm(20), Mm(30)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm
LEFT_SHARE = 0.38  # header and signature tables, as in van-ban.css
BODY_LINE = Pt(17.5)  # 1.25 × 14 pt, the PDF's line-height
RULE = 6  # border width in eighths of a point: 0.75 pt


def plan_docx_bytes(plan: Plan) -> bytes:
    """The Kế hoạch as .docx; three queries (see plans.render.plan_document). Raises
    plans.render.DocumentTooLong for a plan too heavy to print (the PDF's bound)."""
    return document_docx_bytes(printable_document(plan))


def document_docx_bytes(doc: PlanDocument) -> bytes:
    document = Document()
    _page_setup(document)
    _styles(document)
    _properties(document, doc)
    _header(document, doc)
    _title(document, doc)
    _addressee(document, doc)
    for basis in doc.bases:
        document.add_paragraph(basis, style="VB Căn cứ")
    _blocks(document, doc.opening)
    for section in doc.sections:
        _section(document, section)
    _closing(document, doc)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- page, styles, properties -------------------------------------------------------------


def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    # Page number centred in the top margin, not on page 1 (Decree 30, App. I §I)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)


def _page_field(paragraph) -> None:
    def fld_char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    for part in (fld_char("begin"), instruction, fld_char("separate")):
        paragraph.add_run()._r.append(part)
    paragraph.add_run("2")  # shown until the field is updated; Word and LibreOffice update it
    paragraph.add_run()._r.append(fld_char("end"))
    for run in paragraph.runs:
        run.font.size = Pt(14)


def _set_fonts(rpr) -> None:
    """Times New Roman for every script slot, dropping theme fonts that would win over it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    rpr.find(qn("w:sz")).set(qn("w:val"), "28")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")  # single

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())

    body = styles.add_style("VB Đoạn văn", 1)  # WD_STYLE_TYPE.PARAGRAPH
    body.style_id = "VBBody"  # ASCII ids; the Vietnamese names show in Word's style list
    body.base_style = normal
    body.quick_style = True
    body.font.size = Pt(14)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    fmt.line_spacing = BODY_LINE
    fmt.widow_control = True

    basis = styles.add_style("VB Căn cứ", 1)
    basis.style_id = "VBBasis"
    basis.base_style = body
    basis.font.italic = True

    for name, before in (("Heading 1", Pt(6)), ("Heading 2", Pt(0))):
        heading = styles[name]
        heading.base_style = body
        _set_fonts(heading.element.get_or_add_rPr())
        heading.font.size = Pt(14)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        fmt = heading.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.first_line_indent = Cm(1)
        fmt.space_before, fmt.space_after = before, Pt(6)
        fmt.keep_with_next = True
    styles["Heading 1"].font.all_caps = False  # the text is stored in capitals already

    header = styles["Header"]
    header.font.size = Pt(14)


def _properties(document, doc: PlanDocument) -> None:
    properties = document.core_properties
    properties.title = f"{doc.type_label} {doc.title}"[:255]
    properties.author = properties.last_modified_by = " ".join(doc.body_lines)[:255]
    properties.language = "vi-VN"
    properties.created = properties.modified = timezone.now()
    properties.comments = ""
    properties.keywords = f"{doc.type_label.lower()}; nông thôn mới"


# --- building blocks ----------------------------------------------------------------------


def _format(paragraph, *, align=WD_ALIGN_PARAGRAPH.CENTER, size=None, before=0, after=0):
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    if size is not None:  # the paragraph mark, so an empty line has this height too
        mark = paragraph._p.get_or_add_pPr()
        rpr = mark.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            mark.append(rpr)
        for tag in ("w:sz", "w:szCs"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), str(int(size * 2)))
            rpr.append(element)
    return paragraph


def _add_runs(paragraph, runs, *, size=None, bold=None, italic=None) -> None:
    for run in runs:
        text_run = paragraph.add_run(run.text)
        text_run.bold = True if bold else (run.bold or None)
        text_run.italic = True if italic else (run.italic or None)
        if size is not None:
            text_run.font.size = Pt(size)


def _line_paragraph(container, lines, *, size, bold=False, italic=False, before=0, after=0):
    paragraph = _format(container.add_paragraph(), size=size, before=before, after=after)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(size)
        run.bold = bold or None
        run.italic = italic or None
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _rule(container, *, available, width, after=0):
    """An empty 2 pt paragraph whose bottom border is `width` long, centred in `available`."""
    paragraph = _format(container.add_paragraph(), size=2, after=after)
    side = max(Emu(0), Emu(int((available - width) / 2)))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    _bottom_border(paragraph)
    return paragraph


def _bottom_border(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(RULE)), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence
    anchor = next(
        (ppr.find(qn(t)) for t in ("w:spacing", "w:ind", "w:jc") if ppr.find(qn(t)) is not None),
        None,
    )
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


def _layout_table(document, rows: int, widths: list[Emu]):
    """A borderless fixed-width table with no cell padding (header and signature)."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr  # autofit = False made it a fixed layout
    total = tbl_pr.find(qn("w:tblW"))
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(int(sum(widths) / 635)))  # EMU -> twentieths of a point
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tbl_pr.find(qn("w:tblLook"))  # CT_TblPr order: … tblLayout, tblCellMar, tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def _header(document, doc: PlanDocument) -> None:
    left = Emu(int(TEXT_WIDTH * LEFT_SHARE))
    right = Emu(TEXT_WIDTH - left)
    table = _layout_table(document, 2, [left, right])
    body_cell, title_cell = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells

    # HD 36, Phụ lục 3: the Party's header lines, number, place and date are 14 pt
    size, line_size = (14, 14) if doc.party else (12, 13)
    body_cell.paragraphs[0]._p.getparent().remove(body_cell.paragraphs[0]._p)
    if doc.parent_body:
        _line_paragraph(body_cell, [doc.parent_body], size=size)
    _line_paragraph(body_cell, doc.body_lines, size=size, bold=True)
    title_cell.paragraphs[0]._p.getparent().remove(title_cell.paragraphs[0]._p)
    if doc.party:  # HD 36-HD/VPTW: «*» under the body; «ĐẢNG CỘNG SẢN VIỆT NAM», its rule
        _line_paragraph(body_cell, ["*"], size=13)
        party = "ĐẢNG CỘNG SẢN VIỆT NAM"
        _line_paragraph(title_cell, [party], size=15, bold=True)
        _rule(title_cell, available=right, width=Pt(text_width_pt(party, 15, bold=True)))
    else:
        widest = max((Pt(text_width_pt(line, 12, bold=True)) for line in doc.body_lines), default=0)
        _rule(body_cell, available=left, width=Emu(int(min(widest, left) * 0.4)))
        _line_paragraph(title_cell, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], size=12, bold=True)
        motto = "Độc lập - Tự do - Hạnh phúc"
        _line_paragraph(title_cell, [motto], size=13, bold=True)
        _rule(title_cell, available=right, width=Pt(text_width_pt(motto, 13, bold=True)))

    blank = "\u00a0" * 8  # kept as typed by Word; the văn thư writes the number by hand
    number = _format(number_cell.paragraphs[0], before=6)
    if doc.party:
        run = number.add_run(f"Số {doc.number or blank}-{doc.symbol}")
    else:
        run = number.add_run(f"Số: {doc.number or blank}/{doc.symbol}")
    run.font.size = Pt(line_size)
    date = _format(date_cell.paragraphs[0], before=6)
    day, month = doc.day or blank, doc.month or blank
    run = date.add_run(f"{doc.place}, ngày {day} tháng {month} năm {doc.year}")
    run.font.size = Pt(line_size)
    run.italic = True


def _title(document, doc: PlanDocument) -> None:
    _line_paragraph(document, [doc.type_name], size=15 if doc.party else 14, bold=True, before=18)
    paragraph = _line_paragraph(document, doc.title_lines, size=14, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    widest = max((Pt(text_width_pt(line, 14, bold=True)) for line in doc.title_lines), default=0)
    _rule(document, available=TEXT_WIDTH, width=Emu(int(min(widest, TEXT_WIDTH) * 0.4)), after=12)


def _addressee(document, doc: PlanDocument) -> None:
    """«Kính gửi:» (ô 9a), 14 pt upright, centred under the summary: one recipient on the same
    line; several on the lines below, their dashes under the colon, the block centred as in
    the PDF (widths from the font's advance widths)."""
    if not doc.addressee:
        return
    size = 14
    if len(doc.addressee) == 1:
        _line_paragraph(document, [f"Kính gửi: {doc.addressee[0]}"], size=size, after=12)
        return
    indent = Pt(doc.addressee_indent_pt)
    widest = max(
        Pt(text_width_pt("Kính gửi:", size)),
        *(indent + Pt(text_width_pt(line, size)) for line in doc.addressee),
    )
    side = Emu(max(0, int((TEXT_WIDTH - min(widest, TEXT_WIDTH)) / 2)))
    lines = ["Kính gửi:", *doc.addressee]
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        paragraph = _line_paragraph(document, [line], size=size, after=12 if last else 0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.left_indent = side if i == 0 else Emu(side + indent)
        paragraph.paragraph_format.keep_with_next = not last


def _section(document, section: Section) -> None:
    if section.heading:
        style = "Heading 1" if section.level == "muc" else "Heading 2"
        document.add_paragraph(section.heading, style=style)
    _blocks(document, section.blocks)


def _blocks(document, blocks: list[Block]) -> list:
    added = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph(style="VB Đoạn văn")
            _add_runs(paragraph, block.runs)
            added.append(paragraph)
        else:
            _table(document, block)
    return added


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=block.columns)
    table.style = document.styles["Table Grid"]
    widths = [Emu(int(TEXT_WIDTH * share / 100)) for share in block.widths]
    if widths:  # the PDF's column widths (plans.render.column_widths), fixed
        table.autofit = False
        total = table._tbl.tblPr.find(qn("w:tblW"))
        total.set(qn("w:type"), "dxa")
        total.set(qn("w:w"), str(int(sum(widths) / 635)))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
    for index, (row, cells) in enumerate(zip(table.rows, (block.header, *block.rows), strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeat on every page
        for column, (cell, runs) in enumerate(zip(row.cells, cells, strict=True)):
            if widths:
                cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            _format(
                paragraph,
                align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT,
                before=1,
                after=1,
            )
            _add_runs(paragraph, runs, size=12, bold=index == 0)
    # a little air before what follows, as the PDF's 6 pt margin
    _format(document.add_paragraph(), size=6, align=WD_ALIGN_PARAGRAPH.LEFT)


def _closing(document, doc: PlanDocument) -> None:
    for paragraph in _blocks(document, doc.closing):
        paragraph.paragraph_format.keep_with_next = True  # stays with the signature table
    left = Emu(int(TEXT_WIDTH * LEFT_SHARE))
    right = Emu(TEXT_WIDTH - left)
    table = _layout_table(document, 1, [left, right])
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients_cell, signature_cell = table.rows[0].cells

    recipients_cell.paragraphs[0]._p.getparent().remove(recipients_cell.paragraphs[0]._p)
    if doc.recipients:
        label = _format(recipients_cell.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
        _add_runs(label, [Run("Nơi nhận:")], size=12, bold=True, italic=True)
        for recipient in doc.recipients:
            paragraph = _format(recipients_cell.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
            if recipient.is_label:
                paragraph.paragraph_format.space_before = Pt(3)
                _add_runs(paragraph, [Run(recipient.text)], size=11, bold=True, italic=True)
            else:
                hang = Pt(11 * 0.7)
                paragraph.paragraph_format.left_indent = hang
                paragraph.paragraph_format.first_line_indent = -hang
                _add_runs(paragraph, [Run(recipient.text)], size=11)
    else:
        recipients_cell.add_paragraph()

    signature_cell.paragraphs[0]._p.getparent().remove(signature_cell.paragraphs[0]._p)
    lines = [*doc.authority_lines, *([doc.signer_title] if doc.signer_title else [])]
    for line in lines:
        _line_paragraph(signature_cell, [line], size=14, bold=True)
    # ~30 mm for the handwritten signature and the red seal (Decree 30 ô 7c, ô 8)
    name = _line_paragraph(signature_cell, [doc.signer_name], size=14, bold=True)
    name.paragraph_format.space_before = Mm(30)
