"""The dashboards in a real browser: drilling down from a province to a commune by clicking,
and the Krông Nô district office's daily question against the seed's 2022 targets."""

import re

from playwright.sync_api import expect

from criteria.models import Assessment
from plans.models import Target


def _seed():
    # the demo itself comes from the `demo` fixture (tests/browser/conftest.py)
    if not Target.objects.filter(year=2022).exists():  # until seed_demo seeds the targets itself
        from ops.demo_plans import seed_plans

        seed_plans()


def test_province_office_drills_down_from_province_to_district_to_commune(
    demo, page, live_server, login
):
    _seed()
    login("hatinh")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tổng hợp", exact=True
    ).click()
    page.get_by_role("link", name="Tỉnh Hà Tĩnh", exact=True).click()
    assert page.locator("h1").inner_text() == "Tổng hợp Tỉnh Hà Tĩnh"
    district_row = page.locator("#bang-theo-huyen tbody tr", has_text="Huyện Cẩm Xuyên")
    # communes: the eight of seed 002 and four illustrative ones merged away on 01/07/2025,
    # which were communes of Cẩm Xuyên in 2023 (ops/demo_recognition.py)
    assert district_row.locator("td").first.inner_text() == "12"

    district_row.get_by_role("link", name="Huyện Cẩm Xuyên").click()
    assert page.locator("h1").inner_text() == "Tổng hợp Huyện Cẩm Xuyên"
    assert page.locator("#ma-tran tbody tr").count() == 12
    cam_tan = page.locator("#ma-tran tbody tr", has_text="Xã Cẩm Tân")
    assert "10/19" in cam_tan.inner_text()

    cam_tan.get_by_role("link", name="Xã Cẩm Tân", exact=True).click()
    assert page.locator("h1").inner_text() == "Tổng hợp Xã Cẩm Tân"
    assert page.locator("#xa-dat").inner_text() == "10/19"
    gaps = page.get_by_role("region", name="Tiêu chí, chỉ tiêu chưa đạt năm 2023").inner_text()
    assert "17.3" in gaps and "17.1" in gaps
    crumbs = page.locator(".crumbs").inner_text()
    assert "Tỉnh Hà Tĩnh" in crumbs and "Huyện Cẩm Xuyên" in crumbs


def test_krong_no_office_sees_its_eleven_communes_against_the_2022_targets(
    demo, page, live_server, login
):
    _seed()
    login("krongno")

    page.goto(live_server.url + "/tong-hop/")
    page.get_by_role("link", name="Huyện Krông Nô", exact=True).click()

    assert (
        page.locator("#ma-tran caption")
        .inner_text()
        .startswith("Kết quả 19 tiêu chí của 11 xã – Huyện Krông Nô, năm 2022")
    )
    rows = page.locator("#ma-tran tbody tr")
    assert rows.count() == 11
    # seed 001: 21 criteria registered for 2022
    assert page.locator("#dat-them").inner_text().replace("\n", "") == "0/21 tiêu chí đăng ký"
    # recognised per tier from the register (three NTM, none nâng cao), never inferred from
    # the communes aiming at nâng cao that meet the basic set
    assert page.locator("#hang-xa_ntm .tier-recognised strong").inner_text() == "3"
    assert page.locator("#hang-xa_ntm_nang_cao").count() == 0
    assert page.locator("#so-xa-dat-du").inner_text().replace("\n", "") == "3/11 xã"
    # the year's figure, and the one the targets aim at: every registered criterion reached
    met = sorted(
        Assessment.objects.filter(commune__parent__code="dak-nong.krong-no", year=2022).values_list(
            "met_count", flat=True
        )
    )
    average, goal = sum(met) / 11, (sum(met) + 21) / 11
    sentence = page.locator("#cau-tong-hop").inner_text()
    assert f"bình quân {average:.1f} tiêu chí/xã".replace(".", ",") in sentence
    assert f"mục tiêu cuối năm {goal:.1f}".replace(".", ",") in sentence
    nam_nung = page.locator("#ma-tran tbody tr", has_text="Xã Nâm Nung")
    assert "14/19" in nam_nung.inner_text()
    assert "tiêu chí 5, 9, 16, 18, 19 (đạt 0/5)" in nam_nung.inner_text()
    assert (
        "Hệ thống chính trị và tiếp cận pháp luật"
        in page.locator("#chua-dat-nhieu-nhat tbody tr").first.inner_text()
    )

    # sort by the number of criteria met, most first, with a link (no JavaScript needed)
    page.get_by_role("link", name=re.compile(r"^Đạt\b")).first.click()
    page.wait_for_url(re.compile(r"sort=dat"))
    page.get_by_role("link", name=re.compile(r"^Đạt\b")).first.click()
    page.wait_for_url(re.compile(r"sort=-dat"))
    expect(page.locator("#ma-tran tbody tr").first).to_contain_text("19/19")
    # search without diacritics
    page.get_by_label("Tìm xã (có dấu hoặc không dấu)").fill("nam nung")
    page.get_by_role("button", name="Xem").click()
    # waits for the new page: count() alone could read the table mid-navigation (seen in CI)
    expect(page.locator("#ma-tran tbody tr")).to_have_count(1)

    # the workbook downloads
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (.xlsx)").click()
    assert download.value.suggested_filename == "tong-hop-huyen-krong-no-2022.xlsx"
