"""How a dashboard shows its rows: the marks, CSS classes and words of a cell, the labels of a
commune's row and target, and the charts drawn from the figures."""

from dataclasses import dataclass

from django.utils.functional import cached_property

from criteria.models import (
    Assessment,
    Criterion,
)
from units.models import Unit

from .. import charts
from .scope import MET, NOT_ASSESSED, NOT_MET, Status

SYMBOLS = {MET: "✔", NOT_MET: "✘", NOT_ASSESSED: "○", "": "–"}
PRINT_SYMBOLS = {MET: "√", NOT_MET: "×", NOT_ASSESSED: "○", "": "–"}


# --- one row per commune -------------------------------------------------------------------


class Cell:
    """One commune × criterion cell of the matrix: a mark, a shape and a word.

    The shape says where the result comes from: "tt" (thẩm tra) filled, the verified result;
    "tdg" (tự đánh giá) outlined, self-assessed and not (or no longer) as verified.
    """

    __slots__ = ("number", "status", "solid", "changed")

    def __init__(self, number: int, status: str, solid: bool, changed: bool):
        self.number, self.status, self.solid, self.changed = number, status, solid, changed

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def print_symbol(self) -> str:
        """The same marks from the print font (Liberation Serif has no ✔ ✘)."""
        return PRINT_SYMBOLS[self.status]

    @property
    def css(self) -> str:
        if not self.status:
            return "c c-none"
        return f"c c-{self.status} {'tt' if self.solid else 'tdg'}"

    @property
    def word(self) -> str:
        """What a screen reader says, the column header giving the criterion."""
        if not self.status:
            return "chưa có kết quả"
        text = Status(self.status).label.lower()
        return f"{text}, sửa sau thẩm tra" if self.changed else text

    @property
    def sheet_text(self) -> str:
        """For the Excel sheet: "Đạt", "Chưa đạt (tự đánh giá)" …"""
        if not self.status:
            return ""
        return Status(self.status).label + ("" if self.solid else " (tự đánh giá)")


@dataclass
class TargetView:
    level: str
    level_label: str
    criteria: list[Criterion]
    met: list[Criterion]
    target_count: int | None

    @property
    def numbers(self) -> str:
        return ", ".join(str(c.number) for c in self.criteria)

    @property
    def progress(self) -> str:
        return f"{len(self.met)}/{len(self.criteria)}" if self.criteria else ""

    @property
    def missing(self) -> list[Criterion]:
        """The criteria the commune registered for the year and has not met yet: behind its
        target while any is left."""
        met = {c.pk for c in self.met}
        return [c for c in self.criteria if c.pk not in met]


BASIS_LABELS = {
    "verified": "Đã thẩm tra",
    "changed": "Sửa sau thẩm tra",
    "self": "Tự đánh giá",
    "unverified": "Chưa thẩm tra",
    "": "Chưa có kết quả",
}


@dataclass
class CommuneRow:
    commune: Unit
    cells: list[Cell]
    met: int | None
    total: int
    basis: str
    state: str
    target: TargetView | None
    added: list[Criterion] | None  # None: nothing to compare with last year
    lost: list[Criterion]
    overdue: int = 0
    # the indicators (chỉ tiêu) in force that year: met (verified ones when the dashboard
    # shows only verified figures), of how many; from the assessment's maintained counts
    indicator_met: int | None = None
    indicator_total: int = 0

    @property
    def headline(self) -> str:
        return "—" if self.met is None else f"{self.met}/{self.total}"

    @property
    def indicator_headline(self) -> str:
        """ "28/35"; "" without a figure or for a set without indicators."""
        if self.met is None or self.indicator_met is None or not self.indicator_total:
            return ""
        return f"{self.indicator_met}/{self.indicator_total}"

    @property
    def counts_text(self) -> str:
        """ "12/19 tiêu chí, 28/35 chỉ tiêu"; "—" without a figure."""
        return Assessment.format_counts(
            self.met, self.total, self.indicator_met, self.indicator_total
        )

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]

    @property
    def state_label(self) -> str:
        return Assessment.State(self.state).label if self.state else ""

    @property
    def added_numbers(self) -> str:
        return ", ".join(str(c.number) for c in self.added or [])

    @property
    def lost_numbers(self) -> str:
        return ", ".join(str(c.number) for c in self.lost)

    @property
    def complete(self) -> bool:
        return self.met is not None and self.total > 0 and self.met == self.total


class Charts:
    """The distribution and funding charts of a dashboard with a `headline`, a `funding` list
    and a `chart_key` that makes the charts' element ids unique on the page."""

    @cached_property
    def distribution_svg(self):
        if self.headline is None:
            return ""
        return charts.distribution_chart(
            chart_id=f"phan-bo-{self.chart_key}",
            counts=self.headline.distribution,
            total=self.headline.total,
        )

    @cached_property
    def funding_svg(self):
        if not self.funding:
            return ""
        return charts.funding_chart(
            chart_id=f"kinh-phi-{self.chart_key}",
            rows=[(t.label, t.planned, t.disbursed) for t in self.funding],
        )

    @property
    def distribution_rows(self) -> list[tuple[int, int]]:
        if self.headline is None:
            return []
        return sorted(self.headline.distribution.items(), reverse=True)
