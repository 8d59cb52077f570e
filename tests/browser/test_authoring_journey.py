"""A province office authors its own criteria set in a real browser: a provincial nâng cao set,
one criterion, one indicator with its threshold, published and listed; another province's
office does not even find it (issue: Bộ tiêu chí in the app, not the admin)."""

from criteria.models import Framework, FrameworkChange
from tests import factories
from units.models import Unit


def _nav(page, name):
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_ha_tinh_office_authors_publishes_and_lists_its_own_set(
    demo, page, live_server, login, axe
):
    factories.province_office(Unit.objects.get(code="dak-nong"), username="vp-daknong")
    login("hatinh")

    _nav(page, "Bộ tiêu chí")
    page.get_by_role("link", name="Tạo bộ tiêu chí").click()
    assert page.locator("#id_province").inner_text().strip() == "Tỉnh Hà Tĩnh"
    page.get_by_label("Mã bộ tiêu chí").fill("nc_ha_tinh_2026")
    page.locator("#id_name").fill("Bộ tiêu chí xã NTM nâng cao tỉnh Hà Tĩnh giai đoạn 2026 - 2030")
    page.get_by_label("Tên ngắn").fill("NTM nâng cao Hà Tĩnh")
    page.get_by_label("Hạng công nhận").select_option("xa_ntm_nang_cao")
    page.get_by_label("Số quyết định").fill("12/2026/QĐ-UBND")
    page.get_by_label("Ngày ban hành").fill("15/03/2026")
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Hà Tĩnh")
    page.get_by_label("Áp dụng từ năm").fill("2026")
    page.get_by_label("Đến năm").fill("2030")
    page.get_by_role("button", name="Tạo dự thảo").click()

    assert "Đã tạo dự thảo" in page.locator(".messages").inner_text()
    assert page.locator("#framework-state").inner_text() == "Dự thảo"
    assert "chưa có tiêu chí nào" in page.locator("#publish-problems").inner_text()
    url = page.url

    page.get_by_role("link", name="Thêm tiêu chí").click()
    page.get_by_label("Số tiêu chí").fill("1")
    page.get_by_label("Tên tiêu chí").fill("Quy hoạch")
    page.get_by_role("button", name="Thêm", exact=True).click()
    assert "Tiêu chí chưa có chỉ tiêu nào: 1." in page.locator("#publish-problems").inner_text()

    page.get_by_role("link", name="Thêm chỉ tiêu cho tiêu chí 1").click()
    page.get_by_label("Mã chỉ tiêu").fill("1.1")
    page.get_by_label("Tên chỉ tiêu").fill("Tỷ lệ thôn có quy hoạch chi tiết được duyệt")
    page.get_by_label("Loại").select_option("numeric")
    page.get_by_label("Đơn vị tính").fill("%")
    page.get_by_label("Ngưỡng (mọi xã): ngưỡng bằng số").fill("120")
    page.get_by_role("button", name="Thêm chỉ tiêu").click()
    assert "tỷ lệ phải từ 0 đến 100" in page.locator("#id_nguong0_error").inner_text()
    assert axe() == []
    page.get_by_label("Ngưỡng (mọi xã): ngưỡng bằng số").fill("95,5")
    page.get_by_role("button", name="Thêm chỉ tiêu").click()

    assert "Đã thêm chỉ tiêu 1.1" in page.locator(".messages").inner_text()
    assert "≥ 95,5 %" in page.locator('[id="chi-tieu-1.1"]').inner_text()
    assert axe() == []
    page.get_by_role("button", name="Ban hành").click()
    assert "Đã ban hành" in page.locator(".messages").inner_text()
    assert page.locator("#framework-state").inner_text().startswith("Đã ban hành")

    framework = Framework.objects.get(key="nc_ha_tinh_2026")
    assert framework.is_published and framework.province.code == "ha-tinh"
    assert list(
        FrameworkChange.objects.filter(framework=framework)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    ) == ["created", "added", "added", "published"]

    _nav(page, "Bộ tiêu chí")
    row = page.locator("#bo-nc_ha_tinh_2026")
    assert "Đã ban hành" in row.inner_text() and "1 tiêu chí · 1 chỉ tiêu" in row.inner_text()
    assert axe() == []

    page.get_by_role("button", name="Đăng xuất").click()
    login("vp-daknong")
    response = page.goto(url)
    assert response.status == 404
    _nav(page, "Bộ tiêu chí")
    assert page.locator("#bo-nc_ha_tinh_2026").count() == 0
