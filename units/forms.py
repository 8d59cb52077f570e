"""The units' forms: one step of a reorganisation (several communes into one, a district
ended, provinces merged) and one dated figure of a unit; bounds read from the models, messages
in Vietnamese. units.reorganisation and units.facts check again, with the Excel import's words."""

from django import forms
from django.core.exceptions import ValidationError

from common.importing import parse_decimal
from common.limits import NUL_ERROR, BoundedCharField, model_text_field

from .facts import THOUSANDS, WHOLE_KINDS
from .models import Reorganisation, ReorganisationStep, Unit, UnitFact
from .reorganisation import Plan, Step

DATE_ERRORS = {
    "invalid": "Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 01/07/2025.",
    "required": "Nhập ngày nghị quyết có hiệu lực.",
}
MAX_CODES = 200  # predecessors of one step typed on the page (a whole annex: the Excel file)


class ReorganisationForm(forms.Form):
    basis = model_text_field(
        Reorganisation,
        "basis",
        "Căn cứ",
        required=True,
        help_text="Số, ngày và cơ quan ban hành, ví dụ Nghị quyết 786/NQ-UBTVQH14 ngày 16/10/2019.",
        error_messages={"required": "Nhập căn cứ: số, ngày và cơ quan ban hành nghị quyết."},
    )
    effective = forms.DateField(
        label="Có hiệu lực từ",
        widget=forms.DateInput(attrs={"placeholder": "ngày/tháng/năm", "inputmode": "numeric"}),
        error_messages=DATE_ERRORS,
    )
    action = forms.ChoiceField(
        label="Thao tác",
        choices=ReorganisationStep.Action.choices,
        error_messages={"invalid_choice": "Chọn một thao tác trong danh sách."},
    )
    predecessors = BoundedCharField(
        label="Mã các đơn vị cũ",
        max_length=64 * MAX_CODES,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi dòng một mã đơn vị, ví dụ ha-tinh.cam-xuyen.cam-tan. Cả một phụ lục "
        "nghị quyết: dùng tệp Excel ở trang Nhập dữ liệu.",
        error_messages={"required": "Nhập mã ít nhất một đơn vị cũ.", **NUL_ERROR},
    )
    successor_code = BoundedCharField(
        label="Mã đơn vị sau sắp xếp",
        max_length=Unit._meta.get_field("code").max_length,
        required=False,
        help_text="Mã một đơn vị đã có (nhập vào) hoặc mã mới (thành lập). Để trống khi kết "
        "thúc cấp huyện hoặc đổi tên, loại đơn vị.",
        error_messages=NUL_ERROR,
    )
    successor_name = BoundedCharField(
        label="Tên đơn vị mới",
        max_length=Unit._meta.get_field("name").max_length,
        required=False,
        help_text="Đơn vị thành lập mới, hoặc tên mới khi đổi tên (để trống: giữ tên).",
        error_messages=NUL_ERROR,
    )
    successor_prefix = forms.ChoiceField(
        label="Loại đơn vị mới",
        required=False,
        choices=[("", "—")]
        + [
            (p, p)
            for p in dict.fromkeys(
                Unit.PREFIXES["commune"] + Unit.PREFIXES["district"] + Unit.PREFIXES["province"]
            )
        ],
        help_text="Khi đổi loại đơn vị, ví dụ Thị trấn thành Phường (để trống: giữ loại).",
    )
    parent_code = BoundedCharField(
        label="Mã đơn vị cấp trên của xã mới",
        max_length=Unit._meta.get_field("code").max_length,
        required=False,
        help_text="Để trống: nơi các xã cũ chuyển về.",
        error_messages=NUL_ERROR,
    )
    note = model_text_field(Reorganisation, "note", "Ghi chú")

    def clean_predecessors(self):
        codes = [c.strip() for c in self.cleaned_data["predecessors"].splitlines() if c.strip()]
        if not codes:
            raise forms.ValidationError("Nhập mã ít nhất một đơn vị cũ.")
        if len(codes) > MAX_CODES:
            raise forms.ValidationError(
                f"Tối đa {MAX_CODES} đơn vị một lần: cả một phụ lục, dùng tệp Excel."
            )
        return codes

    def plan(self) -> Plan:
        d = self.cleaned_data
        return Plan(
            basis=d["basis"],
            effective=d["effective"],
            note=d.get("note", ""),
            steps=[
                Step(
                    action=d["action"],
                    predecessor_code=code,
                    successor_code=d["successor_code"].strip(),
                    successor_name=d["successor_name"].strip(),
                    successor_prefix=d["successor_prefix"],
                    parent_code=d["parent_code"].strip(),
                )
                for code in d["predecessors"]
            ],
        )


class UnitFactForm(forms.Form):
    """One dated figure of a unit (units.facts.record_fact checks it, with the import's words)."""

    kind = forms.ChoiceField(
        label="Số liệu",
        choices=UnitFact.Kind.choices,
        error_messages={"invalid_choice": "Chọn một loại số liệu trong danh sách."},
    )
    value = forms.CharField(
        label="Giá trị",
        max_length=30,
        help_text="Ví dụ 24,62 (km²) hoặc 8.512 (người).",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": "Nhập giá trị.", **NUL_ERROR},
    )
    as_of = forms.DateField(
        label="Tính đến ngày",
        widget=forms.DateInput(attrs={"placeholder": "ngày/tháng/năm", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 01/04/2024.",
            "required": "Nhập ngày số liệu được tính đến.",
        },
    )
    basis = model_text_field(
        UnitFact,
        "basis",
        "Căn cứ",
        required=True,
        help_text="Nguồn số liệu hoặc văn bản, ví dụ Kết quả Tổng điều tra dân số 01/4/2019.",
        error_messages={"required": "Nhập căn cứ (nguồn số liệu hoặc văn bản)."},
    )

    def clean(self):
        data = super().clean()
        text = data.get("value")
        if text is None:
            return data
        if data.get("kind") in WHOLE_KINDS and THOUSANDS.fullmatch(text.strip()):
            text = text.strip().replace(".", "")  # 8.512 people: a thousands dot
        try:
            data["value"] = parse_decimal(text)
        except ValidationError as e:
            self.add_error("value", e)
        return data
