"""What each seed plan (../shared/seeds/) states that a plan drafted by the app should state too.

A fact is what the document says – counts, criteria and indicators, targets and figures,
deadlines, money, bases by number and date, bodies and persons with their duties, recipients,
signer, number – written as it should appear in the printed text. Each list is checked by
test_seed_facts.py against the PDF text of the plan drafted from the demo data (issue 18 asks
for 95 % of each list). Nothing here is invented: every fact is in the seed at the line given
in its comment ("l.35"). Where the seed misspells a name, the fact has the right spelling and
the comment says what the seed wrote.

A fact is a string (matched as a literal) or an `Rx` (a pattern, for alternatives, words in
any order, or a blank the draft leaves for the văn thư). Matching is done on the PDF text with
its whitespace squashed, ignoring case; in a literal, spaces match any whitespace, a hyphen or
dash may be missing or spaced (pdftotext drops the hyphen at a line end, and the seeds write
"-" and "–" for the same thing), "74%" matches "74 %" and a line may break after "/". What
the printed header does to the text (pdftotext reads its two columns interleaved) is allowed
for by `near`, which lets a few words stand between the parts.
"""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Rx:
    label: str  # the fact as the seed states it, printed when it is missing
    pattern: str  # a regular expression on the squashed text (re.IGNORECASE)


Fact = str | Rx

_PIECES = re.compile(r"(\s*[-–—]\s*|\s+|%|/|[\"“”])")


def lit(text: str) -> str:
    """The pattern of a literal fact (see the module's docstring)."""
    out = []
    for piece in _PIECES.split(unicodedata.normalize("NFC", text.strip())):
        if not piece:
            continue
        if piece.strip() and piece.strip() in "-–—":
            out.append(r"\s*[-–—]?\s*")
        elif piece.isspace():
            out.append(r"\s+")
        elif piece == "%":
            out.append(r"\s?%")
        elif piece == "/":
            out.append(r"/\s?")
        elif piece in '"“”':
            out.append('["“”]?')
        else:
            out.append(re.escape(piece))
    return "".join(out)


def alt(label: str, *texts: str) -> Rx:
    """One of several wordings (the seed's and the catalogue's name of a criterion …)."""
    return Rx(label, "(?:" + "|".join(lit(t) for t in texts) + ")")


def near(label: str, *parts: str, gap: int = 120) -> Rx:
    """The parts in this order with at most `gap` characters between them."""
    return Rx(label, f".{{0,{gap}}}?".join(lit(p) for p in parts))


def on(d: int, m: int, y: int) -> str:
    """A date as a plan may write it: «16/8/2016», «16/08/2016» or «16 tháng 8 năm 2016»."""
    return rf"(?:0?{d}/0?{m}/{y}|0?{d}\s+tháng\s+0?{m}\s+năm\s+{y})"


def any_order(label: str, head: str, names: list[str], tail: str = "") -> Rx:
    """ "Các xã Nam Đà, Đắk Sôr, Đắk Drô tiếp tục …" with the names in any order."""
    name = "(?:" + "|".join(lit(n) for n in names) + ")"
    names_rx = name + (r"(?:\s*(?:,|và)\s*" + name + f"){{{len(names) - 1}}}")
    return Rx(label, lit(head) + r"\s*" + names_rx + (r"\s*" + lit(tail) if tail else ""))


def squashed(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def found(fact: Fact, text: str) -> bool:
    """Whether the squashed text states the fact."""
    pattern = lit(fact) if isinstance(fact, str) else fact.pattern
    return re.search(pattern, text, re.IGNORECASE) is not None


def label(fact: Fact) -> str:
    return fact if isinstance(fact, str) else fact.label


# --- 000: UBND xã Cẩm Tân, củng cố tiêu chí 2023–2025 --------------------------------------

SEED_000: list[Fact] = [
    near("Số: /KH-UBND", "Số:", "/KH-UBND", gap=40),  # l.3 (the seed writes "/KH- UBND")
    near("Cẩm Tân, ngày tháng năm 2023", "Cẩm Tân, ngày", "năm 2023", gap=60),  # l.3
    "Thực hiện củng cố các tiêu chí chưa đạt và nâng cao chất lượng các tiêu chí đã đạt",  # l.7
    "giai đoạn 2023-2025 trên địa bàn xã Cẩm Tân",  # l.7
    "Thông báo số 81/TB-BCĐ ngày 10/7/2023",  # l.9, the basis of the plan
    "Để hoàn thành mục tiêu xây dựng NTM giai đoạn 2023-2025",  # l.11
    "có điểm bắt đầu, nhưng không có điểm kết thúc",  # l.21, a requirement
    "đạt chuẩn NTM, NTM nâng cao, NTM kiểu mẫu",  # l.23
    "nhất là các tiêu chí về y tế, môi trường, thu nhập",  # l.25
    # l.31 and l.35 give the 318/QĐ-TTg set as "giai đoạn 2022-2025" (issued 2022; the set's
    # own period is 2021-2025): either is the fact
    Rx(
        "đạt 19/19 tiêu chí xã NTM theo Bộ tiêu chí … giai đoạn 2022-2025",
        lit("19/19 tiêu chí xã NTM theo") + r".{0,80}?" + "(?:2021|2022)" + lit("-2025"),
    ),
    "Hiện tại xã đạt 10/19 tiêu chí",  # l.35
    "Còn lại 9 tiêu chí chưa đạt gồm",  # l.35
    "Tiêu chí số 5 (Trường học)",  # l.37
    "Tiêu chí số 6 (Cơ sở vật chất văn hóa)",  # l.38
    "Tiêu chí số 11 (Nghèo đa chiều)",  # l.39
    "Tiêu chí số 12 (Lao động)",  # l.40
    "Tiêu chí số 13 (Tổ chức sản xuất và phát triển kinh tế nông thôn)",  # l.41
    "Tiêu chí số 15 (Y tế)",  # l.42
    alt(  # l.43
        "Tiêu chí số 17 (Môi trường và ATTP)",
        "Tiêu chí số 17 (Môi trường và ATTP)",
        "Tiêu chí số 17 (Môi trường và an toàn thực phẩm)",
    ),
    "Tiêu chí số 18 (Hệ thống chính trị và tiếp cận pháp luật)",  # l.44
    "Tiêu chí số 19 (Quốc phòng và an ninh)",  # l.45
    "chưa có sản phẩm được chứng nhận VietGAP hoặc tương đương",  # l.41
    "chưa có nước sạch theo quy chuẩn",  # l.43
    "năm 2022 chính quyền xã không được xếp loại hoàn thành tốt nhiệm vụ",  # l.44, l.107
    # l.113 (l.45 says 2022, l.113 says the serious crime was in 2021: l.113 is the detail)
    near("Năm 2021 trên địa bàn xã có xảy ra trọng án", "Năm 2021", "trọng án", gap=40),
    "xét trong 3 năm liền kề",  # l.113
    "12,8 tỷ đồng",  # l.57, the school investment
    "công nhận lại chuẩn mức độ 1",  # l.57
    "trước 30/10/2023",  # l.57, l.61
    "dụng cụ vui chơi, giải trí và thể thao cho người cao tuổi và trẻ em",  # l.61
    "giao chỉ tiêu giảm nghèo cho các thôn",  # l.65
    "Vì người nghèo",  # l.67, the fund
    "ngân hàng chính sách XH",  # l.67
    "xuất khẩu lao động",  # l.69
    "từ 1 đến 2 lớp",  # l.77, vocational classes
    "Bánh lá Ánh Tâm",  # l.81, the OCOP product
    "OCOP 3 sao",  # l.81
    "QĐ 1300/QĐ-BYT",  # l.85
    "sổ khám chữa bệnh điện tử",  # l.87
    near("Thời gian hoàn thành: 10/2024", "Thời gian hoàn thành:", "10/2024", gap=10),  # l.89
    "17.1 (Tỷ lệ hộ được sử dụng nước sạch theo quy chuẩn)",  # l.93
    "chỉ tiêu 17.3",  # l.93
    "rãnh thoát nước có nắp đậy",  # l.99
    "tháng 12/2023",  # l.101
    "nhà máy nước sạch của huyện, tỉnh",  # l.103
    "chỉ tiêu 18.2",  # l.107 ("Chỉ tiêu xã chưa hoàn thành là 18.2")
    "chỉ tiêu 19.2",  # l.113
    "Công an cấp trên công nhận đạt tiêu chí Quốc phòng và an ninh",  # l.117
    "III. TỔ CHỨC THỰC HIỆN",  # l.119
    "2. Đối với các thôn",  # l.129
    "tường rào xanh",  # l.137, the villages' duties
    "Văn phòng điều phối NTM huyện",  # l.145
    "TT Đảng ủy, HĐND",  # l.146
    "Chủ tịch, các PCT UBND xã",  # l.147
    "MTTQ và các đoàn thể chính trị",  # l.148
    "Thành viên BCĐ các CT MTQG xã",  # l.149
    Rx("Lưu VT, NN", lit("Lưu") + ":?" + r"\s*" + lit("VT, NN")),  # l.151 (seed: no colon)
    "KT. CHỦ TỊCH",  # l.153 (seed: "KT.CHỦ TỊCH")
    "PHÓ CHỦ TỊCH",  # l.154
    "Trịnh Minh Chung",  # l.156
]

# --- 001: UBND huyện Krông Nô, kế hoạch năm 2022 ---------------------------------------------

KRONG_NO_NANG_CAO = ["Nam Đà", "Đắk Sôr", "Đắk Drô"]

SEED_001: list[Fact] = [
    near("Số: /KH-UBND", "Số:", "/KH-UBND", gap=60),  # l.3
    # l.5: "ngày tháng 4 năm 2022" – the month is written when the plan is issued
    near("Krông Nô, ngày tháng 4 năm 2022", "Krông Nô, ngày", "năm 2022", gap=80),
    "triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên địa bàn huyện Krông Nô năm 2022",  # l.9
    "Nghị quyết số 25/2021/QH15 ngày 28 tháng 7 năm 2021",  # l.11
    "Quyết định số 263/QĐ-TTg ngày 22 tháng 02 năm 2022",  # l.13
    "Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022",  # l.15
    "Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao giai đoạn 2021-2025",  # l.15
    "Nghị quyết số 12-NQ/TU ngày 16/12/2021 của Tỉnh ủy Đắk Nông",  # l.17
    "Nghị quyết số 205/NQ-HĐND ngày 21/12/2021",  # l.19
    "Quyết định số 5168/QĐ-UBND ngày 22/12/2021",  # l.21
    "1. Mục tiêu chung toàn huyện năm 2022",  # l.27
    "hoàn thành tổng cộng thêm 21 tiêu chí",  # l.29 (seed: "Phân đầu")
    "Các xã phấn đấu tăng từ 1 đến 2 tiêu chí trở lên",  # l.30 (seed: "phân đầu")
    Rx(
        "3 xã về đích nông thôn mới năm 2022", "0?3 " + lit("xã về đích nông thôn mới năm 2022")
    ),  # l.30
    "Số tiêu chí bình quân toàn huyện đạt 17,9 tiêu chí/xã",  # l.31
    "03 xã đạt 19 tiêu chí, 02 xã đạt 18 tiêu chí, 01 xã đạt 17 tiêu chí, 02 xã đạt 16 tiêu chí",  # l.31
    "2.1. Thực hiện tiêu chí xã nông thôn mới",  # l.35
    # l.37 (seed: "Năm Nung")
    "Xã Nâm Nung: 05 tiêu chí (Trường học; Nhà ở dân cư; Văn hóa; Hệ thống chính trị và tiếp cận pháp luật; Quốc phòng và an ninh)",
    # l.39 (seed: "Năm N'Đir")
    "Xã Nâm N'Đir: 04 tiêu chí (Trường học; Y tế; Hệ thống chính trị và tiếp cận pháp luật; Quốc phòng và an ninh)",
    "Xã Nam Xuân: 02 tiêu chí (Nhà ở dân cư; Hệ thống chính trị và tiếp cận pháp luật)",  # l.41
    "Xã Đức Xuyên: 03 tiêu chí (Y tế; Văn hóa; Hệ thống chính trị và tiếp cận pháp luật)",  # l.43
    # l.45 (seed: "Đắc Nang")
    "Xã Đắk Nang: 03 tiêu chí (Tổ chức sản xuất và phát triển kinh tế nông thôn; Môi trường và an toàn thực phẩm; Hệ thống chính trị và tiếp cận pháp luật)",
    alt(  # l.47
        "Xã Quảng Phú: 02 tiêu chí (Trường học; Môi trường và ATTP)",
        "Xã Quảng Phú: 02 tiêu chí (Trường học; Môi trường và ATTP)",
        "Xã Quảng Phú: 02 tiêu chí (Trường học; Môi trường và an toàn thực phẩm)",
    ),
    "Xã Tân Thành: 01 tiêu chí (Hệ thống chính trị và tiếp cận pháp luật)",  # l.49
    "Xã Buôn Choah: 01 tiêu chí (Hệ thống chính trị và tiếp cận pháp luật)",  # l.51
    "Ngoài các tiêu chí trên các xã tiếp tục thực hiện các tiêu chí",  # l.53
    "2.2. Thực hiện tiêu chí xã nông thôn mới nâng cao",  # l.55
    any_order(  # l.57 (seed: "Đắc Sôr, Đắc Drô")
        "Các xã Nam Đà, Đắk Sôr, Đắk Drô tiếp tục duy trì và thực hiện các tiêu chí nông thôn mới nâng cao",
        "Các xã",
        KRONG_NO_NANG_CAO,
        "tiếp tục duy trì và thực hiện các tiêu chí nông thôn mới nâng cao",
    ),
    "1. Nhiệm vụ, giải pháp chung",  # l.61
    "Kiện toàn Ban chỉ đạo các chương trình mục tiêu quốc gia",  # l.63
    "Krông Nô chung sức xây dựng nông thôn mới giai đoạn 2021-2025",  # l.65 (seed: "Không Nô")
    "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",  # l.65-67
    "Chương trình mỗi xã một sản phẩm OCOP",  # l.75
    "bảo hiểm y tế đạt từ 90% trở lên",  # l.81
    "5 không 3 sạch",  # l.83
    "trồng 1 tỷ cây xanh",  # l.83
    "2. Nhiệm vụ, giải pháp đối với các xã đã được công nhận đạt chuẩn nông thôn mới",  # l.89
    # l.97 (seed: "Năm N’Đir, Năm Nung")
    "3. Nhiệm vụ, giải pháp đối với các xã phấn đấu hoàn thành 19 tiêu chí vào cuối năm 2022",
    "Tổ công tác về chương trình mục tiêu quốc gia xây dựng nông thôn mới",  # l.113
    "Giao Phòng Tài chính - Kế hoạch chủ trì",  # l.115
    "Phòng Nông nghiệp và Phát triển nông thôn",  # l.115
    "phân bổ nguồn vốn Tỉnh hỗ trợ trực tiếp cho Chương trình",  # l.115
    "đánh giá sự hài lòng của người dân",  # l.117
    "Ban chỉ đạo, Ban quản lý xây dựng nông thôn mới các xã căn cứ kế hoạch này điều chỉnh kế hoạch",  # l.121
    near(  # l.123
        "Giao Văn phòng nông thôn mới huyện đôn đốc UBND các xã",
        "Giao Văn phòng nông thôn mới huyện",
        "đôn đốc UBND các xã",
        gap=15,
    ),
    "BCĐ các chương trình MTQG tỉnh",  # l.129 (seed: "BCD")
    "Văn phòng Điều phối NTM tỉnh",  # l.130
    "TT. Huyện ủy",  # l.131
    "TT. HĐND huyện",  # l.132
    "CT, các PCT UBND huyện",  # l.133
    "Các thành viên BCĐ huyện",  # l.134 (seed: "BCD")
    "Các thành viên tổ NTM huyện",  # l.135
    "Ủy ban MTTQ Việt Nam huyện",  # l.136
    "Các Phòng, Ban, ngành; đoàn thể",  # l.137
    "UBND các xã",  # l.138
    "Văn phòng NTM huyện",  # l.139
    "LĐ VP HĐND- UBND huyện",  # l.140
    "Lưu: VT",  # l.141
    "KT. CHỦ TỊCH",  # l.143
    "Nguyễn Xuân Danh",  # l.146, the signer
]

# --- 002: BCĐ huyện Cẩm Xuyên, xây dựng huyện đạt chuẩn NTM năm 2021 ---------------------------

SEED_002: list[Fact] = [
    # l.5: "Số: 07-KH/BCĐ" – the number is given when the plan is issued
    Rx("Số: 07-KH/BCĐ", r"Số:?\s*(?:07)?\s*" + lit("-KH/BCĐ")),
    near("Cẩm Xuyên, ngày 22 tháng 01 năm 2021", "Cẩm Xuyên, ngày", "năm 2021", gap=60),  # l.3
    Rx(  # l.8
        "Xây dựng huyện đạt chuẩn nông thôn mới năm 2021",
        lit("Xây dựng huyện") + r"(?:\s+Cẩm Xuyên)?\s+" + lit("đạt chuẩn nông thôn mới năm 2021"),
    ),
    "Đại hội đại biểu Đảng bộ huyện lần thứ XXXII",  # l.10
    "đô thị văn minh, giảm nghèo bền vững và mỗi xã một sản phẩm",  # l.10, the BCĐ's name
    "1. Chỉ tiêu kế hoạch",  # l.26
    "Hoàn thành bộ tiêu chí huyện nông thôn mới trong quý I/2021",  # l.28
    "100% số xã",  # l.29
    any_order(  # l.30
        "Chỉ đạo xây dựng xã nông thôn mới nâng cao: Cẩm Thành, Cẩm Lạc, Cẩm Quan, Cẩm Duệ, Cẩm Minh",
        "xã nông thôn mới nâng cao:",
        ["Cẩm Thành", "Cẩm Lạc", "Cẩm Quan", "Cẩm Duệ", "Cẩm Minh"],
    ),
    any_order(  # l.31
        "Chỉ đạo xây dựng xã nông thôn mới kiểu mẫu: Cẩm Bình, Cẩm Vịnh",
        "xã nông thôn mới kiểu mẫu:",
        ["Cẩm Bình", "Cẩm Vịnh"],
    ),
    "Quyết định 05 và Quyết định 28 của UBND tỉnh",  # l.39
    "Xây dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu",  # l.45
    "Thực hiện các tiêu chí huyện nông thôn mới",  # l.49
    Rx("a. Tiêu chí quy hoạch", r"[a-zđ][.)]\s*" + lit("Tiêu chí quy hoạch")),  # l.51
    "quy hoạch vùng huyện",  # l.53
    "tháng 1/2021",  # l.53
    "Phạm Hoàng Anh – Phó Chủ tịch UBND huyện, phó Ban chỉ đạo",  # l.57
    "Trần Ngọc Quang - Trưởng phòng KTHT",  # l.57
    Rx("b. Tiêu chí Giao thông", r"[a-zđ][.)]\s*" + lit("Tiêu chí Giao thông")),  # l.59
    "ĐH 124, đường Cẩm Dương – Cẩm Thịnh",  # l.61 (and ĐH 133)
    "trước ngày 10/2/2021",  # l.61
    "khởi công trong tháng 2/2021",  # l.63
    "tháng 6/2021",  # l.63, l.69
    "Nguyễn Thanh Phong – Trưởng Ban QLDA huyện",  # l.65
    Rx(  # l.67
        "c. Tiêu chí Văn hóa – Giáo dục - Y tế",
        r"[a-zđ][.)]\s*" + lit("Tiêu chí Văn hóa – Giáo dục - Y tế"),
    ),
    "Phạm Văn Thắng – Phó chủ tịch UBND huyện",  # l.71
    "Phạm Danh Cường – Giám đốc TTVHHTT",  # l.73
    "Trần Huy Nghĩa – Giám đốc TTYT",  # l.73
    "Nguyễn Thị Xuân Hoàng – Trưởng phòng GD&ĐT",  # l.73
    Rx("d. Tiêu chí Sản xuất", r"[a-zđ][.)]\s*" + lit("Tiêu chí Sản xuất")),  # l.75
    "trên 10% các sản phẩm chủ lực của huyện: Lúa, Lạc, Lợn, Rau màu, tôm",  # l.79
    "trước 31/3/2021",  # l.81, l.93
    "Lê Ngọc Hà – Phó Chủ tịch UBND huyện",  # l.83
    "Lê Văn Danh – Trưởng phòng NN&PTNT",  # l.83
    Rx("e. Tiêu chí Môi trường", r"[a-zđ][.)]\s*" + lit("Tiêu chí Môi trường")),  # l.85
    "thoát nước cụm công nghiệp Bắc Cẩm Xuyên",  # l.87
    "bao vỏ thuốc BVTV",  # l.89
    "Biện Văn Thanh – Phó trưởng phòng TN&MT",  # l.95
    Rx(  # l.97
        "f. Tiêu chí An ninh trật tự xã hội",
        r"[a-zđ][.)]\s*" + lit("Tiêu chí An ninh trật tự xã hội"),
    ),
    "camera giám sát an ninh",  # l.97
    "tháng 4/2021",  # l.99, l.111
    "Phan Ngọc Tố - Trưởng Công an huyện",  # l.101
    "Lộ trình xây dựng hồ sơ trình thẩm định huyện đạt chuẩn nông thôn mới",  # l.103
    "Trình hồ sơ đề nghị UBND tỉnh thẩm định",  # l.109
    "trước ngày 10/4/2021",  # l.109
    "Lấy phiếu hài lòng của người dân",  # l.111
    "Phòng Tài chính - Kế hoạch: Chủ trì",  # l.131
    "Ban quản lý dự án huyện và các chủ đầu tư",  # l.133
    "Ban Thường vụ Huyện ủy",  # l.137
    "lựa chọn ít nhất 1 đơn vị để ra quân",  # l.145
    "Hội LHPN huyện: phối hợp thực hiện tiêu chí môi trường",  # l.147
    "Hội Nông dân huyện: phối hợp thực hiện tiêu chí sản xuất",  # l.149
    "Huyện đoàn: phối hợp xây dựng các tuyến đường mẫu",  # l.151
    "Hội CCB huyện",  # l.153
    "Liên đoàn Lao động huyện",  # l.155
    "TT Huyện ủy",  # l.161
    "Các thành viên BCĐ xây dựng NTM huyện",  # l.163 (seed: "BCD")
    "Các phòng, ban, ngành, đoàn thể cấp huyện",  # l.164
    "BCĐNTM, UBND các xã, thị trấn",  # l.166 (seed: "BCDNTM")
    "BÍ THƯ HUYỆN ỦY",  # l.169, the signer
]

# --- 003: UBND xã Song Vân, kế hoạch năm 2024 ------------------------------------------------

SEED_003: list[Fact] = [
    # number and date are given when the plan is issued: a draft's blanks count
    near("Số: 30/KH-UBND", "Số:", "/KH-UBND", gap=60),  # l.3
    near("Song Vân, ngày 05 tháng 3 năm 2024", "Song Vân, ngày", "năm 2024", gap=80),  # l.5
    "Thực hiện Chương trình mục tiêu Quốc gia xây dựng Nông thôn mới xã Song Vân, năm 2024",  # l.7-8
    "Kế hoạch số 73/KH-UBND ngày 07/4/2021",  # l.10
    "Kế hoạch số 48/KH-UBND ngày 26/02/2024",  # l.10
    "UBND xã Song Vân xây dựng Kế hoạch thực hiện Chương trình MTQG xây dựng Nông thôn mới năm 2024",  # l.10
    "Đại hội đại biểu Đảng bộ xã lần thứ XXIII (nhiệm kỳ 2020-2025)",  # l.14
    "tiến tới xã nông thôn mới nâng cao, thôn nông thôn mới kiểu mẫu",  # l.16
    "Sử dụng có hiệu quả các nguồn vốn, phát huy nội lực của cộng đồng dân cư",  # l.20
    "Tiếp tục giữ vững, nâng cao chất lượng các tiêu chí đã đạt",  # l.26
    "các chỉ tiêu phát triển kinh tế xã hội năm 2024",  # l.28
    Rx("2. Nhiệm vụ và giải pháp", r"\d\.\s*" + lit("Nhiệm vụ và giải pháp")),  # l.30
    "thôn NTM kiểu mẫu",  # l.32, l.34
    "Quý IV/2024",  # l.36
    "thôn Hoàng Vân",  # l.36
    "thôn Tân Lập",  # l.36
    "dự án mở rộng trường Mầm non xã Song Vân",  # l.40
    "khu dân cư Bờ Phoi- thôn Đông Lai",  # l.40
    "Sau Nộm- thôn Bùi",  # l.40
    "Bánh Gio Vân Song Vân chủ thể Đoàn Bá Thái",  # l.42, the OCOP product
    "OCOP- Ba sao cấp huyện",  # l.42
    "Duy trì, nâng cao chất lượng đối với từng tiêu chí nông thôn mới",  # l.44
    "duy trì 100% hộ sử dụng điện",  # l.56
    "phổ cập giáo dục tiểu học và THCS mức độ 3",  # l.58
    "xóa mù chữ mức độ 2",  # l.58
    "54 triệu đồng/người/năm",  # l.68
    "lao động qua đào tạo đạt 74%",  # l.72
    "khoa học kỹ thuật đạt trên 70%",  # l.72
    "dưa bao tử, ngô ngọt, khoai tây",  # l.74
    "BHYT đạt trên 99,6%",  # l.76
    "100% dịch vụ công trực tuyến",  # l.78
    "100% đạt chuẩn tiếp cận pháp luật",  # l.80
    "Tân Yên chung sức xây dựng Nông thôn mới",  # l.90
    "Hình thức khen thưởng",  # l.96
    "10 triệu đồng/thôn",  # l.96, the reward
    "kinh phí sự nghiệp nông nghiệp huyện năm 2024",  # l.98
    "Văn phòng UBND xã (Cơ quan Thường trực BCĐ xã)",  # l.102 (seed: "BCD")
    "Song Vân chung sức xây dựng nông thôn mới giai đoạn 2022-2025",  # l.102
    "Công chức Tài chính- kế toán",  # l.104
    "Công chức Địa chính- NN- Xây dựng- MT",  # l.106
    "Công chức Văn hóa- xã hội",  # l.108
    "Kế hoạch số 405/KH-UBND ngày 26/10/2020",  # l.108 (seed: "405/KHUBND")
    "Đề án số 216/ĐA-UBND ngày 31/7/2020",  # l.108
    "Kế hoạch tổng thể số 4035/KH-BCĐ ngày 10/9/2020",  # l.108
    "Mặt trận Tổ quốc và các tổ chức chính trị- xã hội xã",  # l.112
    "Các ngành thành viên BCĐ NTM xã",  # l.116 (seed: "BCD")
    "Các thôn trong toàn xã",  # l.118 (numbered 8. after 6. in the seed)
    "xong trước ngày 05/4/2024",  # l.120
    "Quyết định số 11/2018/QĐ-UBND ngày 15/5/2018",  # l.122
    "Quyết định Số 20/2023/QĐ-UBND",  # l.122
    "xong trước ngày 01/4/2024",  # l.122
    "TT. ĐU-HĐND, UBND, UBMTTQ xã (b/c)",  # l.128
    "BCĐ NTM xã",  # l.129 (seed: "BCD")
    "13 thôn",  # l.130
    "Bản điện tử",  # l.132
    "BCĐ NTM huyện",  # l.134 (seed: "BCD")
    "Lưu: VT",  # l.135
    "CHỦ TỊCH",  # l.137
    "Dương Văn Mùa",  # l.139, the signer
]

# --- 004: Đảng ủy xã Thiện Kế, kế hoạch năm 2020 -----------------------------------------------

SEED_004: list[Fact] = [
    "Chương trình mục tiêu Quốc gia xây dựng nông thôn mới xã Thiện Kế",  # l.2
    "xã Thiện Kế, huyện Sơn Dương năm 2020",  # l.2
    Rx(  # l.5 (the date in either of the forms plans write it)
        "Quyết định số 1600/QĐ-TTg ngày 16/8/2016",
        lit("Quyết định số 1600/QĐ-TTg ngày") + r"\s+" + on(16, 8, 2016),
    ),
    Rx(  # l.5 (the seed writes the number without its symbol)
        "Quyết định số 1980 ngày 17/10/2016",
        lit("Quyết định số 1980") + r"(?:/\s?QĐ\s*-?\s*TTg)?\s+ngày\s+" + on(17, 10, 2016),
    ),
    "Bộ tiêu chí Quốc gia về xã nông thôn mới giai đoạn 2016 - 2020",  # l.5
    "Nghị quyết số 27-NQ/TU ngày 23/11/2011",  # l.6
    "Nghị quyết Đại hội Đảng bộ huyện Sơn Dương lần thứ XX",  # l.7
    "Đảng ủy xã Thiện Kế xây dựng kế hoạch",  # l.8, the issuer
    "Phụ trách chung, chịu trách nhiệm toàn diện các tiêu chí",  # l.9
    "Bí thư Đảng ủy làm Trưởng ban chỉ đạo",  # l.10
    "Chủ tịch UBND xã làm Phó Ban chỉ đạo",  # l.11
    "Dương Đăng Lâm",  # l.12
    "Công chức địa chính, xây dựng",  # l.12
    "Rà soát thực trạng toàn bộ các tiêu chí",  # l.13
    "tháng 2/2020",  # l.15
    "Nhiệm vụ, giải pháp đối với các tiêu chí chưa đạt",  # l.16
    Rx("6,4 km đạt 24,62%", lit("6,4 km") + ",?" + r"\s+" + lit("đạt 24,62%")),  # l.19
    near(
        "cần xây dựng thêm 6,9 km để đạt trên 50%", "thêm 6,9 km", "để đạt trên 50%", gap=40
    ),  # l.19
    "Trương Minh Đăng",  # l.20
    "HTX liên kết",  # l.21
    near("BHYT là 90,5%", "BHYT", "90,5%", gap=20),  # l.23
    near("suy dinh dưỡng thể thấp còi 12,8%", "thấp còi", "12,8%", gap=5),  # l.23
    Rx("Chủ tịch phụ nữ xã", lit("Chủ tịch") + r"\s+(?:Hội\s+)?" + lit("phụ nữ xã")),  # l.23
    "quỹ đất công ích 5%",  # l.24
    "Diệp Thanh Trường",  # l.25
    "Mặt trận Tổ quốc xã chủ trì",  # l.26
    "ngày 10, 20, 30",  # l.29
    "đường hoa, đèn chiếu sáng",  # l.30
    "thành lập tổ thu gom rác thải đưa về bãi rác",  # l.31
    "Đối với các tiêu chí đã đạt cần điều chỉnh, củng cố nâng cao chất lượng",  # l.32
    "Trạm y tế nằm kẹp giữa 3 trường học",  # l.34 (seed: "kẹp giữ")
    "8 điểm trường",  # l.34
    "Nguyễn Bá Sơn",  # l.35
    "14 thôn",  # l.36
    near(
        "Tiêu chí Thủy lợi: đ/c Trương Minh Đăng chủ trì, đ/c Hà Văn Bình thực hiện",  # l.47
        "Thủy lợi",
        "Trương Minh Đăng chủ trì",
        "Hà Văn Bình thực hiện",
        gap=160,
    ),
    near("Tiêu chí Điện: đ/c Ôn Văn Ba", "tiêu chí Điện", "Ôn Văn Ba", gap=160),  # l.48
    near(  # l.49
        "Tiêu chí Cơ sở hạ tầng thương mại: đ/c Hoàng Thanh Trì",
        "Cơ sở hạ tầng thương mại",
        "Hoàng Thanh Trì",
        gap=160,
    ),
    near(  # l.50
        "Tiêu chí Thông tin truyền thông: đ/c Hoàng Thanh Trì",
        "Thông tin truyền thông",
        "Hoàng Thanh Trì",
        gap=160,
    ),
    near(
        "Tiêu chí Nhà ở: đ/c Trần Quốc Thành", "tiêu chí Nhà ở", "Trần Quốc Thành", gap=160
    ),  # l.51
    near(
        "Tiêu chí Thu nhập: đ/c Lê Ngọc Đông", "tiêu chí Thu nhập", "Lê Ngọc Đông", gap=160
    ),  # l.52
    near(
        "Tiêu chí Hộ nghèo: đ/c Diệp Xuân Chính", "tiêu chí Hộ nghèo", "Diệp Xuân Chính", gap=160
    ),  # l.53
    near(  # l.54
        "Tiêu chí Lao động, việc làm: đ/c Vũ Văn Quyết",
        "Lao động, việc làm",
        "Vũ Văn Quyết",
        gap=160,
    ),
    near(  # l.55
        "Tiêu chí Giáo dục, đào tạo: đ/c Phan Thị Bình",
        "Giáo dục, đào tạo",
        "Phan Thị Bình",
        gap=160,
    ),
    near(
        "Tiêu chí Văn hóa: đ/c Nguyễn Bá Sơn", "tiêu chí Văn hóa", "Nguyễn Bá Sơn", gap=160
    ),  # l.56
    near(  # l.57
        "Tiêu chí Hệ thống chính trị và tiếp cận pháp luật: Phạm Ngọc Điệp, đ/c Nguyễn Thị Lệ",
        "Hệ thống chính trị và tiếp cận pháp luật",
        "Phạm Ngọc Điệp",
        "Nguyễn Thị Lệ",
        gap=160,
    ),
    near(  # l.58
        "Tiêu chí An ninh: đ/c Trần Văn Kháng, đ/c Ôn Văn Chung, Dương Thị Phương",
        "tiêu chí An ninh",
        "Trần Văn Kháng",
        "Ôn Văn Chung",
        "Dương Thị Phương",
        gap=160,
    ),
    Rx("V. TỔ CHỨC THỰC HIỆN", r"[IVX]+\.\s*" + lit("TỔ CHỨC THỰC HIỆN")),  # l.59
    "Hàng tháng, quý báo cáo tình hình thực hiện",  # l.62, the reporting duty
    "Thường trực Đảng ủy chủ trì",  # l.63
    "các Chi bộ đảng, đảng viên và nhân dân",  # l.64
]

SEEDS: dict[str, tuple[str, list[Fact]]] = {
    "000": ("Cẩm Tân", SEED_000),
    "001": ("Krông Nô", SEED_001),
    "002": ("Cẩm Xuyên", SEED_002),
    "003": ("Song Vân", SEED_003),
    "004": ("Thiện Kế", SEED_004),
}
