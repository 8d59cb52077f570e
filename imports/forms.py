from django import forms

from common.importing import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, read_upload
from common.numbers import number_vi

from .models import ImportRun
from .registry import KINDS


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
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in ImportRun.Kind.choices if c[0] in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_file(self) -> bytes:
        return read_upload(self.cleaned_data["file"])


class ExportForm(forms.Form):
    """Which rows to download as Excel: the kind, the unit (and everything below it), the year.
    The kinds with a current-data export here (the criteria catalogue's workbooks have their
    own, on the framework pages; tasks theirs, on the task list; officials theirs, in the admin)."""

    kind = forms.ChoiceField(label="Loại dữ liệu", choices=[])
    unit = forms.TypedChoiceField(label="Đơn vị", coerce=int, choices=[])
    year = forms.IntegerField(
        label="Năm (trống: mọi năm)", min_value=2000, max_value=2100, required=False
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in ImportRun.Kind.choices if c[0] in KINDS and KINDS[c[0]].unit_export
        ]
        self.fields["unit"].choices = [(u.pk, str(u)) for u in units]
