"""Checking the rows of "Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí" and "Chỉ tiêu": _SheetRows, a
part of _FrameworkCheck (frameworks.py), whose "Bộ tiêu chí" is read first and sets what exists
(self.categories, self.groups, self.criteria, self.indicators) and the plan they add to."""

import re

from django.core.exceptions import ValidationError

from common.numbers import number_vi
from common.spreadsheets import cell_text, note_text
from common.text import fold

from .. import authoring
from ..authoring import COMMON, Bar
from ..models import Indicator
from .cells import COMPARATOR_WORDS, KIND_WORDS, _choice, _short, _Table, parse_bar
from .columns import (
    BAR_PREFIX,
    C_DESCRIPTION,
    C_KEY,
    C_NAME,
    G_CODE,
    G_NAME,
    I_CODE,
    I_COMPARATOR,
    I_CRITERION,
    I_GUIDANCE,
    I_KIND,
    I_NAME,
    I_UNIT,
    INDICATOR_SHEET,
    K_GROUP,
    K_NAME,
    K_NUMBER,
)
from .plan import (
    _CategoryAdd,
    _CriterionAdd,
    _CriterionChange,
    _GroupAdd,
    _IndicatorAdd,
    _IndicatorChange,
)


class _PlannedFramework:
    """What check_indicator_fields needs of a framework not written yet: its category keys."""

    class _Keys:
        def __init__(self, keys):
            self.keys = list(keys)

        def values_list(self, *fields, flat=False):
            return list(self.keys)

    def __init__(self, keys):
        self.categories = self._Keys(keys)


INDICATOR_COLUMNS = {
    "kind": I_KIND,
    "comparator": I_COMPARATOR,
    "unit": I_UNIT,
    "thresholds": BAR_PREFIX,
    "code": I_CODE,
    "criterion": I_CRITERION,
    "name": I_NAME,
    "guidance": I_GUIDANCE,
}


def _same_text(stored: str, typed: str) -> bool:
    return note_text(stored or "") == typed


def _same_value(stored, typed) -> bool:
    """A stored field and the cell read for it: text compared as a cell reads it."""
    if isinstance(stored, str) and isinstance(typed, str):
        return cell_text(stored) == typed
    return stored == typed


def _stored_bar(threshold) -> Bar:
    if threshold is None:
        return Bar()
    if threshold.value is not None:
        return Bar(threshold.value)
    return Bar(None, note_text(threshold.text))


class _SheetRows:
    """The sheets after "Bộ tiêu chí", for _FrameworkCheck (with _Reader)."""

    # "Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí" ----------------------------------------------

    def read_categories(self, table: _Table) -> None:
        sheet, seen = table.name, {}
        for number, row in table.rows:
            key = table.text(row, C_KEY)
            name = table.text(row, C_NAME)
            description = table.note(row, C_DESCRIPTION)
            ok = True
            if not key:
                self.error(sheet, number, C_KEY, "Ghi khóa của vùng/nhóm, ví dụ nhom1.")
                ok = False
            elif len(key) > 20 or not re.fullmatch(r"[-a-zA-Z0-9_]+", key):
                self.error(
                    sheet,
                    number,
                    C_KEY,
                    "Khóa tối đa 20 ký tự: chữ không dấu, số, gạch dưới (ví dụ nhom1).",
                )
                ok = False
            elif key in seen:
                self.error(sheet, number, C_KEY, f"Trùng với dòng {seen[key]}: cùng khóa {key}.")
                ok = False
            else:
                seen[key] = number
            ok &= self.bounded(sheet, number, C_NAME, name, 255)
            ok &= self.bounded(sheet, number, C_DESCRIPTION, description, 4000)
            if not ok:
                continue
            existing = self.categories.get(key)
            if existing is not None:
                if (table.has(C_NAME) and not _same_value(existing.name, name)) or (
                    table.has(C_DESCRIPTION) and not _same_text(existing.description, description)
                ):
                    self.error(
                        sheet,
                        number,
                        C_NAME,
                        f"Vùng/nhóm {key} đã có với tên “{_short(existing.name)}”: tệp không sửa "
                        "được vùng/nhóm đã có; để nguyên tên, mô tả như trong hệ thống.",
                    )
                    continue
                self.count("same", sheet, number, "")
                continue
            if not name:
                self.error(sheet, number, C_NAME, "Ghi tên vùng/nhóm.")
                continue
            if not self.category_kind:
                self.error(
                    sheet,
                    number,
                    C_KEY,
                    "Bộ tiêu chí không phân ngưỡng theo vùng/nhóm (trường “Ngưỡng phân theo”): "
                    "chọn Theo nhóm xã hoặc Theo vùng, hoặc xóa dòng này.",
                )
                continue
            self.new_categories.add(key)
            self.plan.append(
                self.write(
                    _CategoryAdd,
                    sheet,
                    number,
                    {"key": C_KEY, "name": C_NAME, "description": C_DESCRIPTION},
                    category=key,
                    name=name,
                    description=description,
                )
            )
            self.count("new", sheet, number, f"{key} – {name}")

    def read_groups(self, table: _Table) -> None:
        sheet, seen = table.name, {}
        for number, row in table.rows:
            code = table.text(row, G_CODE)
            name = table.text(row, G_NAME)
            if not code:
                self.error(sheet, number, G_CODE, "Ghi mã nhóm tiêu chí, ví dụ I.")
                continue
            if not self.bounded(sheet, number, G_CODE, code, 10) or not self.bounded(
                sheet, number, G_NAME, name, 255
            ):
                continue
            if code in seen:
                self.error(sheet, number, G_CODE, f"Trùng với dòng {seen[code]}: cùng mã {code}.")
                continue
            seen[code] = number
            existing = self.groups.get(code)
            if existing is not None:
                if table.has(G_NAME) and not _same_value(existing.name, name):
                    self.error(
                        sheet,
                        number,
                        G_NAME,
                        f"Nhóm {code} đã có với tên “{_short(existing.name)}”: tệp không sửa được "
                        "tên nhóm đã có; để nguyên như trong hệ thống.",
                    )
                    continue
                self.count("same", sheet, number, "")
                continue
            if not name:
                self.error(sheet, number, G_NAME, "Ghi tên nhóm tiêu chí.")
                continue
            self.new_groups.add(code)
            self.plan.append(
                self.write(
                    _GroupAdd, sheet, number, {"code": G_CODE, "name": G_NAME}, code=code, name=name
                )
            )
            self.count("new", sheet, number, f"nhóm {code} – {name}")

    def read_criteria(self, table: _Table) -> None:
        sheet = table.name
        changes = []
        for number, row in table.rows:
            text = table.text(row, K_NUMBER)
            name = table.text(row, K_NAME)
            group = table.text(row, K_GROUP)
            ok = True
            if not text.isdigit() or not 1 <= int(text) <= 999:
                self.error(
                    sheet, number, K_NUMBER, f"Số tiêu chí “{_short(text)}” phải là số từ 1."
                )
                continue
            value = int(text)
            if value in self.sheet_criteria:
                self.error(
                    sheet,
                    number,
                    K_NUMBER,
                    f"Trùng với dòng {self.sheet_criteria[value]}: cùng tiêu chí số {value}.",
                )
                continue
            self.sheet_criteria[value] = number
            ok &= self.bounded(sheet, number, K_NAME, name, 255)
            if group and group not in self.groups and group not in self.new_groups:
                self.error(
                    sheet,
                    number,
                    K_GROUP,
                    f"Nhóm tiêu chí “{_short(group)}” không có (sheet Nhóm tiêu chí).",
                )
                ok = False
            if not ok:
                continue
            existing = self.criteria.get(value)
            if existing is None:
                if not name:
                    self.error(sheet, number, K_NAME, "Ghi tên tiêu chí.")
                    continue
                self.new_criteria[value] = number
                self.plan.append(
                    self.write(
                        _CriterionAdd,
                        sheet,
                        number,
                        {"number": K_NUMBER, "name": K_NAME, "group": K_GROUP},
                        number=value,
                        name=name,
                        group=group,
                    )
                )
                self.count("new", sheet, number, f"tiêu chí {value} – {name}")
                continue
            fields = {}
            if table.has(K_NAME) and not _same_value(existing.name, name):
                if not name:
                    self.error(sheet, number, K_NAME, "Ghi tên tiêu chí.")
                    continue
                fields["name"] = name
            if table.has(K_GROUP) and (existing.group.code if existing.group_id else "") != group:
                fields["group"] = group
            if fields and existing.retired_on is not None:
                self.error(
                    sheet,
                    number,
                    K_NUMBER,
                    f"Tiêu chí {value} đã ngừng áp dụng từ {existing.retired_on:%d/%m/%Y}: "
                    "không sửa qua tệp.",
                )
                continue
            if not fields:
                self.count("same", sheet, number, "")
                continue
            changes.append(
                self.write(
                    _CriterionChange,
                    sheet,
                    number,
                    {"name": K_NAME, "group": K_GROUP},
                    number=value,
                    fields=fields,
                )
            )
            what = ", ".join({"name": "tên", "group": "nhóm"}[f] for f in fields)
            self.count("changed", sheet, number, f"tiêu chí {value}: sửa {what}")
        self.plan += changes

    # "Chỉ tiêu" -----------------------------------------------------------------------------

    def indicator_table(self, sheets: dict):
        columns = [I_CODE, I_CRITERION, I_NAME, I_UNIT, I_KIND, I_COMPARATOR, I_GUIDANCE]
        table = self.table(sheets, INDICATOR_SHEET, columns, [I_CODE, I_CRITERION, I_NAME, I_KIND])
        if table is None:
            return None
        self.bar_columns: dict[str, tuple[str, int]] = {}  # key -> (header, index)
        for header, index in table.extra:
            words = header.split(" ", 1)
            if fold(words[0]) != fold(BAR_PREFIX):
                continue  # a column of the office's own: ignored
            rest = words[1].strip() if len(words) > 1 else ""
            if not rest:
                self.error(
                    INDICATOR_SHEET,
                    1,
                    header,
                    "Cột ngưỡng phải ghi khóa vùng/nhóm, ví dụ “Ngưỡng nhom1”, hoặc “Ngưỡng chung”.",
                )
                return None
            key = COMMON if fold(rest) == "chung" else rest
            if key in self.bar_columns:
                self.error(INDICATOR_SHEET, 1, header, f"Cột “{_short(header)}” có hai lần.")
                return None
            self.bar_columns[key] = (header, index)
        return table

    def read_indicators(self, table: _Table) -> None:
        sheet = table.name
        known = set(self.categories) | self.new_categories
        by_fold = {fold(k): k for k in known}
        columns = {key: by_fold.get(fold(key), key) for key in self.bar_columns if key != COMMON}
        columns[COMMON] = COMMON
        header_of = {columns[k]: h for k, (h, _) in self.bar_columns.items()}
        planned = _PlannedFramework(known)
        seen: dict[str, int] = {}
        for number, row in table.rows:
            errors: dict[str, list[str]] = {}

            def fail(column, message, errors=errors):
                errors.setdefault(column, []).append(message)

            code = table.text(row, I_CODE)
            criterion_text = table.text(row, I_CRITERION)
            name = table.note(row, I_NAME)
            unit = table.text(row, I_UNIT)
            kind_text = table.text(row, I_KIND)
            comparator_text = table.text(row, I_COMPARATOR)
            guidance = table.note(row, I_GUIDANCE)
            if not code:
                fail(I_CODE, "Ghi mã chỉ tiêu, ví dụ 2.1.")
            elif len(code) > 10:
                fail(I_CODE, "Mã chỉ tiêu tối đa 10 ký tự.")
            elif code in seen:
                fail(I_CODE, f"Trùng với dòng {seen[code]}: cùng mã chỉ tiêu {code}.")
            else:
                seen[code] = number
            criterion = None
            if not criterion_text.isdigit():
                fail(I_CRITERION, f"Số tiêu chí “{_short(criterion_text)}” phải là một số.")
            else:
                criterion = int(criterion_text)
                stored = self.criteria.get(criterion)
                if stored is None and criterion not in self.new_criteria:
                    fail(
                        I_CRITERION,
                        f"Không có tiêu chí số {criterion} (sheet Tiêu chí hoặc bộ tiêu chí).",
                    )
                    criterion = None
                elif stored is not None and stored.retired_on is not None:
                    fail(I_CRITERION, f"Tiêu chí {criterion} đã ngừng áp dụng.")
                    criterion = None
            if not name:
                fail(I_NAME, "Ghi tên chỉ tiêu.")
            for column, value, limit in (
                (I_NAME, name, 2000),
                (I_UNIT, unit, 40),
                (I_GUIDANCE, guidance, 20000),
            ):
                if len(value) > limit:
                    fail(column, f"Dài quá {number_vi(limit)} ký tự ({number_vi(len(value))}).")
            kind = comparator = None
            if not kind_text:
                fail(I_KIND, "Ghi loại: Đạt/không đạt, Số đo hoặc Mức độ (cán bộ đánh giá).")
            else:
                try:
                    kind = _choice(kind_text, KIND_WORDS, "Loại", Indicator.Kind.choices)
                except ValidationError as e:
                    fail(I_KIND, e.messages[0])
            try:
                comparator = _choice(
                    comparator_text, COMPARATOR_WORDS, "So sánh", Indicator.Comparator.choices
                )
            except ValidationError as e:
                fail(I_COMPARATOR, e.messages[0])
            bars: dict[str, Bar] = {}
            for key, (header, index) in self.bar_columns.items():
                raw = row[index] if index < len(row) else None
                if isinstance(raw, str) and len(raw) > 4000:
                    fail(header, f"Dài quá 4.000 ký tự ({number_vi(len(raw))}).")
                    continue
                try:
                    bars[columns[key]] = parse_bar(raw, comparator=comparator or ">=", unit=unit)
                except ValidationError as e:
                    fail(header, e.messages[0])
            stored = self.indicators.get(code) if code else None
            if stored is not None and stored.retired_on is not None:
                fail(
                    I_CODE,
                    f"Chỉ tiêu {code} đã ngừng áp dụng từ {stored.retired_on:%d/%m/%Y}: dùng mã "
                    "khác, hoặc bỏ dòng này.",
                )
            if errors:
                self.errors_of(sheet, number, errors)
                continue
            self.indicator_criteria[code] = criterion
            typed = {
                "name": name,
                "unit": unit,
                "kind": kind,
                "comparator": comparator,
                "guidance": guidance,
            }
            if stored is None:
                given = {k: b for k, b in bars.items() if not b.empty}
                if self.fits(sheet, number, planned, typed, given, header_of):
                    self.plan.append(
                        self.write(
                            _IndicatorAdd,
                            sheet,
                            number,
                            INDICATOR_COLUMNS,
                            code=code,
                            number=criterion,
                            bars=given,
                            **typed,
                        )
                    )
                    self.count(
                        "new",
                        sheet,
                        number,
                        f"chỉ tiêu {code} – {_short(name, 80)} – "
                        + authoring.describe_bars(given, unit, comparator),
                    )
                continue
            # an indicator already there: only what differs is written (a column the sheet
            # does not have leaves its field alone)
            for attr, column in (("unit", I_UNIT), ("comparator", I_COMPARATOR)):
                if not table.has(column):
                    typed[attr] = getattr(stored, attr)
            fields = {}
            for attr in ("unit", "kind", "comparator"):
                if getattr(stored, attr) != typed[attr]:
                    fields[attr] = typed[attr]
            if not _same_text(stored.name, name):
                fields["name"] = name
            if table.has(I_GUIDANCE) and not _same_text(stored.guidance, guidance):
                fields["guidance"] = guidance
            if stored.criterion.number != criterion:
                fields["number"] = criterion
            own = {
                t.category: t
                for t in stored.thresholds.all()
                if t.province_id is None and t.year is None
            }
            current = {
                t.category: Bar(t.value, t.text)
                for t in stored.thresholds.all()
                if t.province_id is None
            }
            new_bars = None
            if any(_stored_bar(own.get(k)) != bar for k, bar in bars.items()):
                new_bars = bars
            if not fields and new_bars is None:
                self.count("same", sheet, number, "")
                continue
            final = {**current, **bars}
            final = {k: b for k, b in final.items() if not b.empty}
            if not self.fits(sheet, number, planned, typed, final, header_of):
                continue
            self.plan.append(
                self.write(
                    _IndicatorChange,
                    sheet,
                    number,
                    INDICATOR_COLUMNS,
                    code=code,
                    fields=fields,
                    bars=new_bars,
                )
            )
            what = [
                {"name": "tên", "unit": "đơn vị", "kind": "loại", "comparator": "so sánh"}.get(
                    f, {"guidance": "hướng dẫn", "number": "tiêu chí"}.get(f, f)
                )
                for f in fields
            ]
            if new_bars is not None:
                what.append("ngưỡng: " + authoring.describe_bars(final, unit, comparator))
            self.count("changed", sheet, number, f"chỉ tiêu {code}: sửa {', '.join(what)}")

    def fits(self, sheet, number, planned, typed, bars, header_of) -> bool:
        """check_indicator_fields, as the services will run it, on the row's final state."""
        try:
            authoring.check_indicator_fields(
                framework=planned,
                kind=typed["kind"],
                comparator=typed["comparator"],
                unit=typed["unit"],
                bars=bars,
            )
        except ValidationError as e:
            errors: dict[str, list[str]] = {}
            for name, messages in e.message_dict.items():
                for message in messages:
                    column = INDICATOR_COLUMNS.get(name, "")
                    if name == "thresholds":
                        column = next(
                            (
                                header
                                for key, header in header_of.items()
                                if f"“{key}”" in message
                                or message.startswith(f"Ngưỡng {key or 'chung'} ")
                            ),
                            BAR_PREFIX,
                        )
                    errors.setdefault(column, []).append(message)
            self.errors_of(sheet, number, errors)
            return False
        return True

    def errors_of(self, sheet, number, errors: dict) -> None:
        for column, messages in errors.items():
            for message in messages:
                self.error(sheet, number, column, message)
