import os
from datetime import date

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property


class Origin(models.TextChoices):
    """Where a catalogue row came from. `load_criteria` writes only CATALOGUE rows; a row
    authored or corrected in the app is APP and the command leaves it alone."""

    CATALOGUE = "catalogue", "Tệp danh mục (load_criteria)"
    APP = "app", "Nhập hoặc sửa trong ứng dụng"


class FrameworkQuerySet(models.QuerySet):
    def for_province(self, province_id: int | None):
        """National sets, and the sets of this province (none of another province's)."""
        if province_id is None:
            return self.filter(province__isnull=True)
        return self.filter(models.Q(province__isnull=True) | models.Q(province_id=province_id))

    def in_force(self, year: int):
        """Published, not retired, and covering the year."""
        return self.filter(
            state=Framework.State.PUBLISHED,
            period_start__lte=year,
            period_end__gte=year,
            retired_on__isnull=True,
        )


class Framework(models.Model):
    """A criteria set (bộ tiêu chí), e.g. 318/QĐ-TTg xã NTM 2021–2025. It has N criteria.

    National sets come from the catalogue files (`load_criteria`) or are authored in the app by
    the national office; a province's own set (`province`) belongs to that province only. A set
    is a draft until published; after that it changes only through the services that record a
    FrameworkChange (who, when, old → new, legal basis)."""

    class Level(models.TextChoices):
        XA_NTM = "xa_ntm", "Xã NTM"
        XA_NTM_NANG_CAO = "xa_ntm_nang_cao", "Xã NTM nâng cao"
        XA_NTM_KIEU_MAU = "xa_ntm_kieu_mau", "Xã NTM kiểu mẫu"
        XA_NTM_HIEN_DAI = "xa_ntm_hien_dai", "Xã NTM hiện đại"
        KDC_KIEU_MAU = "kdc_kieu_mau", "Khu dân cư kiểu mẫu"
        HUYEN_NTM = "huyen_ntm", "Huyện NTM"

    class UnitKind(models.TextChoices):
        COMMUNE = "commune", "Xã"
        VILLAGE = "village", "Thôn, khu dân cư"
        DISTRICT = "district", "Huyện"

    class State(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        PUBLISHED = "published", "Đã ban hành"

    class CategoryKind(models.TextChoices):
        REGION = "region", "Theo vùng"
        GROUP = "group", "Theo nhóm xã"
        NONE = "", "Không phân loại"

    key = models.SlugField("mã bộ tiêu chí", max_length=60, unique=True)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True)
    level = models.CharField("hạng công nhận", max_length=20, choices=Level.choices)
    unit_kind = models.CharField(
        "đơn vị được đánh giá", max_length=10, choices=UnitKind.choices, default=UnitKind.COMMUNE
    )
    province = models.ForeignKey(
        "units.Unit",
        verbose_name="tỉnh ban hành (bộ riêng)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_frameworks",
        limit_choices_to={"kind": "province"},
    )
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày ban hành", null=True, blank=True)
    decision_body = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    effective_date = models.DateField("ngày hiệu lực", null=True, blank=True)
    period_start = models.PositiveSmallIntegerField("từ năm")
    period_end = models.PositiveSmallIntegerField("đến năm")
    category_kind = models.CharField(
        "ngưỡng phân theo", max_length=10, choices=CategoryKind.choices, blank=True
    )
    notes = models.TextField("ghi chú", blank=True, max_length=20000)
    sources = models.JSONField("nguồn", default=list, blank=True)
    origin = models.CharField(
        "nguồn dữ liệu", max_length=10, choices=Origin.choices, default=Origin.CATALOGUE
    )
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.PUBLISHED
    )
    published_at = models.DateTimeField("ban hành trong ứng dụng lúc", null=True, blank=True)
    retired_on = models.DateField("ngừng áp dụng từ", null=True, blank=True)
    illustrative = models.BooleanField(
        "minh họa",
        default=False,
        help_text="Bộ chỉ tiêu minh họa, không phải số liệu chính thức (dữ liệu mẫu).",
    )

    objects = FrameworkQuerySet.as_manager()

    ILLUSTRATIVE_LABEL = "bộ chỉ tiêu minh họa – không phải số liệu chính thức"

    class Meta:
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"
        ordering = ["-period_start", "level"]
        permissions = [
            ("author_national", "Soạn và sửa bộ tiêu chí quốc gia (Văn phòng Điều phối Trung ương)")
        ]

    def __str__(self):
        name = self.short_name or self.name
        if self.illustrative and "minh họa" not in name:
            return f"{name} (minh họa)"
        return name

    def get_absolute_url(self):
        return reverse("criteria:framework-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def covers(self, year: int) -> bool:
        return self.period_start <= year <= self.period_end

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    @property
    def legal_basis(self) -> str:
        """ "51/2025/QĐ-TTg ngày 29/12/2025 của Thủ tướng Chính phủ" (what is known of it)."""
        text = self.decision_number
        if self.decision_date:
            text += f" ngày {self.decision_date:%d/%m/%Y}"
        if self.decision_body:
            text += f" của {self.decision_body}"
        return text.strip()


class FrameworkCategory(models.Model):
    """A column of thresholds: a region (vùng) for 1980/318, a commune group for 51/2025."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField("khóa", max_length=20)
    name = models.CharField("tên", max_length=255)
    description = models.TextField("mô tả", blank=True, max_length=4000)
    order = models.PositiveSmallIntegerField(default=0)
    origin = models.CharField(
        "nguồn dữ liệu", max_length=10, choices=Origin.choices, default=Origin.CATALOGUE
    )

    class Meta:
        verbose_name = "vùng/nhóm xã"
        verbose_name_plural = "vùng/nhóm xã"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="category_key_per_framework")
        ]

    def __str__(self):
        return self.name


class CriterionGroup(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField("mã nhóm", max_length=10)
    name = models.CharField("tên nhóm", max_length=255)
    order = models.PositiveSmallIntegerField(default=0)
    origin = models.CharField(
        "nguồn dữ liệu", max_length=10, choices=Origin.choices, default=Origin.CATALOGUE
    )

    class Meta:
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="group_code_per_framework")
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    """A tiêu chí. Met (đạt) when every one of its indicators is met."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(
        CriterionGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField("số")
    name = models.CharField("tên tiêu chí", max_length=255)
    verified = models.BooleanField("đã xác minh", default=False)
    notes = models.TextField("ghi chú", blank=True, max_length=20000)
    sources = models.JSONField("nguồn", default=list, blank=True)
    origin = models.CharField(
        "nguồn dữ liệu", max_length=10, choices=Origin.choices, default=Origin.CATALOGUE
    )
    retired_on = models.DateField("ngừng áp dụng từ", null=True, blank=True)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="criterion_number_per_framework"
            )
        ]

    def __str__(self):
        return f"Tiêu chí số {self.number} ({self.name})"


class Indicator(models.Model):
    """A chỉ tiêu, coded like 17.1, or "5" for a criterion with a single indicator."""

    class Kind(models.TextChoices):
        BOOLEAN = "boolean", "Đạt/không đạt"
        NUMERIC = "numeric", "Số đo"
        LEVEL = "level", "Mức độ (cán bộ đánh giá)"

    class Comparator(models.TextChoices):
        GTE = ">=", "≥"
        LTE = "<=", "≤"
        EQ = "==", "="

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("mã chỉ tiêu", max_length=10)
    name = models.TextField("tên chỉ tiêu", max_length=2000)
    unit = models.CharField("đơn vị tính", max_length=40, blank=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    comparator = models.CharField("so sánh", max_length=2, choices=Comparator.choices, default=">=")
    order = models.PositiveIntegerField("thứ tự", default=0)
    verified = models.BooleanField("đã xác minh", default=False)
    confidence = models.CharField("độ tin cậy", max_length=10, blank=True)
    notes = models.TextField("ghi chú", blank=True, max_length=20000)
    guidance = models.TextField("hướng dẫn đánh giá", blank=True, max_length=20000)
    sources = models.JSONField("nguồn", default=list, blank=True)
    origin = models.CharField(
        "nguồn dữ liệu", max_length=10, choices=Origin.choices, default=Origin.CATALOGUE
    )
    retired_on = models.DateField("ngừng áp dụng từ", null=True, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicator_code_per_framework"
            )
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def comparator_symbol(self) -> str:
        return {">=": "≥", "<=": "≤", "==": "="}[self.comparator]


class Threshold(models.Model):
    """The bar an indicator must reach.

    National rows (province empty) come from the catalogue files and are rewritten by
    `load_criteria`. Provincial rows are a province's stricter set ("Bộ tiêu chí xã NTM tỉnh …"),
    entered by the province office; `load_criteria` never touches them.
    `category` is the framework's region or commune-group key; empty = "chỉ tiêu chung".
    `year` empty = every year. `value` empty with `text` = a qualitative bar the official judges.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="thresholds")
    province = models.ForeignKey(
        "units.Unit",
        verbose_name="tỉnh (ngưỡng riêng)",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thresholds",
        limit_choices_to={"kind": "province"},
    )
    category = models.CharField("vùng/nhóm", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    value = models.DecimalField("ngưỡng", max_digits=14, decimal_places=4, null=True, blank=True)
    comparator = models.CharField(
        "so sánh", max_length=2, choices=Indicator.Comparator.choices, blank=True
    )
    unit = models.CharField("đơn vị tính", max_length=40, blank=True)
    text = models.TextField("yêu cầu (diễn giải)", blank=True, max_length=4000)
    decision = models.CharField("văn bản quy định", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True, max_length=4000)
    origin = models.CharField(
        "nguồn dữ liệu", max_length=10, choices=Origin.choices, default=Origin.CATALOGUE
    )

    class Meta:
        verbose_name = "ngưỡng đạt"
        verbose_name_plural = "ngưỡng đạt"
        indexes = [
            # threshold lookup for a commune page: all rows of a framework's indicators
            models.Index(fields=["indicator", "province"], name="threshold_indicator_prov"),
        ]

    def __str__(self):
        return self.describe()

    @property
    def is_provincial(self) -> bool:
        return self.province_id is not None

    def effective_comparator(self) -> str:
        """The row's own comparator; else the indicator's; a number set on a yes/no indicator
        (a province measuring it, e.g. "≥ 50 % đường nội đồng") means "at least"."""
        if self.comparator:
            return self.comparator
        if self.indicator.kind == Indicator.Kind.NUMERIC:
            return self.indicator.comparator
        return ">="

    def effective_unit(self) -> str:
        return self.unit or self.indicator.unit

    def describe(self) -> str:
        if self.value is None:
            return self.text
        from common.numbers import number_vi

        symbol = {">=": "≥", "<=": "≤", "==": "="}[self.effective_comparator()]
        unit = self.effective_unit()
        return f"{symbol} {number_vi(self.value)}{' ' + unit if unit else ''}"


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


class EvidenceStorage(FileSystemStorage):
    """Files under settings.EVIDENCE_ROOT, read at each use (not at import), with no URL.

    The default backend of the "evidence" alias in settings.STORAGES. Several app servers share
    it through a network folder (NFS) mounted at the same EVIDENCE_ROOT on each; or the alias
    points at an S3-compatible store instead (EVIDENCE_STORAGE=s3, deploy/README.md)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.EVIDENCE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Minh chứng không có địa chỉ công khai; tải qua trang có kiểm tra quyền.")


def evidence_storage():
    """The "evidence" alias of settings.STORAGES. Everything that reads or writes evidence files
    (upload, download, export, backup, restore, check_evidence) goes through this storage's API
    (`Evidence.file.field.storage`), never through a path of its own."""
    return storages["evidence"]


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


class FrameworkChange(models.Model):
    """History of a framework's content: who changed what, when, from what to what, on what
    legal basis. Written by `criteria.authoring` in the same transaction. Append-only."""

    class Action(models.TextChoices):
        CREATED = "created", "Tạo bộ tiêu chí"
        EDITED = "edited", "Sửa"
        ADDED = "added", "Thêm"
        RETIRED = "retired", "Ngừng áp dụng"
        DELETED = "deleted", "Xóa"
        PUBLISHED = "published", "Ban hành"
        IMPORTED = "imported", "Nhập từ Excel"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    target = models.CharField("đối tượng", max_length=120, blank=True)  # "chỉ tiêu 2.1"
    field = models.CharField("trường", max_length=60, blank=True)
    old_value = models.TextField("giá trị cũ", blank=True, max_length=4000)
    new_value = models.TextField("giá trị mới", blank=True, max_length=4000)
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)

    class Meta:
        verbose_name = "lịch sử bộ tiêu chí"
        verbose_name_plural = "lịch sử bộ tiêu chí"
        ordering = ["-at", "-pk"]
        indexes = [
            # the framework page's history, newest first
            models.Index(fields=["framework", "-at"], name="frameworkchange_at"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.target}"


class UnitCategory(models.Model):
    """A unit's category on one framework – its commune group (nhóm 1/2/3 for 2026–2030) or its
    region – set by a decision and valid for a period. A change closes the row in force
    (`valid_to`) and adds a new one, so the rows are the history. The thresholds of a year are
    those of the category in force in that year; a group-keyed framework with no row in force is
    flagged on the pages, never judged by a guess."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="categories"
    )
    framework = models.ForeignKey(
        Framework, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="+"
    )
    category = models.SlugField("vùng/nhóm", max_length=20)
    basis = models.CharField("căn cứ (quyết định)", max_length=255)
    valid_from = models.DateField("áp dụng từ")
    valid_to = models.DateField("đến hết", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("ghi nhận lúc", default=timezone.now)

    class Meta:
        verbose_name = "nhóm xã theo bộ tiêu chí"
        verbose_name_plural = "nhóm xã theo bộ tiêu chí"
        ordering = ["unit_id", "framework_id", "-valid_from"]
        indexes = [
            # the category of one unit on one framework in a year
            models.Index(fields=["framework", "unit", "valid_from"], name="unitcategory_lookup"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.category} ({self.basis})"

    def in_force_in(self, year: int) -> bool:
        return self.valid_from <= date(year, 12, 31) and (
            self.valid_to is None or self.valid_to >= date(year, 1, 1)
        )


class FrameworkMapping(models.Model):
    """How the indicators of one framework carry over to another (e.g. 318/QĐ-TTg → 51/2025):
    authored like a framework. Opening a year on the target copies the mapped measured values
    of the source's year before, marked "cần xác nhận"."""

    source = models.ForeignKey(
        Framework, verbose_name="bộ tiêu chí cũ", on_delete=models.CASCADE, related_name="+"
    )
    target = models.ForeignKey(
        Framework, verbose_name="bộ tiêu chí mới", on_delete=models.CASCADE, related_name="+"
    )
    basis = models.CharField("căn cứ / ghi chú", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "bảng chuyển đổi chỉ tiêu"
        verbose_name_plural = "bảng chuyển đổi chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="mapping_unique_pair")
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"


class IndicatorMapping(models.Model):
    """One row of a FrameworkMapping: the old indicator whose measured value carries over."""

    mapping = models.ForeignKey(FrameworkMapping, on_delete=models.CASCADE, related_name="rows")
    source = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "dòng chuyển đổi chỉ tiêu"
        verbose_name_plural = "dòng chuyển đổi chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["mapping", "target"], name="mapping_one_source")
        ]

    def __str__(self):
        return f"{self.source.code} → {self.target.code}"
