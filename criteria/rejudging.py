"""Reaching the years in progress when a set changes under them: a new indicator added to
each year not verified, the years recounted, each measured value judged again against the bar
that now applies to its commune – its province's and its group's of that year – every change
on the indicator's history and each year touched given a new version and an event
(criteria.services.years_rejudged). Called inside the catalogue writes of criteria.authoring,
criteria.provincial and criteria.transition, in their transaction; verified years are never
touched."""

from datetime import date

from django.db.models import F, Q
from django.utils import timezone

from units.models import Unit, User
from units.selectors import provinces_in

from . import rules
from .models import Assessment, Framework, Indicator, IndicatorStatus, StatusChange
from .selectors import categories_of, thresholds_by_indicator

Status = IndicatorStatus.Status


def _open_assessments(framework: Framework):
    """The years a catalogue change reaches: every year not verified."""
    return Assessment.objects.filter(framework=framework).exclude(state=Assessment.State.VERIFIED)


def _lock_open_years(framework: Framework) -> list[int]:
    """Lock the years in progress (in id order, as every writer does) before a catalogue change
    writes into them, so a verification racing it either comes first – and the year, verified,
    is left alone – or waits until the change is in (criteria.services._lock)."""
    return list(
        _open_assessments(framework).select_for_update().order_by("pk").values_list("pk", flat=True)
    )


def _recount_open(framework: Framework) -> None:
    from .services import assessment_recount

    for assessment in _open_assessments(framework):
        assessment_recount(assessment)


def _reach_open_years(indicator: Indicator, actor: User | None) -> int:
    """Add the new indicator as "chưa đánh giá" to every year in progress (history row each)."""
    from .services import assessment_recount, years_rejudged

    now = timezone.now()
    locked = _lock_open_years(indicator.framework)
    assessments = list(
        Assessment.objects.filter(pk__in=locked).exclude(statuses__indicator=indicator)
    )
    rows = IndicatorStatus.objects.bulk_create(
        IndicatorStatus(assessment=a, indicator=indicator, updated_by=actor, updated_at=now)
        for a in assessments
    )
    created = IndicatorStatus.objects.filter(
        indicator=indicator, assessment__in=[a.pk for a in assessments]
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            status=s,
            actor=actor,
            at=now,
            action=StatusChange.Action.CREATE,
            new_status=Status.NOT_ASSESSED,
            detail=f"Chỉ tiêu {indicator.code} mới bổ sung vào bộ tiêu chí",
        )
        for s in created
    )
    for assessment in assessments:
        assessment_recount(assessment)
    years_rejudged(
        assessments, actor=actor, comment=f"Chỉ tiêu {indicator.code} mới bổ sung vào bộ tiêu chí"
    )
    return len(rows)


def rejudge(
    indicator: Indicator, *, actor: User | None, basis: str = "", province_id: int | None = None
) -> int:
    """Judge again the measured values of the indicator in every year in progress (of the
    communes in `province_id` in the year judged only, when given) against the threshold that
    now applies to each commune – its province's and its group's of that year; write each
    changed status with a history row and recount its year. Verified years are never touched.
    Returns how many changed."""
    framework = indicator.framework
    locked = _lock_open_years(framework)
    statuses = IndicatorStatus.objects.filter(indicator=indicator, assessment__in=locked)
    if province_id is not None:  # its communes now, and those moved since their year
        statuses = statuses.filter(
            Q(assessment__commune__province_id=province_id)
            | Q(assessment__commune__placed_since__year__gt=F("assessment__year"))
        )
    return _rejudge(
        statuses,
        framework,
        actor=actor,
        basis=basis,
        province_id=province_id,
        why=f"Chỉ tiêu {indicator.code} được đánh giá lại theo ngưỡng mới",
    )


def rejudge_commune(
    commune: Unit, framework: Framework, *, actor: User | None, basis: str, since: date
) -> int:
    """Judge again the commune's years in progress on the set from `since`'s year on, when
    its group (or region) changed from `since`: each value against its new group's bar."""
    locked = list(
        _open_assessments(framework)
        .filter(commune=commune, year__gte=since.year)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    statuses = IndicatorStatus.objects.filter(assessment__in=locked)
    return _rejudge(
        statuses, framework, actor=actor, basis=basis, why="Xã được xếp nhóm mới: đánh giá lại"
    )


def _rejudge(
    statuses, framework: Framework, *, actor, basis: str, why: str, province_id=None
) -> int:
    from .services import assessment_recount, years_rejudged

    statuses = list(
        statuses.filter(Q(value__isnull=False) | Q(judged_automatically=True)).select_related(
            "assessment__commune"
        )
    )
    by_province: dict[int | None, dict] = {}
    categories: dict[tuple[int, int], str] = {}
    provinces: dict[tuple[int, int], int | None] = {}  # the commune's province of the year
    for year in {s.assessment.year for s in statuses}:
        communes = [s.assessment.commune for s in statuses if s.assessment.year == year]
        for unit_id, category in categories_of([c.pk for c in communes], framework, year).items():
            categories[(unit_id, year)] = category
        for unit_id, pid in provinces_in(communes, year).items():
            provinces[(unit_id, year)] = pid
    now = timezone.now()
    touched, changed = {}, 0
    for status in statuses:
        commune = status.assessment.commune
        then = provinces[(commune.pk, status.assessment.year)]
        if province_id is not None and then != province_id:
            continue  # a province's own bar: the years of its communes then
        if then not in by_province:
            by_province[then] = thresholds_by_indicator(framework, then)
        threshold = rules.pick_threshold(
            by_province[then].get(status.indicator_id, []),
            province_id=then,
            category=commune.threshold_category(
                framework.category_kind,
                categories.get((commune.pk, status.assessment.year), ""),
            ),
            year=status.assessment.year,
        )
        judged = rules.judged_again(status.value, status.judged_automatically, threshold)
        if judged is None or judged == (status.status, status.judged_automatically):
            continue
        new_status, automatic = judged
        reason = (
            f"Đánh giá lại theo ngưỡng {threshold.describe()}"
            if automatic
            else "Ngưỡng số đã bỏ: chờ cán bộ đánh giá"
        )
        IndicatorStatus.objects.filter(pk=status.pk).update(
            status=new_status,
            judged_automatically=automatic,
            version=F("version") + 1,
            updated_at=now,
        )
        StatusChange.objects.create(
            status=status,
            actor=actor,
            at=now,
            action=StatusChange.Action.REJUDGED,
            old_status=status.status,
            new_status=new_status,
            old_value=status.value,
            new_value=status.value,
            old_note=status.note,
            new_note=status.note,
            detail=(reason + (f" (căn cứ: {basis})" if basis else ""))[:255],
        )
        touched[status.assessment_id] = status.assessment
        changed += 1
    for assessment in touched.values():
        assessment_recount(assessment)
    years_rejudged(
        touched.values(), actor=actor, comment=why + (f" (căn cứ: {basis})" if basis else "")
    )
    return changed
