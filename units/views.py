"""The units' pages: the reorganisations – the list and each one's record (every signed-in
user: they are public acts), and the page that applies one (administrators:
units.access.can_reorganise), which previews what it does before anything is written – and a
unit's dated figures. Thin views: parse, ask units.access, call units.reorganisation or
units.facts, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import facts, reorganisation
from .access import can_record_unit_facts, can_reorganise, get_unit_for_user
from .forms import ReorganisationForm, UnitFactForm
from .models import Reorganisation, RoleChange, UnitFactChange, UnitPlacement

FIELD_OF = {
    "basis": "basis",
    "effective": "effective",
    "action": "action",
    "predecessor": "predecessors",
    "successor": "successor_code",
    "name": "successor_name",
    "prefix": "successor_prefix",
    "parent": "parent_code",
    "note": "note",
}


@login_required
@require_GET
def reorganisation_list(request):
    return render(
        request,
        "units/reorganisation_list.html",
        {
            "reorganisations": Reorganisation.objects.select_related("recorded_by")[:200],
            "can_reorganise": can_reorganise(request.user),
        },
    )


@login_required
@require_GET
def reorganisation_detail(request, pk):
    reorg = get_object_or_404(Reorganisation.objects.select_related("recorded_by"), pk=pk)
    steps = reorg.steps.select_related("predecessor", "successor")
    # a renamed unit continues: its roles go on, and its closed placement (its old name) is
    # no move unless its parent or province ended here too
    ended_ids = [s.predecessor_id for s in steps if s.action != s.Action.RENAME]
    moved = UnitPlacement.objects.filter(
        Q(parent__in=ended_ids) | Q(province__in=ended_ids), ended_by=reorg
    ).select_related("unit", "parent")
    admin = can_reorganise(request.user)
    ended = RoleChange.objects.filter(
        action=RoleChange.Action.ENDED, unit__in=ended_ids
    ).select_related("user", "unit")
    return render(
        request,
        "units/reorganisation_detail.html",
        {
            "reorg": reorg,
            "steps": steps,
            "moved": moved.order_by("parent__name", "unit__name")[:500],
            "moved_count": moved.count(),
            "ended_count": ended.count(),
            "ended": ended.order_by("unit__name", "user__username") if admin else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reorganisation_add(request):
    if not can_reorganise(request.user):
        raise Http404("Không tìm thấy trang này.")
    form = ReorganisationForm(request.POST or None)
    preview, fingerprint = None, ""
    if request.method == "POST" and form.is_valid():
        plan = form.plan()
        problems = reorganisation.problems(plan)
        for p in problems:
            form.add_error(FIELD_OF.get(p.column) if p.column in FIELD_OF else None, p.message)
        apply = bool(request.POST.get("apply")) and not problems
        if apply and request.POST.get("previewed") != reorganisation.fingerprint(plan):
            # changed since its preview (or never previewed): preview it again, apply nothing
            messages.warning(request, "Nội dung đã thay đổi từ lúc xem trước: xem lại rồi áp dụng.")
            apply = False
        if apply:
            try:
                reorg = reorganisation.apply(plan, actor=request.user, source="Trang sắp xếp")
            except ValidationError as e:
                for message in e.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"Đã áp dụng: {reorg}.")
                return redirect("units:reorganisation", pk=reorg.pk)
        elif not problems:
            preview = reorganisation.describe(plan)
            fingerprint = reorganisation.fingerprint(plan)
    status = 400 if form.errors else 200
    return render(
        request,
        "units/reorganisation_form.html",
        {"form": form, "preview": preview, "fingerprint": fingerprint},
        status=status,
    )


# --- a unit's dated figures ------------------------------------------------------------------

FACT_FIELDS = {"kind", "value", "as_of", "basis"}


@login_required
@require_http_methods(["GET", "POST"])
def unit_facts(request, pk):
    """A unit's figures and the form that records one (the province's NTM office, and
    administrators: units.access.can_record_unit_facts); whoever reads the unit sees them."""
    unit = get_unit_for_user(request.user, pk)
    can_record = can_record_unit_facts(request.user, unit)
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Chỉ văn phòng điều phối NTM tỉnh ghi số liệu của đơn vị.")
    form = UnitFactForm(request.POST or None) if can_record else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            fact = facts.record_fact(
                actor=request.user,
                unit=unit,
                kind=d["kind"],
                value=d["value"],
                as_of=d["as_of"],
                basis=d["basis"],
            )
        except ValidationError as e:
            for name, messages_ in e.message_dict.items():
                for message in messages_:
                    form.add_error(name if name in FACT_FIELDS else None, message)
        else:
            messages.success(
                request,
                f"Đã ghi {fact.get_kind_display().lower()}: "
                f"{facts.fact_text(fact.kind, fact.value)} (tính đến {fact.as_of:%d/%m/%Y}).",
            )
            return redirect("units:unit-facts", pk=unit.pk)
    changes = UnitFactChange.objects.filter(unit=unit).select_related("actor")[:50]
    return render(
        request,
        "units/unit_facts.html",
        {"unit": unit, "form": form, "changes": changes},
        status=400 if form is not None and form.errors else 200,
    )
