from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from criteria.models import Criterion
from units.selectors import can_issue_unit_documents, can_write_unit_documents, get_unit_for_user
from units.text import fold

from . import selectors, services
from .drafting import communes_under
from .forms import (
    BasisFormSet,
    PlanCreateForm,
    PlanHeaderForm,
    RecipientFormSet,
    SectionFormSet,
    TargetForm,
    ordered_values,
)
from .models import Plan, Target


def _file_name(plan: Plan, extension: str) -> str:
    stem = fold(f"ke-hoach {plan.unit.name} {plan.period_text}").replace(" ", "-")
    return f"{stem}.{extension}"


@login_required
@require_GET
def plan_list(request):
    plans = selectors.plans_visible_to(request.user).order_by("-year_start", "-created_at")[:200]
    units = selectors.writable_units(request.user)
    year = timezone.localdate().year
    form = PlanCreateForm(units=units, initial={"year_start": year})
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "form": form, "can_create": units.exists()},
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
            )
        except ValidationError as e:
            for field, errors in (
                e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]
            ):
                form.add_error(field if field in form.fields else None, errors)
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
    from .render import plan_document_context

    plan = selectors.get_plan_for_user(request.user, pk)
    context = {
        "plan": plan,
        "events": plan.events.select_related("actor")[:50],
        "can_write": can_write_unit_documents(request.user, plan.unit) and not plan.is_frozen,
        "can_issue": can_issue_unit_documents(request.user, plan.unit) and not plan.is_frozen,
        "can_revise": can_write_unit_documents(request.user, plan.unit) and plan.is_frozen,
        **plan_document_context(plan),
    }
    return render(request, "plans/plan_detail.html", context)


def _edit_forms(plan: Plan, data=None):
    header = PlanHeaderForm(
        data,
        prefix="h",
        initial={
            **{f: getattr(plan, f) for f in services.HEADER_FIELDS},
            "version": plan.version,
        },
    )
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
        messages.error(request, "Kế hoạch đã ban hành không sửa được; hãy tạo bản sửa đổi.")
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
            messages.success(request, "Đã lưu kế hoạch.")
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
@require_POST
def plan_issue(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    if not can_issue_unit_documents(request.user, plan.unit):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị được ban hành kế hoạch.")
    try:
        services.plan_issue(plan=plan, actor=request.user)
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
    else:
        messages.success(request, "Đã ban hành kế hoạch; nội dung được khóa.")
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
    messages.success(request, "Đã tạo bản sửa đổi (dự thảo) từ kế hoạch đã ban hành.")
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

    response = HttpResponse(plan_pdf_bytes(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(plan, "pdf")}"'
    return response


@login_required
@require_GET
def plan_docx(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    from .docx import plan_docx_bytes

    response = HttpResponse(
        plan_docx_bytes(plan),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(plan, "docx")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def targets_edit(request, pk):
    """The supervising office sets each commune's target for a year."""
    unit = get_unit_for_user(request.user, pk)
    can_write = can_write_unit_documents(request.user, unit) and unit.kind != unit.Kind.COMMUNE
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    communes = list(communes_under(unit).select_related("framework").order_by("name"))
    existing = {
        t.unit_id: t
        for t in Target.objects.filter(unit__in=communes, year=year).prefetch_related("criteria")
    }
    criteria_by_framework: dict[int, list[Criterion]] = {}
    for c in Criterion.objects.filter(framework__in={c.framework_id for c in communes}).order_by(
        "number"
    ):
        criteria_by_framework.setdefault(c.framework_id, []).append(c)
    rows = []
    for commune in communes:
        t = existing.get(commune.pk)
        form = TargetForm(
            request.POST if request.method == "POST" else None,
            prefix=f"t{commune.pk}",
            criteria=criteria_by_framework.get(commune.framework_id, []),
            initial={
                "unit_id": commune.pk,
                "level": t.level
                if t
                else (
                    Target.Level.NANG_CAO if commune.level_goal == "nang_cao" else Target.Level.NTM
                ),
                "criteria": [c.pk for c in t.criteria.all()] if t else [],
                "target_count": t.target_count if t else None,
                "deadline_text": t.deadline_text if t else "",
                "note": t.note if t else "",
            },
        )
        rows.append((commune, form, t))
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Chỉ văn phòng NTM của đơn vị được giao chỉ tiêu cho các xã.")
        if all(form.is_valid() for _, form, _ in rows):
            try:
                for commune, form, _ in rows:
                    if form.has_changed() or commune.pk in existing:
                        d = form.cleaned_data
                        services.target_set(
                            unit=commune,
                            year=year,
                            actor=request.user,
                            level=d["level"],
                            criteria=d["criteria"],
                            target_count=d["target_count"],
                            deadline_text=d["deadline_text"],
                            note=d["note"],
                        )
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(request, f"Đã lưu chỉ tiêu năm {year}.")
                return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "plans/targets_form.html",
        {"unit": unit, "year": year, "rows": rows, "can_write": can_write},
    )
