"""Forms of the "Bộ tiêu chí" pages (criteria.framework_views).

Plain forms with `initial=` (not ModelForms), so the rows keep their old values until the
authoring service records old → new. Text inputs are bounded by the models' lengths; the
services decide everything else and their errors are put back on these fields.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q

from common.limits import NUL_ERROR
from common.numbers import NumberField
from common.years import YearField
from units.models import Unit

from . import authoring
from .authoring import COMMON, Bar
from .models import Criterion, Framework, FrameworkCategory, Indicator

BASIS_HELP_PUBLISHED = (
    "Bộ tiêu chí đã ban hành: ghi căn cứ của thay đổi (số, ngày văn bản sửa đổi, đính chính), "
    "ví dụ “QĐ 05/2026/QĐ-UBND ngày 01/3/2026”."
)
BASIS_HELP_DRAFT = "Không bắt buộc khi còn là dự thảo."
BASIS_REQUIRED = (
    "Bộ tiêu chí đã ban hành: ghi căn cứ của thay đổi (số, ngày văn bản sửa đổi, đính chính)."
)
DATE_ERRORS = {"invalid": "Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 29/12/2025."}
YEAR_ERRORS = {"required": "Ghi năm."}
DECIMAL_ERRORS = {
    "invalid": "Ngưỡng phải là một số (ví dụ 95,5).",
    "max_digits": "Số quá lớn.",
    "max_decimal_places": "Tối đa 4 chữ số thập phân.",
    "max_whole_digits": "Số quá lớn.",
}


class ChoiceOfModel(forms.ModelChoiceField):
    """A ModelChoiceField whose value with a NUL character is refused as any unknown choice,
    with the field's own (Vietnamese) message: Django raises its English one from to_python."""

    def validate_no_null_characters(self, value):
        if "\x00" in str(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


def _text(label, max_length, *, required=True, rows=0, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={
            "required": f"Ghi {label.lower()}.",
            "max_length": f"{label} tối đa %(limit_value)d ký tự (đang có %(show_value)d).",
            **NUL_ERROR,
        },
    )


def decimal_input(value: Decimal | None) -> str:
    """80.0000 -> "80"; 95.5 -> "95,5" (what an office types back; no thousands dot)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class LegalBasisMixin:
    """A "căn cứ" field: required on a published set (the service refuses a change without
    one), optional on a draft."""

    def add_legal_basis(self, framework: Framework, *, name: str = "legal_basis") -> None:
        published = framework.is_published
        self.fields[name] = forms.CharField(
            label="Căn cứ của thay đổi",
            max_length=255,
            required=published,
            help_text=BASIS_HELP_PUBLISHED if published else BASIS_HELP_DRAFT,
            error_messages={
                "required": BASIS_REQUIRED,
                "max_length": "Căn cứ tối đa %(limit_value)d ký tự (đang có %(show_value)d).",
                **NUL_ERROR,
            },
        )


class SeenMixin:
    """A hidden «seen» field on a correction form: the newest change on the set's record when
    the page was opened (authoring.last_change); a correction sent after another change to
    the set is refused (authoring._check_seen), never written over it."""

    def add_seen(self, framework: Framework) -> None:
        self.fields["seen"] = forms.IntegerField(
            widget=forms.HiddenInput,
            min_value=0,
            max_value=2**63 - 1,
            error_messages=dict.fromkeys(
                ("required", "invalid", "min_value", "max_value"),
                "Trang sửa không còn đúng: mở lại trang rồi sửa lại.",
            ),
        )
        if not self.is_bound:
            self.initial["seen"] = authoring.last_change(framework)

    def clean(self):
        data = super().clean()
        if "seen" in self._errors:  # a hidden field's error is said above the form
            self.add_error(None, ValidationError(list(self._errors.pop("seen"))))
        return data


# --- frameworks ------------------------------------------------------------------------------


class FrameworkFieldsForm(forms.Form):
    """A framework's own fields (authoring.FRAMEWORK_FIELDS)."""

    name = _text("Tên bộ tiêu chí", 255, rows=2)
    short_name = _text(
        "Tên ngắn", 120, required=False, help_text="Hiện trong danh sách, ví dụ “NTM nâng cao”."
    )
    level = forms.ChoiceField(
        label="Hạng công nhận",
        choices=Framework.set_level_choices,
        error_messages={"required": "Chọn hạng.", "invalid_choice": "Hạng không hợp lệ."},
    )
    unit_kind = forms.ChoiceField(
        label="Đơn vị được đánh giá",
        choices=Framework.UnitKind.choices,
        initial=Framework.UnitKind.COMMUNE,
        error_messages={"required": "Chọn đơn vị.", "invalid_choice": "Đơn vị không hợp lệ."},
    )
    decision_number = _text(
        "Số quyết định", 60, required=False, help_text="Ví dụ 51/2025/QĐ-TTg, 12/2026/QĐ-UBND."
    )
    decision_date = forms.DateField(
        label="Ngày ban hành", required=False, localize=True, error_messages=DATE_ERRORS
    )
    decision_body = _text("Cơ quan ban hành", 255, required=False)
    effective_date = forms.DateField(
        label="Ngày hiệu lực", required=False, localize=True, error_messages=DATE_ERRORS
    )
    period_start = YearField(label="Áp dụng từ năm", error_messages=YEAR_ERRORS)
    period_end = YearField(label="Đến năm", error_messages=YEAR_ERRORS)
    category_kind = forms.ChoiceField(
        label="Ngưỡng phân theo",
        choices=Framework.CategoryKind.choices,
        required=False,
        help_text="Theo vùng (như 318/QĐ-TTg), theo nhóm xã (như 51/2025/QĐ-TTg) hoặc một "
        "ngưỡng chung cho mọi xã.",
        error_messages={"invalid_choice": "Cách phân ngưỡng không hợp lệ."},
    )
    notes = _text("Ghi chú", 20000, required=False, rows=3)
    illustrative = forms.BooleanField(
        label="Bộ chỉ tiêu minh họa (dữ liệu mẫu)",
        required=False,
        help_text=f"Đánh dấu khi bộ này chỉ để minh họa: mọi trang hiện “{Framework.ILLUSTRATIVE_LABEL}”.",
    )

    def framework_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in authoring.FRAMEWORK_FIELDS if f in self.fields}


class FrameworkCreateForm(FrameworkFieldsForm):
    key = forms.SlugField(
        label="Mã bộ tiêu chí",
        max_length=60,
        help_text="Chữ không dấu, số, gạch nối hoặc gạch dưới; dùng trong đường dẫn và tệp "
        "Excel, ví dụ nc_ha_tinh_2026.",
        error_messages={
            "required": "Ghi mã bộ tiêu chí.",
            "invalid": "Mã chỉ gồm chữ không dấu, số, gạch nối hoặc gạch dưới.",
            "max_length": "Mã tối đa %(limit_value)d ký tự (đang có %(show_value)d).",
            **NUL_ERROR,
        },
    )
    province = ChoiceOfModel(
        label="Phạm vi",
        queryset=Unit.objects.none(),
        error_messages={
            "required": "Chọn tỉnh của bộ tiêu chí.",
            "invalid_choice": "Bạn không soạn được bộ tiêu chí cho tỉnh này.",
        },
    )
    field_order = ["key", "name", "short_name", "level", "unit_kind", "province"]

    def __init__(self, *args, national: bool, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        field.queryset = provinces
        if national:
            field.required = False
            field.empty_label = "Toàn quốc (bộ tiêu chí quốc gia)"
            field.help_text = "Để “Toàn quốc” cho bộ tiêu chí quốc gia; chọn tỉnh cho bộ riêng."
        else:
            field.empty_label = None
            field.help_text = "Bộ tiêu chí riêng của tỉnh, áp dụng cho các xã trong tỉnh."


class FrameworkEditForm(SeenMixin, LegalBasisMixin, FrameworkFieldsForm):
    def __init__(self, *args, framework: Framework, **kwargs):
        kwargs.setdefault("initial", {f: getattr(framework, f) for f in authoring.FRAMEWORK_FIELDS})
        super().__init__(*args, **kwargs)
        if framework.is_published:
            field = self.fields["category_kind"]
            field.disabled = True
            field.help_text = "Bộ tiêu chí đã ban hành: không đổi cách phân vùng/nhóm."
        self.add_legal_basis(framework)
        self.add_seen(framework)


# --- categories, groups, criteria -------------------------------------------------------------


class CategoryForm(LegalBasisMixin, forms.Form):
    key = forms.SlugField(
        label="Khóa",
        max_length=20,
        help_text="Ngắn, không dấu; dùng trong tệp Excel, ví dụ nhom1, btb.",
        error_messages={
            "required": "Ghi khóa của vùng/nhóm.",
            "invalid": "Khóa chỉ gồm chữ không dấu, số, gạch nối hoặc gạch dưới.",
            "max_length": "Khóa tối đa %(limit_value)d ký tự (đang có %(show_value)d).",
            **NUL_ERROR,
        },
    )
    name = _text("Tên vùng/nhóm", 255)
    description = _text("Mô tả", 4000, required=False, rows=3)

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_legal_basis(framework)


class GroupForm(LegalBasisMixin, forms.Form):
    code = _text("Mã nhóm", 10, help_text="Ví dụ I, II, III.")
    name = _text("Tên nhóm", 255)

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_legal_basis(framework)


class CriterionForm(SeenMixin, LegalBasisMixin, forms.Form):
    number = forms.IntegerField(
        label="Số tiêu chí",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "Ghi số tiêu chí.",
            "invalid": "Số tiêu chí là một số nguyên.",
            "min_value": "Số tiêu chí từ %(limit_value)s trở lên.",
            "max_value": "Số tiêu chí không quá %(limit_value)s.",
        },
    )
    name = _text("Tên tiêu chí", 255)
    group = ChoiceOfModel(
        label="Nhóm tiêu chí",
        queryset=Criterion.objects.none(),
        required=False,
        empty_label="(không thuộc nhóm nào)",
        error_messages={"invalid_choice": "Nhóm tiêu chí không thuộc bộ này."},
    )

    def __init__(self, *args, framework: Framework, criterion: Criterion | None = None, **kwargs):
        if criterion is not None:
            kwargs.setdefault("initial", {"name": criterion.name, "group": criterion.group_id})
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = framework.groups.order_by("order")
        if criterion is not None:
            del self.fields["number"]  # the number is the criterion's identity
            self.add_seen(framework)
        self.add_legal_basis(framework)


class RetireForm(LegalBasisMixin, forms.Form):
    """Retire a criterion or an indicator of a published set from a date; on a draft the row is
    deleted and the date is not asked."""

    on = forms.DateField(
        label="Ngừng áp dụng từ ngày",
        localize=True,
        error_messages={**DATE_ERRORS, "required": "Ghi ngày ngừng áp dụng."},
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        kwargs.setdefault("prefix", "ngung")
        super().__init__(*args, **kwargs)
        if framework.is_draft:
            del self.fields["on"]
        self.add_legal_basis(framework)


# --- indicators with their thresholds ---------------------------------------------------------


class IndicatorForm(SeenMixin, LegalBasisMixin, forms.Form):
    """An indicator's fields and one threshold per column of the set (its regions or commune
    groups, and the common column): a number ("95,5"), a requirement in words, or nothing (the
    official judges)."""

    code = _text("Mã chỉ tiêu", 10, help_text="Ví dụ 2.1; “5” cho tiêu chí chỉ có một chỉ tiêu.")
    criterion = ChoiceOfModel(
        label="Thuộc tiêu chí",
        queryset=Criterion.objects.none(),
        empty_label="— chọn tiêu chí —",
        error_messages={
            "required": "Chọn tiêu chí.",
            "invalid_choice": "Tiêu chí không thuộc bộ này hoặc đã ngừng áp dụng.",
        },
    )
    name = _text("Tên chỉ tiêu", 2000, rows=3)
    kind = forms.ChoiceField(
        label="Loại",
        choices=Indicator.Kind.choices,
        error_messages={"required": "Chọn loại chỉ tiêu.", "invalid_choice": "Loại không hợp lệ."},
    )
    unit = _text(
        "Đơn vị tính", 40, required=False, help_text="Bắt buộc với chỉ tiêu số đo: %, km, hộ…"
    )
    comparator = forms.ChoiceField(
        label="So sánh",
        choices=Indicator.Comparator.choices,
        initial=Indicator.Comparator.GTE,
        help_text="Chỉ dùng cho chỉ tiêu số đo; loại khác để ≥.",
        error_messages={"invalid_choice": "Phép so sánh không hợp lệ."},
    )
    guidance = _text("Hướng dẫn đánh giá", 20000, required=False, rows=3)

    def __init__(
        self,
        *args,
        framework: Framework,
        categories: list[FrameworkCategory],
        indicator: Indicator | None = None,
        **kwargs,
    ):
        # one column per category, then the common one ("chỉ tiêu chung")
        self.columns = [(c.key, c.name) for c in categories]
        self.columns.append((COMMON, "Chung (mọi vùng/nhóm)" if categories else "Ngưỡng (mọi xã)"))
        self._names = {
            key: (f"nguong{index}", f"yeucau{index}") for index, (key, _) in enumerate(self.columns)
        }
        if indicator is not None:
            initial = {f: getattr(indicator, f) for f in ("name", "kind", "unit", "comparator")}
            initial["guidance"] = indicator.guidance
            initial["criterion"] = indicator.criterion_id
            for t in indicator.thresholds.all():
                if t.province_id is None and t.year is None and t.category in self._names:
                    value_name, text_name = self._names[t.category]
                    initial[value_name] = decimal_input(t.value)
                    initial[text_name] = t.text
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.framework = framework
        criteria = framework.criteria.order_by("number")
        if indicator is None:
            criteria = criteria.filter(retired_on__isnull=True)
        else:
            del self.fields["code"]  # the code is the indicator's identity
            criteria = criteria.filter(Q(retired_on__isnull=True) | Q(pk=indicator.criterion_id))
            self.add_seen(framework)
        self.fields["criterion"].queryset = criteria
        self.fields["criterion"].label_from_instance = lambda c: f"{c.number}. {c.name}"
        for key, label in self.columns:
            value_name, text_name = self._names[key]
            self.fields[value_name] = NumberField(  # 95,5; «1.250» is asked, not guessed
                label=f"{label}: ngưỡng bằng số",
                required=False,
                max_digits=14,
                decimal_places=4,
                error_messages=DECIMAL_ERRORS,
            )
            self.fields[text_name] = _text(f"{label}: hoặc yêu cầu bằng lời", 4000, required=False)
        self.add_legal_basis(framework)

    def threshold_rows(self):
        """(column label, value field, text field) for the template."""
        for key, label in self.columns:
            value_name, text_name = self._names[key]
            yield label, self[value_name], self[text_name]

    def threshold_field_names(self) -> set[str]:
        return {name for pair in self._names.values() for name in pair}

    def bars(self) -> dict[str, Bar]:
        """Every column, empty ones included (thresholds_set removes a column left empty)."""
        return {
            key: Bar(self.cleaned_data.get(v), self.cleaned_data.get(t, "").strip())
            for key, (v, t) in self._names.items()
        }

    def indicator_fields(self) -> dict:
        data = self.cleaned_data
        fields = {f: data[f] for f in ("name", "kind", "unit", "comparator", "guidance")}
        fields["unit"] = fields["unit"].strip()
        fields["criterion"] = data["criterion"]
        return fields

    def clean(self):
        data = super().clean()
        if self.errors or not {"kind", "comparator"} <= set(data):
            return data
        # The service's own check, column by column, so each message sits by its input.
        for key, (value_name, text_name) in self._names.items():
            bar = Bar(data.get(value_name), data.get(text_name, "").strip())
            if bar.empty:
                continue
            try:
                authoring.check_indicator_fields(
                    framework=self.framework,
                    kind=data["kind"],
                    comparator=data["comparator"],
                    unit=data.get("unit", "").strip(),
                    bars={key: bar},
                )
            except ValidationError as error:
                for message in error.message_dict.get("thresholds", []):
                    self.add_error(value_name if bar.value is not None else text_name, message)
        return data


class PrefillForm(forms.Form):
    """`?tieu_chi=<pk>` on the "add an indicator" link of a criterion."""

    tieu_chi = ChoiceOfModel(queryset=Criterion.objects.none(), required=False)

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tieu_chi"].queryset = framework.criteria.filter(retired_on__isnull=True)


# --- "xem thử": what would a commune score on this set ----------------------------------------


class PreviewForm(forms.Form):
    xa = ChoiceOfModel(
        label="Xã",
        queryset=Unit.objects.none(),
        empty_label="— chọn xã —",
        error_messages={
            "required": "Chọn xã.",
            "invalid_choice": "Chọn một xã trong danh sách (xã bạn xem được, thuộc phạm vi "
            "của bộ tiêu chí).",
        },
    )
    nam = forms.IntegerField(label="Năm", error_messages=YEAR_ERRORS)

    def __init__(self, *args, framework: Framework, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["xa"].queryset = communes
        self.fields["xa"].label_from_instance = lambda u: (
            f"{u} ({u.parent}{', ' + str(u.province) if u.province_id != u.parent_id else ''})"
            if u.parent_id
            else str(u)
        )
        year = self.fields["nam"]
        year.widget.attrs.update(min=framework.period_start, max=framework.period_end)
        year.validators += [
            MinValueValidator(framework.period_start),
            MaxValueValidator(framework.period_end),
        ]
        outside = f"Bộ tiêu chí áp dụng {framework.period}: chọn năm trong giai đoạn này."
        year.error_messages.update(min_value=outside, max_value=outside)


# --- the mapping into a set (criteria.mapping_views) -------------------------------------------


class MappingRowForm(LegalBasisMixin, forms.Form):
    """One row of a mapping into `target`: the old set (one the user reads), the old and the new
    indicator by their codes, a note. The codes are looked up here, so a code of another set is
    refused by its field before anything is written; `old` and `new` hold the indicators."""

    source = ChoiceOfModel(
        label="Bộ tiêu chí cũ",
        queryset=Framework.objects.none(),
        empty_label="— chọn bộ tiêu chí cũ —",
        error_messages={
            "required": "Chọn bộ tiêu chí cũ.",
            "invalid_choice": "Chọn một bộ tiêu chí trong danh sách (bộ bạn xem được, khác bộ "
            "này).",
        },
    )
    old_code = _text("Mã chỉ tiêu cũ", 10, help_text="Mã trong bộ tiêu chí cũ, ví dụ 17.1.")
    new_code = _text(
        "Mã chỉ tiêu mới",
        10,
        help_text="Mã trong bộ này, ví dụ 1.1. Chỉ tiêu mới đã lấy số đo từ bộ cũ đã chọn thì "
        "dòng đó được thay.",
    )
    note = _text("Ghi chú", 255, required=False, help_text="Ví dụ: cùng cách tính.")

    def __init__(self, *args, target: Framework, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda f: f"{f} ({f.key}, {f.period})"
        self.add_legal_basis(target, name="basis")

    def clean(self):
        data = super().clean()
        source, code = data.get("source"), data.get("old_code")
        if source is not None and code:
            data["old"] = source.indicators.filter(code=code).first()
            if data["old"] is None:
                self.add_error(
                    "old_code", f"Chỉ tiêu “{code}” không thuộc bộ tiêu chí cũ {source}."
                )
        code = data.get("new_code")
        if code:
            data["new"] = self.target.indicators.filter(code=code).first()
            if data["new"] is None:
                self.add_error(
                    "new_code", f"Chỉ tiêu “{code}” không thuộc bộ tiêu chí {self.target}."
                )
        return data


class MappingRowDeleteForm(LegalBasisMixin, forms.Form):
    """The basis for removing one row (required on a published set). One per row on the page:
    give each its own `auto_id`."""

    def __init__(self, *args, target: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_legal_basis(target, name="basis")
        field = self.fields["basis"]
        field.help_text = ""  # said once on the page, not on every row
        field.widget.attrs["placeholder"] = (
            "Căn cứ (bắt buộc)" if target.is_published else "Căn cứ (không bắt buộc)"
        )
