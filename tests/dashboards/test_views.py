"""The dashboard pages, their print view, PDF and Excel workbook, and their GET filters."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _row(html: str, commune) -> str:
    return re.search(rf'<tr id="xa-{commune.pk}"[^>]*>(.*?)</tr>', html, re.S).group(1)


def test_district_office_sees_every_commune_against_the_year_and_its_target(
    supervisor_client, district
):
    html = _html(supervisor_client.get(reverse("dashboards:unit", args=[district.district.pk])))

    assert (
        "bình quân <strong>15,3 tiêu chí/xã</strong>, <strong>44 chỉ tiêu/xã</strong> (3/4 xã có "
        "kết quả), mục tiêu cuối năm 16,3;" in html
    )
    assert "hoàn thành thêm <strong>2 tiêu chí</strong> so với năm 2022" in html
    assert "(mục tiêu: 5 tiêu chí đăng ký, đã đạt 2)" in html
    # the recognition tiers, from the register and each tier's sets (not the level goals):
    # Cẩm Bình is eligible for xã NTM; no row for nâng cao, which no commune was assessed on
    assert 'id="nang-cao"' not in html and 'id="hang-xa_ntm_nang_cao"' not in html
    tier = re.search(r'<tr id="hang-xa_ntm">(.*?)</tr>', html, re.S).group(1)
    assert '<td class="tier-recognised"><strong>0</strong></td>' in tier
    assert "<li>Xã Cẩm Bình (năm 2023: 19/19 tiêu chí)</li>" in tier
    tan_url = reverse("dashboards:commune", args=[district.cam_tan.pk])
    assert (
        f'<strong><a href="{tan_url}?framework=xa_ntm_2021_2025&amp;year=2023">Xã Cẩm Tân</a>'
        "</strong>: tiêu chí 4 (Điện); tiêu chí 5 (Trường học)" in html
    )
    # an accessible table: caption, column and row headers
    assert "<caption>Kết quả 19 tiêu chí của 4 xã – Huyện Cẩm Xuyên, năm 2023" in html
    assert '<th scope="col" class="crit"><abbr title="Tiêu chí 5: Trường học">5</abbr></th>' in html
    tan = _row(html, district.cam_tan)
    assert '<th scope="row" class="name">' in tan
    # each cell opens the commune's page of that criterion, named for screen readers
    assert re.search(
        r'<td class="c c-chua_dat tdg"><a href="[^"]+/tieu-chi/\d+/\?framework=xa_ntm_2021_2025'
        r'&amp;year=2023"><b aria-hidden="true">✘\*</b><i>chưa đạt, sửa sau thẩm tra</i>'
        r'<span class="visually-hidden"> tiêu chí \d+</span></a></td>',
        tan,
    )
    assert re.search(
        r'<td class="c c-chua_dat tt"><a href="[^"]+"><b aria-hidden="true">✘</b><i>chưa đạt</i>',
        tan,
    )
    assert "<strong>17/19</strong>" in tan and "Sửa sau thẩm tra" in tan
    assert 'tiêu chí 17, 18 <span class="muted">(đạt 2/2)</span>' in tan
    assert "chậm" not in tan  # its registered criteria are met
    # Cẩm Lạc is behind the target it registered: flagged with a symbol and in words
    lac = _row(html, district.cam_lac)
    assert '<strong class="lost-flag">⚠ chậm: chưa đạt 11, 12, 13</strong>' in lac
    assert '<strong class="lost-flag">⚠ 4, 5</strong>' in tan
    lac = _row(html, district.cam_lac)
    assert "<strong>10/19</strong>" in lac and "Tự đánh giá" in lac and "kiểu mẫu" in lac
    assert "<strong>—</strong>" in _row(html, district.cam_due)
    # charts with their numbers as text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="phan-bo-' in html
    assert (
        "Số xã theo số tiêu chí đạt. 19 tiêu chí: 1 xã; 17 tiêu chí: 1 xã; 10 tiêu chí: 1 xã."
        in html
    )


def test_verified_only_shows_the_official_figures(supervisor_client, district):
    url = reverse("dashboards:unit", args=[district.district.pk]) + "?verified=on"
    html = _html(supervisor_client.get(url))

    assert (
        "bình quân <strong>18,5 tiêu chí/xã</strong>, <strong>55,5 chỉ tiêu/xã</strong> (2/4 xã "
        "có kết quả), mục tiêu cuối năm 18,5" in html
    )
    assert "Chưa thẩm tra" in _row(html, district.cam_lac)
    assert "<strong>18/19</strong>" in _row(html, district.cam_tan)


def test_commune_search_works_without_diacritics_and_other_filters_narrow(
    supervisor_client, district
):
    url = reverse("dashboards:unit", args=[district.district.pk])

    html = _html(supervisor_client.get(url, {"q": "cam tan"}))
    assert html.count('<tr id="xa-') == 1 and f'id="xa-{district.cam_tan.pk}"' in html
    html = _html(supervisor_client.get(url, {"level": "nang_cao"}))
    assert html.count('<tr id="xa-') == 1 and f'id="xa-{district.cam_binh.pk}"' in html


def test_the_folded_filters_name_what_narrows_the_list(supervisor_client, district):
    url = reverse("dashboards:unit", args=[district.district.pk])
    html = _html(supervisor_client.get(url, {"year": "2023"}))
    assert "<summary>Bộ lọc</summary>" in html and "data-active" not in html
    html = _html(
        supervisor_client.get(url, {"year": "2023", "level": "nang_cao", "q": " cam  tan "})
    )
    assert "(đang lọc: Mức phấn đấu: Xã NTM nâng cao, tìm «cam tan»)" in html
    assert "data-narrow-closed data-active" in html  # kept open on a phone


def test_an_invalid_filter_is_shown_and_the_page_still_answers(supervisor_client, district):
    url = reverse("dashboards:unit", args=[district.district.pk])
    html = _html(supervisor_client.get(url, {"level": "vu-tru", "year": "abc", "q": "cam"}))

    assert "Mức phấn đấu không hợp lệ." in html and "Năm không hợp lệ." in html
    assert html.count('<tr id="xa-') == 4  # the invalid level is left out, the search is kept


def test_only_the_sets_that_apply_are_offered(client, district, admin_user, other_province):
    from criteria.models import Framework

    def framework(key, unit_kind, province):
        return Framework.objects.create(
            key=key,
            name=key,
            level=Framework.Level.XA_NTM_NANG_CAO,
            unit_kind=unit_kind,
            province=province,
            period_start=2021,
            period_end=2025,
            state=Framework.State.PUBLISHED,
        )

    own = framework("nc-ha-tinh", Framework.UnitKind.COMMUNE, district.district.province)
    villages = framework("kdc-ha-tinh", Framework.UnitKind.VILLAGE, district.district.province)
    elsewhere = framework("nc-tinh-khac", Framework.UnitKind.COMMUNE, other_province)
    client.force_login(admin_user)  # may read every set: only the page decides
    url = reverse("dashboards:unit", args=[district.district.pk])
    html = _html(client.get(url))
    offered = set(re.findall(r'<option value="([\w-]+)"', html.split('id="id_framework"')[1]))
    assert own.key in offered and "xa_ntm_2021_2025" in offered
    assert villages.key not in offered and elsewhere.key not in offered
    html = _html(client.get(url, {"framework": elsewhere.key}))
    assert "không áp dụng cho đơn vị này" in html
    # the national summary compares provinces on national sets only
    html = _html(client.get(reverse("dashboards:index")))
    offered = set(re.findall(r'<option value="([\w-]+)"', html.split('id="id_framework"')[1]))
    assert own.key not in offered and "xa_ntm_2021_2025" in offered


def test_sort_links_toggle_and_keep_the_other_filters(supervisor_client, district):
    url = reverse("dashboards:unit", args=[district.district.pk])
    html = _html(supervisor_client.get(url, {"q": "cam", "sort": "-dat"}))

    assert re.findall(r'<tr id="xa-(\d+)"', html) == [
        str(c.pk) for c in (district.cam_binh, district.cam_tan, district.cam_lac, district.cam_due)
    ]
    assert 'aria-sort="descending"><a href="?q=cam&amp;sort=dat">Đạt' in html
    assert '<a href="?q=cam&amp;sort=ten">Xã' in html


def test_drill_down_from_province_to_district_to_commune(client, district, province, f318):
    client.force_login(factories.official(province, username="vp_tinh", kind="province_office"))
    html = _html(client.get(reverse("dashboards:province", args=[province.pk])))
    assert (
        f'<a href="/tong-hop/don-vi/{province.pk}/?framework=xa_ntm_2021_2025&amp;year=2023">'
        in html
    )
    link = re.search(r'<a href="(/tong-hop/don-vi/\d+/\?[^"]+)">Huyện Cẩm Xuyên</a>', html).group(1)
    assert "framework=xa_ntm_2021_2025&amp;year=2023" in link

    html = _html(client.get(link.replace("&amp;", "&")))
    assert f'<a href="/tong-hop/tinh/{province.pk}/">Tỉnh Hà Tĩnh</a>' in html  # crumbs
    commune_link = reverse("dashboards:commune", args=[district.cam_tan.pk])
    assert (
        f'<a href="{commune_link}?framework=xa_ntm_2021_2025&amp;year=2023">Xã Cẩm Tân</a>' in html
    )

    html = _html(client.get(commune_link))
    assert '<dd id="xa-dat">17/19</dd>' in html
    assert "2022: 17 (đã thẩm tra: 17); 2023: 17 (đã thẩm tra: 18)" in html
    assert "Chưa có nhiệm vụ nào được giao cho xã" in html


def test_a_province_without_districts_shows_its_communes_directly(client, f318):
    province = factories.UnitFactory(kind="province", prefix="Tỉnh", name="Hà Tĩnh mới")
    factories.CommuneFactory(name="Cẩm Tân mới", parent=province, framework=f318)
    client.force_login(factories.supervisor(province, username="vp_tinh_moi"))

    response = client.get(reverse("dashboards:province", args=[province.pk]), {"year": 2026})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:unit", args=[province.pk]) + "?year=2026"
    html = _html(client.get(response["Location"]))
    assert "Xã Cẩm Tân mới" in html and "Trực thuộc" in html


def test_commune_staff_open_their_commune_but_not_their_district(client, official_a, district):
    client.force_login(official_a)
    assert client.get(reverse("dashboards:commune", args=[district.cam_tan.pk])).status_code == 200
    assert client.get(reverse("dashboards:unit", args=[district.district.pk])).status_code == 404
    assert client.get(reverse("dashboards:commune", args=[district.cam_lac.pk])).status_code == 404
    html = _html(client.get(reverse("dashboards:index")))
    assert f'href="/tong-hop/xa/{district.cam_tan.pk}/">Xã Cẩm Tân</a>' in html


def test_dashboards_answer_only_get(supervisor_client, district):
    url = reverse("dashboards:unit", args=[district.district.pk])
    assert supervisor_client.post(url).status_code == 405
    assert supervisor_client.post(url + "xlsx/").status_code == 405


def test_print_view_is_a_standalone_page_with_the_print_stylesheet(supervisor_client, district):
    html = _html(
        supervisor_client.get(reverse("dashboards:unit-print", args=[district.district.pk]))
    )

    assert "dashboards/print.css" in html and "css/app.css" not in html
    assert "Huyện Cẩm Xuyên: bình quân <strong>15,3 tiêu chí/xã</strong>" in html
    assert '<a href="/tong-hop/xa/' not in html  # no links on paper


def test_pdf_is_a4_landscape_in_the_vendored_font_with_the_figures(
    supervisor_client, district, pdf_text
):
    response = supervisor_client.get(reverse("dashboards:unit-pdf", args=[district.district.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="tong-hop-huyen-cam-xuyen-2023.pdf"' in response["Content-Disposition"]
    text, fonts = pdf_text(response.content)
    assert "Tổng hợp Huyện Cẩm Xuyên" in text
    assert "bình quân 15,3 tiêu chí/xã" in text
    assert "Xã Cẩm Tân: tiêu chí 4 (Điện); tiêu chí 5 (Trường học)" in text
    rows, _ = pdf_text(response.content, layout=True)
    assert "√ √ √ ×* × √" in rows  # criteria 1 to 5 and on of Cẩm Tân, in print marks
    assert "chậm: 11, 12, 13" in rows  # Cẩm Lạc behind its target, in words on paper
    assert (
        "Số liệu của biểu đồ: số xã theo số tiêu chí đạt Số tiêu chí đạt Số xã 19 1 17 1 10 1"
        in text
    )
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert names <= {"NTM-Print", "NTM-Print-Bold", "NTM-Print-Italic", "NTM-Print-Bold-Italic"}
    # the criteria's names as a key under the matrix (the columns carry only numbers)
    key = text.split("Tên các tiêu chí", 1)[1]
    assert "Quy hoạch" in key and "Trường học" in key and "Giao thông" in key


def test_excel_export_has_the_matrix_and_neutralises_formulas(supervisor_client, district):
    district.cam_due.name = '=HYPERLINK("http://x")'
    district.cam_due.save(update_fields=["name"])
    response = supervisor_client.get(reverse("dashboards:unit-xlsx", args=[district.district.pk]))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Bảng tổng hợp",
        "Tên tiêu chí",
        "Số liệu chính",
        "Chưa đạt nhiều nhất",
        "Rớt chuẩn",
        "Công nhận theo hạng",
        "Công nhận – từng xã",
        "Kinh phí theo nguồn",
    ]
    rows = list(book["Bảng tổng hợp"].values)
    header = rows[0]
    assert header[:5] == ("Mã xã", "Xã", "Trực thuộc", "Mức phấn đấu", "TC 1")
    by_name = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    tan = by_name["Xã Cẩm Tân"]
    assert (tan["TC 4"], tan["TC 5"], tan["Số tiêu chí đạt"]) == (
        "✘ Chưa đạt (tự đánh giá)",
        "✘ Chưa đạt",
        17,
    )
    # usable as it opens: the names frozen, a filter, statuses coloured, A4 landscape with
    # the header row on every printed page; the criteria named on their own sheet
    sheet = book["Bảng tổng hợp"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == sheet.dimensions
    tan_row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Xã Cẩm Tân")
    colours = {c.value: c.fill.fgColor.rgb for c in tan_row[4:23]}
    assert colours["✘ Chưa đạt"] == "00F4CCCC" and colours["✔ Đạt"] == "00D9EAD3"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["B"].width >= len("Xã Cẩm Tân")
    key = list(book["Tên tiêu chí"].values)
    assert key[5] == (5, "TC 5", "Trường học")
    assert (tan["Tiêu chí đạt thêm"], tan["Tiêu chí rớt chuẩn"]) == ("17, 18", "4, 5")
    assert '\'Xã =HYPERLINK("http://x")' not in by_name  # the unit's prefix comes first…
    figures = dict(list(book["Số liệu chính"].values)[1:])
    assert figures["Bình quân (tiêu chí/xã)"] == 15.3
    assert figures["Số xã đạt 19/19 tiêu chí"] == 1


def test_excel_cells_starting_like_a_formula_get_an_apostrophe():
    from dashboards.excel import neutralise

    assert [neutralise(v) for v in ["=1+1", "+84", "-5", "@SUM(A1)", "Đạt", 5, None]] == [
        "'=1+1",
        "'+84",
        "'-5",
        "'@SUM(A1)",
        "Đạt",
        5,
        None,
    ]


def test_administrators_get_the_national_summary_by_province(
    client, district, province, admin_user
):
    client.force_login(admin_user)
    html = _html(client.get(reverse("dashboards:index")))

    assert "Cả nước, theo tỉnh" in html
    row = re.search(
        r'<a href="/tong-hop/tinh/\d+/\?[^"]*">Tỉnh Hà Tĩnh</a></th>(.*?)</tr>', html, re.S
    )
    assert re.sub(r"\s+", "", row.group(1)).startswith(
        "<td>4</td><td>3</td><td>1</td><td>15,3</td><td>2/5</td><td>2</td>"
    )
    book = load_workbook(io.BytesIO(client.get(reverse("dashboards:index-xlsx")).content))
    # the average as a number Excel sums and sorts, not the text «15,3»
    assert list(book["Theo tỉnh"].values)[1][:5] == ("Tỉnh Hà Tĩnh", 4, 3, 1, 15.3)


@pytest.mark.parametrize(
    "params",
    [
        {"year": "99999999999999999999"},
        {"year": "-1", "framework": "\x00"},
        {"q": "\x00ab", "sort": "../../etc"},
        {"q": "x" * 500, "verified": "không", "region": "<script>"},
        {"framework": "xa_ntm_2016_2020", "year": "2022", "level": "nang_cao"},
    ],
)
def test_odd_filters_answer_a_page_never_an_error(supervisor_client, district, params):
    for name in ("unit", "unit-xlsx"):
        response = supervisor_client.get(
            reverse(f"dashboards:{name}", args=[district.district.pk]), params
        )
        assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ["kind=statuses&unit=99999999999999999999", "kind=x&unit=1", "unit=abc"]
)
def test_odd_export_requests_are_not_found(supervisor_client, query):
    assert supervisor_client.get(reverse("imports:data-export") + "?" + query).status_code == 404


def test_matrix_row_shows_a_unit_name_with_markup_as_text(
    supervisor_client, client, admin_user, district
):
    """Unit names come from Excel imports: the matrix row (built in Python) escapes them."""
    commune = district.cam_lac
    commune.name = "Cẩm <b>Lạc</b>\"'"
    commune.save(update_fields=["name"])
    district.district.name = "Cẩm <i>Xuyên</i>"
    district.district.save(update_fields=["name"])

    html = _html(supervisor_client.get(reverse("dashboards:unit", args=[district.district.pk])))
    row = _row(html, commune)

    assert "<b>Lạc</b>" not in row
    assert "Cẩm &lt;b&gt;Lạc&lt;/b&gt;&quot;&#x27;</a>" in row
    client.force_login(admin_user)
    province = district.district.parent
    html = _html(client.get(reverse("dashboards:unit", args=[province.pk])))
    row = _row(html, commune)
    assert "<td>Huyện Cẩm &lt;i&gt;Xuyên&lt;/i&gt;</td>" in row  # the parent column
    assert "<i>Xuyên</i>" not in html


def test_a_comparison_with_a_year_without_results_says_so(client, commune_a, district_a, f318):
    from criteria import services

    services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=None)
    client.force_login(factories.supervisor(district_a, username="vp_huyen"))
    html = client.get(
        reverse("dashboards:unit", args=[district_a.pk]), {"framework": f318.key, "year": 2023}
    ).content.decode()
    assert "chưa so được với năm 2022 (không xã nào có kết quả năm đó)" in html
    assert "hoàn thành thêm" not in html
    # nor do the figures say 0 added, 0 lost: nothing was compared
    for figure in ("dat-them", "so-rot-chuan"):
        dd = re.search(rf'<dd id="{figure}">(.*?)</dd>', html, re.S).group(1)
        assert dd == "—<small> chưa so được</small>", dd


def test_a_communes_page_of_verified_figures_lists_what_the_office_verified_not_met(
    supervisor_client, district
):
    """Cẩm Tân 2023: verified 18/19 (5 not met), then 4.1 edited to «chưa đạt» by the
    commune. With «chỉ số liệu đã thẩm tra» the page, its print and its workbook list 5 only,
    each marked verified; without it, the commune's own list (4 and 5)."""
    url = reverse("dashboards:commune", args=[district.cam_tan.pk])

    def unmet(params):
        html = supervisor_client.get(url, {"year": 2023, **params}).content.decode()
        section = html.split('id="chua-dat"')[1].split("</section>")[0]
        return html, re.findall(r"<h3>Tiêu chí (\d+)\.", section), section

    html, numbers, section = unmet({"verified": "on"})
    assert '<dd id="xa-dat">18/19</dd>' in html and "Tiêu chí đạt (đã thẩm tra)" in html
    assert numbers == ["5"] and "Chưa đạt (đã thẩm tra)" in section
    _, own, _ = unmet({})
    assert own == ["4", "5"]
    book = load_workbook(
        io.BytesIO(
            supervisor_client.get(
                reverse("dashboards:commune-xlsx", args=[district.cam_tan.pk]),
                {"year": 2023, "verified": "on"},
            ).content
        )
    )
    rows = list(book["Chỉ tiêu chưa đạt"].values)[1:]
    assert {r[0] for r in rows if isinstance(r[0], int)} == {5}
