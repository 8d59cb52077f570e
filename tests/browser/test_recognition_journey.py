"""The register in a real browser: the Hà Tĩnh office sees on its dashboard a merged commune
lacking its own decision, records its acknowledgement with the basis, and the register and the
dashboard change; the pages pass axe and fit a phone."""

from units.models import Unit

CAM_HUNG = "ha-tinh.cam-hung-mh"


def test_office_records_an_acknowledgement_and_the_figures_follow(
    demo, page, live_server, login, axe
):
    login("hatinh")
    page.goto(live_server.url + "/tong-hop/")
    with page.expect_navigation():  # page.url below is the province's, not the list's
        page.get_by_role("link", name="Tỉnh Hà Tĩnh", exact=True).click()
    # this year's figures (the data's latest year, 2023, predates the merger)
    dashboard = page.url.split("?")[0] + "?year=2026"
    page.goto(dashboard)
    lacking = page.locator("#hang-xa_ntm .tier-lacking")
    assert lacking.locator("strong").inner_text() == "1"  # Cẩm Hưng (minh họa)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Công nhận", exact=True
    ).click()
    assert page.locator("h1").inner_text() == "Sổ công nhận đạt chuẩn"
    xa_ntm = page.locator("#tier-xa_ntm")
    assert xa_ntm.locator("td").nth(2).inner_text().startswith("1")  # Cẩm Tân at risk
    assert xa_ntm.locator("td").nth(3).inner_text().startswith("1")  # Cẩm Hưng lacking
    assert axe() == []

    page.get_by_role("link", name="Xã sau sắp xếp chưa có quyết định công nhận").click()
    row = page.locator("table.lacking tbody tr", has_text="Cẩm Hưng (minh họa)")
    assert "Cẩm Thịnh (minh họa) (Xã NTM, Xã NTM nâng cao)" in row.inner_text()
    assert axe() == []
    row.get_by_role("link", name="Xã Cẩm Hưng (minh họa)").click()

    assert (
        "Chưa có quyết định công nhận nào còn hiệu lực sau sắp xếp"
        in page.locator("#held").inner_text()
    )
    assert "Cẩm Thịnh (minh họa)" in page.locator("#predecessors").inner_text()
    assert axe() == []
    page.get_by_label("Loại quyết định").select_option("thua_nhan")
    page.get_by_label("Hạng công nhận").select_option("xa_ntm")
    page.get_by_label("Số quyết định").fill("900/QĐ-UBND (minh họa)")
    page.get_by_label("Ngày ký").fill("15/09/2025")
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Hà Tĩnh")
    page.get_by_role("button", name="Ghi quyết định").click()
    # refused: an acknowledgement needs its basis; what was typed is kept
    assert "Quyết định thừa nhận phải ghi căn cứ" in page.locator(".errors").inner_text()
    assert page.get_by_label("Số quyết định").input_value() == "900/QĐ-UBND (minh họa)"
    page.get_by_label("Căn cứ").fill("Văn bản 5424/BNN-VPĐP ngày 09/8/2023 (minh họa)")
    page.get_by_label("Ngày ký").fill("15/09/2025")
    page.get_by_role("button", name="Ghi quyết định").click()

    held = page.locator("#held").inner_text()
    assert "Xã NTM" in held and "Thừa nhận" in held and "900/QĐ-UBND (minh họa)" in held
    assert "Ghi quyết định" in page.locator("#history").inner_text()

    page.goto(live_server.url + "/cong-nhan/")
    assert page.locator("#tier-xa_ntm td").nth(3).inner_text().startswith("0")
    # the province dashboard follows: no merged commune lacks its xã NTM decision any more
    page.goto(dashboard)
    assert "Cẩm Hưng" not in page.locator("#hang-xa_ntm .tier-lacking").inner_text()
    assert page.locator("#hang-xa_ntm .tier-lacking strong").inner_text() == "0"
    assert Unit.objects.get(code=CAM_HUNG).recognitions.count() == 1


def test_a_commune_official_reads_its_register_on_a_phone(demo, page, live_server, login):
    login("camtan")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/xa/")
    page.get_by_role("link", name="Xã Cẩm Tân", exact=True).click()
    page.get_by_role("link", name="Sổ công nhận đạt chuẩn").click()
    assert "Có nguy cơ bị thu hồi Xã NTM" in page.locator("#at-risk").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_role("button", name="Ghi quyết định").count() == 0
