"""A commune official reports progress on their own tasks, in a real browser (issue: assignments)."""

import re

from assignments.models import Task


def test_cam_tan_official_updates_a_task_from_viec_cua_toi(demo, page, live_server, login):
    task = Task.objects.get(unit__code="ha-tinh.cam-xuyen.cam-tan", criterion__number=5)
    login("camtan")

    # the header's link carries the count of what waits ("Việc của tôi 3 việc cần xử lý")
    page.get_by_role("link", name=re.compile("^Việc của tôi")).click()
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()
    row = page.locator(f"#nhiem-vu-{task.pk}")
    assert "Quá hạn" in row.inner_text()  # 30/10/2023 is long past
    assert "12,8 tỷ đồng" in row.inner_text()

    row.get_by_label(f"Trạng thái: {task.title}").select_option("in_progress")
    row.get_by_label(f"Tiến độ (%): {task.title}").fill("60")
    row.get_by_role("button", name=f"Cập nhật tiến độ: {task.title}").click()

    assert "Đã cập nhật" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()  # back on the list
    row = page.locator(f"#nhiem-vu-{task.pk}")
    assert "60 %" in row.locator(".progress-value").inner_text()

    row.get_by_role("link", name=task.title).click()
    assert page.locator("#tien-do .progress-value").inner_text() == "60 %"
    history = page.locator("table.history").inner_text()
    assert "Cập nhật tiến độ" in history
    assert "0 % → 60 %" in history
    assert "Công chức NTM xã Cẩm Tân" in history
    task.refresh_from_db()
    assert (task.progress, task.version) == (60, 2)
