"""No module outside units.access decides who may see or do what.

Every module of the project is parsed (no import, no database) and a permission decision is
looked for: a call of `roles_of(…)`, a read of `.is_superuser`, or a role kind
(`Role.Kind.X`) compared with something or gathered into a set of roles to compare with. Such
a decision belongs in units/access.py, which the views, selectors, services and imports ask.

Not searched: units/access* itself, migrations, tests, ops and bench (operations and
benchmarks, which make users and roles), admin.py files (the Django admin's own permission
hooks) and models.py files (the definitions).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "venv", "node_modules", "tests", "migrations", "ops", "bench", "static"}
SKIPPED_FILES = {"admin.py", "models.py"}

# module (path from the project root) -> why it may decide a permission itself
EXCEPTIONS = {
    # the role sheet of a units import: which kind of role may sit at which kind of unit and
    # carry a list of criteria – a rule on the data imported, not on who imports it (who may
    # import units is units.access.import_kinds)
    "units/resources/__init__.py": "validates imported role rows",
}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if set(rel.parts[:-1]) & SKIPPED_DIRS or rel.parts[0] in SKIPPED_DIRS:
            continue
        if rel.name in SKIPPED_FILES or rel.parts[:2] == ("units", "access.py"):
            continue
        if rel.parts[:2] == ("units", "access"):  # units/access/ as a package
            continue
        yield rel


def _is_role_kind(node: ast.AST) -> bool:
    """`Role.Kind.X`."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "Kind"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "Role"
    )


def _decisions(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "roles_of":
                found.append((node.lineno, "calls roles_of()"))
        elif isinstance(node, ast.Attribute) and node.attr == "is_superuser":
            if isinstance(node.ctx, ast.Load):
                found.append((node.lineno, "reads .is_superuser"))
        elif isinstance(node, ast.Compare):
            if any(
                _is_role_kind(n) for part in [node.left, *node.comparators] for n in ast.walk(part)
            ):
                found.append((node.lineno, "compares a Role.Kind value"))
        elif isinstance(node, (ast.Set, ast.List, ast.Tuple)) and any(
            _is_role_kind(e) for e in node.elts
        ):
            found.append((node.lineno, "gathers Role.Kind values to compare with"))
    return sorted(set(found))


def test_no_module_outside_units_access_decides_a_permission():
    offending = []
    for rel in _modules():
        if rel.as_posix() in EXCEPTIONS:
            continue
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"), filename=str(rel))
        offending += [f"{rel}:{line}: {what}" for line, what in _decisions(tree)]
    assert not offending, (
        "a permission decided outside units/access.py (move it there, as a function the "
        "caller asks):\n" + "\n".join(offending)
    )


def test_the_check_sees_each_kind_of_decision():
    source = (
        "def view(user, role):\n"
        "    roles = roles_of(user)\n"
        "    if user.is_superuser: pass\n"
        "    if role.kind == Role.Kind.SUPERVISOR: pass\n"
        "OFFICES = {Role.Kind.SUPERVISOR, Role.Kind.PROVINCE_OFFICE}\n"
        "User.objects.create(is_superuser=True)\n"  # a keyword: making a user decides nothing
        "Role.objects.filter(kind=Role.Kind.COMMUNE_LEADER)\n"  # a query by kind neither
    )
    assert [line for line, _ in _decisions(ast.parse(source))] == [2, 3, 4, 5]
