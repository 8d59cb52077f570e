"""/healthz: for monitors, without signing in; 200 while the database answers, else 503."""

import json
from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_health_check_needs_no_login_and_says_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_check_answers_head(client):
    assert client.head("/healthz").status_code == 200


def test_health_check_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/dang-nhap/").status_code == 301  # everything else is


def test_health_check_answers_503_when_the_database_fails(client, caplog):
    # The real refused connection is in test_gunicorn.py; here the query itself fails.
    with mock.patch(
        "ntm.views.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unavailable"}
    assert "connection refused" not in response.content.decode()  # nothing of the cause leaks
    assert any(r.name == "ntm.views" and r.levelname == "ERROR" for r in caplog.records)


def test_with_the_database_queue_it_says_how_long_tasks_have_waited(client, settings):
    # a worker that died leaves imports, reminders and password letters waiting: a monitor
    # reads it here, and the web server itself stays "ok"
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from units.tasks import send_reset_letter

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    answer = json.loads(client.get("/healthz").content)
    assert answer == {
        "status": "ok",
        "database": "ok",
        "queue": {"waiting": 0, "oldest_waiting_seconds": 0},
    }
    send_reset_letter.enqueue(1, "a@camtan.gov.vn", "ntm.example", "https")
    send_reset_letter.enqueue(2, "b@camtan.gov.vn", "ntm.example", "https")
    DBTaskResult.objects.filter(args_kwargs__args__0=1).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    queue = json.loads(response.content)["queue"]
    assert queue["waiting"] == 2 and 600 <= queue["oldest_waiting_seconds"] < 660
