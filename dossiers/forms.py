"""Bounds and Vietnamese messages of the dossier and checklist forms (bounds read from the
models: a page and a service refuse the same text with the same words)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.limits import model_text_field
from common.years import YearField
from criteria.forms import evidence_help, evidence_picker, validate_evidence
from criteria.framework_forms import DATE_ERRORS

from .models import COMMUNE_TIERS, ChecklistItem, Dossier, DossierItem, Tier

TIER_CHOICES = [(t.value, t.label) for t in COMMUNE_TIERS]
TIER_ERRORS = {
    "required": "Chọn hạng đề nghị công nhận.",
    "invalid_choice": "Hạng đề nghị công nhận không hợp lệ.",
}
STALE_PAGE = {
    "required": "Trang này đã cũ: tải lại trang rồi làm lại.",
    "invalid": "Trang này đã cũ: tải lại trang rồi làm lại.",
}
ORDER_ERRORS = {
    "invalid": "Thứ tự phải là một số nguyên (ví dụ 10).",
    "required": "Ghi thứ tự.",
    "min_value": "Thứ tự không được âm.",
    "max_value": "Thứ tự tối đa 32767.",
}


class OpenForm(forms.Form):
    tier = forms.ChoiceField(
        label="Hạng đề nghị công nhận", choices=TIER_CHOICES, error_messages=TIER_ERRORS
    )
    year = YearField(label="Năm đề nghị", error_messages={"required": "Ghi năm đề nghị."})


class ItemForm(forms.Form):
    """One document of a dossier: status, note, file."""

    status = forms.ChoiceField(
        label="Tình trạng",
        choices=DossierItem.Status.choices,
        error_messages={
            "required": "Chọn tình trạng.",
            "invalid_choice": "Tình trạng không hợp lệ.",
        },
    )
    note = model_text_field(DossierItem, "note", "Ghi chú", rows=3)
    file = forms.FileField(
        label="Tệp (tải lên hoặc thay tệp cũ)",
        required=False,
        help_text=f"{evidence_help()} Có tệp thì tình trạng thành “Đã có”, trừ khi bạn chọn "
        "tình trạng khác.",
        widget=evidence_picker(),
        error_messages={
            "invalid": "Không đọc được tệp: chọn lại tệp.",
            "empty": "Tệp rỗng: chọn tệp khác.",
            "missing": "Không nhận được tệp: chọn lại tệp.",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, *args, required: bool, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.required_item = required
        self.item_name = name
        if required:  # a required document is never "không áp dụng"
            self.fields["status"].choices = [
                c for c in DossierItem.Status.choices if c[0] != DossierItem.Status.NOT_APPLICABLE
            ]
            self.fields["status"].error_messages["invalid_choice"] = (
                f"“{name}” là hồ sơ bắt buộc: không chọn “Không áp dụng” được."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_evidence(upload)
        return upload


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)


class ReturnForm(forms.Form):
    comment = model_text_field(
        Dossier,
        "return_comment",
        "Lý do trả lại, hồ sơ cần bổ sung",
        required=True,
        rows=3,
        error_messages={"required": "Ghi lý do trả lại để xã biết cần bổ sung gì."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "tra-lai")
        super().__init__(*args, **kwargs)


class ReadinessFilterForm(forms.Form):
    tier = forms.ChoiceField(
        label="Hạng", choices=TIER_CHOICES, required=False, error_messages=TIER_ERRORS
    )
    year = YearField(label="Năm", required=False)
    opened = forms.BooleanField(label="Chỉ xã đã mở hồ sơ", required=False)


class ChecklistItemForm(forms.Form):
    """A document of a list: add (no version) or edit (with `checked` and the version)."""

    name = model_text_field(
        ChecklistItem,
        "name",
        "Tên hồ sơ",
        required=True,
        error_messages={"required": "Ghi tên hồ sơ."},
    )
    basis = model_text_field(
        ChecklistItem, "basis", "Căn cứ", help_text="Ví dụ Điều 5 QĐ 18/2022/QĐ-TTg"
    )
    required = forms.BooleanField(label="Bắt buộc khi gửi hồ sơ", required=False, initial=True)
    order = forms.IntegerField(
        label="Thứ tự",
        required=False,
        min_value=0,
        max_value=32767,
        help_text="Số nhỏ đứng trước. Để trống: cuối danh sách.",
        error_messages=ORDER_ERRORS,
    )
    checked = forms.BooleanField(
        label="Đã đối chiếu với văn bản quy định (bỏ nhãn “mặc định, cần đối chiếu”)",
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, *args, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["order"].required = True
            self.fields["order"].help_text = "Số nhỏ đứng trước."
        else:
            del self.fields["checked"]
            del self.fields["version"]


class RetireForm(forms.Form):
    on = forms.DateField(
        label="Ngừng áp dụng từ ngày",
        localize=True,
        error_messages={**DATE_ERRORS, "required": "Ghi ngày ngừng áp dụng."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "ngung")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if not 2000 <= on.year <= 2100:
            raise ValidationError("Ngày không hợp lệ: năm phải từ 2000 đến 2100.")
        return on


def tier_label(tier: str) -> str:
    return Tier(tier).label
