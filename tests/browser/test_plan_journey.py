"""The plan journey in a real browser: open the Cẩm Tân 2023 draft, change a paragraph, save,
download the PDF and read it back (issue: ready for a real province)."""

import subprocess

from plans.models import Plan

EDITED = "Xã hoàn thành rãnh thoát nước có nắp đậy ở cả 12 thôn trước ngày 30/10/2023."


def _words(text: str) -> str:
    return " ".join(text.split())


def test_cam_tan_official_edits_the_draft_and_downloads_the_pdf(
    demo, page, live_server, login, tmp_path
):
    plan = Plan.objects.get(unit__code="ha-tinh.cam-xuyen.cam-tan", year_start=2023)
    login("camtan")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Kế hoạch", exact=True
    ).click()
    page.locator("table").get_by_role("link", name=plan.title[:60]).click()
    assert "Dự thảo" in page.locator("#plan-status").inner_text()
    page.get_by_role("link", name="Sửa nội dung").click()

    body = page.locator("textarea[name$='-body']").filter(has_text="Đ").first
    lines = body.input_value().splitlines()
    body.fill("\n".join([EDITED, *lines[1:]]))
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert "Đã lưu kế hoạch." in page.locator(".messages").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)

    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],  # noqa: S607 – poppler-utils
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert EDITED in _words(text)
    assert "KẾ HOẠCH" in text
    assert "Trịnh Minh Chung" in text
