"""Time the PDF of an annual plan at 30 and 170 communes, beside LibreOffice converting its DOCX.

    python manage.py benchmark_plan_pdf [--runs 5] [--lo-runs 3] [--no-libreoffice]
    python manage.py benchmark_plan_pdf --communes 170         one size only
    python manage.py benchmark_plan_pdf --communes 30 --tasks 200   a plan of task tables
    python manage.py benchmark_plan_pdf --at-bound

By default it times, in one run, the annual plan ("Kế hoạch năm") as plans.drafting_district
drafts it for a district of 30 communes and for a province of 170 (the rows "PDF kế hoạch năm"
of docs/benchmarks.md): the target criteria of each commune as one line, the communes finishing
the year and those working to the advanced set named in a paragraph, the table of communes by
count of criteria met (plans.drafting_district.count_table). --tasks N builds instead a plan with a table of tasks per commune (N tasks).

For each plan: the query count of plans.render.plan_document, the first (cold) WeasyPrint
render and the median and maximum of --runs more, the page count and the size, the DOCX, and
LibreOffice (`soffice --headless --convert-to pdf`, what an office would otherwise use)
converting that same DOCX: its first conversion with a new profile (cold) and the median of
--lo-runs more, each a new soffice process. Without soffice on the PATH that column says so.

--at-bound times instead the heaviest plans that may still be printed, one per shape of
text (prose, very long paragraphs, one-word lines, tables, bold and italic), each weighing
just under plans.render.PDF_MAX_WEIGHT: the figures that bound is chosen from.

Everything it creates (a synthetic province, district and communes, marked is_synthetic, and
the plan) lives inside one transaction that is rolled back at the end, so the database is left
as it was. Wall time grows when other processes share the CPU: compare medians of several runs.
"""

import logging
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from common.numbers import number_vi
from common.text import fold
from plans import render
from plans.drafting_district import COUNT_TABLE_HEADING, count_table
from plans.models import Plan, PlanBasis, PlanRecipient, PlanSection
from units.models import Unit

DEFAULT_SIZES = (30, 170)  # a district of the largest province; the largest province (2025)

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
    help = (
        "Đo thời gian xuất PDF kế hoạch năm 30 và 170 xã (dữ liệu giả lập, không lưu lại), "
        "bên cạnh LibreOffice chuyển DOCX của cùng kế hoạch."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs", type=int, default=5, help="số lần xuất PDF được đo (mặc định 5)"
        )
        parser.add_argument(
            "--communes",
            type=int,
            help="số xã; mặc định đo cả 30 và 170 xã trong một lần chạy",
        )
        parser.add_argument(
            "--tasks",
            type=int,
            help="kế hoạch gồm bảng nhiệm vụ của từng xã, tổng cộng N nhiệm vụ (thay cho dự thảo)",
        )
        parser.add_argument(
            "--lo-runs",
            type=int,
            default=3,
            help="số lần LibreOffice chuyển DOCX sang PDF được đo, sau lần đầu (mặc định 3)",
        )
        parser.add_argument(
            "--no-libreoffice",
            action="store_true",
            help="không đo LibreOffice",
        )
        parser.add_argument("--output", help="ghi PDF của lần cuối ra tệp này để xem")
        parser.add_argument(
            "--at-bound",
            action="store_true",
            help="đo các kế hoạch nặng sát giới hạn in PDF_MAX_WEIGHT, mỗi dạng văn bản một",
        )

    def handle(self, *args, runs, communes, tasks, output, at_bound=False, **options):
        lo_runs = options.get("lo_runs", 3)
        if runs < 1 or (communes is not None and communes < 1) or (tasks or 0) < 0:
            raise CommandError("--runs và --communes phải từ 1 trở lên, --tasks không âm.")
        if lo_runs < 0:
            raise CommandError("--lo-runs không âm.")
        soffice = None if options.get("no_libreoffice") else find_soffice()
        # WeasyPrint logs every layout step at INFO; keep the figures readable
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        try:
            with transaction.atomic():
                if at_bound:
                    self._at_bound()
                else:
                    sizes = [communes] if communes is not None else list(DEFAULT_SIZES)
                    rows = [
                        self._run(
                            runs=runs,
                            communes=size,
                            tasks=tasks,
                            output=output,
                            soffice=soffice,
                            lo_runs=lo_runs,
                            libreoffice=not options.get("no_libreoffice"),
                        )
                        for size in sizes
                    ]
                    self._summary(rows, runs=runs, lo_runs=lo_runs)
                raise Rollback
        except Rollback:
            self.stdout.write("Đã hoàn tác dữ liệu giả lập / synthetic data rolled back.")

    def _run(self, *, runs, communes, tasks, output, soffice, lo_runs, libreoffice):
        # imported here, after the log level is set: WeasyPrint logs its own stylesheets
        from plans.docx import plan_docx_bytes
        from plans.pdf import plan_pdf_bytes, plan_pdf_document
        from plans.render import plan_document

        if tasks is None:
            plan = build_annual_plan(communes=communes)
            label = f"Kế hoạch: {communes} xã (dự thảo kế hoạch năm), {runs} lần đo"
        else:
            plan = build_district_plan(communes=communes, tasks=tasks)
            label = f"Kế hoạch: {communes} xã, {tasks} nhiệm vụ, {runs} lần đo"
        self.stdout.write(f"== {label}")
        with CaptureQueriesContext(connection) as queries:
            plan_document(Plan.objects.get(pk=plan.pk))  # nothing cached: the real queries
        self.stdout.write(f"plan_document: {len(queries) - 1} truy vấn / queries (+1 for the plan)")
        weight = render.document_weight(render.plan_document(Plan.objects.get(pk=plan.pk)))
        self.stdout.write(
            f"Trọng lượng / weight: {number_vi(weight, 0)} "
            f"(giới hạn in / print bound {number_vi(render.PDF_MAX_WEIGHT, 0)})"
        )

        timings, cpu = [], []
        for run in range(runs + 1):  # run 0 is cold for the first plan: templates, fonts, CSS
            fresh = Plan.objects.get(pk=plan.pk)
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = plan_pdf_bytes(fresh)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            self.stdout.write(f"  lần {run}: {timings[-1]:.3f} s (CPU {cpu[-1]:.3f} s)")
        started = time.perf_counter()
        docx = plan_docx_bytes(Plan.objects.get(pk=plan.pk))
        docx_seconds = time.perf_counter() - started
        if output:
            with open(output, "wb") as file:
                file.write(pdf)

        cold, timed = timings[0], timings[1:]
        self.stdout.write(label)
        self.stdout.write(f"PDF lần đầu (cold): {cold:.3f} s")
        self.stdout.write(
            f"PDF median: {statistics.median(timed):.3f} s, max: {max(timed):.3f} s "
            f"(CPU median {statistics.median(cpu[1:]):.3f} s; wall time grows when other "
            "processes share the CPU)"
        )
        pages = len(plan_pdf_document(Plan.objects.get(pk=plan.pk)).pages)
        self.stdout.write(f"PDF: {pages} trang / pages, {len(pdf) / 1024:.0f} KiB")
        self.stdout.write(f"DOCX: {docx_seconds:.3f} s, {len(docx) / 1024:.0f} KiB")
        row = {
            "communes": communes,
            "pages": pages,
            "cold": cold,
            "median": statistics.median(timed),
            "max": max(timed),
            "lo": None,
        }
        if not libreoffice:
            return row
        if soffice is None:
            self.stdout.write("LibreOffice: không có soffice / soffice not found, bỏ qua / skipped")
            return row
        try:
            lo = time_libreoffice(soffice, docx, runs=lo_runs)
        except (OSError, subprocess.SubprocessError, RuntimeError) as error:
            self.stdout.write(f"LibreOffice: lỗi / failed, bỏ qua / skipped ({error})")
            return row
        row["lo"] = lo
        median = f"{statistics.median(lo[1:]):.3f} s" if len(lo) > 1 else "–"
        self.stdout.write(
            f"LibreOffice DOCX → PDF: lần đầu (cold) {lo[0]:.3f} s, median {median} "
            f"({len(lo) - 1} lần, mỗi lần một tiến trình soffice / one soffice process each)"
        )
        return row

    def _summary(self, rows, *, runs, lo_runs):
        self.stdout.write("")
        self.stdout.write(
            f"| xã | trang | WeasyPrint cold | median ({runs}) | max | "
            f"LibreOffice cold | median ({lo_runs}) |"
        )
        self.stdout.write("|--:|--:|--:|--:|--:|--:|--:|")
        for row in rows:
            lo = row["lo"]
            if lo is None:
                lo_cells = "– | –"
            else:
                lo_median = f"{statistics.median(lo[1:]) * 1000:.0f} ms" if len(lo) > 1 else "–"
                lo_cells = f"{lo[0] * 1000:.0f} ms | {lo_median}"
            self.stdout.write(
                f"| {row['communes']} | {row['pages']} | {row['cold'] * 1000:.0f} ms | "
                f"{row['median'] * 1000:.0f} ms | {row['max'] * 1000:.0f} ms | {lo_cells} |"
            )

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


def find_soffice() -> str | None:
    """LibreOffice's command line (Debian libreoffice-writer-nogui: soffice, libreoffice)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def time_libreoffice(soffice: str, docx: bytes, *, runs: int) -> list[float]:
    """Seconds for `soffice --headless --convert-to pdf` of `docx`: the first with a new user
    profile (what a first conversion on a fresh machine costs), then `runs` more reusing it."""
    seconds = []
    with tempfile.TemporaryDirectory(prefix="benchmark-lo-") as tmp:
        folder = Path(tmp)
        source = folder / "ke-hoach.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        for _ in range(runs + 1):
            started = time.perf_counter()
            # our own argument list, no shell
            subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603
            seconds.append(time.perf_counter() - started)
            result = folder / "out" / "ke-hoach.pdf"
            if not result.exists() or result.stat().st_size == 0:
                raise RuntimeError("soffice wrote no PDF")
            result.unlink()
    return seconds


def _province(tag: str) -> Unit:
    return Unit.objects.create(
        kind=Unit.Kind.PROVINCE,
        code=f"benchmark-{tag}-tinh",
        prefix="Tỉnh",
        name="Thử Nghiệm",
        is_synthetic=True,
    )


def _communes(tag: str, parent: Unit, province: Unit, count: int, *, digits: int) -> list[str]:
    """`count` synthetic communes under `parent`; their names, in order."""
    names = [f"Thử Nghiệm {i:0{digits}d}" for i in range(1, count + 1)]
    Unit.objects.bulk_create(
        Unit(
            kind=Unit.Kind.COMMUNE,
            code=f"benchmark-{tag}-xa-{i:0{digits}d}",
            prefix="Xã",
            name=name,
            search_name=fold(f"Xã {name}"),
            parent=parent,
            province=province,
            is_synthetic=True,
        )
        for i, name in enumerate(names, start=1)
    )
    return names


def build_annual_plan(*, communes: int) -> Plan:
    """The annual plan as plans.drafting_district.draft_district_annual drafts it for a unit of
    `communes` communes (a district up to 2025, a province after): the same sections, lines and
    table, with figures that vary from commune to commune like the synthetic country's."""
    tag = uuid.uuid4().hex[:8]
    province = _province(tag)
    names = _communes(tag, province, province, communes, digits=5)
    rows = []  # (name, met now, criteria numbers added this year)
    for i, name in enumerate(names, start=1):
        now = 12 + (i * 7) % 8  # 12..19 of 19
        adding = [] if i % 5 == 3 else [1 + (i * k * 5) % 19 for k in range(1, 1 + i % 3 + 1)]
        adding = sorted(set(adding))[: 19 - now]  # never more than the criteria not met
        rows.append((name, now, adding))
    finishing = [(n, a) for n, now, a in rows if a and now < 19 <= now + len(a)]
    higher = [n for i, (n, now, _a) in enumerate(rows) if now == 19 and i % 3 == 0]
    general = [
        f"- Phấn đấu hoàn thành tổng cộng thêm {sum(len(a) for _n, _now, a in rows)} tiêu chí;",
        f"- {len(finishing):02d} xã về đích nông thôn mới năm 2025: "
        + ", ".join(f"{n} phấn đấu đạt {len(a):02d} tiêu chí" for n, a in finishing)
        + ";",
        f"- Số tiêu chí bình quân toàn tỉnh đạt {number_vi(17.9, 1)} tiêu chí/xã trở lên.",
    ]
    per_commune = [
        f"- Xã {n}: {len(a):02d} tiêu chí (" + "; ".join(CRITERIA[c - 1] for c in a) + ")."
        for n, _now, a in rows
        if a
    ]
    table = count_table(
        [{"name": n, "current": now, "total": 19, "after": now + len(a)} for n, now, a in rows],
        2025,
    )
    sections = [
        (
            "text",
            "",
            "Kết quả đạt được: đến ngày 01/12/2025, chưa có quyết định công nhận xã đạt chuẩn "
            "nào của tỉnh Thử Nghiệm được ghi trong hệ thống (bổ sung trước khi trình ký).",
        ),
        ("muc", "I. MỤC TIÊU", ""),
        ("khoan", "1. Mục tiêu chung toàn tỉnh năm 2025", "\n".join(general)),
        ("khoan", "2. Mục tiêu cụ thể cho từng xã", ""),
        ("khoan", "2.1. Thực hiện tiêu chí xã nông thôn mới", "\n".join(per_commune)),
        (
            "khoan",
            "2.2. Thực hiện tiêu chí xã nông thôn mới nâng cao",
            f"Các xã {', '.join(higher)} tiếp tục duy trì và thực hiện các tiêu chí nông thôn "
            "mới nâng cao theo Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao giai đoạn "
            "2021 - 2025 (318/QĐ-TTg).",
        ),
        (
            "khoan",
            f"2.3. {COUNT_TABLE_HEADING}",
            "Số tiêu chí theo Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025 "
            "(318/QĐ-TTg).\n" + "\n".join(table),
        ),
        ("muc", "II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN", ""),
        (
            "text",
            "",
            "1. Kiện toàn Ban chỉ đạo các chương trình mục tiêu quốc gia; phân công nhiệm vụ cho "
            "các thành viên.\n2. Tiếp tục đẩy mạnh công tác tuyên truyền, đào tạo, tập huấn Bộ "
            "tiêu chí xây dựng nông thôn mới.\n3. Các xã phấn đấu đạt chuẩn tập trung các nguồn "
            "lực cho các tiêu chí đã đăng ký.",
        ),
        ("muc", "III. TỔ CHỨC THỰC HIỆN", ""),
        (
            "text",
            "",
            "1. Giao Văn phòng nông thôn mới tỉnh Thử Nghiệm đôn đốc UBND các xã và các phòng, "
            "ban, ngành liên quan triển khai thực hiện kế hoạch này.\n2. Ban chỉ đạo, Ban quản "
            "lý xây dựng nông thôn mới các xã căn cứ kế hoạch này điều chỉnh kế hoạch của xã "
            "cho phù hợp.",
        ),
    ]
    plan = Plan.objects.create(
        unit=province,
        issuer=Plan.Issuer.UBND,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2025,
        year_end=2025,
        body_lines="ỦY BAN NHÂN DÂN / TỈNH THỬ NGHIỆM",
        symbol="KH-UBND",
        place="Thử Nghiệm",
        title=(
            "Về việc triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn "
            "mới trên địa bàn tỉnh Thử Nghiệm năm 2025"
        ),
        opening=(
            "Ủy ban nhân dân tỉnh Thử Nghiệm ban hành Kế hoạch triển khai thực hiện Chương "
            "trình mục tiêu quốc gia về xây dựng nông thôn mới năm 2025. Cụ thể như sau:"
        ),
        closing=(
            "Trên đây là Kế hoạch triển khai thực hiện Chương trình mục tiêu quốc gia về xây "
            "dựng nông thôn mới năm 2025 trên địa bàn tỉnh Thử Nghiệm, yêu cầu các phòng, ban, "
            "ngành; UBND các xã và các đơn vị có liên quan tập trung tổ chức thực hiện./."
        ),
        authority_lines="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
    )
    PlanBasis.objects.bulk_create(
        PlanBasis(plan=plan, order=order, text=text)
        for order, text in enumerate(
            [
                "Căn cứ Quyết định số 263/QĐ-TTg ngày 22 tháng 02 năm 2022 của Thủ tướng Chính "
                "phủ phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn "
                "2021-2025",
                "Căn cứ Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính "
                "phủ ban hành Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025 và "
                "Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao giai đoạn 2021 - 2025",
            ]
        )
    )
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, order=order, level=level, heading=heading, body=body)
        for order, (level, heading, body) in enumerate(sections)
    )
    recipients = ["BCĐ các chương trình MTQG tỉnh;", "Văn phòng Điều phối NTM tỉnh;"]
    recipients += ["TT. HĐND tỉnh;", "Các thành viên BCĐ;", "UBND các xã;", "Lưu: VT."]
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=plan, order=order, text=text) for order, text in enumerate(recipients)
    )
    return plan


def build_plan_of(line: str, *, weight: int) -> Plan:
    """A plan of one unit whose sections repeat `line`, as heavy as `weight` without passing it."""
    tag = uuid.uuid4().hex[:8]
    unit = _province(tag)
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
    province = _province(tag)
    district = Unit.objects.create(
        kind=Unit.Kind.DISTRICT,
        code=f"benchmark-{tag}-huyen",
        prefix="Huyện",
        name="Thử Nghiệm",
        parent=province,
        province=province,
        is_synthetic=True,
    )
    names = _communes(tag, district, province, communes, digits=2)
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
