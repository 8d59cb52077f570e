"""The Excel import in a real browser: a file with one good and one bad row is refused whole,
the bad row listed with its Vietnamese message (issue: ready for a real province). The task
list's old import address sends the browser to the import pipeline, the task kind chosen."""

import io
import re

import openpyxl

from assignments.models import Task
from assignments.resources import COLUMNS
from ops.demo import seed_demo


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(c) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_krong_no_office_uploads_a_file_with_a_bad_row_and_nothing_is_imported(
    page, live_server, login, tmp_path
):
    seed_demo()
    good = {
        "Mã đơn vị": "dak-nong.krong-no",  # the office writes its own tasks
        "Tên nhiệm vụ": "Hoàn thiện hồ sơ tiêu chí Giao thông",
        "Năm kế hoạch": 2022,
        "Thời hạn": "quý IV/2022",
        "Tiến độ (%)": 20,
    }
    bad = {**good, "Tên nhiệm vụ": "Bê tông hóa đường nội đồng", "Tiến độ (%)": 150}
    upload = tmp_path / "nhiem-vu-krong-no.xlsx"
    upload.write_bytes(_workbook([good, bad]))
    tasks = Task.objects.count()
    login("krongno")

    page.goto(live_server.url + "/nhiem-vu/nhap-excel/")  # a bookmark of the old page
    page.wait_for_url(re.compile(r"/tong-hop/nhap-excel/\?kind=tasks$"))
    assert page.get_by_label("Công việc (nhiệm vụ) của kế hoạch").is_checked()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    errors = page.get_by_role("alert").filter(has_text="không dòng nào được nhập")
    assert "1 lỗi – không dòng nào được nhập" in errors.inner_text()
    row = errors.locator("tbody tr")
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["3", "Tiến độ (%)"]
    assert "Tiến độ 150 % phải từ 0 đến 100 %." in cells[2]
    assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
    assert Task.objects.count() == tasks
