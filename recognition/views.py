"""The recognition register's pages: thin views (parse, ask units.access, call a selector or a
service, render). A refused write shows every error with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.uploads import private_file_response
from units.access import (
    can_record_recognition,
    communes_visible_to,
    get_unit_for_recognition,
    recognition_units,
)
from units.models import Unit

from . import selectors, services
from .forms import CorrectForm, DecisionForm, FileForm, RevokeForm
from .models import Decision, Recognition

RECENT = 50  # decisions listed on the register's first page


def _form_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _upload(request):
    return request.FILES.get("file") or None


# --- one unit's register --------------------------------------------------------------------


@login_required
@require_GET
def unit_register(request, pk):
    unit = get_unit_for_recognition(request.user, pk)
    form = DecisionForm(unit=unit) if can_record_recognition(request.user, unit) else None
    return _unit_page(request, unit, form)


def _unit_page(request, unit, form, status=200):
    held = selectors.in_force_for(unit)
    figures = []
    if unit.kind == Unit.Kind.COMMUNE:
        figures = [
            f for f in selectors.tier_figures(Unit.objects.filter(pk=unit.pk)) if not f.empty
        ]
    revoked = {
        r.revokes_id: r for r in Recognition.objects.filter(unit=unit, revokes__isnull=False)
    }
    return render(
        request,
        "recognition/unit.html",
        {
            "unit": unit,
            "held": held,
            "entries": list(selectors.entries([unit.pk])),
            "revoked": revoked,
            "predecessors": selectors.predecessors_at_merger(unit),
            "successors": list(unit.merged_into.order_by("name")),
            "figures": figures,
            "history": selectors.history(unit)[:100],
            "form": form,
            "can_record": form is not None,
            "today": timezone.localdate(),
            "rule": selectors.REVOCATION_RULE,
            "rule_source": selectors.REVOCATION_SOURCE,
        },
        status=status,
    )


@login_required
@require_POST
def decision_add(request, pk):
    unit = get_unit_for_recognition(request.user, pk)
    if not can_record_recognition(request.user, unit):
        raise PermissionDenied(
            "Chỉ văn phòng điều phối NTM của tỉnh được ghi quyết định công nhận."
        )
    form = DecisionForm(request.POST, request.FILES, unit=unit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.record_decision(
                actor=request.user,
                kind=data["kind"],
                number=data["number"],
                signed_on=data["signed_on"],
                in_force_from=data["in_force_from"],
                body=data["body"],
                signer=data["signer"],
                basis=data["basis"],
                note=data["note"],
                entries=[services.Entry(unit, data["tier"], data["year"], data["framework"])],
                upload=_upload(request),
                source="Trang sổ công nhận",
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"Đã ghi {decision.short} cho {unit}.")
            return redirect("recognition:unit", unit.pk)
    return _unit_page(request, unit, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    entry = get_object_or_404(
        Recognition.objects.select_related("decision", "unit"),
        pk=pk,
        unit__in=recognition_units(request.user),
    )
    unit = entry.unit
    if not can_record_recognition(request.user, unit):
        raise PermissionDenied("Chỉ văn phòng điều phối NTM của tỉnh được ghi quyết định thu hồi.")
    if entry.is_revocation:
        raise Http404("Chỉ thu hồi được một quyết định công nhận.")
    form = RevokeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.revoke(
                    actor=request.user,
                    entry=entry,
                    number=data["number"],
                    signed_on=data["signed_on"],
                    in_force_from=data["in_force_from"],
                    body=data["body"],
                    signer=data["signer"],
                    basis=data["basis"],
                    reason=data["reason"],
                    failing_criteria=data["failing_criteria"],
                    upload=_upload(request),
                    source="Trang sổ công nhận",
                )
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, f"Đã ghi thu hồi {entry.get_tier_display()} của {unit}.")
                return redirect("recognition:unit", unit.pk)
    return render(
        request,
        "recognition/revoke.html",
        {"entry": entry, "unit": unit, "form": form},
        status=status,
    )


# --- a decision's scanned file --------------------------------------------------------------


def _decision_for_user(user, pk) -> Decision:
    """A decision naming at least one unit the user may read (404 otherwise)."""
    decision = (
        Decision.objects.filter(pk=pk, entries__unit__in=recognition_units(user)).distinct().first()
    )
    if decision is None:
        raise Http404("Không tìm thấy quyết định hoặc bạn không có quyền xem.")
    return decision


def _decision_to_change(user, pk) -> tuple[Decision, list[Unit]]:
    """A decision the user reads and may change – they record for every unit it names – and
    those units."""
    decision = _decision_for_user(user, pk)
    units = list(Unit.objects.filter(recognitions__decision=decision).distinct())
    if not all(can_record_recognition(user, u) for u in units):
        raise PermissionDenied(
            "Chỉ văn phòng điều phối NTM của tỉnh có các đơn vị trong quyết định được sửa quyết "
            "định hay đính kèm bản chụp."
        )
    return decision, units


def _back_to_unit(request, units):
    """To the register of the unit the form was opened from (else the decision's first)."""
    back = request.POST.get("unit")
    target = next((u for u in units if str(u.pk) == back), units[0])
    return redirect("recognition:unit", target.pk)


@login_required
@require_GET
def decision_file(request, pk):
    decision = _decision_for_user(request.user, pk)
    if not decision.file:
        raise Http404("Quyết định này chưa có bản chụp.")
    # a scan opens in the browser: one tap for a reader
    return private_file_response(
        decision, missing="Tệp quyết định không còn trên máy chủ.", inline=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_attach(request, pk):
    decision, units = _decision_to_change(request.user, pk)
    form = FileForm(initial={"version": decision.version})
    status = 200
    if request.method == "POST":
        form, status = FileForm(request.POST, request.FILES), 400
        if form.is_valid():
            try:
                services.attach_file(
                    actor=request.user,
                    decision=decision,
                    upload=form.cleaned_data["file"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, f"Đã đính kèm bản chụp {decision.short}.")
                return _back_to_unit(request, units)
    return render(
        request,
        "recognition/attach.html",
        {"decision": decision, "units": units, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_correct(request, pk):
    """Correct what a recorded decision says beyond its number, date and body, on record."""
    decision, units = _decision_to_change(request.user, pk)
    fields = ("in_force_from", "signer", "basis", "note")
    form = CorrectForm(
        initial={n: getattr(decision, n) for n in fields} | {"version": decision.version}
    )
    status = 200
    if request.method == "POST":
        form, status = CorrectForm(request.POST), 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.correct_decision(
                    actor=request.user,
                    decision=decision,
                    version=data["version"],
                    **{n: data[n] for n in fields},
                )
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, f"Đã sửa thông tin {decision.short}.")
                return _back_to_unit(request, units)
    return render(
        request,
        "recognition/correct.html",
        {"decision": decision, "units": units, "form": form},
        status=status,
    )


# --- lists ----------------------------------------------------------------------------------


def _provinces(user):
    return (
        Unit.objects.filter(kind=Unit.Kind.PROVINCE, valid_to__isnull=True)
        .filter(
            Q(pk__in=recognition_units(user).values("province_id"))
            | Q(pk__in=recognition_units(user))
        )
        .order_by("name")
    )


@login_required
@require_GET
def lacking(request):
    """Merged communes without a decision of their own after the merger, per province."""
    provinces = list(_provinces(request.user))
    chosen = next((p for p in provinces if str(p.pk) == request.GET.get("tinh")), None)
    scope = communes_visible_to(request.user)
    if chosen is not None:
        scope = scope.filter(province=chosen)
    rows = selectors.lacking_rerecognition(scope)
    grouped: dict[int, tuple[Unit, list]] = {}
    for row in rows:
        grouped.setdefault(row.unit.province_id, (row.unit.province, []))[1].append(row)
    return render(
        request,
        "recognition/lacking.html",
        {"groups": list(grouped.values()), "provinces": provinces, "chosen": chosen},
    )


def _province_register(user, chosen, provinces) -> Unit | None:
    """The province chosen, or the user's only one, if the user reads its own register."""
    province = chosen or (provinces[0] if len(provinces) == 1 else None)
    if province is None or not recognition_units(user).filter(pk=province.pk).exists():
        return None
    return province


@login_required
@require_GET
def index(request):
    """The register: tier figures of the communes the user reads and the latest decisions, of
    one province if asked."""
    provinces = list(_provinces(request.user))
    chosen = next((p for p in provinces if str(p.pk) == request.GET.get("tinh")), None)
    scope = communes_visible_to(request.user).exclude(valid_to__lte=timezone.localdate())
    units = recognition_units(request.user)
    if chosen is not None:
        scope = scope.filter(province=chosen)
        units = units.filter(Q(province=chosen) | Q(pk=chosen.pk))
    decisions = (
        Decision.objects.filter(entries__unit__in=units)
        .distinct()
        .order_by("-signed_on", "-pk")[:RECENT]
    )
    return render(
        request,
        "recognition/index.html",
        {
            "figures": selectors.tier_figures(scope),
            "decisions": list(
                decisions.prefetch_related(
                    Prefetch(
                        "entries",
                        queryset=Recognition.objects.filter(unit__in=units).select_related("unit"),
                        to_attr="visible_entries",
                    )
                )
            ),
            "rule": selectors.REVOCATION_RULE,
            "rule_source": selectors.REVOCATION_SOURCE,
            "provinces": provinces,
            "chosen": chosen,
            # a province's own decisions (it completed the programme) are on its own page,
            # linked for those who read it
            "province_register": _province_register(request.user, chosen, provinces),
        },
    )
