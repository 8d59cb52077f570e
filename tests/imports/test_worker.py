"""A real task worker (`manage.py db_worker`) killed half way through a large import: nothing is
half written, and the run, retried by its owner, is imported once.

The worker runs against its own SQLite database migrated in a temporary folder (the test
database is not shared with another process; see tests/deploy/test_gunicorn.py). It is slowed
down with IMPORTS_TEST_ROW_DELAY, a test-only hook of common.importing.row_written (a pause
after every row written, inside the import's transaction), so that SIGKILL lands mid-run.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.worker

ROOT = Path(settings.BASE_DIR)
ROWS = 30
CLEARED = ("DEBUG", "DATABASE_URL", "LOG_FORMAT", "LOG_LEVEL", "TASKS_BACKEND")

SETUP = f"""
import tablib
from units.models import User
from imports.services import import_run_check, import_run_start
admin = User.objects.create_superuser("admin", "admin@example.org", "x")
rows = [[f"tinh-{{i:02}}", f"Thử {{i}}", "Tỉnh", "Tỉnh"] for i in range({ROWS})]
content = tablib.Dataset(*rows, headers=["Mã đơn vị", "Tên", "Loại đơn vị", "Cấp"]).export("xlsx")
run = import_run_check(user=admin, kind="units", file_name="tinh.xlsx", content=content)
assert run.state == "checked", run.errors
assert import_run_start(run=run, actor=admin) is True  # queued for the worker
print(run.pk)
"""

RETRY = """
from imports.models import ImportRun
from imports.services import import_run_retry
run = ImportRun.objects.get()
assert run.is_interrupted
assert import_run_retry(run=run, actor=run.user) is True  # queued again, attempt 2
"""


def _environment(tmp: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(
        DJANGO_SETTINGS_MODULE="ntm.settings",
        SECRET_KEY="worker-test-" + "k" * 50,
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        EVIDENCE_ROOT=str(tmp / "evidence"),
        TASKS_BACKEND="database",
        IMPORTS_SYNC_ROWS="0",  # every file goes to the queue
        IMPORTS_HEARTBEAT_SECONDS="0.5",
        LOG_FORMAT="plain",
        HOME=str(tmp),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def _manage(env, *args) -> str:
    done = subprocess.run(  # noqa: S603 – our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(env, log: Path, *args) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _query(db: Path, sql: str, *params):
    with sqlite3.connect(db, timeout=10) as connection:
        return connection.execute(sql, params).fetchall()


def _wait(condition, what: str, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} not seen in {timeout} s:\n{log.read_text()[-3000:]}")


def test_a_worker_killed_mid_import_writes_nothing_and_the_retry_imports_once(tmp_path):
    env = _environment(tmp_path)
    db = tmp_path / "db.sqlite3"
    log = tmp_path / "worker.log"
    _manage(env, "migrate", "--noinput")
    run_id = int(_manage(env, "shell", "-c", SETUP).split()[-1])
    tasks = "SELECT status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
    assert [s for (s,) in _query(db, tasks)] == ["READY"]

    # A slow worker (0.25 s a row: 7,5 s for the file) takes the task, writes some rows in its
    # transaction, and is killed without warning.
    slow = _worker({**env, "IMPORTS_TEST_ROW_DELAY": "0.25"}, log)
    try:
        _wait(lambda: _query(db, tasks) == [("RUNNING",)], "the task taken", log)
        time.sleep(2.5)  # about ten rows written, none committed
        assert slow.poll() is None, log.read_text()
    finally:
        slow.send_signal(signal.SIGKILL)
        slow.wait(timeout=10)

    units = "SELECT count(*) FROM units_unit"
    run = "SELECT state, attempt, created FROM dashboards_importrun WHERE id = ?"
    assert _query(db, units) == [(0,)]  # nothing half applied
    assert _query(db, run, run_id) == [("running", 1, ROWS)]

    # No beat for IMPORTS_STALE_SECONDS: the run is interrupted; its owner retries it, and a
    # worker started again imports it, once.
    time.sleep(1.2)
    _manage({**env, "IMPORTS_STALE_SECONDS": "1"}, "shell", "-c", RETRY)
    again = _worker(env, log, "--batch")  # runs what is ready, then exits
    try:
        assert again.wait(timeout=30) == 0, log.read_text()[-3000:]
    finally:
        if again.poll() is None:
            again.kill()

    assert _query(db, units) == [(ROWS,)]
    assert _query(db, run, run_id) == [("done", 2, ROWS)]
    assert [s for (s,) in _query(db, tasks)] == ["RUNNING", "SUCCESSFUL"]  # the killed one stays
    kept = "SELECT content FROM dashboards_importrun WHERE id = ?"
    assert _query(db, kept, run_id) == [(b"",)]  # the file is dropped once imported
