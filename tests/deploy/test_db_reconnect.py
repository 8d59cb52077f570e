"""A database restart costs no request once PostgreSQL is back, and requests while it is down
get a Vietnamese 503 that asks to retry.

Settings turn CONN_HEALTH_CHECKS on, so Django tests a reused connection at the start of a
request and opens a new one; ntm.middleware answers 503 while no connection can be made. The
load and fault runs are in bench/faulttest.sh; here backends are terminated and connections
refused for real between requests."""

import json

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, close_old_connections, connection

from ntm.middleware import DatabaseUnavailableMiddleware

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


def test_request_while_the_database_is_down_gets_a_vietnamese_503(
    client, django_user_model, monkeypatch
):
    """Nothing listens on port 9 of the loopback: every connection is refused, as while
    PostgreSQL restarts. The answer says so, asks to retry, and the app recovers by itself."""
    user = django_user_model.objects.create_superuser("quan_tri", password="x")
    client.force_login(user)
    assert _get(client, "/xa/").status_code == 200
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", "9")
    connection.close()

    response = _get(client, "/xa/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in html and "chưa được lưu" in html
    monkeypatch.undo()
    connection.close()
    assert _get(client, "/xa/").status_code == 200


def test_a_failing_query_on_a_working_connection_stays_a_500(rf):
    """Only an unreachable database is a 503; a query cancelled by a timeout, with the server
    up, is a fault to look at (Django's 500)."""
    with pytest.raises(OperationalError) as cancelled, connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1")
        cursor.execute("SELECT pg_sleep(1)")
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")

    response = DatabaseUnavailableMiddleware(lambda r: None).process_exception(
        rf.get("/xa/"), cancelled.value
    )

    assert response is None
