"""The figures kept beside the statuses: each year's counts (criteria and indicators met, by
the commune and as verified) and its CriterionResult rows, recounted after every write
(assessment_recount), once per assessment in a batch (recounts_deferred), or rebuilt for the
whole country (summaries_rebuild, `manage.py rebuild_summaries`)."""

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import rules
from .models import Assessment, Criterion, CriterionResult, Framework, IndicatorStatus
from .selectors import active_criteria

Status = IndicatorStatus.Status


_batch = threading.local()


@contextmanager
def recounts_deferred():
    """Within the block, assessment_recount only notes the assessment, and each one noted is
    recounted once when the block ends: for imports that change thousands of statuses in one
    transaction. The summaries are still rewritten inside the caller's transaction, before it
    commits; if the block raises, nothing is recounted (the transaction is rolled back)."""
    if getattr(_batch, "pending", None) is not None:  # nested: the outermost block recounts
        yield
        return
    _batch.pending = {}
    try:
        yield
        pending = _batch.pending
    finally:
        _batch.pending = None
    for assessment in pending.values():
        assessment_recount(assessment)


def assessment_recount(assessment: Assessment) -> None:
    """Rewrite the maintained summary: criteria met / criteria in the framework, the verified
    count, the same three for the indicators in force in the year, and one CriterionResult row
    per criterion (upserted: one query)."""
    pending = getattr(_batch, "pending", None)
    if pending is not None:
        pending[assessment.pk] = assessment
        return
    criteria_ids = list(
        active_criteria(assessment.framework_id, assessment.year)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    rows = IndicatorStatus.objects.filter(assessment=assessment).values_list(*SUMMARY_ROW_COLUMNS)
    summary = _summarise(_owner(assessment), criteria_ids, rows)
    fields = {
        "met_count": summary.met_count,
        "criteria_count": len(criteria_ids),
        "indicator_met_count": summary.indicator_met_count,
        "indicator_count": summary.indicator_count,
    }
    if summary.verified_met_count is not None:
        fields["verified_met_count"] = summary.verified_met_count
        fields["verified_indicator_met_count"] = summary.verified_indicator_met_count
    Assessment.objects.filter(pk=assessment.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(assessment, name, value)
    _upsert_results(summary.results)


@dataclass
class _Summary:
    results: list[CriterionResult]
    met_count: int
    verified_met_count: int | None  # None: never verified
    # the indicators in force in the year (see _summarise)
    indicator_met_count: int = 0
    indicator_count: int = 0
    verified_indicator_met_count: int | None = None  # None: never verified


# What _summarise reads of each indicator status, in this order (also bench.synthetic's rows).
SUMMARY_ROW_COLUMNS = (
    "indicator__criterion_id",
    "status",
    "verified_status",
    "indicator__retired_on",
)
# The maintained counts on Assessment that a rebuild compares and rewrites.
COUNT_FIELDS = (
    "met_count",
    "criteria_count",
    "verified_met_count",
    "indicator_met_count",
    "indicator_count",
    "verified_indicator_met_count",
)


# A CriterionResult row as stored, in this order (also bench.synthetic's bulk writes).
RESULT_COLUMNS = (
    "assessment_id",
    "criterion_id",
    "status",
    "verified_status",
    "commune_id",
    "framework_id",
    "year",
)


def _owner(assessment: Assessment) -> dict[str, int]:
    """What a CriterionResult copies of its assessment (fixed once the year is open)."""
    return {
        "assessment_id": assessment.pk,
        "commune_id": assessment.commune_id,
        "framework_id": assessment.framework_id,
        "year": assessment.year,
    }


def _summarise(owner: dict[str, int], criteria_ids: list[int], rows) -> _Summary:
    """The summary of one assessment (`owner`: see _owner) from its (criterion id, status,
    verified status, indicator retired on) rows (SUMMARY_ROW_COLUMNS).

    The indicators counted are those in force in the assessment's year, as the criteria are
    (selectors.in_force_in, active_indicators): of a criterion counted, and not retired
    before 1 January. The verified figures, like the criteria's, exist once any status has a
    verified copy; an indicator added after the verification has none and counts as not met."""
    year_start = date(owner["year"], 1, 1)
    counted_criteria = set(criteria_ids)
    by_criterion: dict[int, list[tuple[str, str]]] = {}
    indicators = indicators_met = indicators_verified = 0
    for criterion_id, value, verified, retired_on in rows:
        if retired_on is not None and retired_on <= year_start:
            continue  # retired before the year: its row is kept, it decides nothing
        by_criterion.setdefault(criterion_id, []).append((value, verified))
        if criterion_id in counted_criteria:
            indicators += 1
            indicators_met += value == Status.MET
            indicators_verified += verified == Status.MET
    is_verified = any(verified for pairs in by_criterion.values() for _, verified in pairs)
    results = []
    for cid in criteria_ids:
        pairs = by_criterion.get(cid, [])
        results.append(
            CriterionResult(
                **owner,
                criterion_id=cid,
                status=rules.status_of(value for value, _ in pairs),
                # an indicator added after the verification counts as not yet judged
                verified_status=rules.status_of(v or Status.NOT_ASSESSED for _, v in pairs)
                if is_verified
                else "",
            )
        )
    met = sum(r.status == Status.MET for r in results)
    verified_met = sum(r.verified_status == Status.MET for r in results) if is_verified else None
    return _Summary(
        results,
        met,
        verified_met,
        indicator_met_count=indicators_met,
        indicator_count=indicators,
        verified_indicator_met_count=indicators_verified if is_verified else None,
    )


def _upsert_results(results: list[CriterionResult]) -> None:
    if results:
        CriterionResult.objects.bulk_create(
            results,
            update_conflicts=True,
            unique_fields=["assessment", "criterion"],
            update_fields=["status", "verified_status", "commune", "framework", "year"],
        )


@dataclass
class RebuildReport:
    assessments: int = 0  # looked at
    corrected: int = 0  # whose counts or criterion results differed from a fresh computation
    results_written: int = 0
    results_removed: int = 0  # rows of criteria no longer in the assessment's framework


def summaries_rebuild(
    *,
    framework: Framework | None = None,
    year: int | None = None,
    dry_run: bool = False,
    batch_size: int = 500,
) -> RebuildReport:
    """Recompute the counts (COUNT_FIELDS: criteria and indicators met, self-assessed and
    verified) and the CriterionResult rows of every assessment (or those of one framework
    and/or year) from the indicator statuses, a batch at a time (three reads and at most four
    writes per batch). With dry_run, only count what differs."""
    assessments = Assessment.objects.order_by("pk")
    if framework is not None:
        assessments = assessments.filter(framework=framework)
    if year is not None:
        assessments = assessments.filter(year=year)
    criteria_of: dict[int, list[tuple[int, date | None]]] = {}
    for fw_id, cid, retired in Criterion.objects.order_by("number").values_list(
        "framework_id", "pk", "retired_on"
    ):
        criteria_of.setdefault(fw_id, []).append((cid, retired))
    report = RebuildReport()
    rows = list(assessments.values_list("pk", "commune_id", "framework_id", "year", *COUNT_FIELDS))
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        with transaction.atomic():
            _rebuild_batch(batch, criteria_of, report, dry_run=dry_run)
    return report


def _rebuild_batch(batch, criteria_of, report: RebuildReport, *, dry_run: bool) -> None:
    ids = [row[0] for row in batch]
    statuses: dict[int, list] = {}
    for aid, *row in IndicatorStatus.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", *SUMMARY_ROW_COLUMNS
    ):
        statuses.setdefault(aid, []).append(row)
    stored: dict[int, dict[int, tuple]] = {}
    for aid, cid, *row in CriterionResult.objects.filter(assessment_id__in=ids).values_list(
        *RESULT_COLUMNS
    ):
        stored.setdefault(aid, {})[cid] = tuple(row)
    fix_counts, fix_results, stray = [], [], []
    for aid, commune_id, fw_id, year, *counts in batch:
        report.assessments += 1
        criteria_ids = [
            cid
            for cid, retired in criteria_of.get(fw_id, [])
            if retired is None or retired > date(year, 1, 1)
        ]
        owner = {
            "assessment_id": aid,
            "commune_id": commune_id,
            "framework_id": fw_id,
            "year": year,
        }
        summary = _summarise(owner, criteria_ids, statuses.get(aid, []))
        have = stored.get(aid, {})
        wrong = [
            r
            for r in summary.results
            if have.get(r.criterion_id) != (r.status, r.verified_status, commune_id, fw_id, year)
        ]
        extra = set(have) - set(criteria_ids)
        fresh = {
            "met_count": summary.met_count,
            "criteria_count": len(criteria_ids),
            "verified_met_count": summary.verified_met_count,
            "indicator_met_count": summary.indicator_met_count,
            "indicator_count": summary.indicator_count,
            "verified_indicator_met_count": summary.verified_indicator_met_count,
        }
        counts_wrong = tuple(counts) != tuple(fresh[name] for name in COUNT_FIELDS)
        if counts_wrong or wrong or extra:
            report.corrected += 1
        if counts_wrong:
            fix_counts.append(Assessment(pk=aid, **fresh))
        fix_results += wrong
        stray += [(aid, cid) for cid in extra]
    report.results_written += len(fix_results)
    report.results_removed += len(stray)
    if dry_run:
        return
    if fix_counts:
        Assessment.objects.bulk_update(fix_counts, list(COUNT_FIELDS))
    _upsert_results(fix_results)
    if stray:
        stray_q = Q()
        for aid, cid in stray:
            stray_q |= Q(assessment_id=aid, criterion_id=cid)
        CriterionResult.objects.filter(stray_q).delete()
