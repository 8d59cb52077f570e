def test_login_page_shows_username_and_password_fields(page, live_server):
    page.goto(live_server.url + "/dang-nhap/")

    form = page.locator("form:has(#id_username)")
    assert form.locator("#id_username").is_visible()
    assert form.locator("#id_password").get_attribute("type") == "password"
