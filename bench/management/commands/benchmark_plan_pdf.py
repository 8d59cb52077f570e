"""Time the PDF (and DOCX) of a large district plan: 30 communes, 200 tasks in tables.

    python manage.py benchmark_plan_pdf [--runs 5] [--communes 30] [--tasks 200]
    python manage.py benchmark_plan_pdf --at-bound

--at-bound times instead the heaviest plans that may still be printed, one per shape of
text (prose, very long paragraphs, one-word lines, tables, bold and italic), each weighing
just under plans.render.PDF_MAX_WEIGHT: the figures that bound is chosen from.

Everything it creates (a synthetic province, district and communes, marked is_synthetic, and
the plan) lives inside one transaction that is rolled back at the end, so the database is left
as it was. Prints the query count of plans.render.plan_document, the first (cold) render and
the median and maximum of the timed renders, the page count and the size of the files.
"""

import logging
import statistics
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from common.numbers import number_vi
from common.text import fold
from plans import render
from plans.models import Plan, PlanRecipient, PlanSection
from units.models import Unit

PROSE = (
    "Triển khai Chương trình gắn với thực hiện có hiệu quả cơ cấu lại ngành nông nghiệp, phát "
    "triển kinh tế nông thôn; xây dựng nông thôn mới toàn diện, bền vững; nâng cao đời sống."
)
# Shapes of text that cost the most per character, one line each (repeated to the bound)
SHAPES = [
    ("văn xuôi / prose", " ".join([PROSE] * 4)),
    ("đoạn rất dài / long paragraphs", " ".join([PROSE] * 200)),
    ("dòng một chữ / one-word lines", "- Xã"),
    ("bảng / table rows", "| 1 | Rà soát, hoàn thiện hồ sơ tiêu chí | Công chức | 30/10/2024 |"),
    ("ô một chữ / one-letter cells", "|" + "|".join("a" * 12) + "|"),
    ("đậm, nghiêng / bold, italic", "**đậm** *nghiêng* chữ " * 5),
]

CRITERIA = [
    "Quy hoạch",
    "Giao thông",
    "Thủy lợi và phòng, chống thiên tai",
    "Điện",
    "Trường học",
    "Cơ sở vật chất văn hóa",
    "Cơ sở hạ tầng thương mại nông thôn",
    "Thông tin và Truyền thông",
    "Nhà ở dân cư",
    "Thu nhập",
    "Nghèo đa chiều",
    "Lao động",
    "Tổ chức sản xuất và phát triển kinh tế nông thôn",
    "Giáo dục và Đào tạo",
    "Văn hóa",
    "Y tế",
    "Môi trường và an toàn thực phẩm",
    "Hệ thống chính trị và tiếp cận pháp luật",
    "Quốc phòng và An ninh",
]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Đo thời gian xuất PDF/DOCX của một kế hoạch huyện lớn (dữ liệu giả lập, không lưu lại)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs", type=int, default=5, help="số lần xuất PDF được đo (mặc định 5)"
        )
        parser.add_argument("--communes", type=int, default=30, help="số xã (mặc định 30)")
        parser.add_argument("--tasks", type=int, default=200, help="số nhiệm vụ (mặc định 200)")
        parser.add_argument("--output", help="ghi PDF của lần cuối ra tệp này để xem")
        parser.add_argument(
            "--at-bound",
            action="store_true",
            help="đo các kế hoạch nặng sát giới hạn in PDF_MAX_WEIGHT, mỗi dạng văn bản một",
        )

    def handle(self, *args, runs, communes, tasks, output, at_bound=False, **options):
        if runs < 1 or communes < 1 or tasks < 0:
            raise CommandError("--runs và --communes phải từ 1 trở lên, --tasks không âm.")
        # WeasyPrint logs every layout step at INFO; keep the figures readable
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                if at_bound:
                    self._at_bound()
                else:
                    self._run(runs=runs, communes=communes, tasks=tasks, output=output)
                raise Rollback
        except Rollback:
            self.stdout.write("Đã hoàn tác dữ liệu giả lập / synthetic data rolled back.")

    def _run(self, *, runs, communes, tasks, output):
        # imported here, after the log level is set: WeasyPrint logs its own stylesheets
        from plans.docx import plan_docx_bytes
        from plans.pdf import plan_pdf_bytes, plan_pdf_document
        from plans.render import plan_document

        plan = build_district_plan(communes=communes, tasks=tasks)
        with CaptureQueriesContext(connection) as queries:
            plan_document(Plan.objects.get(pk=plan.pk))  # nothing cached: the real queries
        self.stdout.write(f"plan_document: {len(queries) - 1} truy vấn / queries (+1 for the plan)")
        weight = render.document_weight(render.plan_document(Plan.objects.get(pk=plan.pk)))
        self.stdout.write(
            f"Trọng lượng / weight: {number_vi(weight, 0)} "
            f"(giới hạn in / print bound {number_vi(render.PDF_MAX_WEIGHT, 0)})"
        )

        timings, cpu = [], []
        for run in range(runs + 1):  # run 0 is cold: templates, fonts, CSS parsed first
            fresh = Plan.objects.get(pk=plan.pk)
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = plan_pdf_bytes(fresh)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            self.stdout.write(f"  lần {run}: {timings[-1]:.2f} s (CPU {cpu[-1]:.2f} s)")
        started = time.perf_counter()
        docx = plan_docx_bytes(Plan.objects.get(pk=plan.pk))
        docx_seconds = time.perf_counter() - started
        if output:
            with open(output, "wb") as file:
                file.write(pdf)

        cold, timed = timings[0], timings[1:]
        self.stdout.write(f"Kế hoạch: {communes} xã, {tasks} nhiệm vụ, {runs} lần đo")
        self.stdout.write(f"PDF lần đầu (cold): {cold:.2f} s")
        self.stdout.write(
            f"PDF median: {statistics.median(timed):.2f} s, max: {max(timed):.2f} s "
            f"(CPU median {statistics.median(cpu[1:]):.2f} s; wall time grows when other "
            "processes share the CPU)"
        )
        pages = len(plan_pdf_document(Plan.objects.get(pk=plan.pk)).pages)
        self.stdout.write(f"PDF: {pages} trang / pages, {len(pdf) / 1024:.0f} KiB")
        self.stdout.write(f"DOCX: {docx_seconds:.2f} s, {len(docx) / 1024:.0f} KiB")

    def _at_bound(self):
        from plans.docx import plan_docx_bytes
        from plans.pdf import plan_pdf_bytes

        bound = render.PDF_MAX_WEIGHT
        self.stdout.write(f"Giới hạn in / print bound: {number_vi(bound, 0)}")
        plan_pdf_bytes(build_plan_of(" ".join([PROSE] * 4), weight=2_000))  # warm: fonts, CSS
        for label, line in SHAPES:
            plan = build_plan_of(line, weight=bound)
            weight = render.document_weight(render.plan_document(plan))
            figures = []
            for make in (plan_pdf_bytes, plan_docx_bytes):
                started, started_cpu = time.perf_counter(), time.process_time()
                make(Plan.objects.get(pk=plan.pk))
                wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
                figures.append(f"{wall:5.2f} s (CPU {cpu:5.2f} s)")
            self.stdout.write(
                f"  {label:<32} {number_vi(weight, 0):>8}: PDF {figures[0]}, DOCX {figures[1]}"
            )


def build_plan_of(line: str, *, weight: int) -> Plan:
    """A plan of one unit whose sections repeat `line`, as heavy as `weight` without passing it."""
    tag = uuid.uuid4().hex[:8]
    unit = Unit.objects.create(
        kind=Unit.Kind.PROVINCE,
        code=f"benchmark-{tag}-tinh",
        prefix="Tỉnh",
        name="Thử Nghiệm",
        is_synthetic=True,
    )
    plan = Plan.objects.create(
        unit=unit,
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.BLANK,
        year_start=2024,
        year_end=2024,
        body_lines="ỦY BAN NHÂN DÂN / TỈNH THỬ NGHIỆM",
        place="Thử Nghiệm",
        title="Kế hoạch đo thời gian in (dữ liệu giả lập)",
    )
    frame = render.document_weight(render.plan_document(Plan.objects.get(pk=plan.pk)))
    count = max(1, (weight - frame) // render.text_weight(line))
    limit = PlanSection._meta.get_field("body").max_length
    lines_per_section = max(1, limit // (len(line) + 1))
    bodies = [
        "\n".join([line] * min(lines_per_section, count - start))
        for start in range(0, count, lines_per_section)
    ]
    while bodies and frame + sum(map(render.text_weight, bodies)) > weight:  # no headings
        bodies[-1] = bodies[-1].rpartition("\n")[0]  # drop lines until it fits
        bodies = [b for b in bodies if b]
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, order=order, level=PlanSection.Level.TEXT, body=body)
        for order, body in enumerate(bodies)
    )
    return Plan.objects.get(pk=plan.pk)


def build_district_plan(*, communes: int, tasks: int) -> Plan:
    tag = uuid.uuid4().hex[:8]
    province = Unit.objects.create(
        kind=Unit.Kind.PROVINCE,
        code=f"benchmark-{tag}-tinh",
        prefix="Tỉnh",
        name="Thử Nghiệm",
        is_synthetic=True,
    )
    district = Unit.objects.create(
        kind=Unit.Kind.DISTRICT,
        code=f"benchmark-{tag}-huyen",
        prefix="Huyện",
        name="Thử Nghiệm",
        parent=province,
        province=province,
        is_synthetic=True,
    )
    names = [f"Thử Nghiệm {i:02d}" for i in range(1, communes + 1)]
    Unit.objects.bulk_create(
        Unit(
            kind=Unit.Kind.COMMUNE,
            code=f"benchmark-{tag}-xa-{i:02d}",
            prefix="Xã",
            name=name,
            search_name=fold(f"Xã {name}"),
            parent=district,
            province=province,
            is_synthetic=True,
        )
        for i, name in enumerate(names, start=1)
    )
    plan = Plan.objects.create(
        unit=district,
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2024,
        year_end=2024,
        body_lines="ỦY BAN NHÂN DÂN / HUYỆN THỬ NGHIỆM",
        place="Thử Nghiệm",
        title=(
            "Triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới "
            "trên địa bàn huyện Thử Nghiệm năm 2024"
        ),
        opening=(
            "Ủy ban nhân dân huyện ban hành Kế hoạch triển khai thực hiện Chương trình mục "
            "tiêu quốc gia về xây dựng nông thôn mới trên địa bàn huyện năm 2024 (dữ liệu giả "
            "lập để đo thời gian xuất văn bản). Cụ thể như sau:"
        ),
        closing=(
            "Trên đây là Kế hoạch triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng "
            "nông thôn mới năm 2024, yêu cầu các phòng, ban, ngành và UBND các xã tập trung tổ "
            "chức thực hiện."
        ),
        authority_lines="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn Thử",
    )
    targets = ["| STT | Xã | Số tiêu chí đạt 2023 | Phấn đấu 2024 | Tiêu chí phấn đấu đạt thêm |"]
    for i, name in enumerate(names, start=1):
        extra = "; ".join(CRITERIA[(i + k) % len(CRITERIA)] for k in range(3))
        targets.append(f"| {i} | {name} | {12 + i % 7} | {14 + i % 6} | {extra} |")
    sections = [
        ("muc", "I. MỤC TIÊU", ""),
        (
            "khoan",
            "1. Mục tiêu chung toàn huyện năm 2024",
            "- Phấn đấu hoàn thành tổng cộng thêm **45 tiêu chí**;\n"
            "- Số tiêu chí bình quân toàn huyện đạt 17,9 tiêu chí/xã trở lên.",
        ),
        ("khoan", "2. Mục tiêu cụ thể cho từng xã", "\n".join(targets)),
        ("muc", "II. NHIỆM VỤ, GIẢI PHÁP", ""),
    ]
    per_commune = [tasks // communes + (1 if i < tasks % communes else 0) for i in range(communes)]
    number = 0
    for i, (name, count) in enumerate(zip(names, per_commune, strict=True), start=1):
        rows = ["| STT | Nhiệm vụ | Tiêu chí | Người phụ trách | Thời hạn | Kinh phí |"]
        for k in range(1, count + 1):
            number += 1
            criterion = CRITERIA[number % len(CRITERIA)]
            rows.append(
                f"| {k} | Rà soát, hoàn thiện hồ sơ minh chứng và tổ chức thực hiện nhiệm vụ "
                f"số {number} | {criterion} | Công chức phụ trách {criterion.lower()} | "
                f"{10 + k % 3}/2024 | {number_vi(k * 150_000_000)} đồng |"
            )
        body = f"UBND xã {name} chủ trì thực hiện các nhiệm vụ sau:\n" + "\n".join(rows)
        sections.append(("khoan", f"2.{i}. Xã {name}", body))
    sections.append(("muc", "III. TỔ CHỨC THỰC HIỆN", ""))
    sections.append(
        (
            "text",
            "",
            "1. Căn cứ các nội dung của Kế hoạch này, các phòng, ban, ngành có liên quan chủ "
            "động xây dựng kế hoạch cụ thể để tổ chức thực hiện.",
        )
    )
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, order=order, level=level, heading=heading, body=body)
        for order, (level, heading, body) in enumerate(sections)
    )
    recipients = ["BCĐ các chương trình MTQG tỉnh", "TT. Huyện ủy", "TT. HĐND huyện"]
    recipients += ["CT, các PCT UBND huyện", "UBND các xã", "Lưu: VT"]
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=plan, order=order, text=text) for order, text in enumerate(recipients)
    )
    return plan
