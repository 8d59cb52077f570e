"""The recognition tiers on the dashboards: read from the register (recognition.services) and
each tier's own sets, never inferred from a commune's level goal nor from the matrix's set.

Huyện Cẩm Xuyên (district_a), 2023, every commune with level goal "nâng cao":
| xã | kết quả đã thẩm tra 2023 (bộ xã NTM) | quyết định |
|---|---|---|
| Cẩm Tân (commune_a) | 17/19: tiêu chí 10, 17 chưa đạt | công nhận xã NTM 2022 |
| Cẩm Bình | 13/19: tiêu chí 1–5, 10 chưa đạt (31,6 %, có Thu nhập) | công nhận xã NTM 2022 |
| Cẩm Lạc | 19/19 | – |
| Cẩm Duệ | 19/19 | công nhận xã NTM 2022, đã thu hồi 2023 |
"""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import selectors
from dashboards.selectors import Filters
from dashboards.selectors.tiers import counts
from recognition import services as recognition
from recognition.selectors import REVOCATION_RULE, REVOCATION_SOURCE
from tests import factories
from tests.dashboards.conftest import set_results, verify, year_of
from units.models import Unit

pytestmark = pytest.mark.django_db
TODAY = date(2024, 3, 1)
BODY = "UBND tỉnh Hà Tĩnh"
NANG_CAO = Unit.LevelGoal.NANG_CAO


def _verified(commune, framework, year, officer, *, not_met=()):
    a = year_of(commune, framework, year)
    set_results(a, not_met=not_met)
    verify(a, officer)
    return a


def _recognise(actor, units, *, tier="xa_ntm", number="100/QĐ-UBND", on=date(2022, 12, 20)):
    return recognition.record_decision(
        actor=actor,
        kind="cong_nhan",
        number=number,
        signed_on=on,
        body=BODY,
        entries=[recognition.Entry(u, tier, on.year) for u in units],
    )


def _tiers(data) -> dict[str, tuple[int, int, int, int]]:
    return {f.tier: tuple(counts(f)) for f in data.tiers.figures}


def _headline(html: str) -> str:
    return re.search(r'<section class="dash-headline".*?</section>', html, re.S).group(0)


@pytest.fixture
def communes(district_a, commune_a, f318):
    commune_a.level_goal = NANG_CAO
    commune_a.save(update_fields=["level_goal"])
    others = [
        factories.CommuneFactory(
            name=name, parent=district_a, region="btb", framework=f318, level_goal=NANG_CAO
        )
        for name in ("Cẩm Bình", "Cẩm Lạc", "Cẩm Duệ")
    ]
    return [commune_a, *others]


@pytest.fixture
def world(communes, f318, district_officer):
    """The district of the module docstring."""
    tan, binh, lac, due = communes
    _verified(tan, f318, 2023, district_officer, not_met=[10, 17])
    _verified(binh, f318, 2023, district_officer, not_met=[1, 2, 3, 4, 5, 10])
    _verified(lac, f318, 2023, district_officer)
    _verified(due, f318, 2023, district_officer)
    decision = _recognise(district_officer, [tan, binh, due])
    recognition.revoke(
        actor=district_officer,
        entry=decision.entries.get(unit=due),
        number="7/QĐ-UBND",
        signed_on=date(2023, 6, 1),
        body=BODY,
        reason="Không duy trì được các tiêu chí",
    )
    return communes


@pytest.fixture
def officer_client(client, district_officer):
    client.force_login(district_officer)
    return client


# --- the bug: a tier read from another tier's set ------------------------------------------


def test_communes_meeting_the_basic_set_are_not_counted_nang_cao(
    communes, f318, district_a, district_officer, officer_client
):
    for commune in communes:  # all aim at nâng cao, all meet the xã NTM set, all recognised
        _verified(commune, f318, 2023, district_officer)
    _recognise(district_officer, communes)

    data = selectors.unit_dashboard(district_a, Filters(), TODAY)

    assert data.headline.complete == 4
    assert _tiers(data) == {"xa_ntm": (4, 0, 0, 0)}  # no nâng cao: nobody was assessed on it
    html = officer_client.get(reverse("dashboards:unit", args=[district_a.pk])).content.decode()
    headline = _headline(html)
    assert "nâng cao" not in headline and "xã phấn đấu" not in headline
    assert 'id="hang-xa_ntm"' in headline
    assert re.search(r'<td class="tier-recognised"><strong>4</strong>', headline)


def test_nang_cao_is_read_from_a_nang_cao_set_only(
    communes, f318, province, district_a, district_officer
):
    # a nâng cao set of the province (2 criteria; the national one is not complete yet)
    office = factories.province_office(province, username="vp_tinh")
    nang_cao = factories.authored_framework(actor=office, province=province)
    tan, binh, *_ = communes
    for commune in communes:
        _verified(commune, f318, 2023, district_officer)
    _recognise(district_officer, communes)
    # 2026 (the set's period): Cẩm Tân meets every criterion of it, Cẩm Bình not criterion 2
    _verified(tan, nang_cao, 2026, district_officer)
    _verified(binh, nang_cao, 2026, district_officer, not_met=[2])

    data = selectors.unit_dashboard(
        district_a, Filters(framework=f318, year=2026), date(2026, 12, 1)
    )

    assert _tiers(data) == {"xa_ntm": (4, 0, 0, 0), "xa_ntm_nang_cao": (0, 1, 0, 0)}
    (nc,) = [f for f in data.tiers.figures if f.tier == "xa_ntm_nang_cao"]
    assert [a.commune.name for a in nc.eligible] == ["Cẩm Tân"]


# --- recognised, eligible, at risk --------------------------------------------------------


def test_recognised_eligible_and_at_risk_with_the_criteria_lost(world, district_a):
    data = selectors.unit_dashboard(district_a, Filters(), TODAY)

    assert _tiers(data) == {"xa_ntm": (2, 2, 2, 0)}
    (xa_ntm,) = data.tiers.figures
    assert [e.unit.name for e in xa_ntm.recognised] == ["Cẩm Bình", "Cẩm Tân"]  # not Cẩm Duệ
    # eligible: every criterion met, verified, no decision in force (Cẩm Duệ's was revoked)
    assert [a.commune.name for a in xa_ntm.eligible] == ["Cẩm Duệ", "Cẩm Lạc"]
    risky = {r.unit.name: r for r in xa_ntm.at_risk}
    assert (risky["Cẩm Tân"].lost_text, str(risky["Cẩm Tân"].share)) == ("10, 17", "10.5")
    assert not risky["Cẩm Tân"].revocation_case
    assert (risky["Cẩm Bình"].lost_text, str(risky["Cẩm Bình"].share)) == (
        "1, 2, 3, 4, 5, 10",
        "31.6",
    )
    assert risky["Cẩm Bình"].revocation_case  # 30 % or more, Thu nhập among them
    assert data.tiers.revocation_cases


def test_the_page_lists_the_communes_at_risk_and_the_rule_of_qd_18(
    world, district_a, officer_client
):
    html = officer_client.get(reverse("dashboards:unit", args=[district_a.pk])).content.decode()
    headline = _headline(html)

    assert '<table class="table unmet tiers" id="cong-nhan-theo-hang">' in headline
    assert "<caption>Công nhận đạt chuẩn theo hạng, đến ngày 31/12/2023" in headline
    for header in (
        "Đã công nhận",
        "Đủ điều kiện, chưa công nhận",
        "Có nguy cơ bị thu hồi",
        "Chưa được công nhận lại sau sắp xếp",
    ):
        assert f'<th scope="col">{header}</th>' in headline
    assert '<th scope="row">Xã NTM</th>' in headline
    row = re.search(r'<tr id="hang-xa_ntm">(.*?)</tr>', headline, re.S).group(1)
    at_risk = re.search(r'<td class="tier-at-risk">(.*?)</td>', row, re.S).group(1)
    assert '<strong class="lost-flag">2</strong>' in at_risk
    assert "<details><summary>Xem 2 xã</summary>" in at_risk  # no JavaScript needed
    assert "<li>Xã Cẩm Tân: tiêu chí 10, 17 (10,5%)</li>" in at_risk
    assert (
        '<li>Xã Cẩm Bình: tiêu chí 1, 2, 3, 4, 5, 10 (31,6%) – <strong class="lost-flag">'
        'thuộc trường hợp thu hồi theo <a href="#quy-dinh-thu-hoi">QĐ 18/2022/QĐ-TTg</a>' in at_risk
    )
    assert "<li>Xã Cẩm Lạc (năm 2023: 19/19 tiêu chí)</li>" in row
    assert "<li>Xã Cẩm Tân (QĐ 100/QĐ-UBND ngày 20/12/2022)</li>" in row
    assert f'<p class="note" id="quy-dinh-thu-hoi" role="note">{REVOCATION_RULE}' in headline
    assert f'<a href="{REVOCATION_SOURCE}" rel="noopener noreferrer">' in headline


def test_the_print_view_writes_the_lists_out(world, district_a, officer_client):
    html = officer_client.get(
        reverse("dashboards:unit-print", args=[district_a.pk])
    ).content.decode()
    headline = _headline(html)

    assert "<details>" not in headline
    assert "<li>Xã Cẩm Tân: tiêu chí 10, 17 (10,5%)</li>" in headline
    assert "(danh sách trong tệp Excel)" in headline


def test_no_revocation_rule_when_no_commune_falls_in_a_case(
    communes, f318, district_a, district_officer
):
    tan = communes[0]
    _verified(tan, f318, 2023, district_officer, not_met=[10, 17])
    _recognise(district_officer, [tan])

    data = selectors.unit_dashboard(district_a, Filters(), TODAY)

    assert _tiers(data) == {"xa_ntm": (1, 0, 1, 0)}
    assert not data.tiers.revocation_cases


def test_a_result_older_than_the_recognition_puts_nobody_at_risk(
    communes, f318, district_a, district_officer
):
    tan = communes[0]
    _verified(tan, f318, 2022, district_officer, not_met=[10, 17])
    _recognise(district_officer, [tan], on=date(2023, 12, 20))

    data = selectors.unit_dashboard(district_a, Filters(year=2023), TODAY)

    assert _tiers(data) == {"xa_ntm": (1, 0, 0, 0)}


def test_a_past_year_reads_the_register_as_it_stood(world, district_a):
    """2022's dashboard, on 31/12/2022: the recognition of 20/12/2022 in force, nobody at risk
    (no verified 2022 result), Cẩm Duệ not yet revoked."""
    data = selectors.unit_dashboard(district_a, Filters(year=2022), TODAY)

    assert data.tiers.on == date(2022, 12, 31)
    assert _tiers(data) == {"xa_ntm": (3, 0, 0, 0)}


# --- merged communes ------------------------------------------------------------------------

MERGER = date(2025, 7, 1)


@pytest.fixture
def merged(province, district_a, f318, district_officer):
    """Xã Cẩm Hưng (from 01/07/2025, directly under the province) formed from Cẩm Thịnh and
    Cẩm Hà, both recognised xã NTM in 2022; no decision of its own yet."""
    old = [
        factories.CommuneFactory(
            name=name, parent=district_a, framework=f318, valid_to=MERGER, code=f"old-{i}"
        )
        for i, name in enumerate(["Cẩm Thịnh", "Cẩm Hà"])
    ]
    _recognise(district_officer, old)
    new = factories.CommuneFactory(
        name="Cẩm Hưng", parent=province, province=province, framework=f318, valid_from=MERGER
    )
    new.merged_from.set(old)
    for commune in [*old, new]:
        set_results(year_of(commune, f318, 2025))
    return new, old


def test_a_merged_commune_without_a_decision_of_its_own_is_listed(merged, province, client):
    new, _old = merged
    data = selectors.unit_dashboard(province, Filters(year=2025), date(2026, 3, 1))

    # the predecessors' decisions are shown as history, never counted: they no longer exist
    assert _tiers(data) == {"xa_ntm": (0, 0, 0, 1)}
    assert [u.name for u in data.tiers.figures[0].lacking] == ["Cẩm Hưng"]

    client.force_login(factories.official(province, username="vp_tinh", kind="province_office"))
    html = client.get(
        reverse("dashboards:province", args=[province.pk]), {"year": 2025}
    ).content.decode()
    lacking = re.search(r'<td class="tier-lacking">(.*?)</td>', _headline(html), re.S).group(1)
    assert '<strong class="lost-flag">1</strong>' in lacking and "<li>Xã Cẩm Hưng</li>" in lacking


def test_before_the_merger_the_predecessors_count(merged, province):
    data = selectors.unit_dashboard(province, Filters(year=2024), date(2026, 3, 1))

    assert _tiers(data) == {"xa_ntm": (2, 0, 0, 0)}


def test_the_merged_commune_recognised_again_is_counted(merged, province, district_officer):
    new, _old = merged
    _recognise(district_officer, [new], number="55/QĐ-UBND", on=date(2025, 9, 1))

    data = selectors.unit_dashboard(province, Filters(year=2025), date(2026, 3, 1))

    assert _tiers(data) == {"xa_ntm": (1, 0, 0, 0)}


# --- province, national, Excel --------------------------------------------------------------


def test_province_dashboard_counts_per_district_and_in_total(world, merged, province):
    data = selectors.province_dashboard(province, Filters(year=2023), TODAY)

    assert _tiers(data) == {"xa_ntm": (4, 2, 2, 0)}  # the two predecessors exist in 2023
    (area,) = [a for a in data.areas if a.unit is not None]
    assert area.tiers == [[4, 2, 2, 0]]


def test_national_summary_per_province_when_asked(world, province, other_province, commune_b, f318):
    national = selectors.national_summary(Filters(year=2023), TODAY, tiers=True)

    rows = {r.province: r for r in national.rows}
    assert rows[province].tiers == [[2, 2, 2, 0]]
    assert rows[other_province].tiers == [[0, 0, 0, 0]]
    assert national.totals.tiers == [[2, 2, 2, 0]]
    assert national.tiers.revocation_cases
    # by default the page reads no register (the whole country's: seconds, not milliseconds)
    assert selectors.national_summary(Filters(year=2023), TODAY).tiers is None


def test_the_national_page_offers_the_tiers_by_a_link(world, client):
    client.force_login(factories.UserFactory(username="quan_tri", is_superuser=True))
    url = reverse("dashboards:index")

    html = client.get(url, {"year": 2023}).content.decode()
    assert 'id="cong-nhan-theo-tinh"' in html and '<table class="table areas tiers"' not in html
    assert '<a href="?year=2023&amp;cong_nhan=1#cong-nhan-theo-tinh">' in html

    html = client.get(url, {"year": 2023, "cong_nhan": "1"}).content.decode()
    table = re.search(
        r'<table class="table areas tiers" id="cong-nhan-theo-tinh">.*?</table>', html, re.S
    ).group(0)
    assert '<th scope="colgroup" colspan="4">Xã NTM</th>' in table
    assert (
        '<tr><th scope="row">Tỉnh Hà Tĩnh</th><td>2</td><td>2</td><td><strong class="lost-flag">2</strong></td><td>0</td></tr>'
        in table
    )
    assert '<input type="hidden" name="cong_nhan" value="1">' in html  # kept by the filters
    assert REVOCATION_RULE in html


def test_district_excel_has_the_four_figures_per_tier(world, district_a, officer_client):
    response = officer_client.get(reverse("dashboards:unit-xlsx", args=[district_a.pk]))
    book = load_workbook(io.BytesIO(response.content))

    summary = list(book["Công nhận theo hạng"].values)
    assert summary == [
        (
            "Hạng",
            "Đã công nhận",
            "Đủ điều kiện, chưa công nhận",
            "Có nguy cơ bị thu hồi",
            "Chưa được công nhận lại sau sắp xếp",
        ),
        ("Xã NTM", 2, 2, 2, 0),
    ]
    lines = list(book["Công nhận – từng xã"].values)
    assert lines[0] == ("Hạng", "Tình trạng", "Mã xã", "Xã", "Chi tiết")
    by_commune = {(r[1], r[3]): r[4] for r in lines[1:]}
    assert by_commune[("Có nguy cơ bị thu hồi", "Xã Cẩm Tân")].startswith(
        "Năm 2023: không đạt tiêu chí 10, 17 (10,5% số tiêu chí)"
    )
    assert by_commune[("Có nguy cơ bị thu hồi", "Xã Cẩm Bình")].endswith(
        "thuộc trường hợp thu hồi theo QĐ 18/2022/QĐ-TTg"
    )
    assert ("Đủ điều kiện, chưa công nhận", "Xã Cẩm Lạc") in by_commune
    assert by_commune[("Đã công nhận", "Xã Cẩm Tân")].startswith("QĐ 100/QĐ-UBND ngày 20/12/2022")
    figures = dict(list(book["Số liệu chính"].values)[1:])
    assert figures["Công nhận đạt chuẩn theo hạng: tính đến ngày"] == "31/12/2023"
    assert figures["Trường hợp thu hồi quyết định công nhận"] == REVOCATION_RULE
    assert not any("nâng cao" in str(k) for k in figures)


def test_province_and_national_excel_have_the_tiers(world, province, client):
    client.force_login(factories.UserFactory(username="quan_tri", is_superuser=True))
    book = load_workbook(
        io.BytesIO(client.get(reverse("dashboards:province-xlsx", args=[province.pk])).content)
    )
    header, *rows = book["Theo huyện"].values
    assert "Đã công nhận xã NTM" in header and "NTM nâng cao" not in header
    assert dict(zip(header, rows[0], strict=True))["Đã công nhận xã NTM"] == 2
    assert list(book["Công nhận theo hạng"].values)[1] == ("Xã NTM", 2, 2, 2, 0)

    url = reverse("dashboards:index-xlsx")
    assert (
        "Công nhận theo tỉnh" not in load_workbook(io.BytesIO(client.get(url).content)).sheetnames
    )
    book = load_workbook(io.BytesIO(client.get(url, {"year": 2023, "cong_nhan": "1"}).content))
    header, *rows = book["Công nhận theo tỉnh"].values
    assert header[:5] == (
        "Tỉnh",
        "Xã NTM: Đã công nhận",
        "Xã NTM: Đủ điều kiện, chưa công nhận",
        "Xã NTM: Có nguy cơ bị thu hồi",
        "Xã NTM: Chưa được công nhận lại sau sắp xếp",
    )
    assert ("Tỉnh Hà Tĩnh", 2, 2, 2, 0) in [r[:5] for r in rows]
    assert ("Cả nước", 2, 2, 2, 0) in [r[:5] for r in rows]


# --- queries ---------------------------------------------------------------------------------


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def test_the_tier_figures_cost_the_same_queries_with_more_communes_and_mergers(
    merged, province, district_a, f318, district_officer
):
    def add(i):
        """Two communes merged on the same day, each from a recognised commune: one recognised
        again and at risk, one eligible and not recognised again."""
        for j, at_risk in enumerate((True, False)):
            old = factories.CommuneFactory(
                name=f"Cũ {i}{j}", parent=district_a, framework=f318, valid_to=MERGER
            )
            _recognise(district_officer, [old], number=f"{200 + i}/QĐ-UBND")
            new = factories.CommuneFactory(
                name=f"Mới {i}{j}",
                parent=province,
                province=province,
                framework=f318,
                valid_from=MERGER,
            )
            new.merged_from.set([old])
            _verified(new, f318, 2025, district_officer, not_met=[10] if at_risk else [])
            if at_risk:
                _recognise(
                    district_officer, [new], number=f"{300 + i}/QĐ-UBND", on=date(2025, 9, 1)
                )

    def page():
        return selectors.province_dashboard(province, Filters(year=2025), date(2026, 3, 1))

    add(0)
    assert _tiers(page()) == {"xa_ntm": (1, 1, 1, 2)}
    before = _queries(page)
    for i in range(1, 4):
        add(i)

    assert _tiers(page()) == {"xa_ntm": (4, 4, 4, 5)}
    assert _queries(page) == before


# --- the communes the year's targets register to reach the standard -----------------------


def test_the_communes_registered_to_reach_the_standard_and_those_not_yet_recognised(
    world, district_a, officer_client
):
    from plans.models import Target

    tan, binh, lac, due = world
    # to reach 19/19 by the end of 2023: Cẩm Tân (recognised in 2022), Cẩm Lạc (not yet)
    for commune in (tan, lac):
        Target.objects.create(unit=commune, year=2023, level="ntm", target_count=19)
    Target.objects.create(unit=binh, year=2023, level="ntm", target_count=15)  # not all 19
    Target.objects.create(unit=due, year=2023, level="nang_cao", target_count=19)  # other tier

    data = selectors.unit_dashboard(district_a, Filters(), TODAY)

    [registered] = data.tiers.registered
    assert (registered.tier, registered.year, registered.criteria_count) == ("xa_ntm", 2023, 19)
    assert [u.name for u in registered.reached] == ["Cẩm Tân"]
    assert [u.name for u in registered.not_yet] == ["Cẩm Lạc"]
    html = officer_client.get(reverse("dashboards:unit", args=[district_a.pk])).content.decode()
    table = re.search(r'<table[^>]*id="dang-ky-dat-chuan".*?</table>', html, re.S).group(0)
    assert "đủ 19/19 tiêu chí cuối năm" in table
    assert re.search(r"<td><strong>2</strong></td>\s*<td><strong>1</strong></td>", table)
    assert f'href="{reverse("dashboards:commune", args=[lac.pk])}' in table
    book = load_workbook(
        io.BytesIO(
            officer_client.get(reverse("dashboards:unit-xlsx", args=[district_a.pk])).content
        )
    )
    figures = dict(list(book["Số liệu chính"].values)[1:])
    assert figures["Đăng ký đạt chuẩn Xã NTM năm 2023"] == "2 xã: đã công nhận 1, chưa 1"
    lines = {(r[1], r[3]) for r in list(book["Công nhận – từng xã"].values)[1:]}
    assert ("Đăng ký đạt chuẩn trong năm, chưa công nhận", "Xã Cẩm Lạc") in lines


def test_a_target_set_before_the_communes_enter_their_results(
    communes, f318, district_a, officer_client
):
    """The start of a year: the office has set targets, no commune has a result of the year
    yet. The page used to fail (500) on the commune with no count to compare."""
    from plans.models import Target

    tan, binh, *_ = communes
    Target.objects.create(unit=tan, year=2024, level="ntm", framework=f318, target_count=19)
    target = Target.objects.create(unit=binh, year=2024, level="ntm", framework=f318)
    target.criteria.set(f318.criteria.filter(number__in=[1, 2]))

    data = selectors.unit_dashboard(district_a, Filters(framework=f318, year=2024), TODAY)

    [registered] = data.tiers.registered
    assert [u.name for u in registered.not_yet] == ["Cẩm Tân"]  # its 19, no count of its own
    page = officer_client.get(
        reverse("dashboards:unit", args=[district_a.pk]), {"year": 2024, "framework": f318.key}
    )
    assert page.status_code == 200


def test_no_registered_table_without_a_target_reaching_every_criterion(
    world, district_a, officer_client
):
    from plans.models import Target

    Target.objects.create(unit=world[0], year=2023, level="ntm", target_count=18)

    assert selectors.unit_dashboard(district_a, Filters(), TODAY).tiers.registered == []
    html = officer_client.get(reverse("dashboards:unit", args=[district_a.pk])).content.decode()
    assert 'id="dang-ky-dat-chuan"' not in html


def test_the_recognised_count_says_how_many_reached_the_standard_in_the_sets_period(
    world, district_a, district_officer, officer_client
):
    tan, binh, lac, due = world
    # Cẩm Lạc recognised in 2019, before the period of the page's set (2021–2025)
    _recognise(district_officer, [lac], number="55/QĐ-UBND", on=date(2019, 12, 20))

    data = selectors.unit_dashboard(district_a, Filters(), TODAY)

    assert _tiers(data)["xa_ntm"][0] == 3
    assert data.tiers.in_period_of("xa_ntm") == 2
    html = officer_client.get(reverse("dashboards:unit", args=[district_a.pk])).content.decode()
    assert "(trong đó 2 đạt chuẩn trong giai đoạn 2021–2025)" in html
    response = officer_client.get(reverse("dashboards:unit-xlsx", args=[district_a.pk]))
    figures = dict(list(load_workbook(io.BytesIO(response.content))["Số liệu chính"].values)[1:])
    assert figures["Đã công nhận Xã NTM, năm đạt chuẩn trong giai đoạn 2021–2025"] == "2/3"


def test_no_period_note_when_every_recognition_is_of_the_period(world, district_a, officer_client):
    data = selectors.unit_dashboard(district_a, Filters(), TODAY)

    assert data.tiers.in_period_of("xa_ntm") is None
    html = officer_client.get(reverse("dashboards:unit", args=[district_a.pk])).content.decode()
    assert "đạt chuẩn trong giai đoạn" not in html


def test_the_national_table_says_per_province_how_many_reached_the_standard_in_the_period(
    world, province, district_officer, client
):
    _recognise(district_officer, [world[2]], number="55/QĐ-UBND", on=date(2019, 12, 20))

    national = selectors.national_summary(Filters(year=2023), TODAY, tiers=True)

    rows = {r.province: r for r in national.rows}
    assert rows[province].tiers[0][0] == 3 and rows[province].tiers_within == [2]
    assert national.totals.tier_cells == [([3, 1, 2, 0], 2)]  # Cẩm Lạc no longer eligible
    client.force_login(factories.UserFactory(username="quan_tri", is_superuser=True))
    html = client.get(reverse("dashboards:index"), {"year": 2023, "cong_nhan": "1"}).content
    assert (
        '<th scope="row">Tỉnh Hà Tĩnh</th><td>3 <small class="in-period">(trong đó 2 đạt chuẩn '
        "trong giai đoạn 2021–2025)</small></td>" in html.decode()
    )
