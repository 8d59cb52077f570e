"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

Chromium is found through the environment variable CHROMIUM_PATH, or else `chromium` /
`chromium-browser` on PATH, or else /usr/bin/chromium. Without it these tests are skipped
locally, but fail when NTM_REQUIRE_BROWSER=1 or CI=true, so CI cannot go green without them.
Playwright's own browser download is never used.

Every test in this folder is marked `browser` (deselect with `-m "not browser"`) and runs
after all other tests, because Playwright keeps an event loop running in the main thread for
as long as the browser is open (see `browser`). A failing test leaves a full-page screenshot
in test-artifacts/screenshots/<test name>.png.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from criteria.models import Framework
from tests.shared import made_once

BROWSER_DIR = Path(__file__).parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "ntm-demo"  # the password seed_demo gives every demo user
MISSING_CHROMIUM = (
    "Chromium không có trên máy này: cài gói Debian 'chromium' để chạy kiểm thử trình duyệt"
)
_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


def _is_browser_test(item: pytest.Item) -> bool:
    return BROWSER_DIR in item.path.parents


def pytest_itemcollected(item):
    # Runs during collection, so `-m "not browser"` sees the mark.
    if _is_browser_test(item):
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests last (stable sort, after pytest-django's own ordering): once Chromium is
    # up, the main thread has a running event loop until the end of the session.
    items.sort(key=_is_browser_test)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _find_chromium() -> tuple[str | None, str]:
    """Return (executable or None, why it was not found)."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return explicit, ""
        return None, f" (CHROMIUM_PATH={explicit} không chạy được / is not an executable)"
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found, ""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium", ""
    return None, ""


@pytest.fixture(scope="session")
def browser():
    executable, why = _find_chromium()
    if executable is None:
        if _flag("NTM_REQUIRE_BROWSER") or _flag("CI"):
            pytest.fail(f"{MISSING_CHROMIUM}{why} [NTM_REQUIRE_BROWSER=1 / CI=true]", pytrace=False)
        pytest.skip(MISSING_CHROMIUM + why)
    # Playwright's sync API marks an event loop as running in the main thread, and Django's
    # ORM then raises SynchronousOnlyOperation in the test's own code (fixtures, asserts).
    # Allow it only while Playwright runs, i.e. during the browser tests, which run last.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


@pytest.fixture(autouse=True)
def _criteria_catalogue(transactional_db):
    # live_server needs a transactional database, and each such test ends by emptying every
    # table, including the national catalogue tests/conftest.py loads once for the session.
    if not Framework.objects.exists():
        call_command("load_criteria", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def demo(_criteria_catalogue):
    """The demo data (ops.demo.seed_demo) for this test. Seeded by the first test that asks;
    on SQLite the later ones get a copy of that database instead (tests/shared.py)."""
    from ops.demo import seed_demo

    made_once("demo", seed_demo)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
        # The app's Content-Security-Policy allows scripts from itself only; the tests inject
        # axe-core (see `axe`). test_csp_in_browser.py checks the pages under the real policy.
        bypass_csp=True,
        accept_downloads=True,
        # the app's service worker (static/js/sw.js) runs as on a real phone, except where a
        # test weighs pages as they travel: a page a worker hands over reads as unencoded
        service_workers="block"
        if request.node.get_closest_marker("no_service_worker")
        else "allow",
    )
    page = context.new_page()
    try:
        yield page
        call = request.node.stash.get(_reports, {}).get("call")
        if call is not None and call.failed:
            name = re.sub(r"[^\w.\[\]-]+", "_", request.node.name)
            path = request.config.rootpath / "test-artifacts" / "screenshots" / f"{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=path, full_page=True)
    finally:
        context.close()


@pytest.fixture
def login(page, live_server):
    """`login("username")` signs in through the real login form (demo password by default)."""

    def login(username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(live_server.url + "/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập", exact=True).click()

    return login


# Accessibility: axe-core (shipped inside the axe-playwright-python package), injected as a
# script tag and run on the page as it is, against WCAG 2.1 A and AA: any violation, whatever
# its impact, fails.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe_script() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture
def axe(page):
    """`axe()` returns every WCAG 2.1 A/AA violation on the current page (or inside the CSS
    selector `context`), each as "rule-id (impact): help – selector, selector" (empty: none)."""

    # sent to the browser once, evaluated in every page the test opens from now on (sending
    # the 500 KB script with each page instead cost about 0,14 s a page)
    page.context.add_init_script(path=str(_axe_script()))

    def run(context=None) -> list[str]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(_axe_script()))
        results = page.evaluate(
            "([context, tags]) => axe.run(context || document, {runOnly: {type: 'tag',"
            " values: tags}, resultTypes: ['violations']})",
            [context, WCAG_TAGS],
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} – "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in results["violations"]
        ]

    return run
