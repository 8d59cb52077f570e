"""The communes' results: a year's assessment, its indicator statuses, criterion results and evidence files."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .catalogue import Criterion, Framework, Indicator
from .storage import evidence_storage


class Assessment(models.Model):
    """One commune's self-assessment against one framework for one year."""

    class State(models.TextChoices):
        DRAFT = "draft", "Đang cập nhật"
        SUBMITTED = "submitted", "Đã gửi thẩm tra"
        RETURNED = "returned", "Trả lại để bổ sung"
        VERIFIED = "verified", "Đã thẩm tra"

    commune = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="assessments", verbose_name="xã"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField("năm")
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.DRAFT
    )
    # Maintained summary, rewritten in the same transaction as every status change.
    met_count = models.PositiveSmallIntegerField("số tiêu chí đạt (tự đánh giá)", default=0)
    criteria_count = models.PositiveSmallIntegerField("số tiêu chí", default=0)
    # The official figure: criteria met by the verified results. Empty until first verified.
    verified_met_count = models.PositiveSmallIntegerField(
        "số tiêu chí đạt (đã thẩm tra)", null=True, blank=True
    )
    # The same at the level of the indicators (chỉ tiêu) in force in the year: met by the
    # self-assessment, in force, and met by the verified results (empty until first verified;
    # an indicator added after the verification counts as not yet judged).
    indicator_met_count = models.PositiveSmallIntegerField(
        "số chỉ tiêu đạt (tự đánh giá)", default=0
    )
    indicator_count = models.PositiveSmallIntegerField("số chỉ tiêu", default=0)
    verified_indicator_met_count = models.PositiveSmallIntegerField(
        "số chỉ tiêu đạt (đã thẩm tra)", null=True, blank=True
    )
    submitted_at = models.DateTimeField("gửi thẩm tra lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField("thẩm tra lúc", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "kết quả đánh giá năm"
        verbose_name_plural = "kết quả đánh giá năm"
        ordering = ["commune_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "framework", "year"], name="assessment_unique_year"
            )
        ]
        indexes = [
            # dashboards: every commune's summary for one framework and year
            models.Index(fields=["framework", "year"], name="assessment_framework_year"),
        ]

    def __str__(self):
        return f"{self.commune} – {self.year} – {self.framework}"

    def get_absolute_url(self):
        page = "village-detail" if self.commune.kind == "village" else "commune-detail"
        return (
            reverse(f"criteria:{page}", args=[self.commune_id])
            + f"?year={self.year}&framework={self.framework.key}"
        )

    @property
    def headline(self) -> str:
        return f"{self.met_count}/{self.criteria_count}"

    @property
    def verified_headline(self) -> str:
        if self.verified_met_count is None:
            return ""
        return f"{self.verified_met_count}/{self.criteria_count}"

    @property
    def indicator_headline(self) -> str:
        """ "28/35": indicators met (self-assessed) of those in force in the year."""
        return f"{self.indicator_met_count}/{self.indicator_count}"

    @property
    def verified_indicator_headline(self) -> str:
        if self.verified_indicator_met_count is None:
            return ""
        return f"{self.verified_indicator_met_count}/{self.indicator_count}"

    @property
    def counts_text(self) -> str:
        """ "12/19 tiêu chí, 28/35 chỉ tiêu" (self-assessed), from the maintained summary."""
        return self.format_counts(
            self.met_count, self.criteria_count, *self._indicator_counts(False)
        )

    @property
    def verified_counts_text(self) -> str:
        """The same from the verified results; "" until the year is first verified."""
        if self.verified_met_count is None:
            return ""
        return self.format_counts(
            self.verified_met_count, self.criteria_count, *self._indicator_counts(True)
        )

    @staticmethod
    def format_counts(met, total, indicator_met=None, indicator_total=0) -> str:
        """ "12/19 tiêu chí, 28/35 chỉ tiêu": criteria met of N and indicators met of those in
        force; the indicator part is left out for a set without indicators yet (51/2025 before
        its annex is entered) or without a figure. "—" without a criteria figure."""
        if met is None:
            return "—"
        text = f"{met}/{total} tiêu chí"
        if indicator_total and indicator_met is not None:
            text += f", {indicator_met}/{indicator_total} chỉ tiêu"
        return text

    def _indicator_counts(self, verified: bool) -> tuple[int | None, int]:
        met = self.verified_indicator_met_count if verified else self.indicator_met_count
        return met, self.indicator_count

    @property
    def is_locked_for_commune(self) -> bool:
        """While the supervising office reviews it, the commune cannot change it."""
        return self.state == self.State.SUBMITTED


class IndicatorStatus(models.Model):
    """Where a commune stands on one indicator in one year."""

    class Status(models.TextChoices):
        MET = "dat", "Đạt"
        NOT_MET = "chua_dat", "Chưa đạt"
        NOT_ASSESSED = "chua_danh_gia", "Chưa đánh giá"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="statuses")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(
        "kết quả", max_length=15, choices=Status.choices, default=Status.NOT_ASSESSED
    )
    value = models.DecimalField(
        "giá trị đo", max_digits=14, decimal_places=4, null=True, blank=True
    )
    note = models.TextField("ghi chú / lý do", blank=True, max_length=4000)
    judged_automatically = models.BooleanField("tự động so với ngưỡng", default=False)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)
    # The result as the supervising office verified it; kept when the commune edits afterwards,
    # so a verified figure never changes silently.
    verified_status = models.CharField(
        "kết quả đã thẩm tra", max_length=15, choices=Status.choices, blank=True
    )
    verified_value = models.DecimalField(
        "giá trị đã thẩm tra", max_digits=14, decimal_places=4, null=True, blank=True
    )
    verified_at = models.DateTimeField("thẩm tra lúc", null=True, blank=True)
    # The supervising office's question when it returned the assessment (empty = none open).
    review_comment = models.TextField("ý kiến thẩm tra", blank=True, max_length=2000)
    # Set when the value was carried over from another framework's year through an
    # IndicatorMapping ("chép từ năm 2025 (318/QĐ-TTg)"); cleared when an official confirms it.
    carried_from = models.CharField("chép từ", max_length=255, blank=True)

    class Meta:
        verbose_name = "kết quả chỉ tiêu"
        verbose_name_plural = "kết quả chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="status_unique_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("criteria:status-edit", args=[self.pk])

    @property
    def is_met(self) -> bool:
        return self.status == self.Status.MET

    @property
    def verification(self) -> str:
        """Returns "verified", "changed" (edited after verification) or "" (self-assessed)."""
        if not self.verified_at:
            return ""
        if self.verified_status == self.status and self.verified_value == self.value:
            return "verified"
        return "changed"


class CriterionResult(models.Model):
    """Maintained summary: where one assessment stands on one criterion.

    Derived from the indicator statuses and rewritten by `criteria.services.assessment_recount`
    in the same transaction as every status change (`verified_status` from the statuses'
    verified copies, blank until the assessment is first verified), so a dashboard reads one
    row per commune and criterion instead of judging every indicator. `manage.py
    rebuild_summaries` recomputes them from the statuses.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="criterion_results"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    # The assessment's commune, framework and year, copied (they never change once the year
    # is open): the national summary reads two years of one framework from the index below,
    # in the same order on both sides, instead of every result of every year joined to its
    # assessment (docs/benchmarks.md).
    commune = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField("năm")
    status = models.CharField(
        "kết quả (tự đánh giá)",
        max_length=15,
        choices=IndicatorStatus.Status.choices,
        default=IndicatorStatus.Status.NOT_ASSESSED,
    )
    verified_status = models.CharField(
        "kết quả đã thẩm tra", max_length=15, choices=IndicatorStatus.Status.choices, blank=True
    )

    class Meta:
        verbose_name = "kết quả tiêu chí"
        verbose_name_plural = "kết quả tiêu chí"
        constraints = [
            # also the index of an assessment's results (a matrix's communes, one year)
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="criterionresult_unique"
            )
        ]
        indexes = [
            # a year of a framework, all communes: on PostgreSQL an index-only read, and two
            # years merge-joined by commune and criterion without sorting
            models.Index(
                fields=["framework", "year", "commune", "criterion"],
                include=["status", "verified_status"],
                name="criterionresult_year",
            )
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.criterion_id}: {self.get_status_display()}"


def evidence_path(instance, filename):
    # The stored name never uses the uploader's file name (path traversal, odd characters).
    status = instance.status
    return f"{status.assessment.commune_id}/{status.assessment.year}/{instance.token}{instance.extension}"


class Evidence(models.Model):
    """A file proving a status (minh chứng). Served only through an access-checked view."""

    status = models.ForeignKey(IndicatorStatus, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, max_length=255)
    token = models.CharField(max_length=32, editable=False)
    extension = models.CharField(max_length=10, editable=False)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("criteria:evidence-download", args=[self.pk])
