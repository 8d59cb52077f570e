"""Writes that matter. Each runs in one transaction and writes its history rows in it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from common.numbers import number_vi
from common.uploads import store_private_file
from units.models import Unit, User

from . import rules
from .models import (
    Assessment,
    AssessmentEvent,
    Evidence,
    Framework,
    Indicator,
    IndicatorStatus,
    StatusChange,
    WithdrawnYear,
)
from .selectors import (
    bars_of_year,
    carried_values,
    frameworks_for_unit,
    in_force_in,
    province_set_applies,
    superseded_by,
    threshold_for_status,
)
from .summaries import assessment_recount

Status = IndicatorStatus.Status


def check_framework_applies(*, unit: Unit, framework: Framework, year: int) -> None:
    """Refuse, with the reason, a year that would be assessed on a set that does not apply:
    a draft, a set not in force that year, another province's set, a set for another kind of
    unit. The message names the set(s) in force that year."""
    kind = Framework.UnitKind.VILLAGE if unit.kind == Unit.Kind.VILLAGE else unit.kind
    if framework.unit_kind != kind:
        raise ValidationError(
            f"Bộ tiêu chí {framework} dùng để đánh giá "
            f"{Framework.UnitKind(framework.unit_kind).label.lower()}, không dùng cho {unit}."
        )
    if not province_set_applies(framework, unit, year):
        raise ValidationError(f"Bộ tiêu chí {framework} là bộ riêng của tỉnh khác.")
    if framework.is_draft:
        raise ValidationError(
            f"Bộ tiêu chí {framework} đang là dự thảo: ban hành rồi mới mở năm đánh giá được."
        )
    if framework.retired_on is not None and framework.retired_on <= date(year, 1, 1):
        raise ValidationError(
            f"Bộ tiêu chí {framework} ngừng áp dụng từ {framework.retired_on:%d/%m/%Y}."
        )
    if not framework.covers(year):
        in_force = [str(f) for f in frameworks_for_unit(unit, year)]
        raise ValidationError(
            f"Bộ tiêu chí {framework} áp dụng cho giai đoạn {framework.period}, không áp dụng "
            f"cho năm {year}."
            + (
                f" Năm {year} đánh giá theo: {'; '.join(in_force)}."
                if in_force
                else f" Chưa có bộ tiêu chí nào đã ban hành áp dụng cho năm {year}."
            )
        )


@transaction.atomic
def assessment_open(
    *, commune: Unit, framework: Framework, year: int, actor: User | None
) -> Assessment:
    """Open a year for a commune, copying the latest earlier year of the same set forward.

    The earlier year is read, never written. Indicators new to the catalogue start as
    "chưa đánh giá". The first year on a new set carries the measured values of the indicators
    a FrameworkMapping links to the previous set, marked "cần xác nhận" (see
    selectors.carried_values).
    Retired indicators are not opened. Opening a year that exists returns it unchanged; a year
    on a set that does not apply is refused (check_framework_applies).
    """
    if commune.kind not in (Unit.Kind.COMMUNE, Unit.Kind.VILLAGE):
        raise ValidationError("Chỉ mở năm đánh giá cho xã hoặc thôn, khu dân cư.")
    existing = Assessment.objects.filter(commune=commune, framework=framework, year=year).first()
    if existing is not None:
        return existing
    check_framework_applies(unit=commune, framework=framework, year=year)
    assessment, created = Assessment.objects.get_or_create(
        commune=commune, framework=framework, year=year
    )
    if not created:
        return assessment
    previous = (
        Assessment.objects.filter(commune=commune, framework=framework, year__lt=year)
        .order_by("-year")
        .first()
    )
    carried = {}
    if previous:
        carried = {s.indicator_id: s for s in IndicatorStatus.objects.filter(assessment=previous)}
    indicators = list(
        Indicator.objects.filter(framework=framework).filter(in_force_in(year)).order_by("order")
    )
    mapped = {} if previous else carried_values(commune, framework, year, indicators)
    bar = bars_of_year(commune, framework, year) if previous else None
    now = timezone.now()
    new_rows, rejudged = [], {}
    for indicator in indicators:
        old = carried.get(indicator.pk)
        row = IndicatorStatus(
            assessment=assessment,
            indicator=indicator,
            status=old.status if old else Status.NOT_ASSESSED,
            value=old.value if old else None,
            note=old.note if old else "",
            judged_automatically=old.judged_automatically if old else False,
            updated_by=actor,
            updated_at=now,
        )
        if old is not None:
            # judged on this year's bar (its group's, its province's of the year), not last
            # year's: 80 % met nhóm 3's 70 % and does not meet nhóm 1's 90 %
            threshold = bar(indicator.pk)
            judged = rules.judged_again(old.value, old.judged_automatically, threshold)
            if judged is not None and judged != (old.status, old.judged_automatically):
                row.status, row.judged_automatically = judged
                rejudged[indicator.pk] = (
                    f"đánh giá lại theo ngưỡng năm {year}: {threshold.describe()}"
                    if threshold is not None and judged[1]
                    else f"năm {year} không có ngưỡng số: chờ cán bộ đánh giá"
                )
        if indicator.pk in mapped:
            row.status, row.value, row.judged_automatically, row.carried_from = mapped[indicator.pk]
        new_rows.append(row)
    IndicatorStatus.objects.bulk_create(new_rows)
    created_rows = IndicatorStatus.objects.filter(assessment=assessment)
    detail = f"Chuyển từ năm {previous.year}" if previous else f"Mở năm đánh giá {year}"
    StatusChange.objects.bulk_create(
        StatusChange(
            status=s,
            actor=actor,
            at=now,
            action=(
                StatusChange.Action.COPY_FORWARD
                if previous
                else StatusChange.Action.CARRIED
                if s.carried_from
                else StatusChange.Action.CREATE
            ),
            new_status=s.status,
            new_value=s.value,
            new_note=s.note,
            detail=(
                s.carried_from
                if s.carried_from
                else f"{detail}; {rejudged[s.indicator_id]}"
                if s.indicator_id in rejudged
                else detail
            )[:255],
        )
        for s in created_rows
    )
    assessment_recount(assessment)
    return assessment


# what opening a year writes: these changes are not anyone's edit of it
_OPENING = (
    StatusChange.Action.CREATE,
    StatusChange.Action.COPY_FORWARD,
    StatusChange.Action.CARRIED,
    StatusChange.Action.REJUDGED,  # new thresholds applied by the system, not a person
)


def withdraw_problems(assessment: Assessment) -> list[str]:
    """Why the year cannot be withdrawn, in Vietnamese (empty: it can): only a year that is
    still being filled in and that nobody has changed since it was opened – no value, note,
    evidence, question or workflow step – is withdrawn; any other is kept (its history is the
    record)."""
    problems = []
    if assessment.state != Assessment.State.DRAFT:
        problems.append(
            f"Năm {assessment.year} đang ở trạng thái “{assessment.get_state_display()}”: "
            "chỉ rút lại được năm đang cập nhật."
        )
    edited = (
        StatusChange.objects.filter(status__assessment=assessment)
        .exclude(action__in=_OPENING)
        .count()
    )
    if edited:
        problems.append(
            f"Năm {assessment.year} đã có {edited} lần cập nhật chỉ tiêu từ lúc mở: kết quả đã "
            "nhập được giữ lại, không rút lại được (sửa từng chỉ tiêu nếu cần)."
        )
    if Evidence.objects.filter(status__assessment=assessment).exists():
        problems.append(f"Năm {assessment.year} đã có minh chứng đính kèm.")
    if assessment.events.exists():
        problems.append(f"Năm {assessment.year} đã qua thẩm tra hoặc gửi thẩm tra.")
    return problems


@transaction.atomic
def assessment_withdraw(
    *, assessment: Assessment, actor: User | None, reason: str = "", version: int | None = None
) -> WithdrawnYear:
    """Withdraw a year opened by mistake (undo "Mở năm"), when nobody has changed it since
    (withdraw_problems): the year and its untouched rows go, a WithdrawnYear records who opened
    and who withdrew it, when and why. The year is locked first: an edit arriving at the same
    moment either lands before (and the withdrawal is refused) or finds no year."""
    _lock(assessment)
    _check_version(assessment, version, refused="Chưa rút lại năm", then="rút lại")
    problems = withdraw_problems(assessment)
    if problems:
        raise ValidationError(problems)
    opening = (
        StatusChange.objects.filter(status__assessment=assessment, action__in=_OPENING)
        .order_by("at", "pk")
        .first()
    )
    record = WithdrawnYear.objects.create(
        commune=assessment.commune,
        framework=assessment.framework,
        year=assessment.year,
        opened_at=assessment.created_at,
        opened_by=opening.actor if opening else None,
        withdrawn_by=actor,
        reason=reason[:500],
    )
    assessment.delete()
    return record


def _describe(status_value: str, value: Decimal | None, unit: str) -> str:
    text = Status(status_value).label if status_value else ""
    if value is not None:
        text += f" ({number_vi(value, 4)}{' ' + unit if unit else ''})"
    return text


DETAIL_MAX = StatusChange._meta.get_field("detail").max_length


def _bounded(prefix: str, name: str, limit: int = DETAIL_MAX) -> str:
    """`prefix` + `name`, the middle of the name cut to "…" when the whole would not fit
    `limit`; its end (the file type) stays."""
    if len(prefix) + len(name) <= limit:
        return prefix + name
    room = limit - len(prefix) - 1
    tail = min(20, room // 2)
    return f"{prefix}{name[: room - tail]}…{name[len(name) - tail :]}"


# What a decision on the review workflow reads of the year: refreshed from the locked row.
_WORKFLOW_FIELDS = (
    "state",
    "version",
    "submitted_at",
    "submitted_by_id",
    "verified_at",
    "verified_by_id",
    "met_count",
    "criteria_count",
    "verified_met_count",
    "indicator_met_count",
    "indicator_count",
    "verified_indicator_met_count",
    "updated_at",
)
# What status_update compares and copies of the row, read again once the year is locked.
_STATUS_FIELDS = [
    "status",
    "value",
    "note",
    "judged_automatically",
    "version",
    "verified_status",
    "verified_value",
    "verified_at",
    "carried_from",
]


def _lock(assessment: Assessment) -> Assessment:
    """Lock the year's row until the transaction ends (SELECT … FOR UPDATE) and refresh
    `assessment`'s workflow fields from it. Every write that depends on the review state calls
    this first, so it decides on the state as it is, not as its request read it: a submit, a
    return, a verification and the edits of one year run one after the other. (SQLite ignores
    FOR UPDATE: its writers hold the whole database, one at a time.) A year withdrawn since is
    refused in Vietnamese."""
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:  # withdrawn (assessment_withdraw) since the caller read it
        raise ValidationError(
            f"Năm {assessment.year} không còn: năm này vừa được rút lại (mở nhầm). Tải lại trang "
            "xã để xem năm còn lại.",
            code="withdrawn",
        )
    for name in _WORKFLOW_FIELDS:
        setattr(assessment, name, getattr(locked, name))
    return assessment


def _check_version(
    assessment: Assessment, version: int | None, *, refused: str, then: str = "xác nhận"
) -> None:
    """Refuse a decision taken on a page that showed an earlier version of the year (call with
    the year locked), saying what changed since. None: the caller shows no page (a script)."""
    if version is None or version == assessment.version:
        return
    message = f"{refused}: kết quả đã thay đổi từ lúc bạn mở trang: xem lại trước khi {then}."
    since = _changes_since(assessment, version)
    if since:
        message += f" Từ lúc đó: {since}."
    message += f" Trạng thái hiện tại: “{assessment.get_state_display()}”."
    raise ValidationError(message, code="stale")


def _changes_since(assessment: Assessment, version: int) -> str:
    """The workflow steps since `version` (each step adds one to the version and writes one
    event) and the indicators changed since the first of them, in Vietnamese."""
    steps = assessment.version - version
    if steps <= 0:
        return ""
    events = list(assessment.events.select_related("actor").order_by("-at", "-pk")[:steps])[::-1]
    if not events:
        return ""
    parts = []
    for event in events:
        who = event.actor.display_name if event.actor else "hệ thống"
        when = date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")
        parts.append(f"{event.get_action_display()} ({who}, {when})")
    edited = StatusChange.objects.filter(
        status__assessment=assessment,
        at__gte=events[0].at,
        action__in=StatusChange.EDITS,
    ).values_list("status__indicator__order", "status__indicator__code")
    codes = list(dict.fromkeys(code for _, code in sorted(set(edited))))
    text = "; ".join(parts)
    return f"{text}. Chỉ tiêu đã sửa: {', '.join(codes)}" if codes else text


@transaction.atomic
def status_update(
    *,
    status: IndicatorStatus,
    actor: User,
    new_status: str | None,
    value: Decimal | None,
    note: str,
    version: int,
    upload=None,
) -> bool:
    """Record a commune's result for one indicator. Returns False when nothing changed.

    The result:
    - an indicator with a numeric threshold (rules.is_automatic) and a measured `value` is
      judged from that value; a `new_status` given with it is ignored;
    - the same indicator without a value, and no `new_status` (its page hides the result
      field): the save adds a file or a note and keeps the result as it is, unless the result
      was judged from a value this save removes, which leaves it "chưa đánh giá";
    - the same indicator without a value, with a `new_status` (an import's Kết quả column):
      the official judges, as for any other indicator;
    - any other indicator takes the official's judgement: a result other than "chưa đánh giá"
      needs a reason (the note).
    `judged_automatically` says whether the result came from a value.

    A save based on an older version of the row is refused, never merged: the message says
    who changed it (unless it asks for what the row already holds: nothing is written). The
    year's row is locked first and its review state read from the lock, so a save racing the
    leader's submission or the office's verification is either in before it or refused, and a
    change to a verified result reopens the year visibly.
    """
    assessment = _lock(status.assessment)
    # what the row holds now, under the lock (the caller read it at the start of its request)
    status.refresh_from_db(fields=_STATUS_FIELDS)
    if assessment.is_locked_for_commune:
        raise ValidationError(
            f"Kết quả năm {assessment.year} đã gửi thẩm tra: chờ văn phòng NTM trả lại hoặc "
            "thẩm tra xong rồi mới sửa được."
        )
    later = superseded_by(assessment)
    if later is not None:
        raise ValidationError(
            f"Kết quả năm {assessment.year} theo {assessment.framework} đã được chuyển sang "
            f"{later.framework} (năm {later.year}): hồ sơ cũ chỉ để xem, không sửa được."
        )
    threshold = threshold_for_status(status)
    automatic = rules.is_automatic(threshold) and value is not None  # judged from the value
    if automatic:
        new_status = rules.judge(value, threshold)
    elif rules.is_automatic(threshold) and not new_status:
        new_status = Status.NOT_ASSESSED if status.value is not None else status.status
    elif not new_status:
        raise ValidationError({"status": "Chọn kết quả đánh giá."})
    elif new_status != Status.NOT_ASSESSED and not note.strip():
        raise ValidationError(
            {"note": "Chỉ tiêu này do cán bộ đánh giá: ghi rõ lý do hoặc căn cứ đánh giá."}
        )

    confirming = bool(status.carried_from)  # any save by an official confirms it
    unchanged = (
        new_status == status.status
        and value == status.value
        and note == status.note
        and upload is None
        and not confirming
    )
    if unchanged:
        # nothing to write, whatever version the page had: also a save sent again after its
        # answer was lost on a bad connection (the first one landed), which is no conflict
        return False

    now = timezone.now()
    updated = IndicatorStatus.objects.filter(pk=status.pk, version=version).update(
        status=new_status,
        value=value,
        note=note,
        judged_automatically=automatic,
        carried_from="",
        version=F("version") + 1,
        updated_by=actor,
        updated_at=now,
    )
    if not updated:
        current = IndicatorStatus.objects.select_related("updated_by").get(pk=status.pk)
        who = current.updated_by.display_name if current.updated_by else "người khác"
        when = date_format(timezone.localtime(current.updated_at), "SHORT_DATETIME_FORMAT")
        raise ValidationError(
            f"Chỉ tiêu {status.indicator.code} vừa được {who} cập nhật lúc {when}: "
            f"{_describe(current.status, current.value, rules.value_unit(status.indicator, threshold))}"
            f"{' – ghi chú: ' + current.note if current.note else ''}. "
            "Thay đổi của bạn chưa được lưu. Hãy xem lại giá trị mới rồi lưu lại nếu vẫn cần sửa."
        )

    if confirming or not (
        new_status == status.status and value == status.value and note == status.note
    ):
        StatusChange.objects.create(
            status=status,
            actor=actor,
            at=now,
            action=StatusChange.Action.CONFIRMED if confirming else StatusChange.Action.UPDATE,
            detail=f"Xác nhận giá trị {status.carried_from}"[:255] if confirming else "",
            old_status=status.status,
            new_status=new_status,
            old_value=status.value,
            new_value=value,
            old_note=status.note,
            new_note=note,
        )
    if upload is not None:
        evidence_add(status=status, actor=actor, upload=upload, at=now)

    old_status, old_value, old_note = status.status, status.value, status.note
    status.status, status.value, status.note = new_status, value, note
    status.judged_automatically = automatic
    status.carried_from = ""
    status.version = version + 1
    status.updated_by, status.updated_at = actor, now
    # any edit of a verified year – a result, a value, a note, a file – reopens it, as the
    # form says: the office verifies again what it has not seen (the verified copies stay)
    before, after = (old_status, old_value, old_note), (new_status, value, note)
    edited = confirming or upload is not None or before != after
    if assessment.state == Assessment.State.VERIFIED and edited:
        what = "kết quả" if status.verification == "changed" else "ghi chú hoặc minh chứng"
        _transition(
            assessment,
            actor=actor,
            action=AssessmentEvent.Action.REOPENED,
            expected=(Assessment.State.VERIFIED,),
            new_state=Assessment.State.DRAFT,
            comment=f"Sửa {what} chỉ tiêu {status.indicator.code} sau khi đã thẩm tra",
        )
    assessment_recount(assessment)
    return True


@transaction.atomic
def evidence_add(*, status: IndicatorStatus, actor: User, upload, at=None) -> Evidence:
    """Store a checked upload (see forms.validate_evidence) under a random name and record it.

    No file outlives a write that did not commit, and no row names a file that was not stored
    (common.uploads.store_private_file says how). Only a process killed between storing the
    file and the commit leaves a file without a row: `manage.py check_evidence` lists such
    orphans (`--delete-orphans` removes them) and `manage.py backup` leaves them out.
    """
    at = at or timezone.now()
    evidence = Evidence(status=status, uploaded_by=actor, uploaded_at=at)
    store_private_file(evidence, upload, what="tệp minh chứng")
    try:
        StatusChange.objects.create(
            status=status,
            actor=actor,
            at=at,
            action=StatusChange.Action.EVIDENCE_ADDED,
            old_status=status.status,
            new_status=status.status,
            old_value=status.value,
            new_value=status.value,
            old_note=status.note,
            new_note=status.note,
            detail=_bounded("Thêm minh chứng: ", evidence.original_name),
        )
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def _transition(
    assessment, *, actor, action, expected, new_state, comment="", review=None, **fields
) -> None:
    """Move the workflow state if it is still one of `expected` on the locked row, add one to
    the version and record the event (with `review`'s date and participants, if given)."""
    _lock(assessment)
    old_state = assessment.state
    if old_state not in expected:
        raise ValidationError(
            f"Không thực hiện được: kết quả năm {assessment.year} đang ở trạng thái "
            f"“{assessment.get_state_display()}”. Tải lại trang để xem thay đổi mới nhất."
        )
    Assessment.objects.filter(pk=assessment.pk).update(
        state=new_state, version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    assessment.version += 1
    AssessmentEvent.objects.create(
        assessment=assessment,
        actor=actor,
        action=action,
        old_state=old_state,
        new_state=new_state,
        comment=comment,
        held_on=review.held_on if review else None,
        participants=review.participants if review else "",
    )
    assessment.state = new_state
    for name, value in fields.items():
        setattr(assessment, name, value)


def years_rejudged(assessments, *, actor: User | None, comment: str) -> None:
    """The years (locked by the caller) whose results a change of their set judged again: one
    more version each and an event saying why, so that a page opened before – the office's
    review, the leader's sending – is refused rather than deciding on figures it never showed
    (_check_version)."""
    assessments = list(assessments)
    if not assessments:
        return
    now = timezone.now()
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(
        version=F("version") + 1, updated_at=now
    )
    AssessmentEvent.objects.bulk_create(
        AssessmentEvent(
            assessment=a,
            actor=actor,
            at=now,
            action=AssessmentEvent.Action.REJUDGED,
            old_state=a.state,
            new_state=a.state,
            comment=comment[:4000],
        )
        for a in assessments
    )
    for a in assessments:
        a.version += 1


def submit_problems(assessment: Assessment) -> list[str]:
    """What keeps the year from being sent for review, in Vietnamese (empty: it may be sent):
    the confirmation page shows them before the leader presses the button, and
    assessment_submit refuses with the first."""
    if not assessment.statuses.exists():
        return [
            f"Bộ tiêu chí {assessment.framework} chưa có chỉ tiêu nào: chưa có gì để gửi thẩm "
            "tra. Chờ cơ quan có thẩm quyền nhập các chỉ tiêu của bộ tiêu chí."
        ]
    problems = []
    # the indicators the year counts: an indicator or criterion retired before it decides nothing
    year_start = date(assessment.year, 1, 1)
    counted = assessment.statuses.filter(
        Q(indicator__retired_on__isnull=True) | Q(indicator__retired_on__gt=year_start),
        Q(indicator__criterion__retired_on__isnull=True)
        | Q(indicator__criterion__retired_on__gt=year_start),
    )
    carried_count = counted.exclude(carried_from="").count()
    if carried_count:
        problems.append(
            f"Còn {carried_count} chỉ tiêu có giá trị chép từ bộ tiêu chí trước chưa được xác "
            "nhận: mở từng chỉ tiêu, kiểm tra rồi lưu để xác nhận."
        )
    open_count = counted.filter(status=Status.NOT_ASSESSED).count()
    if open_count:
        problems.append(
            f"Còn {open_count} chỉ tiêu chưa đánh giá: cập nhật đủ các chỉ tiêu rồi mới gửi thẩm tra."
        )
    return problems


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor: User, version: int | None = None) -> None:
    """The commune sends its self-assessment to the supervising office (draft/returned → submitted).

    `version`: the year's version on the page the leader sent it from; a page from before a
    workflow step (sent, returned, verified, reopened since) is refused. The year stays locked
    from the checks to the transition: no edit comes in between."""
    _lock(assessment)
    _check_version(assessment, version, refused="Chưa gửi thẩm tra", then="gửi")
    problems = submit_problems(assessment)
    if problems:
        raise ValidationError(problems[0])
    _transition(
        assessment,
        actor=actor,
        action=AssessmentEvent.Action.SUBMITTED,
        expected=(Assessment.State.DRAFT, Assessment.State.RETURNED),
        new_state=Assessment.State.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor,
    )


@dataclass(frozen=True)
class Review:
    """How a review took place: the day the office inspected the records (not when it is
    entered) and who took part."""

    held_on: date | None = None
    participants: str = ""


PARTICIPANTS_MAX = AssessmentEvent._meta.get_field("participants").max_length


def _check_review(assessment: Assessment, review: Review | None, *, date_required: bool) -> Review:
    """The review's date and participants within their rules (AssessmentEvent.held_on_problem,
    the participants' bound), every problem at once, by field."""
    review = review or Review()
    participants = (review.participants or "").strip()
    errors: dict[str, str] = {}
    if review.held_on is None and date_required:
        errors["held_on"] = "Nhập ngày thẩm tra thực tế (ngày văn phòng kiểm tra hồ sơ của xã)."
    problem = AssessmentEvent.held_on_problem(review.held_on, assessment.year, timezone.localdate())
    if problem:
        errors["held_on"] = problem
    if len(participants) > PARTICIPANTS_MAX:
        errors["participants"] = (
            f"Thành phần tham gia tối đa {PARTICIPANTS_MAX} ký tự (đang có {len(participants)})."
        )
    if errors:
        raise ValidationError(errors)
    return Review(review.held_on, participants)


@transaction.atomic
def assessment_return(
    *,
    assessment: Assessment,
    actor: User,
    comments: dict[int, str],
    comment: str = "",
    version: int | None = None,
    review: Review | None = None,
) -> None:
    """The supervising office sends the assessment back with a question on each indicator it
    doubts (submitted → returned). At least one indicator must be questioned. `version`: as
    for assessment_verify. `review`: the day it inspected the records and who took part, both
    optional here (checked as for assessment_verify)."""
    review = _check_review(assessment, review, date_required=False)
    _lock(assessment)
    _check_version(assessment, version, refused="Chưa trả lại xã")
    comments = {pk: text.strip() for pk, text in comments.items() if text and text.strip()}
    if not comments:
        raise ValidationError("Ghi ý kiến cho ít nhất một chỉ tiêu cần xã xem lại.")
    statuses = {s.pk: s for s in assessment.statuses.filter(pk__in=comments)}
    if set(statuses) != set(comments):
        raise ValidationError("Chỉ tiêu không thuộc kết quả đánh giá này.")
    _transition(
        assessment,
        actor=actor,
        action=AssessmentEvent.Action.RETURNED,
        expected=(Assessment.State.SUBMITTED,),
        new_state=Assessment.State.RETURNED,
        comment=comment,
        review=review,
    )
    now = timezone.now()
    assessment.statuses.update(review_comment="")
    for pk, text in comments.items():
        status = statuses[pk]
        IndicatorStatus.objects.filter(pk=pk).update(review_comment=text)
        StatusChange.objects.create(
            status=status,
            actor=actor,
            at=now,
            action=StatusChange.Action.QUESTIONED,
            old_status=status.status,
            new_status=status.status,
            old_value=status.value,
            new_value=status.value,
            old_note=status.note,
            new_note=status.note,
            detail=text[:255],
        )


@transaction.atomic
def assessment_verify(
    *,
    assessment: Assessment,
    actor: User,
    comment: str = "",
    version: int | None = None,
    review: Review | None = None,
) -> None:
    """The supervising office confirms the results (submitted → verified). The verified values
    are kept apart, and the official figure is computed from them.

    `review`: the day the verification took place – required from a page (the review form
    asks for it), None from a script or a test, which records none – and who took part. A day
    in the future or before 1 January of the year assessed is refused.

    `version`: the year's version on the review page the decision was taken on. The data under
    review changes only through a workflow step (returned, answered, sent again), and each step
    adds one to the version: a page opened before such a cycle is refused and nothing is
    written, so nothing is verified unseen. None: no page (scripts, tests)."""
    review = _check_review(assessment, review, date_required=review is not None)
    _lock(assessment)
    _check_version(assessment, version, refused="Chưa xác nhận thẩm tra")
    now = timezone.now()
    _transition(
        assessment,
        actor=actor,
        action=AssessmentEvent.Action.VERIFIED,
        expected=(Assessment.State.SUBMITTED,),
        new_state=Assessment.State.VERIFIED,
        comment=comment,
        review=review,
        verified_at=now,
        verified_by=actor,
    )
    assessment.statuses.update(
        verified_status=F("status"), verified_value=F("value"), verified_at=now, review_comment=""
    )
    # Recount: the verified copies give CriterionResult.verified_status and the official figure.
    assessment_recount(assessment)
