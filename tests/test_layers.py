"""The direction of imports (pyproject.toml [tool.importlinter], docs/architecture.md) holds, and
the check that keeps it would refuse an upward import: one is planted in a copy of the tree."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("ntm", "common", "units", "criteria", "assignments", "recognition", "dossiers", "plans")
PACKAGES += ("dashboards", "imports")
PACKAGES += ("ops", "bench")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 – the venv's own lint-imports on our own tree
        [str(LINT), "--no-cache", "--no-logo", str(tree / "pyproject.toml")],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    for package in PACKAGES:
        if (ROOT / package).is_dir():
            shutil.copytree(
                ROOT / package,
                tree / package,
                ignore=lambda _d, names: [
                    n for n in names if not n.endswith(".py") and "." in n or n == "__pycache__"
                ],
            )
    return tree


def test_the_project_keeps_its_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("units/planted.py", "import dashboards.selectors\n", "units is not allowed to import"),
        ("common/planted.py", "from units.models import Unit\n", "common is not allowed to import"),
        ("plans/planted.py", "from ops import demo\n", "plans is not allowed to import"),
    ],
)
def test_an_upward_import_breaks_the_check(tmp_path, module, line, broken):
    tree = _copy(tmp_path)
    assert _lint(tree).returncode == 0  # the copy is as good as the project …
    (tree / module).write_text(line)
    result = _lint(tree)  # … until one module imports a layer above its own
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert broken in result.stdout
