from django import forms
from django.db.models import Q

from common.importing import (  # noqa: F401
    IMPORT_MAX_BYTES,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_UNPACKED,
    check_xlsx,
    read_upload,
)
from criteria.models import Framework, FrameworkCategory
from criteria.selectors import frameworks_in_use_for
from units.models import Unit

from .selectors import SORTS, Filters


class DashboardFilterForm(forms.Form):
    """The GET filters of every dashboard. Invalid values are shown and left out."""

    framework = forms.ModelChoiceField(
        label="Bộ tiêu chí",
        queryset=Framework.objects.all(),
        to_field_name="key",
        required=False,
        empty_label="(bộ tiêu chí chính của đơn vị)",
        error_messages={
            "invalid_choice": "Bộ tiêu chí không tồn tại hoặc không áp dụng cho đơn vị này."
        },
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

    def offer_for(self, unit: Unit | None) -> None:
        """Offer (and accept) only the sets that apply here: sets for communes, national or of
        the unit's province (None: the national summary, national sets only)."""
        field = self.fields["framework"]
        province = (
            None if unit is None else (unit if unit.kind == Unit.Kind.PROVINCE else unit.province)
        )
        field.queryset = field.queryset.filter(unit_kind=Framework.UnitKind.COMMUNE).filter(
            Q(province=None) | Q(province=province) if province else Q(province=None)
        )

    def narrowing(self) -> list[str]:
        """What narrows the communes shown beyond the set and the year, in words («Vùng: Miền
        núi»): the folded filters' summary on a phone says it, and keeps them open."""
        if not self.is_bound or not self.is_valid():
            return []
        data, said = self.cleaned_data, []
        if data.get("verified"):
            said.append(self.fields["verified"].label.lower())
        for name in ("level", "region"):
            if data.get(name):
                field = self.fields[name]
                said.append(f"{field.label}: {dict(field.choices).get(data[name], data[name])}")
        if data.get("q"):
            said.append(f"tìm «{data['q']}»")
        return said

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
