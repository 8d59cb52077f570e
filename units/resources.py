"""Officials from Excel (django-import-export): one row per role of one person.

Columns, Vietnamese headers in any order (other columns such as "STT" are ignored):
Tên đăng nhập*, Họ và tên, Chức vụ, Email, Điện thoại, Mã đơn vị* (Unit.code), Vai trò* (label
such as "Công chức xã", or its code), Tiêu chí phụ trách (criterion numbers of the commune's
framework, e.g. "6, 16"; empty: all criteria). A missing user is created without a usable
password; an existing one is reused unchanged. Roles are written through `units.services`, so
each new or changed role leaves its RoleChange row.

The import is all or nothing: any invalid row rolls every row back. Problems are reported with
the row number the user sees in Excel (the header is row 1).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import Result

from common.spreadsheets import neutralise, restore
from common.text import fold
from common.uploads import check_office_archive
from criteria.models import Criterion

from . import services
from .models import Role, Unit, User

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


def _file_row(kwargs) -> int:
    """import-export counts data rows from 1; in the file the header is row 1."""
    return kwargs["row_number"] + 1


@dataclass
class OfficialRow:
    """One valid row, resolved: what `save_instance` writes."""

    username: str
    user: User | None
    unit: Unit
    kind: str
    criteria: list[Criterion] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)


class RoleKindWidget(widgets.Widget):
    """Exports the Vietnamese label, so an exported file imports back."""

    def render(self, value, obj=None, **kwargs):
        return Role.Kind(value).label if value else ""


class OfficialResource(resources.ModelResource):
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
        import_id_fields = []  # an existing role is found by get_instance()
        use_transactions = True

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """Always all or nothing: one invalid row rolls back every row, whoever calls this."""
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    # -- reading the file ----------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._first_row_of: dict[tuple, int] = {}
        by_folded = {fold(c): c for c in COLUMNS}
        dataset.headers = [by_folded.get(fold(_text(h)), _text(h)) for h in dataset.headers or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in dataset.headers]
        if missing:
            dataset.wipe()  # no row can be read without these columns
            raise ValueError(
                f"Tệp thiếu cột {', '.join(missing)}. Dòng 1 phải là tiêu đề các cột: "
                f"{', '.join(COLUMNS)}."
            )

    def get_instance(self, instance_loader, row):
        username, code, kind = _text(row.get(USERNAME)), _text(row.get(UNIT)), row.get(KIND)
        kind = parse_role_kind(kind)
        if not (username and code and kind):
            return None
        return (
            Role.objects.select_related("user", "unit")
            .filter(user__username=username, unit__code=code, kind=kind)
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
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
            user = User.objects.filter(username=username).first()
            if user is None:
                self._check_new_user(username, details, errors)

        code = _text(row.get(UNIT))
        unit = Unit.objects.select_related("framework").filter(code=code).first() if code else None
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
            key = (username, unit.pk, kind)
            first = self._first_row_of.setdefault(key, _file_row(kwargs))
            if first != _file_row(kwargs):
                errors[NON_FIELD_ERRORS].append(
                    f"Trùng với dòng {first}: cùng tên đăng nhập, đơn vị và vai trò."
                )

        if errors:
            raise ValidationError(dict(errors))
        instance.unit, instance.kind = unit, kind
        if user is not None:
            instance.user = user
        instance.official = OfficialRow(
            username=username, user=user, unit=unit, kind=kind, criteria=criteria, details=details
        )

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
        found = list(Criterion.objects.filter(framework=unit.framework, number__in=numbers))
        unknown = sorted(set(numbers) - {c.number for c in found})
        if unknown:
            errors[CRITERIA].append(
                f"Bộ tiêu chí {unit.framework.short_name or unit.framework.name} không có tiêu chí "
                f"số {', '.join(map(str, unknown))}."
            )
        return found

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip blank lines, and roles already there with the same criteria (a re-import)."""
        if not any(_text(v) for v in row.values()):
            return True
        if import_validation_errors or instance.pk is None:
            return False
        wanted = {c.pk for c in instance.official.criteria}
        return wanted == set(instance.criteria.values_list("pk", flat=True))

    # -- writing -------------------------------------------------------------------------

    def save_instance(self, instance, is_create, row, **kwargs):
        """Write through the services. In a dry run this happens inside the transaction that
        import_data rolls back (a dry run always uses one), so nothing stays."""
        official: OfficialRow = instance.official
        actor = kwargs.get("user")  # the admin passes request.user
        user = official.user or services.official_create(
            username=official.username, **official.details
        )
        if is_create:
            role = services.role_create(
                actor=actor,
                user=user,
                unit=official.unit,
                kind=official.kind,
                criteria=official.criteria,
            )
            instance.pk, instance.user = role.pk, user
        else:
            services.role_update(
                actor=actor,
                role=instance,
                user=user,
                unit=official.unit,
                kind=official.kind,
                criteria=official.criteria,
            )

    def save_m2m(self, instance, row, **kwargs):
        """The criteria were set by the service in save_instance()."""

    def after_import(self, dataset, result, **kwargs):
        for row in result.error_rows:
            row.number += 1  # report file rows: the header is row 1
            for error in row.errors:
                error.number = row.number
        for row in result.invalid_rows:
            row.number += 1

    # -- export --------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        """No exported cell runs as a formula: "=…", "+84…" get a leading apostrophe."""
        return neutralise(super().export_field(field, instance, **kwargs))

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("user", "unit").prefetch_related("criteria")


def import_problems(result: Result) -> list[str]:
    """Every problem of an import, one line each, with its row number in the file."""
    problems = [str(error.error) for error in result.base_errors]
    for row in result.error_rows:
        problems += [f"Dòng {row.number}: {error.error}" for error in row.errors]
    for row in result.invalid_rows:
        messages = [m for column_messages in row.error_dict.values() for m in column_messages]
        problems.append(f"Dòng {row.number}: {' '.join(messages)}")
    return problems


# -- reading uploaded files ----------------------------------------------------------------

# One row per role of one person: a province's officials fit in a few hundred kB.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_UNPACKED = 20 * 1024 * 1024
UNREADABLE = (
    "Không đọc được tệp: hãy dùng tệp Excel .xlsx (sheet đầu tiên) hoặc CSV UTF-8 theo mẫu, "
    "và chọn đúng định dạng."
)


class ImportFileError(ValueError):
    """An uploaded file refused before it is read; the message is for the user."""


def _check_size(data) -> None:
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportFileError(f"Tệp quá lớn: tối đa {IMPORT_MAX_BYTES // (1024 * 1024)} MB.")


class CheckedXLSX(base_formats.XLSX):
    """.xlsx whose size, unpacked size and archive are checked before openpyxl opens it."""

    def create_dataset(self, in_stream):
        _check_size(in_stream)
        try:
            check_office_archive(in_stream, max_unpacked=IMPORT_MAX_UNPACKED, damaged=UNREADABLE)
        except ValidationError as e:
            raise ImportFileError(" ".join(e.messages)) from None
        return super().create_dataset(in_stream)


class CheckedCSV(base_formats.CSV):
    """CSV of a bounded size."""

    def create_dataset(self, in_stream):
        _check_size(in_stream)
        return super().create_dataset(in_stream)


def read_problem(error: Exception) -> str:
    """What to tell the user when an uploaded file could not be read at all."""
    return str(error) if isinstance(error, ImportFileError) else UNREADABLE
