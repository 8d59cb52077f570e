"""Views of the project itself, not of a domain app: the health check, the service worker."""

import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """For a monitor or a load balancer, without signing in: 200 {"status": "ok"} while the
    database answers a trivial query, 503 otherwise. Says nothing else about the system."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@cache_control(no_cache=True)
@require_safe
def service_worker(request):
    """static/js/sw.js at the site's root, so that it may keep pages of the whole site for use
    without network; checked for a new version on every visit (no-cache). No data: the same
    file for everyone, signed in or not."""
    script = Path(finders.find("js/sw.js")).read_bytes()
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
