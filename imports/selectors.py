"""Reads of the import pages: the user's runs, and the rows of "download current data" (scoped
by units.access: a recognition register by recognition_units)."""

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.http import Http404

from criteria.models import IndicatorStatus
from plans.models import Target
from recognition.models import Recognition
from units.access import (
    communes_visible_to,
    data_export_units,
    recognition_units,
    units_visible_to,
)
from units.models import Unit, User
from units.selectors import below

from .models import ImportRun


def get_import_run_for_user(user: User, pk: int) -> ImportRun:
    """A run is seen by the person who uploaded it only (administrators: in the admin)."""
    try:
        return ImportRun.objects.defer("content").get(pk=pk, user=user)
    except ImportRun.DoesNotExist:
        raise Http404("Không tìm thấy lần nhập này.") from None


def import_runs_of(user: User, limit: int = 10) -> list[ImportRun]:
    return list(
        ImportRun.objects.filter(user=user).defer("content").order_by("-created_at")[:limit]
    )


def export_units_for(user: User) -> list[Unit]:
    """Units offered by the "download current data" form (units.access.data_export_units)."""
    return list(data_export_units(user).order_by("kind", "name"))


def export_rows(user: User, kind: str, unit: Unit, year: int | None):
    """The rows of one kind under a unit the user may read, in the order of the sheet."""
    if unit.kind == Unit.Kind.COMMUNE:
        communes = communes_visible_to(user).filter(pk=unit.pk)
    else:
        communes = communes_visible_to(user).filter(below(unit))
    if kind == ImportRun.Kind.STATUSES:
        rows = IndicatorStatus.objects.filter(
            assessment__commune__in=communes.order_by().values("pk"),
            assessment__framework_id=F("assessment__commune__framework_id"),
        ).select_related("assessment__commune", "indicator")
        if year:
            rows = rows.filter(assessment__year=year)
        return rows.order_by(
            "assessment__commune__name",
            "assessment__commune_id",
            "assessment__year",
            "indicator__order",
        )
    if kind == ImportRun.Kind.TARGETS:
        rows = (
            Target.objects.filter(
                Q(unit__in=communes.order_by().values("pk"))
                | Q(unit__kind=Unit.Kind.VILLAGE, unit__parent__in=communes.order_by().values("pk"))
            )
            .select_related("unit")
            .prefetch_related("criteria")
        )
        if year:
            rows = rows.filter(year=year)
        return rows.order_by("year", "unit__name", "unit_id")
    under = Q(pk=unit.pk) | below(unit) | Q(parent__parent=unit)
    if kind == ImportRun.Kind.RECOGNITIONS:
        # the register of the unit and the units below it, decision by decision (a revocation
        # after the entry it revokes, as the import reads them back)
        rows = Recognition.objects.filter(
            unit__in=recognition_units(user).filter(under).order_by().values("pk")
        ).select_related("decision", "unit")
        if year:
            rows = rows.filter(decision__year=year)
        return rows.order_by(
            Coalesce("decision__in_force_from", "decision__signed_on"),
            "decision__signed_on",
            "decision__recorded_at",
            "decision_id",
            "unit__name",
            "pk",
        )
    units = units_visible_to(user).filter(under).select_related("parent", "framework")
    depth = {k: i for i, k in enumerate(Unit.Kind.values)}
    return sorted(units, key=lambda u: (depth[u.kind], u.name, u.pk))
