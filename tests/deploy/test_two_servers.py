"""Two app servers behind one proxy (deploy/README.md, *Two app servers behind nginx*): two
gunicorn instances, each run as in production (tests/deploy/test_gunicorn.py), share one
database and one evidence store and nothing else. An evidence file uploaded through A is
downloaded through B, and a session signed in on A works on B.

The database is a fresh PostgreSQL database on the test server when the suite runs on
PostgreSQL (as deployed), else one SQLite file. Both servers are always terminated.
"""

import http.client
import os
import re
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.deploy.test_gunicorn import Server, _environment, _manage

pytestmark = pytest.mark.server

ROOT = Path(settings.BASE_DIR)
PDF = b"%PDF-1.4\n% bien ban nghiem thu duong giao thong thon 3\n"
COMMUNE = "ha-tinh.cam-xuyen.cam-tan"  # seed_demo: camtan is its official


def _postgres_database():
    """A new database on the test's PostgreSQL server; returns (url, drop)."""
    params = connection.get_connection_params()
    name = f"{connection.settings_dict['NAME']}_two_servers_{os.getpid()}"
    server = {**params, "dbname": "postgres"}
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = quote(params.get("user") or "")
    password = f":{quote(params['password'])}" if params.get("password") else ""
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}", drop


@pytest.fixture(scope="module")
def shared(tmp_path_factory, production_template):
    """The environment both servers get: one database, one evidence folder, demo data. The
    SQLite database starts as a copy of the migrated one and the static files are collected
    once per run (conftest.py); a PostgreSQL database is migrated here."""
    tmp = tmp_path_factory.mktemp("two-servers")
    drop = None
    if connection.vendor == "postgresql":
        database_url, drop = _postgres_database()
    else:
        database_url = production_template.copy_database(tmp / "db.sqlite3")
    env = _environment(
        tmp,
        DATABASE_URL=database_url,
        EVIDENCE_ROOT=str(tmp / "shared-evidence"),
        STATIC_ROOT=str(production_template.static),
    )
    try:
        if drop:
            _manage(env, "migrate", "--noinput")
        _manage(env, "load_criteria")
        _manage(env, "seed_demo", "--i-know-this-is-not-production")
        yield tmp, env
    finally:
        if drop:
            drop()


@pytest.fixture(scope="module")
def servers(shared):
    tmp, env = shared
    a, b = Server(tmp, env), Server(tmp, env)
    try:
        a.wait_until_up()
        b.wait_until_up()
        yield a, b
    finally:
        a.stop()
        b.stop()


class Browser:
    """Cookies kept across requests, whichever server answers them (as behind nginx)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, server, method, path, body=None, content_type=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        http_connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            http_connection.request(method, path, body=body, headers=headers)
            response = http_connection.getresponse()
            content = response.read()
        finally:
            http_connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.msg, content

    def csrf_token(self, server, path) -> str:
        status, _, page = self.request(server, "GET", path)
        assert status == 200, (path, status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def _multipart(fields: dict[str, str], name: str, filename: str, content: bytes):
    boundary = "ntm-" + secrets.token_hex(12)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
        f"\r\nContent-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _status_to_edit(env) -> int:
    """The camtan official's indicator 17.3 in the latest year of Cẩm Tân."""
    script = (
        "from criteria.models import IndicatorStatus; print(IndicatorStatus.objects.filter("
        f"assessment__commune__code={COMMUNE!r}, indicator__code='17.3')"
        ".order_by('-assessment__year').values_list('pk', flat=True).first())"
    )
    done = subprocess.run(  # noqa: S603 – our own manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return int(done.stdout.strip().splitlines()[-1])


def _sign_in(browser: Browser, server) -> None:
    token = browser.csrf_token(server, "/dang-nhap/")
    body = f"username=camtan&password=ntm-demo&csrfmiddlewaretoken={quote(token)}"
    status, headers, _ = browser.request(
        server, "POST", "/dang-nhap/", body, "application/x-www-form-urlencoded"
    )
    assert status == 302 and "/dang-nhap/" not in headers["Location"], status
    assert "sessionid" in browser.cookies


def test_a_session_signed_in_on_one_server_works_on_the_other(servers):
    a, b = servers
    browser = Browser()
    status, headers, _ = browser.request(b, "GET", "/xa/")
    assert status == 302 and headers["Location"].startswith("/dang-nhap/")  # not signed in

    _sign_in(browser, a)
    status, _, page = browser.request(b, "GET", "/xa/")

    assert a.process.pid != b.process.pid
    assert status == 200
    assert "Cẩm Tân" in page.decode()


def test_evidence_uploaded_through_one_server_is_downloaded_through_the_other(servers, shared):
    a, b = servers
    tmp, env = shared
    pk = _status_to_edit(env)
    browser = Browser()
    _sign_in(browser, a)
    edit = f"/chi-tieu/{pk}/cap-nhat/"
    _, _, form = browser.request(a, "GET", edit)
    version = re.search(rb'name="version" value="(\d+)"', form).group(1).decode()
    token = browser.csrf_token(a, edit)

    body, content_type = _multipart(
        {"status": "dat", "note": "Có biên bản nghiệm thu", "version": version,
         "csrfmiddlewaretoken": token},
        "evidence", "Biên bản nghiệm thu.pdf", PDF,
    )  # fmt: skip
    store = tmp / "shared-evidence"
    demo_files = {p for p in store.rglob("*") if p.is_file()}  # the demo's dossier documents
    status, _, page = browser.request(a, "POST", edit, body, content_type)
    assert status == 302, page.decode()[:2000]

    stored = [p for p in store.rglob("*") if p.is_file() and p not in demo_files]
    assert [p.read_bytes() for p in stored] == [PDF]  # in the one shared store
    status, _, page = browser.request(b, "GET", edit)
    assert status == 200
    link = re.search(rb'href="(/minh-chung/\d+/)"', page).group(1).decode()

    status, headers, content = browser.request(b, "GET", link)

    assert status == 200
    assert content == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert "attachment" in headers["Content-Disposition"]
