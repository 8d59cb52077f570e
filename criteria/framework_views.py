"""The "Bộ tiêu chí" pages: criteria sets authored in the app (not the admin).

Thin views: fetch through the selectors (another province's set is a 404, a set one may read
but not change a 403), bind a form, call a criteria.authoring service, then redirect with a
message or re-render the form with the service's errors on their fields. Nothing here writes
except through the services. The reads that shape a page are in criteria.framework_selectors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from units.access import (
    authoring_province_ids,
    can_author_framework,
    can_author_national,
    can_create_framework,
    communes_visible_to,
)
from units.models import Unit

from . import authoring, framework_selectors, selectors, workbook
from .framework_forms import (
    CategoryForm,
    CriterionForm,
    FrameworkCreateForm,
    FrameworkEditForm,
    GroupForm,
    IndicatorForm,
    PrefillForm,
    PreviewForm,
    RetireForm,
)
from .models import (
    Framework,
)

# --- helpers ------------------------------------------------------------------------------------


def _attach(error: ValidationError, form) -> None:
    """Put a service's errors next to the fields they are about (else at the top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.message_dict.items():
        form.add_error(name if name in form.fields else None, found)


def _changed_text(form, names: list[str]) -> str:
    labels = []
    for name in names:
        if name in form.fields:
            labels.append(str(form.fields[name].label).lower())
        elif name in framework_selectors.FIELD_LABELS:
            labels.append(framework_selectors.FIELD_LABELS[name])
        else:  # a threshold column (thresholds_set returns "chung" or a category key)
            labels.append(f"ngưỡng {name}")
    return ", ".join(labels)


def _saved(request, form, changed: list[str], what: str) -> None:
    if changed:
        messages.success(request, f"Đã lưu {what}: {_changed_text(form, changed)}.")
    else:
        messages.info(request, "Không có thay đổi nào để lưu.")


def _anchor(framework: Framework, fragment: str) -> str:
    return f"{framework.get_absolute_url()}#{fragment}"


# --- the list and a set's page ------------------------------------------------------------------


@login_required
@require_GET
def framework_list(request):
    return render(
        request,
        "criteria/framework_list.html",
        {
            "sections": framework_selectors.frameworks_listed(request.user),
            "can_create": can_create_framework(request.user),
            "illustrative_label": Framework.ILLUSTRATIVE_LABEL,
        },
    )


@login_required
@require_GET
def framework_detail(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk)
    may_author = can_author_framework(request.user, framework)
    problems = authoring.publish_problems(framework) if framework.is_draft and may_author else []
    return render(
        request,
        "criteria/framework_detail.html",
        {
            "framework": framework,
            "page": framework_selectors.framework_page(framework),
            "may_author": may_author,
            "problems": problems,
        },
    )


@login_required
@require_GET
def framework_export(request, pk, output):
    """The set as the Excel workbook it can be imported from, or as the catalogue YAML that
    `load_criteria` reads (to share a set with another installation)."""
    framework = selectors.get_framework_for_user(request.user, pk)
    if output == "xlsx":
        content = workbook.framework_export_xlsx(framework)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = workbook.framework_export_yaml(framework).encode("utf-8")
        content_type = "application/x-yaml; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"bo-tieu-chi-{framework.key}.{output}"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def framework_create(request):
    user = request.user
    if not can_create_framework(user):
        raise PermissionDenied("Bạn không có quyền soạn bộ tiêu chí.")
    national = can_author_national(user)
    provinces = Unit.objects.filter(kind=Unit.Kind.PROVINCE)
    if national:
        provinces = provinces.filter(valid_to__isnull=True)
    else:
        provinces = provinces.filter(pk__in=authoring_province_ids(user))
    form = FrameworkCreateForm(
        request.POST or None, national=national, provinces=provinces.order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            framework = authoring.framework_create(
                actor=user,
                key=form.cleaned_data["key"],
                province=form.cleaned_data["province"],
                **form.framework_fields(),
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(
                request,
                f"Đã tạo dự thảo “{framework}”. Thêm tiêu chí, chỉ tiêu rồi ban hành.",
            )
            return redirect(framework)
    return render(request, "criteria/framework_form.html", {"form": form, "framework": None})


@login_required
@require_http_methods(["GET", "POST"])
def framework_edit(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = FrameworkEditForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            changed = authoring.framework_update(
                framework=framework,
                actor=request.user,
                legal_basis=form.cleaned_data["legal_basis"],
                seen=form.cleaned_data["seen"],
                **form.framework_fields(),
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            _saved(request, form, changed, "bộ tiêu chí")
            return redirect(framework)
    return render(request, "criteria/framework_form.html", {"form": form, "framework": framework})


@login_required
@require_POST
def framework_publish(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    try:
        authoring.framework_publish(framework=framework, actor=request.user)
    except ValidationError as error:
        messages.error(request, "Chưa ban hành được:")
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Đã ban hành “{framework}”: từ nay các xã đánh giá được.")
    return redirect(framework)


@login_required
@require_POST
def framework_delete(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    name = str(framework)
    try:
        authoring.framework_delete_draft(framework=framework, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(framework)
    messages.success(request, f"Đã xóa dự thảo “{name}”.")
    return redirect("criteria:framework-list")


# --- categories, groups, criteria ---------------------------------------------------------------


def _simple_form(request, framework, form, *, title: str, template_vars=None):
    return render(
        request,
        "criteria/framework_part_form.html",
        {"form": form, "framework": framework, "title": title, **(template_vars or {})},
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = CategoryForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = authoring.category_add(
                framework=framework,
                actor=request.user,
                key=data["key"],
                name=data["name"],
                description=data["description"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm vùng/nhóm “{category.name}”.")
            return redirect(_anchor(framework, "vung-nhom"))
    return _simple_form(
        request,
        framework,
        form,
        title="Thêm vùng/nhóm xã",
        template_vars={"no_categories": not framework.category_kind},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = GroupForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = authoring.group_add(
                framework=framework,
                actor=request.user,
                code=data["code"].strip(),
                name=data["name"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm nhóm tiêu chí {group}.")
            return redirect(framework)
    return _simple_form(request, framework, form, title="Thêm nhóm tiêu chí")


@login_required
@require_http_methods(["GET", "POST"])
def criterion_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = CriterionForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            criterion = authoring.criterion_add(
                framework=framework,
                actor=request.user,
                number=data["number"],
                name=data["name"],
                group=data["group"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm {criterion}. Tiếp theo: thêm chỉ tiêu của nó.")
            return redirect(_anchor(framework, f"tieu-chi-{criterion.number}"))
    return _simple_form(request, framework, form, title="Thêm tiêu chí")


def _criterion_page(request, criterion, form, retire_form):
    return render(
        request,
        "criteria/framework_criterion_form.html",
        {
            "form": form,
            "retire_form": retire_form,
            "criterion": criterion,
            "framework": criterion.framework,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = framework_selectors.get_criterion_for_user(request.user, pk)
    framework = criterion.framework
    form = CriterionForm(request.POST or None, framework=framework, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = authoring.criterion_update(
                criterion=criterion,
                actor=request.user,
                legal_basis=data["legal_basis"],
                seen=data["seen"],
                name=data["name"],
                group=data["group"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            _saved(request, form, changed, f"tiêu chí {criterion.number}")
            return redirect(_anchor(framework, f"tieu-chi-{criterion.number}"))
    return _criterion_page(request, criterion, form, RetireForm(framework=framework))


def _retire(request, framework, retire, *, what: str):
    """Retire a criterion or an indicator (delete it from a draft) from the form on its page.
    Returns (done, the bound form with any errors)."""
    form = RetireForm(request.POST, framework=framework)
    if form.is_valid():
        on = form.cleaned_data.get("on") or timezone.localdate()
        try:
            retire(actor=request.user, on=on, legal_basis=form.cleaned_data["legal_basis"])
        except ValidationError as error:
            _attach(error, form)
        else:
            if framework.is_draft:
                messages.success(request, f"Đã xóa {what} khỏi dự thảo.")
            else:
                messages.success(
                    request, f"{what[:1].upper()}{what[1:]} ngừng áp dụng từ {on:%d/%m/%Y}."
                )
            return True, form
    return False, form


@login_required
@require_POST
def criterion_retire(request, pk):
    criterion = framework_selectors.get_criterion_for_user(request.user, pk)
    framework = criterion.framework
    done, form = _retire(
        request,
        framework,
        lambda **kw: authoring.criterion_retire(criterion=criterion, **kw),
        what=f"tiêu chí {criterion.number}",
    )
    if done:
        return redirect(framework)
    edit_form = CriterionForm(framework=framework, criterion=criterion)
    return _criterion_page(request, criterion, edit_form, form)


# --- indicators with their thresholds ------------------------------------------------------------


def _indicator_page(request, framework, form, *, indicator=None, retire_form=None):
    return render(
        request,
        "criteria/framework_indicator_form.html",
        {
            "form": form,
            "framework": framework,
            "indicator": indicator,
            "retire_form": retire_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    categories = list(framework.categories.order_by("order"))
    prefill = PrefillForm(request.GET, framework=framework)
    initial = {}
    if prefill.is_valid() and prefill.cleaned_data["tieu_chi"]:
        initial["criterion"] = prefill.cleaned_data["tieu_chi"].pk
    form = IndicatorForm(
        request.POST or None, framework=framework, categories=categories, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator = authoring.indicator_add(
                framework=framework,
                actor=request.user,
                criterion=data["criterion"],
                code=data["code"].strip(),
                name=data["name"],
                kind=data["kind"],
                unit=data["unit"].strip(),
                comparator=data["comparator"],
                bars=form.bars(),
                guidance=data["guidance"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm chỉ tiêu {indicator.code}.")
            return redirect(_anchor(framework, f"tieu-chi-{indicator.criterion.number}"))
    return _indicator_page(request, framework, form)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    indicator = framework_selectors.get_indicator_for_user(request.user, pk)
    framework = indicator.framework
    categories = list(framework.categories.order_by("order"))
    form = IndicatorForm(
        request.POST or None, framework=framework, categories=categories, indicator=indicator
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = authoring.indicator_correct(
                indicator=indicator,
                actor=request.user,
                bars=form.bars(),
                legal_basis=form.cleaned_data["legal_basis"],
                seen=form.cleaned_data["seen"],
                **form.indicator_fields(),
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            _saved(request, form, changed, f"chỉ tiêu {indicator.code}")
            return redirect(_anchor(framework, f"tieu-chi-{indicator.criterion.number}"))
    return _indicator_page(
        request, framework, form, indicator=indicator, retire_form=RetireForm(framework=framework)
    )


@login_required
@require_POST
def indicator_retire(request, pk):
    indicator = framework_selectors.get_indicator_for_user(request.user, pk)
    framework = indicator.framework
    done, form = _retire(
        request,
        framework,
        lambda **kw: authoring.indicator_retire(indicator=indicator, **kw),
        what=f"chỉ tiêu {indicator.code}",
    )
    if done:
        return redirect(_anchor(framework, f"tieu-chi-{indicator.criterion.number}"))
    categories = list(framework.categories.order_by("order"))
    edit_form = IndicatorForm(framework=framework, categories=categories, indicator=indicator)
    return _indicator_page(request, framework, edit_form, indicator=indicator, retire_form=form)


# --- "xem thử" ----------------------------------------------------------------------------------


@login_required
@require_GET
def framework_preview(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk)
    applies = framework.unit_kind == Framework.UnitKind.COMMUNE
    communes = communes_visible_to(request.user).select_related("parent", "province")
    if framework.province_id is not None:
        communes = communes.filter(province_id=framework.province_id)
    communes = communes.order_by("province__name", "parent__name", "name")
    this_year = timezone.localdate().year
    default_year = min(max(this_year, framework.period_start), framework.period_end)
    form = PreviewForm(
        request.GET or None,
        framework=framework,
        communes=communes,
        initial={"nam": default_year},
    )
    preview = None
    if applies and form.is_valid():
        preview = framework_selectors.framework_preview_for(
            framework, form.cleaned_data["xa"], form.cleaned_data["nam"]
        )
    return render(
        request,
        "criteria/framework_preview.html",
        {
            "framework": framework,
            "form": form,
            "applies": applies,
            "preview": preview,
        },
    )
