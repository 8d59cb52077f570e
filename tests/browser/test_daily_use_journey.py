"""The issue's "Done when", in a real browser on a 360 × 740 phone: the review loop from the
evidence to the verification, every step reached by a link or the header, and an office's
dashboard that points at who is late – with a workbook people can use (read back with
openpyxl)."""

import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
QUESTION = "Ảnh chưa thấy nắp đậy của rãnh thôn Hòa Bình"


def _commune(page, live_server):
    page.goto(live_server.url + "/xa/")
    page.get_by_role("link", name="Xã Cẩm Tân", exact=True).click()


def _header_count(page) -> int:
    """The number beside "Việc của tôi" (years waiting and tasks due; 0 when none shows)."""
    count = page.locator(".topbar .count")
    return int(count.inner_text().split()[0]) if count.count() else 0


def test_the_review_loop_on_a_phone(demo, page, live_server, login, tmp_path: Path):
    page.set_viewport_size(PHONE)
    evidence = tmp_path / "anh-ranh-thoat-nuoc.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% anh ranh thoat nuoc thon Hoa Binh\n")

    # the official attaches the evidence to 17.3 on the criterion's page
    login("camtan")
    _commune(page, live_server)
    page.locator("#unmet-links").get_by_role("link", name="17", exact=True).click()
    row = page.locator('[id="chi-tieu-17.3"]')
    row.get_by_label("Kết quả").select_option("dat")
    row.get_by_label("Ghi chú / lý do").fill("Các thôn đã xây rãnh có nắp đậy")
    row.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    row.get_by_role("button", name="Lưu chỉ tiêu 17.3").click()
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.3.")

    # the leader sends the year, after reading what sending does
    login("camtan-ct")
    _commune(page, live_server)
    page.get_by_role("link", name="Gửi thẩm tra…").click()
    assert "khóa kết quả năm này" in page.locator("main").inner_text()
    page.get_by_role("button", name="Gửi thẩm tra").click()
    assert page.locator("#workflow-state").inner_text() == "Đã gửi thẩm tra"

    # the district office: the header counts one more thing waiting; the inbox leads to the
    # review, where the evidence opens in one tap
    login("camxuyen")
    waiting = _header_count(page)
    page.goto(live_server.url + "/viec-cua-toi/")
    assert "Chờ thẩm tra (2)" in page.locator("main").inner_text()  # and the demo's Cẩm Thành
    page.get_by_role("link", name=re.compile("Xã Cẩm Tân – năm 2023")).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="anh-ranh-thoat-nuoc.pdf (minh chứng chỉ tiêu 17.3)").click()
    assert Path(download.value.path()).read_bytes() == evidence.read_bytes()
    page.wait_for_load_state()  # its scripts have run, as long before anyone has typed
    # a row per indicator is a card on the phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Ý kiến về chỉ tiêu 17.3", exact=True).fill(QUESTION)
    review = page.url
    # the page was closed before sending: «Việc của tôi» lists the review as typed, unsent,
    # and leads back to it, the question kept (keep.js)
    page.goto(live_server.url + "/viec-cua-toi/")
    page.locator("#drafts-waiting").get_by_role(
        "link", name="Thẩm tra kết quả năm 2023 – Xã Cẩm Tân"
    ).click()
    expect(page).to_have_url(review)
    expect(page.locator(".draft-note")).to_contain_text("Đã điền lại phần bạn nhập")
    assert page.get_by_label("Ý kiến về chỉ tiêu 17.3", exact=True).input_value() == QUESTION
    page.get_by_role("button", name="Trả lại xã").click()
    assert page.locator("#workflow-state").inner_text() == "Trả lại để bổ sung"
    assert _header_count(page) == waiting - 1
    # the review landed: nothing waits on this device any more (it was listed as sent)
    page.goto(live_server.url + "/viec-cua-toi/")
    expect(page.locator("#drafts-waiting")).to_be_hidden()

    # the commune: "1 chỉ tiêu có câu hỏi" links to the indicator, which is answered in place
    login("camtan")
    page.goto(live_server.url + "/viec-cua-toi/")
    assert "1 chỉ tiêu có câu hỏi" in page.locator("main").inner_text()
    _commune(page, live_server)
    questions = page.locator("#questions")
    assert "1 chỉ tiêu có câu hỏi" in questions.inner_text()
    questions.get_by_role("link", name="17.3").click()
    row = page.locator('[id="chi-tieu-17.3"]')
    assert QUESTION in row.inner_text()
    row.get_by_label("Ghi chú / lý do").fill("Đã bổ sung ảnh rãnh có nắp đậy ở thôn Hòa Bình")
    row.get_by_role("button", name="Lưu chỉ tiêu 17.3").click()
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.3.")

    # the leader is told to send it again, and does
    login("camtan-ct")
    _commune(page, live_server)
    page.locator("#questions").get_by_role("link", name="gửi thẩm tra lại").click()
    page.get_by_role("button", name="Gửi thẩm tra").click()
    assert page.locator("#workflow-state").inner_text() == "Đã gửi thẩm tra"

    # the office sees the earlier question, the answer and what was there before, and verifies
    login("camxuyen")
    page.get_by_role("link", name=re.compile("^Việc của tôi")).click()
    page.get_by_role("link", name=re.compile("Xã Cẩm Tân – năm 2023")).click()
    asked = page.locator(".review-comment").inner_text()
    assert f"Câu hỏi lần trước: {QUESTION}" in asked
    assert "Xã đã trả lời" in asked and "Các thôn đã xây rãnh có nắp đậy" in asked
    page.get_by_role("button", name="Xác nhận thẩm tra").click()
    assert "số liệu chính thức" in page.locator("#confirm-title + ul").inner_text()
    page.get_by_role("button", name="Đồng ý, xác nhận thẩm tra").click()
    assert page.locator("#workflow-state").inner_text() == "Đã thẩm tra"
    assert "Kết quả đã thẩm tra: 10/19" in page.locator("#official-count").inner_text()

    page.get_by_role("link", name="Nhật ký thay đổi").click()
    trail = page.locator("table.trail").inner_text()
    for step in ("Gửi thẩm tra", "Trả lại để bổ sung", "Xác nhận thẩm tra", "yêu cầu xem lại"):
        assert step in trail


def test_the_dashboard_points_at_who_is_late_and_its_workbook_is_usable(
    demo, page, live_server, login, tmp_path: Path
):
    login("krongno")
    page.goto(live_server.url + "/tong-hop/")
    page.get_by_role("link", name="Huyện Krông Nô", exact=True).click()

    late = page.locator("#ma-tran tbody tr", has_text="⚠ chậm: chưa đạt")
    assert late.count() >= 1
    row = late.first
    name = row.locator("th").inner_text()
    flag = row.locator(".lost-flag").first.inner_text()
    missing = re.search(r"chưa đạt ([\d, ]+)", flag).group(1).split(", ")[0]
    # the criteria are named under the matrix, not only on hover
    assert "Nhà ở dân cư" in page.locator("#criteria-key").text_content()

    # the cell of a missing criterion opens that criterion's page of the commune
    row.locator("td a", has_text=re.compile(r"\S")).nth(int(missing) - 1).click()
    assert page.locator("h1").inner_text().startswith(f"Tiêu chí {missing}.")
    assert name in page.locator(".crumbs").inner_text()

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (.xlsx)").click()
    path = tmp_path / "tong-hop.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).worksheets[0]
    assert sheet.freeze_panes == "C2"  # the names stay in sight
    assert sheet.auto_filter.ref
    fills = {c.fill.fgColor.rgb for r in sheet.iter_rows(min_row=2) for c in r if c.fill.fill_type}
    assert len(fills) >= 2  # met and not met are coloured differently
    assert any(str(c.value or "").startswith("✔") for r in sheet.iter_rows() for c in r)


def test_on_a_phone_the_task_list_shows_its_tasks_before_its_filters(
    demo, page, live_server, login
):
    """The filters start folded on a phone (static/js/fold.js), so the count and the tasks come
    first; «Bộ lọc» opens them; a filter in use keeps them open. On a PC they are open."""
    page.set_viewport_size(PHONE)
    login("camtan")
    page.goto(live_server.url + "/nhiem-vu/")
    status = page.locator("#id_status")  # the filter's, not a task's own
    expect(status).to_be_hidden()
    count = page.locator("#so-nhiem-vu")
    assert count.bounding_box()["y"] < PHONE["height"]  # the count is on the first screen
    page.get_by_text("Bộ lọc", exact=True).click()
    expect(status).to_be_visible()
    page.get_by_label("Chỉ việc quá hạn").check()
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("(đang lọc)")).to_be_visible()
    expect(status).to_be_visible()  # in use: open
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/nhiem-vu/")
    expect(status).to_be_visible()


def test_on_a_phone_a_dashboard_shows_its_figures_before_its_filters(
    demo, page, live_server, login
):
    """A province's dashboard on a phone: its filters (400 px of the first screen) start
    folded, so the figures come first; a narrowing filter in use is named and keeps them open."""
    page.set_viewport_size(PHONE)
    login("hatinh")
    page.get_by_role("link", name="Tổng hợp", exact=True).first.click()
    page.locator("main").get_by_role("link", name="Tỉnh Hà Tĩnh").first.click()
    year = page.locator("#id_year")
    expect(year).to_be_hidden()
    figures = page.locator("main h2").first
    assert figures.bounding_box()["y"] < PHONE["height"] / 2, figures.bounding_box()
    page.get_by_text("Bộ lọc", exact=True).click()
    expect(year).to_be_visible()
    page.get_by_label("Chỉ số liệu đã thẩm tra").check()
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_text("(đang lọc: chỉ số liệu đã thẩm tra)")).to_be_visible()
    expect(year).to_be_visible()  # in use: open


def test_on_a_phone_a_communes_page_lists_its_criteria_before_their_indicators(
    demo, page, live_server, login
):
    """On a phone each criterion's indicators start folded under «Đạt 10/12 chỉ tiêu», so the
    19 criteria read in a few screens; a filter of the indicators, or an address pointing at
    one, shows them. On a PC they are open."""
    page.set_viewport_size(PHONE)
    login("camtan")  # lands on xã Cẩm Tân's page
    row = page.locator('[id="chi-tieu-17.3"]')
    expect(row).to_be_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 8 * PHONE["height"], height  # was 25 screens with every indicator shown
    box = page.locator("#tieu-chi-17 details")
    assert box.locator("summary").inner_text().startswith("Đạt 10/12 chỉ tiêu")
    box.locator("summary").click()
    expect(row).to_be_visible()

    page.goto(page.url.split("#")[0] + "#chi-tieu-17.3")
    page.reload()
    expect(page.locator('[id="chi-tieu-17.3"]')).to_be_visible()  # the address points at it
    expect(page.locator('[id="chi-tieu-2.1"]')).to_be_hidden()

    page.get_by_role("link", name="Chưa đạt", exact=True).click()
    expect(page.locator('[id="chi-tieu-17.3"]')).to_be_visible()  # a filter shows them

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator('[id="chi-tieu-2.1"]')).to_be_hidden()  # the filter is still «Chưa đạt»
    page.get_by_role("link", name="Tất cả", exact=True).click()
    expect(page.locator('[id="chi-tieu-2.1"]')).to_be_visible()  # on a PC: open
