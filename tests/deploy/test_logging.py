"""ntm.logging.JsonFormatter: one parseable JSON object a line, and LOG_FORMAT selects it."""

import json
import logging
import sys

from django.conf import settings
from django.test import RequestFactory

from ntm.logging import JsonFormatter


def _record(name="ntm", msg="Đã lưu %s", args=("17.1",), level=logging.INFO, **extra):
    record = logging.LogRecord(name, level, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_a_record_is_one_line_of_json():
    line = JsonFormatter().format(_record(msg="Dòng một\ndòng hai %s"))

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Dòng một\ndòng hai 17.1"
    assert entry["level"] == "INFO" and entry["logger"] == "ntm"
    assert entry["time"].endswith("+00:00")


def test_django_request_records_carry_method_path_and_status():
    request = RequestFactory().post("/chi-tieu/5/cap-nhat/?token=bi-mat", {"note": "bí mật"})

    entry = json.loads(
        JsonFormatter().format(
            _record(
                name="django.request",
                msg="Forbidden: %s",
                args=(request.path,),
                level=logging.WARNING,
                request=request,
                status_code=403,
            )
        )
    )

    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST",
        "/chi-tieu/5/cap-nhat/",
        403,
    )
    assert "bi-mat" not in json.dumps(entry) and "bí mật" not in json.dumps(entry)


def test_gunicorn_access_records_keep_the_safe_atoms_only():
    atoms = {
        "h": "127.0.0.1",
        "m": "GET",
        "U": "/xa/",
        "q": "token=bi-mat",
        "s": "200",
        "B": 512,
        "D": 12345,
        "a": "Mozilla/5.0",
        "{cookie}i": "sessionid=bi-mat",
        "{x-forwarded-for}i": "203.0.113.7",
    }
    record = _record(name="gunicorn.access", msg="%(h)s %(m)s %(U)s %(s)s", args=(atoms,))

    entry = json.loads(JsonFormatter().format(record))

    assert entry["path"] == "/xa/" and entry["status"] == 200 and entry["method"] == "GET"
    assert entry["duration_ms"] == 12.3 and entry["bytes"] == 512
    assert entry["forwarded_for"] == "203.0.113.7"
    assert "bi-mat" not in json.dumps(entry)


def test_exceptions_are_kept_with_their_traceback():
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = _record(level=logging.ERROR)
        record.exc_info = sys.exc_info()

    entry = json.loads(JsonFormatter().format(record))

    assert "Traceback" in entry["exception"] and "ValueError: hỏng" in entry["exception"]


def test_settings_log_json_to_stdout_when_debug_is_off():
    # The suite runs with DEBUG off and LOG_FORMAT unset, as production does.
    handler = settings.LOGGING["handlers"]["console"]
    assert settings.LOG_FORMAT == "json"
    assert handler["formatter"] == "json" and handler["stream"] == "ext://sys.stdout"
