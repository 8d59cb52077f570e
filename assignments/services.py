"""Writes of tasks. Each runs in one transaction and writes its TaskChange row in it.

The rules every way in (forms, the Excel import, the demo data) share live here:
the deadline is read from its text, never before the start; progress is 0–100 % and a
completed task is at 100 %; a completion date only on a completed task; amounts are whole,
non-negative đồng; an account named on a task belongs to the task's unit or a level above it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from common import years
from common.limits import field_length_error
from common.text import fold
from criteria.models import Criterion, Indicator
from units.access import TASK_UNIT_KINDS
from units.models import Unit, User

from .deadlines import describe_deadline, format_date, parse_deadline
from .entries import (
    FundingData,
    PartyData,
    format_funding,
    format_parties,
    funding_from_row,
    party_from_row,
)
from .models import (
    FundingLine,
    InboxReminderLog,
    ReminderLog,
    ResponsibleParty,
    Task,
    TaskChange,
)
from .selectors import assignable_users, reminder_digests

Status = Task.Status

# field -> label, in the order the history lists them
LABELS = {
    "criterion": "Tiêu chí",
    "indicator": "Chỉ tiêu",
    "title": "Tên nhiệm vụ",
    "description": "Nội dung",
    "plan_year": "Năm kế hoạch",
    "start_date": "Ngày bắt đầu",
    "deadline": "Thời hạn",
    "status": "Trạng thái",
    "progress": "Tiến độ",
    "completed_on": "Ngày hoàn thành",
    "parties": "Người/đơn vị chịu trách nhiệm",
    "funding": "Kinh phí",
}
FORBIDDEN_IN_ENTRIES = ";"


def _criterion_text(criterion: Criterion | None) -> str:
    return f"{criterion.number}. {criterion.name}" if criterion else ""


def _usernames(parties: Sequence[PartyData]) -> dict[int, str]:
    ids = {p.user_id for p in parties if p.user_id}
    if not ids:
        return {}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))


def _snapshot(
    *,
    criterion,
    indicator,
    title,
    description,
    plan_year,
    start_date,
    deadline,
    deadline_text,
    status,
    progress,
    completed_on,
    parties: Sequence[PartyData],
    funding: Sequence[FundingData],
) -> dict[str, str]:
    """The task as its history shows it: every field as display text."""
    return {
        "criterion": _criterion_text(criterion),
        "indicator": indicator.code if indicator else "",
        "title": title,
        "description": description,
        "plan_year": str(plan_year),
        "start_date": format_date(start_date),
        "deadline": describe_deadline(deadline, deadline_text),
        "status": Status(status).label,
        "progress": f"{progress} %",
        "completed_on": format_date(completed_on),
        "parties": format_parties(parties, _usernames(parties)),
        "funding": format_funding(funding),
    }


def _diff(old: dict[str, str], new: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"field": name, "label": label, "old": old.get(name, ""), "new": new[name]}
        for name, label in LABELS.items()
        if old.get(name, "") != new[name]
    ]


def current_parties(task: Task) -> list[PartyData]:
    return [party_from_row(p) for p in task.parties.all()]


def current_funding(task: Task) -> list[FundingData]:
    return [funding_from_row(f) for f in task.funding_lines.order_by("order", "pk")]


def _task_snapshot(task: Task, parties=None, funding=None) -> dict[str, str]:
    return _snapshot(
        criterion=task.criterion,
        indicator=task.indicator,
        title=task.title,
        description=task.description,
        plan_year=task.plan_year,
        start_date=task.start_date,
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        status=task.status,
        progress=task.progress,
        completed_on=task.completed_on,
        parties=current_parties(task) if parties is None else parties,
        funding=current_funding(task) if funding is None else funding,
    )


def task_framework_id(task: Task) -> int | None:
    """The criteria set a task's criterion numbers are read in: that of its criterion (a set
    its commune may have left since, e.g. a 2025 task on Decision 318's criterion 5 after the
    commune moved to 51/2025), else its unit's current set."""
    if task.criterion_id:
        return task.criterion.framework_id
    return task.unit.framework_id


def validate_task(
    *,
    unit: Unit,
    criterion: Criterion | None,
    indicator: Indicator | None,
    title: str,
    plan_year: int,
    start_date: date | None,
    deadline_text: str,
    status: str,
    progress: int,
    completed_on: date | None,
    parties: Sequence[PartyData],
    funding: Sequence[FundingData],
    description: str = "",
    today: date | None = None,
    task: Task | None = None,
) -> tuple[date, Criterion | None, int]:
    """Check a task's data; return (last day, criterion, progress) or raise a ValidationError
    keyed by field with every problem found. `task`: the task being changed, whose criterion
    stays in its own set (task_framework_id) after its commune moved to another."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    today = today or timezone.localdate()
    if unit.kind not in TASK_UNIT_KINDS:
        add("unit", "Nhiệm vụ chỉ giao cho xã, huyện hoặc tỉnh.")
    if indicator is not None:
        if criterion is None:
            criterion = indicator.criterion
        elif indicator.criterion_id != criterion.pk:
            add(
                "indicator",
                f"Chỉ tiêu {indicator.code} không thuộc tiêu chí số {criterion.number}.",
            )
    framework_id = task_framework_id(task) if task is not None else unit.framework_id
    if criterion is not None and criterion.framework_id != framework_id:
        add(
            "criterion",
            f"Tiêu chí số {criterion.number} không thuộc bộ tiêu chí áp dụng cho {unit}."
            if framework_id == unit.framework_id
            else f"Tiêu chí số {criterion.number} không thuộc bộ tiêu chí của nhiệm vụ này.",
        )
    if not title.strip():
        add("title", "Nhập tên nhiệm vụ.")
    # every text within its column's bound, as stored (stripped, spaces collapsed)
    for name, text in (
        ("title", title.strip()),
        ("description", description.strip()),
        ("deadline_text", " ".join(deadline_text.split())),
    ):
        if message := field_length_error(Task, name, text):
            add(name, message)
    if not years.in_range(plan_year):
        add("plan_year", f"Năm kế hoạch phải từ {years.YEAR_MIN} đến {years.YEAR_MAX}.")
    deadline = None
    try:
        deadline = parse_deadline(deadline_text).day
    except ValidationError as e:
        for message in e.messages:
            add("deadline_text", message)
    if deadline and start_date and deadline < start_date:
        add(
            "deadline_text",
            f"Thời hạn {format_date(deadline)} trước ngày bắt đầu {format_date(start_date)}.",
        )
    if status not in Status.values:
        add("status", "Trạng thái không hợp lệ.")
    if progress is None or not 0 <= progress <= 100:
        add("progress", "Tiến độ phải từ 0 đến 100 %.")
    elif status == Status.DONE:
        progress = 100  # a completed task is complete
    if completed_on and status != Status.DONE:
        add("completed_on", "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.")
    if completed_on and completed_on > today:
        add("completed_on", "Ngày hoàn thành không được sau hôm nay.")
    if completed_on and start_date and completed_on < start_date:
        add("completed_on", "Ngày hoàn thành trước ngày bắt đầu.")

    for p in parties:
        if not p.name.strip():
            add("parties", "Mỗi người/đơn vị chịu trách nhiệm cần họ tên hoặc tên tổ chức.")
        if p.role not in ResponsibleParty.Role.values:
            add("parties", f"Vai trò của “{p.name}” không hợp lệ.")
        if p.kind == ResponsibleParty.Kind.ORGANISATION and p.user_id:
            add("parties", f"“{p.name}” là tổ chức: chỉ gắn tài khoản cho cá nhân.")
        for name in ("name", "position", "unit_name"):
            if message := field_length_error(ResponsibleParty, name, getattr(p, name).strip()):
                add("parties", message)
        if any(FORBIDDEN_IN_ENTRIES in text for text in (p.name, p.position, p.unit_name)):
            add(
                "parties",
                f"“{p.name}”: không dùng dấu “;” trong tên, chức vụ, đơn vị "
                "(dấu này ngăn cách các mục khi xuất, nhập Excel).",
            )
    user_ids = {p.user_id for p in parties if p.user_id}
    if user_ids and unit.kind in TASK_UNIT_KINDS:
        known = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
        allowed = set(assignable_users(unit).filter(pk__in=user_ids).values_list("pk", flat=True))
        for pk in sorted(user_ids - allowed):
            user = known.get(pk)
            add(
                "parties",
                f"Tài khoản {user.display_name} ({user.username}) không thuộc {unit} "
                "hoặc cấp trên của đơn vị này."
                if user
                else "Tài khoản không tồn tại.",
            )
    for f in funding:
        if f.source not in FundingLine.Source.values:
            add("funding", "Nguồn vốn không hợp lệ.")
        for amount in (f.planned, f.disbursed):
            if not isinstance(amount, int) or isinstance(amount, bool):
                add("funding", "Số tiền phải là số nguyên đồng.")
            elif amount < 0:
                add("funding", "Số tiền không được âm.")
        if message := field_length_error(FundingLine, "note", f.note.strip()):
            add("funding", message)
    if errors:
        raise ValidationError(errors)
    return deadline, criterion, progress


SEARCH_MAX_LENGTH = ResponsibleParty._meta.get_field("search_name").max_length


def _search_text(party: PartyData, account: User | None) -> str:
    """The party's name, account, position and unit without diacritics, for the list's "người
    phụ trách" filter; cut to its column (long positions and unit names lose their end, never
    the name or the account)."""
    parts = [party.name, *([account.full_name, account.username] if account else [])]
    parts += [party.position, party.unit_name]
    return fold(" ".join(" ".join(parts).split()))[:SEARCH_MAX_LENGTH].strip()


def _write_children(task: Task, parties: Sequence[PartyData], funding: Sequence[FundingData]):
    users = {}
    ids = {p.user_id for p in parties if p.user_id}
    if ids:
        users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    ResponsibleParty.objects.bulk_create(
        ResponsibleParty(
            task=task,
            kind=p.kind,
            role=p.role,
            name=p.name.strip(),
            position=p.position.strip(),
            unit_name=p.unit_name.strip(),
            user_id=p.user_id,
            order=i,
            search_name=_search_text(p, users.get(p.user_id)),
        )
        for i, p in enumerate(parties)
    )
    FundingLine.objects.bulk_create(
        FundingLine(
            task=task,
            source=f.source,
            planned=f.planned,
            disbursed=f.disbursed,
            note=f.note.strip(),
            order=i,
        )
        for i, f in enumerate(funding)
    )


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    unit: Unit,
    title: str,
    plan_year: int,
    deadline_text: str,
    criterion: Criterion | None = None,
    indicator: Indicator | None = None,
    description: str = "",
    start_date: date | None = None,
    status: str = Status.NOT_STARTED,
    progress: int = 0,
    completed_on: date | None = None,
    parties: Sequence[PartyData] = (),
    funding: Sequence[FundingData] = (),
    action: str = TaskChange.Action.CREATE,
    detail: str = "",
) -> Task:
    deadline, criterion, progress = validate_task(
        unit=unit,
        criterion=criterion,
        indicator=indicator,
        title=title,
        plan_year=plan_year,
        start_date=start_date,
        deadline_text=deadline_text,
        status=status,
        progress=progress,
        completed_on=completed_on,
        parties=parties,
        funding=funding,
        description=description,
    )
    now = timezone.now()
    task = Task.objects.create(
        unit=unit,
        criterion=criterion,
        indicator=indicator,
        title=title.strip(),
        description=description.strip(),
        plan_year=plan_year,
        start_date=start_date,
        deadline=deadline,
        deadline_text=" ".join(deadline_text.split()),
        status=status,
        progress=progress,
        completed_on=completed_on,
        created_by=actor,
        created_at=now,
        updated_by=actor,
        updated_at=now,
    )
    _write_children(task, parties, funding)
    TaskChange.objects.create(
        task=task,
        actor=actor,
        at=now,
        action=action,
        changes=_diff({}, _task_snapshot(task, list(parties), list(funding))),
        detail=detail,
    )
    return task


def _stored_fields(
    *, title, description, deadline_text, **values
) -> dict:  # the task's own fields as task_update stores them
    return {
        "criterion": values["criterion"],
        "indicator": values["indicator"],
        "title": title.strip(),
        "description": description.strip(),
        "plan_year": values["plan_year"],
        "start_date": values["start_date"],
        "deadline": values["deadline"],
        "deadline_text": " ".join(deadline_text.split()),
        "status": values["status"],
        "progress": values["progress"],
        "completed_on": values["completed_on"],
    }


def task_unchanged(
    task: Task,
    *,
    deadline: date,
    title: str,
    plan_year: int,
    deadline_text: str,
    criterion: Criterion | None,
    indicator: Indicator | None,
    description: str,
    start_date: date | None,
    status: str,
    progress: int,
    completed_on: date | None,
    parties: Sequence[PartyData],
    funding: Sequence[FundingData],
) -> bool:
    """Would task_update with these values change nothing? `deadline`, `criterion` and
    `progress` as validate_task returned them. The Excel import's check (which writes nothing)
    skips such a row."""
    fields = _stored_fields(
        criterion=criterion,
        indicator=indicator,
        title=title,
        description=description,
        plan_year=plan_year,
        start_date=start_date,
        deadline=deadline,
        deadline_text=deadline_text,
        status=status,
        progress=progress,
        completed_on=completed_on,
    )
    return (
        all(getattr(task, name) == value for name, value in fields.items())
        and list(parties) == current_parties(task)
        and list(funding) == current_funding(task)
    )


def last_update(task: Task) -> tuple[str, str]:
    """Who last changed the task and when, as the messages say it."""
    who = task.updated_by.display_name if task.updated_by else "người khác"
    return who, date_format(timezone.localtime(task.updated_at), "SHORT_DATETIME_FORMAT")


def _stale_message(task: Task) -> str:
    current = Task.objects.select_related("updated_by").get(pk=task.pk)
    who, when = last_update(current)
    return (
        f"Nhiệm vụ “{current.title}” vừa được {who} cập nhật lúc {when}: "
        f"{current.get_status_display()}, tiến độ {current.progress} %. "
        "Thay đổi của bạn chưa được lưu. Hãy xem lại rồi lưu lại nếu vẫn cần sửa."
    )


@transaction.atomic
def task_update(
    *,
    task: Task,
    actor: User | None,
    version: int,
    title: str,
    plan_year: int,
    deadline_text: str,
    criterion: Criterion | None = None,
    indicator: Indicator | None = None,
    description: str = "",
    start_date: date | None = None,
    status: str = Status.NOT_STARTED,
    progress: int = 0,
    completed_on: date | None = None,
    parties: Sequence[PartyData] = (),
    funding: Sequence[FundingData] = (),
    action: str = TaskChange.Action.UPDATE,
    detail: str = "",
) -> bool:
    """Change a task with its parties and funding. False when nothing changed. A change based
    on an older version is refused, never merged; the message says who changed it."""
    deadline, criterion, progress = validate_task(
        task=task,
        unit=task.unit,
        criterion=criterion,
        indicator=indicator,
        title=title,
        plan_year=plan_year,
        start_date=start_date,
        deadline_text=deadline_text,
        status=status,
        progress=progress,
        completed_on=completed_on,
        parties=parties,
        funding=funding,
        description=description,
    )
    parties, funding = list(parties), list(funding)
    old_parties, old_funding = current_parties(task), current_funding(task)
    fields = _stored_fields(
        criterion=criterion,
        indicator=indicator,
        title=title,
        description=description,
        plan_year=plan_year,
        start_date=start_date,
        deadline=deadline,
        deadline_text=deadline_text,
        status=status,
        progress=progress,
        completed_on=completed_on,
    )
    unchanged = (
        all(getattr(task, name) == value for name, value in fields.items())
        and parties == old_parties
        and funding == old_funding
    )
    if unchanged and version == task.version:
        return False
    now = timezone.now()
    updated = Task.objects.filter(pk=task.pk, version=version).update(
        **fields, version=F("version") + 1, updated_by=actor, updated_at=now
    )
    if not updated:
        raise ValidationError(_stale_message(task))
    old = _task_snapshot(task, old_parties, old_funding)
    for name, value in fields.items():
        setattr(task, name, value)
    task.version, task.updated_by, task.updated_at = version + 1, actor, now
    if parties != old_parties or funding != old_funding:
        task.parties.all().delete()
        task.funding_lines.all().delete()
        _write_children(task, parties, funding)
        if hasattr(task, "_prefetched_objects_cache"):
            task._prefetched_objects_cache.clear()
    changes = _diff(old, _task_snapshot(task, parties, funding))
    if changes:
        TaskChange.objects.create(
            task=task, actor=actor, at=now, action=action, changes=changes, detail=detail
        )
    return True


@transaction.atomic
def task_progress_update(
    *,
    task: Task,
    actor: User,
    status: str,
    progress: int,
    version: int,
    today: date | None = None,
) -> bool:
    """The quick update from a list: status and progress. Marking it completed sets 100 % and
    today's date; reopening clears the date. False when nothing changed."""
    errors = {}
    if status not in Status.values:
        errors["status"] = "Trạng thái không hợp lệ."
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = "Tiến độ phải từ 0 đến 100 %."
    if errors:
        raise ValidationError(errors)
    today = today or timezone.localdate()
    if status == Status.DONE:
        progress = 100
        completed_on = task.completed_on or today
        if task.start_date and completed_on < task.start_date:  # the full form's own rule
            raise ValidationError(
                {
                    "status": f"Nhiệm vụ bắt đầu ngày {task.start_date:%d/%m/%Y}, sau hôm nay: "
                    "chưa đánh dấu hoàn thành được. Nếu đã làm xong sớm, sửa ngày bắt đầu "
                    "trong trang sửa nhiệm vụ."
                }
            )
    else:
        completed_on = None
    same = (status, progress, completed_on) == (task.status, task.progress, task.completed_on)
    if same and version == task.version:
        return False
    now = timezone.now()
    updated = Task.objects.filter(pk=task.pk, version=version).update(
        status=status,
        progress=progress,
        completed_on=completed_on,
        version=F("version") + 1,
        updated_by=actor,
        updated_at=now,
    )
    if not updated:
        raise ValidationError(_stale_message(task))
    old = {
        "status": task.get_status_display(),
        "progress": f"{task.progress} %",
        "completed_on": format_date(task.completed_on),
    }
    task.status, task.progress, task.completed_on = status, progress, completed_on
    task.version, task.updated_by, task.updated_at = version + 1, actor, now
    new = {
        "status": task.get_status_display(),
        "progress": f"{task.progress} %",
        "completed_on": format_date(task.completed_on),
    }
    TaskChange.objects.create(
        task=task,
        actor=actor,
        at=now,
        action=TaskChange.Action.PROGRESS,
        changes=[
            {"field": name, "label": LABELS[name], "old": old[name], "new": new[name]}
            for name in ("status", "progress", "completed_on")
            if old[name] != new[name]
        ],
    )
    return True


# --- reminders ------------------------------------------------------------------------------


@dataclass
class ReminderReport:
    sent: list[tuple[User, str]] = field(default_factory=list)  # (user, what it held)
    skipped: list[User] = field(default_factory=list)  # another run took them first
    failed: list[tuple[User, str]] = field(default_factory=list)


def reminder_message(digest, *, on: date, days: int, base_url: str = "") -> EmailMessage:
    """One e-mail with all of a user's overdue and soon-due tasks, in Vietnamese."""
    context = {
        "digest": digest,
        "on": format_date(on),
        "days": days,
        "base_url": base_url.rstrip("/"),
        "overdue": [_reminder_line(i, on) for i in digest.overdue],
        "due_soon": [_reminder_line(i, on) for i in digest.due_soon],
        "to_review": digest.to_review,
        "questions": digest.questions,
    }
    subject = " ".join(render_to_string("assignments/email/reminder_subject.txt", context).split())
    body = render_to_string("assignments/email/reminder.txt", context)
    return EmailMessage(subject=subject, body=body, to=[digest.user.email])


def _reminder_line(item, on: date) -> dict:
    task = item.task
    late = (on - task.deadline).days
    return {
        "task": task,
        "roles": ", ".join(item.roles),
        "deadline": describe_deadline(task.deadline, task.deadline_text),
        "when": f"quá hạn {late} ngày"
        if late > 0
        else ("đến hạn hôm nay" if late == 0 else f"còn {-late} ngày"),
        "criterion": f"tiêu chí {task.criterion.number}" if task.criterion_id else "nhiệm vụ chung",
    }


def reminders_send(
    *, on: date, days: int, dry_run: bool = False, base_url: str = ""
) -> ReminderReport:
    """E-mail each responsible user one digest. A task is never reminded twice to the same
    user on the same day, nor the waiting years twice a day: the ReminderLog rows (unique task,
    user, date) and the InboxReminderLog row (unique user, date) are claimed in the same
    transaction as the sending, so a second run the same day, even a concurrent one, finds
    nothing to send; a failed sending claims nothing and is retried by the next run."""
    report = ReminderReport()
    for digest in reminder_digests(on, days):
        if dry_run:
            report.sent.append((digest.user, digest.summary))
            continue
        message = reminder_message(digest, on=on, days=days, base_url=base_url)
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    ReminderLog(task=task, user=digest.user, date=on) for task in digest.tasks
                )
                if digest.waiting:
                    InboxReminderLog.objects.create(
                        user=digest.user, date=on, waiting=digest.waiting
                    )
                message.send()
        except IntegrityError:
            report.skipped.append(digest.user)
        except Exception as exc:  # SMTP and friends: report, go on with the next user
            report.failed.append((digest.user, str(exc)))
        else:
            report.sent.append((digest.user, digest.summary))
    return report
