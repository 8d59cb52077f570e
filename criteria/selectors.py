"""Reads for the criteria pages, scoped to the user and built in a fixed number of queries."""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from units.access import (
    assessed_units_visible_to,
    can_author_framework,
    can_edit_criterion,
    can_export_unit,
    can_review,
    can_submit,
    communes_visible_to,
    editable_criteria,
    editing_commune_ids,
    framework_scope,
    frameworks_in_use_scope,
    inbox_roles,
    reviewing_unit_ids,
)
from units.models import Unit, User
from units.selectors import communes_below, province_in, provinces_in

from . import rules
from .models import (
    Assessment,
    AssessmentEvent,
    Criterion,
    CriterionGroup,
    Evidence,
    Framework,
    FrameworkMapping,
    Indicator,
    IndicatorMapping,
    IndicatorStatus,
    StatusChange,
    Threshold,
    UnitCategory,
)

Status = IndicatorStatus.Status


def communes_in_state(communes: QuerySet[Unit], state: str) -> QuerySet[Unit]:
    """Today's communes (state ""), the merged or dissolved ones ("het"), or all ("tat-ca",
    today's first, then the most recently ended) – criteria.forms.CommuneSearchForm.STATES."""
    if state == "het":
        return communes.filter(valid_to__isnull=False)
    if state == "tat-ca":
        return communes.order_by(F("valid_to").desc(nulls_first=True), *communes.query.order_by)
    return communes.filter(valid_to__isnull=True)


def communes_with_summary(
    user: User, *, query: str = "", within: Unit | None = None
) -> QuerySet[Unit]:
    """Visible communes, searched without diacritics, each with its latest assessment's figures;
    `within`: under that district or province (a unit the caller admitted the user to)."""
    from common.text import fold

    communes = communes_visible_to(user).select_related("parent", "province", "framework")
    if within is not None:
        communes = communes.filter(pk__in=communes_below(within).values("pk"))
    for word in fold(query).split():
        communes = communes.filter(search_name__contains=word)
    latest = Assessment.objects.filter(commune=OuterRef("pk")).order_by(
        "-year", "framework__level", "-pk"
    )
    verified = latest.filter(verified_met_count__isnull=False)
    return communes.annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        # which set that year's count is on (a 2026 count on 51/2025 is not a 19-criteria one)
        latest_set=Subquery(latest.values("framework__short_name")[:1]),
        latest_met=Subquery(latest.values("met_count")[:1]),
        latest_total=Subquery(latest.values("criteria_count")[:1]),
        latest_verified=Subquery(latest.values("verified_met_count")[:1]),
        latest_indicator_met=Subquery(latest.values("indicator_met_count")[:1]),
        latest_indicator_total=Subquery(latest.values("indicator_count")[:1]),
        latest_verified_indicator=Subquery(latest.values("verified_indicator_met_count")[:1]),
        latest_state=Subquery(latest.values("state")[:1]),
        # figures on an illustrative set say so wherever they show
        latest_illustrative=Subquery(latest.values("framework__illustrative")[:1]),
        verified_illustrative=Subquery(verified.values("framework__illustrative")[:1]),
        # the last verified figure stays beside it: a year opened since (by mistake too) does
        # not hide the official one
        verified_year=Subquery(verified.values("year")[:1]),
        verified_met=Subquery(verified.values("verified_met_count")[:1]),
        verified_total=Subquery(verified.values("criteria_count")[:1]),
        verified_indicator=Subquery(verified.values("verified_indicator_met_count")[:1]),
        verified_indicator_total=Subquery(verified.values("indicator_count")[:1]),
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

    @property
    def met_rows(self) -> int:
        return sum(r.status.status == Status.MET for r in self.rows)


@dataclass
class GroupRow:
    group: CriterionGroup | None
    criteria: list[CriterionRow] = field(default_factory=list)


@dataclass
class VillageRow:
    village: Unit
    assessment: Assessment | None


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
    # the commune's group on a group-keyed framework ("" = none recorded: flagged, not guessed)
    category: str = ""
    category_name: str = ""
    category_missing: bool = False
    indicator_count: int = 0
    carried_count: int = 0  # values carried from the previous framework, not yet confirmed
    # the same commune and year on its other sets (basic NTM beside a province's nâng cao set)
    other_years: list[Assessment] = field(default_factory=list)
    # "Mở năm": the sets a year may be opened on, and the one proposed for the next year
    open_frameworks: list[Framework] = field(default_factory=list)
    open_year: int = 0
    open_default: Framework | None = None
    # a commune's villages with their latest result on a village set ("7/9"), or for a
    # village page the commune it belongs to
    villages: list["VillageRow"] = field(default_factory=list)
    superseded: Assessment | None = None  # the later year on the set this one moved on to

    @property
    def is_village(self) -> bool:
        return self.commune.kind == Unit.Kind.VILLAGE

    @property
    def headline(self) -> str:
        return f"{self.met_count}/{self.criteria_count}"

    @property
    def unmet(self) -> list[CriterionRow]:
        return [c for g in self.groups for c in g.criteria if c.status != Status.MET]

    @property
    def questions(self) -> list[tuple[CriterionRow, "StatusRow"]]:
        """The indicators the reviewing office asked about (a question on a returned year),
        with their criterion: the commune's list of what to answer."""
        return [
            (c, r)
            for g in self.groups
            for c in g.criteria
            for r in c.rows
            if r.status.review_comment
        ]

    def rows_where(self, shown: str) -> list["GroupRow"]:
        """The groups with only the criteria that have an indicator `shown` ("chua-dat": not
        met, "cau-hoi": asked about, "chua-danh-gia": not assessed; "": all), each with only
        those indicators – the commune page's filter."""
        test = {
            "chua-dat": lambda r: r.status.status == Status.NOT_MET,
            "cau-hoi": lambda r: bool(r.status.review_comment),
            "chua-danh-gia": lambda r: r.status.status == Status.NOT_ASSESSED,
        }.get(shown)
        if test is None:
            return self.groups
        groups = []
        for g in self.groups:
            criteria = []
            for c in g.criteria:
                rows = [r for r in c.rows if test(r)]
                if rows:
                    criteria.append(replace(c, rows=rows))
            if criteria:
                groups.append(replace(g, criteria=criteria))
        return groups


def default_year_and_framework(commune: Unit) -> tuple[int, Framework | None]:
    latest = (
        Assessment.objects.filter(commune=commune)
        .select_related("framework")
        .order_by("-year", "framework__level")
        .first()
    )
    if latest:
        return latest.year, latest.framework
    year = timezone.localdate().year
    return year, commune.framework or default_framework(commune, year)


# --- frameworks: which apply where, and who reads them ---------------------------------------


def frameworks_for_unit(unit: Unit, year: int | None = None) -> QuerySet[Framework]:
    """The published sets a unit may be assessed on: national ones and its own province's, of
    its kind; with a year, only those in force that year (the national basic set first)."""
    kind = Framework.UnitKind.VILLAGE if unit.kind == Unit.Kind.VILLAGE else unit.kind
    frameworks = Framework.objects.for_province(unit.province_id).filter(
        unit_kind=kind, state=Framework.State.PUBLISHED
    )
    if year is not None:
        frameworks = frameworks.in_force(year)
    return frameworks.order_by("province_id", "level", "-period_start", "key")


def province_set_applies(framework: Framework, unit: Unit, year: int) -> bool:
    """Whether a set may serve the unit in `year` as far as its province goes: a national
    set, its province's own – today's, or the one it was in that year (a 2024 year of a
    commune of Đắk Nông stays on Đắk Nông's set after the 2025 merger made it Lâm Đồng's)."""
    if framework.province_id in (None, unit.province_id):
        return True
    then = province_in(unit, year)
    return then is not None and framework.province_id == then.pk


def default_framework(unit: Unit, year: int, applicable=None) -> Framework | None:
    """The set in force that year for that kind of unit in that province: the national
    basic-tier set when there is one. `applicable`: frameworks_for_unit(unit), if fetched."""
    if applicable is None:
        applicable = frameworks_for_unit(unit, year)
    frameworks = [f for f in applicable if f.covers(year) and f.retired_on is None]
    basic = [f for f in frameworks if f.province_id is None and f.level == Framework.Level.XA_NTM]
    return (basic or frameworks or [None])[0]


def frameworks_visible_to(user: User) -> QuerySet[Framework]:
    """Every published national set, and the published sets of the provinces the user works in
    (all of them for administrators and the national office); a draft only for those who may
    author it."""
    frameworks = Framework.objects.select_related("province")
    scope = framework_scope(user)
    if scope is not None:
        frameworks = frameworks.filter(scope)
    return frameworks.order_by("province__name", "-period_start", "level", "key")


def frameworks_in_use_for(user: User) -> QuerySet[Framework]:
    """Published sets the user's pages may be filtered by: national ones and those of the
    provinces the user works in (all for administrators). Asks the roles only (no permission
    look-up): for the filters of every dashboard."""
    frameworks = Framework.objects.filter(state=Framework.State.PUBLISHED)
    scope = frameworks_in_use_scope(user)
    return frameworks if scope is None else frameworks.filter(scope)


def get_framework_for_user(user: User, pk: int, *, for_edit: bool = False) -> Framework:
    """A framework the user may read (another province's set: 404); a draft is shown only
    to those who may author it; for_edit: 403 unless the user may change it."""
    try:
        framework = frameworks_visible_to(user).get(pk=pk)
    except Framework.DoesNotExist:
        raise Http404("Không tìm thấy bộ tiêu chí hoặc bạn không có quyền xem.") from None
    may_author = can_author_framework(user, framework)
    if framework.is_draft and not may_author:
        raise Http404("Không tìm thấy bộ tiêu chí hoặc bạn không có quyền xem.")
    if for_edit and not may_author:
        raise PermissionDenied("Bạn không được sửa bộ tiêu chí này.")
    return framework


def category_of(unit: Unit, framework: Framework, year: int) -> str:
    """The key a unit's thresholds are looked up by on a framework in a year: its region, or
    for a group-keyed framework its commune group in force that year ("" = none recorded)."""
    group = ""
    if framework.category_kind == Framework.CategoryKind.GROUP:
        group = categories_of([unit.pk], framework, year).get(unit.pk, "")
    return unit.threshold_category(framework.category_kind, group)


def categories_of(unit_ids, framework: Framework, year: int) -> dict[int, str]:
    """{unit id: category recorded for it on the framework, in force in the year} (one query;
    where two rows overlap the year, the one that starts later wins)."""
    rows = UnitCategory.objects.filter(
        unit_id__in=list(unit_ids),
        framework=framework,
        valid_from__lte=date(year, 12, 31),
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)))
    found: dict[int, str] = {}
    for unit_id, category in rows.order_by("valid_from", "pk").values_list("unit_id", "category"):
        found[unit_id] = category
    return found


def commune_year(user: User | None, commune: Unit, framework: Framework, year: int) -> CommuneYear:
    """Everything the commune page shows for one framework and year, in constant queries."""
    assessment = Assessment.objects.filter(commune=commune, framework=framework, year=year).first()
    criteria = list(active_criteria(framework, year).order_by("number"))
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
    bars = bars_of_year(commune, framework, year)
    category = bars.category
    # No user: a system read (plan drafting) that may change nothing. A year whose values
    # moved on to a new set is read-only.
    later = superseded_by(assessment) if assessment is not None else None
    editable = editable_criteria(user, commune) if user is not None and later is None else set()

    ungrouped = GroupRow(group=None)
    met = 0
    for criterion in criteria:
        rows = []
        for s in statuses_by_criterion.get(criterion.pk, []):
            t = bars(s.indicator_id)
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
    all_rows = [r for g in group_rows for c in g.criteria for r in c.rows]

    # every year of the commune on every set (one query): the year menu, the set menu and
    # the other sets of this year
    all_years = list(
        Assessment.objects.filter(commune=commune)
        .select_related("framework")
        .order_by("framework__level", "framework__key")
    )
    years = sorted({a.year for a in all_years if a.framework_id == framework.pk} | {year})
    other_years = [a for a in all_years if a.year == year and a.framework_id != framework.pk]
    applicable = list(frameworks_for_unit(commune))
    by_pk = {a.framework_id: a.framework for a in all_years}
    by_pk.update({f.pk: f for f in applicable if f.covers(year)})
    by_pk[framework.pk] = framework
    if commune.framework_id:
        by_pk[commune.framework_id] = commune.framework
    frameworks = sorted(by_pk.values(), key=lambda f: (-f.period_start, f.level, f.key))
    open_year = year + 1 if assessment else year
    open_default = (
        framework
        if framework.covers(open_year) and framework in applicable
        else default_framework(commune, open_year, applicable)
    )
    category_name = ""
    if category and framework.category_kind == Framework.CategoryKind.GROUP:
        category_name = (
            framework.categories.filter(key=category).values_list("name", flat=True).first()
            or category
        )
    return CommuneYear(
        villages=_villages(commune) if commune.kind == Unit.Kind.COMMUNE else [],
        superseded=later,
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
        and bool(all_rows)  # a set without indicators has nothing to verify
        and can_submit(user, commune),
        can_review=user is not None
        and assessment is not None
        and assessment.state == Assessment.State.SUBMITTED
        and can_review(user, commune),
        can_export=user is not None and can_export_unit(user, commune),
        predecessors=list(commune.merged_from.all()),
        successors=list(commune.merged_into.all()),
        category=category,
        category_name=category_name,
        other_years=other_years,
        open_frameworks=applicable,
        open_year=open_year,
        open_default=open_default,
        category_missing=framework.category_kind == Framework.CategoryKind.GROUP and not category,
        indicator_count=len(all_rows),
        carried_count=sum(1 for r in all_rows if r.status.carried_from),
    )


def _villages(commune: Unit) -> list[VillageRow]:
    """The commune's current villages, each with its latest assessment on a village set."""
    villages = list(
        Unit.objects.filter(parent=commune, kind=Unit.Kind.VILLAGE, valid_to__isnull=True)
    )
    latest: dict[int, Assessment] = {}
    for a in (
        Assessment.objects.filter(commune__in=[v.pk for v in villages])
        .select_related("framework")
        .order_by("year", "pk")
    ):
        latest[a.commune_id] = a
    return [VillageRow(v, latest.get(v.pk)) for v in villages]


def superseded_by(assessment: Assessment) -> Assessment | None:
    """The commune's later year on a set a mapping leads to from this year's set (2026 on
    51/2025 after 2025 on 318/QĐ-TTg): once the values moved on, the old record is read-only."""
    targets = FrameworkMapping.objects.filter(source_id=assessment.framework_id).values("target_id")
    return (
        Assessment.objects.filter(
            commune_id=assessment.commune_id, framework_id__in=targets, year__gt=assessment.year
        )
        .select_related("framework")
        .order_by("year")
        .first()
    )


def in_force_in(year: int) -> Q:
    """A criterion or indicator counts in a year unless it was retired before the year began."""
    return Q(retired_on__isnull=True) | Q(retired_on__gt=date(year, 1, 1))


def active_criteria(framework: Framework, year: int) -> QuerySet[Criterion]:
    """The criteria a year is counted on: those not retired before that year began."""
    return Criterion.objects.filter(framework=framework).filter(in_force_in(year))


def active_indicators(framework: Framework, year: int) -> QuerySet[Indicator]:
    """The indicators a year is counted on (Assessment.indicator_count): those not retired
    before that year began, of a criterion counted that year."""
    return Indicator.objects.filter(
        framework=framework, criterion__in=active_criteria(framework, year)
    ).filter(in_force_in(year))


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
        ).get(pk=pk, assessment__commune__in=assessed_units_visible_to(user))
    except IndicatorStatus.DoesNotExist:
        raise Http404("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.") from None
    if for_edit and not can_edit_criterion(
        user, status.assessment.commune, status.indicator.criterion_id
    ):
        raise PermissionDenied("Bạn không được giao cập nhật tiêu chí này.")
    return status


def opening_preview(commune: Unit, framework: Framework, year: int) -> dict:
    """What opening `year` on `framework` does, for its confirmation page: the year already
    open (nothing to do), or the earlier year it copies (None: indicators start as "chưa đánh
    giá", or carried from a mapped set) and the latest year now open (which the commune's page
    stops showing by default when the new one is later)."""
    years = Assessment.objects.filter(commune=commune, framework=framework)
    return {
        "existing": years.filter(year=year).first(),
        "previous": years.filter(year__lt=year).order_by("-year").first(),
        "latest": Assessment.objects.filter(commune=commune).order_by("-year").first(),
    }


@dataclass(frozen=True)
class Earlier:
    """An indicator's result in the commune's last earlier year on the same set, for «Năm
    2024: Đạt – 58 % (đã thẩm tra)» beside this year's: the verified result where there is
    one, else the commune's own."""

    year: int
    status: str
    value: Decimal | None
    verified: bool

    # ten times, or a tenth: a hint for the person typing, not an official figure
    FAR = Decimal(10)

    @property
    def status_label(self) -> str:
        return IndicatorStatus.Status(self.status).label

    def far_from(self, value: Decimal | None) -> str:
        """ "more" when `value` is FAR times the earlier year's or more, "less" when it is a
        FAR-th or less, else "": more often a slipped decimal comma (62,5 typed as 625) or unit
        than a real change, and worth a second look before it is sent. Zero, a missing value
        and a change of sign are not compared (nothing to scale)."""
        if not value or not self.value or (value > 0) != (self.value > 0):
            return ""
        ratio = value / self.value
        return "more" if ratio >= self.FAR else "less" if ratio * self.FAR <= 1 else ""


def earlier_results(assessment: Assessment, indicator_ids) -> dict[int, Earlier]:
    """{indicator id: its Earlier} from the latest year before `assessment`'s of the same
    commune and set (not a year before that: a year without a result shows nothing); one query
    for the year, one for its results. The caller has admitted the user to the commune."""
    earlier = (
        Assessment.objects.filter(
            commune_id=assessment.commune_id,
            framework_id=assessment.framework_id,
            year__lt=assessment.year,
        )
        .order_by("-year")
        .first()
    )
    if earlier is None:
        return {}
    found = {}
    for s in IndicatorStatus.objects.filter(assessment=earlier, indicator_id__in=indicator_ids):
        verified = bool(s.verified_at and s.verified_status)
        found[s.indicator_id] = Earlier(
            year=earlier.year,
            status=s.verified_status if verified else s.status,
            value=s.verified_value if verified else s.value,
            verified=verified,
        )
    return found


def evidence_by_status(statuses) -> dict[int, list[Evidence]]:
    """{status id: its evidence files, oldest first} for statuses already admitted to the user
    (a page of them); one query."""
    files: dict[int, list[Evidence]] = {}
    for e in Evidence.objects.filter(status__in=list(statuses)).order_by("pk"):
        files.setdefault(e.status_id, []).append(e)
    return files


def province_id_in(commune: Unit, year: int) -> int | None:
    """The commune's province in `year`, whose own bars its results of that year were judged
    on (units.selectors.provinces_in): no query unless it has moved since."""
    return provinces_in([commune], year)[commune.pk]


@dataclass(frozen=True)
class Bars:
    """The thresholds a commune's year is judged on – its province's of that year, its group
    (or region) of that year – read once; `bars(indicator id)` picks an indicator's."""

    province_id: int | None
    category: str
    year: int
    thresholds: dict[int, list]

    def __call__(self, indicator_id: int) -> Threshold | None:
        return rules.pick_threshold(
            self.thresholds.get(indicator_id, []),
            province_id=self.province_id,
            category=self.category,
            year=self.year,
        )


def bars_of_year(commune: Unit, framework: Framework, year: int) -> Bars:
    """Bars for one commune, set and year: two or three queries, then none per indicator."""
    province_id = province_id_in(commune, year)
    return Bars(
        province_id,
        category_of(commune, framework, year),
        year,
        thresholds_by_indicator(framework, province_id),
    )


def threshold_for_status(status: IndicatorStatus) -> Threshold | None:
    """The bar the status is judged on: its province's of the year (the one it was in then),
    else the national one; by the commune's group of the year."""
    commune = status.assessment.commune
    framework = status.assessment.framework
    province_id = province_id_in(commune, status.assessment.year)
    rows = Threshold.objects.filter(indicator=status.indicator)
    rows = list(rows.filter(province__isnull=True) | rows.filter(province_id=province_id))
    return rules.pick_threshold(
        rows,
        province_id=province_id,
        category=category_of(commune, framework, status.assessment.year),
        year=status.assessment.year,
    )


def status_history(status: IndicatorStatus) -> QuerySet[StatusChange]:
    return status.changes.select_related("actor").order_by("-at", "-pk")


def get_assessment_for_user(user: User, pk: int) -> Assessment:
    try:
        return Assessment.objects.select_related(
            "commune__parent", "commune__province", "framework"
        ).get(pk=pk, commune__in=assessed_units_visible_to(user))
    except Assessment.DoesNotExist:
        raise Http404("Không tìm thấy kết quả đánh giá hoặc bạn không có quyền xem.") from None


def review_rows(assessment: Assessment) -> list[IndicatorStatus]:
    """Every indicator of an assessment in catalogue order, each with its evidence files
    (`files`, oldest first: the page links each to the access-checked download), for the review
    page. Four queries; on a year returned before, two more for the answers: each indicator
    asked about gets `answer`, its first change since the return (what it was before: old_*),
    or None when the commune changed nothing; each gets `earlier`, its result of the last
    earlier year (earlier_results) or None."""
    statuses = list(
        assessment.statuses.select_related("indicator__criterion", "updated_by")
        .prefetch_related(
            Prefetch(
                "evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"), to_attr="files"
            )
        )
        .order_by("indicator__order")
    )
    asked = [s for s in statuses if s.review_comment]
    returned = (
        assessment.events.filter(action=AssessmentEvent.Action.RETURNED).order_by("-at").first()
        if asked
        else None
    )
    first: dict[int, StatusChange] = {}
    if returned is not None:
        changes = StatusChange.objects.filter(
            status__in=asked, at__gte=returned.at, action__in=StatusChange.EDITS
        ).order_by("at", "pk")
        for change in changes:
            first.setdefault(change.status_id, change)
    earlier = earlier_results(assessment, [s.indicator_id for s in statuses])
    for s in statuses:
        s.answer = first.get(s.pk)
        s.earlier = earlier.get(s.indicator_id)
    return statuses


def review_events(assessment: Assessment) -> list[AssessmentEvent]:
    """The year's review trail (sent, returned, verified, reopened), newest first, with who
    and, for a review, the day it took place and who took part. One query; none for a year
    that has had no workflow step (each step adds one to the version and writes one event)."""
    if assessment.version <= 1:
        return []
    return list(assessment.events.select_related("actor").order_by("-at", "-pk"))


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    try:
        return Evidence.objects.select_related("status__assessment").get(
            pk=pk, status__assessment__commune__in=assessed_units_visible_to(user)
        )
    except Evidence.DoesNotExist:
        raise Http404("Không tìm thấy tệp minh chứng hoặc bạn không có quyền xem.") from None


def carried_values(commune: Unit, framework: Framework, year: int, indicators) -> dict:
    """{new indicator id: (status, value, judged automatically, "chép từ …")} for the first
    year on `framework`: the measured values of the commune's latest earlier year on a set a
    FrameworkMapping leads from. A value is judged against the new bar where the new set has a
    numeric one; otherwise it waits for the official ("chưa đánh giá"). Either way it is
    marked to confirm. The old year is only read."""
    mappings = FrameworkMapping.objects.filter(target=framework).select_related("source")
    sources = {m.source_id: m for m in mappings}
    if not sources:
        return {}
    previous = (
        Assessment.objects.filter(commune=commune, framework_id__in=sources, year__lt=year)
        .select_related("framework")
        .order_by("-year")
        .first()
    )
    if previous is None:
        return {}
    rows = IndicatorMapping.objects.filter(mapping=sources[previous.framework_id]).select_related(
        "source"
    )
    old = {
        s.indicator_id: s
        for s in IndicatorStatus.objects.filter(assessment=previous, value__isnull=False)
    }
    wanted = {i.pk for i in indicators}
    bars = bars_of_year(commune, framework, year)
    source_name = previous.framework.decision_number or str(previous.framework)
    carried = {}
    for row in rows:
        status = old.get(row.source_id)
        if status is None or row.target_id not in wanted:
            continue
        threshold = bars(row.target_id)
        automatic = rules.is_automatic(threshold)
        new_status = rules.judge(status.value, threshold) if automatic else Status.NOT_ASSESSED
        origin = (
            f"chép từ năm {previous.year} ({source_name}, chỉ tiêu {row.source.code}) "
            "– cần xác nhận"
        )
        carried[row.target_id] = (new_status, status.value, automatic, origin)
    return carried


# --- what waits for the user (Việc của tôi) ------------------------------------------------


@dataclass
class Inbox:
    to_review: list[Assessment]  # sent for review to an office of the user
    questions: list[Assessment]  # returned with questions, for the commune staff to answer

    @property
    def empty(self) -> bool:
        return not (self.to_review or self.questions)


INBOX_LIMIT = 50


def _sent_for_review(units: set[int] | None) -> QuerySet[Assessment]:
    """Years sent for review to offices of `units` (None: every office)."""
    sent = Assessment.objects.filter(state=Assessment.State.SUBMITTED)
    if units is not None:
        sent = sent.filter(
            Q(commune__parent__in=units)
            | Q(commune__kind=Unit.Kind.VILLAGE, commune__parent__parent__in=units)
        )
    return sent


def _returned_to(communes: set[int]) -> QuerySet[Assessment]:
    return Assessment.objects.filter(state=Assessment.State.RETURNED, commune__in=communes)


def _with_asked(returned: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return returned.annotate(asked=Count("statuses", filter=~Q(statuses__review_comment="")))


def inbox(user: User) -> Inbox:
    """The years waiting for the user: sent to one of their offices for review (oldest first),
    and returned to their commune with questions (`asked`: how many indicators). Two queries
    at most; administrators see what waits anywhere."""
    units = reviewing_unit_ids(user)
    to_review = []
    if units is None or units:
        to_review = list(
            _sent_for_review(units)
            .select_related("commune", "framework")
            .order_by("submitted_at", "pk")[:INBOX_LIMIT]
        )
    communes = editing_commune_ids(user)
    questions = []
    if communes:
        questions = list(
            _with_asked(_returned_to(communes))
            .select_related("commune", "framework")
            .order_by("-year")[:INBOX_LIMIT]
        )
    return Inbox(to_review, questions)


def waiting_years(user: User) -> QuerySet[Assessment] | None:
    """The inbox's two lists as one queryset (for counting), None when the user has neither a
    reviewing nor a commune role."""
    units = reviewing_unit_ids(user)
    communes = editing_commune_ids(user)
    parts = []
    if units is None or units:
        parts.append(_sent_for_review(units))
    if communes:
        parts.append(_returned_to(communes))
    if not parts:
        return None
    return parts[0] | parts[1] if len(parts) == 2 else parts[0]


def inboxes_by_role() -> dict[User, Inbox]:
    """Every user's inbox at once, from their roles (the daily digest): three queries whatever
    the number of people. Only active users with an e-mail address and something waiting;
    administrators without a role get none (the whole country is theirs on the page)."""
    sent = list(
        _sent_for_review(None)
        .select_related("commune__parent", "framework")
        .order_by("submitted_at", "pk")
    )
    returned = list(
        _with_asked(Assessment.objects.filter(state=Assessment.State.RETURNED))
        .select_related("commune", "framework")
        .order_by("-year", "pk")
    )
    by_office: dict[int, list[Assessment]] = {}
    for a in sent:
        office = a.commune.parent.parent_id if a.commune.kind == Unit.Kind.VILLAGE else None
        by_office.setdefault(a.commune.parent_id, []).append(a)
        if office:
            by_office.setdefault(office, []).append(a)
    by_commune: dict[int, list[Assessment]] = {}
    for a in returned:
        by_commune.setdefault(a.commune_id, []).append(a)
    inboxes: dict[int, Inbox] = {}
    users: dict[int, User] = {}
    for role, duty in inbox_roles((set(by_office) | set(by_commune)) - {None}):
        if duty == "review":
            found, into = by_office.get(role.unit_id, []), "to_review"
        else:
            found, into = by_commune.get(role.unit_id, []), "questions"
        if found:
            users[role.user_id] = role.user
            box = inboxes.setdefault(role.user_id, Inbox([], []))
            getattr(box, into).extend(a for a in found if a not in getattr(box, into))
    return {users[pk]: box for pk, box in inboxes.items()}
