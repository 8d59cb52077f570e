"""Server-side SVG charts: the numbers are in the picture and in its text alternative."""

import re
import xml.etree.ElementTree as ET

from dashboards import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 – our own markup, parsed to prove it is well formed


def _texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_trend_chart_draws_each_year_with_both_counts_and_says_them_in_its_description():
    svg = charts.trend_chart(
        chart_id="xu-huong",
        years=[2021, 2022, 2023],
        self_counts=[14, 17, 18],
        verified_counts=[None, 17, 18],
        total=19,
        subject="Xã Nâm Nung",
    )
    root = _parse(svg)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "xu-huong-title xu-huong-desc"
    assert root.find(f"{SVG}title").text == "Số tiêu chí đạt theo năm của Xã Nâm Nung"
    desc = root.find(f"{SVG}desc").text
    assert "trên tổng số 19 tiêu chí" in desc
    assert (
        "2021: 14 (đã thẩm tra: —); 2022: 17 (đã thẩm tra: 17); 2023: 18 (đã thẩm tra: 18)" in desc
    )
    texts = _texts(root)
    assert {"2021", "2022", "2023", "14", "17", "18", "—", "19"} <= set(texts)
    assert texts.count("17") == 2  # self-assessed and verified bars of 2022
    # the two series differ by shape, not only colour
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert "#ffffff" in fills and len(fills) == 2


def test_bar_heights_follow_the_values():
    root = _parse(
        charts.trend_chart(
            chart_id="t",
            years=[2022, 2023],
            self_counts=[5, 10],
            verified_counts=[None, None],
            total=10,
        )
    )
    bars = [r for r in root.iter(f"{SVG}rect") if float(r.get("height")) > 12]  # not legend keys
    heights = sorted(float(b.get("height")) for b in bars)
    assert heights[1] == 2 * heights[0]


def test_distribution_chart_counts_communes_per_number_of_criteria():
    svg = charts.distribution_chart(
        chart_id="phan-bo", counts={19: 3, 18: 2, 16: 2, 17: 1}, total=19
    )
    root = _parse(svg)

    desc = root.find(f"{SVG}desc").text
    assert desc == (
        "Số xã theo số tiêu chí đạt. 19 tiêu chí: 3 xã; 18 tiêu chí: 2 xã; "
        "17 tiêu chí: 1 xã; 16 tiêu chí: 2 xã."
    )
    texts = _texts(root)
    assert [t for t in texts if t in {"16", "17", "18", "19"}][-4:] == ["16", "17", "18", "19"]
    assert {"3", "2", "1"} <= set(texts)
    assert "Phân bố số xã theo số tiêu chí đạt (trên 19)" in svg


def test_funding_chart_writes_amounts_in_vietnamese():
    svg = charts.funding_chart(
        chart_id="kinh-phi",
        rows=[("Ngân sách huyện", 12_800_000_000, 450_000_000), ("Xã hội hóa", 850_000, 0)],
    )
    root = _parse(svg)

    desc = root.find(f"{SVG}desc").text
    assert "Ngân sách huyện: kế hoạch 12,8 tỷ đồng, đã giải ngân 450 triệu đồng" in desc
    assert "Xã hội hóa: kế hoạch 850.000 đồng, đã giải ngân 0 đồng" in desc
    assert {"Ngân sách huyện", "12,8 tỷ đồng", "450 triệu đồng", "850.000 đồng"} <= set(
        _texts(root)
    )


def test_labels_are_escaped():
    svg = charts.funding_chart(chart_id='x"><script>', rows=[("<b>Nguồn</b> & khác", 1, 0)])

    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;b&gt;Nguồn&lt;/b&gt; &amp; khác" in svg
    _parse(svg)


def test_an_empty_chart_still_says_so():
    svg = charts.distribution_chart(chart_id="rong", counts={}, total=19)
    assert "Chưa xã nào có kết quả." in svg
    assert re.search(r"<svg[^>]+viewBox=", svg)
