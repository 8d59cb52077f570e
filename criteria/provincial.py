"""A province's own thresholds on a national set (Threshold rows with a province, entered in
the admin: criteria.admin.ThresholdAdmin): each write on record in the set's history
(FrameworkChange, on the province's text) and that province's communes judged again."""

from django.db import transaction

from units.models import User

from .authoring import _record
from .models import FrameworkChange, Threshold
from .rejudging import rejudge


def _provincial_column(threshold: Threshold) -> str:
    column = f"ngưỡng {threshold.category or 'chung'}"
    return column + (f" năm {threshold.year}" if threshold.year else "")


@transaction.atomic
def provincial_threshold_saved(
    *, threshold: Threshold, before: Threshold | None, actor: User
) -> int:
    """A province's own threshold row just written (`before`: the row as it was, None when
    new): on record in the set's history (from what to what, on the row's decision), and, on a
    published set, the years in progress of that province's communes judged again against it
    (verified years untouched). Returns how many statuses changed."""
    indicator = threshold.indicator
    old, new = (before.describe() if before else ""), threshold.describe()
    moved = before is not None and (
        before.province_id,
        before.category,
        before.year,
    ) != (threshold.province_id, threshold.category, threshold.year)
    if before is not None and old == new and not moved:
        return 0  # its note or decision only
    target = f"chỉ tiêu {indicator.code} – {threshold.province}"
    action = FrameworkChange.Action.ADDED if before is None else FrameworkChange.Action.EDITED
    field = _provincial_column(threshold)
    if moved:
        field = f"{_provincial_column(before)} → {field}"
    _record(indicator.framework, actor, action, target, field, old, new, threshold.decision)
    if not indicator.framework.is_published:
        return 0
    changed = rejudge(
        indicator, actor=actor, basis=threshold.decision, province_id=threshold.province_id
    )
    if moved and before.province_id != threshold.province_id:
        changed += rejudge(
            indicator, actor=actor, basis=threshold.decision, province_id=before.province_id
        )
    return changed


@transaction.atomic
def provincial_threshold_delete(*, threshold: Threshold, actor: User) -> int:
    """A province's own threshold row removed: on record, and its communes' years in progress
    judged again against the bar that applies without it (the national one)."""
    indicator, province_id = threshold.indicator, threshold.province_id
    _record(
        indicator.framework,
        actor,
        FrameworkChange.Action.DELETED,
        f"chỉ tiêu {indicator.code} – {threshold.province}",
        _provincial_column(threshold),
        threshold.describe(),
        "",
        threshold.decision,
    )
    threshold.delete()
    if not indicator.framework.is_published:
        return 0
    return rejudge(indicator, actor=actor, basis=threshold.decision, province_id=province_id)
