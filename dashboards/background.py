"""Large imports run in a background thread, so the request returns at once and the run's page
follows it (meta refresh, no JavaScript).

No task queue: the thread lives in the web process that started it. The whole import is one
transaction, so if the process stops half way nothing is written; the run's page then says so
once the run has shown no sign of life for STALE_AFTER. Progress is kept in this process only
(the transaction's own writes are invisible to other connections until it commits); another
worker shows the run as running, without the count.
"""

import threading
from datetime import timedelta

from django.db import connections

PROGRESS: dict[int, tuple[int, int]] = {}
STALE_AFTER = timedelta(minutes=30)
_threads: dict[int, threading.Thread] = {}


def start(run_id: int) -> threading.Thread:
    thread = threading.Thread(target=_run, args=(run_id,), name=f"ntm-import-{run_id}", daemon=True)
    _threads[run_id] = thread
    thread.start()
    return thread


def _run(run_id: int) -> None:
    from .services import import_run_apply

    def progress(done: int, total: int) -> None:
        PROGRESS[run_id] = (done, total)

    try:
        import_run_apply(run_id, progress=progress)
    finally:
        PROGRESS.pop(run_id, None)
        _threads.pop(run_id, None)
        connections.close_all()  # this thread's own connections


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
