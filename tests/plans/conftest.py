"""Plans in the database (factories below) and poppler helpers that read real PDF bytes.

`poppler` gives pdftotext / pdffonts / pdfinfo. Without poppler-utils the tests that need it
are skipped locally, but fail when CI=true or NTM_REQUIRE_BROWSER=1 (as tests/browser does for
Chromium), so CI cannot go green without reading the PDFs back.
"""

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import factory
import pytest
from factory.django import DjangoModelFactory

from plans.models import Plan, PlanBasis, PlanRecipient, PlanSection

SEED_TITLE = (
    "Thực hiện củng cố các tiêu chí chưa đạt và nâng cao chất lượng các tiêu chí đã đạt "
    "trong bộ tiêu chí Quốc gia về xây dựng nông thôn mới giai đoạn 2023-2025 "
    "trên địa bàn xã Cẩm Tân"
)
MISSING_POPPLER = "poppler-utils không có trên máy này: cài gói Debian 'poppler-utils' (pdftotext, pdffonts, pdfinfo)"
TABLE_HEADER = "| STT | Nhiệm vụ | Người phụ trách | Thời hạn |"
TABLE_ROWS = 60


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    issuer = Plan.Issuer.UBND
    kind = Plan.Kind.CONSOLIDATE
    year_start = 2023
    year_end = 2025
    body_lines = "ỦY BAN NHÂN DÂN / XÃ CẨM TÂN"
    symbol = "KH-UBND"
    place = "Cẩm Tân"
    title = SEED_TITLE
    opening = (
        "Thực hiện Thông báo số 81/TB-BCĐ ngày 10/7/2023 thông báo Kết luận của đồng chí "
        "Bí thư Huyện uỷ, Chủ tịch HĐND huyện - Trưởng Ban chỉ đạo thực hiện các Chương trình "
        "MTQG huyện tại Hội nghị sơ kết Chương trình MTQG xây dựng nông thôn mới 6 tháng đầu "
        "năm 2023.\n"
        "Để hoàn thành mục tiêu xây dựng NTM giai đoạn 2023-2025, Ủy ban nhân dân xã Cẩm Tân "
        "xây dựng Kế hoạch với các nội dung sau:"
    )
    closing = (
        "Trên đây là Kế hoạch thực hiện củng cố các tiêu chí chưa đạt và nâng cao chất lượng "
        "các tiêu chí đã đạt trên địa bàn xã Cẩm Tân, đề nghị các ban, ngành đoàn thể, các "
        "thôn theo chức năng, nhiệm vụ được giao tổ chức thực hiện hoàn thành các mục tiêu, "
        "chỉ tiêu theo Kế hoạch đã đề ra./."
    )
    authority_lines = "KT. CHỦ TỊCH"
    signer_title = "PHÓ CHỦ TỊCH"
    signer_name = "Trịnh Minh Chung"


class PlanBasisFactory(DjangoModelFactory):
    class Meta:
        model = PlanBasis

    order = factory.Sequence(int)
    text = "Căn cứ Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ"


class PlanSectionFactory(DjangoModelFactory):
    class Meta:
        model = PlanSection

    order = factory.Sequence(int)
    level = PlanSection.Level.KHOAN
    heading = ""
    body = ""


class PlanRecipientFactory(DjangoModelFactory):
    class Meta:
        model = PlanRecipient

    order = factory.Sequence(int)
    text = "Các thôn"


def task_table(rows: int = TABLE_ROWS) -> str:
    lines = [TABLE_HEADER, "|---|---|---|---|"]
    lines += [
        f"| {i} | Nhiệm vụ số {i:02d}: rà soát, hoàn thiện hồ sơ tiêu chí | Công chức phụ trách {i} | 30/10/2023 |"
        for i in range(1, rows + 1)
    ]
    return "\n".join(lines)


SECTIONS = [
    ("muc", "I. MỤC ĐÍCH, YÊU CẦU", ""),
    (
        "khoan",
        "1. Mục đích",
        "Triển khai Chương trình gắn với thực hiện có hiệu quả cơ cấu lại ngành nông nghiệp, "
        "phát triển kinh tế nông thôn; xây dựng nông thôn mới có kết cấu hạ tầng kinh tế - xã "
        "hội đồng bộ; các giá trị văn hoá ở nông thôn được giữ gìn và phát huy.",
    ),
    (
        "khoan",
        "2. Yêu cầu",
        "- Xây dựng NTM là quá trình lâu dài, thường xuyên và liên tục, “*có điểm bắt đầu, "
        "nhưng không có điểm kết thúc*”.\n"
        "- Tập trung chỉ đạo thực hiện các Bộ tiêu chí NTM ở xã, thôn.\n"
        "+ Đạt chuẩn NTM, NTM nâng cao, NTM kiểu mẫu.",
    ),
    ("muc", "II. KẾ HOẠCH THỰC HIỆN", ""),
    (
        "khoan",
        "4.1. Tiêu chí 5, Trường học:",
        "UBND xã đã đầu tư kinh phí xây dựng các hạng mục công trình cho trường Tiểu học và "
        "trường THCS; tổng nguồn vốn đầu tư là **12,8 tỷ đồng**, hoàn thành trước 30/10/2023.",
    ),
    (
        "khoan",
        "4.7. Tiêu chí Môi trường và an toàn thực phẩm:",
        "Chỉ tiêu xã chưa đạt là 17.1 (Tỷ lệ hộ được sử dụng nước sạch theo quy chuẩn) và "
        "chỉ tiêu 17.3.\n- Riêng chỉ tiêu 17.1: Xã chờ dự án nhà máy nước sạch của huyện, tỉnh.",
    ),
    ("khoan", "5. Phân công nhiệm vụ", "Các nhiệm vụ cụ thể như sau:\n" + task_table()),
    ("muc", "III. TỔ CHỨC THỰC HIỆN", ""),
    (
        "text",
        "",
        "1. Các đồng chí công chức chuyên môn, các ban, ngành liên quan chủ động phối hợp "
        "tham mưu, chỉ đạo thực hiện tốt các mục tiêu, chỉ tiêu đã đề ra.",
    ),
]
HEADINGS = [heading for _, heading, _ in SECTIONS if heading]
RECIPIENTS = [
    "Văn phòng Điều phối NTM huyện (để b/c)",
    "TT Đảng ủy, HĐND xã (để b/c)",
    "Chủ tịch, các PCT UBND xã",
    "MTTQ và các đoàn thể chính trị",
    "Các thôn",
    "Lưu: VT, NN",
]


def make_plan(unit, *, sections=SECTIONS, **kwargs) -> Plan:
    plan = PlanFactory(unit=unit, **kwargs)
    for level, heading, body in sections:
        PlanSectionFactory(plan=plan, level=level, heading=heading, body=body)
    for text in RECIPIENTS:
        PlanRecipientFactory(plan=plan, text=text)
    return plan


@pytest.fixture
def plan(commune_a):
    """Seed 000 (UBND xã Cẩm Tân), registered: Số 30, dated 05/3/2024; long enough for 3+ pages."""
    plan = make_plan(commune_a, number=30, issue_date=date(2024, 3, 5))
    PlanBasisFactory(plan=plan, text="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;")
    PlanBasisFactory(plan=plan)
    return plan


@pytest.fixture
def draft_plan(commune_a):
    """An unsigned draft: no number, no date, year 2023 – the văn thư fills the blanks."""
    return make_plan(commune_a, number=None, issue_date=None, sections=SECTIONS[:3])


# --- poppler ------------------------------------------------------------------------------


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


class Poppler:
    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self._count = 0

    def _file(self, data: bytes) -> Path:
        self._count += 1
        path = self.tmp_path / f"document-{self._count}.pdf"
        path.write_bytes(data)
        return path

    def _run(self, *args) -> str:
        result = subprocess.run(args, check=True, capture_output=True, text=True, timeout=60)  # noqa: S603
        return result.stdout

    def text(
        self, pdf: bytes, *, first: int | None = None, last: int | None = None, raw=False
    ) -> str:
        """The PDF's text as laid out on the page; `raw`: in the order it was written (a
        table's cells row by row, as the DOCX holds them, not line by line across cells)."""
        pages = []
        if first:
            pages += ["-f", str(first)]
        if last:
            pages += ["-l", str(last)]
        if raw:
            pages.append("-raw")
        return self._run(shutil.which("pdftotext"), "-enc", "UTF-8", *pages, self._file(pdf), "-")

    def pages(self, pdf: bytes, *, raw=False) -> list[str]:
        """Text per page (pdftotext separates pages with a form feed)."""
        return self.text(pdf, raw=raw).split("\f")[:-1]

    def fonts(self, pdf: bytes) -> list[dict]:
        lines = self._run(shutil.which("pdffonts"), self._file(pdf)).splitlines()[2:]
        fonts = []
        for line in lines:
            # name type encoding emb sub uni object ID; "type" may contain a space
            parts = line.split()
            fonts.append({"name": parts[0], "emb": parts[-5], "line": line})
        return fonts

    def info(self, pdf: bytes) -> dict[str, str]:
        output = self._run(shutil.which("pdfinfo"), self._file(pdf))
        return {
            key.strip(): value.strip()
            for key, _, value in (line.partition(":") for line in output.splitlines())
        }


@pytest.fixture
def poppler(tmp_path):
    missing = [tool for tool in ("pdftotext", "pdffonts", "pdfinfo") if not shutil.which(tool)]
    if missing:
        message = f"{MISSING_POPPLER} – thiếu {', '.join(missing)}"
        if _flag("CI") or _flag("NTM_REQUIRE_BROWSER"):
            pytest.fail(f"{message} [CI=true / NTM_REQUIRE_BROWSER=1]", pytrace=False)
        pytest.skip(message)
    return Poppler(tmp_path)


def squash(text: str) -> str:
    """One space between words, so wrapped and justified lines compare as one string."""
    return " ".join(text.split())
