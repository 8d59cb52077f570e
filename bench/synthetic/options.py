"""Constants, the shapes of the map, the options of a run, its report, and the layout of
the provinces, districts and communes."""

import random
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from criteria.models import Assessment, IndicatorStatus
from units.models import Reorganisation, Unit, User

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
