"""The admin's guarded forms in a real browser: what the page sends is what a save needs (its
hidden fingerprint included), a change is on record, and a page opened before a change made
elsewhere is refused, then saved on a second, knowing Lưu."""

from playwright.sync_api import expect

from units.models import Unit, UnitChange

CAM_TAN = "ha-tinh.cam-xuyen.cam-tan"


def test_an_administrator_changes_a_commune_in_the_admin_on_record(demo, page, live_server, login):
    login("admin")
    unit = Unit.objects.get(code=CAM_TAN)
    page.goto(f"{live_server.url}/admin/units/unit/{unit.pk}/change/")
    page.locator("#id_level_goal").select_option("nang_cao")
    page.locator("#id_change_basis").fill("Quyết định số 15/QĐ-UBND (minh họa)")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    change = UnitChange.objects.get(unit=unit)
    assert (change.field, change.after, change.basis) == (
        "level_goal",
        "Xã NTM nâng cao",
        "Quyết định số 15/QĐ-UBND (minh họa)",
    )

    page.goto(f"{live_server.url}/admin/units/unit/{unit.pk}/change/")  # opened, then…
    Unit.objects.filter(pk=unit.pk).update(region="dbscl")  # …changed elsewhere
    page.locator("#id_name").fill("Cẩm Tân (sửa)")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang" in page.content()
    assert page.locator("#id_name").input_value() == "Cẩm Tân (sửa)"  # what was typed stays
    unit.refresh_from_db()
    assert unit.name == "Cẩm Tân"
    with page.expect_navigation():  # told, saved on purpose
        page.locator("input[name=_save]").click()
    unit.refresh_from_db()
    assert unit.name == "Cẩm Tân (sửa)"
