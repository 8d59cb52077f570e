"""The headline figures above a matrix, computed from its rows (no query).

No recognition tier is read here: a commune's tier (xã NTM nâng cao, kiểu mẫu …) comes from
the register and that tier's own sets (tiers.py), never from its level goal nor from the
matrix's set."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from common.numbers import number_vi
from criteria.models import (
    Criterion,
)
from units.models import Unit

from .presentation import CommuneRow
from .scope import NOT_ASSESSED, NOT_MET

MOST_UNMET = 5  # criteria listed under "chưa đạt nhiều nhất"
LOST_LISTED = 50  # communes named under "rớt chuẩn" (all of them are flagged in the matrix)


# --- headline figures ----------------------------------------------------------------------


@dataclass
class UnmetCriterion:
    criterion: Criterion
    not_met: int
    not_assessed: int
    communes: list[str] = field(default_factory=list)


@dataclass
class Headline:
    total: int  # N, the framework's criteria
    communes: int
    assessed: int
    complete: int
    met_sum: int
    added: int
    compared: int  # communes with a result the year before
    target_added: int
    target_met: int
    goal_sum: int  # criteria the communes with a result aim to meet by the end of the year
    overdue: int
    distribution: dict[int, int]
    unmet: list[UnmetCriterion]
    lost: list[tuple[Unit, Criterion]]
    # indicators met, summed over the communes with a result on a set that has indicators
    indicator_met_sum: int = 0
    indicator_assessed: int = 0

    @property
    def average(self) -> Decimal | None:
        if not self.assessed:
            return None
        return (Decimal(self.met_sum) / self.assessed).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def average_text(self) -> str:
        return "—" if self.average is None else number_vi(self.average, 1)

    @property
    def indicator_average(self) -> Decimal | None:
        """Indicators met per commune with a result ("bình quân 48,7 chỉ tiêu/xã")."""
        if not self.indicator_assessed:
            return None
        average = Decimal(self.indicator_met_sum) / self.indicator_assessed
        return average.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def indicator_average_text(self) -> str:
        """ "" when no commune has an indicator figure (a set without indicators yet)."""
        return "" if self.indicator_average is None else number_vi(self.indicator_average, 1)

    @property
    def not_assessed(self) -> int:
        return self.communes - self.assessed

    @property
    def target_average_text(self) -> str:
        """The average the year's targets aim at: each commune's end-of-year count where the
        target gives one, else its count plus the registered criteria not met yet."""
        if not self.assessed:
            return "—"
        average = (Decimal(self.goal_sum) / self.assessed).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return number_vi(average, 1)

    @property
    def lost_by_commune(self) -> list[tuple[Unit, list[Criterion]]]:
        grouped: dict[int, tuple[Unit, list[Criterion]]] = {}
        for commune, criterion in self.lost:
            grouped.setdefault(commune.pk, (commune, []))[1].append(criterion)
        return list(grouped.values())

    @property
    def lost_listed(self) -> list[tuple[Unit, list[Criterion]]]:
        return self.lost_by_commune[:LOST_LISTED]

    @property
    def lost_more(self) -> int:
        return max(len(self.lost_by_commune) - LOST_LISTED, 0)


def goal(row: CommuneRow) -> int | None:
    """The commune's count at the end of the year by its target: the target's count, else its
    count plus the registered criteria not met yet. A commune not assessed yet that year (its
    target set before its results, as at the start of a year) has its target's count, or
    None when the target names criteria only."""
    if row.target is None:
        return row.met
    if row.target.target_count:
        return max(row.target.target_count, row.met or 0)
    if row.met is None:
        return None
    return row.met + len(row.target.criteria) - len(row.target.met)


def headline(rows: list[CommuneRow], criteria: list[Criterion], *, top: int = MOST_UNMET):
    """The figures above a matrix, from its rows (no query)."""
    total = len(criteria)
    assessed = [r for r in rows if r.met is not None]
    with_indicators = [r for r in assessed if r.indicator_headline]
    not_met, not_assessed = Counter(), Counter()
    names = defaultdict(list)
    for r in rows:
        if r.basis in ("", "unverified"):
            continue
        for criterion, cell in zip(criteria, r.cells, strict=True):
            if cell.status == NOT_MET:
                not_met[criterion.pk] += 1
                names[criterion.pk].append(r.commune.name)
            elif cell.status == NOT_ASSESSED:
                not_assessed[criterion.pk] += 1
    unmet = [
        UnmetCriterion(c, not_met[c.pk], not_assessed[c.pk], names[c.pk])
        for c in criteria
        if not_met[c.pk] or not_assessed[c.pk]
    ]
    unmet.sort(key=lambda u: (-u.not_met, -u.not_assessed, u.criterion.number))
    return Headline(
        total=total,
        communes=len(rows),
        assessed=len(assessed),
        complete=sum(r.complete for r in rows),
        met_sum=sum(r.met for r in assessed),
        added=sum(len(r.added) for r in rows if r.added),
        compared=sum(r.added is not None for r in rows),
        target_added=sum(len(r.target.criteria) for r in rows if r.target),
        target_met=sum(len(r.target.met) for r in rows if r.target),
        goal_sum=sum(goal(r) for r in assessed),
        overdue=sum(r.overdue for r in rows),
        distribution=dict(Counter(r.met for r in assessed)),
        unmet=unmet[:top],
        lost=[(r.commune, c) for r in rows for c in r.lost],
        indicator_met_sum=sum(r.indicator_met for r in with_indicators),
        indicator_assessed=len(with_indicators),
    )
