"""The record of every spreadsheet import: who, when, which kind of rows, which file, the
outcome. The table is still `dashboards_importrun` (the model moved here from dashboards)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# A running import whose heartbeat is older than this has lost its worker (the process was
# stopped): it is shown as interrupted and its owner may start it again. The worker beats every
# HEARTBEAT_EVERY (imports.services.heartbeat). Both may be set in seconds (IMPORTS_HEARTBEAT_
# SECONDS, IMPORTS_STALE_SECONDS: the worker test shortens them); read when used.
HEARTBEAT_EVERY = timedelta(seconds=30)
STALE_AFTER = timedelta(minutes=5)


def heartbeat_every() -> timedelta:
    seconds = getattr(settings, "IMPORTS_HEARTBEAT_SECONDS", None)
    return timedelta(seconds=seconds) if seconds else HEARTBEAT_EVERY


def stale_after() -> timedelta:
    seconds = getattr(settings, "IMPORTS_STALE_SECONDS", None)
    return timedelta(seconds=seconds) if seconds else STALE_AFTER


class ImportRun(models.Model):
    """One uploaded file, from its check to its import (or refusal). Kept as the audit trail.

    The file's bytes stay in `content` from the check until the run is finished (so an
    interrupted run can be imported again), then are dropped. The rows themselves are written
    through the services of their app (criteria.services.status_update, plans.services.target_set
    …) with their own history. The states and how a run moves between them are described in
    imports.services.
    """

    class Kind(models.TextChoices):
        UNITS = "units", "Đơn vị hành chính"
        STATUSES = "statuses", "Kết quả chỉ tiêu của xã"
        TARGETS = "targets", "Chỉ tiêu phấn đấu năm"
        FRAMEWORK = "framework", "Bộ tiêu chí"
        COMMUNE_GROUPS = "groups", "Nhóm xã theo bộ tiêu chí"
        MAPPING = "mapping", "Bảng chuyển đổi chỉ tiêu"
        TASKS = "tasks", "Công việc (nhiệm vụ) của kế hoạch"
        OFFICIALS = "officials", "Cán bộ và vai trò"
        RECOGNITIONS = "recognitions", "Quyết định công nhận đạt chuẩn"
        UNIT_FACTS = "unit_facts", "Số liệu đơn vị (diện tích, dân số…)"
        REORGANISATION = "reorganisation", "Sắp xếp đơn vị hành chính (phụ lục nghị quyết)"

    class State(models.TextChoices):
        CHECKED = "checked", "Đã kiểm tra, chờ xác nhận"
        REFUSED = "refused", "Tệp có lỗi: không nhập dòng nào"
        RUNNING = "running", "Đang nhập"
        DONE = "done", "Đã nhập"
        FAILED = "failed", "Không nhập được: không dòng nào được ghi"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        on_delete=models.PROTECT,
        related_name="import_runs",
    )
    kind = models.CharField("loại dữ liệu", max_length=20, choices=Kind.choices)
    file_name = models.CharField("tên tệp", max_length=255)
    file_size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    content = models.BinaryField("nội dung tệp", blank=True, editable=False)
    state = models.CharField("kết quả", max_length=10, choices=State.choices)
    rows = models.PositiveIntegerField("số dòng", default=0)
    created = models.PositiveIntegerField("số dòng thêm mới", default=0)
    changed = models.PositiveIntegerField("số dòng thay đổi", default=0)
    unchanged = models.PositiveIntegerField("số dòng không đổi", default=0)
    errors = models.JSONField("lỗi", default=list, blank=True)  # [{row, column, message}]
    preview = models.JSONField("xem trước", default=list, blank=True)  # [{row, action, text}]
    # The version of every status row the check read, keyed "commune:year:indicator" (see
    # importing.status_key): the import writes each row against it, so a row someone changed
    # since the preview is refused, never overwritten.
    versions = models.JSONField("phiên bản các dòng lúc kiểm tra", default=dict, blank=True)
    summary = models.CharField("tóm tắt", max_length=500, blank=True)
    created_at = models.DateTimeField("tải lên lúc", default=timezone.now)
    started_at = models.DateTimeField("bắt đầu nhập lúc", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    # The worker's sign of life while RUNNING, and which start it belongs to: each start (the
    # confirmation, then each retry of an interrupted run) takes the next attempt, and only the
    # worker of the current attempt may record the outcome (and so commit its writes).
    heartbeat_at = models.DateTimeField("lần cuối còn chạy lúc", null=True, blank=True)
    attempt = models.PositiveSmallIntegerField("lần chạy", default=0)
    # How far the worker is (rows written of rows to write), beaten with the heartbeat from
    # another connection: the writes themselves stay invisible until the run commits.
    progress_done = models.PositiveIntegerField("số dòng đã ghi", default=0)
    progress_total = models.PositiveIntegerField("số dòng cần ghi", default=0)

    class Meta:
        db_table = "dashboards_importrun"  # the table of the app it moved from, data kept
        verbose_name = "lần nhập Excel"
        verbose_name_plural = "lịch sử nhập Excel"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the import page: the user's latest runs
            models.Index(fields=["user", "-created_at"], name="importrun_user_created"),
        ]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_kind_display()}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("imports:import-run", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.REFUSED, self.State.DONE, self.State.FAILED)

    @property
    def last_sign_of_life(self):
        return self.heartbeat_at or self.started_at or self.created_at

    @property
    def is_interrupted(self) -> bool:
        """Running, but its worker has given no sign of life for STALE_AFTER: the process that
        ran it was stopped. Nothing was written (the import is one transaction)."""
        return (
            self.state == self.State.RUNNING
            and timezone.now() - self.last_sign_of_life > stale_after()
        )

    @property
    def state_label(self) -> str:
        if self.is_interrupted:
            return "Không nhập được: bị gián đoạn"
        return self.get_state_display()
