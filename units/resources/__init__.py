"""Officials and administrative units as spreadsheets (the import kinds "officials" and
"units"): the resources that check a file's rows (a dry run on common.importing's base) and
`officials_apply`, `units_apply`, which write the checked plan through units.services. The
import pipeline (imports.services) runs both; the admin's role export and the
export_officials_template command use the officials resource.

Officials: one row per role of one person. Columns, Vietnamese headers in any order (other
columns such as "STT" are ignored): Tên đăng nhập*, Họ và tên, Chức vụ, Email, Điện thoại, Mã
đơn vị* (Unit.code), Vai trò* (label such as "Công chức xã", or its code), Tiêu chí phụ trách
(criterion numbers of the commune's framework, e.g. "6, 16"; empty: all criteria). A missing
user is created without a usable password; an existing one is reused unchanged. Roles are
written through `units.services`, so each new or changed role leaves its RoleChange row. A
role already there with the same criteria is skipped (an exported file imports back unchanged).
"""

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from import_export import fields, resources, widgets
from import_export.fields import Field

from common.importing import (
    Check,
    Progress,
    RowFailed,
    RowsResource,
    parse_decimal,
    row_written,
)
from common.importing import attempt as _attempt
from common.importing import choice as _choice
from common.spreadsheets import cell_date, cell_text, restore
from common.text import fold
from criteria.models import Criterion, Framework, FrameworkCategory

from .. import facts, services
from ..access import can_record_unit_facts
from ..models import Role, Unit, UnitFact, User

USERNAME = "Tên đăng nhập"
FULL_NAME = "Họ và tên"
POSITION = "Chức vụ"
EMAIL = "Email"
PHONE = "Điện thoại"
UNIT = "Mã đơn vị"
KIND = "Vai trò"
CRITERIA = "Tiêu chí phụ trách"
COLUMNS = [USERNAME, FULL_NAME, POSITION, EMAIL, PHONE, UNIT, KIND, CRITERIA]
REQUIRED_COLUMNS = [USERNAME, UNIT, KIND]

COMMUNE_KINDS = {Role.Kind.COMMUNE_OFFICIAL, Role.Kind.COMMUNE_LEADER}
# The levels of unit each role belongs to (the demo data and the selectors assume the same).
UNIT_KINDS = {
    Role.Kind.COMMUNE_OFFICIAL: {Unit.Kind.COMMUNE},
    Role.Kind.COMMUNE_LEADER: {Unit.Kind.COMMUNE},
    Role.Kind.SUPERVISOR: {Unit.Kind.DISTRICT, Unit.Kind.PROVINCE},
    Role.Kind.PROVINCE_OFFICE: {Unit.Kind.PROVINCE},
}
_KIND_BY_TEXT = {fold(k.label): k.value for k in Role.Kind} | {k.value: k.value for k in Role.Kind}


def parse_role_kind(value) -> str | None:
    """Role.Kind from its Vietnamese label (with or without diacritics) or its code."""
    return _KIND_BY_TEXT.get(fold(_text(value)))


def _text(value) -> str:
    """A cell as text: Excel gives numbers for cells like 16 or 25252; None for empty cells.
    An apostrophe the export put before "+84…" or "=…" (no formula runs) is taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore(" ".join(str(value).split()))


def _numbers(value) -> tuple[list[int], list[str]]:
    """Criterion numbers from "6, 16" (commas, semicolons or spaces), and the tokens that aren't."""
    numbers, bad = [], []
    for token in _text(value).replace(";", ",").replace(",", " ").split():
        if token.isdigit():
            numbers.append(int(token))
        else:
            bad.append(token)
    return numbers, bad


@dataclass
class OfficialWrite:
    """One checked row: the role to add (role None) or whose criteria change."""

    row: int
    username: str
    user: User | None  # None: the account is created from `details`
    unit: Unit
    kind: str
    role: Role | None
    criteria: list[Criterion] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return self.role is None


class RoleKindWidget(widgets.Widget):
    """Exports the Vietnamese label, so an exported file imports back."""

    def render(self, value, obj=None, **kwargs):
        return Role.Kind(value).label if value else ""


class OfficialResource(RowsResource):
    """Rows of (account, unit, role kind, criteria). Checked for an administrator
    (units.access.can_import_officials decides who imports them)."""

    COLUMNS = COLUMNS
    REQUIRED = REQUIRED_COLUMNS
    TITLE = "Cán bộ và vai trò"
    HELP = [
        (USERNAME, "Tên đăng nhập của cán bộ (chữ, số và @ . + - _). Bắt buộc."),
        (FULL_NAME, "Chỉ dùng khi tạo tài khoản mới; tài khoản đã có giữ nguyên."),
        (POSITION, "Chỉ dùng khi tạo tài khoản mới."),
        (EMAIL, "Chỉ dùng khi tạo tài khoản mới."),
        (PHONE, "Chỉ dùng khi tạo tài khoản mới."),
        (UNIT, "Mã đơn vị nơi cán bộ giữ vai trò, ví dụ ha-tinh.cam-xuyen.cam-tan. Bắt buộc."),
        (
            KIND,
            "Công chức xã, Lãnh đạo UBND xã, Văn phòng điều phối NTM (cấp giám sát) hoặc "
            "Văn phòng điều phối NTM tỉnh. Bắt buộc.",
        ),
        (
            CRITERIA,
            "Số các tiêu chí phụ trách (chỉ vai trò của xã), ví dụ 6, 16; để trống: mọi tiêu chí.",
        ),
    ]

    username = fields.Field(attribute="user__username", column_name=USERNAME)
    full_name = fields.Field(attribute="user__full_name", column_name=FULL_NAME)
    position = fields.Field(attribute="user__position", column_name=POSITION)
    email = fields.Field(attribute="user__email", column_name=EMAIL)
    phone = fields.Field(attribute="user__phone", column_name=PHONE)
    unit = fields.Field(attribute="unit__code", column_name=UNIT)
    kind = fields.Field(attribute="kind", column_name=KIND, widget=RoleKindWidget())
    criteria = fields.Field(
        attribute="criteria",
        column_name=CRITERIA,
        widget=widgets.ManyToManyWidget(Criterion, field="number", separator=", "),
    )

    class Meta:
        model = Role
        name = "Cán bộ và vai trò"
        fields = ["username", "full_name", "position", "email", "phone", "unit", "kind", "criteria"]
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True

    def __init__(self, *, user=None, **kwargs):
        # the admin's export form instantiates the resource without arguments
        super().__init__(user=user, **kwargs)

    # -- export --------------------------------------------------------------------------

    def get_export_headers(self, selected_fields=None):
        # the columns the admin's export form selected (all of them: COLUMNS)
        return resources.ModelResource.get_export_headers(self, selected_fields)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("user", "unit").prefetch_related("criteria")

    # -- the check -----------------------------------------------------------------------

    def prefetch(self, dataset) -> None:
        usernames = {_text(v) for v in dataset[USERNAME]} - {""}
        codes = {_text(v) for v in dataset[UNIT]} - {""}
        self.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        self.units = {
            u.code: u for u in Unit.objects.filter(code__in=codes).select_related("framework")
        }
        self.roles = {
            (r.user.username, r.unit_id, r.kind): r
            for r in Role.objects.filter(user__username__in=usernames, unit__code__in=codes)
            .select_related("user", "unit")
            .prefetch_related("criteria")
        }
        self._frameworks: dict[int, dict[int, Criterion]] = {}

    def parse(self, row, number: int):
        """Resolve and check the row; every problem is collected, in Vietnamese, by column."""
        errors: dict[str, list[str]] = defaultdict(list)

        username = _text(row.get(USERNAME))
        user = None
        details = {
            "full_name": _text(row.get(FULL_NAME)),
            "position": _text(row.get(POSITION)),
            "email": _text(row.get(EMAIL)),
            "phone": _text(row.get(PHONE)),
        }
        if not username:
            errors[USERNAME].append("Thiếu tên đăng nhập.")
        else:
            user = self.users.get(username)
            if user is None:
                self._check_new_user(username, details, errors)

        code = _text(row.get(UNIT))
        unit = self.units.get(code) if code else None
        if not code:
            errors[UNIT].append("Thiếu mã đơn vị.")
        elif unit is None:
            errors[UNIT].append(f"Không có đơn vị nào mang mã “{code}”.")

        kind_text = _text(row.get(KIND))
        kind = parse_role_kind(kind_text)
        if not kind_text:
            errors[KIND].append("Thiếu vai trò.")
        elif kind is None:
            labels = ", ".join(f"“{k.label}”" for k in Role.Kind)
            errors[KIND].append(f"Vai trò “{kind_text}” không hợp lệ; dùng một trong: {labels}.")
        elif unit is not None and unit.kind not in UNIT_KINDS[kind]:
            errors[KIND].append(
                f"Vai trò “{Role.Kind(kind).label}” không gắn được với {unit} "
                f"(cấp {unit.get_kind_display()})."
            )

        criteria = self._criteria(row.get(CRITERIA), unit, kind, errors)

        if username and unit is not None and kind:
            first = self._seen.setdefault((username, unit.pk, kind), number)
            if first != number:
                errors[NON_FIELD_ERRORS].append(
                    f"Trùng với dòng {first}: cùng tên đăng nhập, đơn vị và vai trò."
                )

        if errors:
            raise ValidationError(dict(errors))
        role = self.roles.get((username, unit.pk, kind))
        if role is not None and {c.pk for c in criteria} == {c.pk for c in role.criteria.all()}:
            return None  # already there, with the same criteria
        return OfficialWrite(
            row=number,
            username=username,
            user=user,
            unit=unit,
            kind=kind,
            role=role,
            criteria=criteria,
            details=details,
        )

    def describe(self, w: OfficialWrite) -> str:
        numbers = services.criteria_numbers(w.criteria)
        limits = f", tiêu chí {numbers}" if numbers else ", mọi tiêu chí"
        account = "" if w.user is not None else " (tài khoản mới)"
        return f"{w.username}{account}: {Role.Kind(w.kind).label} – {w.unit}{limits}"

    def _check_new_user(self, username: str, details: dict[str, str], errors) -> None:
        """A new account must be valid as it is created from the row."""
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError:
            errors[USERNAME].append(
                f"Tên đăng nhập “{username}” không hợp lệ: tối đa 150 ký tự, chỉ gồm chữ, số "
                "và các ký tự @ . + - _ (không có dấu cách)."
            )
        if len(username) > 150:
            errors[USERNAME].append("Tên đăng nhập dài quá 150 ký tự.")
        if details["email"]:
            try:
                validate_email(details["email"])
            except ValidationError:
                errors[EMAIL].append(f"Email “{details['email']}” không hợp lệ.")
        for name, column in [("full_name", FULL_NAME), ("position", POSITION), ("phone", PHONE)]:
            limit = User._meta.get_field(name).max_length
            if len(details[name]) > limit:
                errors[column].append(f"Dài quá {limit} ký tự.")

    def _criteria(self, value, unit: Unit | None, kind: str | None, errors) -> list[Criterion]:
        numbers, bad = _numbers(value)
        if bad:
            errors[CRITERIA].append(
                f"“{', '.join(bad)}” không phải số tiêu chí; ghi các số cách nhau bởi dấu phẩy, "
                "ví dụ “6, 16”."
            )
        if not numbers or unit is None or kind is None:
            return []
        if kind not in COMMUNE_KINDS:
            errors[CRITERIA].append(
                f"Chỉ vai trò của xã mới giới hạn theo tiêu chí; để trống cột “{CRITERIA}” với "
                f"vai trò “{Role.Kind(kind).label}”."
            )
            return []
        if unit.framework is None:
            errors[CRITERIA].append(
                f"{unit} chưa được gán bộ tiêu chí nên chưa giới hạn theo tiêu chí được."
            )
            return []
        if unit.framework_id not in self._frameworks:
            self._frameworks[unit.framework_id] = {
                c.number: c for c in Criterion.objects.filter(framework_id=unit.framework_id)
            }
        known = self._frameworks[unit.framework_id]
        unknown = sorted({n for n in numbers if n not in known})
        if unknown:
            errors[CRITERIA].append(
                f"Bộ tiêu chí {unit.framework.short_name or unit.framework.name} không có tiêu chí "
                f"số {', '.join(map(str, unknown))}."
            )
        return sorted({known[n] for n in numbers if n in known}, key=lambda c: c.number)


def officials_apply(result: Check, *, actor: User, progress: Progress = None, **_) -> int:
    """Create the accounts the file names that do not exist yet (units.services.
    official_create, once per user name), then each role through units.services.role_create
    or role_update: each new or changed role leaves its RoleChange row, by `actor`."""
    created: dict[str, User] = {}
    for done, w in enumerate(result.plan, start=1):
        try:
            user = w.user or created.get(w.username)
            if user is None:
                user = created[w.username] = services.official_create(
                    username=w.username, **w.details
                )
            if w.role is None:
                services.role_create(
                    actor=actor, user=user, unit=w.unit, kind=w.kind, criteria=w.criteria
                )
            else:
                services.role_update(
                    actor=actor,
                    role=w.role,
                    user=user,
                    unit=w.unit,
                    kind=w.kind,
                    criteria=w.criteria,
                )
        except ValidationError as e:
            raise RowFailed.of(w.row, e) from None
        row_written(progress, done, len(result.plan))
    return 0


# -- administrative units (the import kind "units") -------------------------------------------


U_CODE = "Mã đơn vị"
U_NAME = "Tên"
U_PREFIX = "Loại đơn vị"
U_KIND = "Cấp"
U_PARENT = "Mã đơn vị cấp trên"
U_REGION = "Vùng"
U_FRAMEWORK = "Bộ tiêu chí"
U_LEVEL = "Mức phấn đấu"
PARENT_KINDS, KIND_WORDS = services.PARENT_KINDS, services.KIND_WORDS


@dataclass
class UnitWrite:
    row: int
    code: str
    is_new: bool
    fields: dict  # name, prefix, kind, region, framework, level_goal
    parent_code: str
    depth: int = 0


class UnitResource(RowsResource):
    """Rows of units: code, name, kind, parent code, region, framework, level goal. A code
    that exists updates that unit (its level cannot change); a new code creates one. Parents
    may come later in the same file."""

    COLUMNS = [U_CODE, U_NAME, U_PREFIX, U_KIND, U_PARENT, U_REGION, U_FRAMEWORK, U_LEVEL]
    REQUIRED = [U_CODE, U_NAME, U_KIND]
    TITLE = "Đơn vị hành chính"
    HELP = [
        (U_CODE, "Mã duy nhất của đơn vị, ví dụ dak-nong.krong-no.01. Bắt buộc."),
        (U_NAME, "Tên không kèm loại, ví dụ Nâm Nung. Bắt buộc."),
        (U_PREFIX, "Ví dụ Tỉnh, Huyện, Thị xã, Xã, Phường, Thôn (không bắt buộc)."),
        (U_KIND, "Tỉnh, Huyện, Xã hoặc Thôn. Bắt buộc; không đổi được cấp của đơn vị đã có."),
        (U_PARENT, "Mã đơn vị cấp trên (trống với tỉnh); có thể là dòng khác trong tệp."),
        (U_REGION, "Khóa vùng: tdmnpb, dbsh, btb, dhntb, tn, dnb, dbscl (không bắt buộc)."),
        (U_FRAMEWORK, "Mã bộ tiêu chí áp dụng cho xã, ví dụ xa_ntm_2021_2025."),
        (U_LEVEL, "Xã NTM, Xã NTM nâng cao hoặc Xã NTM kiểu mẫu (trống: Xã NTM)."),
    ]

    code_cell = Field(column_name=U_CODE)
    name_cell = Field(column_name=U_NAME)
    prefix_cell = Field(column_name=U_PREFIX)
    kind_cell = Field(column_name=U_KIND)
    parent_cell = Field(column_name=U_PARENT)
    region_cell = Field(column_name=U_REGION)
    framework_cell = Field(column_name=U_FRAMEWORK)
    level_cell = Field(column_name=U_LEVEL)

    class Meta:
        model = Unit
        fields = (
            "code_cell",
            "name_cell",
            "prefix_cell",
            "kind_cell",
            "parent_cell",
            "region_cell",
            "framework_cell",
            "level_cell",
        )
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True

    def dehydrate_code_cell(self, u):
        return u.code

    def dehydrate_name_cell(self, u):
        return u.name

    def dehydrate_prefix_cell(self, u):
        return u.prefix

    def dehydrate_kind_cell(self, u):
        return dict(KIND_WORDS)[u.kind]

    def dehydrate_parent_cell(self, u):
        return u.parent.code if u.parent_id else ""

    def dehydrate_region_cell(self, u):
        return u.region

    def dehydrate_framework_cell(self, u):
        return u.framework.key if u.framework_id else ""

    def dehydrate_level_cell(self, u):
        return u.get_level_goal_display() if u.kind == Unit.Kind.COMMUNE else ""

    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[U_CODE]} - {""}
        if U_PARENT in dataset.headers:
            codes |= {cell_text(v) for v in dataset[U_PARENT]} - {""}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        self.frameworks = {f.key: f for f in Framework.objects.all()}
        self.regions = set(
            FrameworkCategory.objects.filter(
                framework__category_kind=Framework.CategoryKind.REGION
            ).values_list("key", flat=True)
        )
        # the kind each code will have once the file is in (for parents later in the file)
        self.file_kinds: dict[str, str] = {}
        if U_KIND in dataset.headers:
            for code, kind in zip(dataset[U_CODE], dataset[U_KIND], strict=True):
                with contextlib.suppress(ValidationError):
                    self.file_kinds[cell_text(code)] = _choice(cell_text(kind), KIND_WORDS, "Cấp")

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        code = cell_text(row.get(U_CODE))
        if not code:
            errors[U_CODE] = ["Nhập mã đơn vị."]
        elif len(code) > 64:
            errors[U_CODE] = ["Mã đơn vị dài quá 64 ký tự."]
        else:
            self.duplicate((code,), number, "mã đơn vị")
        name = cell_text(row.get(U_NAME))
        if not name:
            errors[U_NAME] = ["Nhập tên đơn vị."]
        elif len(name) > 150:
            errors[U_NAME] = ["Tên dài quá 150 ký tự."]
        prefix = cell_text(row.get(U_PREFIX))
        if len(prefix) > 30:
            errors[U_PREFIX] = ["Loại đơn vị dài quá 30 ký tự."]
        kind_text = cell_text(row.get(U_KIND))
        kind = (
            _attempt(errors, U_KIND, lambda: _choice(kind_text, KIND_WORDS, "Cấp"))
            if kind_text
            else None
        )
        if not kind_text:
            errors[U_KIND] = ["Nhập cấp: Tỉnh, Huyện, Xã hoặc Thôn."]
        existing = self.units.get(code)
        if existing is not None and kind and existing.kind != kind:
            errors.setdefault(U_KIND, []).append(
                f"Không đổi được cấp của đơn vị đã có ({existing}: "
                f"{dict(KIND_WORDS)[existing.kind]})."
            )
        parent_code = cell_text(row.get(U_PARENT))
        if kind:
            parent_kind = None
            if parent_code:
                parent_kind = (
                    self.units[parent_code].kind
                    if parent_code in self.units
                    else self.file_kinds.get(parent_code)
                )
            if parent_code and parent_kind is None and PARENT_KINDS[kind]:
                wrong = f"Không có đơn vị mã “{parent_code}” (trong hệ thống hoặc trong tệp)."
            else:  # (a province given any parent code is told it has none)
                given = parent_kind or (Unit.Kind.PROVINCE if parent_code else None)
                wrong = services.parent_kind_problem(kind, given)
            if wrong:
                errors.setdefault(U_PARENT, []).append(wrong)
        region = cell_text(row.get(U_REGION))
        if region and region not in self.regions:
            errors[U_REGION] = [
                f"Vùng “{region}” không có: dùng {', '.join(sorted(self.regions))}."
            ]
        key = cell_text(row.get(U_FRAMEWORK))
        framework = self.frameworks.get(key) if key else None
        if key and framework is None:
            errors[U_FRAMEWORK] = [f"Không có bộ tiêu chí mã “{key}”."]
        elif framework is not None and kind != Unit.Kind.COMMUNE:
            errors[U_FRAMEWORK] = ["Chỉ xã mới gắn bộ tiêu chí: để trống cột này."]
        level_text = cell_text(row.get(U_LEVEL))
        level = (
            _attempt(
                errors, U_LEVEL, lambda: _choice(level_text, Unit.LevelGoal.choices, "Mức phấn đấu")
            )
            if level_text
            else Unit.LevelGoal.NTM
        )
        if errors:
            raise ValidationError(errors)
        values = {
            "name": name,
            "prefix": prefix,
            "kind": kind,
            "region": region,
            "framework": framework,
            "level_goal": level,
        }
        if existing is not None:
            now = {
                "name": existing.name,
                "prefix": existing.prefix,
                "kind": existing.kind,
                "region": existing.region,
                "framework": existing.framework_id and self._framework(existing.framework_id),
                "level_goal": existing.level_goal,
            }
            parent_now = self._code_of(existing.parent_id)
            if now == values and parent_now == parent_code:
                return None
            if parent_now != parent_code and services.has_records(existing):
                raise ValidationError(
                    {U_PARENT: [services.moved_with_records(existing, parent_now)]}
                )
        return UnitWrite(
            row=number,
            code=code,
            is_new=existing is None,
            fields=values,
            parent_code=parent_code,
            depth=[k for k, _ in KIND_WORDS].index(kind),
        )

    def _framework(self, pk: int) -> Framework | None:
        return next((f for f in self.frameworks.values() if f.pk == pk), None)

    def _code_of(self, pk: int | None) -> str:
        if pk is None:
            return ""
        found = next((u.code for u in self.units.values() if u.pk == pk), None)
        if found is None:  # a parent the file does not name: one query, rare
            found = Unit.objects.filter(pk=pk).values_list("code", flat=True).first() or ""
        return found

    def describe(self, w: UnitWrite) -> str:
        kind = dict(KIND_WORDS)[w.fields["kind"]]
        parent = f", thuộc {w.parent_code}" if w.parent_code else ""
        return f"{kind} {w.fields['name']} ({w.code}{parent})"


def units_apply(result: Check, *, actor: User, progress: Progress = None, **_) -> int:
    """Create or update units through units.services.unit_save, parents first (provinces,
    districts, communes, villages)."""
    plan = sorted(result.plan, key=lambda w: (w.depth, w.row))
    codes = {w.code for w in plan} | {w.parent_code for w in plan if w.parent_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes).select_related("province")}
    for done, w in enumerate(plan, start=1):
        parent = units.get(w.parent_code) if w.parent_code else None
        if w.parent_code and parent is None:
            raise RowFailed.of(w.row, f"Không có đơn vị mã “{w.parent_code}”.", U_PARENT)
        units[w.code] = services.unit_save(code=w.code, fields=w.fields, parent=parent, actor=actor)
        row_written(progress, done, len(plan))
    return 0


# -- dated figures of units (the import kind "unit_facts") -----------------------------------

F_UNIT = "Mã đơn vị"
F_KIND = "Loại số liệu"
F_VALUE = "Giá trị"
F_AS_OF = "Tính đến ngày"
F_BASIS = "Căn cứ"
FACT_COLUMNS = [F_UNIT, F_KIND, F_VALUE, F_AS_OF, F_BASIS]
FACT_FIELD_COLUMNS = {"kind": F_KIND, "value": F_VALUE, "as_of": F_AS_OF, "basis": F_BASIS}


@dataclass
class FactWrite:
    """One checked row: the figure to record (new, or the value of that date changed)."""

    row: int
    unit: Unit
    kind: str
    value: Decimal
    as_of: date
    basis: str
    is_new: bool


class UnitFactResource(RowsResource):
    """Rows of (unit, kind of figure, value, date, basis), each checked against the user's
    rights on its unit (units.access.can_record_unit_facts) and the rules of units.facts."""

    COLUMNS = FACT_COLUMNS
    REQUIRED = FACT_COLUMNS
    TITLE = "Số liệu đơn vị"
    HELP = [
        (F_UNIT, "Mã đơn vị, ví dụ ha-tinh.cam-xuyen.cam-tan. Bắt buộc."),
        (
            F_KIND,
            "Diện tích tự nhiên (km²), Dân số (người), Số hộ hoặc Số thôn, khu dân cư "
            "(hoặc mã: dien_tich, dan_so, so_ho, so_thon). Bắt buộc.",
        ),
        (F_VALUE, "Số không âm, ví dụ 24,62 (km²) hoặc 8512; người, hộ, thôn: số nguyên."),
        (F_AS_OF, "Ngày/tháng/năm số liệu được tính đến, ví dụ 01/04/2024. Bắt buộc."),
        (F_BASIS, "Nguồn số liệu hoặc văn bản, ví dụ Nghị quyết 1665/NQ-UBTVQH15. Bắt buộc."),
    ]

    unit_code = Field(attribute="unit__code", column_name=F_UNIT)
    kind = Field(attribute="kind", column_name=F_KIND)
    value = Field(attribute="value", column_name=F_VALUE)
    as_of = Field(attribute="as_of", column_name=F_AS_OF)
    basis = Field(attribute="basis", column_name=F_BASIS)

    class Meta:
        model = UnitFact
        fields = ["unit_code", "kind", "value", "as_of", "basis"]
        export_order = fields
        import_id_fields = ()
        skip_diff = True

    def dehydrate_kind(self, fact):
        return fact.get_kind_display()

    def dehydrate_value(self, fact):
        return facts.fact_text(fact.kind, fact.value)

    def dehydrate_as_of(self, fact):
        return f"{fact.as_of:%d/%m/%Y}"

    def prefetch(self, dataset) -> None:
        codes = {cell_text(v) for v in dataset[F_UNIT]} - {""}
        self.units = {
            u.code: u for u in Unit.objects.filter(code__in=codes).select_related("province")
        }
        self.facts = {
            (f.unit_id, f.kind, f.as_of): f for f in UnitFact.objects.filter(unit__code__in=codes)
        }

    def parse(self, row, number: int):
        errors: dict[str, list[str]] = {}
        code = cell_text(row.get(F_UNIT))
        unit = self.units.get(code) if code else None
        if not code:
            errors[F_UNIT] = ["Thiếu mã đơn vị."]
        elif unit is None:
            errors[F_UNIT] = [f"Không có đơn vị nào mang mã “{code}”."]
        elif not can_record_unit_facts(self.user, unit):
            errors[F_UNIT] = [f"Bạn không được ghi số liệu của {unit}."]
            unit = None
        kind_text = cell_text(row.get(F_KIND))
        kind = (
            _attempt(errors, F_KIND, lambda: _choice(kind_text, UnitFact.Kind.choices, F_KIND))
            if kind_text
            else None
        )
        if not kind_text:
            errors[F_KIND] = ["Thiếu loại số liệu."]
        value_cell = row.get(F_VALUE)
        if kind in facts.WHOLE_KINDS and facts.THOUSANDS.fullmatch(cell_text(value_cell)):
            value_cell = cell_text(value_cell).replace(".", "")  # 8.512 people: a thousands dot
        value = _attempt(errors, F_VALUE, lambda: parse_decimal(value_cell))
        if value is None and F_VALUE not in errors:
            errors[F_VALUE] = ["Nhập giá trị."]
        as_of = _attempt(
            errors, F_AS_OF, lambda: cell_date(row.get(F_AS_OF), F_AS_OF, example="01/04/2024")
        )
        if as_of is None and F_AS_OF not in errors:
            errors[F_AS_OF] = ["Nhập ngày số liệu được tính đến."]
        basis = cell_text(row.get(F_BASIS))
        if unit is not None and kind and value is not None and as_of is not None:
            for name, messages in facts.fact_problems(unit, kind, value, as_of, basis).items():
                errors.setdefault(FACT_FIELD_COLUMNS[name], []).extend(messages)
        elif not basis:
            errors.setdefault(F_BASIS, []).append("Nhập căn cứ (nguồn số liệu hoặc văn bản).")
        if unit is not None and kind and as_of is not None:
            key = (unit.pk, kind, as_of)
            first = self._seen.setdefault(key, number)
            if first != number:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    f"Trùng với dòng {first}: cùng đơn vị, loại số liệu và ngày."
                )
        if errors:
            raise ValidationError(errors)
        existing = self.facts.get((unit.pk, kind, as_of))
        if existing is not None and existing.value == value and existing.basis == basis:
            return None
        return FactWrite(
            row=number,
            unit=unit,
            kind=kind,
            value=value,
            as_of=as_of,
            basis=basis,
            is_new=existing is None,
        )

    def describe(self, w: FactWrite) -> str:
        label = UnitFact.Kind(w.kind).label
        return f"{w.unit}: {label} {facts.fact_text(w.kind, w.value)} ({w.as_of:%d/%m/%Y})"


def unit_facts_apply(result: Check, *, actor: User, progress: Progress = None, **_) -> int:
    """Record each figure through units.facts.record_fact (its UnitFactChange row by `actor`)."""
    for done, w in enumerate(result.plan, start=1):
        try:
            facts.record_fact(
                actor=actor, unit=w.unit, kind=w.kind, value=w.value, as_of=w.as_of, basis=w.basis
            )
        except ValidationError as e:
            raise RowFailed.of(w.row, e, F_VALUE, FACT_FIELD_COLUMNS) from None
        row_written(progress, done, len(result.plan))
    return 0
