"""Headline figures and matrix rows against the hand-computed district of conftest.py."""

from datetime import date

import pytest

from criteria import services
from criteria.models import IndicatorStatus
from dashboards import selectors
from dashboards.selectors import Filters
from dashboards.selectors.tiers import counts
from tests import factories
from tests.dashboards.conftest import set_results, year_of

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db
TODAY = date(2024, 3, 1)


def _rows(data):
    return {r.commune.name: r for r in data.rows}


def test_self_assessed_headline_matches_the_hand_computed_figures(district, f318):
    data = selectors.unit_dashboard(district.district, Filters(), TODAY)
    h = data.headline

    assert (data.framework, data.year) == (f318, 2023)
    assert (h.total, h.communes, h.assessed, h.not_assessed) == (19, 4, 3, 1)
    assert (h.met_sum, h.average_text) == (17 + 19 + 10, "15,3")
    assert h.complete == 1  # Cẩm Bình
    assert (h.added, h.compared) == (2, 2)  # Cẩm Tân reached 17 and 18
    assert (h.target_added, h.target_met) == (5, 2)
    # Cẩm Tân keeps 17, Cẩm Bình 19, Cẩm Lạc aims at 10 + 3 registered: (17 + 19 + 13) / 3
    assert (h.goal_sum, h.target_average_text) == (49, "16,3")
    # no tier from the level goals nor from the matrix's set: Cẩm Bình (goal nâng cao, 19/19
    # verified on the xã NTM set) is eligible for xã NTM, and nâng cao is not shown at all
    assert [(f.tier, *counts(f)) for f in data.tiers.figures] == [("xa_ntm", 0, 1, 0, 0)]
    assert [a.commune.name for a in data.tiers.figures[0].eligible] == ["Cẩm Bình"]
    assert h.distribution == {17: 1, 19: 1, 10: 1}
    assert [(c.name, cr.number) for c, cr in h.lost] == [("Cẩm Tân", 4), ("Cẩm Tân", 5)]
    assert [(u.criterion.number, u.not_met, u.not_assessed) for u in h.unmet] == [
        (4, 1, 0),
        (5, 1, 0),
        (11, 1, 0),
        (12, 1, 0),
        (13, 1, 0),
    ]


def test_verified_only_counts_verified_results_and_compares_verified_years(district):
    data = selectors.unit_dashboard(district.district, Filters(verified=True), TODAY)
    h = data.headline
    rows = _rows(data)

    assert (h.assessed, h.met_sum, h.average_text, h.complete) == (2, 18 + 19, "18,5", 1)
    assert (h.added, h.compared) == (2, 1)  # Cẩm Bình's 2022 was never verified
    assert [(c.name, cr.number) for c, cr in h.lost] == [("Cẩm Tân", 5)]
    assert [(u.criterion.number, u.not_met) for u in h.unmet] == [(5, 1)]
    assert (rows["Cẩm Tân"].headline, rows["Cẩm Tân"].basis) == ("18/19", "verified")
    assert (rows["Cẩm Lạc"].headline, rows["Cẩm Lạc"].basis) == ("—", "unverified")
    assert rows["Cẩm Bình"].added is None


def test_cells_show_verified_results_filled_and_self_assessed_ones_outlined(district):
    rows = _rows(selectors.unit_dashboard(district.district, Filters(), TODAY))
    tan = {c.number: c for c in rows["Cẩm Tân"].cells}
    lac = {c.number: c for c in rows["Cẩm Lạc"].cells}

    assert (tan[1].css, tan[1].symbol) == ("c c-dat tt", "✔")
    assert (tan[5].css, tan[5].word) == ("c c-chua_dat tt", "chưa đạt")
    assert tan[4].css == "c c-chua_dat tdg" and tan[4].changed  # edited after verification
    assert tan[4].word == "chưa đạt, sửa sau thẩm tra"
    assert (lac[11].css, lac[16].css, lac[16].symbol) == (
        "c c-chua_dat tdg",
        "c c-chua_danh_gia tdg",
        "○",
    )
    assert {c.css for c in rows["Cẩm Duệ"].cells} == {"c c-none"}
    assert (rows["Cẩm Tân"].basis_label, rows["Cẩm Lạc"].basis_label) == (
        "Sửa sau thẩm tra",
        "Tự đánh giá",
    )
    assert rows["Cẩm Duệ"].basis_label == "Chưa có kết quả"


def test_target_shows_the_registered_criteria_and_how_many_are_met(district):
    rows = _rows(selectors.unit_dashboard(district.district, Filters(), TODAY))

    tan, lac = rows["Cẩm Tân"].target, rows["Cẩm Lạc"].target
    assert (tan.level_label, tan.numbers, tan.progress) == ("Đạt chuẩn NTM", "17, 18", "2/2")
    assert (lac.level_label, lac.numbers, lac.progress) == (
        "Đạt chuẩn NTM kiểu mẫu",
        "11, 12, 13",
        "0/3",
    )
    assert rows["Cẩm Bình"].target is None


def test_a_criterion_met_last_year_and_not_met_now_is_flagged_as_lost(district, f318, official_a):
    a2023 = district.cam_binh.assessments.get(year=2023)
    status = IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=a2023, indicator__code="19.2")
    services.status_update(
        status=status,
        actor=factories.UserFactory(is_superuser=True),
        new_status=Status.NOT_MET,
        value=None,
        note="Xảy ra trọng án",
        version=status.version,
    )
    # "chưa đánh giá" is not a loss: nothing was judged yet
    set_results(year_of(district.cam_due, f318, 2022))
    set_results(year_of(district.cam_due, f318, 2023), not_assessed=[1])

    data = selectors.unit_dashboard(district.district, Filters(), TODAY)

    lost = [(c.name, cr.number) for c, cr in data.headline.lost]
    assert ("Cẩm Bình", 19) in lost and not [x for x in lost if x[0] == "Cẩm Duệ"]
    assert [c.number for c in _rows(data)["Cẩm Bình"].lost] == [19]
    assert [(c.name, [cr.number for cr in crs]) for c, crs in data.headline.lost_by_commune] == [
        ("Cẩm Bình", [19]),
        ("Cẩm Tân", [4, 5]),
    ]


def test_filters_narrow_the_rows_and_the_figures(district):
    by_level = selectors.unit_dashboard(district.district, Filters(level="kieu_mau"), TODAY)
    by_name = selectors.unit_dashboard(district.district, Filters(q="cam tan"), TODAY)
    elsewhere = selectors.unit_dashboard(district.district, Filters(region="tn"), TODAY)

    assert [r.commune.name for r in by_level.rows] == ["Cẩm Lạc"]
    assert by_level.headline.average_text == "10"
    assert [r.commune.name for r in by_name.rows] == ["Cẩm Tân"]
    assert elsewhere.rows == [] and elsewhere.headline.average_text == "—"


def test_rows_sort_by_any_column_with_missing_values_last(district):
    def names(sort):
        data = selectors.unit_dashboard(district.district, Filters(sort=sort), TODAY)
        return [r.commune.name for r in data.rows]

    assert names("ten") == ["Cẩm Bình", "Cẩm Duệ", "Cẩm Lạc", "Cẩm Tân"]
    assert names("-ten") == ["Cẩm Tân", "Cẩm Lạc", "Cẩm Duệ", "Cẩm Bình"]
    assert names("-dat") == ["Cẩm Bình", "Cẩm Tân", "Cẩm Lạc", "Cẩm Duệ"]
    assert names("dat") == ["Cẩm Lạc", "Cẩm Tân", "Cẩm Bình", "Cẩm Duệ"]
    assert names("-rot")[0] == "Cẩm Tân"
    assert names("-muc-tieu")[:2] == ["Cẩm Lạc", "Cẩm Tân"]
    assert names("no-such-column") == names("ten")


def test_an_earlier_year_compares_with_the_year_before_it(district):
    data = selectors.unit_dashboard(district.district, Filters(year=2022), TODAY)

    assert data.year == 2022 and data.years == [2022, 2023]
    assert (data.headline.assessed, data.headline.met_sum, data.headline.compared) == (2, 36, 0)


def test_province_rows_aggregate_their_district_and_match_its_dashboard(district, province):
    data = selectors.province_dashboard(province, Filters(), TODAY)
    unit = selectors.unit_dashboard(district.district, Filters(), TODAY)

    assert [a.label for a in data.areas] == ["Huyện Cẩm Xuyên"]
    area = data.areas[0].headline
    for name in ("communes", "assessed", "met_sum", "complete", "added", "target_added"):
        assert getattr(area, name) == getattr(unit.headline, name) == getattr(data.headline, name)
    assert data.areas[0].url.startswith(f"/tong-hop/don-vi/{district.district.pk}/?")


def test_national_summary_in_the_database_agrees_with_the_python_figures(district, province):
    for verified in (False, True):
        national = selectors.national_summary(Filters(verified=verified), TODAY, tiers=True)
        unit = selectors.unit_dashboard(district.district, Filters(verified=verified), TODAY)
        (row,) = [r for r in national.rows if r.province == province]
        h = unit.headline
        assert (row.communes, row.assessed, row.met_sum, row.complete) == (
            h.communes,
            h.assessed,
            h.met_sum,
            h.complete,
        )
        assert (row.added, row.lost, row.target_added) == (h.added, len(h.lost), h.target_added)
        assert row.average_text == h.average_text
        # the same tier figures, whichever the figures' basis (they read verified results only)
        assert row.tiers == [counts(f) for f in unit.tiers.figures] == [[0, 1, 0, 0]]
        assert national.distribution == h.distribution
        assert [(u.criterion.number, u.not_met) for u in national.unmet] == [
            (u.criterion.number, u.not_met) for u in h.unmet
        ]


def test_commune_dashboard_has_the_trend_the_gaps_and_the_lost_criteria(district, official_a):
    data = selectors.commune_dashboard(official_a, district.cam_tan, Filters(), TODAY)

    assert [(p.year, p.met, p.verified_met) for p in data.trend] == [(2022, 17, 17), (2023, 17, 18)]
    assert [u.criterion.number for u in data.unmet] == [4, 5]
    assert [s.indicator.code for s in data.unmet[0].rows] == ["4.1"]
    assert [c.number for c in data.row.lost] == [4, 5]
    assert data.tasks.empty
    assert "2022: 17 (đã thẩm tra: 17); 2023: 17 (đã thẩm tra: 18)" in data.trend_svg


def test_dashboards_for_lists_what_each_role_may_open(district, official_a, district_officer):
    province_office = factories.official(
        district.district.province, username="vp_tinh", kind="province_office"
    )

    assert [link.label for link in selectors.dashboards_for(official_a)] == ["Xã Cẩm Tân"]
    assert [link.label for link in selectors.dashboards_for(district_officer)] == [
        "Huyện Cẩm Xuyên"
    ]
    assert [link.url for link in selectors.dashboards_for(province_office)] == [
        f"/tong-hop/tinh/{district.district.province_id}/"
    ]
