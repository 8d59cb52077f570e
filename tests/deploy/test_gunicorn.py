"""The production run for real: gunicorn with deploy/gunicorn.conf.py, DEBUG off, static files
collected and served by whitenoise, on a free loopback port, against its own SQLite database
migrated in a temporary folder (the test database is not shared with another process; the
migrated file and the collected static files are made once per run: conftest.py).

The server is always terminated, also when a test fails.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.server

ROOT = Path(settings.BASE_DIR)
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
HSTS_SECONDS = 3600
# Variables of the developer's or CI's environment that must not leak into the server.
CLEARED = ("DEBUG", "DATABASE_URL", "LOG_FORMAT", "LOG_LEVEL", "SECURE_COOKIES", "STATIC_ROOT")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(tmp: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(
        DJANGO_SETTINGS_MODULE="ntm.settings",
        SECRET_KEY="gunicorn-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS=str(HSTS_SECONDS),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        EVIDENCE_ROOT=str(tmp / "evidence"),
        HOME=str(tmp),  # nothing of gunicorn's lands in the real home folder
        GUNICORN_WORKERS="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def _manage(env, *args):
    subprocess.run(  # noqa: S603 – our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def _get(port: int, path: str, headers=None) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    finally:
        connection.close()


class Server:
    def __init__(self, tmp: Path, env: dict[str, str]):
        self.port = _free_port()
        self.log = tmp / f"gunicorn-{self.port}.log"
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", "-c", str(CONFIG)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped:\n{self.log.read_text()}")
            try:
                _get(self.port, "/healthz")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer in {timeout} s:\n{self.log.read_text()}")

    def get(self, path, headers=None):
        return _get(self.port, path, headers)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_entries(self) -> list[dict]:
        lines = [line for line in self.log.read_text().splitlines() if line.strip()]
        return [json.loads(line) for line in lines]  # every line is one JSON object


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, production_template):
    """Its own copy of the migrated database; the collected static files (conftest.py)."""
    tmp = tmp_path_factory.mktemp("production")
    env = _environment(
        tmp,
        DATABASE_URL=production_template.copy_database(tmp / "db.sqlite3"),
        STATIC_ROOT=str(production_template.static),
    )
    return tmp, env


@pytest.fixture(scope="module")
def server(prepared):
    tmp, env = prepared
    server = Server(tmp, env)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def test_health_check_answers_ok_without_login(server):
    status, headers, body = server.get("/healthz")

    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"status": "ok", "database": "ok"}


def test_login_page_carries_a_csp_without_inline_scripts(server):
    status, headers, _ = server.get("/dang-nhap/")

    assert status == 200
    policy = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_behind_https_proxy_hsts_is_sent_and_cookies_are_secure(server):
    status, headers, _ = server.get("/dang-nhap/", {"X-Forwarded-Proto": "https"})

    assert status == 200
    assert headers["Strict-Transport-Security"] == f"max-age={HSTS_SECONDS}; includeSubDomains"
    cookies = headers.get_all("Set-Cookie")
    assert cookies and any(c.startswith("csrftoken=") for c in cookies)
    for cookie in cookies:
        assert "; Secure" in cookie and "HttpOnly" in cookie


def test_plain_http_gets_no_hsts(server):
    _, headers, _ = server.get("/dang-nhap/")

    assert "Strict-Transport-Security" not in headers


def test_static_files_are_served_by_whitenoise_under_hashed_names(server):
    _, _, page = server.get("/dang-nhap/")
    stylesheet = re.search(rb'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, page[:600]

    status, headers, body = server.get(stylesheet.group(1).decode())

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]  # hashed: cached for good
    assert b".topbar" in body


def test_missing_page_is_the_vietnamese_404(server):
    status, headers, body = server.get("/khong-co-trang-nay/")

    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert "Không tìm thấy trang" in body.decode()
    assert "Content-Security-Policy" in headers


def test_log_lines_on_stdout_are_json(server):
    server.get("/healthz")
    server.get("/khong-co-trang-nay/")
    time.sleep(0.5)  # the access line is written after the response

    entries = server.log_entries()

    assert {e["logger"] for e in entries} >= {"gunicorn.error", "gunicorn.access", "django.request"}
    access = [e for e in entries if e["logger"] == "gunicorn.access"]
    assert any(e["path"] == "/healthz" and e["status"] == 200 for e in access)
    missing = [e for e in entries if e["logger"] == "django.request"]
    assert any(e["path"] == "/khong-co-trang-nay/" and e["status"] == 404 for e in missing)
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= set(entry)


def test_health_check_answers_503_when_the_database_is_down(prepared):
    tmp, env = prepared
    # Nothing listens on port 9 of the loopback: the connection is refused at once.
    down = Server(tmp, {**env, "DATABASE_URL": "postgres://ntm@127.0.0.1:9/ntm"})
    try:
        down.wait_until_up()
        status, _, body = down.get("/healthz")
    finally:
        down.stop()

    assert status == 503
    assert json.loads(body) == {"status": "error", "database": "unavailable"}
    errors = [e for e in down.log_entries() if e["level"] == "ERROR" and e["logger"] == "ntm.views"]
    assert errors and "exception" in errors[0]
