"""The register's forms: bounds read from the models, messages in Vietnamese; the service
checks the data again (a page and an import refuse the same thing with the same words)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from common.limits import NUL_ERROR, model_text_field
from common.years import YearField
from criteria.forms import evidence_picker, validate_evidence
from criteria.framework_forms import DATE_ERRORS
from criteria.models import Framework

from .models import TIER_UNIT_KINDS, Decision, Recognition, Tier

STALE_PAGE = {
    "required": "Trang này đã cũ: tải lại trang rồi làm lại.",
    "invalid": "Trang này đã cũ: tải lại trang rồi làm lại.",
}
FILE_ERRORS = {
    "invalid": "Không đọc được tệp: chọn lại tệp.",
    "empty": "Tệp rỗng: chọn tệp khác.",
    "missing": "Chưa chọn tệp.",
    "required": "Chọn tệp bản chụp quyết định.",
}


class ModelChoice(forms.ModelChoiceField):
    """A ModelChoiceField whose value with a NUL character gets the project's Vietnamese message
    (common.limits.NUL_ERROR): Django raises its own English one from to_python."""

    def __init__(self, *args, error_messages=None, **kwargs):
        super().__init__(*args, error_messages={**NUL_ERROR, **(error_messages or {})}, **kwargs)

    def validate_no_null_characters(self, value):
        if "\x00" in str(value):
            raise ValidationError(
                self.error_messages["null_characters_not_allowed"],
                code="null_characters_not_allowed",
            )


def _date(label, *, required=True, help_text="", message=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"placeholder": "ngày/tháng/năm", "inputmode": "numeric"}),
        error_messages={**DATE_ERRORS, "required": message or f"Ghi {label.lower()}."},
    )


def _file(label, *, required=False):
    return forms.FileField(
        label=label,
        required=required,
        help_text="PDF hoặc ảnh chụp (JPG, PNG). Tệp chỉ người xem được đơn vị mới tải được.",
        error_messages=FILE_ERRORS,
        widget=evidence_picker(),
    )


class _DecisionFields(forms.Form):
    number = model_text_field(
        Decision,
        "number",
        "Số quyết định",
        required=True,
        help_text="Ví dụ 2345/QĐ-UBND",
        error_messages={"required": "Ghi số quyết định."},
    )
    signed_on = _date("Ngày ký", message="Ghi ngày ký quyết định.")
    in_force_from = _date(
        "Có hiệu lực từ", required=False, help_text="Để trống nếu có hiệu lực từ ngày ký."
    )
    body = model_text_field(
        Decision,
        "body",
        "Cơ quan ban hành",
        required=True,
        help_text="Ví dụ UBND tỉnh Hà Tĩnh",
        error_messages={"required": "Ghi cơ quan ban hành."},
    )
    signer = model_text_field(Decision, "signer", "Người ký")
    basis = model_text_field(
        Decision,
        "basis",
        "Căn cứ",
        rows=2,
        help_text="Bắt buộc với quyết định thừa nhận (ví dụ Văn bản 5424/BNN-VPĐP ngày "
        "09/8/2023 và các quyết định công nhận của các xã trước sắp xếp).",
    )
    file = _file("Bản chụp quyết định")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_evidence(upload)
        return upload


class DecisionForm(_DecisionFields):
    """A công nhận or thừa nhận decision naming this unit at a tier."""

    kind = forms.ChoiceField(
        label="Loại quyết định",
        choices=[
            (Decision.Kind.RECOGNITION, Decision.Kind.RECOGNITION.label),
            (Decision.Kind.ACKNOWLEDGEMENT, Decision.Kind.ACKNOWLEDGEMENT.label),
        ],
        error_messages={
            "required": "Chọn loại quyết định.",
            "invalid_choice": "Loại quyết định không hợp lệ.",
        },
    )
    tier = forms.ChoiceField(
        label="Hạng công nhận",
        error_messages={
            "required": "Chọn hạng công nhận.",
            "invalid_choice": "Hạng này không dùng cho loại đơn vị này.",
        },
    )
    year = YearField(
        label="Năm đạt chuẩn",
        required=False,
        help_text="Để trống: năm ký quyết định.",
    )
    framework = ModelChoice(
        label="Bộ tiêu chí dùng để xét",
        queryset=Framework.objects.none(),
        required=False,
        empty_label="(không ghi)",
        error_messages={"invalid_choice": "Bộ tiêu chí không hợp lệ."},
    )
    note = model_text_field(Decision, "note", "Ghi chú", rows=2)

    field_order = ["kind", "tier", "number", "signed_on", "in_force_from", "body", "signer"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        tiers = [t for t, kind in TIER_UNIT_KINDS.items() if kind == unit.kind]
        self.fields["tier"].choices = [(t, Tier(t).label) for t in tiers]
        province = unit.pk if unit.kind == "province" else unit.province_id
        self.fields["framework"].queryset = Framework.objects.filter(
            Q(province__isnull=True) | Q(province_id=province),
            level__in=tiers,
            state=Framework.State.PUBLISHED,
        ).order_by("-period_start", "name")


class RevokeForm(_DecisionFields):
    reason = model_text_field(
        Recognition,
        "reason",
        "Lý do thu hồi",
        required=True,
        rows=3,
        error_messages={"required": "Ghi lý do thu hồi."},
    )
    failing_criteria = model_text_field(
        Recognition,
        "failing_criteria",
        "Tiêu chí không đạt",
        help_text="Ví dụ 10, 17",
    )


class FileForm(forms.Form):
    file = _file("Bản chụp quyết định", required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_evidence(upload)
        return upload


class CorrectForm(forms.Form):
    """What can be corrected on a recorded decision (its number, date and body cannot: a wrong
    one is a wrong decision)."""

    in_force_from = _date(
        "Có hiệu lực từ", required=False, help_text="Để trống nếu có hiệu lực từ ngày ký."
    )
    signer = model_text_field(Decision, "signer", "Người ký")
    basis = model_text_field(Decision, "basis", "Căn cứ", rows=2)
    note = model_text_field(Decision, "note", "Ghi chú", rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)
