"""A value typed ten times last year's, or a tenth, is said under the box as it is typed
(static/js/far.js), on a phone: «62,5» typed as «625» is a number and may pass every bar."""

from decimal import Decimal

from playwright.sync_api import expect

from criteria.models import IndicatorStatus

PHONE = {"width": 360, "height": 740}


def test_a_slipped_decimal_comma_is_said_as_it_is_typed(demo, page, login, axe):
    IndicatorStatus.objects.filter(  # last year's figure, as the commune gave it
        assessment__commune__code="ha-tinh.cam-xuyen.cam-tan",
        assessment__year=2022,
        indicator__code="17.1",
    ).update(
        status=IndicatorStatus.Status.MET,
        value=Decimal("62.5"),
        verified_status=IndicatorStatus.Status.MET,
        verified_value=Decimal("62.5"),
    )
    page.set_viewport_size(PHONE)
    login("camtan")  # lands on xã Cẩm Tân's page (2023)
    page.locator("#unmet-links").get_by_role("link", name="17", exact=True).click()
    page.wait_for_url("**/tieu-chi/17/**")
    row = page.locator('[id="chi-tieu-17.1"]')
    expect(row.locator(".earlier")).to_contain_text("Năm 2022: Đạt – 62,5")
    value = row.get_by_label("Giá trị đo (%)")
    hint = row.locator("form .far-hint")

    value.fill("625")
    expect(hint).to_have_text(
        "Giá trị đang nhập gấp 10 lần năm 2022 trở lên: xem lại dấu phẩy thập phân và đơn vị tính."
    )
    assert axe() == []
    value.fill("6,2")
    expect(hint).to_contain_text("chỉ bằng 1/10 năm 2022 trở xuống")
    value.fill("62,5")
    expect(hint).to_be_hidden()  # said nothing: as last year
    value.fill("1.234")  # read both ways: the server asks which, this says nothing
    expect(hint).to_be_hidden()
