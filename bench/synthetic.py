"""A synthetic country for benchmarks and load tests (`manage.py synth_country`).

Three shapes of the administrative map:

- **pre2025**: 63 provinces, districts of about 14 communes, communes under their district
  (about 10 000 communes and 700 districts before the 2025 reform). The largest province has
  5,6 % of the communes (560 of 10 000) and its first district 30.
- **post2025**: 34 provinces and no districts: communes sit directly under their province
  (about 3 300). The largest province has 5,15 % of the communes (170 of 3 300).
- **reform**: the pre2025 country for the years before 2025, then one reorganisation applied
  through `units.reorganisation.apply` on 01/07/2025 (basis "Sắp xếp giả lập
  (synth_country)"): every district ended, the communes of each district merged about three
  into one new commune ("synth-x…", directly under the province), and the years from 2025 on
  written for the new communes by the same generator (their officials, the province offices
  verifying). The ended units keep their years; their roles end with the reorganisation.

Every commune follows the 318/QĐ-TTg xã NTM set for each year asked for, with a status for
every indicator that moves the way real ones do (most met, a few unmet, some not assessed,
improving from year to year, now and then one lost), its history rows (year opened or carried
forward, then the year's updates, one version per save), the review workflow (most past years
verified), evidence metadata pointing at one small shared file, the maintained summaries
(`Assessment.met_count`, `verified_met_count`, the indicator counts, `CriterionResult`)
computed by the same function as `criteria.services.assessment_recount`, tasks with parties
and funding for some communes and for the supervising units, and the last year's targets.
Users: a supervising office per district (or per province without districts), a province
office per province with districts, an official and a chairman in some communes, and
`synth-admin` (no password).

Everything created is marked: units have `is_synthetic=True` and codes starting "synth-",
users are named "synth-…", the reorganisation of the reform shape has the basis and source
above. `country_delete` removes all of it, and nothing else.

Reproducible: the same arguments and seed give the same rows (only the primary keys differ).
Each kind of data draws from its own random stream, so turning villages on does not change
the statuses.

Fast: rows are written in batches; on PostgreSQL the large tables (assessments, statuses,
their history and summaries) go through COPY with identifiers taken from their sequences,
elsewhere through `bulk_create`. Everything is one transaction: a failed run leaves nothing.
"""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Max

from assignments.models import FundingLine, ReminderLog, ResponsibleParty, Task, TaskChange
from common.text import fold
from criteria import rules
from criteria.models import (
    Assessment,
    AssessmentEvent,
    Criterion,
    CriterionResult,
    Evidence,
    Framework,
    Indicator,
    IndicatorStatus,
    StatusChange,
)
from criteria.selectors import thresholds_by_indicator

# The same summary as assessment_recount writes, so the two can never disagree.
from criteria.summaries import RESULT_COLUMNS, _summarise
from plans.models import Plan, Target
from units import reorganisation
from units.models import (
    Reorganisation,
    ReorganisationStep,
    Role,
    RoleChange,
    Unit,
    UnitPlacement,
    User,
)

FRAMEWORK = "xa_ntm_2021_2025"
PREFIX = "synth-"  # unit codes and usernames
NAME = "Tổng Hợp"
REGIONS = ["tdmnpb", "dbsh", "btb", "dhntb", "tn", "dnb", "dbscl"]
EVIDENCE_NAME = "synth/minh-chung.pdf"  # under EVIDENCE_ROOT, shared by every evidence row
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Plain strings (not the TextChoices members): COPY writes them as they are.
MET = IndicatorStatus.Status.MET.value
NOT_MET = IndicatorStatus.Status.NOT_MET.value
NOT_ASSESSED = IndicatorStatus.Status.NOT_ASSESSED.value
DRAFT = Assessment.State.DRAFT.value
SUBMITTED = Assessment.State.SUBMITTED.value
RETURNED = Assessment.State.RETURNED.value
VERIFIED = Assessment.State.VERIFIED.value


@dataclass(frozen=True)
class Shape:
    key: str
    provinces: int
    districts: bool
    communes: int  # the default size
    largest: float  # the largest province's share of the communes
    reform: bool = False  # the districts' country, reorganised on REFORM_DAY


SHAPES = {
    "pre2025": Shape("pre2025", 63, True, 10_000, 0.056),
    "post2025": Shape("post2025", 34, False, 3_300, 0.0515),
    "reform": Shape("reform", 63, True, 10_000, 0.056, reform=True),
}
# the reform shape's reorganisation: what country_delete recognises it by
REFORM_DAY = date(2025, 7, 1)
REFORM_BASIS = "Sắp xếp giả lập (synth_country): kết thúc cấp huyện, nhập xã từ 01/07/2025"
REFORM_SOURCE = "synth_country"
MERGED = 3  # old communes per new one, about
NEW_PREFIX = f"{PREFIX}x"  # the new communes' codes: synth-x00001
COMMUNES_PER_DISTRICT = 14.3
FIRST_DISTRICT = 30  # communes in the largest province's first district (a benchmark page)


@dataclass
class Options:
    shape: Shape
    communes: int
    years: list[int]
    seed: int = 42
    villages: int = 0  # per commune
    officials: float = 0.1  # share of communes with an official and a chairman account
    tasks: float = 0.3  # share of communes with tasks
    password: str = ""  # for every synthetic account but synth-admin; empty: none can sign in
    batch: int = 250  # communes written per round


LABELS = {
    "units": "đơn vị",
    "provinces": "tỉnh",
    "districts": "huyện",
    "communes": "xã",
    "villages": "thôn",
    "users": "tài khoản",
    "roles": "vai trò",
    "assessments": "năm đánh giá",
    "statuses": "kết quả chỉ tiêu",
    "history": "dòng lịch sử",
    "criterion results": "kết quả tiêu chí",
    "workflow events": "bước thẩm tra",
    "evidence": "minh chứng",
    "tasks": "nhiệm vụ",
    "parties": "người phụ trách",
    "funding lines": "dòng kinh phí",
    "task history": "dòng lịch sử nhiệm vụ",
    "reminders": "lần nhắc việc",
    "targets": "chỉ tiêu năm",
    "new communes": "xã sau sắp xếp",
    "reorganisation steps": "bước sắp xếp",
    "placements": "vị trí trước sắp xếp",
    "reorganisations": "lần sắp xếp",
}


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    seconds_reform: float = 0.0  # in units.reorganisation.apply

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def parse_years(text: str) -> list[int]:
    """ "2021-2025" or "2023" -> the years; ValidationError otherwise."""
    try:
        first, _, last = text.partition("-")
        years = list(range(int(first), int(last or first) + 1))
    except ValueError:
        raise ValidationError(f"Năm “{text}” không hợp lệ: viết 2021-2025 hoặc 2023.") from None
    if not years:
        raise ValidationError(f"Khoảng năm “{text}” trống.")
    return years


def synthetic_units():
    return Unit.objects.filter(is_synthetic=True, code__startswith=PREFIX)


def synthetic_users():
    return User.objects.filter(username__startswith=PREFIX)


def synthetic_reorganisations():
    """The reform shape's reorganisation (never one recorded by people)."""
    return Reorganisation.objects.filter(basis=REFORM_BASIS, source=REFORM_SOURCE)


# --- the map -------------------------------------------------------------------------------


@dataclass
class Layout:
    """Where every commune goes: provinces, each with its districts' sizes (or one group of
    communes directly under it)."""

    provinces: list[tuple[str, list[int]]]  # (region, commune counts per district or [n])


def _split(total: int, parts: int, rng: random.Random, first: int | None = None) -> list[int]:
    """`total` into `parts` sizes of at least 1: the first `first` if given, the rest drawn
    with weights from 0,5 to 1,5."""
    if parts <= 1:
        return [total]
    sizes = []
    if first is not None:
        first = max(1, min(first, total - (parts - 1)))
        sizes.append(first)
        total, parts = total - first, parts - 1
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    spare = total - parts  # everyone has 1; share the rest
    scale = spare / sum(weights)
    shares = [int(w * scale) for w in weights]
    for i in range(spare - sum(shares)):
        shares[i % parts] += 1
    return sizes + [1 + s for s in shares]


def layout(options: Options) -> Layout:
    shape, n = options.shape, options.communes
    rng = random.Random(f"{options.seed}-map")  # noqa: S311 – reproducible test data
    provinces = max(1, min(shape.provinces, n // 40)) if n >= 80 else max(1, min(2, n // 2))
    sizes = _split(n, provinces, rng, first=max(round(n * shape.largest), -(-n // provinces)))
    regions = [REGIONS[i % len(REGIONS)] for i in range(provinces)]
    rng.shuffle(regions)
    result = []
    for p, (size, region) in enumerate(zip(sizes, regions, strict=True)):
        if shape.districts:
            count = max(1, round(size / COMMUNES_PER_DISTRICT))
            first = FIRST_DISTRICT if p == 0 and size >= 2 * FIRST_DISTRICT else None
            result.append((region, _split(size, count, rng, first=first)))
        else:
            result.append((region, [size]))
    return Layout(result)


# --- writing rows --------------------------------------------------------------------------


class Sink:
    """Inserts rows given as tuples, with identifiers chosen here (so history rows can point
    at statuses before either is written). PostgreSQL: COPY, identifiers from the table's
    sequence. Other databases: bulk_create, identifiers after the largest one."""

    def __init__(self, batch_size: int = 5000):
        self.copy = connection.vendor == "postgresql"
        self.batch_size = batch_size
        self._next: dict[type, int] = {}

    def ids(self, model: type[models.Model], n: int) -> list[int]:
        if n == 0:
            return []
        if self.copy:
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, model._meta.pk.column, n],
                )
                return [row[0] for row in cursor.fetchall()]
        if model not in self._next:
            self._next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        start = self._next[model]
        self._next[model] = start + n
        return list(range(start, start + n))

    def write(self, model: type[models.Model], names: list[str], rows: list[tuple]) -> int:
        """`names` are attribute names (assessment_id, not assessment)."""
        if not rows:
            return 0
        if self.copy:
            columns = {f.attname: f.column for f in model._meta.concrete_fields}
            # COPY leaves unnamed columns to the database's defaults, and Django's defaults
            # (`default=`, "" for a blank text field) live in Python only: name every other
            # column with its model default, as bulk_create would (a column added later then
            # needs no change here)
            defaults = {
                f.attname: f.get_default()
                for f in model._meta.concrete_fields
                if f.attname not in names and not f.primary_key
            }
            names = [*names, *defaults]
            rows = [(*row, *defaults.values()) for row in rows]
            quote = connection.ops.quote_name
            sql = (
                f"COPY {quote(model._meta.db_table)} "
                f"({', '.join(quote(columns[n]) for n in names)}) FROM STDIN"
            )
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            model.objects.bulk_create(
                (model(**dict(zip(names, row, strict=True))) for row in rows),
                batch_size=self.batch_size,
            )
        return len(rows)


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=TZ)


# --- the country ---------------------------------------------------------------------------


@dataclass
class _Catalogue:
    framework: Framework
    criteria: list[Criterion]
    indicators: list[Indicator]
    # (category, year) -> indicator id -> the numeric threshold applied automatically
    automatic: dict[tuple[str, int], dict[int, object]]


def _catalogue(years: list[int]) -> _Catalogue:
    framework = Framework.objects.filter(key=FRAMEWORK).first()
    if framework is None:
        raise ValidationError("Chưa có bộ tiêu chí 318/QĐ-TTg: chạy `manage.py load_criteria`.")
    if years[0] < framework.period_start or years[-1] > framework.period_end:
        raise ValidationError(
            f"Năm phải nằm trong thời kỳ {framework.period_start}–{framework.period_end} "
            f"của bộ tiêu chí {framework}."
        )
    criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    indicators = list(Indicator.objects.filter(framework=framework).order_by("order", "pk"))
    thresholds = thresholds_by_indicator(framework, None)
    automatic = {}
    for category in REGIONS:
        for year in years:
            picked = {}
            for ind in indicators:
                t = rules.pick_threshold(
                    thresholds.get(ind.pk, []), province_id=None, category=category, year=year
                )
                if rules.is_automatic(t):
                    picked[ind.pk] = t
            automatic[(category, year)] = picked
    return _Catalogue(framework, criteria, indicators, automatic)


def _value(threshold, met: bool, rng: random.Random) -> Decimal:
    """A measured value on the right side of a numeric threshold."""
    bar = float(threshold.value)
    comparator = threshold.effective_comparator()
    if comparator == "==":
        x = bar if met else bar + 1
    elif comparator == "<=":
        x = bar * rng.uniform(0.4, 1.0) if met else max(bar, 1) * rng.uniform(1.05, 1.6)
    else:
        x = max(bar, 1) * rng.uniform(1.0, 1.3) if met else bar * rng.uniform(0.5, 0.97)
    if threshold.effective_unit() == "%":
        x = min(x, 100.0)
    return Decimal(f"{x:.2f}")


@dataclass
class _People:
    admin: User
    office_of: dict[int, User]  # supervising unit id -> its office's user
    official_of: dict[int, User]  # commune id -> official
    leader_of: dict[int, User]  # commune id -> chairman


def country_create(options: Options, out: Callable[[str], None] = lambda _: None) -> Report:
    """Create the country described by `options` in one transaction."""
    if synthetic_units().exists() or synthetic_users().exists():
        raise ValidationError(
            "Đã có dữ liệu giả lập trong cơ sở dữ liệu này: chạy `synth_country --delete` trước."
        )
    start = time.perf_counter()
    report = Report()
    catalogue = _catalogue(options.years)
    reform = options.shape.reform
    years = [y for y in options.years if y < REFORM_DAY.year] if reform else options.years
    with transaction.atomic():
        sink = Sink()
        communes, offices = _units(options, catalogue, report)
        out(f"Đơn vị: {report.counts['units']} ({time.perf_counter() - start:.0f} s)")
        people = _people(options, communes, offices, report)
        _evidence_file()
        part = replace(options, years=years)
        _years(part, catalogue, communes, offices, people, sink, report, out, start, options)
        if reform:
            communes, offices = _reform(options, catalogue, communes, report)
            out(
                f"Sắp xếp 01/07/2025: {report.counts['new communes']} xã mới, "
                f"{report.seconds_reform:.0f} s ({time.perf_counter() - start:.0f} s)"
            )
            people = _people_after(options, communes, offices, people, report)
            part = replace(options, years=[y for y in options.years if y >= REFORM_DAY.year])
            _years(part, catalogue, communes, offices, people, sink, report, out, start, options)
        if connection.vendor == "postgresql":
            _analyze()
            out(f"ANALYZE ({time.perf_counter() - start:.0f} s)")
    report.seconds = time.perf_counter() - start
    return report


def _years(part: Options, catalogue, communes, offices, people, sink, report, out, start, whole):
    """The years of `part` for the communes: results (in rounds), tasks and targets. `whole`:
    the run's options (the last of its years is the one still open)."""
    if not part.years:
        return
    unmet: dict[int, list[int]] = {}  # commune -> criteria not met the year before the last
    for i in range(0, len(communes), part.batch):
        chunk = communes[i : i + part.batch]
        _assessments(part, catalogue, chunk, people, sink, report, unmet, whole.years[-1])
        done = min(i + part.batch, len(communes))
        if done == len(communes) or done // part.batch % 10 == 0:
            out(
                f"Kết quả: {done}/{len(communes)} xã, {report.counts['statuses']} chỉ tiêu "
                f"({time.perf_counter() - start:.0f} s)"
            )
    _tasks(part, catalogue, communes, offices, people, report, unmet)
    out(f"Nhiệm vụ: {report.counts['tasks']} ({time.perf_counter() - start:.0f} s)")
    _targets(part, catalogue, communes, people, report, unmet)
    out(f"Chỉ tiêu năm: {report.counts['targets']} ({time.perf_counter() - start:.0f} s)")


def _units(options: Options, catalogue: _Catalogue, report: Report):
    """Provinces, districts, communes and villages. Returns the communes (in code order) and
    the supervising units (districts, or provinces without districts)."""
    plan = layout(options)
    rng = random.Random(f"{options.seed}-units")  # noqa: S311
    provinces = [
        Unit(
            kind=Unit.Kind.PROVINCE,
            code=f"{PREFIX}p{p:02d}",
            prefix="Tỉnh",
            name=f"{NAME} {p:02d}",
            search_name=fold(f"Tỉnh {NAME} {p:02d}"),
            region=region,
            is_synthetic=True,
        )
        for p, (region, _) in enumerate(plan.provinces, start=1)
    ]
    Unit.objects.bulk_create(provinces)
    parents = []  # (supervising unit, province, commune count)
    districts = []
    for p, (province, (_, sizes)) in enumerate(zip(provinces, plan.provinces, strict=True), 1):
        if not options.shape.districts:
            parents.append((province, province, sizes[0]))
            continue
        for d, size in enumerate(sizes, start=1):
            district = Unit(
                kind=Unit.Kind.DISTRICT,
                code=f"{PREFIX}p{p:02d}-d{d:02d}",
                prefix="Huyện",
                name=f"{NAME} {p:02d}-{d:02d}",
                search_name=fold(f"Huyện {NAME} {p:02d}-{d:02d}"),
                parent=province,
                province=province,
                region=province.region,
                is_synthetic=True,
            )
            districts.append(district)
            parents.append((district, province, size))
    Unit.objects.bulk_create(districts, batch_size=1000)
    communes = []
    number = 0
    for parent, province, size in parents:
        for _ in range(size):
            number += 1
            communes.append(
                Unit(
                    kind=Unit.Kind.COMMUNE,
                    code=f"{PREFIX}{number:05d}",
                    prefix="Xã",
                    name=f"{NAME} {number:05d}",
                    search_name=fold(f"Xã {NAME} {number:05d}"),
                    parent=parent,
                    province=province,
                    region=province.region,
                    uses_tdmnpb_thresholds=rng.random() < 0.05,
                    framework=catalogue.framework,
                    level_goal=rng.choices(
                        [Unit.LevelGoal.NTM, Unit.LevelGoal.NANG_CAO, Unit.LevelGoal.KIEU_MAU],
                        weights=[75, 20, 5],
                    )[0],
                    is_synthetic=True,
                )
            )
    Unit.objects.bulk_create(communes, batch_size=2000)
    villages = [
        Unit(
            kind=Unit.Kind.VILLAGE,
            code=f"{c.code}-t{v}",
            prefix="Thôn",
            name=f"{NAME} {c.code[len(PREFIX) :]}-{v}",
            search_name=fold(f"Thôn {NAME} {c.code[len(PREFIX) :]}-{v}"),
            parent=c,
            province_id=c.province_id,
            region=c.region,
            is_synthetic=True,
        )
        for c in communes
        for v in range(1, options.villages + 1)
    ]
    Unit.objects.bulk_create(villages, batch_size=2000)
    report.add("units", len(provinces) + len(districts) + len(communes) + len(villages))
    report.add("provinces", len(provinces))
    report.add("districts", len(districts))
    report.add("communes", len(communes))
    report.add("villages", len(villages))
    offices = [parent for parent, _, _ in parents]
    return communes, offices


def _people(options: Options, communes: list[Unit], offices: list[Unit], report: Report):
    """Accounts and roles. The password is hashed once and the same value given to every
    account (thousands of users for the price of one hash)."""
    rng = random.Random(f"{options.seed}-people")  # noqa: S311
    encoded = make_password(options.password or None)  # None: an unusable password
    users, roles = [], []

    def user(username: str, full_name: str, position: str = "") -> User:
        u = User(username=username, full_name=full_name, position=position, password=encoded)
        users.append(u)
        return u

    admin = User(
        username=f"{PREFIX}admin",
        full_name="Quản trị (giả lập)",
        password=make_password(None),
        is_superuser=True,
        is_staff=True,
    )
    users.append(admin)
    office_of, official_of, leader_of = {}, {}, {}
    provinces_with_districts = {}
    for unit in offices:
        office_of[unit.pk] = user(
            f"{PREFIX}vp-{unit.code[len(PREFIX) :]}", f"Văn phòng điều phối NTM {unit}"
        )
        roles.append((office_of[unit.pk], unit, Role.Kind.SUPERVISOR))
        if unit.kind == Unit.Kind.DISTRICT:
            provinces_with_districts[unit.province_id] = unit.province
    for province in provinces_with_districts.values():
        u = user(
            f"{PREFIX}vp-{province.code[len(PREFIX) :]}", f"Văn phòng điều phối NTM {province}"
        )
        roles.append((u, province, Role.Kind.PROVINCE_OFFICE))
    for c in communes:
        if rng.random() >= options.officials:
            continue
        number = c.code[len(PREFIX) :]
        official_of[c.pk] = user(
            f"{PREFIX}cb-{number}", f"Công chức xã {number}", "Công chức Văn hóa - xã hội"
        )
        leader_of[c.pk] = user(f"{PREFIX}ct-{number}", f"Chủ tịch xã {number}", "Chủ tịch UBND xã")
        roles.append((official_of[c.pk], c, Role.Kind.COMMUNE_OFFICIAL))
        roles.append((leader_of[c.pk], c, Role.Kind.COMMUNE_LEADER))
    User.objects.bulk_create(users, batch_size=2000)
    Role.objects.bulk_create(
        [Role(user=u, unit=unit, kind=kind) for u, unit, kind in roles], batch_size=2000
    )
    report.add("users", len(users))
    report.add("roles", len(roles))
    return _People(admin, office_of, official_of, leader_of)


def _reform(options: Options, catalogue: _Catalogue, communes: list[Unit], report: Report):
    """The reorganisation of 01/07/2025, through units.reorganisation.apply like a real one:
    every district ended, the communes of each district merged about MERGED into one new
    commune (under the province, the reorganisation's default). Returns the new communes (in
    code order) and the provinces (their supervising units)."""
    rng = random.Random(f"{options.seed}-reform")  # noqa: S311
    by_district: dict[int, list[Unit]] = {}
    for c in communes:
        by_district.setdefault(c.parent_id, []).append(c)
    districts = Unit.objects.in_bulk(list(by_district))
    steps = [
        reorganisation.Step(reorganisation.Action.ABOLISH_DISTRICT, districts[pk].code)
        for pk in sorted(by_district, key=lambda pk: districts[pk].code)
    ]
    number = 0
    for pk in sorted(by_district, key=lambda pk: districts[pk].code):
        olds = by_district[pk]
        start = 0
        for size in _split(len(olds), max(1, round(len(olds) / MERGED)), rng):
            number += 1
            steps += [
                reorganisation.Step(
                    reorganisation.Action.MERGE_COMMUNES,
                    old.code,
                    successor_code=f"{NEW_PREFIX}{number:05d}",
                    successor_name=f"{NAME} X{number:05d}",
                    successor_prefix="Xã",
                )
                for old in olds[start : start + size]
            ]
            start += size
    plan = reorganisation.Plan(REFORM_BASIS, REFORM_DAY, steps)
    began = time.perf_counter()
    reorganisation.apply(plan, actor=None, source=REFORM_SOURCE)
    report.seconds_reform = time.perf_counter() - began
    new = Unit.objects.filter(code__startswith=NEW_PREFIX, created_by_basis=REFORM_BASIS)
    new.update(is_synthetic=True)
    codes = sorted(new.values_list("code", flat=True))
    # the mark of the new communes (the reorganisation gives the defaults), as _units draws them
    goals = [Unit.LevelGoal.NTM, Unit.LevelGoal.NANG_CAO, Unit.LevelGoal.KIEU_MAU]
    drawn: dict[tuple[bool, str], list[str]] = {}
    for code in codes:
        tdmnpb = rng.random() < 0.05
        drawn.setdefault((tdmnpb, rng.choices(goals, weights=[75, 20, 5])[0]), []).append(code)
    for (tdmnpb, goal), group in drawn.items():
        if tdmnpb or goal != Unit.LevelGoal.NTM:
            new.filter(code__in=group).update(uses_tdmnpb_thresholds=tdmnpb, level_goal=goal)
    report.add("new communes", len(codes))
    report.add("communes", len(codes))
    report.add("units", len(codes))
    report.add("reorganisation steps", len(steps))
    provinces = list(synthetic_units().filter(kind=Unit.Kind.PROVINCE).order_by("code"))
    return list(new.select_related("province").order_by("code")), provinces


def _people_after(options, communes, provinces, people: _People, report: Report) -> _People:
    """The accounts of the new communes (an official and a chairman in some); their province's
    office supervises them (a supervisor's role at the province, as in the post2025 shape)."""
    rng = random.Random(f"{options.seed}-people-after")  # noqa: S311
    encoded = make_password(options.password or None)
    office_of = {
        r.unit_id: r.user
        for r in Role.objects.filter(unit__in=provinces, kind=Role.Kind.PROVINCE_OFFICE)
        .select_related("user")
        .order_by("pk")
    }
    users, official_of, leader_of = [], {}, {}
    roles = [Role(user=u, unit_id=pk, kind=Role.Kind.SUPERVISOR) for pk, u in office_of.items()]
    for c in communes:
        if rng.random() >= options.officials:
            continue
        number = c.code[len(PREFIX) :]
        official_of[c.pk] = User(
            username=f"{PREFIX}cb-{number}",
            full_name=f"Công chức xã {number}",
            position="Công chức Văn hóa - xã hội",
            password=encoded,
        )
        leader_of[c.pk] = User(
            username=f"{PREFIX}ct-{number}",
            full_name=f"Chủ tịch xã {number}",
            position="Chủ tịch UBND xã",
            password=encoded,
        )
        users += [official_of[c.pk], leader_of[c.pk]]
        roles.append(Role(user=official_of[c.pk], unit=c, kind=Role.Kind.COMMUNE_OFFICIAL))
        roles.append(Role(user=leader_of[c.pk], unit=c, kind=Role.Kind.COMMUNE_LEADER))
    User.objects.bulk_create(users, batch_size=2000)
    for role in roles:
        role.user_id = role.user.pk
    Role.objects.bulk_create(roles, batch_size=2000)
    report.add("users", len(users))
    report.add("roles", len(roles))
    return _People(people.admin, office_of, official_of, leader_of)


def _evidence_path() -> Path:
    return Path(str(settings.EVIDENCE_ROOT)) / EVIDENCE_NAME  # env.path gives an environ.Path


def _evidence_file() -> None:
    """The one small PDF every synthetic evidence row points at."""
    path = _evidence_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        )


STATUS_FIELDS = [
    "id",
    "assessment_id",
    "indicator_id",
    "status",
    "value",
    "note",
    "judged_automatically",
    "version",
    "updated_by_id",
    "updated_at",
    "verified_status",
    "verified_value",
    "verified_at",
    "review_comment",
]
CHANGE_FIELDS = [
    "status_id",
    "actor_id",
    "at",
    "action",
    "old_status",
    "new_status",
    "old_value",
    "new_value",
    "old_note",
    "new_note",
    "detail",
]
ASSESSMENT_FIELDS = [
    "id",
    "commune_id",
    "framework_id",
    "year",
    "state",
    "met_count",
    "criteria_count",
    "verified_met_count",
    "indicator_met_count",
    "indicator_count",
    "verified_indicator_met_count",
    "submitted_at",
    "submitted_by_id",
    "verified_at",
    "verified_by_id",
    "version",
    "created_at",
    "updated_at",
]
RESULT_FIELDS = list(RESULT_COLUMNS)  # rows below are built in this order
EVENT_FIELDS = ["assessment_id", "actor_id", "at", "action", "old_state", "new_state", "comment"]
EVIDENCE_FIELDS = [
    "status_id",
    "file",
    "token",
    "extension",
    "original_name",
    "content_type",
    "size",
    "uploaded_by_id",
    "uploaded_at",
]


def _note(status: str, year: int) -> str:
    if status == MET:
        return f"Đạt theo biên bản kiểm tra của UBND xã năm {year}."
    if status == NOT_MET:
        return f"Chưa đạt: còn hạng mục đang thực hiện, phấn đấu hoàn thành năm {year + 1}."
    return ""


def _next_status(before: str | None, quality: float, rng: random.Random) -> str:
    """This year's status of an indicator from last year's: a first year mostly met (how
    much depends on the commune), kept when met (0,3 % lost: rớt chuẩn), reached later."""
    if before is None:
        r = rng.random()
        if r < 0.02:
            return NOT_ASSESSED
        return MET if r < 0.85 + 0.14 * quality else NOT_MET
    if before == MET:
        return MET if rng.random() < 0.997 else NOT_MET
    if before == NOT_MET:
        return MET if rng.random() < 0.45 + 0.4 * quality else NOT_MET
    return MET if rng.random() < 0.7 else NOT_MET


def _state(last: bool, rng: random.Random) -> str:
    if not last:
        return VERIFIED if rng.random() < 0.85 else DRAFT
    return rng.choices([DRAFT, SUBMITTED, RETURNED, VERIFIED], weights=[45, 15, 5, 35])[0]


def _assessments(options, catalogue, communes, people: _People, sink, report, unmet, open_year):
    """A round of communes: every year's assessment, statuses, history, summaries, events
    and evidence. The random draws depend only on the seed and the commune's code. Notes in
    `unmet` the criteria each commune did not meet the year before the last (for targets).
    `open_year`: the year still open (the others are past years, mostly verified)."""
    framework, indicators = catalogue.framework, catalogue.indicators
    criteria_ids = [c.pk for c in catalogue.criteria]
    criterion_of = {i.pk: i.criterion_id for i in indicators}
    years = options.years
    compare = years[-2] if len(years) > 1 else years[-1]
    assessment_ids = iter(sink.ids(Assessment, len(communes) * len(years)))
    status_ids = iter(sink.ids(IndicatorStatus, len(communes) * len(years) * len(indicators)))
    assessments, statuses, changes, results, events, evidence = [], [], [], [], [], []
    evidence_size = (_evidence_path()).stat().st_size
    for commune in communes:
        rng = random.Random(f"{options.seed}-{commune.code}")  # noqa: S311
        official = people.official_of.get(commune.pk)
        actor = official.pk if official else None  # who edits the commune's statuses
        leader = people.leader_of.get(commune.pk)
        office = people.office_of.get(commune.parent_id)
        category = commune.threshold_category(framework.category_kind)
        quality = rng.betavariate(6, 1.2)  # most communes do well
        current: dict[int, tuple[str, Decimal | None, str]] = {}  # indicator -> status, value, note
        for year in years:
            last = year == open_year
            state = _state(last, rng)
            automatic = catalogue.automatic[(category, year)]
            aid = next(assessment_ids)
            opened = _at(year, 1, rng.randint(5, 25), 8)
            submitted_at = _at(year, 11, rng.randint(1, 10)) if state != DRAFT else None
            verified_at = _at(year, 11, rng.randint(15, 28)) if state == VERIFIED else None
            verified = state == VERIFIED
            being_updated = set()  # a few indicators of an open year not assessed yet
            if last and state in (DRAFT, RETURNED) and rng.random() < 0.1:
                being_updated = set(rng.sample([i.pk for i in indicators], rng.randint(2, 8)))
            rows = []
            for ind in indicators:
                old = current.get(ind.pk)
                status = _next_status(old and old[0], quality, rng)
                if ind.pk in being_updated:
                    status = NOT_ASSESSED
                if status == NOT_ASSESSED and state in (SUBMITTED, VERIFIED):
                    status = NOT_MET  # a year sent for review has every indicator judged
                threshold = automatic.get(ind.pk)
                if threshold is not None:
                    if status == NOT_ASSESSED:
                        value = None
                    elif old is not None and old[0] == status and old[1] is not None:
                        value = old[1]  # measured again, same figure
                    else:
                        value = _value(threshold, status == MET, rng)
                    status, note = rules.judge(value, threshold), ""
                else:
                    value = None
                    note = old[2] if old is not None and old[0] == status else _note(status, year)
                sid = next(status_ids)
                # history: the year opened (or carried forward), then at most one save
                if old is None:
                    before = (NOT_ASSESSED, None, "")
                    changes.append(
                        (sid, actor, opened, "create", "", NOT_ASSESSED, None, None, "", "")
                        + (f"Mở năm đánh giá {year}",)
                    )
                else:
                    before = old
                    changes.append(
                        (sid, actor, opened, "copy_forward", "", old[0], None, old[1], "", old[2])
                        + (f"Chuyển từ năm {year - 1}",)
                    )
                version, updated_at = 1, opened
                if (status, value, note) != before:
                    # one save: one version, its rows stamped with one time (as status_update)
                    version, updated_at = 2, _at(year, rng.randint(2, 10), rng.randint(1, 28))
                    changes.append(
                        (sid, actor, updated_at, "update", before[0], status, before[1], value)
                        + (before[2], note, "")
                    )
                    if status == MET and rng.random() < 0.05:
                        evidence.append(
                            (sid, EVIDENCE_NAME, f"{rng.getrandbits(128):032x}", ".pdf")
                            + ("bien-ban-kiem-tra.pdf", "application/pdf", evidence_size)
                            + (actor, updated_at)
                        )
                        changes.append(
                            (sid, actor, updated_at, "evidence_added", status, status, value)
                            + (value, note, note, "Thêm minh chứng: bien-ban-kiem-tra.pdf")
                        )
                statuses.append(
                    (sid, aid, ind.pk, status, value, note, threshold is not None, version)
                    + (actor, updated_at, status if verified else "")
                    + (value if verified else None, verified_at, "")
                )
                # in the order of criteria.services.SUMMARY_ROW_COLUMNS
                rows.append(
                    (criterion_of[ind.pk], status, status if verified else "", ind.retired_on)
                )
                current[ind.pk] = (status, value, note)
            owner = {
                "assessment_id": aid,
                "commune_id": commune.pk,
                "framework_id": framework.pk,
                "year": year,
            }
            summary = _summarise(owner, criteria_ids, rows)
            if year == compare:
                unmet[commune.pk] = [r.criterion_id for r in summary.results if r.status != MET]
            results += [
                (aid, r.criterion_id, r.status, r.verified_status, commune.pk, framework.pk, year)
                for r in summary.results
            ]
            steps = []
            if submitted_at:
                steps.append((leader, submitted_at, "submitted", DRAFT, SUBMITTED, ""))
            if state == RETURNED:
                comment = "Đề nghị bổ sung minh chứng."
                steps.append((office, submitted_at + timedelta(days=5), "returned"))
                steps[-1] += (SUBMITTED, RETURNED, comment)
            if verified:
                steps.append((office, verified_at, "verified", SUBMITTED, VERIFIED, ""))
            events += [(aid, who.pk if who else None, *rest) for who, *rest in steps]
            assessments.append(
                (aid, commune.pk, framework.pk, year, state, summary.met_count, len(criteria_ids))
                + (summary.verified_met_count, summary.indicator_met_count)
                + (summary.indicator_count, summary.verified_indicator_met_count, submitted_at)
                + (leader.pk if leader and submitted_at else None, verified_at)
                + (office.pk if office and verified else None, 1 + len(steps), opened)
                + (verified_at or submitted_at or opened,)
            )
    report.add("assessments", sink.write(Assessment, ASSESSMENT_FIELDS, assessments))
    report.add("statuses", sink.write(IndicatorStatus, STATUS_FIELDS, statuses))
    report.add("history", sink.write(StatusChange, CHANGE_FIELDS, changes))
    report.add("criterion results", sink.write(CriterionResult, RESULT_FIELDS, results))
    report.add("workflow events", sink.write(AssessmentEvent, EVENT_FIELDS, events))
    report.add("evidence", sink.write(Evidence, EVIDENCE_FIELDS, evidence))


PARTY_NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
PARTY_POSITIONS = [
    "Công chức Địa chính - Xây dựng",
    "Công chức Văn hóa - xã hội",
    "Phó Chủ tịch UBND xã",
    "Công chức Tài chính - Kế toán",
]
ORGANISATIONS = ["Hội Nông dân xã", "Đoàn Thanh niên xã", "Hội Liên hiệp Phụ nữ xã"]
TASK_TITLES = [
    "Nâng cấp đường trục thôn",
    "Xây dựng nhà văn hóa thôn",
    "Hoàn thiện hồ sơ tiêu chí",
    "Cải tạo hệ thống thủy lợi nội đồng",
    "Tuyên truyền phân loại rác thải tại nguồn",
    "Hỗ trợ mô hình sản xuất liên kết",
]


def _tasks(options, catalogue, communes, offices, people: _People, report: Report, unmet):
    """Tasks of some communes (mostly on the criteria they did not meet, `unmet`) and of every
    supervising unit, with their parties, funding lines and creation history."""
    rng = random.Random(f"{options.seed}-tasks")  # noqa: S311
    by_id = {c.pk: c for c in catalogue.criteria}
    plan_years = options.years[-2:]
    units = [(c, people.official_of.get(c.pk)) for c in communes if rng.random() < options.tasks]
    units += [(o, people.office_of.get(o.pk)) for o in offices]
    tasks, owners = [], []
    for unit, owner in units:
        missing = unmet.get(unit.pk, [])
        for _ in range(rng.randint(2, 5) if unit.kind == Unit.Kind.COMMUNE else rng.randint(1, 3)):
            year = rng.choice(plan_years)
            month = rng.randint(3, 12)
            deadline = date(year, month, 28)
            # not started 20 %, in progress 35 %, done 40 %, paused 5 %
            status = rng.choices(list(Task.Status.values), weights=[20, 35, 40, 5])[0]
            done = status == Task.Status.DONE
            if missing and rng.random() < 0.8:
                criterion = by_id[rng.choice(missing)]
            else:
                criterion = rng.choice(catalogue.criteria)
            tasks.append(
                Task(
                    unit=unit,
                    criterion=criterion,
                    title=f"{rng.choice(TASK_TITLES)} ({year})",
                    plan_year=year,
                    deadline=deadline,
                    deadline_text=f"28/{month:02d}/{year}",
                    status=status,
                    progress=100 if done else rng.choice([0, 10, 30, 50, 70, 90]),
                    completed_on=deadline - timedelta(days=rng.randint(0, 40)) if done else None,
                    created_by=owner,
                    created_at=_at(year, 1, 20),
                    updated_by=owner,
                    updated_at=_at(year, 2, 15),
                )
            )
            owners.append(owner)
    Task.objects.bulk_create(tasks, batch_size=2000)
    parties, lines, changes = [], [], []
    for task, owner in zip(tasks, owners, strict=True):
        name, position = rng.choice(PARTY_NAMES), rng.choice(PARTY_POSITIONS)
        lead = ResponsibleParty(
            task=task,
            kind=ResponsibleParty.Kind.PERSON,
            role=ResponsibleParty.Role.LEAD,
            name=name,
            position=position,
            user=owner,
            order=0,
            search_name=fold(
                " ".join(
                    [name, position, "", *([owner.full_name, owner.username] if owner else [])]
                )
            ),
        )
        parties.append(lead)
        if rng.random() < 0.6:
            org = rng.choice(ORGANISATIONS)
            parties.append(
                ResponsibleParty(
                    task=task,
                    kind=ResponsibleParty.Kind.ORGANISATION,
                    role=ResponsibleParty.Role.COOPERATE,
                    name=org,
                    order=1,
                    search_name=fold(org),
                )
            )
        for i, source in enumerate(rng.sample(list(FundingLine.Source.values), rng.randint(1, 3))):
            planned = rng.randint(5, 2000) * 1_000_000
            lines.append(
                FundingLine(
                    task=task,
                    source=source,
                    planned=planned,
                    disbursed=planned
                    if task.status == Task.Status.DONE
                    else planned * rng.randint(0, 9) // 10,
                    order=i,
                )
            )
        changes.append(
            TaskChange(task=task, actor=owner, at=task.created_at, action=TaskChange.Action.CREATE)
        )
    ResponsibleParty.objects.bulk_create(parties, batch_size=2000)
    FundingLine.objects.bulk_create(lines, batch_size=2000)
    TaskChange.objects.bulk_create(changes, batch_size=2000)
    report.add("tasks", len(tasks))
    report.add("parties", len(parties))
    report.add("funding lines", len(lines))


LEVEL_TARGET = {
    Unit.LevelGoal.NTM: Target.Level.NTM,
    Unit.LevelGoal.NANG_CAO: Target.Level.NANG_CAO,
    Unit.LevelGoal.KIEU_MAU: Target.Level.KIEU_MAU,
}


def _targets(options, catalogue, communes, people: _People, report: Report, unmet):
    """The last year's targets: most communes register up to three of the criteria they did
    not meet the year before (`unmet`, criteria in number order)."""
    rng = random.Random(f"{options.seed}-targets")  # noqa: S311
    last = options.years[-1]
    by_id = {c.pk: c for c in catalogue.criteria}
    targets, chosen = [], []
    for c in communes:
        if rng.random() >= 0.8:
            continue
        missing = unmet.get(c.pk, [])
        picks = rng.sample(missing, min(len(missing), rng.randint(1, 3))) if missing else []
        targets.append(
            Target(
                unit=c,
                year=last,
                framework=catalogue.framework,
                level=LEVEL_TARGET[c.level_goal] if missing else Target.Level.MAINTAIN,
                deadline_text=f"12/{last}",
                set_by=people.office_of.get(c.parent_id),
                updated_at=_at(last, 1, 10),
            )
        )
        chosen.append(sorted(picks, key=lambda pk: by_id[pk].number))
    Target.objects.bulk_create(targets, batch_size=2000)
    through = Target.criteria.through
    through.objects.bulk_create(
        [
            through(target_id=t.pk, criterion_id=cid)
            for t, picks in zip(targets, chosen, strict=True)
            for cid in picks
        ],
        batch_size=5000,
    )
    report.add("targets", len(targets))


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled (autovacuum would get there)."""
    tables = [
        m._meta.db_table
        for m in (
            Unit,
            User,
            Role,
            Assessment,
            IndicatorStatus,
            StatusChange,
            CriterionResult,
            AssessmentEvent,
            Evidence,
            Task,
            ResponsibleParty,
            FundingLine,
            Target,
            UnitPlacement,
            ReorganisationStep,
        )
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


# --- removing it ---------------------------------------------------------------------------


def _delete_rows(queryset: models.QuerySet) -> int:
    """DELETE … WHERE pk IN (the queryset): one statement, no row loaded into Python. Only for
    the large tables, after the rows pointing at them are gone (no signals are connected to
    these models)."""
    model = queryset.model
    quote = connection.ops.quote_name
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    statement = f"DELETE FROM {table} WHERE {pk} IN ({sql})"  # noqa: S608 – names from _meta, values bound
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def country_delete(out: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Remove every synthetic unit, everything under them and the synthetic accounts, in one
    transaction. Real units are never touched: a real unit still placed under a synthetic one
    stops the deletion (ProtectedError) and nothing is removed."""
    units = synthetic_units()
    communes = units.filter(kind=Unit.Kind.COMMUNE)
    counts: dict[str, int] = {}
    with transaction.atomic():
        assessments = Assessment.objects.filter(commune__in=communes)
        statuses = IndicatorStatus.objects.filter(assessment__in=assessments)
        tasks = Task.objects.filter(unit__in=units)
        big: Iterable[tuple[str, models.QuerySet]] = [
            ("history", StatusChange.objects.filter(status__in=statuses)),
            ("evidence", Evidence.objects.filter(status__in=statuses)),
            ("statuses", statuses),
            ("criterion results", CriterionResult.objects.filter(assessment__in=assessments)),
            ("workflow events", AssessmentEvent.objects.filter(assessment__in=assessments)),
            ("assessments", assessments),
            ("funding lines", FundingLine.objects.filter(task__in=tasks)),
            ("parties", ResponsibleParty.objects.filter(task__in=tasks)),
            ("task history", TaskChange.objects.filter(task__in=tasks)),
            ("reminders", ReminderLog.objects.filter(task__in=tasks)),
            ("tasks", tasks),
        ]
        for name, queryset in big:
            counts[name] = _delete_rows(queryset)
            out(f"Đã xóa {counts[name]} {LABELS[name]}")
        # the rest through the ORM, which cascades and refuses to break a real row's link
        Plan.objects.filter(unit__in=units).delete()
        counts["targets"] = Target.objects.filter(unit__in=units).delete()[0]
        users = synthetic_users()
        RoleChange.objects.filter(user__in=users).delete()
        RoleChange.objects.filter(unit__in=units).delete()
        from imports.models import ImportRun

        ImportRun.objects.filter(user__in=users).delete()
        Role.objects.filter(unit__in=units).delete()
        # the reform shape's reorganisation: its record protects the units it names
        reorganisations = synthetic_reorganisations()
        counts["placements"] = UnitPlacement.objects.filter(ended_by__in=reorganisations).delete()[
            0
        ]
        counts["reorganisation steps"] = ReorganisationStep.objects.filter(
            reorganisation__in=reorganisations
        ).delete()[0]
        counts["reorganisations"] = reorganisations.delete()[0]
        counts["users"] = users.delete()[1].get(User._meta.label, 0)
        counts["units"] = 0
        for kind in (Unit.Kind.VILLAGE, Unit.Kind.COMMUNE, Unit.Kind.DISTRICT, Unit.Kind.PROVINCE):
            counts["units"] += units.filter(kind=kind).delete()[1].get(Unit._meta.label, 0)
        out(f"Đã xóa {counts['units']} đơn vị, {counts['users']} tài khoản")
    path = _evidence_path()
    if path.exists():
        path.unlink()
    return counts
