"""The review in a real browser: submit → return with a comment → fix → verify."""

from playwright.sync_api import expect


def _open_cam_tan(page, live_server):
    page.goto(live_server.url + "/xa/")
    page.get_by_role("link", name="Xã Cẩm Tân").click()


def test_commune_submits_district_returns_commune_fixes_district_verifies(
    demo, page, live_server, login
):

    login("camtan-ct")
    _open_cam_tan(page, live_server)
    page.get_by_role("link", name="Gửi thẩm tra…").click()
    # the confirmation says what sending does before anything is sent
    assert "khóa kết quả năm này" in page.locator("main").inner_text()
    page.get_by_role("button", name="Gửi thẩm tra").click()
    assert page.locator("#workflow-state").inner_text() == "Đã gửi thẩm tra"

    login("camxuyen")
    _open_cam_tan(page, live_server)
    page.get_by_role("link", name="Thẩm tra kết quả").click()
    page.get_by_label("Ý kiến về chỉ tiêu 17.3", exact=True).fill(
        "Đề nghị bổ sung ảnh rãnh thoát nước đã xây"
    )
    page.get_by_role("button", name="Trả lại xã").click()
    assert page.locator("#workflow-state").inner_text() == "Trả lại để bổ sung"

    login("camtan")
    _open_cam_tan(page, live_server)
    assert (
        "Đề nghị bổ sung ảnh rãnh thoát nước đã xây"
        in page.locator('[id="chi-tieu-17.3"]').inner_text()
    )
    page.get_by_role("link", name="Cập nhật chỉ tiêu 17.3", exact=True).click()
    answer = page.locator('[id="chi-tieu-17.3"]')
    assert "Đề nghị bổ sung ảnh rãnh thoát nước đã xây" in answer.inner_text()
    answer.get_by_label("Kết quả").select_option("dat")
    answer.get_by_label("Ghi chú / lý do").fill("Đã xây rãnh có nắp đậy, có ảnh kèm theo")
    answer.get_by_role("button", name="Lưu chỉ tiêu 17.3").click()
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.3.")

    login("camtan-ct")
    _open_cam_tan(page, live_server)
    page.get_by_role("link", name="Gửi thẩm tra…").click()
    page.get_by_role("button", name="Gửi thẩm tra").click()

    login("camxuyen")
    _open_cam_tan(page, live_server)
    page.get_by_role("link", name="Thẩm tra kết quả").click()
    page.get_by_role("button", name="Xác nhận thẩm tra").click()
    # what verifying does, before it is done
    assert "số liệu chính thức" in page.locator("#confirm-title + ul").inner_text()
    page.get_by_role("button", name="Đồng ý, xác nhận thẩm tra").click()
    assert page.locator("#workflow-state").inner_text() == "Đã thẩm tra"
    assert "Kết quả đã thẩm tra: 10/19" in page.locator("#official-count").inner_text()

    page.get_by_role("link", name="Nhật ký thay đổi").click()
    trail = page.locator("table.trail").inner_text()
    for step in (
        "Gửi thẩm tra",
        "Trả lại để bổ sung",
        "Xác nhận thẩm tra",
        "Văn phòng NTM yêu cầu xem lại",
    ):
        assert step in trail
