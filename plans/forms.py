from django import forms
from django.forms import formset_factory

from criteria.models import Criterion

from .models import Plan, PlanSection, Target


class PlanCreateForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị ban hành",
        queryset=None,
        error_messages={"invalid_choice": "Bạn không được lập kế hoạch cho đơn vị này."},
    )
    kind = forms.ChoiceField(label="Loại kế hoạch", choices=Plan.Kind.choices)
    year_start = forms.IntegerField(label="Từ năm", min_value=2000, max_value=2100)
    year_end = forms.IntegerField(
        label="Đến năm",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Để trống nếu kế hoạch một năm.",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", "Năm kết thúc không được trước năm bắt đầu.")
        if start and not end:
            data["year_end"] = start
        return data


class PlanHeaderForm(forms.Form):
    parent_body = forms.CharField(label="Cơ quan chủ quản (nếu có)", required=False, max_length=200)
    body_lines = forms.CharField(
        label="Tên cơ quan ban hành",
        max_length=300,
        help_text="Các dòng cách nhau bằng dấu “/”, ví dụ: ỦY BAN NHÂN DÂN / XÃ CẨM TÂN",
    )
    number = forms.IntegerField(
        label="Số",
        required=False,
        min_value=1,
        max_value=99999,
        help_text="Để trống cho đến khi văn thư cấp số.",
    )
    symbol = forms.CharField(label="Ký hiệu", max_length=40)
    place = forms.CharField(label="Địa danh", max_length=100)
    issue_date = forms.DateField(
        label="Ngày ban hành",
        required=False,
        localize=True,
        help_text="dd/mm/yyyy; để trống khi còn là dự thảo.",
    )
    year_start = forms.IntegerField(label="Từ năm", min_value=2000, max_value=2100)
    year_end = forms.IntegerField(label="Đến năm", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    opening = forms.CharField(
        label="Đoạn mở đầu", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closing = forms.CharField(
        label="Đoạn kết", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    authority_lines = forms.CharField(
        label="Thẩm quyền ký",
        required=False,
        max_length=200,
        help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
    )
    signer_title = forms.CharField(label="Chức vụ người ký", required=False, max_length=100)
    signer_name = forms.CharField(label="Họ tên người ký", required=False, max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip()
        if " " in symbol:
            raise forms.ValidationError("Ký hiệu không có dấu cách, ví dụ KH-UBND.")
        return symbol

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", "Năm kết thúc không được trước năm bắt đầu.")
        return data


class SectionForm(forms.Form):
    level = forms.ChoiceField(
        label="Cấp", choices=PlanSection.Level.choices, initial=PlanSection.Level.KHOAN
    )
    heading = forms.CharField(label="Tiêu đề", required=False, max_length=300)
    body = forms.CharField(
        label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("level") != PlanSection.Level.TEXT
            and data.get("body")
            and not data.get("heading")
        ):
            self.add_error("heading", "Mục có tiêu đề: nhập tiêu đề hoặc chọn cấp “Đoạn văn”.")
        return data


class LineForm(forms.Form):
    text = forms.CharField(label="Nội dung", required=False, max_length=1000)


SectionFormSet = formset_factory(SectionForm, extra=2, can_order=True, can_delete=True)
BasisFormSet = formset_factory(LineForm, extra=1, can_order=True, can_delete=True)
RecipientFormSet = formset_factory(LineForm, extra=2, can_order=True, can_delete=True)


def ordered_values(formset, keep) -> list:
    """Non-deleted, non-empty rows sorted by the order numbers the user typed (ties keep position)."""
    rows = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not keep(data):
            continue
        order = data.get("ORDER")
        rows.append((order if order is not None else 10_000 + index, index, data))
    return [data for _, _, data in sorted(rows, key=lambda r: (r[0], r[1]))]


class TargetForm(forms.Form):
    unit_id = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(label="Mức phấn đấu", choices=Target.Level.choices)
    criteria = forms.TypedMultipleChoiceField(
        label="Tiêu chí phấn đấu đạt thêm",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Tiêu chí không thuộc bộ tiêu chí của xã."},
    )
    target_count = forms.IntegerField(
        label="Số tiêu chí cuối năm", required=False, min_value=0, max_value=99
    )
    deadline_text = forms.CharField(label="Thời hạn", required=False, max_length=60)
    note = forms.CharField(label="Ghi chú", required=False, max_length=1000)

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_by_id = {c.pk: c for c in criteria}
        self.fields["criteria"].choices = [(c.pk, f"{c.number}. {c.name}") for c in criteria]

    def clean_criteria(self) -> list[Criterion]:
        return [self.criteria_by_id[pk] for pk in self.cleaned_data["criteria"]]
