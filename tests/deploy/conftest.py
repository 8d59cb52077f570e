"""What the production-run tests (test_gunicorn.py, test_two_servers.py) start from: a SQLite
database migrated by `manage.py migrate` and the static files collected by `manage.py
collectstatic`, both run in a subprocess as deployed. They are made once per test run and
shared by the pytest-xdist workers (the first to ask makes them, under a lock; the others
wait): each module copies the database file, and every server reads the one static folder."""

import fcntl
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.test_gunicorn import _environment, _manage


@dataclass
class ProductionTemplate:
    database: Path  # a migrated SQLite database: copy it, never open it in place
    static: Path  # STATIC_ROOT after collectstatic: read only

    def copy_database(self, target: Path) -> str:
        shutil.copy(self.database, target)
        return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def production_template(tmp_path_factory, request) -> ProductionTemplate:
    base = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # a pytest-xdist worker: basetemp/popen-gwN
        base = base.parent
    root = base / "production-template"
    root.mkdir(exist_ok=True)
    template = ProductionTemplate(root / "db.sqlite3", root / "static")
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not (root / "ready").exists():
            shutil.rmtree(template.static, ignore_errors=True)
            template.database.unlink(missing_ok=True)
            env = _environment(root, DATABASE_URL=f"sqlite:///{template.database}")
            _manage(env, "migrate", "--noinput")
            _manage(env, "collectstatic", "--noinput")
            (root / "ready").touch()
    return template
