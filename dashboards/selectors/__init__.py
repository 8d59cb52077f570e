"""Reads for the progress dashboards: what each covers, and every figure it shows.

Who may open which dashboard is decided in units.access (can_open_unit_dashboard,
can_open_province_dashboard, can_open_national_summary, dashboard_units); the modules here:
- `scope`: the dashboards a user is offered and fetches, the filters, and the communes, framework
  and year a dashboard covers;
- `rows`: one row per commune (the matrix), and its sorting;
- `figures`: the headline figures above a matrix, from its rows;
- `presentation`: the marks, CSS classes and labels of cells and rows, and the charts;
- `tiers`: the recognition tiers of a dashboard's communes (recognition.selectors);
- `pages`, `national`, `commune`: the unit and province dashboards, the national summary,
  the commune dashboard.
Callers import from `dashboards.selectors` (this flat API).

Each dashboard is built in a fixed number of queries whatever the number of communes (pinned
in tests/dashboards/test_queries.py): the per-criterion figures come from the maintained
`criteria.CriterionResult` rows and the counts from `Assessment.met_count`, never from
judging indicators again.

How the figures are defined (the same at every level):
- **đạt X/N**: the year's `met_count` (with "đã thẩm tra" only: `verified_met_count`) of the
  commune's assessment on the chosen framework; "—" without one.
- **… chỉ tiêu**: beside it, the indicators met of those in force that year
  (`Assessment.indicator_met_count` / `indicator_count`, verified: `verified_indicator_met_count`),
  "17/19 tiêu chí, 54/56 chỉ tiêu".
- **bình quân**: the criteria met, summed over the communes with a result that year, divided
  by the number of those communes ("bình quân 17,9 tiêu chí/xã"); the same for the indicators
  over the communes whose set has indicators ("… 48,7 chỉ tiêu/xã").
- **hoàn thành thêm**: criteria met this year that were not met the year before, counted for
  communes with a result the year before; compared with the sum of the criteria that the
  year's targets (`plans.Target`) register ("hoàn thành thêm 21 tiêu chí").
- **rớt chuẩn**: a criterion met the year before and "chưa đạt" this year.
- **công nhận theo hạng** (xã NTM, nâng cao, kiểu mẫu, hiện đại; `tiers`): per tier, the
  communes recognised by a decision in force (recognition register), those whose latest
  verified result on a set of that tier's own level meets every criterion but which are not
  recognised, those recognised whose latest verified result on such a set lost criteria (at
  risk of revocation, QĐ 18/2022/QĐ-TTg), and the merged communes whose predecessors held the
  tier but which hold no decision of their own. Never inferred from `Unit.level_goal` nor
  from another tier's set.
- **chưa đạt nhiều nhất**: criteria ordered by the number of communes where they are "chưa đạt".
"""

from .commune import (
    CommuneDashboard,
    CommuneTasksView,
    UnmetItem,
    YearPoint,
    commune_dashboard,
)
from .figures import LOST_LISTED, MOST_UNMET, Headline, UnmetCriterion, headline
from .national import NationalSummary, ProvinceRow, national_summary
from .pages import (
    AreaRow,
    ProvinceDashboard,
    UnitDashboard,
    has_districts,
    province_dashboard,
    unit_dashboard,
)
from .presentation import (
    BASIS_LABELS,
    PRINT_SYMBOLS,
    SYMBOLS,
    Cell,
    Charts,
    CommuneRow,
    TargetView,
)
from .rows import SORTS, commune_rows, sort_rows
from .scope import (
    COMMUNE,
    DISTRICT,
    MET,
    NOT_ASSESSED,
    NOT_FOUND,
    NOT_MET,
    PROVINCE,
    DashboardLink,
    Filters,
    Scope,
    Status,
    dashboards_for,
    get_commune_for_dashboard,
    get_province_for_dashboard,
    get_unit_for_dashboard,
    narrowed,
    resolve_scope,
)
from .tiers import TierTable, share_text, tier_table

__all__ = [
    "BASIS_LABELS",
    "COMMUNE",
    "DISTRICT",
    "LOST_LISTED",
    "MET",
    "MOST_UNMET",
    "NOT_ASSESSED",
    "NOT_FOUND",
    "NOT_MET",
    "PRINT_SYMBOLS",
    "PROVINCE",
    "SORTS",
    "SYMBOLS",
    "AreaRow",
    "Cell",
    "Charts",
    "CommuneDashboard",
    "CommuneRow",
    "CommuneTasksView",
    "DashboardLink",
    "Filters",
    "Headline",
    "NationalSummary",
    "ProvinceDashboard",
    "ProvinceRow",
    "Scope",
    "Status",
    "TargetView",
    "TierTable",
    "UnitDashboard",
    "UnmetCriterion",
    "UnmetItem",
    "YearPoint",
    "commune_dashboard",
    "commune_rows",
    "dashboards_for",
    "get_commune_for_dashboard",
    "get_province_for_dashboard",
    "get_unit_for_dashboard",
    "has_districts",
    "headline",
    "narrowed",
    "national_summary",
    "province_dashboard",
    "resolve_scope",
    "share_text",
    "sort_rows",
    "tier_table",
    "unit_dashboard",
]
