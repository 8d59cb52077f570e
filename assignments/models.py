"""Tasks (nhiệm vụ) with their responsible parties, deadlines and funding.

A task belongs to one unit: a commune, or the supervising level above it (a district, or a
province without districts). Which level supervises is data (`Unit.parent`), not code.
Every write goes through `assignments.services`, which also writes the `TaskChange` history.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .deadlines import describe_deadline

# The longest description of a task: the task form, the Excel import and the services refuse
# more (issue 13: an import once stored five million characters).
DESCRIPTION_MAX_LENGTH = 8_000


class Task(models.Model):
    """A nhiệm vụ of a plan: tied to a criterion, an indicator, or general (both empty)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa bắt đầu"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Hoàn thành"
        PAUSED = "paused", "Tạm dừng"

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="tasks",
        limit_choices_to={"kind__in": ["commune", "district", "province"]},
    )
    criterion = models.ForeignKey(
        "criteria.Criterion",
        verbose_name="tiêu chí",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    indicator = models.ForeignKey(
        "criteria.Indicator",
        verbose_name="chỉ tiêu",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    title = models.CharField("tên nhiệm vụ", max_length=255)
    description = models.TextField("nội dung", blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    plan_year = models.PositiveSmallIntegerField("năm kế hoạch")
    start_date = models.DateField("ngày bắt đầu", null=True, blank=True)
    deadline = models.DateField("thời hạn (ngày cuối)")
    deadline_text = models.CharField(
        "thời hạn (như văn bản ghi)",
        max_length=60,
        help_text="Ví dụ: 30/10/2023, tháng 12/2023, 12/2023, quý IV/2024.",
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("cập nhật lúc", default=timezone.now)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(deadline__gte=F("start_date")),
                name="task_deadline_not_before_start",
            ),
        ]
        indexes = [
            # a commune's tasks (commune page) and a supervising office's list, by deadline
            models.Index(fields=["unit", "deadline"], name="task_unit_deadline"),
            # overdue / due-soon lists and the daily reminders: open tasks by deadline
            models.Index(fields=["status", "deadline"], name="task_status_deadline"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assignments:task-detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue_on(self, today: date) -> bool:
        """Past its last day and not completed. The last day itself is still on time."""
        return not self.is_done and self.deadline < today

    def is_due_within(self, today: date, days: int) -> bool:
        return not self.is_done and 0 <= (self.deadline - today).days <= days

    @property
    def deadline_display(self) -> str:
        return describe_deadline(self.deadline, self.deadline_text)


class ResponsibleParty(models.Model):
    """Who answers for a task: a person (optionally with an account) or an organisation."""

    class Kind(models.TextChoices):
        PERSON = "person", "Cá nhân"
        ORGANISATION = "organisation", "Tổ chức, cơ quan"

    class Role(models.TextChoices):
        DIRECT = "chi_dao", "Chỉ đạo"
        LEAD = "chu_tri", "Chủ trì"
        ADVISE = "tham_muu", "Tham mưu"
        COOPERATE = "phoi_hop", "Phối hợp"
        CARRY_OUT = "thuc_hien", "Thực hiện"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField("loại", max_length=12, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField("vai trò", max_length=10, choices=Role.choices)
    name = models.CharField(
        "họ tên / tên tổ chức",
        max_length=200,
        help_text="Người chưa ghi tên thì ghi chức danh, ví dụ “Công chức văn hóa”.",
    )
    position = models.CharField("chức vụ", max_length=200, blank=True)
    unit_name = models.CharField("đơn vị công tác", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsibilities",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    # name, position, unit and account without diacritics: the list's "người phụ trách" filter
    search_name = models.CharField(max_length=700, editable=False, blank=True)

    class Meta:
        verbose_name = "người/đơn vị chịu trách nhiệm"
        verbose_name_plural = "người/đơn vị chịu trách nhiệm"
        ordering = ["task", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="person") | Q(user__isnull=True),
                name="party_account_only_for_person",
            ),
        ]
        indexes = [
            # "Việc của tôi" and the reminders: the tasks a user answers for
            models.Index(fields=["user", "task"], name="party_user_task"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.label}"

    @property
    def label(self) -> str:
        """ "Đ/c Trần Ngọc Quang – Trưởng phòng KTHT" or "Hội Nông dân huyện"."""
        if self.kind == self.Kind.ORGANISATION:
            return self.name
        text = f"Đ/c {self.name}"
        if self.position:
            text += f" – {self.position}"
        if self.unit_name:
            text += f" ({self.unit_name})"
        return text


class FundingLine(models.Model):
    """Money for a task from one source, in whole đồng."""

    class Source(models.TextChoices):
        CENTRAL = "trung_uong", "Ngân sách trung ương"
        PROVINCE = "tinh", "Ngân sách tỉnh"
        DISTRICT = "huyen", "Ngân sách huyện"
        COMMUNE = "xa", "Ngân sách xã"
        INTEGRATED = "long_ghep", "Lồng ghép chương trình, dự án"
        SOCIAL = "xa_hoi_hoa", "Xã hội hóa, doanh nghiệp"
        PEOPLE = "nhan_dan", "Nhân dân đóng góp"
        CREDIT = "tin_dung", "Vốn tín dụng"
        OTHER = "khac", "Nguồn khác"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField("nguồn vốn", max_length=12, choices=Source.choices)
    planned = models.BigIntegerField("kế hoạch (đồng)", default=0)
    disbursed = models.BigIntegerField("đã giải ngân (đồng)", default=0)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "kinh phí"
        verbose_name_plural = "kinh phí"
        ordering = ["task", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0), name="funding_planned_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(disbursed__gte=0), name="funding_disbursed_not_negative"
            ),
        ]
        indexes = [
            # totals by source over a set of tasks
            models.Index(fields=["task", "source"], name="funding_task_source"),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.planned}"


class TaskChange(models.Model):
    """History of a task: who changed what, when, from what to what. Append-only.

    `changes` is a list of {"field", "label", "old", "new"} with the values as the page showed
    them at the time (Vietnamese text), so the history reads the same whatever changes later.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Tạo nhiệm vụ"
        UPDATE = "update", "Sửa nhiệm vụ"
        PROGRESS = "progress", "Cập nhật tiến độ"
        IMPORT = "import", "Nhập từ Excel"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField("thay đổi", default=list, blank=True)
    detail = models.CharField("chi tiết", max_length=255, blank=True)

    class Meta:
        verbose_name = "lịch sử nhiệm vụ"
        verbose_name_plural = "lịch sử nhiệm vụ"
        ordering = ["-at", "-pk"]
        indexes = [
            # a task's page: its history, newest first
            models.Index(fields=["task", "-at"], name="taskchange_task_at"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class ReminderLog(models.Model):
    """One reminder of one task sent to one user on one day: never twice the same day."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_reminders"
    )
    date = models.DateField("ngày nhắc")
    sent_at = models.DateTimeField("gửi lúc", default=timezone.now)

    class Meta:
        verbose_name = "nhắc việc đã gửi"
        verbose_name_plural = "nhắc việc đã gửi"
        constraints = [
            models.UniqueConstraint(fields=["task", "user", "date"], name="reminder_once_a_day"),
        ]
        indexes = [
            # the daily run: what already went out today
            models.Index(fields=["date", "user"], name="reminder_date_user"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.user} – {self.task}"


class InboxReminderLog(models.Model):
    """The years waiting for a user (to review, or questions to answer) were e-mailed to them
    on this day: the daily digest says so once a day, whatever the number of runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_reminders"
    )
    date = models.DateField("ngày nhắc")
    waiting = models.PositiveIntegerField("số hồ sơ chờ xử lý")
    sent_at = models.DateTimeField("gửi lúc", default=timezone.now)

    class Meta:
        verbose_name = "nhắc hồ sơ chờ xử lý đã gửi"
        verbose_name_plural = "nhắc hồ sơ chờ xử lý đã gửi"
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="inbox_reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.user} – {self.waiting} hồ sơ"
