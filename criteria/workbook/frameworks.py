"""Checking the framework workbook: _FrameworkCheck reads "Bộ tiêu chí" (the set's own fields and
the user's right), then the other sheets (framework_rows.py), then the basis and publishing;
framework_check is its entry point, and its plan goes to plan.framework_apply."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from common.importing import PREVIEW_LIMIT, Check
from common.numbers import number_vi
from common.spreadsheets import cell_text
from common.text import fold
from units.access import authoring_province_ids, can_author_framework, can_author_national
from units.models import Unit, User

from .. import authoring
from ..models import Criterion, CriterionGroup, Framework, FrameworkCategory, Indicator
from .cells import (
    CATEGORY_KIND_WORDS,
    LEVEL_WORDS,
    NO,
    UNIT_KIND_WORDS,
    YES,
    WorkbookError,
    _choice,
    _header,
    _read_sheets,
    _Reader,
    _short,
    parse_date,
    parse_year,
)
from .columns import (
    ALIASES,
    C_DESCRIPTION,
    C_KEY,
    C_NAME,
    CATEGORY_SHEET,
    CRITERION_SHEET,
    FIELD_HEADERS,
    FIELDS,
    FRAMEWORK_SHEET,
    FRAMEWORK_SHEETS,
    G_CODE,
    G_NAME,
    GROUP_SHEET,
    K_GROUP,
    K_NAME,
    K_NUMBER,
    LABEL,
    CategoryKind,
)
from .framework_rows import _same_value, _SheetRows
from .plan import _FrameworkCreate, _FrameworkUpdate, _Publish, _Write

CHAR_LIMITS = {
    "key": 60,
    "name": 255,
    "short_name": 120,
    "decision_number": 60,
    "decision_body": 255,
    "basis": 255,
}


class _FrameworkCheck(_SheetRows, _Reader):
    def __init__(self, user: User):
        super().__init__(user, "framework")
        self.plan: list[_Write] = []
        self.framework: Framework | None = None
        self.key = ""
        self.basis = ""
        self.key_row = 2

    def run(self, content: bytes) -> Check:
        try:
            sheets, titles = _read_sheets(content, FRAMEWORK_SHEETS)
        except WorkbookError as e:
            return self.file_error(str(e))
        if FRAMEWORK_SHEET not in sheets:
            return self.missing_sheet(FRAMEWORK_SHEET, titles)
        if not self.read_framework(sheets[FRAMEWORK_SHEET]):
            return self.finish([])
        categories = self.table(sheets, CATEGORY_SHEET, [C_KEY, C_NAME, C_DESCRIPTION], [C_KEY])
        groups = self.table(sheets, GROUP_SHEET, [G_CODE, G_NAME], [G_CODE])
        criteria = self.table(sheets, CRITERION_SHEET, [K_NUMBER, K_NAME, K_GROUP], [K_NUMBER])
        indicators = self.indicator_table(sheets)
        if categories:
            self.read_categories(categories)
        if groups:
            self.read_groups(groups)
        if criteria:
            self.read_criteria(criteria)
        if indicators:
            self.read_indicators(indicators)
        self.check_basis_and_publish()
        if self.publish:
            self.plan.append(self.write(_Publish, FRAMEWORK_SHEET, self.publish_row, {}))
        return self.finish(self.plan)

    def write(self, cls, sheet: str, row: int, columns: dict, **kwargs) -> _Write:
        return cls(key=self.key, basis="", sheet=sheet, row=row, columns=columns, **kwargs)

    def finish(self, plan):
        for write in plan:
            write.basis = self.basis
        return super().finish(plan)

    # "Bộ tiêu chí" ---------------------------------------------------------------------------

    def read_framework(self, rows: list[tuple]) -> bool:
        """The set's own fields; False when the rest cannot be checked (no key, no right)."""
        sheet = FRAMEWORK_SHEET
        labels = {fold(label): attr for label, attr, _ in FIELDS} | ALIASES
        cells: dict[str, tuple[int, object]] = {}
        for number, row in enumerate(rows, start=1):
            label = _header(row[0] if row else None)
            value = row[1] if len(row) > 1 else None
            if not label and not cell_text(value):
                continue
            if number == 1 and fold(label) == fold(FIELD_HEADERS[0]):
                continue
            attr = labels.get(fold(label))
            if attr is None:
                self.error(
                    sheet,
                    number,
                    FIELD_HEADERS[0],
                    f"Trường “{_short(label)}” không có trong mẫu (cột A ghi tên trường, cột B "
                    "giá trị).",
                )
            elif attr in cells:
                self.error(
                    sheet, number, LABEL[attr], f"Trường có hai lần (dòng {cells[attr][0]})."
                )
            else:
                cells[attr] = (number, value)
        self.rows_of = {attr: number for attr, (number, _) in cells.items()}
        self.key_row = self.rows_of.get("key", 2)
        failed: set[str] = set()

        def text(attr: str) -> str:
            value = cells.get(attr, (0, None))[1]
            if isinstance(value, str) and len(value) > 100_000:
                value = value[:100_000]
            return cell_text(value)

        def fail(attr: str, message: str) -> None:
            failed.add(attr)
            self.error(sheet, self.rows_of.get(attr, ""), LABEL[attr], message)

        key = text("key")
        if not key:
            fail("key", "Ghi mã bộ tiêu chí.")
            return False
        try:
            validate_slug(key)
        except ValidationError:
            fail("key", "Mã chỉ gồm chữ không dấu, số, gạch dưới hoặc gạch ngang.")
            return False
        if len(key) > 60:
            fail("key", "Mã tối đa 60 ký tự.")
            return False
        self.key = key
        existing = Framework.objects.select_related("province").filter(key=key).first()
        self.framework = existing

        province = None
        province_code = text("province")
        if province_code:
            province = Unit.objects.filter(code=province_code, kind=Unit.Kind.PROVINCE).first()
            if province is None:
                fail("province", f"Không có tỉnh mã “{_short(province_code)}”.")
                return False
        if existing is not None:
            if not can_author_framework(self.user, existing):
                fail(
                    "key",
                    f"Bộ tiêu chí mã “{key}” đã có và bạn không được sửa bộ này (bộ quốc gia: "
                    "Văn phòng Điều phối Trung ương; bộ của một tỉnh: văn phòng NTM tỉnh đó).",
                )
                return False
            if "province" in cells and (province.pk if province else None) != existing.province_id:
                fail(
                    "province",
                    "Không đổi được tỉnh của bộ tiêu chí đã có (đang là "
                    + (
                        f"{existing.province}, mã {existing.province.code}"
                        if existing.province_id
                        else "toàn quốc"
                    )
                    + ").",
                )
                return False
        elif province is None and not can_author_national(self.user):
            fail(
                "province",
                "Để trống là bộ tiêu chí toàn quốc: chỉ Văn phòng Điều phối Trung ương tạo được. "
                "Ghi mã tỉnh của bạn để tạo bộ tiêu chí riêng của tỉnh.",
            )
            return False
        elif province is not None and not (
            can_author_national(self.user) or province.pk in authoring_province_ids(self.user)
        ):
            fail("province", "Bạn chỉ tạo được bộ tiêu chí của tỉnh mình.")
            return False

        values: dict = {}
        for attr in ("name", "short_name", "decision_number", "decision_body", "basis"):
            if attr in cells:
                value = text(attr)
                limit = CHAR_LIMITS[attr]
                if len(value) > limit:
                    fail(attr, f"Dài quá {number_vi(limit)} ký tự ({number_vi(len(value))}).")
                else:
                    values[attr] = value
        choices = {
            "level": (LEVEL_WORDS, Framework.set_level_choices()),
            "unit_kind": (UNIT_KIND_WORDS, Framework.UnitKind.choices),
            "category_kind": (CATEGORY_KIND_WORDS, CategoryKind.choices),
        }
        for attr, (words, options) in choices.items():
            if attr not in cells:
                continue
            raw = text(attr)
            if attr == "unit_kind" and not raw:
                values[attr] = Framework.UnitKind.COMMUNE
                continue
            if attr == "level" and not raw:
                continue  # required: below
            try:
                values[attr] = _choice(raw, words, LABEL[attr], options)
            except ValidationError as e:
                fail(attr, e.messages[0])
        for attr in ("decision_date", "effective_date"):
            if attr in cells:
                try:
                    values[attr] = parse_date(cells[attr][1])
                except ValidationError as e:
                    fail(attr, e.messages[0])
        for attr in ("period_start", "period_end"):
            if attr in cells and text(attr):
                try:
                    values[attr] = parse_year(text(attr))
                except ValidationError as e:
                    fail(attr, e.messages[0])
        publish_text = fold(text("publish"))
        self.publish_row = self.rows_of.get("publish", self.key_row)
        self.publish = False
        if publish_text in YES:
            self.publish = existing is None or existing.is_draft
        elif publish_text not in NO:
            fail("publish", "Ghi “có” hoặc “không”.")
        if "illustrative" in cells:
            illustrative = fold(text("illustrative"))
            if illustrative in YES | NO:
                values["illustrative"] = illustrative in YES
            else:
                fail("illustrative", "Ghi “có” hoặc “không”.")
        self.basis = values.pop("basis", "")

        required = ("name", "level", "period_start", "period_end")
        for attr in required:
            if (attr in cells or existing is None) and not values.get(attr) and attr not in failed:
                fail(attr, f"Ghi {LABEL[attr].lower()}.")
        if existing is None:
            fields = {
                "unit_kind": Framework.UnitKind.COMMUNE,
                "category_kind": CategoryKind.NONE,
                "illustrative": False,
                **values,
            }
            self.category_kind = fields["category_kind"]
            self.final = fields
        else:
            fields = {
                attr: value
                for attr, value in values.items()
                if attr not in failed and not _same_value(getattr(existing, attr), value)
            }
            self.category_kind = fields.get("category_kind", existing.category_kind)
            self.final = {
                f: values.get(f, getattr(existing, f)) for f in authoring.FRAMEWORK_FIELDS
            }
            if existing.is_published and "category_kind" in fields:
                fail(
                    "category_kind",
                    "Bộ tiêu chí đã ban hành: không đổi cách phân ngưỡng (theo vùng/nhóm).",
                )
        try:
            authoring._check_framework(self.final)
        except ValidationError as e:
            for attr, messages in e.message_dict.items():
                for message in messages:
                    fail(attr if attr in LABEL else "key", message)
        if existing is None:
            self.plan.append(
                self.write(
                    _FrameworkCreate,
                    FRAMEWORK_SHEET,
                    self.key_row,
                    LABEL,
                    province=province,
                    fields=fields,
                )
            )
            self.framework_state = "new"
            shown = f"bộ tiêu chí {key} – {fields.get('name', '')}"
        elif fields:
            self.plan.append(
                self.write(_FrameworkUpdate, FRAMEWORK_SHEET, self.key_row, LABEL, fields=fields)
            )
            self.framework_state = "changed"
            shown = f"bộ tiêu chí {key}: sửa {', '.join(LABEL[f].lower() for f in fields)}"
        else:
            self.framework_state, shown = "same", ""
        self.count(self.framework_state, FRAMEWORK_SHEET, self.key_row, shown)  # the set: one row
        # what exists, for the other sheets
        if existing is not None:
            self.categories = {
                c.key: c for c in FrameworkCategory.objects.filter(framework=existing)
            }
            self.groups = {g.code: g for g in CriterionGroup.objects.filter(framework=existing)}
            self.criteria = {
                c.number: c
                for c in Criterion.objects.filter(framework=existing).select_related("group")
            }
            self.indicators = {
                i.code: i
                for i in Indicator.objects.filter(framework=existing)
                .select_related("criterion")
                .prefetch_related("thresholds")
            }
        else:
            self.categories, self.groups, self.criteria, self.indicators = {}, {}, {}, {}
        self.new_categories: set[str] = set()
        self.new_groups: set[str] = set()
        self.new_criteria: dict[int, int] = {}  # number -> row
        self.sheet_criteria: dict[int, int] = {}  # every number listed -> row
        self.indicator_criteria: dict[str, int] = {}  # code -> criterion number, after import
        return True

    # the record and publishing -------------------------------------------------------------

    def check_basis_and_publish(self) -> None:
        existing = self.framework
        changes = [w for w in self.plan if not isinstance(w, _Publish)]
        if existing is not None and existing.is_published and changes and not self.basis:
            self.error(
                FRAMEWORK_SHEET,
                self.rows_of.get("basis", self.key_row),
                LABEL["basis"],
                "Bộ tiêu chí đã ban hành: ghi căn cứ của lần nhập này (số, ngày văn bản sửa "
                "đổi, đính chính).",
            )
        if not self.publish:
            return
        numbers = {n for n, c in self.criteria.items() if c.retired_on is None} | set(
            self.new_criteria
        )
        with_indicators = {
            self.indicator_criteria.get(code, i.criterion.number)
            for code, i in self.indicators.items()
            if i.retired_on is None
        } | set(self.indicator_criteria.values())
        if not numbers:
            self.error(
                FRAMEWORK_SHEET,
                self.publish_row,
                LABEL["publish"],
                "Bộ tiêu chí chưa có tiêu chí nào: chưa ban hành được.",
            )
        for value in sorted(numbers - with_indicators):
            row = self.sheet_criteria.get(value)
            self.error(
                CRITERION_SHEET if row else FRAMEWORK_SHEET,
                row or self.publish_row,
                K_NUMBER if row else LABEL["publish"],
                f"Tiêu chí số {value} chưa có chỉ tiêu nào: mỗi tiêu chí cần ít nhất một chỉ tiêu "
                "để ban hành (hoặc ghi “Ban hành ngay: không”).",
            )
        if self.category_kind and not (set(self.categories) | self.new_categories):
            self.error(
                FRAMEWORK_SHEET,
                self.publish_row,
                LABEL["publish"],
                "Bộ tiêu chí phân ngưỡng theo vùng/nhóm nhưng chưa có vùng/nhóm nào (sheet "
                "Vùng-nhóm).",
            )
        if self.framework_state == "same":  # the set's row now changes: it is published
            self.result.unchanged -= 1
            self.result.changed += 1
        if len(self.result.preview) < PREVIEW_LIMIT:
            self.result.preview.append(
                {
                    "row": self.publish_row,
                    "action": "Ban hành",
                    "text": f"{FRAMEWORK_SHEET}: ban hành bộ tiêu chí {self.key} sau khi nhập",
                }
            )


def framework_check(user: User, content: bytes) -> Check:
    """Read the framework workbook and check every row (nothing written): the plan of writes for
    framework_apply, or every bad row with its sheet, row and column."""
    return _FrameworkCheck(user).run(content)
