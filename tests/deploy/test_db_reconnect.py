"""A persistent database connection that died (PostgreSQL restarted, or the backend was
killed) costs no request: settings turn CONN_HEALTH_CHECKS on, so Django tests a reused
connection at the start of a request and opens a new one. The load and fault runs are in
bench/faulttest.sh; here one backend is terminated for real between two requests."""

import json

import psycopg
import pytest
from django.conf import settings
from django.db import close_old_connections, connection

pytestmark = [
    pytest.mark.django_db(transaction=True),  # no test transaction holding the connection
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL: backends can be terminated"
    ),
]


@pytest.fixture
def persistent(monkeypatch):
    """Connections kept between requests, as deployed (CONN_MAX_AGE=60)."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    yield
    connection.close()


def _terminate(pid: int) -> None:
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _get(client, path="/healthz"):
    """A request as gunicorn serves it: Django's WSGI handler runs close_old_connections at
    its start and end (that is where a reused connection is marked for its health check);
    the test client leaves that signal out, so it is called here."""
    close_old_connections()
    try:
        return client.get(path)
    finally:
        close_old_connections()


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_settings_turn_the_health_check_on():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_request_after_the_connection_died_is_answered(client, persistent, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    assert _get(client).status_code == 200
    before = _backend_pid()

    _terminate(before)
    response = _get(client)

    assert response.status_code == 200
    assert json.loads(response.content)["database"] == "ok"
    assert _backend_pid() != before  # a new connection, opened by itself


def test_without_the_health_check_the_first_request_fails(client, persistent, monkeypatch):
    """What the setting prevents: the dead connection is used once, then dropped."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    assert _get(client).status_code == 200

    _terminate(_backend_pid())

    assert _get(client).status_code == 503
    assert _get(client).status_code == 200  # the broken connection was closed
