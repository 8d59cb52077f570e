"""The text model of section bodies (plans/text.py): plain text in, blocks of runs out."""

import unicodedata
from datetime import date

import pytest

from plans.text import (
    Paragraph,
    Run,
    Table,
    markup_problems,
    ngay_thang_nam,
    ngay_vi,
    parse_body,
    parse_inline,
    split_lines,
)


def marks(runs):
    return [(run.text, run.bold, run.italic) for run in runs]


def test_each_non_empty_line_is_a_paragraph():
    blocks = parse_body("Dòng một.\n\n   \nDòng hai.  \r\nDòng ba.")

    assert [block.text for block in blocks] == ["Dòng một.", "Dòng hai.", "Dòng ba."]
    assert all(isinstance(block, Paragraph) and block.bullet == "" for block in blocks)


def test_empty_body_has_no_blocks():
    assert parse_body("") == []
    assert parse_body(None) == []
    assert parse_body("\n \n\t\n") == []


def test_dash_and_plus_lines_stay_literal_bullets():
    blocks = parse_body(
        "- Tiêu chí số 5 (Trường học);\n+ Trường Tiểu học;\n-Không phải gạch đầu dòng"
    )

    assert [(block.text, block.bullet) for block in blocks] == [
        ("- Tiêu chí số 5 (Trường học);", "-"),
        ("+ Trường Tiểu học;", "+"),
        ("-Không phải gạch đầu dòng", ""),
    ]


def test_bold_and_italic_are_the_only_marks():
    runs = parse_inline("thôn **Hoàng Vân**, “*có điểm bắt đầu*” và __không__ `mã`")

    assert marks(runs) == [
        ("thôn ", False, False),
        ("Hoàng Vân", True, False),
        (", “", False, False),
        ("có điểm bắt đầu", False, True),
        ("” và __không__ `mã`", False, False),
    ]


def test_marks_nest():
    assert marks(parse_inline("**a *b* c**")) == [
        ("a ", True, False),
        ("b", True, True),
        (" c", True, False),
    ]
    assert marks(parse_inline("*a **b** c*")) == [
        ("a ", False, True),
        ("b", True, True),
        (" c", False, True),
    ]
    assert marks(parse_inline("***cả hai***")) == [("cả hai", True, True)]


@pytest.mark.parametrize(
    "text",
    [
        "5 * 3 = 15",
        "2*3*4",
        "OCOP 3*, 4*",
        "** không đậm **",
        "*chưa đóng",
        "**",
        "****",
    ],
)
def test_stray_asterisks_stay_as_typed(text):
    assert marks(parse_inline(text)) == [(text, False, False)]


def test_star_bullet_with_italic_label_as_in_seed_003():
    runs = parse_inline("* *Giao thông:* Ưu tiên nguồn lực")

    assert marks(runs) == [
        ("* ", False, False),
        ("Giao thông:", False, True),
        (" Ưu tiên nguồn lực", False, False),
    ]


def test_html_is_kept_as_plain_text():
    blocks = parse_body("<script>alert(1)</script> và <b>x</b>\n| <i>ô</i> |")

    assert blocks[0].runs == (Run("<script>alert(1)</script> và <b>x</b>"),)
    assert blocks[1].header == ((Run("<i>ô</i>"),),)


def test_pipe_lines_form_a_table_with_a_header_row():
    blocks = parse_body(
        "Các nhiệm vụ:\n"
        "| STT | Nhiệm vụ | Thời hạn |\n"
        "|:---|---|---:|\n"
        "| 1 | Lắp đặt dụng cụ **vui chơi** | 30/10/2023 |\n"
        "| 2 | Mở lớp đào tạo nghề\n"
        "Dự kiến hoàn thành vào tháng 12/2023."
    )

    assert [type(block) for block in blocks] == [Paragraph, Table, Paragraph]
    table = blocks[1]
    assert table.columns == 3
    assert [marks(cell) for cell in table.header] == [
        [("STT", False, False)],
        [("Nhiệm vụ", False, False)],
        [("Thời hạn", False, False)],
    ]
    assert len(table.rows) == 2  # the separator row is not a row
    assert marks(table.rows[0][1]) == [
        ("Lắp đặt dụng cụ ", False, False),
        ("vui chơi", True, False),
    ]
    assert table.rows[1][2] == ()  # short rows are padded with empty cells


def test_a_blank_line_ends_a_table():
    blocks = parse_body("|a|b|\n|1|2|\n\n|c|d|\n|3|4|")

    assert [type(block) for block in blocks] == [Table, Table]
    assert blocks[1].header == ((Run("c"),), (Run("d"),))


def test_separator_rows_alone_stay_the_lines_typed():
    blocks = parse_body("Bảng:\n|---|:---:|\nHết.")

    assert [type(block) for block in blocks] == [Paragraph, Paragraph, Paragraph]
    assert blocks[1].text == "|---|:---:|"


def test_a_table_of_separator_rows_only_is_named():
    assert markup_problems("Bảng:\n|---|---|\n| :---: |") == [
        "Bảng ở dòng 2: chỉ có dòng kẻ “|---|”, không có ô nào để in. Thêm dòng tiêu đề và các "
        "dòng của bảng, hoặc bỏ dòng kẻ."
    ]


def test_text_is_normalised_to_nfc_and_control_characters_dropped():
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    (block,) = parse_body(decomposed + "\x00\x0b\x1b")

    assert block.text == "Ủy ban nhân dân"
    assert unicodedata.is_normalized("NFC", block.text)


def test_split_lines_on_slash_or_newline():
    assert split_lines("ỦY BAN NHÂN DÂN / XÃ CẨM TÂN") == ["ỦY BAN NHÂN DÂN", "XÃ CẨM TÂN"]
    assert split_lines("TM. ỦY BAN NHÂN DÂN\r\nKT. CHỦ TỊCH\n") == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
    ]
    assert split_lines("HĐND-UBND/VP") == ["HĐND-UBND/VP"]  # a slash without spaces stays
    assert split_lines("") == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"),
        (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (date(2024, 2, 26), "ngày 26 tháng 02 năm 2024"),
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2023, 10, 30), "ngày 30 tháng 10 năm 2023"),
    ],
)
def test_ngay_thang_nam_pads_day_and_months_one_and_two(day, expected):
    assert ngay_thang_nam(day) == expected


def test_dates_in_the_body_use_the_same_padding():
    assert ngay_vi(date(2024, 3, 5)) == "05/3/2024"
    assert ngay_vi(date(2024, 2, 26)) == "26/02/2024"


@pytest.mark.parametrize(
    "text",
    [
        "**a *b* c**",
        "OCOP 3*, 4*\n5 * 3\n** không đậm **\n**\n****",
        "* *Giao thông:* Ưu tiên nguồn lực",
        "| Xã | Hiện trạng |\n|---|:---:|\n| Cẩm Tân | 10/19 |\n\n| một | bảng | khác |",
        "| a | b |\n| c | d",  # the closing pipe may be left out
    ],
)
def test_markup_that_closes_or_opens_nothing_has_no_problem(text):
    assert markup_problems(text) == []


def test_markup_left_open_is_named_by_line():
    text = "Mở đầu\n**đậm chưa đóng\nthường *nghiêng\n| a | b |\n| c |\n| d | e | f |"
    assert markup_problems(text) == [
        "Dòng 2: “**” mở chữ đậm nhưng không có “**” đóng lại. Thêm dấu đóng ngay sau chữ cần "
        "đậm, hoặc bỏ dấu “*”.",
        "Dòng 3: “*” mở chữ nghiêng nhưng không có “*” đóng lại. Thêm dấu đóng ngay sau chữ cần "
        "nghiêng, hoặc bỏ dấu “*”.",
        "Bảng ở dòng 4: dòng 5 có 1 ô, dòng tiêu đề có 2 ô. Mỗi dòng của bảng cần cùng số ô, ngăn "
        "bằng dấu “|”.",
    ]
