"""Views of the project itself, not of a domain app: the health check, the service worker."""

import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def _queue() -> dict | None:
    """The database task queue's backlog – tasks due and not yet taken, and how long the oldest
    has waited – for a monitor to alert when no worker runs (imports, reminders and password
    letters all wait on it). None when tasks run at once (TASKS_BACKEND=immediate)."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    seconds = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {"waiting": waiting.count(), "oldest_waiting_seconds": seconds}


@never_cache
@require_safe
def healthz(request):
    """For a monitor or a load balancer, without signing in: 200 {"status": "ok"} while the
    database answers a trivial query, 503 otherwise; with the database queue, its backlog too
    (a worker down does not make the web server unhealthy: the status stays ok). Says nothing
    else about the system."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = _queue()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    answer = {"status": "ok", "database": "ok"}
    if queue is not None:
        answer["queue"] = queue
    return JsonResponse(answer)


@cache_control(no_cache=True)
@require_safe
def service_worker(request):
    """static/js/sw.js at the site's root, so that it may keep pages of the whole site for use
    without network; checked for a new version on every visit (no-cache). No data: the same
    file for everyone, signed in or not. Its style sheet is named as the pages name it (the
    hashed name in production), so a new style sheet is a new worker too."""
    script = Path(finders.find("js/sw.js")).read_text(encoding="utf-8")
    for name, default, value in (
        ("STATIC_PATH", "/static/", urlsplit(settings.STATIC_URL).path),
        ("STYLE", "/static/css/app.css", static("css/app.css")),
    ):
        script = script.replace(f'var {name} = "{default}";', f"var {name} = {json.dumps(value)};")
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
