"""Hypothesis strategies for what people (and attackers) type: text with control characters,
right-to-left marks, very long strings, Vietnamese in composed and decomposed form, markup and
spreadsheet formulas; numbers and dates in every shape."""

import unicodedata
from datetime import date

from hypothesis import strategies as st

VIETNAMESE = [
    "Xã Cẩm Tân",
    "Đạt chuẩn nông thôn mới nâng cao",
    "Trịnh Minh Chung – Phó Chủ tịch UBND xã",
    "Tỷ lệ hộ được sử dụng nước sạch ≥ 50 %",
    "Ngân sách xã: 500.000.000; Xã hội hóa: 120.000.000",
    "Chủ trì: Đ/c Trần Ngọc Quang – Trưởng phòng KTHT",
]
PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% debug %}",
    '=HYPERLINK("http://evil.example/";"bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "'; DROP TABLE units_unit; --",
    "../../etc/passwd",
    "\u202eexe.fdp",  # right-to-left override
    "\u200fمرحبا\u200e Cẩm Tân",  # RTL / LTR marks around Arabic
    "\x00null\x00",
    "\ufeffBOM ở đầu",
    "a\r\nb\rc\nd\t",
    "𝒳😀👨‍👩‍👧",
    "%s %d %(name)s {0}",
    "1e999999",
    "NaN",
    "-0",
    " ",
    "",
]
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    ["\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\u200e", "\u200f", "\u202a", "\u202e", "\ufeff"]
)


def _decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.sampled_from(VIETNAMESE),
    st.sampled_from(VIETNAMESE).map(_decomposed),
    st.text(max_size=80),
    st.text(CONTROL, min_size=1, max_size=20),
    st.lists(st.sampled_from(PAYLOADS + VIETNAMESE) | st.text(max_size=10), max_size=6).map(
        "".join
    ),
    st.text(st.sampled_from("aăâđêôơưẢẤỆ <>&\"'=+-@\n"), min_size=300, max_size=9000),
)

hostile_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.sampled_from(["12,5", "1.000.000,5", "62,50", "100,0001", "0,00001", "1e3", "١٢", "½"]),
    hostile_text,
)

hostile_date = st.one_of(
    st.dates(min_value=date(1, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["31/02/2023", "00/00/0000", "29/02/2023", "1/1/99999", "tháng 13/2023"]),
    hostile_text,
)

# What an .xlsx cell may hold: openpyxl refuses control characters in strings (XML forbids
# them), so those are left to the form tests.
_cell_text = hostile_text.map(lambda s: "".join(ch for ch in s if ch >= " " or ch in "\t\n\r"))
hostile_cell = st.one_of(
    st.none(),
    _cell_text,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
)
