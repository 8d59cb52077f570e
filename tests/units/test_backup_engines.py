"""backup → restore across engines (issue 13): a database holding every maximum-length field,
backed up on the engine the suite runs on, restores into a fresh database of the other engine
(SQLite → PostgreSQL, PostgreSQL → SQLite) with every row and value intact.

SQLite does not enforce varchar lengths, PostgreSQL does (in characters), so every
length-limited text field of every row is filled to exactly its max_length with multi-byte
Vietnamese letters. The restore runs in a subprocess (`manage.py migrate`, then `manage.py restore`), as an
operator would on a new server; the restored rows are read back by `manage.py shell -c` in that
process and compared, model by model, with the source.

PostgreSQL for the SQLite run: NTM_TEST_POSTGRES_SERVER (default
postgres://postgres@127.0.0.1:5432, as .ci/run starts it). When it cannot be reached the test
skips, except in CI (CI=true), where it fails.
"""

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.models import F, Q, UniqueConstraint
from psycopg import sql

from assignments.models import InboxReminderLog, ReminderLog, Task
from criteria.models import Assessment, AssessmentEvent, WithdrawnYear
from ops.backups import evidence_storage, referenced_names
from plans.library import MeasureRow, measures_save
from plans.models import CriterionMeasure, PartyTerm, Plan, PlanBasis
from plans.numbering import party_term_save
from tests.units.test_backup import demo  # noqa: F401 – the fixture
from units import facts
from units.models import (
    AccountChange,
    PasswordChange,
    PasswordResetRequest,
    Role,
    RoleChange,
    UnitChange,
    UnitFact,
    UnitPlacement,
    User,
)

PROJECT_APPS = ["units", "criteria", "assignments", "plans", "dashboards"]
SERVER = os.environ.get("NTM_TEST_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
TEXT_FIELDS = (models.CharField, models.TextField)  # SlugField, EmailField are CharFields
# Multi-byte in UTF-8 (2 or 3 bytes each): a length counted in bytes would overflow.
LETTERS = "ệĐữẫỡốằẳẵậặẩẻẽẹềểễịỉĩọỏõộổỗợởớờụủũựửừứỳỷỹỵđ"
# Values a CHECK constraint ties to other columns of the row: filled only where it allows.
# (Nothing here is read as a code by `restore`: it reads only Evidence.file, a FileField and so
# outside TEXT_FIELDS, and users' usernames as natural keys, which ARE filled.)
ONLY_WHERE = {
    # party_account_only_for_person: a party with an account must be of kind "person"
    ("assignments.ResponsibleParty", "kind"): Q(user__isnull=True),
}


def _project_models():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.managed and not model._meta.proxy:
                yield model


def _limited(model) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS) and f.max_length]


def _unique_names(model) -> set[str]:
    """Fields whose value must differ between rows: unique, or in a unique constraint."""
    meta = model._meta
    names = {f.name for f in meta.concrete_fields if f.unique}
    for together in meta.unique_together:
        names.update(together)
    for constraint in meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            names.update(constraint.fields)
            names.update(e.name for e in constraint.expressions if isinstance(e, F))
    return names


def _text(length: int, suffix: str = "") -> str:
    assert len(suffix) < length
    body = LETTERS * (length // len(LETTERS) + 1)
    return body[: length - len(suffix)] + suffix


def _add_missing_rows():
    """One row of each model with a length-limited field that the demo leaves empty."""
    user = User.objects.get(username="camtan")
    role = Role.objects.filter(user=user).first()
    if not RoleChange.objects.exists():
        RoleChange.objects.create(
            actor=user, action=RoleChange.Action.ADDED, user=user, unit=role.unit, kind=role.kind
        )
    if not PasswordChange.objects.exists():
        PasswordChange.objects.create(user=user, actor=user, how=PasswordChange.How.OWN)
    if not AccountChange.objects.exists():
        AccountChange.objects.create(user=user, actor=user, field="phone", old="", new="0912")
    if not UnitChange.objects.exists():
        UnitChange.objects.create(
            unit=role.unit, actor=user, field="level_goal", before="Xã NTM", after="Xã NTM nâng cao"
        )
    if not PasswordResetRequest.objects.exists():
        PasswordResetRequest.objects.create(email="a@camtan.gov.vn", ip="2001:db8::7", letters=1)
    if not AssessmentEvent.objects.exists():
        AssessmentEvent.objects.create(
            assessment=Assessment.objects.filter(commune=role.unit).first(),
            actor=user,
            action=AssessmentEvent.Action.SUBMITTED,
            old_state="draft",
            new_state="submitted",
            comment="Gửi thẩm tra",
        )
    if not PlanBasis.objects.exists():
        PlanBasis.objects.create(plan=Plan.objects.first(), order=1, text="Căn cứ Luật")
    if not ReminderLog.objects.exists():  # no text field, but a row to compare all the same
        ReminderLog.objects.create(task=Task.objects.first(), user=user, date=dt.date(2024, 3, 5))
    if not InboxReminderLog.objects.exists():
        InboxReminderLog.objects.create(user=user, date=dt.date(2024, 3, 5), waiting=2)
    if not CriterionMeasure.objects.exists():  # and its CriterionMeasureChange row
        assessment = Assessment.objects.filter(commune=role.unit).select_related("framework")[0]
        measures_save(
            unit=role.unit,
            year=assessment.year,
            rows=[
                MeasureRow(
                    criterion=assessment.framework.criteria.order_by("number")[0],
                    target="Giữ vững",
                    measures="- Rà soát",
                    version=None,
                )
            ],
            actor=user,
        )
    if not WithdrawnYear.objects.exists():
        year = Assessment.objects.filter(commune=role.unit).first()
        WithdrawnYear.objects.create(
            commune=role.unit,
            framework=year.framework,
            year=2030,
            opened_at=year.created_at,
            opened_by=user,
            withdrawn_by=user,
            reason="Mở nhầm",
        )
    if not UnitFact.objects.exists():  # and its UnitFactChange row
        facts.record_fact(
            actor=user,
            unit=role.unit,
            kind=UnitFact.Kind.POPULATION,
            value=8512,
            as_of=dt.date(2024, 4, 1),
            basis="Niên giám thống kê",
        )
    if not PartyTerm.objects.exists():  # and its PartyTermChange row
        party_term_save(
            actor=user,
            unit=role.unit,
            congress_closed_on=dt.date(2020, 7, 21),
            name="Đại hội Đảng bộ xã nhiệm kỳ 2020–2025",
        )
    # the demo's own merger (Sơn Dương 2024) moves no unit: the Hà Tĩnh one ends a district
    if not UnitPlacement.objects.exists():  # its steps, placements and ended roles too
        from ops.demo_reform import apply_demo_reform

        apply_demo_reform(User.objects.get(username="admin"))


def _fill_to_max_length() -> list[str]:
    """Every length-limited text field of every row, to exactly max_length characters; returns
    the fields that no row holds at their maximum."""
    unfilled = []
    with transaction.atomic():
        for model in _project_models():
            fields = _limited(model)
            if not fields:
                continue
            label = model._meta.label
            unique = _unique_names(model)
            manager = model._base_manager
            pks = list(manager.order_by("pk").values_list("pk", flat=True))
            allowed = {
                name: set(manager.filter(where).values_list("pk", flat=True))
                for (owner, name), where in ONLY_WHERE.items()
                if owner == label
            }
            for pk in pks:
                values = {
                    f.attname: _text(f.max_length, str(pk) if f.name in unique else "")
                    for f in fields
                    if f.name not in allowed or pk in allowed[f.name]
                }
                manager.filter(pk=pk).update(**values)
            unfilled += [
                f"{label}.{f.name}"
                for f in fields
                if not pks or (f.name in allowed and not allowed[f.name])
            ]
    return unfilled


# --- a snapshot of every row, the same in both processes ----------------------------------


def _plain(value):
    # Django's JSON serializer (DjangoJSONEncoder, so dumpdata and data.json) writes times to
    # the millisecond: what the archive can carry, and nothing reads finer (edits are guarded
    # by integer `version` columns, lists ordered by time then pk).
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, Decimal | float | uuid.UUID | dt.timedelta):
        return str(value)
    return value  # None, bool, int, str, JSON


def _natural_keys(model) -> dict | None:
    """pk → natural key for models dumped with natural keys (users, content types…)."""
    if not hasattr(model, "natural_key"):
        return None
    return {o.pk: list(o.natural_key()) for o in model._base_manager.all()}


def snapshot() -> dict:
    """{model label: {row key: {field: value, or length and digest}}}, {evidence name: SHA-256}."""
    natural = {}

    def keys_of(model):
        if model not in natural:
            natural[model] = _natural_keys(model)
        return natural[model]

    def key(model, pk):
        keys = keys_of(model)
        return json.dumps(keys[pk] if keys is not None else pk, ensure_ascii=False)

    rows = {}
    for model in _project_models():
        meta = model._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        table = {}
        for pk, *values in model._base_manager.order_by("pk").values_list(
            "pk", *(f.attname for f in fields)
        ):
            row = {}
            for f, value in zip(fields, values, strict=True):
                if f.is_relation and value is not None:
                    value = key(f.related_model, value)
                value = _plain(value)
                if isinstance(value, str) and len(value) > 40:  # the long texts, digested
                    digest = hashlib.sha256(value.encode()).hexdigest()[:16]
                    value = f"{len(value)} characters, sha256 {digest}…"
                row[f.name] = value
            table[key(model, pk)] = row
        for m2m in meta.many_to_many:
            through = m2m.remote_field.through
            if not through._meta.auto_created:
                continue  # a model of its own, compared as such
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            pairs = {}
            for left, right in through._base_manager.values_list(f"{source}_id", f"{target}_id"):
                pairs.setdefault(key(model, left), []).append(key(m2m.related_model, right))
            for row_key, row in table.items():
                row[m2m.name] = sorted(pairs.get(row_key, []))
        rows[meta.label] = table
    storage = evidence_storage()
    files = {}
    for name in sorted(referenced_names()):
        with storage.open(name, "rb") as handle:
            files[name] = hashlib.sha256(handle.read()).hexdigest()
    return {"rows": rows, "evidence": files}


def write_snapshot(path: str) -> None:
    """Run by `manage.py shell -c` in the restored database's process."""
    Path(path).write_text(json.dumps(snapshot(), ensure_ascii=False), encoding="utf-8")


def _differences(source: dict, restored: dict) -> list[str]:
    """What the restore changed, one line per model field: how many rows, and the first."""
    found = []
    if source["evidence"] != restored["evidence"]:
        found.append(f"evidence files: {source['evidence']} → {restored['evidence']}")
    for label in sorted(source["rows"].keys() | restored["rows"].keys()):
        before = source["rows"].get(label, {})
        after = restored["rows"].get(label, {})
        changed = {}
        for row_key in sorted(before.keys() | after.keys(), key=str):
            old, new = before.get(row_key), after.get(row_key)
            if old is None or new is None:
                lost = "extra" if old is None else "lost"
                changed.setdefault("(row)", []).append(f"{row_key[:40]}: {lost}")
                continue
            for name in sorted(old.keys() | new.keys()):
                if old.get(name) != new.get(name):
                    changed.setdefault(name, []).append(
                        f"{row_key[:40]}: {old.get(name)!r} → {new.get(name)!r}"
                    )
        for name, rows in changed.items():
            found.append(f"{label}.{name}: {len(rows)} of {len(before)} rows, e.g. {rows[0]}")
    return found


# --- the other engine, in a subprocess ---------------------------------------------------


def _postgres_or_skip():
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=5) as probe:
            probe.execute("SELECT 1")
    except psycopg.Error as e:
        message = f"PostgreSQL {SERVER} không kết nối được ({e}); đặt NTM_TEST_POSTGRES_SERVER"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"{message} [CI=true: .ci/run khởi động PostgreSQL]", pytrace=False)
        pytest.skip(message)


def _manage(*args, database_url: str, evidence: Path, timeout: int = 300) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("EVIDENCE_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ntm.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", "insecure-test-only-key-not-for-production"),
        DEBUG="false",
        DATABASE_URL=database_url,
        EVIDENCE_STORAGE="filesystem",
        EVIDENCE_ROOT=str(evidence),
        PGCONNECT_TIMEOUT="5",
    )
    done = subprocess.run(  # noqa: S603 – our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {args[0]}: {done.stderr[-3000:]}"
    return done.stdout


def _restore_elsewhere(archive: Path, database_url: str, tmp_path: Path) -> dict:
    evidence = tmp_path / "restored-evidence"
    evidence.mkdir()
    result = tmp_path / "restored.json"
    _manage("migrate", "--no-input", "-v", "0", database_url=database_url, evidence=evidence)
    out = _manage("restore", str(archive), database_url=database_url, evidence=evidence)
    assert "Đã khôi phục" in out
    code = (
        "from tests.units.test_backup_engines import write_snapshot; "
        f"write_snapshot({str(result)!r})"
    )
    _manage("shell", "-c", code, database_url=database_url, evidence=evidence)
    return json.loads(result.read_text(encoding="utf-8"))


@pytest.fixture
def other_engine(tmp_path):
    """DATABASE_URL of a fresh, empty database on the engine the suite does not run on."""
    if connection.vendor == "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    assert connection.vendor == "sqlite"
    _postgres_or_skip()  # before the demo is built
    name = f"ntm_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{SERVER}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


@pytest.fixture
def full(demo):  # noqa: F811 – the imported fixture
    """The demo, one row of every model, every length-limited text at its maximum length."""
    _add_missing_rows()
    assert _fill_to_max_length() == [], "no row to fill: add one in _add_missing_rows()"
    # the case: a StatusChange.detail longer in bytes than its 255 characters
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM criteria_statuschange ORDER BY id LIMIT 1")
        [detail] = cursor.fetchone()
    assert len(detail) == 255 and len(detail.encode()) > 255
    state = snapshot()
    assert [label for label, rows in state["rows"].items() if not rows] == []
    return state


def test_backup_restores_every_maximum_length_value_on_the_other_engine(
    other_engine, full, tmp_path
):
    archive = tmp_path / "ntm.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    restored = _restore_elsewhere(archive, other_engine, tmp_path)

    differences = _differences(full, restored)
    assert not differences, "\n".join(["the restore changed:", *differences])
    assert {label: len(rows) for label, rows in restored["rows"].items()} == {
        label: len(rows) for label, rows in full["rows"].items()
    }
