"""The import's work on the task queue (django-tasks; `manage.py db_worker` runs it).

`apply_run(run_id, attempt)` writes a large file's run (imports.services.import_run_apply): the
re-check, then every row in one transaction, with the heartbeat beaten from a thread of the
worker. A worker killed half way commits nothing; its task stays "running" in the queue's table
and is not run again by itself: the run stops beating, is shown as interrupted after
IMPORTS_STALE_SECONDS, and its owner retries it, which claims the next attempt and queues a new
task. A task of an attempt that is no longer the run's (or of a finished run) writes nothing.
"""

from django_tasks import task


@task()
def apply_run(run_id: int, attempt: int) -> str:
    from .services import import_run_apply

    run = import_run_apply(run_id, attempt=attempt)
    return run.state
