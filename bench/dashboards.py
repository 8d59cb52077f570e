"""Speed figures for the dashboards and the Excel import (`manage.py benchmark_dashboards`).

Everything is created inside one transaction that is rolled back at the end, with clearly
synthetic units (`is_synthetic=True`, codes starting "bench-"): a province of 560 communes in
20 districts (the first district has 30 communes), five years of statuses for every commune
(bulk_create), criterion summaries rebuilt with criteria.summaries.summaries_rebuild, a target
and a couple of tasks per commune. The dashboards are then requested through Django's test
Client as a signed-in supervising office; the median of N runs and the query count are
printed, then a 10 000-row statuses file is checked and imported.
"""

import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import FundingLine, Task
from criteria.models import (
    Assessment,
    Criterion,
    CriterionResult,
    Framework,
    Indicator,
    IndicatorStatus,
)
from criteria.resources import StatusResource
from criteria.summaries import summaries_rebuild
from imports import services
from imports.models import ImportRun
from plans.models import Target
from units.models import Role, Unit, User

Status = IndicatorStatus.Status
FRAMEWORK = "xa_ntm_2021_2025"


# Plain static files storage: the figures must not depend on a `collectstatic` manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class _Rollback(Exception):
    pass


@dataclass
class Timing:
    label: str
    median_ms: float
    queries: int
    size: int = 0


@dataclass
class Report:
    timings: list[Timing] = field(default_factory=list)
    setup_s: float = 0.0
    import_rows: int = 0
    import_check_s: float = 0.0
    import_apply_s: float = 0.0
    import_summary: str = ""


def _make_world(*, districts: int, first_district: int, communes: int, years: list[int], seed: int):
    rng = random.Random(seed)  # noqa: S311 – reproducible synthetic data, not secrets
    framework = Framework.objects.get(key=FRAMEWORK)
    indicators = list(Indicator.objects.filter(framework=framework).order_by("order"))
    criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    tag = f"bench-{seed}"
    province = Unit.objects.create(
        kind=Unit.Kind.PROVINCE,
        code=tag,
        prefix="Tỉnh",
        name="Giả lập",
        region="btb",
        is_synthetic=True,
    )
    sizes = [first_district]
    rest = communes - first_district
    for i in range(districts - 1):
        share = rest // (districts - 1 - i)
        sizes.append(share)
        rest -= share
    district_units, commune_units = [], []
    for d, size in enumerate(sizes, start=1):
        district = Unit(
            kind=Unit.Kind.DISTRICT,
            code=f"{tag}.{d:02d}",
            prefix="Huyện",
            name=f"Giả lập {d:02d}",
            parent=province,
            province=province,
            region="btb",
            is_synthetic=True,
        )
        district.save()
        district_units.append(district)
        for c in range(1, size + 1):
            commune_units.append(
                Unit(
                    kind=Unit.Kind.COMMUNE,
                    code=f"{tag}.{d:02d}.{c:03d}",
                    prefix="Xã",
                    name=f"Giả lập {d:02d}-{c:03d}",
                    parent=district,
                    province=province,
                    region="btb",
                    framework=framework,
                    is_synthetic=True,
                    search_name=f"xa gia lap {d:02d}-{c:03d}",
                    level_goal=rng.choice(["ntm", "ntm", "ntm", "nang_cao", "kieu_mau"]),
                )
            )
    Unit.objects.bulk_create(commune_units, batch_size=1000)
    commune_units = list(Unit.objects.filter(province=province, kind=Unit.Kind.COMMUNE))
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                commune=c,
                framework=framework,
                year=y,
                state=rng.choice(["draft", "draft", "verified"]),
            )
            for c in commune_units
            for y in years
        ],
        batch_size=2000,
    )
    # Results that move the way real ones do: mostly kept from one year to the next, some
    # criteria reached each year, now and then one lost.
    statuses = []
    by_commune: dict[int, list[Assessment]] = {}
    for a in assessments:
        by_commune.setdefault(a.commune_id, []).append(a)
    for yearly in by_commune.values():
        start = rng.uniform(0.55, 0.95)
        met = {ind.pk: rng.random() < start for ind in indicators}
        for a in sorted(yearly, key=lambda a: a.year):
            for ind in indicators:
                met[ind.pk] = rng.random() < (0.98 if met[ind.pk] else 0.3)
                value = Status.MET if met[ind.pk] else Status.NOT_MET
                statuses.append(
                    IndicatorStatus(
                        assessment=a,
                        indicator=ind,
                        status=value,
                        note="Giả lập",
                        verified_status=value if a.state == "verified" else "",
                    )
                )
            if len(statuses) >= 5000:
                IndicatorStatus.objects.bulk_create(statuses)
                statuses = []
    IndicatorStatus.objects.bulk_create(statuses)
    summaries_rebuild(framework=framework)
    latest = years[-1]
    targets = Target.objects.bulk_create(
        [Target(unit=c, year=latest, framework=framework, level="ntm") for c in commune_units]
    )
    through = Target.criteria.through
    through.objects.bulk_create(
        [
            through(target_id=t.pk, criterion_id=cr.pk)
            for t in targets
            for cr in rng.sample(criteria, 2)
        ]
    )
    today = date.today()  # noqa: DTZ011 – synthetic deadlines, a day either way is fine
    tasks = Task.objects.bulk_create(
        [
            Task(
                unit=c,
                title=f"Nhiệm vụ giả lập {i}",
                plan_year=latest,
                deadline=today + timedelta(days=rng.randint(-90, 90)),
                deadline_text="giả lập",
                criterion=rng.choice(criteria),
            )
            for c in commune_units
            for i in range(2)
        ]
    )
    FundingLine.objects.bulk_create(
        [
            FundingLine(
                task=t,
                source=rng.choice(["trung_uong", "tinh", "huyen", "xa"]),
                planned=rng.randint(1, 900) * 1_000_000,
                disbursed=rng.randint(0, 500) * 1_000_000,
            )
            for t in tasks
        ]
    )
    # Fresh statistics, as autovacuum/ANALYZE keep them on a real database (PostgreSQL's
    # ANALYZE counts this transaction's own new rows).
    with connection.cursor() as cursor:
        for model in (
            Unit,
            Assessment,
            IndicatorStatus,
            CriterionResult,
            Target,
            Task,
            FundingLine,
        ):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute(f"ANALYZE {connection.ops.quote_name(through._meta.db_table)}")
    supervisor = User.objects.create(username=f"{tag}-vp", full_name="Văn phòng NTM giả lập")
    Role.objects.create(user=supervisor, unit=province, kind=Role.Kind.SUPERVISOR)
    admin = User.objects.create(username=f"{tag}-admin", is_superuser=True, is_staff=True)
    return province, district_units[0], commune_units, supervisor, admin, indicators


def _time(client: Client, url: str, runs: int, label: str) -> Timing:
    client.get(url)  # warm up (templates, caches)
    durations, queries, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        queries, size = len(captured.captured_queries), len(response.content)
    return Timing(label, statistics.median(durations), queries, size)


def _time_report(unit: Unit, year: int, runs: int, label: str) -> Timing:
    """The district's (province's) «Báo cáo kết quả năm» drafted from the data
    (plans.services.draft_for): the median of `runs` drafts, its queries, the PDF's bytes."""
    from plans import services as plan_services
    from plans.models import Plan
    from plans.pdf import plan_pdf_bytes

    def draft():
        return plan_services.draft_for(unit, Plan.Kind.DISTRICT_REPORT, year, year)

    draft()  # warm up
    durations, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            draft()
            durations.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    plan, _ = plan_services.plan_draft(
        unit=unit, kind=Plan.Kind.DISTRICT_REPORT, year_start=year, year_end=year, actor=None
    )
    return Timing(label, statistics.median(durations), queries, len(plan_pdf_bytes(plan)))


def _statuses_file(communes, indicators, year: int, rows: int, admin: User) -> bytes:
    """`rows` rows of the year, every one changing its status (one note each)."""
    automatic = set(
        Indicator.objects.filter(
            pk__in=[i.pk for i in indicators], thresholds__value__isnull=False
        ).values_list("pk", flat=True)
    )
    current = {
        (s.assessment.commune.code, s.indicator.code): s
        for s in IndicatorStatus.objects.filter(
            assessment__commune__in=communes, assessment__year=year
        ).select_related("assessment__commune", "indicator")
    }
    data = []
    for commune in communes:
        for ind in indicators:
            if len(data) >= rows:
                break
            s = current[(commune.code, ind.code)]
            if ind.pk in automatic:
                data.append([commune.code, "", year, ind.code, "", "", Decimal("12.5"), "", ""])
                continue
            flipped = Status.NOT_MET if s.status == Status.MET else Status.MET
            data.append(
                [commune.code, "", year, ind.code, "", Status(flipped).label, "", "", "Nhập thử"]
            )
    import tablib

    dataset = tablib.Dataset(*data, headers=StatusResource.COLUMNS)
    return dataset.export("xlsx")


def run(
    *,
    runs: int = 7,
    communes: int = 560,
    first_district: int = 30,
    districts: int = 20,
    years: int = 5,
    import_rows: int = 10_000,
    seed: int = 2022,
    out=print,
) -> Report:
    report = Report()
    year_list = list(range(2025 - years + 1, 2026))
    try:
        with transaction.atomic(), override_settings(STORAGES=STORAGES):
            start = time.perf_counter()
            province, district, commune_units, supervisor, admin, indicators = _make_world(
                districts=districts,
                first_district=first_district,
                communes=communes,
                years=year_list,
                seed=seed,
            )
            report.setup_s = time.perf_counter() - start
            out(f"DEBUG={settings.DEBUG}, cơ sở dữ liệu: {connection.vendor}")
            out(
                f"Dữ liệu giả lập: {len(commune_units)} xã × {years} năm × {len(indicators)} chỉ "
                f"tiêu ({report.setup_s:.1f} s, sẽ được hoàn tác)."
            )
            host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
            client = Client(HTTP_HOST=host.lstrip("."))
            client.force_login(supervisor)
            for label, url in [
                (f"Huyện ({first_district} xã)", reverse("dashboards:unit", args=[district.pk])),
                (
                    f"Tỉnh theo huyện ({communes} xã, {districts} huyện)",
                    reverse("dashboards:province", args=[province.pk]),
                ),
                (
                    f"Tỉnh, ma trận mọi xã ({communes} xã)",
                    reverse("dashboards:unit", args=[province.pk]),
                ),
                ("Xã", reverse("dashboards:commune", args=[commune_units[0].pk])),
            ]:
                timing = _time(client, url, runs, label)
                report.timings.append(timing)
                out(
                    f"{timing.label}: trung vị {timing.median_ms:.0f} ms, {timing.queries} truy vấn, "
                    f"{timing.size / 1024:.0f} KB"
                )
            for label, unit in [
                (f"Báo cáo kết quả năm, huyện ({first_district} xã)", district),
                (f"Báo cáo kết quả năm, tỉnh ({communes} xã)", province),
            ]:
                timing = _time_report(unit, year_list[-1], runs, label)
                report.timings.append(timing)
                out(
                    f"{timing.label}: dự thảo trung vị {timing.median_ms:.0f} ms, "
                    f"{timing.queries} truy vấn; PDF {timing.size / 1024:.0f} KB"
                )
            if import_rows:
                per_commune = len(indicators)
                chosen = commune_units[: -(-import_rows // per_commune)]
                content = _statuses_file(chosen, indicators, year_list[-1], import_rows, admin)
                start = time.perf_counter()
                run_ = services.import_run_check(
                    user=admin,
                    kind=ImportRun.Kind.STATUSES,
                    file_name="gia-lap.xlsx",
                    content=content,
                )
                report.import_check_s = time.perf_counter() - start
                assert run_.state == ImportRun.State.CHECKED, run_.errors[:5]  # noqa: S101
                ImportRun.objects.filter(pk=run_.pk).update(state=ImportRun.State.RUNNING)
                start = time.perf_counter()
                done = services.import_run_apply(run_.pk)
                report.import_apply_s = time.perf_counter() - start
                report.import_rows = run_.rows
                report.import_summary = done.summary
                out(
                    f"Nhập {run_.rows} dòng kết quả chỉ tiêu: kiểm tra {report.import_check_s:.1f} s, "
                    f"ghi {report.import_apply_s:.1f} s, tổng {report.import_check_s + report.import_apply_s:.1f} s"
                    f" – {done.get_state_display()}: {done.summary}"
                )
            raise _Rollback
    except _Rollback:
        pass
    return report
