"""Recognition dossiers (hồ sơ đề nghị xét, công nhận): the documents a commune gathers before
it asks to be recognised at a tier in a year.

A `ChecklistItem` is one document the procedure requires. The national default list
(`province` null) is built from the duties confirmed in QĐ 18/2022/QĐ-TTg and practice; the
exact legal list is not confirmed, so every default row says «mặc định, cần đối chiếu». A
province's own list replaces the defaults for its communes once the province has any item for
that tier (dossiers.selectors.checklist_in_force).

A `Dossier` is one commune's application for a tier and year; its `DossierItem` rows are the
checklist it was opened with, each with a status, a private file, a note and who changed it
last. Renames, "required" switches and retirements of a checklist item show at once in the
dossiers that hold it; a new item reaches the dossiers being prepared from the same list.
Every write leaves a `DossierChange` (who, when, from what to what).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from criteria.models import Framework, evidence_storage
from units.models import Unit

Tier = Framework.Level

# The tiers a commune applies for, in the order of the programme.
COMMUNE_TIERS = [
    Tier.XA_NTM,
    Tier.XA_NTM_NANG_CAO,
    Tier.XA_NTM_KIEU_MAU,
    Tier.XA_NTM_HIEN_DAI,
]
DEFAULT_LABEL = "mặc định, cần đối chiếu"
# "xã đạt chuẩn …" in a dossier's title
TIER_NOUNS = {
    Tier.XA_NTM: "nông thôn mới",
    Tier.XA_NTM_NANG_CAO: "nông thôn mới nâng cao",
    Tier.XA_NTM_KIEU_MAU: "nông thôn mới kiểu mẫu",
    Tier.XA_NTM_HIEN_DAI: "nông thôn mới hiện đại",
}


class ChecklistItemQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Items not retired on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(models.Q(retired_on__isnull=True) | models.Q(retired_on__gt=on))


class ChecklistItem(models.Model):
    """One document a recognition dossier needs, in the national default list (`province`
    null) or in a province's own list, for one tier."""

    province = models.ForeignKey(
        Unit,
        verbose_name="tỉnh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Unit.Kind.PROVINCE},
        help_text="Để trống: danh mục mặc định dùng chung cả nước.",
    )
    tier = models.CharField("hạng đề nghị công nhận", max_length=20, choices=Tier.choices)
    name = models.CharField("tên hồ sơ", max_length=255)
    basis = models.CharField(
        "căn cứ", max_length=255, blank=True, help_text="Ví dụ Điều 5 QĐ 18/2022/QĐ-TTg"
    )
    required = models.BooleanField("bắt buộc", default=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_default = models.BooleanField(
        "mặc định, cần đối chiếu",
        default=False,
        help_text="Dòng của danh mục mặc định, chưa được đối chiếu với văn bản quy định.",
    )
    retired_on = models.DateField("ngừng áp dụng từ ngày", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("cập nhật lúc", default=timezone.now)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = "mục hồ sơ cần có"
        verbose_name_plural = "danh mục hồ sơ cần có"
        ordering = ["province_id", "tier", "order", "pk"]
        indexes = [models.Index(fields=["province", "tier"], name="checklistitem_province_tier")]

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None and self.retired_on <= timezone.localdate()

    @property
    def scope_label(self) -> str:
        return f"danh mục riêng của {self.province}" if self.province_id else "danh mục mặc định"


class Dossier(models.Model):
    """One commune's application for recognition at a tier in a year. `version` counts its
    workflow steps (sent, returned): a step taken on a page from before another is refused.
    Its documents carry their own versions."""

    class State(models.TextChoices):
        PREPARING = "dang_chuan_bi", "Đang chuẩn bị"
        SUBMITTED = "da_gui", "Đã gửi"
        RETURNED = "tra_lai", "Trả lại"

    commune = models.ForeignKey(
        Unit, verbose_name="xã", on_delete=models.PROTECT, related_name="dossiers"
    )
    tier = models.CharField("hạng đề nghị công nhận", max_length=20, choices=Tier.choices)
    year = models.PositiveSmallIntegerField("năm đề nghị")
    # the list it was opened from: a province's own, or the national defaults (null)
    checklist_province = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        "trạng thái", max_length=20, choices=State.choices, default=State.PREPARING
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField("mở lúc", default=timezone.now)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comment = models.TextField("lý do trả lại", max_length=1000, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "hồ sơ đề nghị công nhận"
        verbose_name_plural = "hồ sơ đề nghị công nhận"
        ordering = ["-year", "tier", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "tier", "year"], name="dossier_unique_commune_tier_year"
            )
        ]

    def __str__(self):
        return f"Hồ sơ {self.get_tier_display()} năm {self.year} – {self.commune}"

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def short(self) -> str:
        """ "hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới năm 2025" """
        return f"hồ sơ đề nghị công nhận xã đạt chuẩn {self.tier_noun} năm {self.year}"

    @property
    def tier_noun(self) -> str:
        return TIER_NOUNS.get(self.tier, self.get_tier_display())

    @property
    def is_editable(self) -> bool:
        """The commune may change its items (not while the office holds it)."""
        return self.state != self.State.SUBMITTED


def dossier_file_path(instance, filename):
    # never the uploader's file name (path traversal, odd characters)
    dossier = instance.dossier
    return f"ho-so/{dossier.commune_id}/{dossier.year}/{instance.token}{instance.extension}"


class DossierItem(models.Model):
    """One document of a dossier: its status, its file (private), who changed it last."""

    class Status(models.TextChoices):
        MISSING = "chua_co", "Chưa có"
        PREPARING = "dang_chuan_bi", "Đang chuẩn bị"
        READY = "da_co", "Đã có"
        NOT_APPLICABLE = "khong_ap_dung", "Không áp dụng"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="items")
    checklist_item = models.ForeignKey(
        ChecklistItem, verbose_name="mục hồ sơ", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "tình trạng", max_length=20, choices=Status.choices, default=Status.MISSING
    )
    note = models.TextField("ghi chú", max_length=1000, blank=True)
    # the file: private, served only through an access-checked view
    file = models.FileField(
        storage=evidence_storage, upload_to=dossier_file_path, max_length=255, blank=True
    )
    token = models.CharField(max_length=32, editable=False, blank=True)
    extension = models.CharField(max_length=10, editable=False, blank=True)
    original_name = models.CharField("tên tệp", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "hồ sơ thành phần"
        verbose_name_plural = "hồ sơ thành phần"
        ordering = ["checklist_item__order", "checklist_item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "checklist_item"], name="dossieritem_unique_in_dossier"
            )
        ]

    def __str__(self):
        return f"{self.checklist_item.name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("dossiers:item-edit", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class DossierChange(models.Model):
    """The record of every change to a dossier or to a checklist: who, when, from what to
    what. Append-only; the texts say what a row was even after it changed."""

    class Action(models.TextChoices):
        OPENED = "opened", "Mở hồ sơ"
        ITEM = "item", "Cập nhật hồ sơ thành phần"
        ITEM_ADDED = "item_added", "Thêm hồ sơ thành phần theo danh mục"
        SUBMITTED = "submitted", "Gửi hồ sơ"
        RETURNED = "returned", "Trả lại hồ sơ"
        CHECKLIST_ADDED = "list_added", "Thêm mục vào danh mục"
        CHECKLIST_CHANGED = "list_changed", "Sửa mục của danh mục"
        CHECKLIST_RETIRED = "list_retired", "Ngừng áp dụng mục của danh mục"
        CHECKLIST_COPIED = "list_copied", "Chép danh mục mặc định cho tỉnh"

    at = models.DateTimeField("thời điểm", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    # a checklist's changes: the province of the list (null: the national defaults) and tier
    province = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tier = models.CharField("hạng", max_length=20, choices=Tier.choices, blank=True)
    item_name = models.CharField("hồ sơ", max_length=255, blank=True)
    before = models.CharField("trước", max_length=1000, blank=True)
    after = models.CharField("sau", max_length=1000, blank=True)

    class Meta:
        verbose_name = "lịch sử hồ sơ"
        verbose_name_plural = "lịch sử hồ sơ"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["dossier", "-at"], name="dossierchange_dossier_at"),
            models.Index(fields=["province", "tier", "-at"], name="dossierchange_list_at"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.item_name}".strip()
