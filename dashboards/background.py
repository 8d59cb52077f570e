"""Large imports run in a background thread, so the request returns at once and the run's page
follows it (meta refresh, no JavaScript).

No task queue yet (issue 14): the thread lives in the web process that started it. The whole
import is one transaction, so if the process stops half way nothing is written. While a run is
applied (here or in a request), `heartbeat` beats its `heartbeat_at` every HEARTBEAT_EVERY from a
thread of its own: the worker's own writes sit in its transaction, invisible to the other
processes until it commits, so the beat goes through another connection. A run whose beat is
older than STALE_AFTER lost its process: its page says "bị gián đoạn" and its owner may start it
again (dashboards.services.import_run_retry). Progress is kept in this process only; another
worker shows the run as running, without the count.
"""

import contextlib
import logging
import threading

from django.db import connections
from django.utils import timezone

from .models import HEARTBEAT_EVERY, STALE_AFTER, ImportRun

__all__ = ["STALE_AFTER", "heartbeat", "is_alive", "progress_of", "start", "wait"]

logger = logging.getLogger(__name__)
PROGRESS: dict[int, tuple[int, int]] = {}
_threads: dict[int, threading.Thread] = {}


def start(run_id: int, attempt: int) -> threading.Thread:
    thread = threading.Thread(
        target=_run, args=(run_id, attempt), name=f"ntm-import-{run_id}", daemon=True
    )
    _threads[run_id] = thread
    thread.start()
    return thread


def _run(run_id: int, attempt: int) -> None:
    from .services import import_run_apply

    def progress(done: int, total: int) -> None:
        PROGRESS[run_id] = (done, total)

    try:
        import_run_apply(run_id, progress=progress, attempt=attempt)
    finally:
        PROGRESS.pop(run_id, None)
        _threads.pop(run_id, None)
        connections.close_all()  # this thread's own connections


def beat(run_id: int, attempt: int) -> bool:
    """Record that the run's worker (of this attempt) is alive; False once it is not running."""
    return bool(
        ImportRun.objects.filter(pk=run_id, state=ImportRun.State.RUNNING, attempt=attempt).update(
            heartbeat_at=timezone.now()
        )
    )


def _beating(run_id: int, attempt: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                if not beat(run_id, attempt):
                    return
            except Exception:  # a missed beat only makes the run look older
                logger.warning("Excel import %s: heartbeat not recorded", run_id, exc_info=True)
    finally:
        connections.close_all()  # this thread's own connection


@contextlib.contextmanager
def heartbeat(run_id: int, attempt: int):
    """Beat the run's heartbeat from a thread of its own while the block runs."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beating, args=(run_id, attempt, stop), name=f"ntm-beat-{run_id}", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def progress_of(run_id: int) -> tuple[int, int] | None:
    return PROGRESS.get(run_id)


def is_alive(run_id: int) -> bool:
    thread = _threads.get(run_id)
    return thread is not None and thread.is_alive()


def wait(run_id: int, timeout: float | None = None) -> None:
    """Block until the run's thread (if it is in this process) has finished."""
    thread = _threads.get(run_id)
    if thread is not None:
        thread.join(timeout)
