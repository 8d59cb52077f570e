"""A merged commune's trend (issue 16, item 5): before the merger, each predecessor's own
years, labelled by its name; from the merger, the new commune's; never summed or averaged."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from criteria.models import FrameworkMapping
from dashboards import selectors
from dashboards.selectors import Filters
from dashboards.selectors.commune import _trends
from tests import factories
from tests.dashboards.conftest import set_results, year_of

pytestmark = pytest.mark.django_db
MERGER = date(2025, 7, 1)
TODAY = date(2026, 11, 1)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def merged(province, district_a, commune_a, f318, f51):
    """Xã Cẩm Hưng (from 01/07/2025), formed from Cẩm Tân (commune_a) and Cẩm Thịnh:
    the old communes' 2022–2024 on the 2021–2025 set, the new one's 2025 on it and 2026 on
    the 2026–2030 set mapped to it."""
    thinh = factories.CommuneFactory(
        name="Cẩm Thịnh", parent=district_a, framework=f318, valid_to=MERGER
    )
    commune_a.valid_to = MERGER
    commune_a.save(update_fields=["valid_to"])
    new = factories.CommuneFactory(
        name="Cẩm Hưng", parent=district_a, framework=f318, valid_from=MERGER
    )
    new.merged_from.set([commune_a, thinh])
    for year, tan, thinh_missing in (
        (2022, [17, 18], [1, 2, 3]),
        (2023, [5], [1, 2]),
        (2024, [], [1]),
    ):
        set_results(year_of(commune_a, f318, year), not_met=tan)
        set_results(year_of(thinh, f318, year), not_met=thinh_missing)
    set_results(year_of(new, f318, 2025), not_met=[1, 2, 3, 4, 5])
    FrameworkMapping.objects.get_or_create(source=f318, target=f51)
    year_of(new, f51, 2026)
    return new


def test_the_trend_shows_each_predecessor_by_name_before_the_merger_and_never_sums(merged):
    official = factories.official(merged, username="can_bo_cam_hung")
    data = selectors.commune_dashboard(official, merged, Filters(year=2025), TODAY)

    assert data.trend_names == [
        "Xã Cẩm Tân (trước sắp xếp)",
        "Xã Cẩm Thịnh (trước sắp xếp)",
        "Xã Cẩm Hưng",
    ]
    table = [(r.year, [p.met if p else None for p in r.points]) for r in data.trend_rows]
    assert table == [
        (2022, [17, 16, None]),
        (2023, [18, 17, None]),
        (2024, [19, 18, None]),
        (2025, [None, None, 14]),
        (2026, [None, None, 0]),
    ]
    assert [(p.year, p.met) for p in data.trend] == [(2025, 14), (2026, 0)]
    # nothing added together: no 33 (17 + 16), no average
    assert all(p.met <= 19 for s in data.past_trends for p in s.points)


def test_the_page_lists_the_predecessors_values_by_name_and_the_chart_has_a_legend(client, merged):
    client.force_login(factories.official(merged, username="can_bo_cam_hung"))
    html = client.get(reverse("dashboards:commune", args=[merged.pk]), {"nam": 2025}).content
    html = html.decode()

    table = re.search(
        r'<table class="table chart-data" id="bang-xu-huong">(.*?)</table>', html, re.S
    )
    head = re.findall(r'<th scope="col">(.*?)</th>', table.group(1))
    assert head == [
        "Năm",
        "Xã Cẩm Tân (trước sắp xếp)",
        "Xã Cẩm Thịnh (trước sắp xếp)",
        "Xã Cẩm Hưng",
    ]
    rows = re.findall(r"<tr><th scope=\"row\">(\d{4}).*?</th>(.*?)</tr>", table.group(1))
    cells = {year: re.findall(r"<td>(.*?)</td>", rest) for year, rest in rows}
    assert cells["2022"][0].startswith("17/19 tiêu chí")
    assert cells["2022"][1].startswith("16/19 tiêu chí")
    assert cells["2022"][2] == "—"
    assert cells["2025"][:2] == ["—", "—"]
    assert cells["2025"][2].startswith("14/19 tiêu chí")
    assert "33/" not in table.group(1)

    svg = re.search(r'<svg[^>]*id="xu-huong-\d+".*?</svg>', html, re.S).group(0)
    root = ET.fromstring(svg)  # noqa: S314 – our own markup
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for name in ("Xã Cẩm Tân (trước sắp xếp)", "Xã Cẩm Thịnh (trước sắp xếp)", "Xã Cẩm Hưng"):
        assert name in texts
    desc = root.find(f"{SVG}desc").text
    assert (
        "Xã Cẩm Tân (trước sắp xếp): 2022 (318/QĐ-TTg): 17, 2023 (318/QĐ-TTg): 18, "
        "2024 (318/QĐ-TTg): 19;"
    ) in desc
    assert "Xã Cẩm Hưng: 2025 (318/QĐ-TTg): 14, 2026 (51/2025/QĐ-TTg): 0." in desc
    # the series differ without colour: each its own dash pattern
    dashes = {line.get("stroke-dasharray") for line in root.iter(f"{SVG}polyline")}
    assert len(dashes) == 3


def test_a_commune_without_predecessors_renders_as_before(client, commune_a, f318, official_a):
    set_results(year_of(commune_a, f318, 2022), not_met=[17, 18])
    set_results(year_of(commune_a, f318, 2023), not_met=[5])
    data = selectors.commune_dashboard(official_a, commune_a, Filters(), date(2024, 3, 1))
    assert data.past_trends == []
    assert [(p.year, p.met) for p in data.trend] == [(2022, 17), (2023, 18)]
    assert "2022: 17 (đã thẩm tra: —); 2023: 18 (đã thẩm tra: —)" in data.trend_svg

    client.force_login(official_a)
    html = client.get(reverse("dashboards:commune", args=[commune_a.pk])).content.decode()
    assert (
        '<thead><tr><th scope="col">Năm</th><th scope="col">Xã tự đánh giá</th>'
        '<th scope="col">Đã thẩm tra</th><th scope="col">Trạng thái</th></tr></thead>'
    ) in html
    assert "trước sắp xếp" not in html
    assert 'id="xu-huong-sap-xep"' not in html


def test_a_predecessor_without_years_on_these_sets_adds_no_series(merged, district_a, f318):
    empty = factories.CommuneFactory(name="Cẩm Lạc", parent=district_a, framework=f318)
    merged.merged_from.add(empty)
    official = factories.official(merged, username="can_bo_cam_hung")
    data = selectors.commune_dashboard(official, merged, Filters(year=2025), TODAY)
    assert "Xã Cẩm Lạc (trước sắp xếp)" not in data.trend_names


def test_the_predecessors_years_cost_no_extra_query(merged, f318, django_assert_num_queries):
    # the sets mapped to this one; the commune's and its predecessors' years, together
    with django_assert_num_queries(2):
        own, past = _trends(merged, f318)
    assert [len(s.points) for s in past] == [3, 3] and len(own) == 2


@pytest.mark.parametrize("output", ["commune-print", "commune-pdf", "commune-xlsx"])
def test_the_print_view_pdf_and_workbook_of_a_merged_commune_open(client, merged, output):
    client.force_login(factories.official(merged, username="can_bo_cam_hung"))
    response = client.get(reverse(f"dashboards:{output}", args=[merged.pk]), {"nam": 2025})
    assert response.status_code == 200
    if output == "commune-print":
        assert "Xã Cẩm Tân (trước sắp xếp)" in response.content.decode()


def test_the_workbook_lists_each_predecessors_years_under_its_name(client, merged):
    import io

    from openpyxl import load_workbook

    client.force_login(factories.official(merged, username="can_bo_cam_hung"))
    response = client.get(reverse("dashboards:commune-xlsx", args=[merged.pk]), {"nam": 2025})
    rows = list(load_workbook(io.BytesIO(response.content))["Qua các năm"].values)
    assert rows[0][-1] == "Đơn vị"
    by_unit = [(r[-1], r[0]) for r in rows[1:]]
    assert by_unit[:6] == [
        ("Xã Cẩm Tân (trước sắp xếp)", 2022),
        ("Xã Cẩm Tân (trước sắp xếp)", 2023),
        ("Xã Cẩm Tân (trước sắp xếp)", 2024),
        ("Xã Cẩm Thịnh (trước sắp xếp)", 2022),
        ("Xã Cẩm Thịnh (trước sắp xếp)", 2023),
        ("Xã Cẩm Thịnh (trước sắp xếp)", 2024),
    ]
    assert ("Xã Cẩm Hưng", 2025) in by_unit
    # each row its own figures: Cẩm Tân 2022 misses two criteria, Cẩm Thịnh three
    assert rows[1][1] == rows[1][3] - 2 and rows[4][1] == rows[4][3] - 3
