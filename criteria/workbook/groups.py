"""Commune groups (sheet "Nhóm xã"): a commune's group on a set, from a date, by a decision –
the template, the check and the writes."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from common.importing import Check
from common.numbers import number_vi
from common.text import fold
from units import access
from units.models import Unit, User

from .. import transition
from ..models import Framework, FrameworkCategory, UnitCategory
from .cells import (
    WorkbookError,
    WriteRefused,
    _framework_words,
    _read_sheets,
    _readable_frameworks,
    _Reader,
    _short,
    parse_date,
)
from .columns import (
    GUIDE_SHEET,
    U_BASIS,
    U_CATEGORY,
    U_CODE,
    U_FRAMEWORK,
    U_FROM,
    U_NAME,
    U_TO,
    UNIT_GROUP_SHEET,
    CategoryKind,
)
from .output import _Book

UNIT_GROUP_COLUMNS = [U_CODE, U_NAME, U_FRAMEWORK, U_CATEGORY, U_BASIS, U_FROM, U_TO]
UNIT_GROUP_HELP = [
    (U_CODE, "Mã đơn vị của xã. Bắt buộc."),
    (U_NAME, "Chỉ để đọc; khi nhập được bỏ qua."),
    (U_FRAMEWORK, "Mã bộ tiêu chí phân theo nhóm xã hoặc vùng, ví dụ xa_ntm_2026_2030. Bắt buộc."),
    (U_CATEGORY, "Khóa hoặc tên nhóm của bộ tiêu chí đó, ví dụ nhom1 hoặc Xã nhóm 1. Bắt buộc."),
    (U_BASIS, "Quyết định xếp nhóm: số, ngày, cơ quan. Bắt buộc."),
    (
        U_FROM,
        "dd/mm/yyyy. Nhóm đang áp dụng của xã kết thúc ngày hôm trước; ghi lại đúng nhóm đang "
        "áp dụng thì không thay đổi gì. Bắt buộc.",
    ),
    (U_TO, "dd/mm/yyyy; để trống nếu chưa có ngày kết thúc."),
]


@dataclass
class UnitCategoryWrite:
    row: int
    unit: Unit
    framework: Framework
    category: str
    basis: str
    valid_from: date
    valid_to: date | None
    is_new: bool


def commune_groups_template_xlsx() -> bytes:
    book = _Book()
    book.sheet(UNIT_GROUP_SHEET, UNIT_GROUP_COLUMNS, [], widths=(24, 24, 20, 12, 40, 12, 12))
    book.sheet(GUIDE_SHEET, ["Cột", "Cách ghi"], UNIT_GROUP_HELP, widths=(16, 100))
    return book.bytes()


def commune_groups_check(user: User, content: bytes) -> Check:
    """Rows of (commune, set, group, decision, from, to): every row checked (the user's right on
    the commune, the set's categories, dates); the plan for commune_groups_apply."""
    reader = _Reader(user, "groups")
    try:
        sheets, titles = _read_sheets(content, [UNIT_GROUP_SHEET])
    except WorkbookError as e:
        return reader.file_error(str(e))
    if UNIT_GROUP_SHEET not in sheets:
        return reader.missing_sheet(UNIT_GROUP_SHEET, titles)
    table = reader.table(
        sheets,
        UNIT_GROUP_SHEET,
        UNIT_GROUP_COLUMNS,
        [U_CODE, U_FRAMEWORK, U_CATEGORY, U_BASIS, U_FROM],
    )
    if table is None:
        return reader.finish([])
    sheet = table.name
    codes = {table.text(r, U_CODE) for _, r in table.rows} - {""}
    communes = {
        u.code: u
        for u in Unit.objects.filter(kind=Unit.Kind.COMMUNE, code__in=codes).select_related(
            "province", "parent"
        )
    }
    from units.access import communes_visible_to

    visible = set(communes_visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    frameworks = _framework_words(_readable_frameworks(user))
    categories: dict[int, dict[str, FrameworkCategory]] = {}
    for category in FrameworkCategory.objects.filter(framework__in=list(frameworks.values())):
        categories.setdefault(category.framework_id, {})[category.key] = category
    latest: dict[tuple[int, int], UnitCategory] = {}
    for row in UnitCategory.objects.filter(
        unit__in=list(communes.values()), framework__in=list(frameworks.values())
    ).order_by("valid_from", "pk"):
        latest[(row.unit_id, row.framework_id)] = row
    seen: dict[tuple[int, int], int] = {}
    plan = []
    for number, row in table.rows:
        errors: dict[str, list[str]] = {}

        def fail(column, message, errors=errors):
            errors.setdefault(column, []).append(message)

        code = table.text(row, U_CODE)
        unit = communes.get(code)
        if not code:
            fail(U_CODE, "Ghi mã xã.")
        elif unit is None or not (code in visible or access.can_set_unit_category(user, unit)):
            fail(U_CODE, f"Không có xã mã “{_short(code)}” trong phạm vi bạn được xem.")
            unit = None
        elif not access.can_set_unit_category(user, unit):
            fail(
                U_CODE,
                f"Bạn không được xếp nhóm cho {unit}: văn phòng NTM tỉnh xếp nhóm cho các xã của "
                "tỉnh, văn phòng điều phối cấp trên cho các xã mình phụ trách.",
            )
            unit = None
        key = table.text(row, U_FRAMEWORK)
        framework = frameworks.get(key)
        if not key:
            fail(U_FRAMEWORK, "Ghi mã bộ tiêu chí.")
        elif framework is None:
            fail(U_FRAMEWORK, f"Không có bộ tiêu chí mã “{_short(key)}”.")
        elif framework.category_kind not in (CategoryKind.GROUP, CategoryKind.REGION):
            fail(U_FRAMEWORK, f"Bộ tiêu chí {framework} không phân ngưỡng theo nhóm xã hoặc vùng.")
            framework = None
        category_text = table.text(row, U_CATEGORY)
        category = None
        if framework is not None:
            own = categories.get(framework.pk, {})
            by_word = {fold(k): k for k in own} | {fold(c.name): k for k, c in own.items()}
            category = by_word.get(fold(category_text)) if category_text else None
            if not category_text:
                fail(U_CATEGORY, "Ghi nhóm của xã, ví dụ nhom1.")
            elif category is None:
                fail(
                    U_CATEGORY,
                    f"“{_short(category_text)}” không phải nhóm/vùng của bộ tiêu chí {framework}"
                    + (f" (có: {', '.join(own)})." if own else "."),
                )
        basis = table.text(row, U_BASIS)
        if not basis:
            fail(U_BASIS, "Ghi căn cứ: số, ngày quyết định xếp nhóm.")
        elif len(basis) > 255:
            fail(U_BASIS, f"Dài quá 255 ký tự ({number_vi(len(basis))}).")
        valid_from = valid_to = None
        try:
            valid_from = parse_date(table.raw(row, U_FROM))
            if valid_from is None:
                fail(U_FROM, "Ghi ngày áp dụng (dd/mm/yyyy).")
        except ValidationError as e:
            fail(U_FROM, e.messages[0])
        try:
            valid_to = parse_date(table.raw(row, U_TO))
        except ValidationError as e:
            fail(U_TO, e.messages[0])
        if valid_from and valid_to and valid_to < valid_from:
            fail(U_TO, "Ngày hết áp dụng phải sau ngày áp dụng.")
        if unit is not None and framework is not None:
            pair = (unit.pk, framework.pk)
            if pair in seen:
                fail(U_CODE, f"Trùng với dòng {seen[pair]}: cùng xã và bộ tiêu chí.")
            seen.setdefault(pair, number)
        state = "new"
        previous = latest.get((unit.pk, framework.pk)) if unit and framework else None
        if previous is not None and valid_from is not None and category is not None:
            in_force = previous.valid_from <= valid_from and (
                previous.valid_to is None or previous.valid_to >= valid_from
            )
            if in_force and previous.category == category:
                state = "same"
            elif valid_from <= previous.valid_from:
                fail(
                    U_FROM,
                    f"{unit} đã có {previous.category} áp dụng từ "
                    f"{previous.valid_from:%d/%m/%Y}: ngày áp dụng mới phải sau ngày đó.",
                )
            else:
                state = "changed"
        if errors:
            for column, messages in errors.items():
                for message in messages:
                    reader.error(sheet, number, column, message)
            continue
        shown = f"{unit} – {framework}: {category} từ {valid_from:%d/%m/%Y}"
        if state == "changed":
            shown += f" (thay {previous.category})"
        reader.count(state, sheet, number, shown)
        if state != "same":
            plan.append(
                UnitCategoryWrite(
                    number, unit, framework, category, basis, valid_from, valid_to, state == "new"
                )
            )
    return reader.finish(plan)


def commune_groups_apply(plan: list[UnitCategoryWrite], *, actor: User, progress=None) -> None:
    for done, write in enumerate(plan, start=1):
        try:
            transition.unit_category_set(
                unit=write.unit,
                framework=write.framework,
                category=write.category,
                basis=write.basis,
                valid_from=write.valid_from,
                valid_to=write.valid_to,
                actor=actor,
            )
        except ValidationError as e:
            columns = {
                "category": U_CATEGORY,
                "basis": U_BASIS,
                "valid_from": U_FROM,
                "valid_to": U_TO,
            }
            raise WriteRefused(
                [
                    {
                        "row": write.row,
                        "column": f"{UNIT_GROUP_SHEET}: {columns.get(name, U_CODE)}",
                        "message": message,
                    }
                    for name, messages in getattr(e, "message_dict", {"": e.messages}).items()
                    for message in messages
                ]
            ) from None
        except PermissionDenied as e:
            raise WriteRefused(
                [{"row": write.row, "column": f"{UNIT_GROUP_SHEET}: {U_CODE}", "message": str(e)}]
            ) from None
        if progress is not None:
            progress(done, len(plan))
