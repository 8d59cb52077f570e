from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_refusal
from criteria import selectors as criteria_selectors
from units import access
from units.access import (
    can_import_tasks,
    can_tie_task_to_criterion,
    can_write_tasks_of,
    get_commune_for_user,
)

from . import selectors, services
from .forms import ProgressForm, TaskEditor, TaskFilterForm
from .models import Task
from .resources import export_xlsx, template_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _list_context(request) -> dict:
    return {"statuses": Task.Status.choices, "next": request.get_full_path()}


@login_required
@require_GET
def commune_tasks(request, pk):
    commune = get_commune_for_user(request.user, pk)
    data = selectors.commune_tasks(request.user, commune, selectors.today())
    return render(
        request,
        "assignments/commune_tasks.html",
        {"commune": commune, "data": data, **_list_context(request)},
    )


@login_required
@require_GET
def my_tasks(request):
    """What waits for the user: years to review, questions to answer, then their tasks."""
    data = selectors.my_tasks(request.user, selectors.today())
    waiting = criteria_selectors.inbox(request.user)
    return render(
        request,
        "assignments/my_tasks.html",
        {"data": data, "inbox": waiting, **_list_context(request)},
    )


def _filtered(request):
    """The list's filter form and the tasks it selects (nothing when the form is invalid)."""
    user = request.user
    form = TaskFilterForm(
        request.GET or None,
        units=selectors.filter_units(user),
        users=selectors.people_on_tasks(user),
    )
    tasks = selectors.tasks_visible_to(user)
    filters = selectors.TaskFilters()
    if form.is_bound:
        if form.is_valid():
            filters = selectors.TaskFilters(**form.cleaned_data)
        else:
            tasks = tasks.none()
    return form, filters, selectors.filter_tasks(tasks, filters, selectors.today())


@login_required
@require_GET
def task_list(request):
    today = selectors.today()
    form, filters, tasks = _filtered(request)
    page = Paginator(
        selectors.with_list_data(tasks).order_by("deadline", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    page.object_list = selectors.decorate(page.object_list, request.user, today)
    query = request.GET.copy()
    query.pop("page", None)
    writable = list(access.task_units_writable_by(request.user))
    return render(
        request,
        "assignments/task_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "summary": selectors.funding_summary(tasks, source=filters.source, year=filters.year),
            "source_filter": filters.source,
            "offices": [u for u in writable if u.kind != "commune"],
            "import_url": _import_url() if writable else "",
            "due_soon_until": today + timedelta(days=selectors.DUE_SOON_DAYS),
            **_list_context(request),
        },
    )


@login_required
@require_GET
def task_detail(request, pk):
    task = selectors.get_task_for_user(request.user, pk)
    return _render_detail(request, task)


def _render_detail(request, task, progress_form=None, status=200):
    data = selectors.task_page(request.user, task, selectors.today())
    if progress_form is None:
        progress_form = ProgressForm(
            initial={"status": task.status, "progress": task.progress, "version": task.version}
        )
    return render(
        request,
        "assignments/task_detail.html",
        {
            "task": task,
            "data": data,
            "progress_form": progress_form,
            "statuses": Task.Status.choices,
        },
        status=status,
    )


@login_required
@require_POST
def task_progress(request, pk):
    task = selectors.get_task_for_user(request.user, pk, for_progress=True)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            changed = services.task_progress_update(
                task=task,
                actor=request.user,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                version=form.cleaned_data["version"],
                today=selectors.today(),
            )
        except ValidationError as e:
            add_refusal(form, e)
        else:
            if changed:
                messages.success(
                    request,
                    f"Đã cập nhật “{task.title}”: {task.get_status_display()}, "
                    f"tiến độ {task.progress} %.",
                )
            else:
                messages.info(request, "Không có thay đổi nào để lưu.")
            return redirect(_next_url(request, task.get_absolute_url()))
    return _render_detail(request, task, progress_form=form)


def _save_task(request, *, unit, task, editor: TaskEditor) -> Task:
    """Create the task (task None) or change it, and say so (ValidationError: refused)."""
    if task is None:
        task = services.task_create(actor=request.user, unit=unit, **editor.fields())
        messages.success(request, f"Đã thêm nhiệm vụ “{task.title}”.")
    elif services.task_update(
        task=task, actor=request.user, version=editor.version, **editor.fields()
    ):
        messages.success(request, f"Đã lưu nhiệm vụ “{task.title}”.")
    else:
        messages.info(request, "Không có thay đổi nào để lưu.")
    return task


def _task_form(request, *, unit, task=None):
    """Create (task None) or change a task with its parties and funding; one page, no JS."""
    data = request.POST if request.method == "POST" else None
    editor = TaskEditor(
        data,
        unit=unit,
        users=selectors.assignable_users(unit),
        task=task,
        year=selectors.today().year,
    )
    if data is not None and editor.is_valid():
        criterion = editor.criterion()
        if criterion and not can_tie_task_to_criterion(request.user, unit, criterion.pk):
            editor.form.add_error(
                "criterion", f"Bạn không được giao tiêu chí số {criterion.number}."
            )
        else:
            try:
                task = _save_task(request, unit=unit, task=task, editor=editor)
            except ValidationError as e:
                editor.attach(e)
            else:
                return redirect(task)
    return render(
        request,
        "assignments/task_form.html",
        {"unit": unit, "task": task, **editor.context()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, pk):
    unit = access.get_unit_for_tasks(request.user, pk)
    if not can_write_tasks_of(request.user, unit):
        raise PermissionDenied("Bạn không có quyền thêm nhiệm vụ cho đơn vị này.")
    return _task_form(request, unit=unit)


@login_required
@require_http_methods(["GET", "POST"])
def task_update(request, pk):
    task = selectors.get_task_for_user(request.user, pk, for_edit=True)
    return _task_form(request, unit=task.unit, task=task)


@login_required
@require_GET
def task_export(request):
    form, _, tasks = _filtered(request)
    rows = (
        selectors.with_list_data(tasks)
        .prefetch_related("funding_lines")
        .order_by("unit__name", "deadline", "pk")
    )
    response = HttpResponse(export_xlsx(request.user, rows), content_type=XLSX_TYPE)
    stamp = selectors.today().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"nhiem-vu-{stamp}.xlsx"
    )
    return response


@login_required
@require_GET
def task_import_template(request):
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="mau-nhap-nhiem-vu.xlsx"
    )
    return response


def _import_url() -> str:
    """The import pipeline's page (the imports app), the task kind chosen."""
    return reverse("imports:import") + "?kind=tasks"


@login_required
@require_GET
def task_import(request):
    """The old address of the task import (bookmarks): tasks are imported through the one
    import pipeline now. The page says so, links there with the kind chosen, and sends the
    browser on (a Refresh header); 403 for whoever may write no unit's tasks."""
    if not can_import_tasks(request.user):
        raise PermissionDenied("Bạn không có quyền thêm hoặc sửa nhiệm vụ.")
    target = _import_url()
    response = render(request, "assignments/task_import.html", {"import_url": target})
    response["Refresh"] = f"0; url={target}"
    return response
