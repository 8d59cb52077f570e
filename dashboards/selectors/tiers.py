"""The recognition tiers of a dashboard's communes: for each commune tier (xã NTM, nâng cao,
kiểu mẫu, hiện đại) the communes recognised by a decision in force, those eligible but not
recognised, those at risk of revocation and the merged communes not yet recognised again;
and the communes the year's targets register for a tier, recognised or not yet.

Read from the recognition register and each tier's own sets (recognition.selectors.tier_figures),
never from a commune's level goal (`Unit.level_goal`) nor from another tier's set: a commune
that meets every criterion of the xã NTM set says nothing about "nâng cao".

One `tier_figures` call per page, over the communes in force on the day the page is about
(31/12 of its year, or today): a fixed number of queries whatever the number of communes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from plans.models import Target
from recognition.models import Tier
from recognition.selectors import REVOCATION_RULE, REVOCATION_SOURCE, TierFigure, tier_figures
from units.models import Unit

from .figures import goal

ALWAYS_SHOWN = Tier.XA_NTM  # the other tiers only when a commune has something to show
BASIS = (
    "theo quyết định công nhận còn hiệu lực và kết quả đã thẩm tra trên bộ tiêu chí của từng hạng"
)
REGISTERED_NOT_YET = "Đăng ký đạt chuẩn trong năm, chưa công nhận"
HEADERS = [
    "Hạng",
    "Đã công nhận",
    "Đủ điều kiện, chưa công nhận",
    "Có nguy cơ bị thu hồi",
    "Chưa được công nhận lại sau sắp xếp",
]


# The year's target level (plans.Target, set by the office) of a commune working on a tier: with
# an end-of-year count reaching every criterion, the commune is registered to reach it that year.
TARGET_LEVEL_OF_TIER = {
    Tier.XA_NTM: Target.Level.NTM,
    Tier.XA_NTM_NANG_CAO: Target.Level.NANG_CAO,
    Tier.XA_NTM_KIEU_MAU: Target.Level.KIEU_MAU,
}


@dataclass
class Registered:
    """The communes the year's targets register to reach a tier (every criterion by the end of
    the year), and which of them hold it on the table's day: those not yet recognised are what
    the office chases (or, for a past year, what was missed)."""

    tier: str
    year: int
    criteria_count: int
    reached: list[Unit] = field(default_factory=list)
    not_yet: list[Unit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Tier(self.tier).label

    @property
    def count(self) -> int:
        return len(self.reached) + len(self.not_yet)


def day_of(year: int, today: date) -> date:
    """The day a year's dashboard reads the register on: 31/12 of the year, or today."""
    return min(date(year, 12, 31), today)


@dataclass
class TierTable:
    """The tiers a dashboard shows (xã NTM always, the others when not empty)."""

    on: date
    figures: list[TierFigure]
    registered: list[Registered] = field(default_factory=list)
    # the page's set's period, and per tier the communes recognised with a year of the
    # standard in it: recognition starts again with each period's set (2026–2030: QĐ 417's
    # «công nhận theo Bộ tiêu chí giai đoạn 2026 - 2030»), earlier decisions stay in force
    period: tuple[int, int] | None = None
    in_period: dict[str, int] = field(default_factory=dict)
    rule: str = REVOCATION_RULE
    source: str = REVOCATION_SOURCE
    basis: str = BASIS
    headers: list[str] = field(default_factory=lambda: list(HEADERS))

    @property
    def period_text(self) -> str:
        return f"{self.period[0]}–{self.period[1]}" if self.period else ""

    def in_period_of(self, tier: str) -> int | None:
        """How many of the tier's recognised communes reached it within the page's period,
        when not all of them did (else None: nothing to add to the count)."""
        n = self.in_period.get(tier)
        figure = next((f for f in self.figures if f.tier == tier), None)
        if n is None or figure is None or n == len(figure.recognised):
            return None
        return n

    @property
    def period_lines(self) -> list[tuple[str, int, int]]:
        """(tier label, recognised, of which within the period) for the tiers where they
        differ."""
        return [
            (f.label, len(f.recognised), self.in_period[f.tier])
            for f in self.figures
            if self.in_period_of(f.tier) is not None
        ]

    @property
    def revocation_cases(self) -> bool:
        """Whether a commune at risk falls in a revocation case of QĐ 18 (the rule is shown)."""
        return any(r.revocation_case for f in self.figures for r in f.at_risk)

    @property
    def recognised_headers(self) -> list[str]:
        """ "Đã công nhận xã NTM", … : a column per shown tier (tables by district, province)."""
        return [f"Đã công nhận {f.label[:1].lower()}{f.label[1:]}" for f in self.figures]

    @property
    def rows(self) -> list[tuple[str, int, int, int, int]]:
        """(label, recognised, eligible, at risk, lacking) per tier: the four figures."""
        return [(f.label, *counts(f)) for f in self.figures]

    def in_period_by(self, key: dict[int, int | None]) -> dict[int | None, list[int]]:
        """{key of the commune: per shown tier, its recognised communes with a year of the
        standard in the period (mark_period)}, `key` being {commune id: that key}."""
        start, end = self.period or (0, 0)
        by_key: dict[int | None, list[int]] = defaultdict(lambda: [0 for _ in self.figures])
        for i, f in enumerate(self.figures):
            for entry in f.recognised:
                if start <= entry.year <= end:
                    by_key[key.get(entry.unit_id)][i] += 1
        return by_key

    def counts_by(self, key: dict[int, int | None]) -> dict[int | None, list[list[int]]]:
        """{key of the commune (its district, its province): [recognised, eligible, at risk,
        lacking] per shown tier}, `key` being {commune id: that key}."""
        by_key: dict[int | None, list[list[int]]] = defaultdict(
            lambda: [[0, 0, 0, 0] for _ in self.figures]
        )
        for i, f in enumerate(self.figures):
            for column, ids in enumerate(
                (
                    [e.unit_id for e in f.recognised],
                    [a.commune_id for a in f.eligible],
                    [r.unit.pk for r in f.at_risk],
                    [u.pk for u in f.lacking],
                )
            ):
                for pk in ids:
                    by_key[key.get(pk)][i][column] += 1
        return by_key

    def loaded_units(self) -> list[Unit]:
        """The communes the figures hold as objects (all but the eligible ones, whose results
        carry only the commune's id unless `tier_table` was given them)."""
        units = []
        for f in self.figures:
            units += [e.unit for e in f.recognised] + [r.unit for r in f.at_risk] + f.lacking
        return units

    def lines(self) -> list[tuple[str, str, str, str, str]]:
        """(tier, figure, commune code, commune, detail) per commune named, for a sheet; for a
        table made with `known` (naming an eligible commune otherwise costs a query)."""
        out = []
        for f in self.figures:
            for entry in f.recognised:
                detail = (
                    f"{entry.decision.short} của {entry.decision.body}; năm đạt chuẩn {entry.year}"
                )
                out.append((f.label, HEADERS[1], entry.unit.code, str(entry.unit), detail))
            for a in f.eligible:
                detail = f"Năm {a.year}: đạt {a.verified_met_count}/{a.criteria_count} tiêu chí theo {a.framework}"
                out.append((f.label, HEADERS[2], a.commune.code, str(a.commune), detail))
            for r in f.at_risk:
                detail = (
                    f"Năm {r.assessment.year}: không đạt tiêu chí {r.lost_text} "
                    f"({share_text(r)} số tiêu chí); công nhận theo {r.entry.decision.short}"
                )
                if r.revocation_case:
                    detail += "; thuộc trường hợp thu hồi theo QĐ 18/2022/QĐ-TTg"
                if r.unassessed:
                    detail += f"; {r.unassessed_text}"
                out.append((f.label, HEADERS[3], r.unit.code, str(r.unit), detail))
            for unit in f.lacking:
                detail = "Các xã trước sắp xếp đã đạt hạng này; chưa có quyết định sau sắp xếp"
                out.append((f.label, HEADERS[4], unit.code, str(unit), detail))
        for r in self.registered:
            for unit in r.not_yet:
                detail = (
                    f"Chỉ tiêu năm {r.year}: đạt chuẩn; chưa có quyết định công nhận đến ngày "
                    f"{self.on:%d/%m/%Y}"
                )
                out.append((r.label, REGISTERED_NOT_YET, unit.code, str(unit), detail))
        return out

    def period_notes(self) -> list[tuple[str, str]]:
        """ "Đã công nhận Xã NTM, năm đạt chuẩn trong giai đoạn 2026–2030" → "1/4"."""
        return [
            (
                f"Đã công nhận {label}, năm đạt chuẩn trong giai đoạn {self.period_text}",
                f"{within}/{total}",
            )
            for label, total, within in self.period_lines
        ]

    def registered_notes(self) -> list[tuple[str, str]]:
        """ "Đăng ký đạt chuẩn Xã NTM năm 2026" → "5 xã: đã công nhận 2, chưa 3", per tier."""
        return [
            (
                f"Đăng ký đạt chuẩn {r.label} năm {r.year}",
                f"{r.count} xã: đã công nhận {len(r.reached)}, chưa {len(r.not_yet)}",
            )
            for r in self.registered
        ]


def counts(figure: TierFigure) -> list[int]:
    """The four figures of a tier: recognised, eligible, at risk, lacking re-recognition."""
    return [len(figure.recognised), len(figure.eligible), len(figure.at_risk), len(figure.lacking)]


def share_text(at_risk) -> str:
    """ "30,0%": the share of the set's criteria lost, with a decimal comma."""
    return f"{at_risk.share:.1f}".replace(".", ",") + "%"


def tier_table(
    communes: QuerySet[Unit], year: int, today: date, *, known: dict[int, Unit] | None = None
) -> TierTable:
    """The tier figures of `communes` (a dashboard's communes, any that existed during the
    year) on 31/12 of `year` or today: tier_figures counts those that exist that day (a commune
    merged away during the year is its successor's history, never its successor's standing).
    `known`: the communes already fetched, {id: unit}, set on the eligible results so that
    naming them costs no query."""
    on = day_of(year, today)
    figures = tier_figures(communes, year=year, on=on)
    if known is not None:
        for figure in figures:
            for a in figure.eligible:
                if a.commune_id in known:
                    a.commune = known[a.commune_id]
    shown = [f for f in figures if f.tier == ALWAYS_SHOWN or not f.empty]
    return TierTable(on, shown)


def mark_period(table: TierTable, period_start: int, period_end: int) -> None:
    """Count, per tier, the recognised communes whose year of the standard falls in the page's
    set's period (no query)."""
    table.period = (period_start, period_end)
    table.in_period = {
        f.tier: sum(1 for e in f.recognised if period_start <= e.year <= period_end)
        for f in table.figures
    }


def register_targets(table: TierTable, rows, criteria_count: int, level: str, year: int) -> None:
    """The communes of a matrix (`rows`, on a set of `level` with `criteria_count` criteria)
    whose year's target is that tier and reaches every criterion by the end of the year (the
    page's «mục tiêu cuối năm», figures.goal), split by whether they hold the tier on the
    table's day: set on `table.registered`. No query."""
    target_level = TARGET_LEVEL_OF_TIER.get(level)
    if target_level is None or not criteria_count:
        return
    holding = {e.unit_id for f in table.figures if f.tier == level for e in f.recognised}
    registered = Registered(level, year, criteria_count)
    for row in rows:
        if row.target is None or row.target.level != target_level:
            continue
        if (end := goal(row)) is None or end < criteria_count:
            continue
        (registered.reached if row.commune.pk in holding else registered.not_yet).append(
            row.commune
        )
    table.registered = [registered] if registered.count else []
