"""Speed, queries and memory of the key pages on a synthetic country (`manage.py benchmark`).

Run it on a database filled by `manage.py synth_country` (PostgreSQL, DEBUG off). Every page is
requested through Django's test Client – the real URL routing, middleware, session and
templates – as a signed-in user of the right kind: a warm-up request, then `runs` timed
requests (median and 95th percentile, query count by CaptureQueriesContext), then a few more
under tracemalloc for the peak memory of one request (kept apart: tracing slows Python down).

Each dashboard is also compared with its "floor": the minimal SQL that computes the same
figures (the rows of its matrix, or the aggregates of its summary), run through a cursor and
fetched, without Python around it. The ratio page ÷ floor is what the ORM, the Python
assembly and the template cost on top of the database's own work; SQL ÷ floor compares only
the time the page spends in its queries (measured by an execute wrapper) with it.

The result is one Markdown table (with the machine, the data size and the command lines),
printed and written into a section of docs/benchmarks.md delimited by
`<!-- benchmark:<label> -->` … `<!-- /benchmark:<label> -->`; the rest of the file is kept.
Nothing is left behind: plans created for the measurements are deleted.

A country that went through the reform (`synth_country --shape reform`) is measured twice, by
the same list of pages: for a year before the reorganisation (PRE_REFORM_YEAR: the province
by district, a district's communes, an old commune read by the official of the commune it
merged into) and for the latest year after it (the new communes directly under the
province); each row's key and label carry its year.
"""

import logging
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments.models import Task
from criteria.models import Assessment, Framework, IndicatorStatus, StatusChange
from dashboards.selectors.pages import has_districts as province_has_districts
from plans.models import Plan
from plans.services import plan_draft
from units.models import Role, Unit, User
from units.selectors import placed_below

from . import synthetic

# Plain static storage: the figures must not depend on a collectstatic manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEMORY_RUNS = 3
PRE_REFORM_YEAR = 2023  # the reform country's year before the reorganisation (if it has it)


@dataclass
class Row:
    key: str
    label: str
    url: str
    who: str
    times: list[float] = field(default_factory=list)  # ms
    sql_times: list[float] = field(default_factory=list)  # ms spent in cursor.execute
    queries: set[int] = field(default_factory=set)
    peak_mb: float = 0.0
    size_kb: float = 0.0
    floor_ms: float | None = None
    target_ms: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        if len(self.times) < 2:
            return self.times[0]
        return statistics.quantiles(self.times, n=20, method="inclusive")[18]

    @property
    def sql_median(self) -> float:
        return statistics.median(self.sql_times)

    @property
    def ratio(self) -> float | None:
        return self.median / self.floor_ms if self.floor_ms else None

    @property
    def sql_ratio(self) -> float | None:
        return self.sql_median / self.floor_ms if self.floor_ms else None

    @property
    def verdict(self) -> str:
        marks = []
        if self.target_ms is not None:
            marks.append("✔" if self.median < self.target_ms else "✘")
        if self.ratio is not None:
            marks.append("✔" if self.ratio <= 3 else "✘")
        return " ".join(marks)


@dataclass
class Result:
    label: str
    rows: list[Row]
    machine: dict[str, str]
    data: dict[str, int]
    runs: int
    started: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0
    steal: float | None = None  # share of CPU time the hypervisor took during the run


def cpu_times() -> tuple[int, int] | None:
    """(total, steal) jiffies of all CPUs from /proc/stat; None where there is none."""
    stat = Path("/proc/stat")
    if not stat.exists():
        return None
    fields = [int(x) for x in stat.read_text().splitlines()[0].split()[1:]]
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0


def steal_share(before, after) -> float | None:
    """On a virtual machine, the time the host gave to others: it slows every figure down."""
    if before is None or after is None or after[0] == before[0]:
        return None
    return (after[1] - before[1]) / (after[0] - before[0])


# --- the country ---------------------------------------------------------------------------


@dataclass
class Subjects:
    framework: Framework
    year: int
    commune: Unit
    official: User
    status: IndicatorStatus
    district: Unit | None  # None in the post-2025 shape (and after the reform)
    district_office: User | None
    province: Unit  # the largest
    province_office: User
    province_communes: int  # below the province that year
    has_districts: bool  # a district lived until the year's end
    by_district: bool  # the province's dashboard that year is by district
    admin: User


def _office(unit: Unit, kind: str) -> User:
    role = Role.objects.filter(unit=unit, kind=kind).select_related("user").first()
    if role is None:
        raise LookupError(f"Không có tài khoản {kind} ở {unit}.")
    return role.user


def _office_of(unit: Unit, *kinds: str) -> User | None:
    """The user of the first of `kinds` of role held at the unit (none: ended, or never)."""
    for kind in kinds:
        role = Role.objects.filter(unit=unit, kind=kind).select_related("user").first()
        if role is not None:
            return role.user
    return None


def find_subjects(year: int | None = None) -> Subjects:
    """What the pages of `year` (default: the latest with results) are measured on."""
    units = synthetic.synthetic_units()
    if not units.filter(kind=Unit.Kind.COMMUNE).exists():
        raise LookupError("Chưa có dữ liệu giả lập: chạy `manage.py synth_country` trước.")
    framework = Framework.objects.get(key=synthetic.FRAMEWORK)
    if year is None:
        latest = Assessment.objects.filter(commune__in=units).order_by("-year").values("year")
        year = latest[0]["year"]
    role = (
        Role.objects.filter(unit__in=units, kind=Role.Kind.COMMUNE_OFFICIAL)
        .select_related("unit", "user")
        .order_by("unit__code")
        .first()
    )
    if role is None:
        raise LookupError("Không có công chức xã giả lập (synth_country --officials > 0).")
    commune = role.unit
    if not Assessment.objects.filter(commune=commune, year=year).exists():
        # a year before the commune was formed: one of the communes merged into it, read by
        # its official as the commune's history (units.access)
        commune = commune.merged_from.filter(assessments__year=year).order_by("code").first()
        if commune is None:
            raise LookupError(f"Không có xã giả lập có kết quả năm {year}.")
    status = (
        IndicatorStatus.objects.filter(assessment__commune=commune, assessment__year=year)
        .order_by("-version", "indicator__order")
        .first()
    )
    communes = Count("children", filter=Q(children__kind=Unit.Kind.COMMUNE))
    alive = Q(valid_to__isnull=True) | Q(valid_to__gt=date(year, 12, 31))
    districts = units.filter(alive, kind=Unit.Kind.DISTRICT).annotate(n=communes).order_by("code")
    district = min(
        districts, key=lambda d: (abs(d.n - synthetic.FIRST_DISTRICT), d.code), default=None
    )
    province = (
        units.filter(kind=Unit.Kind.PROVINCE)
        .annotate(n=Count("province_units", filter=Q(province_units__kind=Unit.Kind.COMMUNE)))
        .order_by("-n", "code")
        .first()
    )
    province_office = _office_of(province, Role.Kind.PROVINCE_OFFICE, Role.Kind.SUPERVISOR)
    if province_office is None:
        raise LookupError(f"Không có tài khoản văn phòng điều phối ở {province}.")
    district_office = None
    if district is not None:
        # a district ended by the reform has no office left: the province's reads it
        district_office = _office_of(district, Role.Kind.SUPERVISOR) or province_office
    return Subjects(
        framework=framework,
        year=year,
        commune=commune,
        official=role.user,
        status=status,
        district=district,
        district_office=district_office,
        province=province,
        province_office=province_office,
        province_communes=placed_below(province, Unit.Kind.COMMUNE, year).count(),
        has_districts=district is not None,
        by_district=province_has_districts(province, year),
        admin=User.objects.get(username=f"{synthetic.PREFIX}admin"),
    )


def reform_years() -> list[int]:
    """The years a reform country is measured in: one before its reorganisation (the
    PRE_REFORM_YEAR, or the latest before it) and the latest after; [] without one."""
    reorg = synthetic.synthetic_reorganisations().order_by("effective").first()
    if reorg is None:
        return []
    years = set(
        Assessment.objects.filter(commune__in=synthetic.synthetic_units())
        .values_list("year", flat=True)
        .distinct()
    )
    before = sorted(y for y in years if y < reorg.effective.year)
    after = sorted(y for y in years if y >= reorg.effective.year)
    picked = []
    if before:
        picked.append(PRE_REFORM_YEAR if PRE_REFORM_YEAR in before else before[-1])
    if after:
        picked.append(after[-1])
    return picked


def data_size() -> dict[str, int]:
    units = dict(Unit.objects.values_list("kind").annotate(n=Count("pk")))
    return {
        "provinces": units.get(Unit.Kind.PROVINCE, 0),
        "districts": units.get(Unit.Kind.DISTRICT, 0),
        "communes": units.get(Unit.Kind.COMMUNE, 0),
        "villages": units.get(Unit.Kind.VILLAGE, 0),
        "assessments": Assessment.objects.count(),
        "statuses": IndicatorStatus.objects.count(),
        "history rows": StatusChange.objects.count(),
        "tasks": Task.objects.count(),
        "users": User.objects.count(),
    }


def machine() -> dict[str, str]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            database = f"PostgreSQL {server} (shared_buffers {cursor.fetchone()[0]})"
    else:
        database = f"{connection.vendor} {connection.Database.sqlite_version}"
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    return {
        "cores": str(os.cpu_count()),
        "RAM": memory,
        "arch": platform.machine(),
        "Python": platform.python_version(),
        "database": database,
        "DEBUG": str(settings.DEBUG),
        "CONN_MAX_AGE": str(connection.settings_dict.get("CONN_MAX_AGE")),
    }


# --- the floors: the minimal SQL for each dashboard's figures ------------------------------

UNIT_MATRIX_SQL = [
    # the communes, with this year's and last year's counts
    """SELECT c.id, c.name, c.level_goal, c.parent_id, a.id, a.year, a.met_count,
              a.criteria_count, a.verified_met_count, a.state
       FROM units_unit c
       LEFT JOIN criteria_assessment a ON a.commune_id = c.id AND a.framework_id = %(f)s
            AND a.year IN (%(y)s, %(y)s - 1)
       WHERE c.kind = 'commune' AND c.{scope} = %(u)s""",
    # every cell, both years (rớt chuẩn and đạt thêm compare them)
    """SELECT a.commune_id, a.year, r.criterion_id, r.status, r.verified_status
       FROM criteria_criterionresult r
       JOIN criteria_assessment a ON a.id = r.assessment_id
       JOIN units_unit c ON c.id = a.commune_id
       WHERE c.kind = 'commune' AND c.{scope} = %(u)s AND a.framework_id = %(f)s
             AND a.year IN (%(y)s, %(y)s - 1)""",
    # the year's targets and the criteria they register
    """SELECT t.unit_id, t.level, t.target_count, tc.criterion_id
       FROM plans_target t
       JOIN units_unit c ON c.id = t.unit_id
       LEFT JOIN plans_target_criteria tc ON tc.target_id = t.id
       WHERE c.kind = 'commune' AND c.{scope} = %(u)s AND t.year = %(y)s
             AND (t.framework_id = %(f)s OR t.framework_id IS NULL)""",
    # overdue tasks per commune
    """SELECT t.unit_id, count(*) FROM assignments_task t
       JOIN units_unit c ON c.id = t.unit_id
       WHERE c.kind = 'commune' AND c.{scope} = %(u)s AND t.status <> 'done'
             AND t.deadline < %(today)s
       GROUP BY t.unit_id""",
    # the year's funding by source, the unit's own tasks and its communes'
    """SELECT l.source, sum(l.planned), sum(l.disbursed)
       FROM assignments_fundingline l
       JOIN assignments_task t ON t.id = l.task_id
       JOIN units_unit c ON c.id = t.unit_id
       WHERE (c.id = %(u)s OR (c.kind = 'commune' AND c.{scope} = %(u)s))
             AND t.plan_year = %(y)s
       GROUP BY l.source""",
]

# per area (district, or province for the national summary): the headline aggregates
AREA_SQL = [
    """SELECT c.{area}, count(*), count(a.id), coalesce(sum(a.met_count), 0),
              count(*) FILTER (WHERE a.met_count = a.criteria_count AND a.criteria_count > 0),
              count(*) FILTER (WHERE c.level_goal = 'nang_cao'
                               AND a.met_count = a.criteria_count),
              count(*) FILTER (WHERE c.level_goal = 'kieu_mau'
                               AND a.met_count = a.criteria_count)
       FROM units_unit c
       LEFT JOIN criteria_assessment a ON a.commune_id = c.id AND a.framework_id = %(f)s
            AND a.year = %(y)s
       WHERE c.kind = 'commune' {where}
       GROUP BY c.{area}""",
    # đạt thêm and rớt chuẩn (this year's results against last year's), and the communes
    # where each criterion is not met / not assessed: from the unmet results of either year,
    # each looked up in the other year
    """SELECT c.{area}, x.criterion_id, sum(x.added), sum(x.lost), sum(x.nm), sum(x.na)
       FROM (SELECT r.commune_id, r.criterion_id, 0 AS added,
                    CASE WHEN r.status = 'chua_dat' AND p.status = 'dat' THEN 1 ELSE 0 END
                        AS lost,
                    CASE WHEN r.status = 'chua_dat' THEN 1 ELSE 0 END AS nm,
                    CASE WHEN r.status = 'chua_danh_gia' THEN 1 ELSE 0 END AS na
             FROM criteria_criterionresult r
             LEFT JOIN criteria_criterionresult p ON p.framework_id = %(f)s
                  AND p.year = %(y)s - 1 AND p.commune_id = r.commune_id
                  AND p.criterion_id = r.criterion_id
             WHERE r.framework_id = %(f)s AND r.year = %(y)s
                   AND r.status IN ('chua_dat', 'chua_danh_gia')
             UNION ALL
             SELECT p.commune_id, p.criterion_id, 1, 0, 0, 0
             FROM criteria_criterionresult p
             JOIN criteria_criterionresult r ON r.framework_id = %(f)s AND r.year = %(y)s
                  AND r.commune_id = p.commune_id AND r.criterion_id = p.criterion_id
             WHERE p.framework_id = %(f)s AND p.year = %(y)s - 1
                   AND p.status IN ('chua_dat', 'chua_danh_gia') AND r.status = 'dat') x
       JOIN units_unit c ON c.id = x.commune_id
       WHERE c.kind = 'commune' {where}
       GROUP BY c.{area}, x.criterion_id""",
    # distribution of the counts
    """SELECT a.met_count, count(*) FROM criteria_assessment a
       JOIN units_unit c ON c.id = a.commune_id
       WHERE c.kind = 'commune' {where} AND a.framework_id = %(f)s AND a.year = %(y)s
       GROUP BY a.met_count""",
    # criteria registered by the year's targets
    """SELECT c.{area}, count(*) FROM plans_target_criteria tc
       JOIN plans_target t ON t.id = tc.target_id
       JOIN units_unit c ON c.id = t.unit_id
       WHERE c.kind = 'commune' {where} AND t.year = %(y)s
             AND (t.framework_id = %(f)s OR t.framework_id IS NULL)
       GROUP BY c.{area}""",
    # overdue tasks
    """SELECT c.{area}, count(*) FROM assignments_task t
       JOIN units_unit c ON c.id = t.unit_id
       WHERE c.kind = 'commune' {where} AND t.status <> 'done' AND t.deadline < %(today)s
       GROUP BY c.{area}""",
]
FUNDING_SQL = """SELECT l.source, sum(l.planned), sum(l.disbursed)
       FROM assignments_fundingline l
       JOIN assignments_task t ON t.id = l.task_id
       JOIN units_unit c ON c.id = t.unit_id
       WHERE (c.id = %(u)s OR c.province_id = %(u)s) AND t.plan_year = %(y)s
       GROUP BY l.source"""


def unit_floor(scope: str) -> list[str]:
    """A unit's matrix: `scope` is the commune column that points at the unit."""
    return [sql.format(scope=scope) for sql in UNIT_MATRIX_SQL]


def province_floor() -> list[str]:
    where = "AND c.province_id = %(u)s"
    return [sql.format(area="parent_id", where=where) for sql in AREA_SQL] + [FUNDING_SQL]


def national_floor() -> list[str]:
    return [sql.format(area="province_id", where="") for sql in AREA_SQL]


def time_floor(statements: list[str], params: dict, runs: int) -> float:
    """Median ms of running every statement and fetching all its rows."""
    durations = []
    with connection.cursor() as cursor:
        for i in range(runs + 1):
            start = time.perf_counter()
            for sql in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            if i:  # the first run warms the caches, as the pages' warm-up request does
                durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations)


# --- the pages -----------------------------------------------------------------------------


@contextmanager
def quiet():
    """No INFO lines from WeasyPrint and django-axes between the figures, and no warning about
    a missing STATIC_ROOT (static files are not served here)."""
    loggers = [logging.getLogger(name) for name in ("weasyprint", "fontTools", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No directory at")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _client(user: User) -> Client:
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    client = Client(HTTP_HOST=host.lstrip("."))
    client.force_login(user)
    return client


class SqlTimer:
    """An execute wrapper adding up the time spent in the database driver's execute (the
    query's round trip and, psycopg's cursors being client-side, the transfer of its rows)."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def measure(row: Row, request: Callable[[], object], runs: int, after=None) -> None:
    """`request` returns the response; `after(response)` cleans up (not timed)."""

    def once():
        response = request()
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{row.url} trả lời {response.status_code}")
        return response

    response = once()  # warm-up: templates compiled, caches filled
    if after:
        after(response)
    for _ in range(runs):
        sql = SqlTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(sql):
            start = time.perf_counter()
            response = once()
            row.times.append((time.perf_counter() - start) * 1000)
        row.sql_times.append(sql.ms)
        row.queries.add(len(captured.captured_queries))
        row.size_kb = len(response.content) / 1024
        if after:
            after(response)
    tracemalloc.start()
    try:
        for _ in range(MEMORY_RUNS):
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            response = once()
            row.peak_mb = max(row.peak_mb, (tracemalloc.get_traced_memory()[1] - base) / 2**20)
            if after:
                after(response)
    finally:
        tracemalloc.stop()


def _delete_plan(response) -> None:
    match = re.search(r"/ke-hoach/(\d+)/", response.get("Location", ""))
    if match:
        Plan.objects.filter(pk=int(match.group(1))).delete()


def run(*, runs: int = 15, label: str = "", out=print) -> Result:
    years = reform_years()
    passes = [find_subjects(year) for year in years] if years else [find_subjects()]
    today = timezone.localdate()
    first = passes[0]
    default = "reform" if years else ("pre2025" if first.has_districts else "post2025")
    result = Result(
        label=label or default,
        rows=[],
        machine=machine(),
        data=data_size(),
        runs=runs,
        started=timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        load_before=os.getloadavg(),
    )
    start = time.perf_counter()
    cpu_before = cpu_times()
    pages: list[tuple[Row, User, Callable | None, list[str] | None, dict | None]] = []
    plans: list[Plan] = []
    try:
        for s in passes:
            suffix = (f"-{s.year}", f", {s.year}") if len(passes) > 1 else ("", "")
            _pages(s, result, pages, plans, today, suffix)
        with override_settings(STORAGES=STORAGES), quiet():
            for row, user, post, floor, floor_params in pages:
                client = _client(user)
                if post is not None:
                    measure(
                        row, lambda c=client, u=row.url, d=post: c.post(u, d), runs, _delete_plan
                    )
                else:
                    measure(row, lambda c=client, u=row.url: c.get(u), runs)
                if floor:
                    row.floor_ms = time_floor(floor, floor_params, runs)
                result.rows.append(row)
                out(_line(row))
    finally:
        for plan in plans:
            plan.delete()
    result.load_after = os.getloadavg()
    result.steal = steal_share(cpu_before, cpu_times())
    result.seconds = time.perf_counter() - start
    return result


def _pages(s: Subjects, result: Result, pages: list, plans: list, today, suffix) -> None:
    """The pages of `s.year`, added to `pages` (the plan drafted for the PDF to `plans`);
    `suffix`: (key, label) endings telling the years apart."""
    year_query = f"?framework={s.framework.key}&year={s.year}"
    params = {"f": s.framework.pk, "y": s.year, "today": today}

    def page(key, label, url, user, target=None, floor=None, floor_params=None, post=None):
        row = Row(key + suffix[0], label + suffix[1], url, user.username, target_ms=target)
        pages.append((row, user, post, floor, floor_params))

    commune = s.commune
    page(
        "commune",
        "Trang xã (năm mới nhất, 56 chỉ tiêu)",
        reverse("criteria:commune-detail", args=[commune.pk]),
        s.official,
        target=100,
    )
    page(
        "trail",
        "Nhật ký của xã",
        reverse("criteria:commune-trail", args=[commune.pk]),
        s.official,
    )
    page(
        "history",
        "Lịch sử một chỉ tiêu",
        reverse("criteria:status-history", args=[s.status.pk]),
        s.official,
    )
    page(
        "commune-dashboard",
        "Tổng hợp xã",
        reverse("dashboards:commune", args=[commune.pk]) + year_query,
        s.official,
    )
    if s.district is not None:
        page(
            "district",
            f"Tổng hợp huyện ({s.district.n} xã)",
            reverse("dashboards:unit", args=[s.district.pk]) + year_query,
            s.district_office,
            target=150,
            floor=unit_floor("parent_id"),
            floor_params={**params, "u": s.district.pk},
        )
    n = s.province_communes
    province_target = 300 if n <= 200 else 600
    if s.by_district:
        page(
            "province",
            f"Tổng hợp tỉnh theo huyện ({n} xã)",
            reverse("dashboards:province", args=[s.province.pk]) + year_query,
            s.province_office,
            target=province_target,
            floor=province_floor(),
            floor_params={**params, "u": s.province.pk},
        )
    page(
        "province-matrix",
        f"Tổng hợp tỉnh, ma trận mọi xã ({n} xã)",
        reverse("dashboards:unit", args=[s.province.pk]) + year_query,
        s.province_office,
        target=None if s.has_districts else province_target,
        floor=unit_floor("province_id"),
        floor_params={**params, "u": s.province.pk},
    )
    page(
        "national",
        f"Tổng hợp cả nước ({result.data['communes']} xã, quản trị)",
        reverse("dashboards:index") + year_query,
        s.admin,
        target=500,
        floor=national_floor(),
        floor_params=params,
    )
    page(
        "tasks",
        "Danh sách nhiệm vụ, có lọc",
        reverse("assignments:task-list") + f"?year={s.year}&status=in_progress&source=xa",
        s.province_office,
    )
    office_unit = s.district if s.district is not None else s.province
    office_user = s.district_office if s.district is not None else s.province_office
    # no plan is drafted for a unit that has ended (a district, before the reform)
    if office_unit.valid_to is None:
        communes_below = s.district.n if s.district is not None else n
        plan_form = {
            "unit": office_unit.pk,
            "kind": Plan.Kind.DISTRICT_ANNUAL,
            "year_start": s.year,
            "year_end": s.year,
        }
        page(
            "plan-draft",
            f"Lập dự thảo kế hoạch năm ({communes_below} xã; POST rồi xóa)",
            reverse("plans:plan-create"),
            office_user,
            post=plan_form,
        )
        plan, _ = plan_draft(
            unit=office_unit,
            kind=Plan.Kind.DISTRICT_ANNUAL,
            year_start=s.year,
            year_end=s.year,
            actor=office_user,
        )
        plans.append(plan)
        page(
            "plan-pdf",
            f"PDF kế hoạch năm ({communes_below} xã)",
            reverse("plans:plan-pdf", args=[plan.pk]),
            office_user,
        )
    page(
        "xlsx",
        f"Excel tổng hợp tỉnh ({n} xã)",
        reverse("dashboards:unit-xlsx", args=[s.province.pk]) + year_query,
        s.province_office,
    )


def _line(row: Row) -> str:
    floor = ""
    if row.floor_ms:
        floor = (
            f", sàn SQL {row.floor_ms:.1f} ms (trang ×{row.ratio:.1f}, SQL ×{row.sql_ratio:.1f})"
        )
    return (
        f"{row.label}: trung vị {row.median:.0f} ms, p95 {row.p95:.0f} ms, "
        f"{'/'.join(map(str, sorted(row.queries)))} truy vấn ({row.sql_median:.0f} ms), "
        f"{row.peak_mb:.1f} MB{floor}"
    )


# --- the report ----------------------------------------------------------------------------


def markdown(result: Result, command: str) -> str:
    m, d = result.machine, result.data
    lines = [
        f"### {result.label}: {d['communes']} xã, {d['districts']} huyện, {d['provinces']} tỉnh",
        "",
        f"Measured {result.started} ICT ({result.runs} timed requests per page, peak memory over "
        f"{MEMORY_RUNS} more). Machine: {m['cores']} cores, {m['RAM']} RAM, {m['arch']}, "
        f"Python {m['Python']}, {m['database']}, DEBUG={m['DEBUG']}, "
        f"CONN_MAX_AGE={m['CONN_MAX_AGE']}. Load average before "
        f"{_load(result.load_before)}, after {_load(result.load_after)}"
        + (
            f"; CPU steal (time the virtual machine's host took) {result.steal:.0%}."
            if result.steal is not None
            else "."
        ),
        "",
        "Data: " + ", ".join(f"{n:,} {name}".replace(",", " ") for name, n in d.items()) + ".",
        "",
        f"Reproduce: `bench/run.sh {result.label}` (database, data, then `{command}`)"
        if result.label in ("pre2025", "post2025", "reform")
        else f"Reproduce: `{command}`",
        "",
        "| page | URL | as | median ms | p95 ms | queries | SQL ms | peak MB | KB "
        "| floor ms | page ÷ floor | SQL ÷ floor | target ms | ok |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for r in result.rows:
        lines.append(
            f"| {r.label} | `{_short(r.url)}` | {r.who} | {r.median:.0f} | {r.p95:.0f} | "
            f"{'/'.join(map(str, sorted(r.queries)))} | {r.sql_median:.1f} | {r.peak_mb:.1f} | "
            f"{r.size_kb:.0f} | {_num(r.floor_ms, 1)} | {_num(r.ratio, 1)} | "
            f"{_num(r.sql_ratio, 1)} | {_num(r.target_ms, 0)} | {r.verdict} |"
        )
    lines += ["", "*ok*: the time target, then page ÷ floor ≤ 3.", ""]
    return "\n".join(lines)


def _short(url: str) -> str:
    return re.sub(r"framework=[^&]+&", "", url)


def _num(value, digits) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _load(load) -> str:
    return " / ".join(f"{x:.2f}".replace(".", ",") for x in load)


def write_section(path: Path, label: str, text: str) -> None:
    """Put `text` between this label's markers in `path`, keeping the rest of the file."""
    begin, end = f"<!-- benchmark:{label} -->", f"<!-- /benchmark:{label} -->"
    block = f"{begin}\n{text}\n{end}"
    if path.exists():
        content = path.read_text()
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
        if pattern.search(content):
            content = pattern.sub(lambda _: block, content)
        else:
            content = content.rstrip("\n") + "\n\n" + block + "\n"
    else:
        content = f"# Benchmarks\n\n{block}\n"
    path.write_text(content)


def command_line() -> str:
    args = " ".join(sys.argv[1:])
    return f"python manage.py {args}".strip()
