"""Reads of plans and targets, scoped to the user."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from units.models import Unit, User
from units.selectors import can_write_unit_documents, document_unit_ids, units_visible_to

from .models import Plan, Target


def plans_visible_to(user: User) -> QuerySet[Plan]:
    return Plan.objects.filter(unit__in=units_visible_to(user)).select_related("unit")


def get_plan_for_user(user: User, pk: int, *, for_write: bool = False) -> Plan:
    """A plan of a unit the user may read (else 404); for_write also needs the right to draft
    the unit's documents (else 403)."""
    try:
        plan = plans_visible_to(user).select_related("unit__parent", "unit__province").get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.") from None
    if for_write and not can_write_unit_documents(user, plan.unit):
        raise PermissionDenied("Bạn không có quyền sửa kế hoạch của đơn vị này.")
    return plan


def writable_units(user: User) -> QuerySet[Unit]:
    """Units whose plans the user may draft (their commune, or the unit they supervise)."""
    if user.is_superuser:
        return Unit.objects.exclude(kind=Unit.Kind.VILLAGE).order_by("kind", "name")
    return Unit.objects.filter(pk__in=document_unit_ids(user)).order_by("kind", "name")


def targets_of(unit: Unit, year: int) -> dict[int, Target]:
    targets = Target.objects.filter(unit__parent=unit, year=year) | Target.objects.filter(
        unit__province=unit, year=year
    )
    return {t.unit_id: t for t in targets.prefetch_related("criteria")}
