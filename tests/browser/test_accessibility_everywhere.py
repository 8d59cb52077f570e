"""Every page of every role, in a real browser: each role signs in and follows the links of
the app from its home pages; every HTML page it reaches (one per kind of page: the same view
with another object is the same markup) is checked with axe-core against WCAG 2.1 A and AA –
no violation of any impact – and weighed: under 100 KB as it travels (gzip). On the way, every
link the app shows the role must open: a 403 or 404 behind a link is a fault too.

A commune's officials work on a phone: their crawl runs on a 360 × 740 screen. The offices'
crawl runs on an office PC's 1280 × 900, and each of their pages is then narrowed to 360 px
too: an office PC zoomed to 400 % is as narrow (WCAG 1.4.10), and offices read on phones as
well. At that width every page must reflow – nothing wider than the screen; a wide table
scrolls inside its own box. The print views (*Bản in*, an A4 sheet) are paper, not screens.

Exports (workbooks, PDF, CSV, evidence files) and Django's admin are not pages of the app."""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

ROLES = {
    "camtan": "công chức xã",
    "camtan-ct": "lãnh đạo UBND xã",
    "camxuyen": "văn phòng NTM huyện",
    "hatinh": "văn phòng điều phối tỉnh",
    "tw": "văn phòng điều phối trung ương",
    "admin": "quản trị viên",
}
START = ["/xa/", "/viec-cua-toi/", "/nhiem-vu/", "/ke-hoach/", "/tong-hop/", "/cong-nhan/"]
START += ["/bo-tieu-chi/", "/sap-xep/"]
NOT_PAGES = ("/admin/", "/static/", "/dang-xuat/")  # Django's admin is Django's
# files, not pages: evidence and decisions, workbooks, PDF, Word, YAML, CSV exports, templates
EXPORTS = {
    "criteria:evidence-download",
    "assignments:task-export",
    "assignments:task-import-template",
    "imports:import-template",
    "imports:data-export",
    "ops:unit-export",
    "dossiers:item-file",
    "recognition:file",
}
MAX_PAGES = 120  # a guard: the app has about 60 kinds of page
WEIGHT_LIMIT = 100 * 1024
PHONE = {"width": 360, "height": 740}
ON_A_PHONE = {"camtan", "camtan-ct"}


def _kind(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in EXPORTS or name.endswith(("-pdf", "-docx", "-xlsx", "-yaml")):
        return None
    return name


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urljoin(page.url, href)
        parts = urlsplit(url)
        if not url.startswith(base) or parts.path.startswith(NOT_PAGES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(page, live_server, axe) -> tuple[dict, dict, dict, dict, dict, list]:
    """Follow the role's links; axe each page on the role's screen, then note each screen page
    wider than a phone's (narrowed to it if the screen is wider, and widened back)."""
    base = live_server.url
    queue, seen_kinds, visited = list(START), {}, set()
    heavy, found, weights, broken, wide = {}, {}, {}, {}, {}
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        kind = _kind(urlsplit(path).path)
        if kind is None or kind in seen_kinds or path in visited:
            continue
        visited.add(path)
        response = page.goto(base + path)
        if response.status != 200:
            broken[path] = response.status  # a link the app showed this user does not work
            continue
        if urlsplit(page.url).path != urlsplit(path).path:
            continue  # sent elsewhere: that page is checked as itself
        assert "text/html" in response.headers["content-type"], path
        seen_kinds[kind] = path
        weight = page.evaluate("performance.getEntriesByType('navigation')[0].encodedBodySize")
        weights[path] = weight
        if weight > WEIGHT_LIMIT:
            heavy[path] = weight
        violations = axe()
        if violations:
            found[path] = violations
        if not kind.endswith("-print"):
            screen = page.viewport_size
            if screen != PHONE:
                page.set_viewport_size(PHONE)
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            if scrolled > PHONE["width"]:
                wide[path] = scrolled
            if screen != PHONE:
                page.set_viewport_size(screen)
        queue += _links(page, base)
    return found, heavy, weights, broken, wide, sorted(seen_kinds)


@pytest.mark.no_service_worker  # weighed as they travel (tests/browser/test_offline.py: sw.js)
@pytest.mark.parametrize("username", list(ROLES), ids=list(ROLES.values()))
def test_every_page_of_the_role_passes_axe_and_weighs_under_100_kb(
    username, demo, page, live_server, login, axe
):
    page.set_extra_http_headers({"Accept-Encoding": "gzip"})
    if username in ON_A_PHONE:
        page.set_viewport_size(PHONE)
    login(username)
    found, heavy, weights, broken, wide, kinds = _crawl(page, live_server, axe)
    largest = max(weights, key=weights.get)
    print(
        f"\n{username}: {len(kinds)} loại trang, nặng nhất {largest} "
        f"{weights[largest] / 1024:.1f} KB (gzip): {', '.join(kinds)}"
    )
    assert len(kinds) >= 8, kinds  # the crawl did reach the app's pages
    assert broken == {}  # every link shown to the role opens (no 403/404 behind a link)
    assert found == {}
    assert heavy == {}
    assert wide == {}  # at a phone's width, no page wider than the screen
