"""The commune official's day, in a real browser against the real server (issue: working core)."""

from pathlib import Path

from playwright.sync_api import expect


def test_cam_tan_official_brings_criterion_17_to_met(
    demo, page, live_server, login, tmp_path: Path
):
    login("camtan")

    # signed in, the commune's official is on the commune's own page: no list of one to pass
    assert page.locator("h1").inner_text() == "Xã Cẩm Tân"
    assert page.locator("#headline-count").inner_text() == "10/19"
    assert "✘ Chưa đạt" in page.locator("#tieu-chi-17 h3").inner_text()

    # on a phone: the unmet criterion's number leads to its page, where both indicators are
    # done one after the other, each saved in the background (static/js/entry.js): no reload
    page.set_viewport_size({"width": 360, "height": 740})
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    page.locator("#unmet-links").get_by_role("link", name="17", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Tiêu chí 17.")
    # both indicators within three screens of scrolling (the page is 740 px high)
    reach = page.evaluate(
        "el => el.getBoundingClientRect().bottom + window.scrollY",
        page.get_by_role("button", name="Lưu chỉ tiêu 17.3").element_handle(),
    )
    assert reach <= 3 * 740 + 740, reach  # reached in at most three screens of scrolling
    first = page.locator('[id="chi-tieu-17.1"]')
    first.get_by_label("Kết quả").select_option("dat")
    first.get_by_label("Giá trị đo (%)").fill("62,5")
    first.get_by_label("Ghi chú / lý do").fill(
        "Nhà máy nước sạch của huyện đã cấp nước cho 62,5 % số hộ"
    )
    first.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    live = page.locator("#entry-live")
    expect(live).to_have_text("Đã lưu chỉ tiêu 17.1.")
    assert page.locator("#headline-count").inner_text() == "10/19"  # 17.3 still unmet
    assert "✔ Đạt" in page.locator('[id="chi-tieu-17.1"]').inner_text()

    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% bien ban\n")
    second = page.locator('[id="chi-tieu-17.3"]')
    second.get_by_label("Kết quả").select_option("dat")
    second.get_by_label("Ghi chú / lý do").fill("Các thôn đã xây rãnh thoát nước có nắp đậy")
    second.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    second.get_by_role("button", name="Lưu chỉ tiêu 17.3").click()

    expect(live).to_have_text("Đã lưu chỉ tiêu 17.3.")
    assert page.locator("#headline-count").inner_text() == "11/19"
    assert "✔ Đạt" in page.locator("h1").inner_text()
    assert "bien-ban-nghiem-thu.pdf" in page.locator('[id="chi-tieu-17.3"]').inner_text()
    assert len(loads) == 1, loads  # the criterion's page; the saves load nothing
    # a refused save shows its errors in place, the first field focused, nothing lost
    first = page.locator('[id="chi-tieu-17.1"]')
    first.get_by_label("Giá trị đo (%)").fill("150")
    first.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(first.locator(".errors")).to_contain_text("không được vượt quá 100")
    focused = page.evaluate("document.activeElement.id")
    assert focused.endswith("-value"), focused
    assert len(loads) == 1, loads
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Lịch sử chỉ tiêu 17.1", exact=True).click()
    history = page.locator("table.history").inner_text()
    assert "Công chức NTM xã Cẩm Tân" in history
    assert "Chưa đạt → ✔ Đạt" in history.replace("✘ ", "")
    assert "62,5" in history
