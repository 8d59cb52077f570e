"""Reads for the "Bộ tiêu chí" pages, scoped to the user: the list of sets with their counts,
one set's page (criteria, indicators, a threshold per column, history), and the preview of a
commune on a set (what the mappings would carry, written nowhere).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from units.access import (
    can_author_framework,
)
from units.models import Unit

from . import authoring, rules, selectors
from .models import (
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    FrameworkMapping,
    Indicator,
    IndicatorMapping,
    IndicatorStatus,
    Threshold,
)

Status = IndicatorStatus.Status
HISTORY_LIMIT = 300  # the newest changes shown on a set's page


# --------------------------------------------------------------------


def _count(rows):
    """A per-framework count as a subquery (no join that multiplies rows)."""
    counted = rows.order_by().values("framework").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


@dataclass
class Section:
    title: str
    frameworks: list[Framework]


def frameworks_listed(user) -> list[Section]:
    """The sets the user may read, national first then by province, each with its counts of
    criteria and indicators in force and of criteria without any indicator; a draft only for
    those who may author it. One query (plus the user's roles)."""
    criteria = Criterion.objects.filter(framework=OuterRef("pk"), retired_on__isnull=True)
    indicators = Indicator.objects.filter(framework=OuterRef("pk"), retired_on__isnull=True)
    frameworks = selectors.frameworks_visible_to(user).annotate(
        criteria_total=_count(criteria),
        indicator_total=_count(indicators),
        empty_total=_count(
            criteria.filter(
                ~Exists(Indicator.objects.filter(criterion=OuterRef("pk"), retired_on__isnull=True))
            )
        ),
    )
    national, provinces = [], {}
    for framework in frameworks:
        if framework.is_draft and not can_author_framework(user, framework):
            continue
        if framework.province_id is None:
            national.append(framework)
        else:
            provinces.setdefault(framework.province, []).append(framework)
    sections = [Section("Bộ tiêu chí quốc gia", national)] if national else []
    for province in sorted(provinces, key=lambda p: p.name):
        sections.append(Section(f"Bộ tiêu chí riêng của {province}", provinces[province]))
    return sections


def get_criterion_for_user(user, pk: int) -> Criterion:
    """A criterion of a set the user may change (else 404 or 403, as for the set)."""
    criterion = Criterion.objects.select_related("group").filter(pk=pk).first()
    if criterion is None:
        raise Http404("Không tìm thấy tiêu chí hoặc bạn không có quyền xem.")
    criterion.framework = selectors.get_framework_for_user(
        user, criterion.framework_id, for_edit=True
    )
    return criterion


def get_indicator_for_user(user, pk: int) -> Indicator:
    indicator = Indicator.objects.select_related("criterion").filter(pk=pk).first()
    if indicator is None:
        raise Http404("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.")
    indicator.framework = selectors.get_framework_for_user(
        user, indicator.framework_id, for_edit=True
    )
    return indicator


@dataclass
class Cell:
    text: str
    muted: bool = False


@dataclass
class IndicatorLine:
    indicator: Indicator
    cells: list[Cell]


@dataclass
class CriterionBlock:
    criterion: Criterion
    indicators: list[IndicatorLine] = field(default_factory=list)


@dataclass
class GroupBlock:
    group: CriterionGroup | None
    criteria: list[CriterionBlock] = field(default_factory=list)
    titled: bool = True  # a heading of its own (not when the set has no groups at all)

    @property
    def criterion_heading(self) -> str:
        return "h4" if self.titled else "h3"


@dataclass
class ChangeLine:
    change: FrameworkChange
    field_label: str


FIELD_LABELS = {
    **{f.name: str(f.verbose_name) for f in Indicator._meta.fields},
    **{f.name: str(f.verbose_name) for f in Criterion._meta.fields},
    **{f.name: str(f.verbose_name) for f in Framework._meta.fields},
    "name": "tên",
    "group": "nhóm tiêu chí",
    "criterion": "tiêu chí",
}


def _cells(rows: list[Threshold], keys: list[str]) -> list[Cell]:
    """One cell per column (categories, then common): the bar, or who decides without one."""
    by_key: dict[str, list[Threshold]] = {}
    for t in sorted(rows, key=lambda t: (t.year is not None, t.year or 0)):
        by_key.setdefault(t.category, []).append(t)
    has_common = bool(by_key.get(authoring.COMMON))
    has_category = any(by_key.get(k) for k in keys if k != authoring.COMMON)
    cells = []
    for key in keys:
        found = by_key.get(key)
        if found:
            text = "; ".join(
                f"năm {t.year}: {t.describe()}" if t.year else t.describe() for t in found
            )
            cells.append(Cell(text))
        elif key != authoring.COMMON and has_common:
            cells.append(Cell("theo ngưỡng chung", muted=True))
        elif key == authoring.COMMON and has_category:
            cells.append(Cell("—", muted=True))
        else:
            cells.append(Cell("cán bộ đánh giá", muted=True))
    return cells


@dataclass
class FrameworkPage:
    categories: list[FrameworkCategory]
    groups: list[GroupBlock]
    criteria_count: int
    indicator_count: int
    changes: list[ChangeLine]
    changes_total: int
    # the mappings that carry values into this set or out of it ("17.1 → 8.1")
    mappings: list[IndicatorMapping] = field(default_factory=list)


def framework_page(framework: Framework) -> FrameworkPage:
    """A set's criteria by group, each with its indicators and their own thresholds per
    column, and its history, newest first. A fixed number of queries."""
    categories = list(framework.categories.order_by("order"))
    keys = [c.key for c in categories] + [authoring.COMMON]
    indicators = list(Indicator.objects.filter(framework=framework).order_by("order", "code"))
    by_pk = {i.pk: i for i in indicators}
    rows: dict[int, list[Threshold]] = {}
    for t in Threshold.objects.filter(indicator__framework=framework, province__isnull=True):
        t.indicator = by_pk[t.indicator_id]  # describe() reads it: no query per row
        rows.setdefault(t.indicator_id, []).append(t)
    blocks = {
        c.pk: CriterionBlock(c) for c in Criterion.objects.filter(framework=framework)
    }  # ordered by number (Meta)
    for indicator in indicators:
        blocks[indicator.criterion_id].indicators.append(
            IndicatorLine(indicator, _cells(rows.get(indicator.pk, []), keys))
        )
    groups = {g.pk: GroupBlock(g) for g in framework.groups.order_by("order")}
    ungrouped = GroupBlock(None)
    for block in blocks.values():
        groups.get(block.criterion.group_id, ungrouped).criteria.append(block)
    group_blocks = [g for g in groups.values() if g.criteria]
    if ungrouped.criteria:
        ungrouped.titled = bool(group_blocks)
        group_blocks.append(ungrouped)
    changes = list(framework.changes.select_related("actor").order_by("-at", "-pk")[:HISTORY_LIMIT])
    return FrameworkPage(
        categories=categories,
        groups=group_blocks,
        criteria_count=sum(1 for b in blocks.values() if b.criterion.retired_on is None),
        indicator_count=sum(1 for i in indicators if i.retired_on is None),
        changes=[ChangeLine(c, FIELD_LABELS.get(c.field, c.field)) for c in changes],
        changes_total=(
            framework.changes.count() if len(changes) == HISTORY_LIMIT else len(changes)
        ),
        mappings=list(
            IndicatorMapping.objects.filter(
                Q(mapping__source=framework) | Q(mapping__target=framework)
            )
            .select_related("mapping__source", "mapping__target", "source", "target")
            .order_by("mapping_id", "target__order")
        ),
    )


@dataclass
class PreviewRow:
    indicator: Indicator
    threshold: Threshold | None
    status: str
    value: object
    origin: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def unit(self) -> str:
        return rules.value_unit(self.indicator, self.threshold)


@dataclass
class PreviewCriterion:
    criterion: Criterion
    rows: list[PreviewRow]
    status: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class Preview:
    commune: Unit
    year: int
    criteria: list[PreviewCriterion]
    met_count: int
    category: str
    category_missing: bool
    carried_count: int

    @property
    def headline(self) -> str:
        return f"{self.met_count}/{len(self.criteria)}"

    @property
    def indicator_rows(self) -> list[PreviewRow]:
        return [row for c in self.criteria for row in c.rows]

    @property
    def indicator_headline(self) -> str:
        """ "28/35": the indicators in force met, beside the criteria ("" for a set without
        indicators yet)."""
        rows = self.indicator_rows
        if not rows:
            return ""
        return f"{sum(1 for r in rows if r.status == Status.MET)}/{len(rows)}"


def framework_preview_for(framework: Framework, commune: Unit, year: int) -> Preview:
    """What the commune would score on the set in that year, from the values a mapping would
    carry over (selectors.carried_values); an indicator with nothing carried is "chưa đánh
    giá". A criterion is met when all its indicators are. Reads only."""
    year_start = date(year, 1, 1)
    in_force = Q(retired_on__isnull=True) | Q(retired_on__gt=year_start)
    indicators = list(
        Indicator.objects.filter(framework=framework).filter(in_force).order_by("order", "code")
    )
    carried = selectors.carried_values(commune, framework, year, indicators)
    bars = selectors.bars_of_year(commune, framework, year)
    category = bars.category
    by_criterion: dict[int, list[PreviewRow]] = {}
    for indicator in indicators:
        status, value, _automatic, origin = carried.get(
            indicator.pk, (Status.NOT_ASSESSED, None, False, "")
        )
        threshold = bars(indicator.pk)
        by_criterion.setdefault(indicator.criterion_id, []).append(
            PreviewRow(indicator, threshold, status, value, origin)
        )
    criteria = []
    for criterion in selectors.active_criteria(framework, year).order_by("number"):
        found = by_criterion.get(criterion.pk, [])
        criteria.append(PreviewCriterion(criterion, found, rules.criterion_status(found)))
    return Preview(
        commune=commune,
        year=year,
        criteria=criteria,
        met_count=sum(1 for c in criteria if c.status == Status.MET),
        category=category,
        category_missing=framework.category_kind == Framework.CategoryKind.GROUP and not category,
        carried_count=len(carried),
    )


# --- the mapping page (criteria.mapping_views) --------------------------------------------------


def mappings_into(framework: Framework) -> list[FrameworkMapping]:
    """The mappings that carry values into the set, oldest source first, each with its rows
    (`rows.all()`, in the order of the set's indicators) and their two indicators. Two
    queries, however many rows."""
    rows = IndicatorMapping.objects.select_related("source", "target").order_by(
        "target__order", "target__code"
    )
    return list(
        FrameworkMapping.objects.filter(target=framework)
        .select_related("source")
        .prefetch_related(Prefetch("rows", queryset=rows))
        .order_by("source__period_start", "source__key")
    )


def get_mapping_row_for_user(user, pk: int) -> IndicatorMapping:
    """A row of a mapping into a set the user may change (else 404 or 403, as for the set)."""
    row = (
        IndicatorMapping.objects.select_related("mapping__source", "source", "target")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise Http404("Không tìm thấy dòng chuyển đổi hoặc bạn không có quyền xem.")
    row.mapping.target = selectors.get_framework_for_user(
        user, row.mapping.target_id, for_edit=True
    )
    return row
