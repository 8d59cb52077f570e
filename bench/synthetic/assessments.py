"""The assessments of a round of communes: statuses, history, summaries, workflow events
and evidence (`_assessments` and its helpers, the evidence file, the rows' columns)."""

import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from criteria import rules
from criteria.models import (
    Assessment,
    AssessmentEvent,
    CriterionResult,
    Evidence,
    IndicatorStatus,
    StatusChange,
)

# The same summary as assessment_recount writes, so the two can never disagree.
from criteria.summaries import RESULT_COLUMNS, _summarise

from .options import DRAFT, EVIDENCE_NAME, MET, NOT_ASSESSED, NOT_MET, RETURNED, SUBMITTED, VERIFIED
from .sink import _at
from .units import _People


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
