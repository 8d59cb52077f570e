"""The DOCX of a plan, opened again with python-docx (and converted by LibreOffice if present)."""

import io
import os
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from plans.docx import plan_docx_bytes
from plans.models import PlanSection

from .conftest import HEADINGS, SEED_TITLE, TABLE_ROWS, PlanSectionFactory, squash

MARKUP = "<script>alert(1)</script> và <b>x</b>"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def all_text(document) -> str:
    """Body paragraphs and the text of every table cell, in document order."""
    parts = []
    for element in document.element.body.iter(qn("w:p")):
        parts.append("".join(node.text or "" for node in element.iter(qn("w:t"))))
    return "\n".join(parts)


@pytest.fixture
def docx(plan):
    return open_docx(plan_docx_bytes(plan))


def test_page_is_a4_with_the_decree_margins(docx):
    (section,) = docx.sections

    def mm(length):
        return round(length / Mm(1), 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)


def test_header_title_headings_and_signature(docx):
    text = squash(all_text(docx))

    for expected in [
        "ỦY BAN NHÂN DÂN",
        "XÃ CẨM TÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 30/KH-UBND",
        "Cẩm Tân, ngày 05 tháng 3 năm 2024",
        "KẾ HOẠCH",
        SEED_TITLE,
        "nước sạch theo quy chuẩn",
        "đã đề ra./.",
        "Nơi nhận:",
        "- Lưu: VT, NN.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trịnh Minh Chung",
    ]:
        assert expected in text, expected


def test_muc_and_khoan_are_word_headings(docx):
    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in docx.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]

    assert [text for _, text in headings] == HEADINGS
    assert ("Heading 1", "I. MỤC ĐÍCH, YÊU CẦU") in headings
    assert ("Heading 2", "4.1. Tiêu chí 5, Trường học:") in headings


def test_body_paragraphs_are_justified_14pt_with_a_1cm_indent(docx):
    body = docx.styles["VB Đoạn văn"]

    assert body.font.size.pt == 14
    assert body.paragraph_format.alignment == 3  # WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(body.paragraph_format.first_line_indent / Mm(1)) == 10
    assert body.paragraph_format.space_after.pt == 6
    bullets = [p for p in docx.paragraphs if p.text.startswith("- Xây dựng NTM")]
    assert bullets and bullets[0].style.name == "VB Đoạn văn"
    assert any(run.italic for run in bullets[0].runs)  # *có điểm bắt đầu …*


def test_font_is_times_new_roman_everywhere(docx):
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))

    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert not any(key.endswith("Theme") for key in fonts.attrib)
    for name in ("Normal", "Heading 1", "Heading 2"):
        assert docx.styles[name].font.name == "Times New Roman"


def test_long_table_repeats_its_header_row(docx):
    table = next(t for t in docx.tables if t.rows[0].cells[0].text == "STT")

    assert len(table.rows) == TABLE_ROWS + 1
    assert [cell.text for cell in table.rows[0].cells] == [
        "STT",
        "Nhiệm vụ",
        "Người phụ trách",
        "Thời hạn",
    ]
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    widths = [column.width for column in table.columns]
    assert widths[1] > widths[2] > widths[0]  # the PDF's column widths, not equal shares


def test_page_number_in_the_header_from_page_two(docx):
    (section,) = docx.sections

    assert section.different_first_page_header_footer
    assert section.first_page_header.is_linked_to_previous is False
    assert all(not p.text.strip() for p in section.first_page_header.paragraphs)
    header = section.header._element
    instructions = [node.text for node in header.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == ["PAGE"]
    assert section.header.paragraphs[0].alignment == 1  # centred


def test_markup_typed_by_a_user_stays_text(plan):
    PlanSectionFactory(
        plan=plan, level=PlanSection.Level.KHOAN, heading="6. <i>Thử</i>", body=MARKUP
    )

    text = all_text(open_docx(plan_docx_bytes(plan)))

    assert MARKUP in text
    assert "6. <i>Thử</i>" in text


def test_draft_keeps_blanks_for_number_and_date(draft_plan):
    text = all_text(open_docx(plan_docx_bytes(draft_plan)))
    blank = "\u00a0" * 8

    assert f"Số: {blank}/KH-UBND" in text
    assert f"Cẩm Tân, ngày {blank} tháng {blank} năm 2023" in text


def test_libreoffice_converts_the_docx_to_pdf(plan, tmp_path, poppler):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        message = "LibreOffice không có trên máy này: cài gói Debian 'libreoffice-writer-nogui'"
        if os.environ.get("CI") or os.environ.get("NTM_REQUIRE_BROWSER"):
            pytest.fail(message + " (CI cài sẵn trong .ci/run)", pytrace=False)
        pytest.skip(message)
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(plan_docx_bytes(plan))
    subprocess.run(  # noqa: S603
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = (tmp_path / "ke-hoach.pdf").read_bytes()

    text = squash(poppler.text(pdf))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Trịnh Minh Chung" in text
    assert poppler.text(pdf, first=2, last=2).split()[0] == "2"
    assert "595" in poppler.info(pdf)["Page size"]
