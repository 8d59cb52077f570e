"""Rows made once for many tests (module- or session-scoped fixtures), rolled back at the end."""

import contextlib
import shutil
from pathlib import Path

from django.db import connections, transaction
from django.test.utils import override_settings


@contextlib.contextmanager
def shared_rows(django_db_blocker, build, *, evidence: Path, **settings_overrides):
    """Rows made once for many tests, by a module- or session-scoped fixture: pytest-django's
    pattern for higher-scoped data. `build()` runs inside an outer transaction on every
    database (with database access, `settings_overrides`, and EVIDENCE_ROOT = `evidence`);
    each test then runs in a savepoint of it (the ordinary `db` fixture) and rolls back to
    these rows; the outer transaction is rolled back when the fixture ends. Yields what
    `build()` returned.

    Only for tests that use `db`, never `transactional_db` or `live_server` (their flush
    would empty the shared rows). A test sees the rows as `build()` left them, so `build()`
    must not depend on the test (settings, tmp_path): evidence files it writes stay under
    `evidence`; `copy_evidence` puts them into a test's own evidence folder.

        @pytest.fixture(scope="module")
        def demo_rows(django_db_setup, django_db_blocker, tmp_path_factory):
            evidence = tmp_path_factory.mktemp("demo")
            with shared_rows(django_db_blocker, seed_demo, evidence=evidence, DEBUG=True) as r:
                yield r
    """
    atomics = []

    def roll_back():
        while atomics:
            atomic = atomics.pop()
            transaction.set_rollback(True, using=atomic.using)
            atomic.__exit__(None, None, None)

    with django_db_blocker.unblock():
        try:
            for alias in connections:
                atomics.append(transaction.atomic(using=alias))
                atomics[-1].__enter__()
            with override_settings(EVIDENCE_ROOT=evidence, **settings_overrides):
                result = build()
        except BaseException:
            roll_back()
            raise
    try:
        yield result
    finally:
        with django_db_blocker.unblock():
            roll_back()


def copy_evidence(source: Path, settings) -> None:
    """The evidence files made by a `shared_rows` build, copied into this test's folder."""
    if source.exists():
        shutil.copytree(source, settings.EVIDENCE_ROOT, dirs_exist_ok=True)


# --- copies of the whole test database (SQLite only) ----------------------------------------
# A transactional test (transactional_db, live_server) ends by emptying every table, so data
# it needs is made again for each one. On SQLite the test database is one in-memory file:
# sqlite3's backup API copies all of it, and puts the copy back, in milliseconds.

_copies = {}  # key -> sqlite3.Connection holding a copy of the test database


def _sqlite():
    from django.db import connection

    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    connection.ensure_connection()
    return connection.connection


def database_copy_keep(key: str) -> None:
    """Keep a copy of the test database as it is now under `key` (SQLite; else nothing)."""
    import sqlite3

    raw = _sqlite()
    if raw is not None:
        _copies[key] = sqlite3.connect(":memory:", check_same_thread=False)
        raw.backup(_copies[key])


def database_copy_restore(key: str) -> bool:
    """Put the copy kept under `key` back in place of the whole test database; False (and
    nothing done) when there is none or the database is not SQLite."""
    from django.contrib.contenttypes.models import ContentType

    raw = _sqlite()
    if raw is None or key not in _copies:
        return False
    _copies[key].backup(raw)
    ContentType.objects.clear_cache()  # a flush made them again under other ids
    return True


_files = {}  # key -> a folder holding the private files `build()` stored


def made_once(key: str, build) -> None:
    """`build()` on a database that is the same each time (a transactional test's start):
    on SQLite run once, its result kept and put back for later calls; elsewhere every time.
    The private files it stored (settings.EVIDENCE_ROOT: evidence, decisions, dossiers) are
    kept and put back with the rows that name them."""
    import tempfile

    from django.conf import settings

    if database_copy_restore(key):
        if key in _files:
            shutil.copytree(_files[key], settings.EVIDENCE_ROOT, dirs_exist_ok=True)
        return
    build()
    database_copy_keep(key)
    if key in _copies and Path(settings.EVIDENCE_ROOT).exists():
        _files[key] = Path(tempfile.mkdtemp(prefix=f"made-once-{key}-")) / "files"
        shutil.copytree(settings.EVIDENCE_ROOT, _files[key])


def race(*writes) -> list[str]:
    """Run each write in its own thread and database connection, all released at once by a
    barrier. Returns "ok", "refused: <the Vietnamese message>" or "error: <anything else>" for
    each (tests of concurrent writes, on PostgreSQL)."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    barrier = threading.Barrier(len(writes), timeout=20)
    results = ["error: not run"] * len(writes)

    def run(i, write):
        try:
            barrier.wait()
            write()
            results[i] = "ok"
        except ValidationError as e:
            results[i] = "refused: " + " ".join(e.messages)
        except Exception as e:  # reported: the round fails
            results[i] = f"error: {e!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results
