"""Mappings (sheet "Chuyển đổi"): which old indicator carries over to which new one – the
template, the check and the writes."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from common.importing import Check
from common.numbers import number_vi
from units.access import can_author_framework
from units.models import User

from .. import transition
from ..models import Framework, FrameworkMapping, Indicator, IndicatorMapping
from .cells import (
    WorkbookError,
    WriteRefused,
    _framework_words,
    _read_sheets,
    _readable_frameworks,
    _Reader,
    _short,
)
from .columns import (
    GUIDE_SHEET,
    M_BASIS,
    M_NOTE,
    M_SOURCE,
    M_SOURCE_CODE,
    M_TARGET,
    M_TARGET_CODE,
    MAPPING_SHEET,
)
from .output import _Book

MAPPING_COLUMNS = [M_SOURCE, M_SOURCE_CODE, M_TARGET, M_TARGET_CODE, M_NOTE, M_BASIS]
MAPPING_HELP = [
    (M_SOURCE, "Mã bộ tiêu chí cũ, ví dụ xa_ntm_2021_2025. Bắt buộc."),
    (M_SOURCE_CODE, "Mã chỉ tiêu trong bộ tiêu chí cũ, ví dụ 17.1. Bắt buộc."),
    (M_TARGET, "Mã bộ tiêu chí mới, ví dụ xa_ntm_2026_2030 (bạn phải được sửa bộ này). Bắt buộc."),
    (
        M_TARGET_CODE,
        "Mã chỉ tiêu trong bộ tiêu chí mới; mỗi chỉ tiêu mới lấy số đo từ một chỉ tiêu cũ. "
        "Bắt buộc.",
    ),
    (M_NOTE, "Ví dụ: cùng cách tính; không bắt buộc."),
    (
        M_BASIS,
        "Căn cứ của bảng chuyển đổi (văn bản hướng dẫn); một giá trị cho mỗi cặp bộ tiêu chí. "
        "Không bắt buộc.",
    ),
]


@dataclass
class MappingWrite:
    row: int
    source: Framework
    target: Framework
    old: Indicator
    new: Indicator
    note: str
    basis: str
    is_new: bool


def mapping_template_xlsx() -> bytes:
    book = _Book()
    book.sheet(
        MAPPING_SHEET,
        MAPPING_COLUMNS,
        [],
        widths=(20, 14, 20, 14, 40, 40),
        text_columns=(2, 4),
    )
    book.sheet(GUIDE_SHEET, ["Cột", "Cách ghi"], MAPPING_HELP, widths=(18, 100))
    return book.bytes()


def mapping_check(user: User, content: bytes) -> Check:
    """Rows of (old set, old indicator, new set, new indicator, note): every row checked; the
    plan for mapping_apply."""
    reader = _Reader(user, "mapping")
    try:
        sheets, titles = _read_sheets(content, [MAPPING_SHEET])
    except WorkbookError as e:
        return reader.file_error(str(e))
    if MAPPING_SHEET not in sheets:
        return reader.missing_sheet(MAPPING_SHEET, titles)
    table = reader.table(
        sheets, MAPPING_SHEET, MAPPING_COLUMNS, [M_SOURCE, M_SOURCE_CODE, M_TARGET, M_TARGET_CODE]
    )
    if table is None:
        return reader.finish([])
    sheet = table.name
    frameworks = _framework_words(_readable_frameworks(user))
    keys = {table.text(r, c) for _, r in table.rows for c in (M_SOURCE, M_TARGET)}
    named = [f for k, f in frameworks.items() if k in keys]
    indicators: dict[tuple[int, str], Indicator] = {}
    holders: dict[str, list[Framework]] = {}
    for indicator in Indicator.objects.filter(framework__in=named).select_related("framework"):
        indicators[(indicator.framework_id, indicator.code)] = indicator
        holders.setdefault(indicator.code, []).append(indicator.framework)
    existing: dict[tuple[int, int], dict[int, IndicatorMapping]] = {}
    for row in IndicatorMapping.objects.filter(mapping__target__in=named).select_related("mapping"):
        pair = (row.mapping.source_id, row.mapping.target_id)
        existing.setdefault(pair, {})[row.target_id] = row
    stored_basis = {
        (m.source_id, m.target_id): m.basis
        for m in FrameworkMapping.objects.filter(target__in=named)
    }
    seen: dict[tuple[int, int], int] = {}
    bases: dict[tuple[int, int], tuple[str, int]] = {}
    plan = []
    for number, row in table.rows:
        errors: dict[str, list[str]] = {}

        def fail(column, message, errors=errors):
            errors.setdefault(column, []).append(message)

        def framework_of(column, row=row):
            key = table.text(row, column)
            if not key:
                fail(column, "Ghi mã bộ tiêu chí.")
                return None
            if key not in frameworks:
                fail(column, f"Không có bộ tiêu chí mã “{_short(key)}”.")
                return None
            return frameworks[key]

        def indicator_of(framework, column, row=row):
            code = table.text(row, column)
            if not code:
                fail(column, "Ghi mã chỉ tiêu.")
                return None
            if framework is None:
                return None
            found = indicators.get((framework.pk, code))
            if found is None:
                elsewhere = [f.key for f in holders.get(code, []) if f.pk != framework.pk]
                fail(
                    column,
                    f"Chỉ tiêu “{_short(code)}” không thuộc bộ tiêu chí {framework.key}"
                    + (f" (có trong {', '.join(elsewhere[:3])})." if elsewhere else "."),
                )
            return found

        source = framework_of(M_SOURCE)
        target = framework_of(M_TARGET)
        if target is not None and not can_author_framework(user, target):
            fail(
                M_TARGET,
                f"Bạn không được sửa bộ tiêu chí {target.key}: không lập được bảng chuyển đổi sang bộ này.",
            )
            target = None
        if source is not None and target is not None and source.pk == target.pk:
            fail(M_TARGET, "Bộ tiêu chí cũ và mới phải khác nhau.")
            target = None
        old = indicator_of(source, M_SOURCE_CODE)
        new = indicator_of(target, M_TARGET_CODE)
        note = table.text(row, M_NOTE)
        basis = table.text(row, M_BASIS)
        if len(note) > 255:
            fail(M_NOTE, f"Dài quá 255 ký tự ({number_vi(len(note))}).")
        if len(basis) > 255:
            fail(M_BASIS, f"Dài quá 255 ký tự ({number_vi(len(basis))}).")
        if new is not None and source is not None:
            key = (source.pk, new.pk)
            if key in seen:
                fail(
                    M_TARGET_CODE,
                    f"Trùng với dòng {seen[key]}: chỉ tiêu mới {new.code} đã được chuyển đổi "
                    "(mỗi chỉ tiêu mới lấy từ một chỉ tiêu cũ).",
                )
            seen.setdefault(key, number)
        if source is not None and target is not None and basis:
            pair = (source.pk, target.pk)
            first = bases.setdefault(pair, (basis, number))
            if first[0] != basis:
                fail(
                    M_BASIS,
                    f"Khác căn cứ ở dòng {first[1]} của cùng cặp bộ tiêu chí: ghi một căn cứ.",
                )
        if errors:
            for column, messages in errors.items():
                for message in messages:
                    reader.error(sheet, number, column, message)
            continue
        pair = (source.pk, target.pk)
        stored = existing.get(pair, {}).get(new.pk)
        moved = stored is not None and (stored.source_id, stored.note) != (old.pk, note)
        rebased = bool(basis) and stored_basis.get(pair) != basis
        state = "new" if stored is None else ("changed" if moved or rebased else "same")
        reader.count(state, sheet, number, f"{source.key} {old.code} → {target.key} {new.code}")
        if state != "same":
            plan.append(MappingWrite(number, source, target, old, new, note, basis, state == "new"))
    return reader.finish(plan)


def mapping_apply(plan: list[MappingWrite], *, actor: User) -> None:
    pairs: dict[tuple[int, int], list[MappingWrite]] = {}
    for write in plan:
        pairs.setdefault((write.source.pk, write.target.pk), []).append(write)
    for writes in pairs.values():
        first = writes[0]
        basis = next((w.basis for w in writes if w.basis), "")
        try:
            transition.mapping_set(
                source=first.source,
                target=first.target,
                rows=[(w.old, w.new, w.note) for w in writes],
                actor=actor,
                basis=basis,
            )
        except (ValidationError, PermissionDenied) as e:
            messages = e.messages if isinstance(e, ValidationError) else [str(e)]
            raise WriteRefused(
                [{"row": first.row, "column": MAPPING_SHEET, "message": m} for m in messages]
            ) from None
