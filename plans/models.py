"""Kế hoạch, Báo cáo and Tờ trình documents (Decree 30/2020/NĐ-CP layout) and the yearly
targets that drive them."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from criteria.models import Framework

# The longest text of each TextField (CharFields carry theirs inline). The model is the one
# place: forms, services, drafting and the imports read the bound from the field (issue 13).
# A whole plan is bounded once more for printing: plans.render.PDF_MAX_WEIGHT.
TITLE_MAX_LENGTH = 1_000
OPENING_MAX_LENGTH = 10_000
CLOSING_MAX_LENGTH = 10_000
BASIS_MAX_LENGTH = 1_000
SECTION_BODY_MAX_LENGTH = 50_000
TARGET_NOTE_MAX_LENGTH = 1_000
EVENT_DETAIL_MAX_LENGTH = 4_000
# The commune tiers a tờ trình may ask recognition at (recognition.models.Tier is
# criteria.Framework.Level): those QĐ 18/2022/QĐ-TTg's procedure covers.
TIER_CHOICES = [
    (Framework.Level.XA_NTM, "Xã đạt chuẩn NTM"),
    (Framework.Level.XA_NTM_NANG_CAO, "Xã đạt chuẩn NTM nâng cao"),
    (Framework.Level.XA_NTM_KIEU_MAU, "Xã đạt chuẩn NTM kiểu mẫu"),
]


class Target(models.Model):
    """What a commune (or a village) is to reach in a year: a level and the criteria to add.

    Set by the supervising office; drives the district plan and the dashboards.
    """

    class Level(models.TextChoices):
        NTM = "ntm", "Đạt chuẩn NTM"
        NANG_CAO = "nang_cao", "Đạt chuẩn NTM nâng cao"
        KIEU_MAU = "kieu_mau", "Đạt chuẩn NTM kiểu mẫu"
        MAINTAIN = "duy_tri", "Duy trì, nâng cao chất lượng"

    unit = models.ForeignKey(
        "units.Unit", verbose_name="xã/thôn", on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("năm")
    framework = models.ForeignKey(
        "criteria.Framework", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(
        "mức phấn đấu", max_length=10, choices=Level.choices, default=Level.NTM
    )
    criteria = models.ManyToManyField(
        "criteria.Criterion",
        verbose_name="tiêu chí phấn đấu đạt thêm",
        blank=True,
        related_name="+",
    )
    target_count = models.PositiveSmallIntegerField(
        "số tiêu chí phấn đấu đạt cuối năm", null=True, blank=True
    )
    deadline_text = models.CharField("thời hạn", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True, max_length=TARGET_NOTE_MAX_LENGTH)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # +1 at each change; the targets page sends the version it showed, a stale one is refused
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "chỉ tiêu phấn đấu năm"
        verbose_name_plural = "chỉ tiêu phấn đấu năm"
        ordering = ["year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="target_unique_year")]
        indexes = [
            # district plan and dashboards: all targets of one year
            models.Index(fields=["year", "unit"], name="target_year_unit"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.year}: {self.get_level_display()}"


class ChangeRecord(models.Model):
    """One change of a plans record: who, when, and each value from what to what (`changes`,
    as the page shows them). Append-only; each history table adds the row it belongs to."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("thời điểm", default=timezone.now)
    changes = models.JSONField("thay đổi", default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


class TargetChange(ChangeRecord):
    """History of a target: who changed it, when, and each value from what to what. Append-only.

    `changes` is a list of {"field", "label", "old", "new"} with the values as the page shows
    them (level label, criterion numbers, note …), like assignments.TaskChange.
    """

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="changes")

    class Meta:
        verbose_name = "lịch sử chỉ tiêu"
        verbose_name_plural = "lịch sử chỉ tiêu"
        ordering = ["-at", "-pk"]
        indexes = [
            # the targets page: the latest changes of the targets it shows
            models.Index(fields=["target", "-at"], name="targetchange_target_at"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.target}"


class PartyTerm(models.Model):
    """A term (nhiệm kỳ) of the Party committee (cấp ủy) at a unit. It runs from the day after
    its congress closed to the day the next congress closed, inclusive (HD 36-HD/VPTW). The
    Party documents of the unit – its cấp ủy's, and those of the steering committees the cấp
    ủy sets up – are numbered from 01 for each type within a term, not by calendar year.

    Recorded by those who draft the unit's documents, with the congress it follows; each entry
    and correction on record (PartyTermChange)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="party_terms", verbose_name="đơn vị"
    )
    congress_closed_on = models.DateField(
        "ngày bế mạc đại hội",
        help_text="Nhiệm kỳ bắt đầu từ ngày liền sau ngày bế mạc đại hội.",
    )
    name = models.CharField(
        "đại hội",
        max_length=200,
        help_text="Ví dụ: Đại hội đại biểu Đảng bộ xã Thiện Kế lần thứ XXI, nhiệm kỳ 2020–2025",
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "nhiệm kỳ cấp ủy"
        verbose_name_plural = "nhiệm kỳ cấp ủy"
        ordering = ["unit", "-congress_closed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "congress_closed_on"],
                name="party_term_once_per_congress",
                violation_error_message="Đơn vị đã có nhiệm kỳ bắt đầu sau đại hội ngày này.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def starts_on(self):
        return self.congress_closed_on + timedelta(days=1)


class PartyTermChange(ChangeRecord):
    """Who recorded or corrected a Party committee's term, when, from what to what."""

    class Action(models.TextChoices):
        CREATED = "created", "Ghi nhiệm kỳ"
        EDITED = "edited", "Sửa"

    term = models.ForeignKey(PartyTerm, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)

    class Meta:
        verbose_name = "lịch sử nhiệm kỳ cấp ủy"
        verbose_name_plural = "lịch sử nhiệm kỳ cấp ủy"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class Plan(models.Model):
    """An administrative document with a type name, issued by a commune or district body, for
    one year or a period: a Kế hoạch (the plans), or a Báo cáo or Tờ trình (the recognition
    dossier's report and request, plans.reports). `doc_type` gives the printed type name and
    the symbol's first part (KH-UBND, BC-UBND, TTr-UBND: Decree 30, App. III)."""

    class DocType(models.TextChoices):
        KE_HOACH = "kh", "Kế hoạch"
        BAO_CAO = "bc", "Báo cáo"
        TO_TRINH = "ttr", "Tờ trình"

    class Issuer(models.TextChoices):
        UBND = "ubnd", "Ủy ban nhân dân"
        DANG_UY = "dang_uy", "Đảng ủy"
        HUYEN_UY = "huyen_uy", "Huyện ủy, Tỉnh ủy"
        BCD = "bcd", "Ban Chỉ đạo"
        VPDP = "vpdp", "Văn phòng Điều phối NTM"

    class Format(models.TextChoices):
        # Decree 30/2020/NĐ-CP: Quốc hiệu and Tiêu ngữ, «Số: 07/KH-UBND», TM./KT.
        STATE = "nha_nuoc", "Văn bản hành chính (Nghị định 30/2020/NĐ-CP)"
        # HD 36-HD/VPTW: «ĐẢNG CỘNG SẢN VIỆT NAM», «*» under the body, «Số 07-KH/BCĐ», T/M, K/T
        PARTY = "dang", "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)"

    class Kind(models.TextChoices):
        CONSOLIDATE = "cung_co", "Củng cố tiêu chí chưa đạt (xã)"
        COMMUNE_ANNUAL = "xa_nam", "Kế hoạch năm của xã"
        DISTRICT_ANNUAL = "huyen_nam", "Kế hoạch năm của huyện/đơn vị giám sát"
        DISTRICT_CRITERIA = "huyen_tieu_chi", "Kế hoạch đạt chuẩn tiêu chí cấp huyện"
        BLANK = "trong", "Kế hoạch trống"
        COMMUNE_REPORT = "bao_cao_xa", "Báo cáo kết quả xây dựng NTM năm (xã)"
        COMMUNE_PROPOSAL = "to_trinh_xa", "Tờ trình đề nghị thẩm định, xét công nhận (xã)"
        DISTRICT_REPORT = "bao_cao_huyen", "Báo cáo kết quả xây dựng NTM năm (huyện/tỉnh)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"

    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="plans"
    )
    issuer = models.CharField("cơ quan ban hành", max_length=10, choices=Issuer.choices)
    # how the document is laid out and numbered (the issuer's default: format_for)
    doc_format = models.CharField(
        "thể thức", max_length=10, choices=Format.choices, default=Format.STATE
    )
    doc_type = models.CharField(
        "loại văn bản", max_length=5, choices=DocType.choices, default=DocType.KE_HOACH
    )
    kind = models.CharField("loại kế hoạch", max_length=20, choices=Kind.choices)
    year_start = models.PositiveSmallIntegerField("từ năm")
    year_end = models.PositiveSmallIntegerField("đến năm")
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    # Header (ô 1–4 of Decree 30, Appendix I)
    parent_body = models.CharField("cơ quan chủ quản", max_length=200, blank=True)
    body_lines = models.CharField(
        "tên cơ quan ban hành",
        max_length=300,
        help_text="Mỗi dòng một dòng in, ví dụ: ỦY BAN NHÂN DÂN / XÃ CẨM TÂN",
    )
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=40, default="KH-UBND")
    place = models.CharField("địa danh", max_length=100)
    issue_date = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.TextField("trích yếu", max_length=TITLE_MAX_LENGTH)
    # ô 9a: printed under the trích yếu for a báo cáo or tờ trình to a superior (never for a
    # kế hoạch); several recipients separated by " / " as the other header lines are
    addressee = models.CharField(
        "kính gửi",
        max_length=500,
        blank=True,
        help_text="Ví dụ: Ủy ban nhân dân tỉnh Hà Tĩnh; nhiều nơi cách nhau bằng dấu “ / ”",
    )
    # the tier a tờ trình asks recognition at (recognition.models.Tier); blank otherwise
    tier = models.CharField(
        "hạng đề nghị công nhận", max_length=20, choices=TIER_CHOICES, blank=True
    )
    opening = models.TextField("đoạn mở đầu", blank=True, max_length=OPENING_MAX_LENGTH)
    closing = models.TextField("đoạn kết", blank=True, max_length=CLOSING_MAX_LENGTH)

    # Signature block (ô 7) – organisational choices, so data, not derived logic
    authority_lines = models.CharField(
        "thẩm quyền ký",
        max_length=200,
        blank=True,
        help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
    )
    # as long as a signatory's or a user's position and name (Signatory, units.User): 150
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=150, blank=True)

    revision_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    version = models.PositiveIntegerField(default=1)
    drafted_from_data_at = models.DateTimeField("lập từ số liệu lúc", null=True, blank=True)
    # The sections as the data wrote them at the last draft or "Cập nhật số liệu"
    # ([{"heading", "body"}]): what the official changed since is what differs from it.
    drafted_sections = models.JSONField("các mục lấy từ số liệu", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # a Party document's term (its number is unique within it), set when it is issued
    party_term = models.ForeignKey(
        PartyTerm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="nhiệm kỳ cấp ủy",
    )

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year_start", "-created_at"]
        constraints = [
            # Số 05/KH-UBND is given once a year by an issuing unit: plans.services.plan_issue
            # checks it under a lock and turns a violation into its own message; this is the
            # guarantee when two issues race (issue 13). Drafts may share a number.
            models.UniqueConstraint(
                F("unit"),
                F("symbol"),
                F("number"),
                ExtractYear("issue_date"),
                condition=Q(status="issued") & ~Q(doc_format="dang"),
                name="plan_issued_number_unique",
                violation_error_message="Số văn bản này đã dùng cho một kế hoạch ban hành cùng năm.",
            ),
            # Số 07-KH/ĐU once in a term of the cấp ủy (HD 36-HD/VPTW), whatever the year
            models.UniqueConstraint(
                fields=["unit", "symbol", "number", "party_term"],
                condition=Q(status="issued", doc_format="dang"),
                name="plan_issued_party_number_unique",
                violation_error_message="Số văn bản này đã dùng trong nhiệm kỳ cấp ủy.",
            ),
        ]
        indexes = [
            # plan list of a unit, newest first
            models.Index(fields=["unit", "-year_start"], name="plan_unit_year"),
        ]

    def __str__(self):
        return f"{self.number_text()} – {self.title[:80]}"

    def get_absolute_url(self):
        return reverse("plans:plan-detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def period_text(self) -> str:
        if self.year_start == self.year_end:
            return str(self.year_start)
        return f"{self.year_start}-{self.year_end}"

    @property
    def party_format(self) -> bool:
        return self.doc_format == self.Format.PARTY

    def number_text(self) -> str:
        """ "05/KH-UBND" (State: number, slash, symbol) or "07-KH/BCĐ" (Party: number, hyphen,
        symbol); numbers below 10 with a leading zero, blank until registered."""
        number = f"{self.number:02d}" if self.number else ""
        return f"{number}{'-' if self.party_format else '/'}{self.symbol}"

    @property
    def type_name(self) -> str:
        """The printed type name (ô 5a): KẾ HOẠCH, BÁO CÁO, TỜ TRÌNH."""
        return TYPE_NAMES[self.doc_type]

    @property
    def type_label(self) -> str:
        """ "Kế hoạch", "Báo cáo", "Tờ trình" (lists, messages, file names)."""
        return self.DocType(self.doc_type).label

    @property
    def has_addressee(self) -> bool:
        """Whether the type carries a «Kính gửi:» part (ô 9a): báo cáo and tờ trình."""
        return self.doc_type in ADDRESSED_TYPES


# Decree 30/2020, App. III §I: the type names and their abbreviations (mixed case kept: TTr)
TYPE_NAMES = {
    Plan.DocType.KE_HOACH: "KẾ HOẠCH",
    Plan.DocType.BAO_CAO: "BÁO CÁO",
    Plan.DocType.TO_TRINH: "TỜ TRÌNH",
}
TYPE_ABBREVIATIONS = {
    Plan.DocType.KE_HOACH: "KH",
    Plan.DocType.BAO_CAO: "BC",
    Plan.DocType.TO_TRINH: "TTr",
}
# App. I §II.9: «Kính gửi» for a tờ trình or báo cáo sent to a superior, never a kế hoạch
ADDRESSED_TYPES = {Plan.DocType.BAO_CAO, Plan.DocType.TO_TRINH}
# the kinds drafted by plans.reports, and the type each one is
KIND_DOC_TYPES = {
    Plan.Kind.COMMUNE_REPORT: Plan.DocType.BAO_CAO,
    Plan.Kind.COMMUNE_PROPOSAL: Plan.DocType.TO_TRINH,
    Plan.Kind.DISTRICT_REPORT: Plan.DocType.BAO_CAO,
}
# the kinds a supervising unit (district, province) drafts, never a commune, and the reverse
# (a blank plan is anyone's)
SUPERVISOR_KINDS = {
    Plan.Kind.DISTRICT_ANNUAL,
    Plan.Kind.DISTRICT_CRITERIA,
    Plan.Kind.DISTRICT_REPORT,
}
COMMUNE_KINDS = {
    Plan.Kind.CONSOLIDATE,
    Plan.Kind.COMMUNE_ANNUAL,
    Plan.Kind.COMMUNE_REPORT,
    Plan.Kind.COMMUNE_PROPOSAL,
}


def refreshable(plan: "Plan") -> bool:
    """A draft drawn from the data (not a blank one): "Cập nhật số liệu" applies to it."""
    return (
        plan.status == Plan.Status.DRAFT
        and plan.drafted_from_data_at is not None
        and plan.kind != Plan.Kind.BLANK
    )


# The bodies whose documents follow the Party's format by default (HD 36-HD/VPTW: cấp ủy,
# their standing committees, and the steering committees they set up – as the seed district
# plan «Số: 07-KH/BCĐ»); the format stays editable per document.
PARTY_ISSUERS = {Plan.Issuer.DANG_UY, Plan.Issuer.HUYEN_UY, Plan.Issuer.BCD}
# the issuer's part of the symbol when nothing else is known
ISSUER_ABBREVIATIONS = {
    Plan.Issuer.UBND: "UBND",
    Plan.Issuer.DANG_UY: "ĐU",
    Plan.Issuer.HUYEN_UY: "HU",
    Plan.Issuer.BCD: "BCĐ",
    Plan.Issuer.VPDP: "VPĐP",
}


def format_for(issuer: str) -> str:
    return Plan.Format.PARTY if issuer in PARTY_ISSUERS else Plan.Format.STATE


def default_symbol(doc_type: str, issuer_abbreviation: str = "UBND", *, party=False) -> str:
    """ "KH-UBND", "BC-UBND", "TTr-UBND" (State: the type's abbreviation, then the issuer's);
    "KH/BCĐ", "BC/ĐU" (Party: type, slash, issuer)."""
    return f"{TYPE_ABBREVIATIONS[doc_type]}{'/' if party else '-'}{issuer_abbreviation}"


def symbol_for_type(symbol: str, old_type: str, new_type: str) -> str:
    """The symbol with its type part changed when the type changes ("KH-UBND" → "BC-UBND",
    "KH/BCĐ" → "BC/BCĐ"); a symbol that does not start with the old type's abbreviation is
    left as typed."""
    old, new = TYPE_ABBREVIATIONS[old_type], TYPE_ABBREVIATIONS[new_type]
    for joint in ("-", "/"):
        if old != new and symbol.startswith(f"{old}{joint}"):
            return new + symbol[len(old) :]
    return symbol


class PlanBasis(models.Model):
    """A legal basis line (Căn cứ …), in order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bases")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("căn cứ", max_length=BASIS_MAX_LENGTH)

    class Meta:
        verbose_name = "căn cứ"
        verbose_name_plural = "căn cứ"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class PlanSection(models.Model):
    """A part of the body: a heading (I. MỤC TIÊU, 1. Mục đích …) and its text."""

    class Level(models.TextChoices):
        MUC = "muc", "Mục (I., II. …)"
        KHOAN = "khoan", "Khoản (1., 2. … / 4.1.)"
        TEXT = "text", "Đoạn văn (không tiêu đề)"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    level = models.CharField("cấp", max_length=10, choices=Level.choices, default=Level.KHOAN)
    heading = models.CharField("tiêu đề", max_length=300, blank=True)
    body = models.TextField("nội dung", blank=True, max_length=SECTION_BODY_MAX_LENGTH)

    class Meta:
        verbose_name = "mục kế hoạch"
        verbose_name_plural = "mục kế hoạch"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading or self.body[:60]


class PlanRecipient(models.Model):
    """A line of "Nơi nhận:" (the last one is usually "Lưu: VT, …")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField("nơi nhận", max_length=300)

    class Meta:
        verbose_name = "nơi nhận"
        verbose_name_plural = "nơi nhận"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class PlanEvent(models.Model):
    """What happened to a plan: drafted from data, edited, issued, revised. Append-only."""

    class Action(models.TextChoices):
        DRAFTED = "drafted", "Lập dự thảo từ số liệu"
        CREATED = "created", "Tạo kế hoạch"
        EDITED = "edited", "Chỉnh sửa"
        ISSUED = "issued", "Ban hành"
        REVISION = "revision", "Tạo bản sửa đổi"
        REFRESHED = "refreshed", "Cập nhật số liệu"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.TextField("chi tiết", blank=True, max_length=EVENT_DETAIL_MAX_LENGTH)

    class Meta:
        verbose_name = "lịch sử kế hoạch"
        verbose_name_plural = "lịch sử kế hoạch"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class LegalDocument(models.Model):
    """A legal text that plans cite as a basis («Căn cứ Quyết định số 318/QĐ-TTg ngày
    08/3/2022 của Thủ tướng Chính phủ …»): a library kept year to year, national (no unit) or
    of a unit (its resolutions, decisions, notices), from which each plan picks its bases.
    Entered by those who hold the texts; every change on record (LegalDocumentChange)."""

    class Kind(models.TextChoices):
        LUAT = "luat", "Luật"
        NGHI_QUYET = "nghi_quyet", "Nghị quyết"
        NGHI_DINH = "nghi_dinh", "Nghị định"
        QUYET_DINH = "quyet_dinh", "Quyết định"
        THONG_TU = "thong_tu", "Thông tư"
        CHI_THI = "chi_thi", "Chỉ thị"
        KET_LUAN = "ket_luan", "Kết luận"
        KE_HOACH = "ke_hoach", "Kế hoạch"
        THONG_BAO = "thong_bao", "Thông báo"
        HUONG_DAN = "huong_dan", "Hướng dẫn"
        CONG_VAN = "cong_van", "Công văn"
        KHAC = "khac", "Văn bản"

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_documents",
        verbose_name="đơn vị (trống: văn bản trung ương)",
    )
    kind = models.CharField("loại văn bản", max_length=12, choices=Kind.choices)
    number = models.CharField(
        "số, ký hiệu",
        max_length=60,
        blank=True,
        help_text="Ví dụ: 318/QĐ-TTg. Để trống với văn bản trích dẫn theo tên, như nghị quyết "
        "đại hội Đảng bộ.",
    )
    signed_on = models.DateField("ngày ban hành", null=True, blank=True)
    body = models.CharField(
        "cơ quan ban hành", max_length=200, help_text="Ví dụ: Thủ tướng Chính phủ"
    )
    title = models.CharField("trích yếu", max_length=500, blank=True)
    # cited by every new draft of the unit and the units below it, for plans of these years
    cite_by_default = models.BooleanField(
        "tự đưa vào dự thảo",
        default=False,
        help_text="Dự thảo kế hoạch mới của đơn vị và các đơn vị cấp dưới tự ghi văn bản này "
        "vào phần căn cứ (trong các năm dưới đây).",
    )
    cite_from = models.PositiveSmallIntegerField("từ năm", null=True, blank=True)
    cite_to = models.PositiveSmallIntegerField("đến năm", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "văn bản căn cứ"
        verbose_name_plural = "thư viện văn bản căn cứ"
        ordering = ["-signed_on", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="legal_document_once_per_unit",
                condition=models.Q(unit__isnull=False) & ~models.Q(number=""),
            ),
            models.UniqueConstraint(
                fields=["number"],
                name="legal_document_once_nationally",
                condition=models.Q(unit__isnull=True) & ~models.Q(number=""),
            ),
        ]

    def __str__(self):
        if not self.number:
            return f"{self.get_kind_display()} {self.body}"
        return f"{self.get_kind_display()} số {self.number}"

    def basis_text(self) -> str:
        """ "Căn cứ Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ …"
        (a national text's date written out, a local one's «16/12/2021», as the seeds cite); a
        text without number is cited by its name: "Căn cứ Nghị quyết Đại hội Đảng bộ huyện Sơn
        Dương lần thứ XX" (seed 004)."""
        from .text import ngay_thang_nam, ngay_vi

        kind = self.get_kind_display()
        text = f"Căn cứ {kind} số {self.number}" if self.number else f"Căn cứ {kind} {self.body}"
        if self.signed_on:
            when = self.signed_on
            text += f" {ngay_thang_nam(when)}" if self.unit_id is None else f" ngày {ngay_vi(when)}"
        if self.number:
            text += f" của {self.body}"
        if self.title:
            text += f" {self.title}"
        return text


class LegalDocumentChange(ChangeRecord):
    """Who entered or corrected a library entry, when, from what to what. Append-only."""

    class Action(models.TextChoices):
        CREATED = "created", "Thêm vào thư viện"
        EDITED = "edited", "Sửa"

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)

    class Meta:
        verbose_name = "lịch sử văn bản căn cứ"
        verbose_name_plural = "lịch sử văn bản căn cứ"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


MEASURE_TARGET_MAX_LENGTH = 1000
MEASURE_TEXT_MAX_LENGTH = 4000


class CriterionMeasure(models.Model):
    """What a commune aims at for one criterion in one year and what it will do (mục tiêu,
    giải pháp), with their figures as the commune writes them («Giảm tỷ lệ hộ nghèo còn dưới 4 %»;
    «Mở 1–2 lớp dạy nghề …»): kept as data, reused from year to year, and written by the drafts
    under the criterion. Every change on record (CriterionMeasureChange)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="measures", verbose_name="xã"
    )
    year = models.PositiveSmallIntegerField("năm")
    criterion = models.ForeignKey(
        "criteria.Criterion", on_delete=models.PROTECT, related_name="+", verbose_name="tiêu chí"
    )
    target = models.TextField("mục tiêu", blank=True, max_length=MEASURE_TARGET_MAX_LENGTH)
    measures = models.TextField("giải pháp", blank=True, max_length=MEASURE_TEXT_MAX_LENGTH)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "mục tiêu, giải pháp theo tiêu chí"
        verbose_name_plural = "mục tiêu, giải pháp theo tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "criterion"], name="measure_once_per_criterion_year"
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.year} – tiêu chí {self.criterion_id}"


class CriterionMeasureChange(ChangeRecord):
    """Who wrote or changed a criterion's target and measures, when, from what to what."""

    measure = models.ForeignKey(CriterionMeasure, on_delete=models.CASCADE, related_name="changes")

    class Meta:
        verbose_name = "lịch sử mục tiêu, giải pháp"
        verbose_name_plural = "lịch sử mục tiêu, giải pháp"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.measure}"


# --- what every plan of a unit carries: measures, duties of bodies, recipients, signatories --

PLAN_ITEM_HEADING_MAX_LENGTH = 300
PLAN_ITEM_TEXT_MAX_LENGTH = 6000
RECIPIENTS_MAX_LENGTH = 3000


class PlanItem(models.Model):
    """An item every plan of a unit carries in a year, kept as data and carried from the year
    before, by part of the plan: its purposes and requirements (§ I: «Mục đích» → «- …»), its
    own targets (lines of «Mục tiêu»: «- Các xã phấn đấu tăng từ 1 đến 2 tiêu chí …»), a group
    of its own tasks and measures (§ «Nhiệm vụ, giải pháp»: «Nhiệm vụ, giải pháp chung» → «1.1.
    Kiện toàn …») or a body's duties (§ «Tổ chức thực hiện»: «Phòng Tài chính - Kế hoạch» →
    «chủ trì …»; «Đối với các thôn» → «- …»)."""

    class Part(models.TextChoices):
        PURPOSES = "muc_dich", "Mục đích, yêu cầu"
        GOALS = "muc_tieu", "Mục tiêu"
        MEASURES = "giai_phap", "Nhiệm vụ, giải pháp"
        DUTIES = "to_chuc", "Tổ chức thực hiện"

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="plan_items", verbose_name="đơn vị"
    )
    year = models.PositiveSmallIntegerField("năm")
    part = models.CharField("phần", max_length=10, choices=Part.choices)
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    heading = models.CharField("tiêu đề", max_length=PLAN_ITEM_HEADING_MAX_LENGTH, blank=True)
    text = models.TextField("nội dung", max_length=PLAN_ITEM_TEXT_MAX_LENGTH)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "nội dung kế hoạch dùng lại"
        verbose_name_plural = "nội dung kế hoạch dùng lại"
        ordering = ["unit", "year", "part", "position", "pk"]
        indexes = [models.Index(fields=["unit", "year", "part"], name="planitem_unit_year_part")]

    def __str__(self):
        return f"{self.unit} {self.year} – {self.heading or self.text[:40]}"


class RecipientList(models.Model):
    """The «Nơi nhận» a unit's documents of one issuer go to (UBND's list is not its Ban Chỉ
    đạo's), one line each; every later draft of that issuer starts from it."""

    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="recipient_lists",
        verbose_name="đơn vị",
    )
    issuer = models.CharField("cơ quan ban hành", max_length=10, choices=Plan.Issuer.choices)
    recipients = models.TextField("nơi nhận", max_length=RECIPIENTS_MAX_LENGTH)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "danh sách nơi nhận"
        verbose_name_plural = "danh sách nơi nhận"
        constraints = [
            models.UniqueConstraint(fields=["unit", "issuer"], name="recipients_once_per_issuer")
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_issuer_display()}"

    def lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class Signatory(models.Model):
    """Someone who signs a unit's documents, whether or not they use the app («Nguyễn Xuân
    Danh, Phó Chủ tịch UBND huyện»): the drafts of the issuer name the first one in order, the
    plan's page offers them all."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="signatories", verbose_name="đơn vị"
    )
    issuer = models.CharField("ký văn bản của", max_length=10, choices=Plan.Issuer.choices)
    full_name = models.CharField(
        "họ và tên", max_length=150, blank=True, help_text="Để trống nếu văn bản không ghi tên."
    )
    position = models.CharField(
        "chức vụ",
        max_length=150,
        help_text="Như trên văn bản: “Phó Chủ tịch UBND huyện”, “Bí thư Đảng ủy”, “Trưởng ban”.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    active = models.BooleanField("còn đương nhiệm", default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "người ký văn bản"
        verbose_name_plural = "người ký văn bản"
        ordering = ["unit", "issuer", "order", "pk"]

    def __str__(self):
        return f"{self.full_name}, {self.position}"


class UnitDocumentChange(ChangeRecord):
    """Who changed a unit's measures or duties of bodies (PlanItem), recipients or
    signatories, when, from what to what. Append-only; kept when a row is removed."""

    class Subject(models.TextChoices):
        PURPOSES = "purposes", "Mục đích, yêu cầu"
        GOALS = "goals", "Mục tiêu của đơn vị"
        MEASURES = "measures", "Nhiệm vụ, giải pháp chung"
        DUTIES = "duties", "Nhiệm vụ các cơ quan"
        RECIPIENTS = "recipients", "Nơi nhận"
        SIGNATORIES = "signatories", "Người ký"

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=12, choices=Subject.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "lịch sử nội dung dùng lại"
        verbose_name_plural = "lịch sử nội dung dùng lại"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "-at"], name="unitdocchange_unit_at")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_subject_display()}"
