"""Without network, a commune official opens the criterion pages they opened before, from the
copy kept on the phone (static/js/sw.js), types into them, and what they typed is sent when the
network returns; a page never opened says so; signing out deletes the copies."""

import re

from playwright.sync_api import expect

from criteria.models import IndicatorStatus

PHONE = {"width": 360, "height": 740}
KEPT = "ntm-trang-v1"


def _kept_urls(page) -> list[str]:
    return page.evaluate(
        "name => caches.open(name).then(c => c.keys()).then(k => k.map(r => r.url))", KEPT
    )


def _criterion_17(page, login):
    page.set_viewport_size(PHONE)
    login("camtan")  # xã Cẩm Tân's page: the worker is installed and takes over
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.locator("#unmet-links").get_by_role("link", name="17", exact=True).click()
    # page.url is read only once the criterion page has come: read at once, it could still be
    # the commune's page, already kept, and the wait below would prove nothing
    page.wait_for_url(re.compile(r"/tieu-chi/17/"))
    page.wait_for_function(
        "([name, url]) => caches.open(name).then(c => c.match(url)).then(Boolean)",
        arg=[KEPT, page.url],
    )
    return page.locator('[id="chi-tieu-17.1"]')


def test_a_criterion_page_opened_before_works_without_network(demo, page, login, axe):
    row = _criterion_17(page, login)
    status = IndicatorStatus.objects.get(pk=row.locator("input[name=status_pk]").input_value())
    # a save online replaces the copy with the page as it now is
    row.get_by_label("Ghi chú / lý do").fill("Ghi khi còn mạng")
    row.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.1.")
    page.wait_for_function(
        "([name, url]) => caches.open(name).then(c => c.match(url))"
        ".then(r => r && r.text()).then(t => !!t && t.includes('Ghi khi còn mạng'))",
        arg=[KEPT, page.url.split("#")[0]],
    )

    page.context.set_offline(True)
    page.reload()  # the phone lost its signal; the page is opened again
    expect(page.locator(".offline-copy")).to_contain_text("Không có mạng.")
    expect(page.locator(".offline-copy")).to_contain_text("Đây là bản lưu trên máy lúc")
    assert axe() == []
    row = page.locator('[id="chi-tieu-17.1"]')
    assert row.get_by_label("Ghi chú / lý do").input_value() == "Ghi khi còn mạng"
    row.get_by_label("Ghi chú / lý do").fill("Ghi ngoài đồng, không có sóng")
    row.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(row.locator(".draft-note")).to_contain_text("không có kết nối mạng")

    page.context.set_offline(False)  # back in signal: sent by itself (at once or by a retry)
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.1.", timeout=20_000)
    status.refresh_from_db()
    assert status.note == "Ghi ngoài đồng, không có sóng"


def test_a_page_never_opened_says_so_and_signing_out_forgets_the_copies(
    demo, page, live_server, login
):
    _criterion_17(page, login)
    assert any("/tieu-chi/17/" in u for u in _kept_urls(page))
    page.context.set_offline(True)
    page.goto(page.url.replace("/tieu-chi/17/", "/tieu-chi/5/"))
    assert page.locator("h1").inner_text() == "Không có mạng"
    assert "chưa được lưu trên máy" in page.locator("main").inner_text()
    page.context.set_offline(False)
    page.goto(live_server.url + "/viec-cua-toi/")
    assert not any("viec-cua-toi" in u for u in _kept_urls(page))  # only the commune's pages

    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    assert page.url.endswith("/dang-nhap/")
    page.wait_for_function("name => caches.has(name).then(h => !h)", arg=KEPT)


def test_before_a_trip_every_criterion_page_is_kept_at_once(demo, page, login, axe):
    page.set_viewport_size(PHONE)
    login("camtan")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    offer = page.locator("#keep-offline")
    expect(offer).to_be_visible()  # shown once the worker serves the page
    criteria = page.eval_on_selector_all(
        "main h3 a[href*='/tieu-chi/']", "as => as.map(a => a.href)"
    )
    assert len(criteria) >= 10
    offer.get_by_role("button", name="Lưu các trang tiêu chí để dùng khi mất mạng").click()
    expect(offer.get_by_role("status")).to_contain_text(
        f"Đã lưu trang của xã và {len(criteria)} trang tiêu chí lúc", timeout=60_000
    )
    assert axe() == []

    page.context.set_offline(True)  # in a village without signal: a page never opened
    page.goto(criteria[-1])
    expect(page.locator(".offline-copy")).to_contain_text("Không có mạng.")
    expect(page.locator("h1")).to_contain_text("Tiêu chí")
    assert page.locator("form input[name=status_pk]").count() >= 1  # ready for typing


def test_the_offer_is_not_shown_without_the_worker(demo, page, login, live_server):
    # an old browser (no service worker): the button would do nothing, so it is not there
    page.add_init_script("delete Object.getPrototypeOf(navigator).serviceWorker")
    login("camtan")
    assert "/xa/" in page.url
    expect(page.locator("#keep-offline")).to_be_hidden()


def test_the_offer_comes_on_a_page_the_worker_did_not_serve(demo, page, login):
    # a page loaded past the worker (here a reload bypassing it; on a phone, one loaded while
    # the worker was first starting) is taken over, and the offer then works from it
    page.set_viewport_size(PHONE)
    login("camtan")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    cdp = page.context.new_cdp_session(page)
    with page.expect_navigation():
        cdp.send("Page.reload", {"ignoreCache": True})
    offer = page.locator("#keep-offline")
    expect(offer).to_be_visible()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    offer.get_by_role("button", name="Lưu các trang tiêu chí để dùng khi mất mạng").click()
    expect(offer.get_by_role("status")).to_contain_text("Đã lưu trang của xã và", timeout=60_000)
