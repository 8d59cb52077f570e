import base64
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.money import format_amount
from units.access import can_edit_criterion, get_commune_for_user

from . import selectors, services
from .forms import (
    FundingFormSet,
    ImportConfirmForm,
    ImportUploadForm,
    PartyFormSet,
    ProgressForm,
    TaskFilterForm,
    TaskForm,
)
from .models import Task
from .resources import COLUMNS, HeaderError, TaskResource, export_xlsx, read_xlsx, template_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SALT = "assignments.task-import"
IMPORT_MAX_AGE = 60 * 60  # seconds between the preview and the confirmation
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
    data = selectors.my_tasks(request.user, selectors.today())
    return render(request, "assignments/my_tasks.html", {"data": data, **_list_context(request)})


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
    writable = list(selectors.units_writable_by(request.user))
    return render(
        request,
        "assignments/task_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "summary": selectors.funding_summary(tasks, source=filters.source),
            "source_filter": filters.source,
            "offices": [u for u in writable if u.kind != "commune"],
            "can_import": bool(writable),
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
            if hasattr(e, "error_dict"):
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, e)
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


def _attach(error: ValidationError, form, extra: dict[str, list]) -> None:
    """Put a service's errors next to the fields they are about."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        if name in extra:
            extra[name].extend(messages_)
        elif name in form.fields:
            form.add_error(name, messages_)
        else:
            form.add_error(None, messages_)


def _task_form(request, *, unit, task=None):
    """Create (task None) or change a task with its parties and funding; one page, no JS."""
    user = request.user
    users = selectors.assignable_users(unit)
    if task is None:
        initial = {
            "plan_year": selectors.today().year,
            "status": Task.Status.NOT_STARTED,
            "progress": 0,
        }
        parties_initial, funding_initial = [], []
    else:
        initial = {
            "title": task.title,
            "description": task.description,
            "criterion": task.criterion.number if task.criterion_id else None,
            "indicator": task.indicator.code if task.indicator_id else "",
            "plan_year": task.plan_year,
            "start_date": task.start_date,
            "deadline_text": task.deadline_text,
            "status": task.status,
            "progress": task.progress,
            "completed_on": task.completed_on,
            "version": task.version,
        }
        parties_initial = [
            {
                "kind": p.kind,
                "role": p.role,
                "name": p.name,
                "position": p.position,
                "unit_name": p.unit_name,
                "user": p.user_id,
            }
            for p in task.parties.all()
        ]
        funding_initial = [
            {
                "source": f.source,
                "planned": format_amount(f.planned),
                "disbursed": format_amount(f.disbursed) if f.disbursed else "",
                "note": f.note,
            }
            for f in task.funding_lines.order_by("order", "pk")
        ]
    data = request.POST if request.method == "POST" else None
    form = TaskForm(data, unit=unit, initial=initial)
    parties = PartyFormSet(data, prefix="parties", users=users, initial=parties_initial)
    funding = FundingFormSet(data, prefix="funding", initial=funding_initial)
    extra = {"parties": [], "funding": []}
    if request.method == "POST" and all([form.is_valid(), parties.is_valid(), funding.is_valid()]):
        d = form.cleaned_data
        target = d["criterion"] or (d["indicator"].criterion if d["indicator"] else None)
        fields = {
            "criterion": d["criterion"],
            "indicator": d["indicator"],
            "title": d["title"],
            "description": d["description"],
            "plan_year": d["plan_year"],
            "start_date": d["start_date"],
            "deadline_text": d["deadline_text"],
            "status": d["status"],
            "progress": d["progress"],
            "completed_on": d["completed_on"],
            "parties": parties.to_data(),
            "funding": funding.to_data(),
        }
        if target and unit.kind == "commune" and not can_edit_criterion(user, unit, target.pk):
            form.add_error("criterion", f"Bạn không được giao tiêu chí số {target.number}.")
        else:
            try:
                if task is None:
                    task = services.task_create(actor=user, unit=unit, **fields)
                    messages.success(request, f"Đã thêm nhiệm vụ “{task.title}”.")
                else:
                    version = d["version"] if d["version"] is not None else -1
                    if services.task_update(task=task, actor=user, version=version, **fields):
                        messages.success(request, f"Đã lưu nhiệm vụ “{task.title}”.")
                    else:
                        messages.info(request, "Không có thay đổi nào để lưu.")
            except ValidationError as e:
                _attach(e, form, extra)
            else:
                return redirect(task)
    return render(
        request,
        "assignments/task_form.html",
        {
            "unit": unit,
            "task": task,
            "form": form,
            "parties": parties,
            "funding": funding,
            "party_errors": extra["parties"],
            "funding_errors": extra["funding"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, pk):
    unit = selectors.get_unit_for_tasks(request.user, pk)
    if not selectors.can_write_unit(request.user, unit):
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


def _run_import(user, content: bytes, *, dry_run: bool):
    """Import the file's rows (all or nothing); return (result, list of error lines)."""
    dataset = read_xlsx(content)
    result = TaskResource(user=user).import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    errors = []
    for error in result.base_errors:
        if isinstance(error.error, HeaderError):
            errors.append({"row": "", "column": "", "message": str(error.error)})
        else:
            errors.append({"row": "", "column": "", "message": "Lỗi khi đọc tệp."})
    if result.base_errors:
        return result, errors
    for row in result.invalid_rows:
        for column, messages_ in row.error_dict.items():
            for message in messages_:
                errors.append(
                    {
                        "row": row.number + 1,  # the header is the sheet's first row
                        "column": "" if column == "__all__" else column,
                        "message": message,
                    }
                )
    for number, row_errors in result.row_errors():
        for _ in row_errors:
            errors.append(
                {
                    "row": number + 1,
                    "column": "",
                    "message": "Không ghi được dòng này (lỗi hệ thống); không dòng nào được nhập.",
                }
            )
    errors.sort(
        key=lambda e: (e["row"] or 0, COLUMNS.index(e["column"]) if e["column"] in COLUMNS else 99)
    )
    return result, errors


def _preview_rows(result) -> list[dict]:
    labels = {
        "new": "Thêm mới",
        "update": "Sửa",
        "skip": "Không đổi",
        "invalid": "Có lỗi",
        "error": "Có lỗi",
        "delete": "Xóa",
    }
    rows = []
    for number, row in enumerate(result.rows, start=2):
        values = row.row_values or {}
        if row.import_type == "skip" and not any(values.values()):
            continue  # an empty line of the sheet
        rows.append(
            {
                "row": number,
                "action": labels.get(row.import_type, row.import_type),
                "type": row.import_type,
                "unit": values.get("Mã đơn vị") or "",
                "title": values.get("Tên nhiệm vụ") or "",
                "deadline": values.get("Thời hạn") or "",
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def task_import(request):
    user = request.user
    if not selectors.units_writable_by(user).exists():
        raise PermissionDenied("Bạn không có quyền thêm hoặc sửa nhiệm vụ.")
    upload = ImportUploadForm()
    units = selectors.units_writable_by(user).order_by("kind", "name")
    context = {"upload": upload, "units": units[:60], "unit_count": units.count()}
    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        content = None
        if confirm.is_valid():
            try:
                payload = signing.loads(
                    confirm.cleaned_data["token"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
                )
                if payload.get("u") == user.pk:
                    content = base64.b64decode(payload["f"])
            except (signing.BadSignature, KeyError, ValueError):
                content = None
        if content is None:
            messages.error(
                request, "Phiên nhập tệp đã hết hạn hoặc không hợp lệ: hãy tải tệp lên lại."
            )
            return redirect("assignments:task-import")
        result, errors = _run_import(user, content, dry_run=True)
        if not errors:
            result, errors = _run_import(user, content, dry_run=False)
        if not errors:
            totals = result.totals
            messages.success(
                request,
                f"Đã nhập tệp: thêm {totals['new']} nhiệm vụ, sửa {totals['update']}, "
                f"{totals['skip']} dòng không đổi.",
            )
            return redirect("assignments:task-list")
        context.update({"errors": errors, "rows": _preview_rows(result)})
    elif request.method == "POST":
        upload = ImportUploadForm(request.POST, request.FILES)
        context["upload"] = upload
        if upload.is_valid():
            content = upload.cleaned_data["file"]
            try:
                result, errors = _run_import(user, content, dry_run=True)
            except ValidationError as e:
                upload.add_error("file", e)
            else:
                context.update(
                    {
                        "errors": errors,
                        "rows": _preview_rows(result),
                        "totals": result.totals,
                        "file_name": request.FILES["file"].name,
                    }
                )
                if not errors:
                    token = signing.dumps(
                        {"u": user.pk, "f": base64.b64encode(content).decode("ascii")},
                        salt=IMPORT_SALT,
                        compress=True,
                    )
                    context["confirm"] = ImportConfirmForm(initial={"token": token})
    return render(request, "assignments/task_import.html", context)
