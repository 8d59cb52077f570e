from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone

from common.text import fold


class User(AbstractUser):
    """A person who signs in: commune official, supervising office staff, administrator."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class Unit(models.Model):
    """An administrative unit: province, district, commune or village (thôn).

    The supervising level is data: a commune's parent is its district where there is one,
    otherwise its province (the two-level government since 01/7/2025). Every unit below a
    province also keeps `province` so "all communes of a province" is one indexed filter.

    The hierarchy has time: parent, province and prefix are the placement in force since
    `placed_since`; the earlier ones are UnitPlacement rows, so a page of 2023 reads the
    hierarchy of 2023 (units.selectors.placed_below). Only units.reorganisation moves a unit.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh/Thành phố"
        DISTRICT = "district", "Huyện/Thị xã"
        COMMUNE = "commune", "Xã"
        VILLAGE = "village", "Thôn"

    class LevelGoal(models.TextChoices):
        NTM = "ntm", "Xã NTM"
        NANG_CAO = "nang_cao", "Xã NTM nâng cao"
        KIEU_MAU = "kieu_mau", "Xã NTM kiểu mẫu"

    kind = models.CharField("cấp", max_length=10, choices=Kind.choices)
    code = models.CharField("mã đơn vị", max_length=64, unique=True)
    name = models.CharField("tên", max_length=150)
    prefix = models.CharField(
        "loại đơn vị", max_length=30, blank=True, help_text="Ví dụ: Xã, Phường, Huyện, Tỉnh, Thôn"
    )
    search_name = models.CharField("tên không dấu", max_length=200, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    province = models.ForeignKey(
        "self",
        verbose_name="tỉnh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="province_units",
        limit_choices_to={"kind": "province"},
    )
    region = models.CharField(
        "vùng",
        max_length=20,
        blank=True,
        help_text="Khóa vùng của bộ tiêu chí (tdmnpb, dbsh, btb, dhntb, tn, dnb, dbscl).",
    )
    uses_tdmnpb_thresholds = models.BooleanField(
        "áp dụng mức vùng TDMNPB",
        default=False,
        help_text="Xã đặc biệt khó khăn, xã an toàn khu thuộc huyện nghèo (quy định đặc thù của 318/QĐ-TTg).",
    )
    framework = models.ForeignKey(
        "criteria.Framework",
        verbose_name="bộ tiêu chí áp dụng",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level_goal = models.CharField(
        "mức phấn đấu", max_length=10, choices=LevelGoal.choices, default=LevelGoal.NTM
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField(
        "hết hiệu lực", null=True, blank=True, help_text="Ngày đơn vị bị sáp nhập hoặc giải thể."
    )
    # parent, province, prefix and name above are the unit's placement since this day (empty:
    # since it began); the placements before it are UnitPlacement rows, closed by a
    # reorganisation
    placed_since = models.DateField(
        "thuộc đơn vị cấp trên hiện nay từ",
        null=True,
        blank=True,
        help_text="Ghi qua units.reorganisation (các vị trí trước đó: lịch sử sắp xếp).",
    )
    merged_from = models.ManyToManyField(
        "self",
        verbose_name="hình thành từ",
        symmetrical=False,
        blank=True,
        related_name="merged_into",
    )
    is_synthetic = models.BooleanField(
        "dữ liệu giả lập", default=False, help_text="Đơn vị do lệnh tạo dữ liệu thử sinh ra."
    )
    created_by_basis = models.CharField(
        "căn cứ thành lập",
        max_length=500,
        blank=True,
        help_text="Văn bản thành lập, ví dụ Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025. "
        "Ghi qua units.facts.record_creation_basis (có lịch sử).",
    )

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["name"]
        indexes = [
            # communes_visible_to(): the communes under a district (parent) or a province
            models.Index(fields=["kind", "parent"], name="unit_kind_parent"),
            models.Index(fields=["kind", "province"], name="unit_kind_province"),
        ]

    # the designations of each level ("kind" in the laws: xã, phường, thị trấn, đặc khu …);
    # a reorganisation's new unit takes one of its level's
    PREFIXES = {
        "commune": ("Xã", "Phường", "Thị trấn", "Đặc khu"),
        "district": ("Huyện", "Quận", "Thị xã", "Thành phố"),
        "province": ("Tỉnh", "Thành phố"),
        "village": ("Thôn", "Xóm", "Bản", "Khu dân cư", "Tổ dân phố", "Buôn", "Ấp", "Làng"),
    }

    def __str__(self):
        return f"{self.prefix} {self.name}".strip()

    def save(self, *args, **kwargs):
        if getattr(self, "as_of_year", None) is not None:
            # units.selectors.as_in / placed_in: named as in an earlier year, for reading only
            raise ValueError(f"{self} is named as in {self.as_of_year}: not to be saved")
        self.search_name = fold(f"{self.prefix} {self.name}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"name", "prefix"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.kind == self.Kind.COMMUNE:
            return reverse("criteria:commune-detail", args=[self.pk])
        return reverse("criteria:commune-list") + f"?unit={self.pk}"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def threshold_category(self, category_kind: str, group: str = "") -> str:
        """The key this commune's thresholds are looked up by in a framework: its region (or
        TDMNPB by the 318 special rule), or for a group-keyed framework the `group` in force
        (criteria.UnitCategory, looked up by criteria.selectors.category_of)."""
        if category_kind == "group":
            return group
        if self.uses_tdmnpb_thresholds:
            return "tdmnpb"
        return self.region


class Role(models.Model):
    """A user's role at one unit. A user may hold several."""

    class Kind(models.TextChoices):
        COMMUNE_OFFICIAL = "commune_official", "Công chức xã"
        COMMUNE_LEADER = "commune_leader", "Lãnh đạo UBND xã"
        SUPERVISOR = "supervisor", "Văn phòng điều phối NTM (cấp giám sát)"
        PROVINCE_OFFICE = "province_office", "Văn phòng điều phối NTM tỉnh"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="roles"
    )
    kind = models.CharField("vai trò", max_length=20, choices=Kind.choices)
    criteria = models.ManyToManyField(
        "criteria.Criterion",
        verbose_name="chỉ phụ trách tiêu chí",
        blank=True,
        help_text="Để trống: tất cả tiêu chí. Ví dụ công chức văn hóa: tiêu chí 6 và 16.",
    )

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "kind"], name="role_unique_per_unit"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()} – {self.unit}"


class HistoryRecord(models.Model):
    """What the history rows of accounts and units share: when, and by whom (None: the
    system). Append-only rows, newest first."""

    at = models.DateTimeField("thời điểm", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


class RoleChange(HistoryRecord):
    """History of roles: who gave or took which role, when, and its criteria. Append-only.

    Written by `units.services` in the same transaction as the change. The role's user, unit and
    kind are copied here, so the row outlives the role; moving a role to another user, unit or
    kind is recorded as its removal plus an addition.
    """

    class Action(models.TextChoices):
        ADDED = "added", "Giao vai trò"
        CHANGED = "changed", "Đổi tiêu chí phụ trách"
        REMOVED = "removed", "Thu hồi vai trò"
        ENDED = "ended", "Kết thúc do sắp xếp đơn vị"

    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người được giao",
        on_delete=models.PROTECT,
        related_name="role_changes",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="role_changes"
    )
    kind = models.CharField("vai trò", max_length=20, choices=Role.Kind.choices)
    criteria_before = models.CharField(
        "tiêu chí trước", max_length=255, blank=True, help_text="Số tiêu chí; trống: tất cả."
    )
    criteria_after = models.CharField(
        "tiêu chí sau", max_length=255, blank=True, help_text="Số tiêu chí; trống: tất cả."
    )
    basis = models.CharField(
        "căn cứ",
        max_length=500,
        blank=True,
        help_text="Văn bản làm vai trò kết thúc, ví dụ nghị quyết sắp xếp đơn vị hành chính.",
    )

    class Meta:
        verbose_name = "lịch sử phân quyền"
        verbose_name_plural = "lịch sử phân quyền"
        ordering = ["-at", "-pk"]
        indexes = [
            # the admin list: newest first, narrowed by date (date_hierarchy)
            models.Index(fields=["-at"], name="rolechange_at"),
        ]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}: {self.user}"


class UnitFact(models.Model):
    """A dated figure of a unit (its area, population, households, villages): one value per
    kind and date it refers to, so a 2019 population and a 2024 one stand side by side.
    Written only by units.facts.record_fact, which leaves a UnitFactChange row."""

    class Kind(models.TextChoices):
        AREA = "dien_tich", "Diện tích tự nhiên (km²)"
        POPULATION = "dan_so", "Dân số (người)"
        HOUSEHOLDS = "so_ho", "Số hộ"
        VILLAGES = "so_thon", "Số thôn, khu dân cư"

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="facts"
    )
    kind = models.CharField("loại số liệu", max_length=10, choices=Kind.choices)
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=4)
    as_of = models.DateField("tính đến ngày")
    basis = models.CharField("căn cứ", max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("thời điểm ghi", default=timezone.now)

    class Meta:
        verbose_name = "số liệu đơn vị"
        verbose_name_plural = "số liệu đơn vị"
        ordering = ["unit", "kind", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "as_of"], name="unitfact_unique_date"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="unitfact_value_gte_0"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_kind_display()} ({self.as_of:%d/%m/%Y})"


class UnitFactChange(HistoryRecord):
    """History of a unit's figures and of its legal basis of creation. Append-only, written by
    units.facts in the same transaction as the change; `kind` "can_cu_thanh_lap" is the unit's
    created_by_basis (as_of empty)."""

    CREATION_BASIS = "can_cu_thanh_lap"

    class Action(models.TextChoices):
        ADDED = "added", "Thêm số liệu"
        CHANGED = "changed", "Sửa số liệu"

    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="fact_changes"
    )
    kind = models.CharField("loại số liệu", max_length=20)
    as_of = models.DateField("tính đến ngày", null=True, blank=True)
    before = models.CharField("trước", max_length=500, blank=True)
    after = models.CharField("sau", max_length=500, blank=True)
    basis = models.CharField("căn cứ", max_length=500, blank=True)

    class Meta:
        verbose_name = "lịch sử số liệu đơn vị"
        verbose_name_plural = "lịch sử số liệu đơn vị"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}: {self.unit}"

    @property
    def kind_label(self) -> str:
        if self.kind == self.CREATION_BASIS:
            return "căn cứ thành lập"
        return UnitFact.Kind(self.kind).label if self.kind in UnitFact.Kind.values else self.kind


class Reorganisation(models.Model):
    """A reorganisation of administrative units by a legal act (e.g. NQ 1665/NQ-UBTVQH15):
    communes merged, districts abolished, provinces merged, all on one date. Applied once, in
    one transaction, by units.reorganisation.apply; its steps and the placements it closed are
    its record of what changed from what to what."""

    basis = models.CharField(
        "căn cứ",
        max_length=500,
        help_text="Nghị quyết sắp xếp, ví dụ Nghị quyết 786/NQ-UBTVQH14 ngày 16/10/2019.",
    )
    effective = models.DateField("có hiệu lực từ")
    note = models.CharField("ghi chú", max_length=500, blank=True)
    source = models.CharField("nguồn", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField("thời điểm ghi", default=timezone.now)

    class Meta:
        verbose_name = "sắp xếp đơn vị hành chính"
        verbose_name_plural = "sắp xếp đơn vị hành chính"
        ordering = ["-effective", "-pk"]

    def __str__(self):
        return f"{self.basis} (từ {self.effective:%d/%m/%Y})"


class ReorganisationStep(models.Model):
    """One unit's part in a reorganisation: merged into a successor, a district abolished
    (its successor: the province its units move under), or a unit renamed or given another
    designation (a thị trấn become phường): it continues, its successor is itself and `was`
    keeps what it was called before."""

    class Action(models.TextChoices):
        MERGE_COMMUNES = "merge_communes", "Nhập xã"
        ABOLISH_DISTRICT = "abolish_district", "Kết thúc cấp huyện"
        MERGE_PROVINCES = "merge_provinces", "Nhập tỉnh"
        RENAME = "rename", "Đổi tên, loại đơn vị"

    reorganisation = models.ForeignKey(
        Reorganisation, on_delete=models.PROTECT, related_name="steps"
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    predecessor = models.ForeignKey(
        Unit, verbose_name="đơn vị cũ", on_delete=models.PROTECT, related_name="+"
    )
    successor = models.ForeignKey(
        Unit, verbose_name="đơn vị sau sắp xếp", on_delete=models.PROTECT, related_name="+"
    )
    successor_created = models.BooleanField("đơn vị mới thành lập", default=False)
    moved = models.PositiveIntegerField(
        "số đơn vị chuyển cấp trên", default=0, help_text="Đơn vị trực thuộc chuyển theo."
    )
    was = models.CharField(
        "tên trước khi đổi", max_length=200, blank=True, help_text="Bước đổi tên, loại đơn vị."
    )
    became = models.CharField(
        "tên sau khi đổi", max_length=200, blank=True, help_text="Bước đổi tên, loại đơn vị."
    )

    class Meta:
        verbose_name = "bước sắp xếp"
        verbose_name_plural = "bước sắp xếp"
        ordering = ["pk"]
        constraints = [
            # one unit ends once: never merged twice (a renamed unit continues)
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=~models.Q(action="rename"),
                name="reorgstep_once_per_unit",
            ),
        ]

    def __str__(self):
        if self.action == self.Action.RENAME:
            return f"{self.get_action_display()}: {self.was} → {self.became}"
        return f"{self.get_action_display()}: {self.predecessor} → {self.successor}"


class UnitPlacement(models.Model):
    """A placement a unit had before its current one: under which parent and province, with
    which designation and name, from when (empty: since it began) until when (the day its
    successor placement starts). Written only by units.reorganisation."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="placements"
    )
    parent = models.ForeignKey(
        Unit,
        verbose_name="đơn vị cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    province = models.ForeignKey(
        Unit,
        verbose_name="tỉnh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prefix = models.CharField("loại đơn vị", max_length=30, blank=True)
    name = models.CharField("tên", max_length=150, blank=True)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến trước ngày")
    ended_by = models.ForeignKey(
        Reorganisation,
        verbose_name="kết thúc theo",
        on_delete=models.PROTECT,
        related_name="closed_placements",
    )

    class Meta:
        verbose_name = "vị trí trước đây của đơn vị"
        verbose_name_plural = "vị trí trước đây của đơn vị"
        ordering = ["unit", "valid_to"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_to"], name="placement_unique_end"),
        ]
        indexes = [
            models.Index(fields=["parent", "valid_to"], name="placement_parent"),
            models.Index(fields=["province", "valid_to"], name="placement_province"),
        ]

    def __str__(self):
        return f"{self.unit} thuộc {self.parent} đến {self.valid_to:%d/%m/%Y}"


class PasswordChange(HistoryRecord):
    """Every password change on record – never the password: whose, by whom, when and how.
    Append-only; written by units.services.password_changed in the change's transaction."""

    class How(models.TextChoices):
        OWN = "own", "Tự đổi mật khẩu"
        RESET = "reset", "Đặt lại qua thư điện tử"
        ADMIN = "admin", "Quản trị viên đặt mật khẩu mới"
        COMMAND = "command", "Đặt bằng lệnh trên máy chủ (manage.py changepassword)"
        CREATED = (
            "created",
            "Đặt khi tạo tài khoản quản trị trên máy chủ (manage.py createsuperuser)",
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="password_changes",
    )
    how = models.CharField("cách đổi", max_length=10, choices=How.choices)

    class Meta(HistoryRecord.Meta):
        verbose_name = "lần đổi mật khẩu"
        verbose_name_plural = "lịch sử đổi mật khẩu"

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_how_display()}: {self.user}"


class PasswordResetRequest(models.Model):
    """Each «Quên mật khẩu?» request accepted – the address typed, from where, and how many
    letters went (0 when the address has no account; the page answers the same). It bounds how
    many letters one address or one network address can ask for (settings.PASSWORD_RESET_LIMITS)
    and tells an administrator who asked. Append-only; written by
    units.services.password_reset_requested."""

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    email = models.EmailField("địa chỉ thư điện tử", max_length=254)
    ip = models.GenericIPAddressField("địa chỉ mạng", null=True, blank=True)
    letters = models.PositiveSmallIntegerField("số thư gửi", default=0)

    class Meta:
        verbose_name = "yêu cầu đặt lại mật khẩu"
        verbose_name_plural = "yêu cầu đặt lại mật khẩu"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.email}: {self.letters} thư"


class AccountChange(HistoryRecord):
    """An account's details changed – whose, by whom, when, which, from what to what (yes/no
    as «có»/«không»): the person's contact details on their account page
    (units.services.contact_update), any of FOLLOWED by an administrator in the admin
    (units.services.account_changes_record). Append-only, written in the change's
    transaction. Passwords are PasswordChange rows, roles RoleChange rows."""

    class Field(models.TextChoices):
        EMAIL = "email", "Thư điện tử"
        PHONE = "phone", "Điện thoại"
        USERNAME = "username", "Tên đăng nhập"
        FULL_NAME = "full_name", "Họ và tên"
        POSITION = "position", "Chức vụ"
        IS_ACTIVE = "is_active", "Được đăng nhập"
        IS_STAFF = "is_staff", "Vào trang quản trị"
        IS_SUPERUSER = "is_superuser", "Toàn quyền quản trị"
        GROUPS = "groups", "Nhóm quyền"
        PERMISSIONS = "user_permissions", "Quyền trên trang quản trị"

    FOLLOWED = (  # the account's own fields
        "email",
        "phone",
        "username",
        "full_name",
        "position",
        "is_active",
        "is_staff",
        "is_superuser",
    )
    GRANTS = ("groups", "user_permissions")  # many-to-many: recorded as whole lists

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="account_changes",
    )
    field = models.CharField("mục", max_length=20, choices=Field.choices)
    old = models.CharField("trước", max_length=254, blank=True)
    new = models.CharField("sau", max_length=254, blank=True)

    class Meta(HistoryRecord.Meta):
        verbose_name = "lần sửa thông tin tài khoản"
        verbose_name_plural = "lịch sử sửa thông tin tài khoản"

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_field_display()}: {self.user}"


class UnitChange(HistoryRecord):
    """A unit's own record changed – one row per field: which, from what to what (as shown:
    names, not ids), by whom, when, on what basis, from where (the admin or an import).
    Append-only; written by units.services (unit_update, unit_save) in the change's
    transaction. A reorganisation is recorded as its operation (units.reorganisation), the
    figures and the basis of creation as UnitFactChange rows."""

    CREATED = "tao_moi"  # `field` of the row of a unit created (`after`: its name)
    TRACKED = (
        "kind",
        "code",
        "prefix",
        "name",
        "parent",
        "province",
        "region",
        "uses_tdmnpb_thresholds",
        "framework",
        "level_goal",
        "valid_from",
        "valid_to",
        "placed_since",
        "is_synthetic",
    )

    class Via(models.TextChoices):
        ADMIN = "admin", "Trang quản trị"
        IMPORT = "import", "Nhập Excel"

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="changes"
    )
    field = models.CharField("mục", max_length=30)
    before = models.CharField("trước", max_length=500, blank=True)
    after = models.CharField("sau", max_length=500, blank=True)
    basis = models.CharField("căn cứ", max_length=500, blank=True)
    via = models.CharField("qua", max_length=10, choices=Via.choices)

    class Meta(HistoryRecord.Meta):
        verbose_name = "lần sửa thông tin đơn vị"
        verbose_name_plural = "lịch sử sửa thông tin đơn vị"

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.unit}: {self.field_label}"

    @property
    def field_label(self) -> str:
        if self.field == self.CREATED:
            return "Tạo đơn vị"
        try:
            return str(Unit._meta.get_field(self.field).verbose_name).capitalize()
        except FieldDoesNotExist:
            return self.field
