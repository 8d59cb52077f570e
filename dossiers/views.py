"""Recognition dossiers: thin views (parse, ask units.access, call a selector or a service,
render). A refused write shows every error with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.uploads import private_file_response
from units.access import (
    can_edit_checklist,
    can_edit_dossier,
    can_read_checklist,
    can_return_dossier,
    can_submit_dossier,
    checklist_provinces,
    get_checklist_province_for_user,
    get_commune_for_dossier,
)

from . import selectors, services
from .forms import (
    ChecklistItemForm,
    ItemForm,
    OpenForm,
    ReadinessFilterForm,
    RetireForm,
    ReturnForm,
    SubmitForm,
)
from .models import COMMUNE_TIERS, DEFAULT_LABEL, Dossier, Tier


def _form_errors(form, error: ValidationError) -> None:
    """A service's refusal onto the form: field errors on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _tier_or_404(tier: str) -> str:
    if tier not in COMMUNE_TIERS:
        raise Http404("Hạng không hợp lệ.")
    return tier


# --- a commune's dossiers -------------------------------------------------------------------


@login_required
@require_GET
def commune_dossiers(request, pk):
    commune = get_commune_for_dossier(request.user, pk)
    year = timezone.localdate().year
    return _commune_page(request, commune, OpenForm(initial={"year": year}))


def _commune_page(request, commune, form, status=200):
    return render(
        request,
        "dossiers/commune.html",
        {
            "commune": commune,
            "dossiers": selectors.commune_dossiers(commune),
            "can_edit": can_edit_dossier(request.user, commune),
            "open_form": form,
        },
        status=status,
    )


@login_required
@require_POST
def dossier_open(request, pk):
    commune = get_commune_for_dossier(request.user, pk)
    if not can_edit_dossier(request.user, commune):
        raise PermissionDenied("Chỉ cán bộ của xã được lập hồ sơ đề nghị công nhận.")
    form = OpenForm(request.POST)
    if form.is_valid():
        try:
            dossier, created = services.dossier_open(
                commune=commune,
                tier=form.cleaned_data["tier"],
                year=form.cleaned_data["year"],
                actor=request.user,
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            if created:
                messages.success(request, f"Đã mở {dossier.short}.")
            else:
                messages.info(request, f"{dossier.short.capitalize()} đã có từ trước.")
            return redirect(dossier)
    return _commune_page(request, commune, form)


# --- one dossier ----------------------------------------------------------------------------


@login_required
@require_GET
def dossier_detail(request, pk):
    return _detail_page(request, selectors.get_dossier_for_user(request.user, pk))


def _detail_page(request, dossier, return_form=None):
    commune = dossier.commune
    page = selectors.dossier_page(dossier)
    is_open = dossier.state in (Dossier.State.PREPARING, Dossier.State.RETURNED)
    can_return = can_return_dossier(request.user, commune)
    if return_form is None and can_return:
        return_form = ReturnForm(initial={"version": dossier.version})
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "commune": commune,
            "page": page,
            "can_edit": dossier.is_editable and can_edit_dossier(request.user, commune),
            "can_submit": is_open and can_submit_dossier(request.user, commune),
            "can_return": can_return and dossier.state == Dossier.State.SUBMITTED,
            "return_form": return_form,
            "default_label": DEFAULT_LABEL,
        },
    )


@login_required
@require_POST
def dossier_submit(request, pk):
    dossier = selectors.get_dossier_for_user(request.user, pk)
    if not can_submit_dossier(request.user, dossier.commune):
        raise PermissionDenied("Chỉ lãnh đạo UBND xã được gửi hồ sơ đề nghị công nhận.")
    form = SubmitForm(request.POST)
    if not form.is_valid():
        for error in form.errors["version"]:
            messages.error(request, error)
        return redirect(dossier)
    try:
        services.dossier_submit(
            dossier=dossier, actor=request.user, version=form.cleaned_data["version"]
        )
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"Đã gửi {dossier.short}.")
    return redirect(dossier)


@login_required
@require_POST
def dossier_return(request, pk):
    dossier = selectors.get_dossier_for_user(request.user, pk)
    if not can_return_dossier(request.user, dossier.commune):
        raise PermissionDenied("Chỉ văn phòng NTM cấp trên của xã được trả lại hồ sơ.")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_return(
                dossier=dossier,
                actor=request.user,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"Đã trả lại {dossier.short} để xã bổ sung.")
            return redirect(dossier)
    dossier = selectors.get_dossier_for_user(request.user, pk)  # as it is now
    return _detail_page(request, dossier, return_form=form)


# --- one document ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = selectors.get_item_for_user(request.user, pk)
    dossier = item.dossier
    if not can_edit_dossier(request.user, dossier.commune):
        raise PermissionDenied("Chỉ cán bộ của xã được cập nhật hồ sơ của xã.")
    checklist_item = item.checklist_item
    kwargs = {"required": checklist_item.required, "name": checklist_item.name}
    initial = {"status": item.status, "note": item.note, "version": item.version}
    form = ItemForm(request.POST or None, request.FILES or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            changed = services.item_update(
                item=item,
                actor=request.user,
                # the status as the page showed it, with a file: "đã có" (service's rule)
                status=None if data["status"] == item.status else data["status"],
                note=data["note"],
                version=data["version"],
                upload=upload,
            )
        except ValidationError as e:
            if getattr(e, "code", None) == "stale":
                # the page again with the document as it is now; what was typed is kept
                item = selectors.get_item_for_user(request.user, pk)
                posted = request.POST.copy()
                posted["version"] = str(item.version)
                form = ItemForm(posted, initial=initial, **kwargs)
                form.is_valid()
            _form_errors(form, e)
        else:
            if changed:
                messages.success(request, f"Đã lưu “{checklist_item.name}”.")
            else:
                messages.info(request, "Không có thay đổi nào để lưu.")
            return redirect(dossier)
    return render(
        request,
        "dossiers/item_form.html",
        {
            "form": form,
            "item": item,
            "dossier": dossier,
            "checklist_item": checklist_item,
            "file_lost": request.method == "POST" and bool(request.FILES) and form.errors,
            "default_label": DEFAULT_LABEL,
        },
    )


@login_required
@require_GET
def item_file(request, pk):
    item = selectors.get_item_for_user(request.user, pk)
    if not item.file:
        raise Http404("Hồ sơ này chưa có tệp.")
    return private_file_response(item, missing="Tệp hồ sơ không còn trên máy chủ.")


# --- readiness of the communes --------------------------------------------------------------


@login_required
@require_GET
def readiness(request):
    form = ReadinessFilterForm(request.GET or None)
    tier, year, opened = Tier.XA_NTM.value, None, False
    if form.is_valid():
        tier = form.cleaned_data["tier"] or tier
        year = form.cleaned_data["year"]
        opened = form.cleaned_data["opened"]
    if year is None:
        year = selectors.default_readiness_year(request.user, tier, timezone.localdate().year)
    communes = selectors.readiness_communes(request.user, only_opened=opened, tier=tier, year=year)
    page = Paginator(communes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/readiness.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.readiness_rows(page.object_list, tier=tier, year=year),
            "tier": Tier(tier),
            "year": year,
        },
    )


# --- checklists -----------------------------------------------------------------------------


@login_required
@require_GET
def checklist_index(request):
    provinces = list(checklist_provinces(request.user).order_by("name"))
    own = selectors.provinces_with_lists(provinces)
    return render(
        request,
        "dossiers/checklist_index.html",
        {
            "tiers": COMMUNE_TIERS,
            "provinces": [
                (p, [(t, (p.pk, t.value) in own) for t in COMMUNE_TIERS]) for p in provinces
            ],
            "can_edit_national": can_edit_checklist(request.user, None),
        },
    )


def _list_scope(request, scope):
    """The province of a list (404 if the user may not read it), or None: the national list."""
    if scope is None:
        if not can_read_checklist(request.user, None):
            raise Http404
        return None
    return get_checklist_province_for_user(request.user, scope)


@login_required
@require_GET
def checklist_page(request, tier, scope):
    tier = _tier_or_404(tier)
    province = _list_scope(request, scope)
    return _checklist_page(request, province, tier, ChecklistItemForm(editing=False))


def _checklist_page(request, province, tier, add_form):
    own = province is None or selectors.list_province(province, tier) is not None
    return render(
        request,
        "dossiers/checklist.html",
        {
            "province": province,
            "tier": Tier(tier),
            "scope": province.pk if province else "chung",
            "own": own,
            "items": list(selectors.checklist(province if own else None, tier)),
            "history": selectors.checklist_history(province, tier),
            "can_edit": can_edit_checklist(request.user, province),
            "add_form": add_form,
            "default_label": DEFAULT_LABEL,
        },
    )


def _editable_scope(request, tier, scope):
    tier = _tier_or_404(tier)
    province = _list_scope(request, scope)
    if not can_edit_checklist(request.user, province):
        raise PermissionDenied("Bạn không có quyền sửa danh mục hồ sơ này.")
    return tier, province


@login_required
@require_POST
def checklist_add(request, tier, scope):
    tier, province = _editable_scope(request, tier, scope)
    form = ChecklistItemForm(request.POST, editing=False)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.checklist_add(
                province=province,
                tier=tier,
                actor=request.user,
                name=data["name"],
                basis=data["basis"],
                required=data["required"],
                order=data["order"],
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"Đã thêm “{item.name}” vào danh mục.")
            return redirect("dossiers:checklist", tier, scope or "chung")
    return _checklist_page(request, province, tier, form)


@login_required
@require_POST
def checklist_copy(request, tier, scope):
    tier, province = _editable_scope(request, tier, scope)
    if province is None:
        raise Http404("Chỉ chép danh mục mặc định cho một tỉnh.")
    try:
        count = services.checklist_copy_defaults(province=province, tier=tier, actor=request.user)
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
    else:
        messages.success(
            request,
            f"Đã chép {count} mục của danh mục mặc định thành danh mục riêng của {province}.",
        )
    return redirect("dossiers:checklist", tier, scope)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_item_edit(request, pk):
    item = selectors.get_checklist_item_for_user(request.user, pk)
    if not can_edit_checklist(request.user, item.province):
        raise PermissionDenied("Bạn không có quyền sửa danh mục hồ sơ này.")
    initial = {
        "name": item.name,
        "basis": item.basis,
        "required": item.required,
        "order": item.order,
        "checked": not item.is_default,
        "version": item.version,
    }
    form = ChecklistItemForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.checklist_item_update(
                item=item,
                actor=request.user,
                name=data["name"],
                basis=data["basis"],
                required=data["required"],
                order=data["order"],
                checked=data["checked"],
                version=data["version"],
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            if changed:
                messages.success(request, f"Đã lưu “{item.name}”.")
            else:
                messages.info(request, "Không có thay đổi nào để lưu.")
            return redirect(_list_url(item))
    return _item_page(request, item, form, RetireForm(initial={"version": item.version}))


def _list_url(item):
    return reverse("dossiers:checklist", args=[item.tier, item.province_id or "chung"])


def _item_page(request, item, form, retire_form):
    return render(
        request,
        "dossiers/checklist_item_form.html",
        {
            "item": item,
            "form": form,
            "retire_form": retire_form,
            "list_url": _list_url(item),
            "default_label": DEFAULT_LABEL,
        },
    )


@login_required
@require_POST
def checklist_item_retire(request, pk):
    item = selectors.get_checklist_item_for_user(request.user, pk)
    if not can_edit_checklist(request.user, item.province):
        raise PermissionDenied("Bạn không có quyền sửa danh mục hồ sơ này.")
    form = RetireForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_item_retire(
                item=item,
                actor=request.user,
                on=form.cleaned_data["on"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"Đã ngừng áp dụng “{item.name}”.")
            return redirect(_list_url(item))
    edit_form = ChecklistItemForm(
        initial={
            "name": item.name,
            "basis": item.basis,
            "required": item.required,
            "order": item.order,
            "checked": not item.is_default,
            "version": item.version,
        },
        editing=True,
    )
    return _item_page(request, item, edit_form, form)
