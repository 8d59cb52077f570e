"""The commune-group pages ("Nhóm xã theo bộ tiêu chí"): on a set whose thresholds go by
commune group (nhóm 1/2/3 of 51/2025) or by region, the communes one may read with the group in
force today, and a commune's whole history on that set with the form that records a change.

Thin views, as criteria.framework_views: the reads are in criteria.group_selectors, the write
is criteria.transition.unit_category_set, whose errors go
back onto their fields. Another unit's commune is a 404; a commune one may read but not group
is a 403 on POST (the page still shows its history).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from units import access

from . import group_selectors, transition
from .framework_forms import DATE_ERRORS, _text
from .models import Framework

PAGE_SIZE = 50


def _noun(framework: Framework) -> str:
    return "vùng" if framework.category_kind == Framework.CategoryKind.REGION else "nhóm"


# --- forms ----------------------------------------------------------------------------------------


class GroupSearchForm(forms.Form):
    q = forms.CharField(label="Tìm xã", required=False, max_length=100)
    chua_xep = forms.BooleanField(label="Chỉ xã chưa xếp nhóm", required=False)


class UnitCategoryForm(forms.Form):
    """A commune's category from a date, by a decision (`basis`); an end date only when the
    decision sets one."""

    category = forms.ChoiceField(
        label="Nhóm xã",
        error_messages={
            "required": "Chọn nhóm.",
            "invalid_choice": "Nhóm không thuộc bộ tiêu chí này.",
        },
    )
    basis = _text(
        "Căn cứ",
        255,
        help_text="Số, ngày quyết định xếp nhóm, ví dụ “QĐ 60/QĐ-UBND ngày 15/01/2026”.",
    )
    valid_from = forms.DateField(
        label="Áp dụng từ ngày",
        localize=True,
        help_text="Ngày/tháng/năm, ví dụ 01/01/2026.",
        error_messages={**DATE_ERRORS, "required": "Ghi ngày áp dụng."},
    )
    valid_to = forms.DateField(
        label="Đến hết ngày",
        required=False,
        localize=True,
        help_text="Để trống nếu quyết định không ghi thời hạn.",
        error_messages=DATE_ERRORS,
    )
    note = _text("Ghi chú", 500, required=False, rows=2)

    def __init__(self, *args, framework: Framework, names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        field.choices = [("", f"— chọn {_noun(framework)} —"), *names.items()]
        if framework.category_kind == Framework.CategoryKind.REGION:
            field.label = "Vùng"
            field.error_messages.update(
                required="Chọn vùng.", invalid_choice="Vùng không thuộc bộ tiêu chí này."
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Ngày hết áp dụng phải sau ngày áp dụng.")
        return data


def _attach(error: ValidationError, form) -> None:
    """Put a service's errors next to the fields they are about (else at the top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.message_dict.items():
        form.add_error(name if name in form.fields else None, found)


# --- views ----------------------------------------------------------------------------------------


@login_required
@require_GET
def unit_category_list(request, pk):
    framework = group_selectors.get_keyed_framework_for_user(request.user, pk)
    form = GroupSearchForm(request.GET or None)
    query, missing_only = "", False
    if form.is_valid():
        query, missing_only = form.cleaned_data["q"], form.cleaned_data["chua_xep"]
    today = timezone.localdate()
    found = group_selectors.unit_categories_list(
        request.user, framework, today, query=query, missing_only=missing_only
    )
    page = Paginator(found.communes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "criteria/unit_category_list.html",
        {
            "framework": framework,
            "form": form,
            "query": query,
            "missing_only": missing_only,
            "page": page,
            "missing_count": found.missing_count,
            "today": today,
            "noun": _noun(framework),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_category_edit(request, pk, commune_pk):
    framework = group_selectors.get_keyed_framework_for_user(request.user, pk)
    commune = group_selectors.get_commune_on_framework_for_user(request.user, framework, commune_pk)
    may_set = access.can_set_unit_category(request.user, commune)
    if request.method == "POST" and not may_set:
        raise PermissionDenied(f"Bạn không được xếp nhóm cho {commune}.")
    today = timezone.localdate()
    names = group_selectors.category_names(framework)
    history = group_selectors.unit_category_history(commune, framework, today, names)
    form = None
    if may_set:
        current = next((h for h in history if h.in_force), None)
        form = UnitCategoryForm(
            request.POST or None,
            framework=framework,
            names=names,
            initial={"category": current.row.category} if current else {},
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row, added = transition.unit_category_set(
                unit=commune,
                framework=framework,
                actor=request.user,
                category=data["category"],
                basis=data["basis"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                note=data["note"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            name = names.get(row.category, row.category)
            if added:
                messages.success(
                    request,
                    f"Đã xếp {commune} vào {name} từ {row.valid_from:%d/%m/%Y} ({row.basis}).",
                )
            else:
                messages.info(
                    request,
                    f"{commune} đã thuộc {name} từ {row.valid_from:%d/%m/%Y}: không có thay "
                    "đổi nào để lưu.",
                )
            return redirect(reverse("criteria:unit-category-edit", args=[framework.pk, commune.pk]))
    return render(
        request,
        "criteria/unit_category_form.html",
        {
            "framework": framework,
            "commune": commune,
            "history": history,
            "form": form,
            "noun": _noun(framework),
        },
    )
