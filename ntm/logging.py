"""Log records as JSON lines, for a log collector (journald, Loki, ELK) to parse.

Selected with LOG_FORMAT=json (the default when DEBUG is off) in `ntm.settings.LOGGING`, and
used by gunicorn's own error and access logs through `deploy/gunicorn.conf.py`. One object a
line: time (UTC, ISO 8601), level, logger, message, and where the record carries them the
request's method, path and status (django.request, gunicorn.access), the duration of the
request (gunicorn.access) and the exception's traceback.

Nothing else from a request is written: no headers, cookies, query strings or form data.
"""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """`{"time": …, "level": "INFO", "logger": "django.request", "message": …, …}` a line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(_access_fields(record.args))
        else:
            entry.update(_request_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _request_fields(record: logging.LogRecord) -> dict:
    """django.request and django.security records carry the request and the status code."""
    fields = {}
    request = getattr(record, "request", None)
    method, path = getattr(request, "method", None), getattr(request, "path", None)
    if isinstance(method, str) and isinstance(path, str):
        fields["method"], fields["path"] = method, path
    status = getattr(record, "status_code", None)
    if isinstance(status, int):
        fields["status"] = status
    return fields


def _access_fields(atoms: Mapping) -> dict:
    """gunicorn's access-log atoms (see gunicorn.glogging.Logger.atoms), the safe ones only."""

    def atom(key):
        value = atoms[key]  # gunicorn's SafeAtoms answers "-" for a missing one
        return None if value in ("-", None) else value

    fields = {"method": atom("m"), "path": atom("U"), "remote_addr": atom("h")}
    forwarded = atom("{x-forwarded-for}i")
    if forwarded:
        fields["forwarded_for"] = forwarded
    try:
        fields["status"] = int(atoms["s"])
    except (TypeError, ValueError):
        fields["status"] = atom("s")
    if isinstance(atom("B"), int):
        fields["bytes"] = atoms["B"]
    if isinstance(atom("D"), int):
        fields["duration_ms"] = round(atoms["D"] / 1000, 1)
    user_agent = atom("a")
    if user_agent:
        fields["user_agent"] = user_agent
    return fields
