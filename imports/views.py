"""The import pages: choose a kind and upload (checked at once, nothing written), the run's
page (preview or every bad row, then confirm; progress of a queued run; retry of an
interrupted one), the templates, and "download current data" in the import's own layout."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.importing import IMPORT_MAX_ROWS
from common.text import fold
from criteria.selectors import frameworks_visible_to
from units.access import can_author_framework, get_unit_for_user, import_kinds

from . import registry, selectors, services
from .forms import ExportForm, ImportUploadForm
from .models import ImportRun

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(*parts) -> str:
    return "-".join(slugify(fold(str(p))) for p in parts if p)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    """Choose the kind, upload: the file is checked at once (nothing is written) and the run's
    page shows the preview, or every bad row. `?kind=` preselects a kind (the task list and the
    admin's role list link here with theirs)."""
    user = request.user
    kinds = import_kinds(user)
    if not kinds:
        raise PermissionDenied("Bạn không có quyền nhập dữ liệu từ Excel.")
    wanted = request.GET.get("kind", "")
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        kinds=kinds,
        initial={"kind": wanted} if wanted in kinds else None,
    )
    if request.method == "POST" and form.is_valid():
        run = services.import_run_check(
            user=user,
            kind=form.cleaned_data["kind"],
            file_name=request.FILES["file"].name,
            content=form.cleaned_data["file"],
        )
        return redirect(run)
    export_units = selectors.export_units_for(user)
    authored = []
    if ImportRun.Kind.FRAMEWORK in kinds:
        authored = [f for f in frameworks_visible_to(user) if can_author_framework(user, f)]
    return render(
        request,
        "imports/import.html",
        {
            "form": form,
            "kinds": [(k, ImportRun.Kind(k).label) for k in kinds],
            "all_kinds": ImportRun.Kind.choices,
            "runs": selectors.import_runs_of(user),
            "export_form": ExportForm(units=export_units) if export_units else None,
            "max_rows": IMPORT_MAX_ROWS,
            "authored_frameworks": authored,
        },
    )


def _kind(kind: str) -> str:
    if kind not in registry.KINDS:
        raise Http404("Không có loại dữ liệu này.")
    return kind


@login_required
@require_GET
def import_template(request, kind):
    """The empty template of a kind; for a criteria set, `?bo=<key>` pre-fills it with a set the
    user may read (a draft: only its authors)."""
    kind = _kind(kind)
    key = request.GET.get("bo", "")
    if not key or kind != ImportRun.Kind.FRAMEWORK:
        return _download(registry.template_xlsx(kind), XLSX_TYPE, f"mau-nhap-{_stem(kind)}.xlsx")
    framework = frameworks_visible_to(request.user).filter(key=key[:60]).first()
    if framework is None or (
        framework.is_draft and not can_author_framework(request.user, framework)
    ):
        raise Http404("Không tìm thấy bộ tiêu chí hoặc bạn không có quyền xem.")
    content = registry.template_xlsx(kind, framework)
    return _download(content, XLSX_TYPE, f"mau-nhap-{_stem(kind, framework.key)}.xlsx")


@login_required
@require_GET
def import_run(request, pk):
    run = selectors.get_import_run_for_user(request.user, pk)
    progress = (
        (run.progress_done, run.progress_total)
        if run.state == ImportRun.State.RUNNING and run.progress_total
        else None
    )
    stale = run.is_interrupted
    response = render(
        request,
        "imports/import_run.html",
        {
            "run": run,
            "progress": progress,
            "percent": round(100 * progress[0] / progress[1]) if progress else None,
            "stale": stale,
        },
    )
    if run.state == ImportRun.State.RUNNING and not stale:
        response["Refresh"] = "3"  # the browser asks again in 3 s: progress without JavaScript
    return response


@login_required
@require_POST
def import_confirm(request, pk):
    return _start(request, pk, services.import_run_start)


@login_required
@require_POST
def import_retry(request, pk):
    """Start an interrupted run again from its kept file (its owner only)."""
    return _start(request, pk, services.import_run_retry)


def _start(request, pk, start):
    run = selectors.get_import_run_for_user(request.user, pk)
    try:
        queued = start(run=run, actor=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
        return redirect(run)
    run.refresh_from_db(fields=["state", "summary"])
    if not queued or run.is_finished:  # (the immediate queue has already run it)
        if run.state == ImportRun.State.DONE:
            messages.success(request, run.summary)
        elif run.is_finished:
            messages.error(request, run.summary)
    return redirect(run)


@login_required
@require_GET
def data_export(request):
    """The current rows of a unit (and everything below it) that the user may read, in the
    import's own layout: edit, then import back."""
    form = ExportForm(request.GET)
    # any unit id; the selector decides who may read it
    form.fields["unit"] = forms.IntegerField(min_value=1, max_value=2**62)
    if not form.is_valid():
        raise Http404("Chọn loại dữ liệu, đơn vị và năm hợp lệ.")
    kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
    unit = get_unit_for_user(request.user, form.cleaned_data["unit"])
    rows = selectors.export_rows(request.user, kind, unit, year)
    content = registry.export_xlsx(kind, request.user, rows)
    return _download(content, XLSX_TYPE, f"{_stem(kind, unit, year)}.xlsx")
