"""The commune official's day, in a real browser against the real server (issue: working core)."""

from pathlib import Path


def test_cam_tan_official_brings_criterion_17_to_met(
    demo, page, live_server, login, tmp_path: Path
):
    login("camtan")

    page.get_by_label("Tìm xã").fill("cam tan")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Xã Cẩm Tân").click()
    assert page.locator("#headline-count").inner_text() == "10/19"
    assert "✘ Chưa đạt" in page.locator("#tieu-chi-17 h3").inner_text()

    page.get_by_role("link", name="Cập nhật chỉ tiêu 17.1", exact=True).click()
    page.get_by_label("Kết quả").select_option("dat")
    page.get_by_label("Giá trị đo (%)").fill("62,5")
    page.get_by_label("Ghi chú / lý do").fill(
        "Nhà máy nước sạch của huyện đã cấp nước cho 62,5 % số hộ"
    )
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu chỉ tiêu 17.1" in page.locator(".messages").inner_text()
    assert page.locator("#headline-count").inner_text() == "10/19"  # 17.3 still unmet

    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% bien ban\n")
    page.get_by_role("link", name="Cập nhật chỉ tiêu 17.3", exact=True).click()
    page.get_by_label("Kết quả").select_option("dat")
    page.get_by_label("Ghi chú / lý do").fill("Các thôn đã xây rãnh thoát nước có nắp đậy")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu").click()

    assert page.locator("#headline-count").inner_text() == "11/19"
    assert "✔ Đạt" in page.locator("#tieu-chi-17 h3").inner_text()
    assert "1 minh chứng" in page.locator('[id="chi-tieu-17.3"]').inner_text()

    page.get_by_role("link", name="Lịch sử chỉ tiêu 17.1", exact=True).click()
    history = page.locator("table.history").inner_text()
    assert "Công chức NTM xã Cẩm Tân" in history
    assert "Chưa đạt → ✔ Đạt" in history.replace("✘ ", "")
    assert "62,5" in history
