"""plans/render.py: what the printed plan shows, read in a constant number of queries."""

from datetime import date

from django.template import Context, Template

from plans.models import Plan, PlanSection
from plans.render import (
    TEXT_WIDTH_PT,
    Recipient,
    column_widths,
    plan_document,
    plan_document_context,
    plan_filename,
    text_width_pt,
)
from plans.text import parse_body

from .conftest import (
    HEADINGS,
    PlanBasisFactory,
    PlanFactory,
    PlanRecipientFactory,
    PlanSectionFactory,
    make_plan,
)


def test_header_values_are_ready_for_the_templates(plan):
    doc = plan_document(plan)

    assert doc.body_lines == ["ỦY BAN NHÂN DÂN", "XÃ CẨM TÂN"]
    assert doc.parent_body == ""
    assert doc.number_line == "Số: 30/KH-UBND"
    assert doc.date_line == "Cẩm Tân, ngày 05 tháng 3 năm 2024"
    assert doc.authority_lines == ["KT. CHỦ TỊCH"]
    assert (doc.signer_title, doc.signer_name) == ("PHÓ CHỦ TỊCH", "Trịnh Minh Chung")
    assert [section.heading for section in doc.sections if section.heading] == HEADINGS


def test_draft_has_blank_number_and_date_in_the_plans_first_year(draft_plan):
    doc = plan_document(draft_plan)

    assert (doc.number, doc.day, doc.month, doc.year) == ("", "", "", 2023)
    assert doc.number_line == "Số: /KH-UBND"


def test_numbers_below_ten_and_january_get_a_leading_zero(commune_a):
    plan = PlanFactory(unit=commune_a, number=5, issue_date=date(2024, 1, 9))
    doc = plan_document(plan)

    assert doc.number_line == "Số: 05/KH-UBND"
    assert doc.date_line == "Cẩm Tân, ngày 09 tháng 01 năm 2024"


def test_header_and_signature_lines_are_capitals(commune_a):
    plan = PlanFactory(
        unit=commune_a,
        parent_body="UBND xã Cẩm Tân",
        body_lines="Ban Chỉ đạo\nxây dựng nông thôn mới",
        authority_lines="KT. Trưởng ban",
        signer_title="Phó Trưởng ban",
    )
    doc = plan_document(plan)

    assert doc.parent_body == "UBND XÃ CẨM TÂN"
    assert doc.body_lines == ["BAN CHỈ ĐẠO", "XÂY DỰNG NÔNG THÔN MỚI"]
    assert doc.authority_lines == ["KT. TRƯỞNG BAN"]
    assert doc.signer_title == "PHÓ TRƯỞNG BAN"


def test_bases_end_with_semicolons_and_the_last_with_a_full_stop(commune_a):
    plan = PlanFactory(unit=commune_a)
    PlanBasisFactory(plan=plan, text="Căn cứ Nghị quyết số 25/2021/QH15.")
    PlanBasisFactory(plan=plan, text="Căn cứ Quyết định số 263/QĐ-TTg")
    PlanBasisFactory(plan=plan, text="Căn cứ Quyết định số 318/QĐ-TTg;  ")

    assert plan_document(plan).bases == [
        "Căn cứ Nghị quyết số 25/2021/QH15;",
        "Căn cứ Quyết định số 263/QĐ-TTg;",
        "Căn cứ Quyết định số 318/QĐ-TTg.",
    ]


def test_recipients_get_dashes_semicolons_and_a_final_full_stop(commune_a):
    plan = PlanFactory(unit=commune_a)
    for text in ["- TT Đảng ủy, HĐND (để b/c);", "Các thôn", "Bản điện tử:", "Lưu VT, NN."]:
        PlanRecipientFactory(plan=plan, text=text)

    assert plan_document(plan).recipients == [
        Recipient("- TT Đảng ủy, HĐND (để b/c);"),
        Recipient("- Các thôn;"),
        Recipient("Bản điện tử:", is_label=True),
        Recipient("- Lưu: VT, NN."),  # the colon the seeds sometimes forget
    ]


def test_closing_ends_with_the_end_mark(commune_a):
    for closing, expected in [
        ("Trên đây là Kế hoạch của UBND xã.", "Trên đây là Kế hoạch của UBND xã./."),
        ("Trên đây là Kế hoạch của UBND xã", "Trên đây là Kế hoạch của UBND xã./."),
        ("Trên đây là Kế hoạch của UBND xã./.", "Trên đây là Kế hoạch của UBND xã./."),
    ]:
        plan = PlanFactory(unit=commune_a, closing=closing)
        assert plan_document(plan).closing[-1].text == expected


def test_text_sections_have_no_heading_and_muc_headings_are_capitals(commune_a):
    plan = PlanFactory(unit=commune_a)
    PlanSectionFactory(plan=plan, level=PlanSection.Level.MUC, heading="III. Tổ chức thực hiện")
    PlanSectionFactory(plan=plan, level=PlanSection.Level.TEXT, heading="bỏ qua", body="Nội dung.")

    muc, text = plan_document(plan).sections
    assert muc.heading == "III. TỔ CHỨC THỰC HIỆN"
    assert (text.heading, text.blocks[0].text) == ("", "Nội dung.")


def test_document_context_takes_three_queries_however_long_the_plan(
    plan, commune_a, django_assert_num_queries
):
    longer = make_plan(commune_a)
    for i in range(20):
        PlanSectionFactory(plan=longer, heading=f"{i}. Mục thêm", body="- một\n- hai\n|a|b|\n|1|2|")
        PlanRecipientFactory(plan=longer, text=f"Thôn {i}")
        PlanBasisFactory(plan=longer)

    for each in (plan, longer):
        fresh = Plan.objects.get(pk=each.pk)
        with django_assert_num_queries(3):  # bases, sections, recipients
            context = plan_document_context(fresh)
        assert len(context["doc"].sections) >= 9


def test_document_context_reuses_prefetched_rows(plan, django_assert_num_queries):
    fresh = Plan.objects.prefetch_related("bases", "sections", "recipients").get(pk=plan.pk)

    with django_assert_num_queries(0):
        plan_document_context(fresh)


def test_file_names(plan, draft_plan):
    assert plan_filename(plan, "pdf") == "ke-hoach-30-kh-ubnd-2023.pdf"
    assert plan_filename(draft_plan, "docx") == f"du-thao-ke-hoach-{draft_plan.pk}.docx"


def test_text_width_uses_times_new_roman_metrics():
    # Liberation Serif 2 has Times New Roman's advance widths: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
    # VIỆT NAM" is 88.3 mm wide at 12 pt bold (spec §2).
    width_mm = text_width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True) / 72 * 25.4
    assert 88 < width_mm < 88.6


def test_column_widths_give_short_columns_room_for_their_words():
    (table,) = parse_body(
        "| STT | Nhiệm vụ | Thời hạn |\n"
        "| 1 | Rà soát, hoàn thiện hồ sơ minh chứng các tiêu chí chưa đạt của xã trong năm"
        " 2023 và đề nghị huyện thẩm định | 30/10/2023 |"
    )
    widths, fits = column_widths(table)

    assert fits
    assert round(sum(widths)) == 100
    stt, task, deadline = (share * TEXT_WIDTH_PT / 100 for share in widths)
    assert stt >= text_width_pt("STT", 12, bold=True) + 8.75
    assert deadline >= text_width_pt("30/10/2023", 12) + 8.75
    assert task > stt + deadline


def test_column_widths_report_words_too_long_for_the_page():
    (table,) = parse_body("| a | b |\n| " + "x" * 200 + " | " + "y" * 200 + " |")

    widths, fits = column_widths(table)
    assert not fits
    assert widths == (50.0, 50.0)


def test_template_filters_escape_runs():
    (block,) = parse_body("**<b>đậm</b>** và *<i>nghiêng</i>* <script>alert(1)</script>")
    html = Template("{% load van_ban %}{{ runs|runs }}|{{ day|ngay_thang_nam }}").render(
        Context({"runs": block.runs, "day": date(2024, 3, 5)})
    )

    assert html == (
        "<strong>&lt;b&gt;đậm&lt;/b&gt;</strong> và <em>&lt;i&gt;nghiêng&lt;/i&gt;</em> "
        "&lt;script&gt;alert(1)&lt;/script&gt;|ngày 05 tháng 3 năm 2024"
    )
