"""Project middleware."""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def _database_unreachable() -> bool:
    """After a database error: is the connection gone (server down or restarting), rather
    than a query that failed on a working connection (a deadlock, a timeout)?"""
    if connection.connection is None:
        return True  # could not even connect
    try:
        return not connection.is_usable()
    except Exception:  # noqa: BLE001 – any failure to ask means the connection is unusable
        return True


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached – PostgreSQL restarting or failing over – a
    request gets 503 with a Vietnamese page and Retry-After, not the generic 500: the server
    is not broken, it will answer again by itself (settings: CONN_HEALTH_CHECKS), and nothing
    of the request was saved (every write is one transaction). Other database errors stay 500.

    The page is rendered without the request: no user, session or {% url %} (all need the
    database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if not _database_unreachable():
            return None
        logger.error("Database unavailable: %s %s: %s", request.method, request.path, exception)
        connection.close()  # the next request opens a fresh connection
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
