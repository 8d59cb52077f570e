"""How a commune is judged: which threshold applies, whether a value meets it, the gap.

Pure functions over already-fetched rows, so a page can judge 57 indicators without a query.
"""

from dataclasses import dataclass
from decimal import Decimal

from common.numbers import number_vi

from .models import IndicatorStatus, Threshold

Status = IndicatorStatus.Status


def pick_threshold(
    thresholds, *, province_id: int | None, category: str, year: int
) -> Threshold | None:
    """The most specific threshold among one indicator's rows.

    Provincial beats national, the commune's own region/group beats "chỉ tiêu chung",
    a row for the year beats a row for every year. Rows of other provinces, regions or
    years never apply. None means no known bar: the official judges.
    """
    best, best_rank = None, None
    for t in thresholds:
        if t.province_id is not None and t.province_id != province_id:
            continue
        if t.category and t.category != category:
            continue
        if t.year is not None and t.year != year:
            continue
        if t.value is None and not t.text:
            continue
        rank = (t.province_id is not None, bool(t.category), t.year is not None)
        if best_rank is None or rank > best_rank:
            best, best_rank = t, rank
    return best


def is_automatic(threshold: Threshold | None) -> bool:
    """Numeric bars are applied by the app; text bars and missing bars by the official."""
    return threshold is not None and threshold.value is not None


def value_unit(indicator, threshold: Threshold | None) -> str:
    """The unit a value is measured in: a provincial bar may make a yes/no indicator measurable."""
    if threshold is not None and threshold.unit:
        return threshold.unit
    return indicator.unit


def is_measured(indicator, threshold: Threshold | None) -> bool:
    """Whether the form asks for a measured value."""
    return indicator.kind == indicator.Kind.NUMERIC or is_automatic(threshold)


def judge(value: Decimal | None, threshold: Threshold) -> str:
    """Status of a measured value against a numeric threshold."""
    if value is None:
        return Status.NOT_ASSESSED
    comparator = threshold.effective_comparator()
    if comparator == ">=":
        ok = value >= threshold.value
    elif comparator == "<=":
        ok = value <= threshold.value
    else:
        ok = value == threshold.value
    return Status.MET if ok else Status.NOT_MET


def judged_again(
    value: Decimal | None, judged_automatically: bool, threshold: Threshold | None
) -> tuple[str, bool] | None:
    """(status, judged automatically) of a result under `threshold` when the bar decides it –
    a numeric bar judges its value; a result the app judged on a numeric bar since gone waits
    for the official – else None: the official's own judgement stands."""
    if is_automatic(threshold):
        if value is None and not judged_automatically:
            return None
        return judge(value, threshold), True
    if judged_automatically:
        return Status.NOT_ASSESSED, False
    return None


def gap_text(value: Decimal | None, threshold: Threshold | None) -> str:
    """ "còn thiếu 25,38 điểm % để đạt ≥ 50 %" for an unmet numeric indicator, else ""."""
    if value is None or not is_automatic(threshold):
        return ""
    if judge(value, threshold) == Status.MET:
        return ""
    unit = threshold.effective_unit()
    gap_unit = "điểm %" if unit == "%" else unit
    bar = threshold.describe()
    comparator = threshold.effective_comparator()
    diff = abs(threshold.value - value)
    amount = f"{number_vi(diff, 4)} {gap_unit}".strip()
    if comparator == ">=":
        return f"còn thiếu {amount} để đạt {bar}"
    if comparator == "<=":
        return f"vượt {amount} so với mức {bar}"
    return f"chênh {amount} so với mức {bar}"


@dataclass
class CriterionResult:
    criterion: object
    statuses: list
    status: str

    @property
    def is_met(self) -> bool:
        return self.status == Status.MET


def criterion_status(statuses) -> str:
    """Đạt when every indicator is met; chưa đạt when any is unmet; else chưa đánh giá."""
    return status_of(s.status for s in statuses)


def status_of(values) -> str:
    """The rule of criterion_status over the indicators' result codes (also for a criterion
    without indicators: chưa đánh giá)."""
    values = list(values)
    if values and all(v == Status.MET for v in values):
        return Status.MET
    if any(v == Status.NOT_MET for v in values):
        return Status.NOT_MET
    return Status.NOT_ASSESSED
