import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_refusal
from common.text import fold
from units.access import (
    can_edit_plan,
    can_issue_plan,
    can_issue_unit_documents,
    can_revise_plan,
    can_set_targets,
    get_unit_for_user,
)

from . import numbering, refresh, selectors, services
from .forms import (
    BasisFormSet,
    PlanCreateForm,
    PlanFilterForm,
    PlanHeaderForm,
    RecipientFormSet,
    SectionFormSet,
    TargetYearForm,
    ordered_values,
    target_forms,
)
from .models import Plan, refreshable
from .render import DocumentTooLong, too_long_message

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_NOT_IN_FILE_NAMES = re.compile(r'["*/:<>?\\|]+')


def _download(content: bytes, content_type: str, plan: Plan, extension: str) -> HttpResponse:
    """The file as an attachment named after the plan (RFC 6266): "Kế hoạch Cẩm Tân
    2023-2025.pdf" (or "Báo cáo …", "Tờ trình …") in filename*, an ASCII fallback in filename.
    The unit's name is data: a quote, a semicolon or a newline in it never breaks the header."""
    name = _NOT_IN_FILE_NAMES.sub("", _CONTROL.sub(" ", plan.unit.name))
    real = " ".join(f"{plan.type_label} {name} {plan.period_text}".split())
    fallback = slugify(fold(real)) or slugify(fold(plan.type_label))
    header = content_disposition_header(as_attachment=True, filename=f"{fallback}.{extension}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"{header}; filename*=utf-8''{quote(f'{real}.{extension}')}"
    return response


def _too_long(request, plan: Plan, error: DocumentTooLong):
    """The page in place of a PDF or DOCX that would take too long to lay out."""
    return render(
        request,
        "plans/plan_too_long.html",
        {"plan": plan, "message": too_long_message(error.weight)},
        status=422,
    )


@login_required
@require_GET
def plan_list(request):
    filters = PlanFilterForm(request.GET)
    chosen = filters.filters()
    found = selectors.plans_found(request.user, **chosen)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    units = selectors.writable_units(request.user)
    # a link may prefill the form (a dossier's "Lập tờ trình"): unit, kind, year and tier
    initial = {"year_start": timezone.localdate().year}
    for param, name in (
        ("don_vi", "unit"),
        ("loai", "kind"),
        ("nam", "year_start"),
        ("hang", "tier"),
    ):
        if value := request.GET.get(param, "")[:40]:
            initial[name] = value
    form = PlanCreateForm(units=units, initial=initial)
    # the units whose carried texts the user keeps, from their roles (not every unit an
    # administrator may draft for); the offices among them set their communes' targets
    own_units = units.filter(roles__user=request.user).distinct()
    this_year = timezone.localdate().year
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "plans": page.object_list,
            "filters": filters,
            "narrowed": any(chosen.values()),
            "form": form,
            "can_create": units.exists(),
            "own_units": own_units,
            "target_units": [u for u in own_units if can_set_targets(request.user, u)],
            "target_years": [this_year, this_year + 1],  # next year's are set in the autumn
        },
    )


@login_required
@require_POST
def plan_create(request):
    units = selectors.writable_units(request.user)
    form = PlanCreateForm(request.POST, units=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan, warnings = services.plan_draft(
                unit=data["unit"],
                kind=data["kind"],
                year_start=data["year_start"],
                year_end=data["year_end"],
                actor=request.user,
                tier=data.get("tier") or "",
                issuer=data.get("issuer") or "",
            )
        except ValidationError as e:
            add_refusal(form, e)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(
                request,
                "Đã lập dự thảo từ số liệu hiện có. Kiểm tra và chỉnh sửa nội dung trước khi trình ký.",
            )
            return redirect(plan)
    plans = selectors.plans_visible_to(request.user).order_by("-year_start", "-created_at")[:200]
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "form": form, "can_create": units.exists()},
        status=200,
    )


@login_required
@require_GET
def plan_detail(request, pk):
    from .render import plan_document_context, print_refusal

    plan = selectors.get_plan_for_user(request.user, pk)
    document = plan_document_context(plan)
    context = {
        "plan": plan,
        "print_refusal": print_refusal(document["doc"]),
        "events": plan.events.select_related("actor")[:50],
        "can_write": can_edit_plan(request.user, plan),
        "can_issue": can_issue_plan(request.user, plan),
        "can_revise": can_revise_plan(request.user, plan),
        "can_refresh": can_edit_plan(request.user, plan) and refreshable(plan),
        "data_changed": refreshable(plan) and refresh.data_changed_since(plan),
        # a draft's number: its series (the year, or the term of the cấp ủy) and the next one
        "series": None if plan.is_frozen else numbering.series_of(plan),
        **document,
    }
    return render(request, "plans/plan_detail.html", context)


def _edit_forms(plan: Plan, data=None):
    number_help = f"Để trống cho đến khi văn thư cấp số. {numbering.series_of(plan).text}"
    header = PlanHeaderForm(
        data,
        has_addressee=plan.has_addressee,
        signers=selectors.signers_for(plan),
        prefix="h",
        initial={
            **{f: getattr(plan, f) for f in services.HEADER_FIELDS},
            "version": plan.version,
        },
    )
    header.fields["number"].help_text = number_help  # the series the number is taken from
    sections = SectionFormSet(
        data,
        prefix="s",
        initial=[
            {"level": s.level, "heading": s.heading, "body": s.body, "ORDER": i}
            for i, s in enumerate(plan.sections.all(), start=1)
        ],
    )
    bases = BasisFormSet(
        data,
        prefix="b",
        initial=[{"text": b.text, "ORDER": i} for i, b in enumerate(plan.bases.all(), start=1)],
    )
    recipients = RecipientFormSet(
        data,
        prefix="r",
        initial=[
            {"text": r.text, "ORDER": i} for i, r in enumerate(plan.recipients.all(), start=1)
        ],
    )
    return header, sections, bases, recipients


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk, for_write=True)
    if plan.is_frozen:
        messages.error(
            request, f"{plan.type_label} đã ban hành không sửa được; hãy tạo bản sửa đổi."
        )
        return redirect(plan)
    header, sections, bases, recipients = _edit_forms(plan, request.POST or None)
    if request.method == "POST" and all(
        f.is_valid() for f in (header, sections, bases, recipients)
    ):
        data = dict(header.cleaned_data)
        version = data.pop("version")
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                version=version,
                header=data,
                sections=ordered_values(sections, lambda d: d.get("heading") or d.get("body")),
                bases=[d["text"] for d in ordered_values(bases, lambda d: d.get("text"))],
                recipients=[d["text"] for d in ordered_values(recipients, lambda d: d.get("text"))],
            )
        except ValidationError as e:
            header.add_error(None, e)
        else:
            messages.success(request, f"Đã lưu {plan.type_label.lower()}.")
            if "preview" in request.POST:
                return redirect("plans:plan-print", pk=plan.pk)
            return redirect(plan)
    return render(
        request,
        "plans/plan_form.html",
        {
            "plan": plan,
            "header": header,
            "sections": sections,
            "bases": bases,
            "recipients": recipients,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_refresh(request, pk):
    """ "Cập nhật số liệu": GET shows, section by section, what the data now writes differently
    (the official's own changes kept unless they tick them); POST applies the ticked ones."""
    plan = selectors.get_plan_for_user(request.user, pk, for_write=True)
    if plan.is_frozen or not refreshable(plan):
        messages.error(request, f"{plan.type_label} này không cập nhật số liệu được.")
        return redirect(plan)
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            done = refresh.apply(
                plan=plan,
                actor=request.user,
                version=version,
                keys=request.POST.getlist("section")[:200],
            )
        except ValidationError as e:
            for error in e.messages:
                messages.error(request, error)
            return redirect("plans:plan-refresh", plan.pk)
        messages.success(request, f"Đã cập nhật số liệu cho {len(done)} mục.")
        return redirect(plan)
    return render(
        request,
        "plans/plan_refresh.html",
        {"plan": plan, "refresh": refresh.compare(plan)},
    )


@login_required
@require_POST
def plan_issue(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    if not can_issue_unit_documents(request.user, plan.unit):
        raise PermissionDenied(f"Chỉ lãnh đạo đơn vị được ban hành {plan.type_label.lower()}.")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1  # a page without the version it showed: as stale as any
    try:
        services.plan_issue(plan=plan, actor=request.user, version=version)
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"Đã ban hành {plan.type_label.lower()}; nội dung được khóa.")
    return redirect(plan)


@login_required
@require_POST
def plan_revise(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk, for_write=True)
    try:
        new = services.plan_revise(plan=plan, actor=request.user)
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
        return redirect(plan)
    messages.success(
        request, f"Đã tạo bản sửa đổi (dự thảo) từ {plan.type_label.lower()} đã ban hành."
    )
    return redirect(new)


@login_required
@require_GET
def plan_print(request, pk):
    from .render import plan_document_context

    plan = selectors.get_plan_for_user(request.user, pk)
    return render(request, "plans/plan_print.html", {"plan": plan, **plan_document_context(plan)})


@login_required
@require_GET
def plan_pdf(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    from .pdf import plan_pdf_bytes  # WeasyPrint loads only when a PDF is asked for

    try:
        return _download(plan_pdf_bytes(plan), "application/pdf", plan, "pdf")
    except DocumentTooLong as e:
        return _too_long(request, plan, e)


@login_required
@require_GET
def plan_docx(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    from .docx import plan_docx_bytes

    try:
        return _download(plan_docx_bytes(plan), DOCX_TYPE, plan, "docx")
    except DocumentTooLong as e:
        return _too_long(request, plan, e)


@login_required
@require_http_methods(["GET", "POST"])
def targets_edit(request, pk):
    """The supervising office sets each commune's target for a year; others read the rows of
    the communes they may see."""
    unit = get_unit_for_user(request.user, pk)
    year = TargetYearForm(request.GET).year_or_current()
    page = selectors.targets_page(request.user, unit, year)
    if request.method == "POST" and not page.can_write:
        raise PermissionDenied("Chỉ văn phòng NTM của đơn vị được giao chỉ tiêu cho các xã.")
    forms = target_forms(page.rows, request.POST if request.method == "POST" else None)
    if not page.can_write:  # a page to read: boxes that cannot be saved are not offered
        for form in forms:
            for field in form.fields.values():
                field.disabled = True
    if request.method == "POST" and all(form.is_valid() for form in forms):
        rows = [form.to_row() for form in forms if form.has_changed()]
        try:
            services.targets_save(unit=unit, year=year, rows=rows, actor=request.user)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Đã lưu chỉ tiêu năm {year}.")
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "plans/targets_form.html",
        {"page": page, "rows": list(zip(page.rows, forms, strict=True))},
    )
