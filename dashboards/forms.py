import io
import zipfile

from django import forms
from django.core.exceptions import ValidationError

from common.numbers import number_vi
from criteria.models import Framework, FrameworkCategory
from criteria.selectors import frameworks_in_use_for
from units.models import Unit

from .models import ImportRun
from .selectors import SORTS, Filters

# Excel imports: what a file may be (README "Nhập từ Excel", docs/dashboards.md).
IMPORT_MAX_BYTES = 5 * 1024 * 1024  # the upload
IMPORT_MAX_UNPACKED = 60 * 1024 * 1024  # its XML once unzipped (zip bombs are refused before)
IMPORT_MAX_ROWS = 20_000


class DashboardFilterForm(forms.Form):
    """The GET filters of every dashboard. Invalid values are shown and left out."""

    framework = forms.ModelChoiceField(
        label="Bộ tiêu chí",
        queryset=Framework.objects.all(),
        to_field_name="key",
        required=False,
        empty_label="(bộ tiêu chí chính của đơn vị)",
        error_messages={"invalid_choice": "Bộ tiêu chí không tồn tại."},
    )
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        required=False,
        error_messages={"invalid": "Năm không hợp lệ."},
    )
    verified = forms.BooleanField(label="Chỉ số liệu đã thẩm tra", required=False)
    level = forms.ChoiceField(
        label="Mức phấn đấu",
        choices=[("", "Tất cả")] + Unit.LevelGoal.choices,
        required=False,
        error_messages={"invalid_choice": "Mức phấn đấu không hợp lệ."},
    )
    region = forms.ChoiceField(
        label="Vùng",
        choices=[("", "Tất cả")],
        required=False,
        error_messages={"invalid_choice": "Vùng không hợp lệ."},
    )
    q = forms.CharField(label="Tìm xã (có dấu hoặc không dấu)", required=False, max_length=100)
    sort = forms.ChoiceField(
        choices=[(k, v) for k, v in SORTS.items()] + [(f"-{k}", v) for k, v in SORTS.items()],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # national sets and the user's own province's: another province's set is unknown
            self.fields["framework"].queryset = frameworks_in_use_for(user)
        regions = {}
        for key, name in FrameworkCategory.objects.filter(
            framework__category_kind=Framework.CategoryKind.REGION
        ).values_list("key", "name"):
            regions.setdefault(key, name)
        self.fields["region"].choices = [("", "Tất cả")] + sorted(regions.items())

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def filters(self) -> Filters:
        """The valid filters (an invalid field falls back to its default)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            framework=data.get("framework"),
            year=data.get("year"),
            verified=bool(data.get("verified")),
            level=data.get("level") or "",
            region=data.get("region") or "",
            q=data.get("q") or "",
            sort=data.get("sort") or "ten",
        )


def read_upload(upload) -> bytes:
    """The bytes of an uploaded .xlsx, refused (ValidationError, Vietnamese) unless it is a
    real Excel 2007+ file of reasonable size, checked before any XML is parsed."""
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError(f"Tệp quá lớn: tối đa {IMPORT_MAX_BYTES // (1024 * 1024)} MB.")
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ValidationError("Chỉ nhận tệp Excel .xlsx (Excel 2007 trở lên).")
    content = upload.read()
    upload.seek(0)
    check_xlsx(content)
    return content


def check_xlsx(content: bytes) -> None:
    """A zip with the parts of a workbook, whose declared unpacked size is bounded. Python's
    zipfile never inflates a member past its declared size, so the sum bounds the work."""
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError("Tệp không phải Excel .xlsx hoặc bị hỏng.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError("Tệp không phải Excel .xlsx hoặc bị hỏng.") from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError("Tệp không phải Excel .xlsx hoặc bị hỏng.")
    if sum(i.file_size for i in infos) > IMPORT_MAX_UNPACKED:
        raise ValidationError(
            f"Tệp giải nén ra quá lớn (trên {IMPORT_MAX_UNPACKED // (1024 * 1024)} MB): "
            f"chia thành nhiều tệp, mỗi tệp tối đa {number_vi(IMPORT_MAX_ROWS)} dòng."
        )


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại dữ liệu",
        choices=ImportRun.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Chọn loại dữ liệu cần nhập.",
            "invalid_choice": "Bạn không được nhập loại dữ liệu này.",
        },
    )
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text=(
            f"Theo tệp mẫu, tối đa {IMPORT_MAX_BYTES // (1024 * 1024)} MB và "
            f"{number_vi(IMPORT_MAX_ROWS)} dòng."
        ),
        error_messages={"required": "Chọn tệp Excel (.xlsx) để nhập."},
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in ImportRun.Kind.choices if c[0] in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_file(self) -> bytes:
        return read_upload(self.cleaned_data["file"])


class ExportForm(forms.Form):
    """Which rows to download as Excel: the kind, the unit (and everything below it), the year."""

    kind = forms.ChoiceField(label="Loại dữ liệu", choices=ImportRun.Kind.choices)
    unit = forms.TypedChoiceField(label="Đơn vị", coerce=int, choices=[])
    year = forms.IntegerField(
        label="Năm (trống: mọi năm)", min_value=2000, max_value=2100, required=False
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, str(u)) for u in units]
