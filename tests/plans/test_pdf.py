"""The PDF of a plan, read back with poppler: text, pages, page numbers, fonts, paper size."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string

from plans.models import PlanSection
from plans.pdf import STATIC_DIR, StaticFilesOnly, plan_pdf_bytes
from plans.render import plan_document_context

from .conftest import HEADINGS, SEED_TITLE, TABLE_ROWS, PlanSectionFactory, squash

MARKUP = "<script>alert(1)</script> và <b>x</b>"


@pytest.fixture
def pdf(poppler, plan):  # poppler first: skip (or fail in CI) before rendering
    return plan_pdf_bytes(plan)


def test_pdf_has_the_decree_30_frame_and_every_heading(pdf, poppler):
    assert pdf.startswith(b"%PDF")
    text = squash(poppler.text(pdf))

    for expected in [
        "ỦY BAN NHÂN DÂN",
        "XÃ CẨM TÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 30/KH-UBND",
        "Cẩm Tân, ngày 05 tháng 3 năm 2024",
        "KẾ HOẠCH",
        SEED_TITLE,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
        "của Thủ tướng Chính phủ.",
        *HEADINGS,
        "đã đề ra./.",
        "Nơi nhận:",
        "- Văn phòng Điều phối NTM huyện (để b/c);",
        "- Lưu: VT, NN.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trịnh Minh Chung",
    ]:
        assert expected in text, expected


def test_vietnamese_comes_back_intact(pdf, poppler):
    text = squash(poppler.text(pdf))

    assert "Ủy ban nhân dân xã Cẩm Tân" in text
    assert "nước sạch theo quy chuẩn" in text
    assert "“có điểm bắt đầu, nhưng không có điểm kết thúc”" in text
    assert "12,8 tỷ đồng" in text


def test_paper_is_a4_portrait(pdf, poppler):
    info = poppler.info(pdf)

    width, height = map(float, re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
    assert abs(width - 595.28) < 0.5 and abs(height - 841.89) < 0.5
    assert int(info["Pages"]) >= 3
    assert info["Title"].startswith("KẾ HOẠCH Thực hiện củng cố các tiêu chí")


def test_page_number_from_page_two_centred_at_the_top(pdf, poppler):
    pages = poppler.pages(pdf)

    assert pages[0].split()[0] == "ỦY"  # page 1: the header comes first, no number
    assert poppler.text(pdf, first=2, last=2).split()[0] == "2"
    assert [page.split()[0] for page in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]


def test_long_table_repeats_its_header_row_on_the_next_page(pdf, poppler):
    pages = poppler.pages(pdf)
    with_rows = [
        number for number, page in enumerate(pages, start=1) if re.search(r"Nhiệm vụ số \d\d", page)
    ]

    assert len(with_rows) >= 2, "the 60-row table should run over a page break"
    for number in with_rows:
        assert "Người phụ trách" in pages[number - 1], f"no header row on page {number}"
    last_row = f"Nhiệm vụ số {TABLE_ROWS:02d}"
    assert any(last_row in pages[number - 1] for number in with_rows[1:])


def test_only_the_vendored_liberation_serif_is_embedded(pdf, poppler):
    fonts = poppler.fonts(pdf)

    assert fonts, "pdffonts found no fonts"
    for font in fonts:
        assert "+Liberation-Serif-VB" in font["name"], font["line"]  # no DejaVu fallback
        assert font["emb"] == "yes", font["line"]
    assert {font["name"].split("+")[1] for font in fonts} >= {
        "Liberation-Serif-VB",
        "Liberation-Serif-VB-Bold",
        "Liberation-Serif-VB-Italic",
    }


def test_markup_typed_by_a_user_is_printed_as_text(plan, poppler):
    PlanSectionFactory(
        plan=plan,
        level=PlanSection.Level.KHOAN,
        heading="6. <i>Thử</i> nội dung",
        body=f"{MARKUP}\n| <b>ô</b> | **đậm** |\n| <img src=http://example.invalid/x.png> | 2 |",
    )
    plan.title = f"{plan.title} {MARKUP}"
    plan.save(update_fields=["title"])

    text = squash(poppler.text(plan_pdf_bytes(plan)))

    assert "6. <i>Thử</i> nội dung" in text
    assert MARKUP in text
    assert "<b>ô</b>" in text
    assert "<img src=http://example.invalid/x.png>" in text
    assert text.count("<script>alert(1)</script>") == 2  # body and title


def test_markup_is_escaped_in_the_html(plan):
    PlanSectionFactory(plan=plan, heading="<b>Tiêu đề</b>", body=MARKUP)
    plan.signer_name = "<script>x</script>"

    html = render_to_string("plans/pdf/plan.html", {"plan": plan, **plan_document_context(plan)})

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; và &lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt;" in html


def test_draft_prints_blanks_for_number_and_date(draft_plan, poppler):
    text = squash(poppler.text(plan_pdf_bytes(draft_plan)))

    assert re.search(r"Số: ?/KH-UBND", text)
    assert re.search(r"Cẩm Tân, ngày tháng năm 2023", text)
    assert "Trịnh Minh Chung" in text


def test_draft_html_has_fixed_width_blanks(draft_plan):
    context = {"plan": draft_plan, **plan_document_context(draft_plan)}
    html = render_to_string("plans/pdf/plan.html", context)

    assert 'Số: <span class="blank"></span>/KH-UBND' in html
    assert (
        'Cẩm Tân, ngày <span class="blank"></span> tháng <span class="blank"></span> năm 2023'
        in html
    )


def test_january_plan_pads_the_month(plan, poppler):
    plan.issue_date = date(2024, 1, 5)
    plan.number = 7
    plan.save(update_fields=["issue_date", "number"])

    text = squash(poppler.text(plan_pdf_bytes(plan), first=1, last=1))

    assert "Số: 07/KH-UBND" in text
    assert "Cẩm Tân, ngày 05 tháng 01 năm 2024" in text


def test_renderer_fetches_nothing_outside_static():
    fetcher = StaticFilesOnly()

    for url in ["file:///etc/passwd", "http://example.invalid/a.png", "https://example.invalid/"]:
        with pytest.raises(ValueError, match="outside static|disallowed protocol"):
            fetcher.fetch(url)
    font = STATIC_DIR / "fonts" / "LiberationSerif-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read(4) == b"\x00\x01\x00\x00"  # a TrueType file
