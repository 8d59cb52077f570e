from datetime import date
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from common.limits import NUL_ERROR
from common.numbers import NumberField
from common.uploads import check_office_archive
from common.years import YearField

from .models import AssessmentEvent, Framework, IndicatorStatus

MAGIC = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
OFFICE_MAX_UNPACKED = 100 * 1024 * 1024


def evidence_picker() -> forms.ClearableFileInput:
    """The file picker of evidence: it offers the allowed kinds only, and a phone offers its
    camera beside its files (the server checks each file all the same)."""
    allowed = settings.EVIDENCE_ALLOWED_TYPES
    return forms.ClearableFileInput(
        attrs={"accept": ",".join([*allowed, *sorted(set(allowed.values()))])}
    )


def evidence_help() -> str:
    return f"PDF, ảnh JPG/PNG, DOCX hoặc XLSX, tối đa {settings.EVIDENCE_MAX_BYTES // 2**20} MB."


def validate_evidence(upload) -> None:
    """Refuse a file that is too large, of a type not on the list, or not what its name says."""
    allowed = settings.EVIDENCE_ALLOWED_TYPES
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        limit = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"Tệp quá lớn: tối đa {limit} MB.")
    name = upload.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        kinds = ", ".join(sorted(e.lstrip(".").upper() for e in allowed))
        raise ValidationError(f"Loại tệp không được phép. Chỉ nhận: {kinds}.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in MAGIC[extension]):
        raise ValidationError("Nội dung tệp không đúng với phần mở rộng của tên tệp.")
    if extension in (".docx", ".xlsx"):
        # a zip bomb or a damaged archive is refused here, before it is stored
        check_office_archive(upload, max_unpacked=OFFICE_MAX_UNPACKED)
    upload.ntm_content_type = allowed[extension]


class CommuneSearchForm(forms.Form):
    """The list of communes: a name, which of them (today's by default: since 2025 most of
    the communes an office could read were merged away), and under which unit (`unit`, a
    district's or a province's address: Unit.get_absolute_url) among those the user may read."""

    CURRENT, ENDED, ALL = "", "het", "tat-ca"
    STATES = [
        (CURRENT, "Đang hoạt động"),
        (ENDED, "Đã sáp nhập, giải thể"),
        (ALL, "Tất cả"),
    ]

    q = forms.CharField(label="Tìm xã", required=False, max_length=100)
    hien_trang = forms.ChoiceField(label="Hiện trạng", choices=STATES, required=False)
    unit = forms.ModelChoiceField(
        queryset=None, required=False, widget=forms.HiddenInput, label="Trực thuộc"
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class YearForm(forms.Form):
    year = YearField(required=False)
    framework = forms.ModelChoiceField(
        label="Bộ tiêu chí",
        queryset=Framework.objects.all(),
        to_field_name="key",
        required=False,
    )


class OpenYearForm(forms.Form):
    year = YearField(
        error_messages={"invalid": "Năm không hợp lệ.", "required": "Chọn năm."},
    )
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(),
        to_field_name="key",
        error_messages={"invalid_choice": "Bộ tiêu chí không tồn tại."},
    )


class IndicatorStatusForm(forms.Form):
    """Plain form (not a ModelForm) so the row's old values stay intact for the history."""

    status = forms.ChoiceField(
        label="Kết quả",
        choices=IndicatorStatus.Status.choices,
        required=False,
        error_messages={"invalid_choice": "Kết quả không hợp lệ."},
    )
    value = NumberField(
        label="Giá trị đo",
        required=False,
        max_digits=14,
        decimal_places=4,
        error_messages={
            "invalid": "Giá trị phải là một số (ví dụ 24,62).",
            "max_digits": "Giá trị quá lớn.",
            "max_decimal_places": "Tối đa 4 chữ số thập phân.",
            "max_whole_digits": "Giá trị quá lớn.",
        },
    )
    note = forms.CharField(
        label="Ghi chú / lý do",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": "Ghi chú dài quá %(limit_value)d ký tự (đang có %(show_value)d).",
            **NUL_ERROR,
        },
    )
    evidence = forms.FileField(
        label="Tệp minh chứng", required=False, help_text=evidence_help(), widget=evidence_picker()
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, automatic: bool, measured: bool, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.automatic = automatic
        self.unit = unit
        if automatic:
            self.fields["status"].widget = forms.HiddenInput()
        if not measured:
            del self.fields["value"]
        elif unit:
            self.fields["value"].label = f"Giá trị đo ({unit})"

    def clean_value(self) -> Decimal | None:
        value = self.cleaned_data.get("value")
        if value is None:
            return None
        if value < 0:
            raise ValidationError("Giá trị không được âm.")
        if self.unit == "%" and value > 100:
            raise ValidationError("Tỷ lệ phần trăm không được vượt quá 100.")
        return value

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_evidence(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not self.automatic and "status" in self.fields and not data.get("status"):
            self.add_error("status", "Chọn kết quả đánh giá.")
        return data


STALE_PAGE = {
    "required": "Trang này đã cũ: tải lại trang rồi làm lại.",
    "invalid": "Trang này đã cũ: tải lại trang rồi làm lại.",
}


class SubmitForm(forms.Form):
    """The leader's "Gửi thẩm tra" button: the year's version the commune page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)


class WithdrawForm(forms.Form):
    """Undo "Mở năm": the year's version the page showed and why (kept on record)."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)
    reason = forms.CharField(
        label="Lý do rút lại",
        max_length=500,
        help_text="Ví dụ: mở nhầm năm 2024, kế hoạch năm 2024 chưa bắt đầu.",
        error_messages={
            "required": "Nhập lý do rút lại năm (được lưu trong nhật ký của xã).",
            "max_length": "Lý do dài quá %(limit_value)d ký tự (đang có %(show_value)d).",
            **NUL_ERROR,
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


PARTICIPANTS_MAX = AssessmentEvent._meta.get_field("participants").max_length
HELD_ON_REQUIRED = "Nhập ngày thẩm tra thực tế (ngày văn phòng kiểm tra hồ sơ của xã)."


class ReviewForm(forms.Form):
    """The supervising office's decision, with a question per doubtful indicator, the day the
    review took place and who took part.

    The day is required to verify and optional to return; a day in the future or before
    1 January of the year assessed is refused (AssessmentEvent.held_on_problem). The page
    offers today; a request that does not send the field at all (a page from before the field
    existed, a script) is taken as today, while a field sent empty is refused."""

    action = forms.ChoiceField(
        choices=[("return", "Trả lại xã"), ("verify", "Xác nhận thẩm tra")],
        error_messages={
            "required": "Chọn trả lại hoặc xác nhận.",
            "invalid_choice": "Thao tác không hợp lệ.",
        },
    )
    comment = forms.CharField(
        label="Ý kiến chung",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Ý kiến chung tối đa %(limit_value)d ký tự (đang có %(show_value)d).",
            **NUL_ERROR,
        },
    )
    held_on = forms.DateField(
        label="Ngày thẩm tra thực tế",
        required=False,
        localize=True,
        help_text="Ngày/tháng/năm văn phòng kiểm tra hồ sơ của xã, ví dụ 23/07/2020. Bắt buộc "
        "khi xác nhận thẩm tra.",
        error_messages={
            "invalid": "Ngày thẩm tra không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 23/07/2020."
        },
    )
    participants = forms.CharField(
        label="Thành phần tham gia",
        required=False,
        max_length=PARTICIPANTS_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Họ tên, chức vụ của những người tham gia thẩm tra.",
        error_messages={
            "max_length": "Thành phần tham gia tối đa %(limit_value)d ký tự (đang có "
            "%(show_value)d).",
            **NUL_ERROR,
        },
    )
    # The year's version the page showed: a decision on an earlier version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=STALE_PAGE)

    def __init__(self, data=None, *args, statuses, year: int, today: date, **kwargs):
        if data is not None and "held_on" not in data:
            data = data.copy()
            data["held_on"] = f"{today:%d/%m/%Y}"
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("held_on", today)
        super().__init__(data, *args, **kwargs)
        self.year, self.today = year, today
        self.statuses = statuses
        for s in statuses:
            self.fields[f"comment_{s.pk}"] = forms.CharField(
                label=f"Ý kiến về chỉ tiêu {s.indicator.code}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"Ý kiến về chỉ tiêu {s.indicator.code} tối đa "
                    "%(limit_value)d ký tự (đang có %(show_value)d).",
                    **NUL_ERROR,
                },
            )

    def clean(self):
        data = super().clean()
        held_on = data.get("held_on")
        if "held_on" not in self.errors:
            if held_on is None and data.get("action") == "verify":
                self.add_error("held_on", HELD_ON_REQUIRED)
            problem = AssessmentEvent.held_on_problem(held_on, self.year, self.today)
            if problem:
                self.add_error("held_on", problem)
        return data

    def indicator_comments(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"comment_{s.pk}", "") for s in self.statuses}

    def rows(self):
        for s in self.statuses:
            yield s, self[f"comment_{s.pk}"]


class TrailFilterForm(forms.Form):
    criterion = forms.IntegerField(label="Tiêu chí số", required=False, min_value=1, max_value=99)
    actor = forms.IntegerField(
        label="Người thực hiện",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.Select,
    )
    date_from = forms.DateField(label="Từ ngày", required=False, localize=True)
    date_to = forms.DateField(label="Đến ngày", required=False, localize=True)

    def __init__(self, *args, actors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].widget.choices = [("", "Tất cả")] + [
            (u.pk, u.display_name) for u in actors
        ]
