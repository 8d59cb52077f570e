"""The "Bảng chuyển đổi chỉ tiêu" page: how the indicators of older sets carry over to a set,
authored in the app like the set itself (the same rows come in by Excel too: import kind
"mapping"). Only those who may author the TARGET set write here.

Thin views, as in criteria.framework_views: fetch through the selectors (another province's
set is a 404, a set one may read but not change a 403), bind a form, call a criteria.authoring
service, then redirect with a message or re-render the page with the errors by their fields.
Changing or removing a row reaches only the years opened from now on: a year already opened
keeps the values it carried.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from . import framework_selectors, selectors, transition
from .framework_forms import MappingRowDeleteForm, MappingRowForm
from .models import Framework, FrameworkMapping, IndicatorMapping

# the service's field names → the form's (mapping_set says "source"/"target" of a row)
FIELDS = {"source": "old_code", "target": "new_code"}


def _attach(error: ValidationError, form) -> None:
    """Put a service's errors next to the fields they are about (else at the top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.message_dict.items():
        name = FIELDS.get(name, name)
        form.add_error(name if name in form.fields else None, found)


@dataclass
class RowLine:
    row: IndicatorMapping
    delete_form: MappingRowDeleteForm


@dataclass
class MappingBlock:
    mapping: FrameworkMapping
    rows: list[RowLine]


def _url(target: Framework, fragment: str = "") -> str:
    url = reverse("criteria:mapping-edit", args=[target.pk])
    return f"{url}#{fragment}" if fragment else url


def _row_form(target, row, data=None) -> MappingRowDeleteForm:
    return MappingRowDeleteForm(data, target=target, auto_id=f"id_xoa{row.pk}_%s")


def _page(
    request, target: Framework, form, *, failed: MappingRowDeleteForm | None = None, row=None
):
    """The page: every mapping into the set with a remove form per row (the bound one that
    failed, if any), and the form to add or change a row."""
    blocks = [
        MappingBlock(
            mapping,
            [
                RowLine(r, failed if row is not None and r.pk == row.pk else _row_form(target, r))
                for r in mapping.rows.all()
            ],
        )
        for mapping in framework_selectors.mappings_into(target)
    ]
    return render(
        request,
        "criteria/mapping_form.html",
        {"framework": target, "form": form, "blocks": blocks, "failed": failed},
    )


def _row_add_form(request, target: Framework, data=None) -> MappingRowForm:
    sources = selectors.frameworks_visible_to(request.user).exclude(pk=target.pk)
    return MappingRowForm(data, target=target, sources=sources)


@login_required
@require_http_methods(["GET", "POST"])
def mapping_edit(request, pk):
    target = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = _row_add_form(request, target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source, old, new = data["source"], data["old"], data["new"]
        try:
            transition.mapping_set(
                source=source,
                target=target,
                rows=[(old, new, data["note"])],
                actor=request.user,
                basis=data["basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(
                request,
                f"Đã lưu dòng chuyển đổi {old.code} → {new.code} (từ {source}). Các năm đã mở "
                "giữ nguyên; dòng này áp dụng khi xã mở năm đầu tiên theo bộ này.",
            )
            return redirect(_url(target, f"tu-{source.key}"))
    return _page(request, target, form)


@login_required
@require_POST
def mapping_row_delete(request, pk):
    row = framework_selectors.get_mapping_row_for_user(request.user, pk)
    target = row.mapping.target
    form = _row_form(target, row, request.POST)
    if form.is_valid():
        try:
            transition.mapping_row_delete(
                row=row, actor=request.user, basis=form.cleaned_data["basis"]
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(
                request,
                f"Đã xóa dòng chuyển đổi {row.source.code} → {row.target.code} (từ "
                f"{row.mapping.source}). Các năm đã mở giữ nguyên giá trị đã chép.",
            )
            return redirect(_url(target, f"tu-{row.mapping.source.key}"))
    return _page(request, target, _row_add_form(request, target), failed=form, row=row)
