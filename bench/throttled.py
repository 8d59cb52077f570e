"""Page loads on a slow phone link, measured in Chromium (`manage.py benchmark_throttled`).

The question (issue text): does the commune overview load in under 1 s on a 1.6 Mbps link
with a 4× slower CPU? This answers it with a real browser on the demo data, and prints the
figures; nothing is asserted.

- **Server.** The app is served by Django's live-server machinery (a threaded WSGI server in
  this process, every middleware) with DEBUG off, the static files collected by
  `collectstatic` into a temporary STATIC_ROOT with WhiteNoise's
  CompressedManifestStaticFilesStorage (hashed names, gzip and Brotli copies) and served by the
  WhiteNoise middleware with its far-future cache headers, as in production; pages are
  compressed by GZipMiddleware. There is no nginx and no TLS (plain HTTP on the loopback):
  a real first visit also pays the TLS handshake, which Chromium's throttling would not model
  faithfully anyway (its latency is added per request, not per round trip).
- **Browser.** Debian's Chromium driven by Playwright. The user signs in once through the
  login form without throttling; every measured load runs in a new browser context that
  carries only the session cookie, so its cache starts empty. Through a CDP session on the
  page: `Network.emulateNetworkConditions` (the profile below) and
  `Emulation.setCPUThrottlingRate` (4: four times slower than *this* machine's CPU, not than a
  reference phone), viewport 360×740 at device scale factor 2, mobile, touch.
- **A run** of a page: a new context, a cold load (empty cache), then about:blank and a warm
  load of the same page (static files from the cache; the page itself is always fetched).
  The app's service worker is kept out, so the bytes are read right; `--service-worker` lets
  it answer the warm load, as on a real phone after the first visit (its times are then the
  figures to read: a page a worker hands over reports its decoded size as transferred).
  Each page is run `runs` times, the pages interleaved.
- **Figures**, from the page's own Navigation and Resource Timing: transferred bytes (the
  `transferSize` of the document and every resource: headers plus compressed bodies; 0 for a
  resource from the cache; the favicon counts when it has arrived by then) and decoded bytes,
  the document's last byte (median only: the server's time, the emulated latency and the
  transfer; Chromium's throttling delivers the headers at once and holds the body back, so
  the first byte would not show the latency),
  DOMContentLoaded and load (their events' end, from the start of the navigation), Largest Contentful Paint (the last candidate reported by
  a buffered PerformanceObserver once the page has loaded; "—" where Chromium reports none).
  Median and maximum over the runs. The target is judged on the median of the load event.

Playwright's sync API marks an event loop as running in the calling thread, where Django's
ORM then refuses to run (SynchronousOnlyOperation): everything read from the database is read
before the browser starts; the server thread is not concerned.
"""

import logging
import os
import shutil
import statistics
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection, connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings
from django.urls import reverse

from units.models import Unit, User

COMMUNE = "ha-tinh.cam-xuyen.cam-tan"  # xã Cẩm Tân of the demo (seed_demo)
USER = "camtan"
PASSWORD = "ntm-demo"  # noqa: S105 – the public password seed_demo gives the demo accounts
CRITERION = 17
TARGET_MS = 1000
CPU_RATE = 4
VIEWPORT = {"width": 360, "height": 740}
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
NAVIGATION_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Profile:
    key: str
    label: str
    download_kbps: float  # kilobits per second, 1 kbit = 1024 bits as in Lighthouse
    upload_kbps: float
    latency_ms: float  # added to every request by Chromium

    def conditions(self) -> dict:
        """The parameters of Network.emulateNetworkConditions (throughputs in bytes/s; -1
        leaves a direction unthrottled)."""
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.download_kbps * 1024 / 8 if self.download_kbps else -1,
            "uploadThroughput": self.upload_kbps * 1024 / 8 if self.upload_kbps else -1,
            "connectionType": "cellular4g" if self.download_kbps else "none",
        }

    def describe(self) -> str:
        if not self.download_kbps:
            return f"{self.label} (loopback, không giới hạn)"
        return (
            f"{self.label}: tải xuống {self.download_kbps / 1024:.2f} Mbps, tải lên "
            f"{self.upload_kbps:.0f} kbps, độ trễ {self.latency_ms:g} ms mỗi yêu cầu"
        )


PROFILES = {
    # Lighthouse's mobile preset ("slow 4G", once "fast 3G"): 150 ms, 1.6 Mbps / 750 kbps
    "slow4g": Profile("slow4g", "slow 4G của Lighthouse", 1.6 * 1024, 750, 150),
    # the same as Chrome DevTools' "Slow 4G" applies it to requests: Lighthouse's adjustment
    # for request-level throttling (latency × 3.75, throughput × 0.9) – a harsher figure
    "slow4g-devtools": Profile(
        "slow4g-devtools", "Slow 4G của DevTools", 1.6 * 1024 * 0.9, 750 * 0.9, 150 * 3.75
    ),
    # for comparison: the network left alone (use with --cpu-rate 1 for no throttling at all)
    "none": Profile("none", "không giả lập mạng", 0, 0, 0),
}


@dataclass(frozen=True)
class Load:
    transferred: int  # bytes: headers and compressed bodies of the document and resources
    decoded: int  # bytes of the bodies once decompressed
    requests: int  # the document and its resources (from the cache or not)
    html_ms: float  # the document's last byte: server time, emulated latency and transfer
    dcl_ms: float
    load_ms: float
    lcp_ms: float | None


@dataclass
class PageResult:
    key: str
    label: str
    path: str
    cold: list[Load] = field(default_factory=list)
    warm: list[Load] = field(default_factory=list)


@dataclass
class Report:
    profile: Profile
    cpu_rate: float
    runs: int
    pages: list[PageResult]
    chromium: str = ""
    database: str = ""
    cores: int = 0


# One measurement of the page as it is, once its load event has ended.
MEASURE_JS = """
async () => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const lcp = await new Promise((resolve) => {
    let last = null;
    try {
      new PerformanceObserver((list) => {
        const entries = list.getEntries();
        last = entries[entries.length - 1].startTime;
      }).observe({type: 'largest-contentful-paint', buffered: true});
    } catch (e) {
      resolve(null);
      return;
    }
    // buffered entries are delivered in a task of their own; two frames and a short wait
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(last), 50)));
  });
  const sum = (key) => resources.reduce((total, r) => total + (r[key] || 0), nav[key] || 0);
  return {
    status: nav.responseStatus || 0,
    transferred: sum('transferSize'),
    decoded: sum('decodedBodySize'),
    requests: 1 + resources.length,
    html: nav.responseEnd,
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    lcp: lcp,
  };
}
"""


def find_chromium(explicit: str | None = None) -> str | None:
    """Chromium's executable: `explicit`, else CHROMIUM_PATH, else `chromium` /
    `chromium-browser` on PATH, else /usr/bin/chromium (as tests/browser does)."""
    explicit = explicit or os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.path.isfile(explicit) and os.access(explicit, os.X_OK) else None
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def pages_of(commune: Unit) -> list[PageResult]:
    return [
        PageResult(
            "commune",
            "Trang xã (năm mặc định)",
            reverse("criteria:commune-detail", args=[commune.pk]),
        ),
        PageResult(
            "criterion",
            f"Nhập kết quả tiêu chí {CRITERION}",
            reverse("criteria:criterion-entry", args=[commune.pk, CRITERION]),
        ),
        PageResult("my-tasks", "Việc của tôi", reverse("assignments:my-tasks")),
    ]


# --- the server ------------------------------------------------------------------------------


class _Server(LiveServerThread):
    """Django's live server without its static and media handlers: every request goes through
    the whole middleware stack, static files through WhiteNoise as in production."""

    def __init__(self, connections_override):
        super().__init__(
            "127.0.0.1", static_handler=None, connections_override=connections_override
        )
        self.daemon = True

    def run(self):
        if self.connections_override:
            for alias, conn in self.connections_override.items():
                connections[alias] = conn
        try:
            # built here, under the benchmark's settings: WhiteNoise reads STATIC_ROOT now
            handler = WSGIHandler()
            self.httpd = self._create_server(connections_override=self.connections_override)
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(handler)
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as e:  # reported by the thread that waits for it
            self.error = e
            self.is_ready.set()
        finally:
            connections.close_all()


class served:
    """A context manager: the app served on a free loopback port as in production (DEBUG off,
    collected and compressed static files); yields its base URL."""

    def __enter__(self) -> str:
        self._static = Path(tempfile.mkdtemp(prefix="ntm-throttled-static-"))
        self._settings = override_settings(
            DEBUG=False,
            STATIC_ROOT=self._static,
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {
                    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                },
            },
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "127.0.0.1"],
            # plain HTTP on the loopback: no TLS, so no secure-only cookies or redirects
            SESSION_COOKIE_SECURE=False,
            CSRF_COOKIE_SECURE=False,
            SECURE_SSL_REDIRECT=False,
            SECURE_HSTS_SECONDS=0,
        )
        self._settings.enable()
        try:
            with open(os.devnull, "w") as devnull:
                call_command("collectstatic", interactive=False, verbosity=0, stdout=devnull)
            # an in-memory SQLite database (the tests') is shared with the server's thread
            self._shared = [
                conn
                for conn in connections.all()
                if conn.vendor == "sqlite" and conn.is_in_memory_db()
            ]
            for conn in self._shared:
                conn.inc_thread_sharing()
            self._thread = _Server({conn.alias: conn for conn in self._shared})
            self._thread.start()
            self._thread.is_ready.wait()
            if self._thread.error:
                raise self._thread.error
        except BaseException:
            self._stop()
            raise
        return f"http://127.0.0.1:{self._thread.port}"

    def __exit__(self, *exc):
        self._stop()

    def _stop(self):
        thread = getattr(self, "_thread", None)
        if thread is not None:
            thread.terminate()
        for conn in getattr(self, "_shared", []):
            conn.dec_thread_sharing()
        self._settings.disable()
        shutil.rmtree(self._static, ignore_errors=True)


# --- the browser -----------------------------------------------------------------------------


def _sign_in(browser, base: str, user: str, password: str) -> dict:
    """Sign in through the login form (no throttling); the context's cookies, for the others."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        page = context.new_page()
        page.goto(base + reverse("login"))
        page.fill("#id_username", user)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập", exact=True).click()
        if urlsplit(page.url).path == reverse("login"):
            raise LookupError(f"Không đăng nhập được với tài khoản {user!r} (sai mật khẩu?).")
        return context.storage_state()
    finally:
        context.close()


def _load(page, url: str) -> Load:
    response = page.goto(url, wait_until="load", timeout=NAVIGATION_TIMEOUT_MS)
    if response is None or response.status != 200 or urlsplit(page.url).path != urlsplit(url).path:
        status = response.status if response is not None else "không có"
        raise RuntimeError(f"{url}: trả lời {status}, đến {page.url}")
    page.wait_for_function(
        "() => performance.getEntriesByType('navigation')[0].loadEventEnd > 0",
        timeout=NAVIGATION_TIMEOUT_MS,
    )
    m = page.evaluate(MEASURE_JS)
    return Load(
        transferred=int(m["transferred"]),
        decoded=int(m["decoded"]),
        requests=int(m["requests"]),
        html_ms=float(m["html"]),
        dcl_ms=float(m["dcl"]),
        load_ms=float(m["load"]),
        lcp_ms=float(m["lcp"]) if m["lcp"] is not None else None,
    )


def _run_once(
    browser, state: dict, url: str, profile: Profile, cpu_rate: float, worker: bool = False
):
    """A new context (empty cache), throttled: a cold load, then a warm one of the same page;
    with `worker`, the app's service worker (static/js/sw.js), installed by the cold load,
    answers the warm one."""
    context = browser.new_context(
        service_workers="allow" if worker else "block",
        storage_state=state,
        viewport=VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", profile.conditions())
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})
        cold = _load(page, url)
        if worker:
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.goto("about:blank")
        warm = _load(page, url)
        return cold, warm
    finally:
        context.close()


def run(
    *,
    runs: int = 5,
    profile: Profile = PROFILES["slow4g"],
    cpu_rate: float = CPU_RATE,
    commune_code: str = COMMUNE,
    user: str = USER,
    password: str = PASSWORD,
    chromium: str | None = None,
    worker: bool = False,
    out: Callable[[str], None] = print,
) -> Report:
    executable = find_chromium(chromium)
    if executable is None:
        raise LookupError(
            "Không tìm thấy Chromium: cài gói Debian 'chromium' hoặc đặt CHROMIUM_PATH / --chromium."
        )
    # the database first: no ORM once Playwright runs in this thread
    commune = Unit.objects.filter(code=commune_code, kind=Unit.Kind.COMMUNE).first()
    if commune is None:
        raise LookupError(
            f"Không có xã {commune_code}: chạy `manage.py seed_demo` (dữ liệu mẫu) trước."
        )
    if not User.objects.filter(username=user, is_active=True).exists():
        raise LookupError(f"Không có tài khoản {user}: chạy `manage.py seed_demo` trước.")
    pages = pages_of(commune)
    report = Report(
        profile=profile,
        cpu_rate=cpu_rate,
        runs=runs,
        pages=pages,
        database=connection.vendor,
        cores=os.cpu_count() or 0,
    )
    commune_name = str(commune)
    if not connection.in_atomic_block:
        connection.close()  # not held open while the browser works (the server has its own)

    from playwright.sync_api import sync_playwright

    axes = logging.getLogger("axes")  # it logs the sign-in at INFO: keep the figures readable
    axes_level = axes.level
    axes.setLevel(logging.WARNING)

    def browse(base: str) -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            try:
                report.chromium = browser.version
                state = _sign_in(browser, base, user, password)
                out(_header(report, commune_name, commune_code, user))
                if worker:
                    out(
                        "Có service worker (static/js/sw.js) cho lần tải ấm: xem thời gian; số "
                        "byte truyền của trang đi qua worker đọc theo cỡ đã giải nén."
                    )
                for i in range(runs):
                    for result in pages:
                        cold, warm = _run_once(
                            browser, state, base + result.path, profile, cpu_rate, worker
                        )
                        result.cold.append(cold)
                        result.warm.append(warm)
                    out(f"  lần {i + 1}/{runs}: xong")
            finally:
                browser.close()

    try:
        with served() as base:
            # Playwright's sync API in a thread of its own: it refuses to start in a thread
            # where an event loop already runs (a caller's Playwright, the test suite's).
            _in_thread(browse, base)
    finally:
        axes.setLevel(axes_level)
    out("")
    for result in pages:
        out(f"{result.label} – {result.path}")
        out("  " + _line("lạnh", result.cold))
        out("  " + _line("ấm", result.warm))
    out("")
    out(table(report))
    return report


def _in_thread(work: Callable, *args) -> None:
    """Run `work(*args)` in a new thread and wait; its exception is raised here."""
    failure: list[BaseException] = []

    def target():
        try:
            work(*args)
        except BaseException as exc:  # noqa: BLE001 – handed to the caller as it is
            failure.append(exc)

    thread = threading.Thread(target=target, name="benchmark-browser")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


# --- figures ---------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _kb(value: float) -> str:
    return f"{value / 1024:.1f}"


@dataclass(frozen=True)
class Summary:
    transferred: float  # median bytes
    decoded: float
    requests: int
    html: float  # median
    dcl: tuple[float, float]  # median, max
    load: tuple[float, float]
    lcp: tuple[float, float] | None

    @property
    def met(self) -> bool:
        return self.load[0] < TARGET_MS


def summarize(loads: list[Load]) -> Summary:
    lcps = [x.lcp_ms for x in loads if x.lcp_ms is not None]
    return Summary(
        transferred=statistics.median(x.transferred for x in loads),
        decoded=statistics.median(x.decoded for x in loads),
        requests=max(x.requests for x in loads),
        html=statistics.median(x.html_ms for x in loads),
        dcl=(statistics.median(x.dcl_ms for x in loads), max(x.dcl_ms for x in loads)),
        load=(statistics.median(x.load_ms for x in loads), max(x.load_ms for x in loads)),
        lcp=(statistics.median(lcps), max(lcps)) if lcps else None,
    )


def _line(kind: str, loads: list[Load]) -> str:
    s = summarize(loads)
    lcp = f"trung vị {_ms(s.lcp[0])} ms, tối đa {_ms(s.lcp[1])} ms" if s.lcp else "—"
    verdict = "✔ đạt" if s.met else "✘ chưa đạt"
    return (
        f"{kind + ':':<6}truyền {_kb(s.transferred)} KB (giải nén {_kb(s.decoded)} KB, "
        f"{s.requests} yêu cầu) | HTML về đủ trung vị {_ms(s.html)} ms | DOMContentLoaded trung vị {_ms(s.dcl[0])} ms, tối đa "
        f"{_ms(s.dcl[1])} ms | load trung vị {_ms(s.load[0])} ms, tối đa {_ms(s.load[1])} ms | "
        f"LCP {lcp} | mục tiêu < {TARGET_MS} ms: {verdict}"
    )


def _header(report: Report, commune_name: str, commune_code: str, user: str) -> str:
    return "\n".join(
        [
            f"Tải trang trên điện thoại chậm – mạng {report.profile.describe()}; CPU chậm "
            f"{report.cpu_rate:g}× (so với CPU của máy này); màn hình "
            f"{VIEWPORT['width']}×{VIEWPORT['height']} (tỉ lệ điểm ảnh 2).",
            f"Máy: {report.cores} lõi, Chromium {report.chromium}; máy chủ Django trong tiến "
            "trình này (DEBUG=False, GZip, tệp tĩnh nén và băm tên của WhiteNoise sau "
            f"collectstatic, HTTP không TLS), cơ sở dữ liệu {report.database}.",
            "Tải trung bình của máy (1 / 5 / 15 phút): "
            + " / ".join(f"{x:.2f}" for x in os.getloadavg())
            + ".",
            f"{commune_name} ({commune_code}), tài khoản {user}; {report.runs} lần mỗi trang, mỗi "
            "lần một lần tải lạnh (bộ nhớ đệm trống) rồi một lần tải ấm. Đạt: trung vị của "
            f"sự kiện load dưới {TARGET_MS} ms.",
        ]
    )


def table(report: Report) -> str:
    """The figures as a Markdown table (for docs/benchmarks.md)."""
    lines = [
        "| trang | URL | tải | KB truyền (giải nén) | yêu cầu | HTML về đủ ms | "
        "DOMContentLoaded ms (trung vị / tối đa) | load ms | LCP ms | < 1 s |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for result in report.pages:
        for kind, loads in (("lạnh", result.cold), ("ấm", result.warm)):
            s = summarize(loads)
            lcp = f"{_ms(s.lcp[0])} / {_ms(s.lcp[1])}" if s.lcp else "—"
            lines.append(
                f"| {result.label} | `{result.path}` | {kind} | {_kb(s.transferred)} "
                f"({_kb(s.decoded)}) | {s.requests} | {_ms(s.html)} | {_ms(s.dcl[0])} / {_ms(s.dcl[1])} | "
                f"{_ms(s.load[0])} / {_ms(s.load[1])} | {lcp} | {'✔' if s.met else '✘'} |"
            )
    return "\n".join(lines)
