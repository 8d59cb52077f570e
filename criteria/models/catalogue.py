"""The criteria sets: frameworks, their criteria, indicators and thresholds, groups of communes, mappings between sets, and the history of their content."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


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
        # a province completing the programme (QĐ 18/2022/QĐ-TTg; for 2026–2030 the conditions
        # of 51/2025/QĐ-TTg Phụ lục III, which no source we hold carries): a tier of the
        # recognition register only – no set of criteria assesses a province in the app
        TINH_HOAN_THANH = "tinh_hoan_thanh", "Tỉnh hoàn thành nhiệm vụ xây dựng NTM"

    # the levels a set of criteria may have (the others are tiers of the register only)
    REGISTER_ONLY_LEVELS = frozenset({Level.TINH_HOAN_THANH})

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

    @classmethod
    def set_level_choices(cls) -> list[tuple[str, str]]:
        """The levels a set of criteria may have: the choices of its page and its workbook."""
        return [(v, label) for v, label in cls.Level.choices if v not in cls.REGISTER_ONLY_LEVELS]

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
        return f"{symbol} {number_vi(self.value, 4)}{' ' + unit if unit else ''}"


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
