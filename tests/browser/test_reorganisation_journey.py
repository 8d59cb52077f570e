"""A reorganisation in a real browser: the administrator types one step of a resolution (Cẩm
Tân and Cẩm Quan into a new commune, on the demo's illustrative basis), previews it, applies
it; the record page, Cẩm Tân's own page and the province's dashboards of 2023 and 2026 then
tell it; every page passes axe."""

from playwright.sync_api import expect

CAM_TAN = "ha-tinh.cam-xuyen.cam-tan"
CAM_QUAN = "ha-tinh.cam-xuyen.cam-quan"


def test_admin_previews_then_applies_a_merger(demo, page, live_server, login, axe):
    login("admin")
    page.goto(live_server.url + "/sap-xep/")
    # the demo's one real merger before this one (Sơn Dương, 01/09/2024)
    assert "1106/NQ-UBTVQH15" in page.locator("main").inner_text()
    assert axe() == []
    with page.expect_navigation():  # axe reads the page the click leads to
        page.get_by_role("link", name="Ghi một lần sắp xếp").click()
    assert axe() == []
    page.get_by_label("Căn cứ").fill("Nghị quyết sắp xếp ĐVHC cấp xã tỉnh Hà Tĩnh (minh họa)")
    page.get_by_label("Có hiệu lực từ").fill("01/07/2025")
    page.get_by_label("Thao tác").select_option("merge_communes")
    page.get_by_label("Mã các đơn vị cũ").fill(f"{CAM_TAN}\n{CAM_QUAN}")
    page.get_by_label("Mã đơn vị sau sắp xếp").fill("ha-tinh.cam-tan-quan-mh")
    page.get_by_label("Tên đơn vị mới").fill("Cẩm Tân Quan (minh họa)")
    page.get_by_label("Loại đơn vị mới").select_option("Xã")
    page.get_by_label("Mã đơn vị cấp trên của xã mới").fill("ha-tinh")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator("section.preview").inner_text()
    assert (
        "Nhập xã: Xã Cẩm Tân, Xã Cẩm Quan → thành lập Xã Cẩm Tân Quan (minh họa) (mã "
        "ha-tinh.cam-tan-quan-mh, trực thuộc Tỉnh Hà Tĩnh)." in preview
    )
    assert "vai trò tại các đơn vị hết hiệu lực kết thúc từ 01/07/2025" in preview
    assert axe() == []
    page.get_by_role("button", name="Áp dụng").click()

    assert page.locator("h1").inner_text().startswith("Nghị quyết sắp xếp ĐVHC")
    record = page.locator("main").inner_text()
    assert "Xã Cẩm Tân Quan (minh họa) (thành lập mới)" in record
    assert "Vai trò kết thúc (2)" in record  # camtan and camtan-ct
    assert axe() == []

    # the list of today's communes has the new one, not Cẩm Tân: it is one tap away, and its
    # page tells where it went
    page.goto(live_server.url + "/xa/?q=cam+tan")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Xã Cẩm Tân Quan (minh họa)")).to_be_visible()
    expect(main.get_by_role("link", name="Xã Cẩm Tân", exact=True)).to_have_count(0)
    assert axe() == []
    page.get_by_role("link", name="1 xã đã sáp nhập, giải thể").click()
    page.get_by_role("link", name="Xã Cẩm Tân", exact=True).click()
    assert "nhập xã vào Xã Cẩm Tân Quan (minh họa)" in page.locator(".unit-timeline").inner_text()
    assert axe() == []
