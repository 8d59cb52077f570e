"""Nothing typed is lost to a bad connection, a closed tab or a session that ran out
(static/js/keep.js, static/js/entry.js): a commune official on a cheap phone on a criterion's
page, and a plan's text on a PC, in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from criteria import services
from criteria.models import IndicatorStatus
from plans.models import Plan

PHONE = {"width": 360, "height": 740}
NOTE = "Nhà máy nước của huyện đã cấp nước sạch cho 62,5 % số hộ"


def _sign_in_again(page, username="camtan"):
    page.wait_for_url("**/dang-nhap/**")
    page.fill("#id_username", username)
    page.fill("#id_password", "ntm-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập", exact=True).click()


def _criterion_17(page, login):
    page.set_viewport_size(PHONE)
    login("camtan")  # lands on xã Cẩm Tân's page
    page.locator("#unmet-links").get_by_role("link", name="17", exact=True).click()
    page.wait_for_url("**/tieu-chi/17/**")  # the criterion's page, not the commune's any more
    page.wait_for_load_state()  # its scripts have run (keep.js also keeps what came before)
    return page.locator('[id="chi-tieu-17.1"]')


def _status(row) -> IndicatorStatus:
    return IndicatorStatus.objects.get(pk=row.locator("input[name=status_pk]").input_value())


def _fill(row):
    row.get_by_label("Kết quả").select_option("dat")
    row.get_by_label("Giá trị đo (%)").fill("62,5")
    row.get_by_label("Ghi chú / lý do").fill(NOTE)


def test_a_save_without_network_stays_on_the_page_and_goes_when_the_network_returns(
    demo, page, login, axe
):
    row = _criterion_17(page, login)
    before = _status(row)
    _fill(row)
    url = page.url
    page.context.set_offline(True)
    row.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(row.locator(".draft-note")).to_contain_text("không có kết nối mạng")
    expect(page.locator("#entry-live")).to_contain_text("Chưa lưu được chỉ tiêu 17.1")
    # the page did not go anywhere (no browser error page) and holds what was typed
    assert page.url == url
    assert axe() == []
    assert row.get_by_label("Ghi chú / lý do").input_value() == NOTE
    assert row.get_by_label("Giá trị đo (%)").input_value() == "62,5"
    now = IndicatorStatus.objects.get(pk=before.pk)
    assert (now.note, now.version) == (before.note, before.version)

    page.context.set_offline(False)  # the connection is back: sent by itself (at once, or
    # by the next try if the browser's "online" came before the network: 2 s, 5 s, …)
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.1.", timeout=20_000)
    saved = IndicatorStatus.objects.get(pk=before.pk)
    assert (saved.status, saved.note, saved.version) == ("dat", NOTE, before.version + 1)
    assert "✔ Đạt" in page.locator('[id="chi-tieu-17.1"]').inner_text()
    # saved: nothing is kept on the phone any more
    page.reload()
    expect(page.locator('[id="chi-tieu-17.1"]').get_by_label("Ghi chú / lý do")).to_have_value(NOTE)
    assert page.locator(".draft-note").count() == 0


def test_a_closed_page_fills_back_what_was_typed_until_it_is_dropped(demo, page, login, axe):
    row = _criterion_17(page, login)
    served = row.get_by_label("Ghi chú / lý do").input_value()
    _fill(row)
    old = "ntm:giu:1:tham-tra:1"  # a form not opened for 31 days (a year verified since…)
    page.evaluate(
        "k => localStorage.setItem(k, JSON.stringify({at: Date.now() - 31 * 864e5, fields: {}}))",
        old,
    )
    page.reload()  # the tab was closed, the phone restarted…
    assert page.evaluate("k => localStorage.getItem(k)", old) is None  # swept
    row = page.locator('[id="chi-tieu-17.1"]')
    expect(row.locator(".draft-note")).to_contain_text("Đã điền lại phần bạn nhập lúc")
    assert row.get_by_label("Ghi chú / lý do").input_value() == NOTE
    assert row.get_by_label("Kết quả").input_value() == "dat"
    assert page.locator(".draft-note").count() == 1  # only the indicator typed in
    assert axe() == []

    row.get_by_role("button", name="Bỏ phần nhập này").click()
    expect(page.locator("#entry-live")).to_have_text("Đã bỏ phần nhập chưa lưu.")
    assert row.get_by_label("Ghi chú / lý do").input_value() == served
    assert row.locator(".draft-note").count() == 0
    page.reload()
    assert page.locator(".draft-note").count() == 0


def test_what_was_typed_survives_the_session_running_out(demo, page, login):
    row = _criterion_17(page, login)
    status = _status(row)
    _fill(row)
    Session.objects.all().delete()  # eight hours later: the session is over
    row.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    _sign_in_again(page)
    # back on the criterion's page, with the typing filled back in
    row = page.locator('[id="chi-tieu-17.1"]')
    expect(row.locator(".draft-note")).to_contain_text("Đã điền lại phần bạn nhập")
    assert row.get_by_label("Ghi chú / lý do").input_value() == NOTE
    row.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.1.")
    status.refresh_from_db()
    assert (status.status, status.note) == ("dat", NOTE)


def test_typing_kept_from_before_someone_else_saved_is_shown_not_filled_in(demo, page, login):
    row = _criterion_17(page, login)
    status = _status(row)
    _fill(row)
    services.status_update(  # a colleague saves 17.1 meanwhile, on another device
        status=status,
        actor=get_user_model().objects.get(username="camtan-ct"),
        new_status="chua_dat",
        value=None,
        note="Chưa có số liệu của nhà máy nước",
        version=status.version,
    )
    page.reload()
    row = page.locator('[id="chi-tieu-17.1"]')
    note = row.locator(".draft-note")
    expect(note).to_contain_text("đã được cập nhật sau đó nên không điền lại")
    expect(note).to_contain_text(f"«{NOTE}»")
    # the newer value is in the form, not overwritten by the older typing
    assert row.get_by_label("Ghi chú / lý do").input_value() == "Chưa có số liệu của nhà máy nước"


def test_a_plans_text_survives_the_session_running_out(demo, page, live_server, login, axe):
    plan = Plan.objects.get(unit__code="ha-tinh.cam-xuyen.cam-tan", year_start=2023)
    edited = "Xã hoàn thành rãnh thoát nước có nắp đậy ở cả 12 thôn trước ngày 30/10/2023."
    login("camtan")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/sua/")
    body = page.locator("textarea[name='s-0-body']")
    served = body.input_value()
    body.fill(edited + "  \n")  # the server keeps text trimmed
    Session.objects.all().delete()  # an hour of writing later, the session is over
    page.get_by_role("button", name="Lưu", exact=True).click()  # a plain post: no script
    _sign_in_again(page)
    # back on the plan's form, the paragraph filled back in and the rest as it was
    assert page.url.endswith(f"/ke-hoach/{plan.pk}/sua/")
    expect(page.locator(".draft-note")).to_contain_text("Đã điền lại phần bạn nhập")
    assert body.input_value().strip() == edited
    assert axe() == []
    plan.refresh_from_db()
    assert plan.sections.first().body == served  # nothing was saved meanwhile
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu kế hoạch.")
    assert plan.sections.first().body == edited
    # saved (trimmed): the form opens as the server holds it, nothing to fill back in or show
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/sua/")
    assert body.input_value() == edited
    assert page.locator(".draft-note").count() == 0


@pytest.mark.no_service_worker  # the page's own requests are routed here, not a worker's
def test_a_save_lost_on_a_weak_signal_is_tried_again_by_itself(demo, page, login):
    """The browser still says "online" but the request is lost (a weak signal): the save is
    tried again after 2 s, 5 s, … without anyone pressing anything."""
    row = _criterion_17(page, login)
    status = _status(row)

    def lose_saves(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/tieu-chi/17/**", lose_saves)
    _fill(row)
    row.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(row.locator(".draft-note")).to_contain_text("không có kết nối mạng")
    status.refresh_from_db()
    assert status.note != NOTE
    page.unroute("**/tieu-chi/17/**")  # the signal comes back; no "online" event is fired
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.1.", timeout=20_000)
    status.refresh_from_db()
    assert status.note == NOTE


@pytest.mark.no_service_worker  # the page's own requests are routed here, not a worker's
def test_the_communes_page_lists_typing_left_on_its_criterion_pages(
    demo, page, login, axe, live_server
):
    """Back from a trip: a page closed with typing not saved is not forgotten – the commune's
    page lists it, each a link to where it is filled back in."""
    row = _criterion_17(page, login)
    commune_page = live_server.url + page.locator(".crumbs a").nth(1).get_attribute("href")
    status = _status(row)
    waiting = page.locator("#drafts-waiting")

    row.get_by_label("Ghi chú / lý do").fill(NOTE)  # typed, never saved: the tab is left
    page.goto(commune_page)
    expect(waiting).to_be_visible()
    expect(waiting.locator("li")).to_have_count(1)
    expect(waiting.locator("li").first).to_contain_text("(chưa bấm Lưu)")
    assert axe() == []

    # a save lost on the way (no answer): listed as pressed, not sure to have landed
    waiting.get_by_role("link", name="Chỉ tiêu 17.1 năm 2023").click()
    row = page.locator('[id="chi-tieu-17.1"]')
    expect(row.locator(".draft-note")).to_contain_text("Đã điền lại phần bạn nhập")
    page.route(
        "**/tieu-chi/17/**",
        lambda route: (
            route.abort("internetdisconnected")
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    row.get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(row.locator(".draft-note")).to_contain_text("không có kết nối mạng")
    page.unroute("**/tieu-chi/17/**")
    page.goto(commune_page)  # left before the page sent it again
    expect(waiting.locator("li").first).to_contain_text("(đã bấm Lưu nhưng chưa chắc đã lưu được)")

    waiting.get_by_role("link", name="Chỉ tiêu 17.1 năm 2023").click()
    page.locator('[id="chi-tieu-17.1"]').get_by_role("button", name="Lưu chỉ tiêu 17.1").click()
    expect(page.locator("#entry-live")).to_have_text("Đã lưu chỉ tiêu 17.1.")
    status.refresh_from_db()
    assert status.note == NOTE
    page.goto(commune_page)
    expect(waiting).to_be_hidden()  # nothing waits any more


def test_a_plan_left_unsaved_is_listed_on_the_communes_page_and_in_my_work(
    demo, page, login, axe, live_server
):
    """The list of what waits on the device gathers every form, not only the criterion pages:
    the commune's page lists what was typed for that commune, «Việc của tôi» everything."""
    plan = Plan.objects.get(unit__code="ha-tinh.cam-xuyen.cam-tan", year_start=2023)
    login("camtan")
    commune_page = page.url
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/sua/")
    body = page.locator("textarea[name='s-0-body']")
    body.fill("Xã làm thêm 3 km rãnh thoát nước có nắp đậy.")  # the tab is left unsaved
    title = f"{plan.type_label}: {plan.title[:30]}"

    page.goto(commune_page)
    waiting = page.locator("#drafts-waiting")
    expect(waiting.locator("li")).to_have_count(1)
    expect(waiting.get_by_role("link")).to_contain_text(title)
    expect(waiting.locator("li")).to_contain_text("(chưa bấm Lưu)")

    page.goto(live_server.url + "/viec-cua-toi/")
    link = waiting.get_by_role("link")
    expect(link).to_contain_text(f"– {plan.unit}")  # everything of the person: named by unit
    assert axe() == []
    link.click()
    expect(body).to_have_value("Xã làm thêm 3 km rãnh thoát nước có nắp đậy.")


def test_an_offices_targets_are_ticked_on_a_phone_and_kept_until_saved(
    demo, page, live_server, login, axe
):
    from plans.models import Target
    from units.models import Unit

    district = Unit.objects.get(name="Krông Nô", kind=Unit.Kind.DISTRICT)
    choah = Target.objects.get(unit__name="Buôn Choah", year=2022)
    assert [c.number for c in choah.criteria.all()] == [18]
    page.set_viewport_size(PHONE)
    login("krongno")
    url = f"{live_server.url}/don-vi/{district.pk}/chi-tieu/?year=2022"
    page.goto(url)
    page.wait_for_load_state()
    # a commune per card: nothing wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = page.locator("tr", has_text="Xã Buôn Choah")
    line = row.locator("summary")
    expect(line).to_contain_text("Tiêu chí 18")
    line.click()
    row.get_by_label("5. Trường học").check()  # a box, not a list needing Ctrl
    expect(line).to_contain_text("Tiêu chí 5, 18")  # said as it is ticked
    assert axe() == []

    page.reload()  # the tab closed before Lưu: the tick comes back, and says so
    page.wait_for_load_state()
    expect(page.locator(".draft-note")).to_contain_text("Đã điền lại phần bạn nhập")
    expect(line).to_contain_text("Tiêu chí 5, 18")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    page.wait_for_url(url)
    expect(page.locator("tr", has_text="Xã Buôn Choah").locator("summary")).to_contain_text(
        "Tiêu chí 5, 18"
    )
    assert [c.number for c in Target.objects.get(pk=choah.pk).criteria.all()] == [5, 18]
    assert page.locator(".draft-note").count() == 0  # saved: nothing kept any more
