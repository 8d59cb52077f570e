"""Recognition decisions (quyết định công nhận đạt chuẩn) and what became of them.

A `Decision` is one document (number, date, issuing body, signer, scanned file): a recognition
(công nhận), an acknowledgement after a merger (thừa nhận, with the decisions it rests on), or a
revocation (thu hồi). One decision names one or more units, each at a tier: its `Recognition`
rows. A revocation's rows point at the rows they revoke. Whether a unit is recognised at a tier
on a day is read from these rows (recognition.selectors.standing), never stored as a flag, so
the register is its own history; every write also leaves a `RecognitionChange` (who, when,
from what to what, on what basis).

The tiers are the framework levels (criteria.Framework.Level): a commune is recognised "đạt
chuẩn NTM nâng cao" against a set of that level, never by another tier's set.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from common.text import fold
from criteria.models import Framework, evidence_storage
from units.models import Unit

Tier = Framework.Level

# Which kind of unit can hold which tier (a village is never "xã NTM", a commune never
# "huyện NTM"). Districts keep their decisions for the years they existed; a province is
# recognised as having completed the programme.
TIER_UNIT_KINDS = {
    Tier.XA_NTM: Unit.Kind.COMMUNE,
    Tier.XA_NTM_NANG_CAO: Unit.Kind.COMMUNE,
    Tier.XA_NTM_KIEU_MAU: Unit.Kind.COMMUNE,
    Tier.XA_NTM_HIEN_DAI: Unit.Kind.COMMUNE,
    Tier.KDC_KIEU_MAU: Unit.Kind.VILLAGE,
    Tier.HUYEN_NTM: Unit.Kind.DISTRICT,
    Tier.TINH_HOAN_THANH: Unit.Kind.PROVINCE,
}
# The tiers shown for communes, in the order of the programme.
COMMUNE_TIERS = [
    Tier.XA_NTM,
    Tier.XA_NTM_NANG_CAO,
    Tier.XA_NTM_KIEU_MAU,
    Tier.XA_NTM_HIEN_DAI,
]

TIER_NOUNS = {
    Tier.XA_NTM: "đạt chuẩn nông thôn mới",
    Tier.XA_NTM_NANG_CAO: "đạt chuẩn nông thôn mới nâng cao",
    Tier.XA_NTM_KIEU_MAU: "đạt chuẩn nông thôn mới kiểu mẫu",
    Tier.XA_NTM_HIEN_DAI: "đạt chuẩn nông thôn mới hiện đại",
    Tier.KDC_KIEU_MAU: "đạt chuẩn khu dân cư kiểu mẫu",
    Tier.HUYEN_NTM: "đạt chuẩn nông thôn mới",
    Tier.TINH_HOAN_THANH: "hoàn thành nhiệm vụ xây dựng nông thôn mới",
}


def decision_file_path(instance, filename):
    # never the uploader's file name (path traversal, odd characters)
    return f"quyet-dinh/{instance.signed_on:%Y}/{instance.token}{instance.extension}"


class Decision(models.Model):
    """One decision document about recognition: công nhận, thừa nhận or thu hồi."""

    class Kind(models.TextChoices):
        RECOGNITION = "cong_nhan", "Công nhận đạt chuẩn"
        ACKNOWLEDGEMENT = "thua_nhan", "Thừa nhận đạt chuẩn (đơn vị sau sắp xếp)"
        REVOCATION = "thu_hoi", "Thu hồi quyết định công nhận"

    kind = models.CharField("loại quyết định", max_length=10, choices=Kind.choices)
    number = models.CharField("số quyết định", max_length=60, help_text="Ví dụ 2345/QĐ-UBND")
    signed_on = models.DateField("ngày ký")
    in_force_from = models.DateField(
        "có hiệu lực từ", null=True, blank=True, help_text="Để trống: từ ngày ký."
    )
    body = models.CharField("cơ quan ban hành", max_length=255, help_text="Ví dụ UBND tỉnh Hà Tĩnh")
    signer = models.CharField("người ký", max_length=150, blank=True)
    basis = models.CharField(
        "căn cứ",
        max_length=500,
        blank=True,
        help_text="Văn bản làm căn cứ; với quyết định thừa nhận bắt buộc (ví dụ Văn bản "
        "5424/BNN-VPĐP ngày 09/8/2023 và các quyết định công nhận trước sắp xếp).",
    )
    note = models.TextField("ghi chú", blank=True, max_length=2000)
    # the province whose register holds it: that of the units it names (register_province).
    # Two provinces' bodies are often written alike ("UBND tỉnh"): a number is one decision
    # per province, issuing body and year. Empty only on a row that names no unit.
    province = models.ForeignKey(
        Unit,
        verbose_name="sổ công nhận của tỉnh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # folded copies and the year of signing: one number per issuing body and year
    number_key = models.CharField(max_length=60, editable=False)
    body_key = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    # the scanned decision: private, served only through an access-checked view
    file = models.FileField(
        storage=evidence_storage, upload_to=decision_file_path, max_length=255, blank=True
    )
    token = models.CharField(max_length=32, editable=False, blank=True)
    extension = models.CharField(max_length=10, editable=False, blank=True)
    original_name = models.CharField("tên tệp", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("ghi nhận lúc", default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "quyết định công nhận"
        verbose_name_plural = "quyết định công nhận"
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "body_key", "number_key", "year"],
                name="decision_unique_number_in_province",
            )
        ]

    def __str__(self):
        return f"Quyết định số {self.number} ngày {self.signed_on:%d/%m/%Y} của {self.body}"

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        self.body_key = fold(self.body)
        self.year = self.signed_on.year
        super().save(*args, **kwargs)

    @property
    def effective(self):
        """The day the decision takes effect."""
        return self.in_force_from or self.signed_on

    @property
    def short(self) -> str:
        return f"QĐ {self.number} ngày {self.signed_on:%d/%m/%Y}"


def register_province(unit: Unit) -> int | None:
    """The id of the province whose register holds `unit`'s decisions (the province itself for
    a province): the province whose office records them (units.access)."""
    return unit.pk if unit.kind == Unit.Kind.PROVINCE else unit.province_id


def number_key(number: str) -> str:
    """A decision number as compared: folded, without spaces ("2345 / QĐ-UBND" = "2345/qđ-ubnd")."""
    return fold(number).replace(" ", "")


class Recognition(models.Model):
    """One unit at one tier in a decision. In a revocation, `revokes` is the row it ends."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="entries")
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="recognitions"
    )
    tier = models.CharField("hạng", max_length=20, choices=Tier.choices)
    framework = models.ForeignKey(
        Framework,
        verbose_name="bộ tiêu chí",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("năm đạt chuẩn")
    revokes = models.ForeignKey(
        "self",
        verbose_name="thu hồi công nhận",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_by",
    )
    reason = models.TextField("lý do thu hồi", blank=True, max_length=2000)
    failing_criteria = models.CharField(
        "tiêu chí không đạt", max_length=255, blank=True, help_text="Ví dụ 10, 17"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("ghi nhận lúc", default=timezone.now)

    class Meta:
        verbose_name = "công nhận của đơn vị"
        verbose_name_plural = "công nhận của đơn vị"
        ordering = ["unit_id", "tier", "-decision__signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "unit", "tier"], name="recognition_unique_in_decision"
            )
        ]
        indexes = [models.Index(fields=["unit", "tier"], name="recognition_unit_tier")]

    def __str__(self):
        return f"{self.unit} – {self.get_tier_display()} – {self.decision.short}"

    def get_absolute_url(self):
        return reverse("recognition:unit", args=[self.unit_id])

    @property
    def kind(self) -> str:
        return self.decision.kind

    @property
    def is_revocation(self) -> bool:
        return self.decision.kind == Decision.Kind.REVOCATION


class RecognitionChange(models.Model):
    """The register's history: who recorded, changed or attached what, when, on what basis.
    Append-only; kept when a row it names is gone (the text says what it was)."""

    class Action(models.TextChoices):
        RECORDED = "recorded", "Ghi quyết định"
        REVOKED = "revoked", "Ghi thu hồi"
        FILE = "file", "Đính kèm bản chụp quyết định"
        CORRECTED = "corrected", "Sửa thông tin quyết định"

    at = models.DateTimeField("thời điểm", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    tier = models.CharField("hạng", max_length=20, choices=Tier.choices, blank=True)
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    before = models.CharField("trước", max_length=1000, blank=True)
    after = models.CharField("sau", max_length=1000, blank=True)
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)
    source = models.CharField(
        "nguồn", max_length=255, blank=True, help_text="Trang nhập, hoặc tệp Excel đã nhập"
    )

    class Meta:
        verbose_name = "lịch sử công nhận"
        verbose_name_plural = "lịch sử công nhận"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "-at"], name="recognitionchange_unit_at")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} – {self.unit}"
