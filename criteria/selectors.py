"""Reads for the criteria pages, scoped to the user and built in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from units.models import Unit, User
from units.selectors import (
    can_edit_criterion,
    can_export_unit,
    can_review,
    can_submit,
    communes_visible_to,
    editable_criteria,
)

from . import rules
from .models import (
    Assessment,
    AssessmentEvent,
    Criterion,
    CriterionGroup,
    Evidence,
    Framework,
    IndicatorStatus,
    StatusChange,
    Threshold,
)

Status = IndicatorStatus.Status


def communes_with_summary(user: User, *, query: str = "") -> QuerySet[Unit]:
    """Visible communes, searched without diacritics, each with its latest assessment's figures."""
    from units.text import fold

    communes = communes_visible_to(user).select_related("parent", "province", "framework")
    for word in fold(query).split():
        communes = communes.filter(search_name__contains=word)
    latest = Assessment.objects.filter(commune=OuterRef("pk")).order_by("-year", "-pk")
    return communes.annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_met=Subquery(latest.values("met_count")[:1]),
        latest_total=Subquery(latest.values("criteria_count")[:1]),
        latest_verified=Subquery(latest.values("verified_met_count")[:1]),
        latest_state=Subquery(latest.values("state")[:1]),
    ).order_by("province__name", "parent__name", "name")


def thresholds_by_indicator(framework: Framework, province_id: int | None) -> dict[int, list]:
    """Every threshold row that may apply in this province, grouped by indicator (one query)."""
    rows = Threshold.objects.filter(indicator__framework=framework).select_related("indicator")
    rows = rows.filter(province__isnull=True) | rows.filter(province_id=province_id)
    grouped: dict[int, list] = {}
    for t in rows:
        grouped.setdefault(t.indicator_id, []).append(t)
    return grouped


@dataclass
class StatusRow:
    status: IndicatorStatus
    threshold: Threshold | None
    gap: str
    evidence_count: int
    can_edit: bool

    @property
    def unit(self) -> str:
        return rules.value_unit(self.status.indicator, self.threshold)

    @property
    def indicator(self):
        return self.status.indicator


@dataclass
class CriterionRow:
    criterion: Criterion
    rows: list[StatusRow]
    status: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class GroupRow:
    group: CriterionGroup | None
    criteria: list[CriterionRow] = field(default_factory=list)


@dataclass
class CommuneYear:
    commune: Unit
    framework: Framework
    year: int
    assessment: Assessment | None
    groups: list[GroupRow]
    met_count: int
    criteria_count: int
    years: list[int]
    frameworks: list[Framework]
    can_edit: bool
    can_submit: bool
    can_review: bool
    can_export: bool
    predecessors: list[Unit]
    successors: list[Unit]

    @property
    def headline(self) -> str:
        return f"{self.met_count}/{self.criteria_count}"

    @property
    def unmet(self) -> list[CriterionRow]:
        return [c for g in self.groups for c in g.criteria if c.status != Status.MET]


def default_year_and_framework(commune: Unit) -> tuple[int, Framework | None]:
    latest = (
        Assessment.objects.filter(commune=commune)
        .select_related("framework")
        .order_by("-year")
        .first()
    )
    if latest:
        return latest.year, latest.framework
    return timezone.localdate().year, commune.framework


def commune_year(user: User | None, commune: Unit, framework: Framework, year: int) -> CommuneYear:
    """Everything the commune page shows for one framework and year, in constant queries."""
    assessment = Assessment.objects.filter(commune=commune, framework=framework, year=year).first()
    criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    groups = {g.pk: GroupRow(group=g) for g in CriterionGroup.objects.filter(framework=framework)}
    statuses_by_criterion: dict[int, list[IndicatorStatus]] = {}
    if assessment:
        statuses = (
            IndicatorStatus.objects.filter(assessment=assessment)
            .select_related("indicator", "updated_by")
            .annotate(evidence_count=Count("evidence"))
            .order_by("indicator__order")
        )
        for s in statuses:
            statuses_by_criterion.setdefault(s.indicator.criterion_id, []).append(s)
    thresholds = thresholds_by_indicator(framework, commune.province_id)
    category = commune.threshold_category(framework.category_kind)
    # No user: a system read (plan drafting) that may change nothing.
    editable = editable_criteria(user, commune) if user is not None else set()

    ungrouped = GroupRow(group=None)
    met = 0
    for criterion in criteria:
        rows = []
        for s in statuses_by_criterion.get(criterion.pk, []):
            t = rules.pick_threshold(
                thresholds.get(s.indicator_id, []),
                province_id=commune.province_id,
                category=category,
                year=year,
            )
            rows.append(
                StatusRow(
                    status=s,
                    threshold=t,
                    gap=rules.gap_text(s.value, t),
                    evidence_count=s.evidence_count,
                    can_edit=editable is None or criterion.pk in editable,
                )
            )
        status = rules.criterion_status([r.status for r in rows])
        met += status == Status.MET
        target = groups.get(criterion.group_id, ungrouped)
        target.criteria.append(CriterionRow(criterion=criterion, rows=rows, status=status))
    group_rows = [g for g in groups.values() if g.criteria]
    if ungrouped.criteria:
        group_rows.append(ungrouped)

    years = sorted(
        set(
            Assessment.objects.filter(commune=commune, framework=framework).values_list(
                "year", flat=True
            )
        )
        | {year}
    )
    framework_ids = set(
        Assessment.objects.filter(commune=commune).values_list("framework_id", flat=True)
    )
    if commune.framework_id:
        framework_ids.add(commune.framework_id)
    framework_ids.add(framework.pk)
    frameworks = list(Framework.objects.filter(pk__in=framework_ids))
    return CommuneYear(
        commune=commune,
        framework=framework,
        year=year,
        assessment=assessment,
        groups=group_rows,
        met_count=met,
        criteria_count=len(criteria),
        years=years,
        frameworks=frameworks,
        can_edit=editable != set(),
        can_submit=user is not None
        and assessment is not None
        and assessment.state in (Assessment.State.DRAFT, Assessment.State.RETURNED)
        and can_submit(user, commune),
        can_review=user is not None
        and assessment is not None
        and assessment.state == Assessment.State.SUBMITTED
        and can_review(user, commune),
        can_export=user is not None and can_export_unit(user, commune),
        predecessors=list(commune.merged_from.all()),
        successors=list(commune.merged_into.all()),
    )


def get_status_for_user(user: User, pk: int, *, for_edit: bool = False) -> IndicatorStatus:
    """An indicator status of a commune the user may read (else 404); for_edit also checks
    the user may change that criterion in that commune (else 403)."""
    try:
        status = IndicatorStatus.objects.select_related(
            "indicator__criterion",
            "assessment__commune__province",
            "assessment__commune__parent",
            "assessment__framework",
            "updated_by",
        ).get(pk=pk, assessment__commune__in=communes_visible_to(user))
    except IndicatorStatus.DoesNotExist:
        raise Http404("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.") from None
    if for_edit and not can_edit_criterion(
        user, status.assessment.commune, status.indicator.criterion_id
    ):
        raise PermissionDenied("Bạn không được giao cập nhật tiêu chí này.")
    return status


def threshold_for_status(status: IndicatorStatus) -> Threshold | None:
    commune = status.assessment.commune
    framework = status.assessment.framework
    rows = Threshold.objects.filter(indicator=status.indicator)
    rows = list(rows.filter(province__isnull=True) | rows.filter(province_id=commune.province_id))
    return rules.pick_threshold(
        rows,
        province_id=commune.province_id,
        category=commune.threshold_category(framework.category_kind),
        year=status.assessment.year,
    )


def status_history(status: IndicatorStatus) -> QuerySet[StatusChange]:
    return status.changes.select_related("actor").order_by("-at", "-pk")


def get_assessment_for_user(user: User, pk: int) -> Assessment:
    try:
        return Assessment.objects.select_related(
            "commune__parent", "commune__province", "framework"
        ).get(pk=pk, commune__in=communes_visible_to(user))
    except Assessment.DoesNotExist:
        raise Http404("Không tìm thấy kết quả đánh giá hoặc bạn không có quyền xem.") from None


def review_rows(assessment: Assessment) -> list[IndicatorStatus]:
    """Every indicator of an assessment in catalogue order, for the review page."""
    return list(
        assessment.statuses.select_related("indicator__criterion", "updated_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("indicator__order")
    )


@dataclass
class TrailEntry:
    at: object
    actor: object
    kind: str  # "status" or "workflow"
    entry: object


def commune_trail(
    commune: Unit,
    *,
    criterion_number: int | None = None,
    actor_id: int | None = None,
    date_from=None,
    date_to=None,
    limit: int = 500,
) -> list[TrailEntry]:
    """A commune's whole trail: indicator changes and workflow steps, newest first."""
    changes = StatusChange.objects.filter(status__assessment__commune=commune).select_related(
        "actor", "status__indicator__criterion", "status__assessment"
    )
    events = AssessmentEvent.objects.filter(assessment__commune=commune).select_related(
        "actor", "assessment"
    )
    if criterion_number is not None:
        changes = changes.filter(status__indicator__criterion__number=criterion_number)
        events = events.none()
    if actor_id is not None:
        changes = changes.filter(actor_id=actor_id)
        events = events.filter(actor_id=actor_id)
    if date_from:
        changes = changes.filter(at__date__gte=date_from)
        events = events.filter(at__date__gte=date_from)
    if date_to:
        changes = changes.filter(at__date__lte=date_to)
        events = events.filter(at__date__lte=date_to)
    entries = [
        TrailEntry(c.at, c.actor, "status", c) for c in changes.order_by("-at", "-pk")[:limit]
    ]
    entries += [
        TrailEntry(e.at, e.actor, "workflow", e) for e in events.order_by("-at", "-pk")[:limit]
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def trail_actors(commune: Unit) -> QuerySet[User]:
    ids = set(
        StatusChange.objects.filter(status__assessment__commune=commune)
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    ) | set(
        AssessmentEvent.objects.filter(assessment__commune=commune)
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    try:
        return Evidence.objects.select_related("status__assessment").get(
            pk=pk, status__assessment__commune__in=communes_visible_to(user)
        )
    except Evidence.DoesNotExist:
        raise Http404("Không tìm thấy tệp minh chứng hoặc bạn không có quyền xem.") from None
