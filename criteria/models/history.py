"""Append-only history of the results: indicator changes and the review workflow."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from .results import Assessment, IndicatorStatus


class StatusChange(models.Model):
    """History of an indicator status: who changed what, when, from what to what. Append-only."""

    class Action(models.TextChoices):
        UPDATE = "update", "Cập nhật"
        COPY_FORWARD = "copy_forward", "Chuyển từ năm trước"
        CREATE = "create", "Mở năm đánh giá"
        EVIDENCE_ADDED = "evidence_added", "Thêm minh chứng"
        QUESTIONED = "questioned", "Văn phòng NTM yêu cầu xem lại"
        REJUDGED = "rejudged", "Đánh giá lại theo ngưỡng mới"
        CARRIED = "carried", "Chép từ bộ tiêu chí trước"
        CONFIRMED = "confirmed", "Xác nhận giá trị đã chép"

    # the changes the commune makes to an indicator (not the office's question, nor a copy)
    EDITS = (Action.UPDATE, Action.CONFIRMED, Action.EVIDENCE_ADDED)

    status = models.ForeignKey(IndicatorStatus, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.UPDATE)
    old_status = models.CharField(max_length=15, choices=IndicatorStatus.Status.choices, blank=True)
    new_status = models.CharField(max_length=15, choices=IndicatorStatus.Status.choices, blank=True)
    old_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    old_note = models.TextField(blank=True, max_length=4000)
    new_note = models.TextField(blank=True, max_length=4000)
    detail = models.CharField("chi tiết", max_length=255, blank=True)

    class Meta:
        verbose_name = "lịch sử thay đổi"
        verbose_name_plural = "lịch sử thay đổi"
        ordering = ["-at", "-pk"]
        indexes = [
            # history page of one indicator status, newest first
            models.Index(fields=["status", "-at"], name="statuschange_status_at"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"

    @cached_property
    def value_changed(self) -> bool:
        return self.old_value != self.new_value


class AssessmentEvent(models.Model):
    """History of the review workflow of one assessment (gửi, trả lại, thẩm tra, mở lại). Append-only."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Gửi thẩm tra"
        RETURNED = "returned", "Trả lại để bổ sung"
        VERIFIED = "verified", "Xác nhận thẩm tra"
        REOPENED = "reopened", "Mở lại do sửa kết quả đã thẩm tra"
        # the set changed under the year (a bar corrected, an indicator added or retired, the
        # commune's group recorded): its results were judged again; the state stays
        REJUDGED = "rejudged", "Đánh giá lại do bộ tiêu chí thay đổi"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    old_state = models.CharField(max_length=10, choices=Assessment.State.choices)
    new_state = models.CharField(max_length=10, choices=Assessment.State.choices)
    comment = models.TextField("ý kiến", blank=True, max_length=4000)
    # A review (trả lại, thẩm tra) as it took place: the day the office inspected the commune's
    # records (23/07/2020), which may be days before it is entered (`at`), and who took part.
    held_on = models.DateField("ngày thẩm tra thực tế", null=True, blank=True)
    participants = models.TextField("thành phần tham gia", blank=True, max_length=2000)

    class Meta:
        verbose_name = "lịch sử thẩm tra"
        verbose_name_plural = "lịch sử thẩm tra"
        ordering = ["-at", "-pk"]
        indexes = [
            # a commune's trail, newest first
            models.Index(fields=["assessment", "-at"], name="assessmentevent_at"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"

    @staticmethod
    def held_on_problem(held_on: date | None, year: int, today: date) -> str:
        """Why a review date cannot be right for a year's assessment ("" when it can): not in
        the future, not before 1 January of the year assessed."""
        if held_on is None:
            return ""
        if held_on > today:
            return (
                f"Ngày thẩm tra {held_on:%d/%m/%Y} chưa đến (hôm nay là {today:%d/%m/%Y}): "
                "ghi ngày đã thực hiện thẩm tra."
            )
        if held_on < date(year, 1, 1):
            return (
                f"Ngày thẩm tra {held_on:%d/%m/%Y} trước năm đánh giá {year}: ngày thẩm tra "
                f"phải từ 01/01/{year} trở đi."
            )
        return ""

    @property
    def review_line(self) -> str:
        """ "Thẩm tra ngày 23/07/2020 (ghi nhận 05/12/2026 14:03) – thành phần: …"; without a
        date of its own, when it was recorded."""
        recorded = f"{timezone.localtime(self.at):%d/%m/%Y %H:%M}"
        if self.held_on is None:
            text = f"Ghi nhận {recorded}"
        else:
            text = f"Thẩm tra ngày {self.held_on:%d/%m/%Y} (ghi nhận {recorded})"
        if self.participants:
            text += f" – thành phần: {self.participants}"
        return text


class WithdrawnYear(models.Model):
    """A year opened by mistake and withdrawn before anyone changed it: the year is gone, this
    record stays (who opened it, who withdrew it, when and why). Append-only."""

    commune = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="withdrawn_years", verbose_name="xã"
    )
    framework = models.ForeignKey(
        "criteria.Framework", on_delete=models.PROTECT, related_name="+", verbose_name="bộ tiêu chí"
    )
    year = models.PositiveSmallIntegerField("năm")
    opened_at = models.DateTimeField("mở lúc")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("rút lại lúc", default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField("lý do", max_length=500, blank=True)

    class Meta:
        verbose_name = "năm đánh giá đã rút lại"
        verbose_name_plural = "năm đánh giá đã rút lại"
        ordering = ["-withdrawn_at", "-pk"]
        indexes = [
            models.Index(fields=["commune", "-withdrawn_at"], name="withdrawnyear_commune"),
        ]

    def __str__(self):
        return f"{self.commune} – năm {self.year}: rút lại {self.withdrawn_at:%d/%m/%Y}"
