"""Reads of tasks, scoped to who is asking and built in a fixed number of queries.

Who sees and who changes a task is decided in units.access (task_scope, can_write_task,
can_update_progress, task_units_writable_by, get_unit_for_tasks); another unit's task is a 404.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from common.text import fold
from criteria.selectors import inboxes_by_role, waiting_years
from units.access import (
    can_update_progress,
    can_write_task,
    can_write_tasks_of,
    communes_visible_to,
    task_scope,
)
from units.models import Unit, User
from units.selectors import parents_in, placed_below

from .models import (
    FundingLine,
    InboxReminderLog,
    ReminderLog,
    ResponsibleParty,
    Task,
    TaskChange,
)

Status = Task.Status
Source = FundingLine.Source
COMMUNE = Unit.Kind.COMMUNE
DUE_SOON_DAYS = 14


def today() -> date:
    """Today in Asia/Ho_Chi_Minh (settings.TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


# --- who may see and change what (the rules: units.access) -----------------------------------

# the names the app's callers use (resources, views, tests)


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """The tasks the user may read (units.access.task_scope)."""
    scope = task_scope(
        user, named=lambda: Q(pk__in=ResponsibleParty.objects.filter(user=user).values("task_id"))
    )
    tasks = Task.objects.all()
    return tasks if scope is None else tasks.filter(scope)


def assignable_users(unit: Unit) -> QuerySet[User]:
    """Accounts that may be named on the unit's tasks: roles at the unit or above it."""
    levels = [pk for pk in (unit.pk, unit.parent_id, unit.province_id) if pk]
    return (
        User.objects.filter(is_active=True, roles__unit__in=levels)
        .distinct()
        .order_by("full_name", "username")
    )


def _task_queryset(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related(
        "unit__parent", "unit__province", "unit__framework", "criterion", "indicator"
    ).prefetch_related(
        Prefetch("parties", queryset=ResponsibleParty.objects.select_related("user")),
    )


def get_task_for_user(
    user: User, pk: int, *, for_edit: bool = False, for_progress: bool = False
) -> Task:
    """A task the user may see (else 404); for_edit / for_progress also check the right to
    change it / its progress (else 403)."""
    try:
        task = _task_queryset(tasks_visible_to(user)).select_related("updated_by").get(pk=pk)
    except Task.DoesNotExist:
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.") from None
    if for_edit and not can_write_task(user, task):
        raise PermissionDenied("Bạn không có quyền sửa nhiệm vụ này.")
    if for_progress and not can_update_progress(user, task):
        raise PermissionDenied("Bạn không có quyền cập nhật tiến độ nhiệm vụ này.")
    return task


def tasks_for_plan(unit: Unit, years) -> QuerySet[Task]:
    """A unit's tasks for a plan's years, with criterion, indicator, parties and funding lines,
    criterion by criterion: what `plans.drafting` writes into the unit's Kế hoạch. Not scoped to
    a user: the caller has already fetched the unit through a selector that checks access."""
    return (
        Task.objects.filter(unit=unit, plan_year__in=list(years))
        .select_related("criterion", "indicator__criterion")
        .prefetch_related(
            Prefetch("parties", queryset=ResponsibleParty.objects.select_related("user")),
            "funding_lines",
        )
        .order_by(F("criterion__number").asc(nulls_last=True), "deadline", "pk")
    )


# --- lists ----------------------------------------------------------------------------------


def _sum_per_task(column: str):
    rows = (
        FundingLine.objects.filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(total=Sum(column))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=BigIntegerField()), Value(0))


def with_list_data(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Unit, criterion and parties in two queries, and each task's funding totals summed in
    the database (a subquery per column, so joins never multiply the sums)."""
    return _task_queryset(tasks).annotate(
        planned_total=_sum_per_task("planned"), disbursed_total=_sum_per_task("disbursed")
    )


def decorate(tasks, user: User, on: date) -> list[Task]:
    """Flags for the page, read from the rows already fetched (no queries)."""
    rows = list(tasks)
    soon = on + timedelta(days=DUE_SOON_DAYS)
    for t in rows:
        t.overdue = t.is_overdue_on(on)
        t.days_late = (on - t.deadline).days if t.overdue else 0
        t.due_soon = not t.is_done and on <= t.deadline <= soon
        t.days_left = (t.deadline - on).days if t.due_soon else None
        t.can_edit = can_write_task(user, t)
        t.can_progress = can_update_progress(user, t, writable=t.can_edit)
        t.my_roles = [p.get_role_display() for p in t.parties.all() if p.user_id == user.pk]
    return rows


@dataclass
class TaskFilters:
    unit: Unit | None = None
    criterion: int | None = None
    status: str = ""
    overdue: bool = False
    due_soon: bool = False
    person: str = ""
    user: User | None = None
    source: str = ""
    year: int | None = None


def _below_in(unit: Unit, year: int | None) -> Q:
    """Tasks of the units below `unit` in `year` (communes; districts under a province), as the
    hierarchy was then (a district abolished in 2025 keeps its communes' 2023 tasks); `year`
    None: below it at any time. Villages carry no tasks (TASK_UNIT_KINDS)."""
    kinds = [Unit.Kind.DISTRICT, COMMUNE] if unit.kind == Unit.Kind.PROVINCE else [COMMUNE]
    q = Q()
    for kind in kinds:
        q |= Q(unit__in=placed_below(unit, kind, year).order_by().values("pk"))
    return q


def filter_tasks(tasks: QuerySet[Task], filters: TaskFilters, on: date) -> QuerySet[Task]:
    f = filters
    if f.unit is not None:
        if f.unit.kind == COMMUNE:
            tasks = tasks.filter(unit=f.unit)
        else:  # the unit's own tasks and those of every unit below it (that year)
            tasks = tasks.filter(Q(unit=f.unit) | _below_in(f.unit, f.year))
    if f.criterion is not None:
        tasks = tasks.filter(criterion__number=f.criterion)
    if f.status:
        tasks = tasks.filter(status=f.status)
    if f.overdue:
        tasks = tasks.exclude(status=Status.DONE).filter(deadline__lt=on)
    if f.due_soon:
        tasks = tasks.exclude(status=Status.DONE).filter(
            deadline__gte=on, deadline__lte=on + timedelta(days=DUE_SOON_DAYS)
        )
    if f.person:
        parties = ResponsibleParty.objects.all()
        for word in fold(f.person).split():
            parties = parties.filter(search_name__contains=word)
        tasks = tasks.filter(pk__in=parties.values("task_id"))
    if f.user is not None:
        tasks = tasks.filter(pk__in=ResponsibleParty.objects.filter(user=f.user).values("task_id"))
    if f.source:
        tasks = tasks.filter(pk__in=FundingLine.objects.filter(source=f.source).values("task_id"))
    if f.year is not None:
        tasks = tasks.filter(plan_year=f.year)
    return tasks


def filter_units(user: User) -> QuerySet[Unit]:
    """Units offered by the list's filter: visible communes and the units of visible tasks."""
    units = Unit.objects.filter(
        Q(pk__in=communes_visible_to(user).values("pk"))
        | Q(pk__in=tasks_visible_to(user).order_by().values("unit_id"))
    )
    return units.select_related("parent").order_by("kind", "name")


def people_on_tasks(user: User) -> QuerySet[User]:
    """Accounts named on the tasks the user sees, for the list's filter."""
    visible = tasks_visible_to(user).order_by().values("pk")
    return (
        User.objects.filter(responsibilities__task__in=visible)
        .distinct()
        .order_by("full_name", "username")
    )


# --- funding totals (always summed in the database) ----------------------------------------


@dataclass
class Total:
    planned: int = 0
    disbursed: int = 0
    label: str = ""
    key: object = None

    @property
    def remaining(self) -> int:
        return self.planned - self.disbursed


def _sums():
    return {
        "planned": Coalesce(Sum("planned"), Value(0), output_field=BigIntegerField()),
        "disbursed": Coalesce(Sum("disbursed"), Value(0), output_field=BigIntegerField()),
    }


def funding_lines_of(tasks: QuerySet[Task], source: str = "") -> QuerySet[FundingLine]:
    lines = FundingLine.objects.filter(task__in=tasks.order_by().values("pk"))
    return lines.filter(source=source) if source else lines


def funding_total(lines: QuerySet[FundingLine]) -> Total:
    return Total(**lines.aggregate(**_sums()))


def funding_by_source(lines: QuerySet[FundingLine]) -> list[Total]:
    rows = lines.order_by().values("source").annotate(**_sums())
    by_key = {r["source"]: r for r in rows}
    return [
        Total(by_key[v]["planned"], by_key[v]["disbursed"], label, v)
        for v, label in Source.choices
        if v in by_key
    ]


def funding_by_year(lines: QuerySet[FundingLine]) -> list[Total]:
    rows = (
        lines.order_by().values("task__plan_year").annotate(**_sums()).order_by("task__plan_year")
    )
    return [
        Total(r["planned"], r["disbursed"], str(r["task__plan_year"]), r["task__plan_year"])
        for r in rows
    ]


def funding_by_unit(lines: QuerySet[FundingLine]) -> list[Total]:
    rows = (
        lines.order_by()
        .values("task__unit_id", "task__unit__prefix", "task__unit__name")
        .annotate(**_sums())
        .order_by("task__unit__name", "task__unit_id")
    )
    return [
        Total(
            r["planned"],
            r["disbursed"],
            f"{r['task__unit__prefix']} {r['task__unit__name']}".strip(),
            r["task__unit_id"],
        )
        for r in rows
    ]


def funding_by_supervising_unit(
    lines: QuerySet[FundingLine], year: int | None = None
) -> list[Total]:
    """A district's total: its own tasks and those of its communes (the supervising level is
    the commune's parent, whatever kind of unit that is). `year`: the commune's parent in that
    year (a commune of a district abolished since still counts for that district); one more
    query, two when a parent is no longer any commune's, only when a commune moved since."""
    is_commune = Q(task__unit__kind=COMMUNE)
    if year is None:
        rows = (
            lines.order_by()
            .annotate(
                sup_id=Case(
                    When(is_commune, then=F("task__unit__parent_id")), default=F("task__unit_id")
                ),
                sup_prefix=Case(
                    When(is_commune, then=F("task__unit__parent__prefix")),
                    default=F("task__unit__prefix"),
                ),
                sup_name=Case(
                    When(is_commune, then=F("task__unit__parent__name")),
                    default=F("task__unit__name"),
                ),
            )
            .values("sup_id", "sup_prefix", "sup_name")
            .annotate(**_sums())
            .order_by("sup_name", "sup_id")
        )
        return [
            Total(
                r["planned"],
                r["disbursed"],
                f"{r['sup_prefix']} {r['sup_name']}".strip(),
                r["sup_id"],
            )
            for r in rows
        ]
    rows = list(
        lines.order_by()
        .values(
            "task__unit_id",
            "task__unit__kind",
            "task__unit__placed_since",
            "task__unit__name",
            "task__unit__prefix",
            "task__unit__parent_id",
            "task__unit__parent__prefix",
            "task__unit__parent__name",
        )
        .annotate(**_sums())
    )
    names = {}
    communes = []
    for r in rows:
        names[r["task__unit_id"]] = (r["task__unit__prefix"], r["task__unit__name"])
        if r["task__unit__kind"] == COMMUNE:
            names[r["task__unit__parent_id"]] = (
                r["task__unit__parent__prefix"],
                r["task__unit__parent__name"],
            )
            communes.append(
                Unit(
                    pk=r["task__unit_id"],
                    name=r["task__unit__name"],
                    parent_id=r["task__unit__parent_id"],
                    placed_since=r["task__unit__placed_since"],
                )
            )
    parents = parents_in(communes, year)
    missing = {pk for pk in parents.values() if pk is not None and pk not in names}
    names.update(
        {
            u.pk: (u.prefix, u.name)
            for u in Unit.objects.filter(pk__in=missing).only("prefix", "name")
        }
    )
    totals: dict[int | None, Total] = {}
    for r in rows:
        unit_id = r["task__unit_id"]
        sup = parents.get(unit_id) if r["task__unit__kind"] == COMMUNE else unit_id
        prefix, name = names.get(sup, ("", ""))
        total = totals.setdefault(sup, Total(0, 0, f"{prefix} {name}".strip(), sup))
        total.planned += r["planned"]
        total.disbursed += r["disbursed"]
    return sorted(totals.values(), key=lambda t: (names.get(t.key, ("", ""))[1], t.key or 0))


def funding_by_criterion(lines: QuerySet[FundingLine]) -> dict[int | None, Total]:
    rows = lines.order_by().values("task__criterion_id").annotate(**_sums())
    return {r["task__criterion_id"]: Total(r["planned"], r["disbursed"]) for r in rows}


@dataclass
class FundingSummary:
    total: Total
    by_source: list[Total]
    by_year: list[Total] = field(default_factory=list)
    by_unit: list[Total] = field(default_factory=list)
    by_supervising_unit: list[Total] = field(default_factory=list)


def funding_summary(
    tasks: QuerySet[Task], *, source: str = "", detailed: bool = True, year: int | None = None
):
    """`year`: the year the list is filtered on (communes counted under their parent then)."""
    lines = funding_lines_of(tasks, source)
    summary = FundingSummary(total=funding_total(lines), by_source=funding_by_source(lines))
    if detailed:
        summary.by_year = funding_by_year(lines)
        summary.by_unit = funding_by_unit(lines)
        summary.by_supervising_unit = funding_by_supervising_unit(lines, year)
    return summary


# --- pages ----------------------------------------------------------------------------------


@dataclass
class CriterionTasks:
    criterion: object  # Criterion or None for general tasks
    tasks: list[Task]
    total: Total


@dataclass
class CommuneTasks:
    commune: Unit
    groups: list[CriterionTasks]
    summary: FundingSummary
    can_create: bool
    task_count: int
    overdue_count: int


def commune_tasks(user: User, commune: Unit, on: date) -> CommuneTasks:
    """A commune's tasks grouped by criterion, with funding totals per criterion and source."""
    tasks = Task.objects.filter(unit=commune)
    rows = decorate(
        with_list_data(tasks).order_by(
            F("criterion__number").asc(nulls_last=True), "deadline", "pk"
        ),
        user,
        on,
    )
    lines = funding_lines_of(tasks)
    per_criterion = funding_by_criterion(lines)
    groups: dict[int | None, CriterionTasks] = {}
    for t in rows:
        if t.criterion_id not in groups:
            groups[t.criterion_id] = CriterionTasks(
                t.criterion, [], per_criterion.get(t.criterion_id, Total())
            )
        groups[t.criterion_id].tasks.append(t)
    return CommuneTasks(
        commune=commune,
        groups=list(groups.values()),
        summary=FundingSummary(total=funding_total(lines), by_source=funding_by_source(lines)),
        can_create=can_write_tasks_of(user, commune),
        task_count=len(rows),
        overdue_count=sum(t.overdue for t in rows),
    )


@dataclass
class MyTasks:
    open: list[Task]
    done: list[Task]

    @property
    def overdue_count(self) -> int:
        return sum(t.overdue for t in self.open)


def my_tasks(user: User, on: date, *, done_limit: int = 20) -> MyTasks:
    """Tasks the user answers for with their account: open ones soonest deadline first."""
    mine = Task.objects.filter(pk__in=ResponsibleParty.objects.filter(user=user).values("task_id"))
    open_rows = with_list_data(mine.exclude(status=Status.DONE)).order_by("deadline", "pk")
    done_rows = with_list_data(mine.filter(status=Status.DONE)).order_by(
        F("completed_on").desc(nulls_last=True), "-pk"
    )[:done_limit]
    return MyTasks(open=decorate(open_rows, user, on), done=decorate(done_rows, user, on))


@dataclass
class TaskPage:
    task: Task
    funding: list[FundingLine]
    total: Total
    history: list[TaskChange]
    can_edit: bool
    can_progress: bool
    overdue: bool
    due_soon: bool


def task_page(user: User, task: Task, on: date) -> TaskPage:
    lines = FundingLine.objects.filter(task=task)
    decorate([task], user, on)
    return TaskPage(
        task=task,
        funding=list(lines.order_by("order", "pk")),
        total=funding_total(lines),
        history=list(task.changes.select_related("actor").order_by("-at", "-pk")),
        can_edit=task.can_edit,
        can_progress=task.can_progress,
        overdue=task.overdue,
        due_soon=task.due_soon,
    )


# --- reminders ------------------------------------------------------------------------------

REMINDER_DAYS = 7  # tasks due within a week are "due soon" in the header and the digest


def _count(rows: QuerySet, field: str = "pk") -> Subquery:
    """COUNT(DISTINCT field) of `rows` as a subquery, to read several counts in one query."""
    counted = Func(F(field), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return Subquery(rows.order_by().annotate(n=counted).values("n")[:1])


def waiting_count(user: User, on: date) -> int:
    """The number beside "Việc của tôi" in the header: years waiting for the user (to review,
    or questions to answer) and their open tasks overdue or due within REMINDER_DAYS days.
    One query."""
    tasks = ResponsibleParty.objects.filter(
        user=user, task__deadline__lte=on + timedelta(days=REMINDER_DAYS)
    ).exclude(task__status__in=[Status.DONE, Status.PAUSED])
    counts = {"tasks": _count(tasks, "task_id")}
    years = waiting_years(user)
    if years is not None:
        counts["years"] = _count(years)
    found = User.objects.filter(pk=user.pk).annotate(**counts).values(*counts).first() or {}
    return sum(n or 0 for n in found.values())


@dataclass
class ReminderItem:
    task: Task
    roles: list[str]


@dataclass
class Digest:
    user: User
    overdue: list[ReminderItem] = field(default_factory=list)
    due_soon: list[ReminderItem] = field(default_factory=list)
    to_review: list = field(default_factory=list)  # years sent to the user's office
    questions: list = field(default_factory=list)  # returned years of the user's commune

    @property
    def tasks(self) -> list[Task]:
        return [i.task for i in self.overdue + self.due_soon]

    @property
    def waiting(self) -> int:
        """How many years wait for the user (the inbox part)."""
        return len(self.to_review) + len(self.questions)

    @property
    def summary(self) -> str:
        parts = [f"{len(self.tasks)} nhiệm vụ"] if self.tasks else []
        if self.to_review:
            parts.append(f"{len(self.to_review)} hồ sơ chờ thẩm tra")
        if self.questions:
            parts.append(f"{len(self.questions)} hồ sơ có câu hỏi chờ trả lời")
        return ", ".join(parts)


def reminder_digests(on: date, days: int) -> list[Digest]:
    """Per user with an e-mail address: open tasks overdue or due within `days` days that they
    were not yet reminded of today (paused tasks are not reminded), and – once a day – the
    years waiting for them: sent to their office for review, returned to their commune with
    questions (criteria.selectors.inboxes_by_role)."""
    already = ReminderLog.objects.filter(task=OuterRef("task"), user=OuterRef("user"), date=on)
    parties = (
        ResponsibleParty.objects.filter(
            task__deadline__lte=on + timedelta(days=days),
            user__isnull=False,
            user__is_active=True,
        )
        .exclude(task__status__in=[Status.DONE, Status.PAUSED])
        .exclude(user__email="")
        .exclude(Exists(already))
        .select_related("user", "task__unit", "task__criterion")
        .order_by("user_id", "task__deadline", "task_id", "order")
    )
    digests: dict[int, Digest] = {}
    items: dict[tuple[int, int], ReminderItem] = {}
    for p in parties:
        digest = digests.setdefault(p.user_id, Digest(user=p.user))
        key = (p.user_id, p.task_id)
        if key in items:
            items[key].roles.append(p.get_role_display())
            continue
        item = items[key] = ReminderItem(task=p.task, roles=[p.get_role_display()])
        (digest.overdue if p.task.deadline < on else digest.due_soon).append(item)
    told = set(InboxReminderLog.objects.filter(date=on).values_list("user_id", flat=True))
    for user, box in inboxes_by_role().items():
        if user.pk in told:
            continue
        digest = digests.setdefault(user.pk, Digest(user=user))
        digest.to_review, digest.questions = box.to_review, box.questions
    return sorted(digests.values(), key=lambda d: d.user.pk)
