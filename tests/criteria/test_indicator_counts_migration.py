"""criteria 0010 fills the indicator counts of the assessments already in the database from
their statuses, as the recount does: only the indicators in force in the year, the verified
count only for a year verified at least once, an indicator without a verified copy counted as
not met."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("criteria", "0009_indicator_counts_review_dates")]
AFTER = [("criteria", "0010_fill_indicator_counts")]


def _migrate(targets):
    """Migrate to `targets`; the models as they are then, the other apps at their latest."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    apps_named = {app for app, _ in targets}
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in apps_named]
    return executor.loader.project_state(targets + others).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_existing_assessments_get_their_indicator_counts():
    apps = _migrate(BEFORE)
    try:
        Unit = apps.get_model("units", "Unit")
        Framework = apps.get_model("criteria", "Framework")
        Criterion = apps.get_model("criteria", "Criterion")
        Indicator = apps.get_model("criteria", "Indicator")
        Assessment = apps.get_model("criteria", "Assessment")
        IndicatorStatus = apps.get_model("criteria", "IndicatorStatus")
        commune = Unit.objects.create(kind="commune", code="m-15", name="Thử", prefix="Xã")
        framework = Framework.objects.create(
            key="m-15-fw", name="Bộ thử", period_start=2021, period_end=2025
        )
        c1 = Criterion.objects.create(framework=framework, number=1, name="Một")
        # criterion 2 retired from 1 January 2023: its indicator no longer counts in 2023
        c2 = Criterion.objects.create(
            framework=framework, number=2, name="Hai", retired_on=date(2023, 1, 1)
        )
        indicators = {
            code: Indicator.objects.create(
                framework=framework, criterion=criterion, code=code, name=code, kind="boolean",
                order=i, retired_on=retired,
            )
            for i, (code, criterion, retired) in enumerate(
                [
                    ("1.1", c1, None),
                    ("1.2", c1, None),
                    ("1.3", c1, date(2022, 12, 31)),  # retired before 2023
                    ("1.4", c1, date(2023, 5, 1)),  # retired during 2023: still counted
                    ("2.1", c2, None),
                ]
            )
        }  # fmt: skip
        draft = Assessment.objects.create(commune=commune, framework=framework, year=2023)
        checked = Assessment.objects.create(
            commune=commune, framework=framework, year=2022, state="verified"
        )
        empty = Assessment.objects.create(commune=commune, framework=framework, year=2024)
        rows = {
            # code: (2023 self, 2022 self, 2022 verified – "" added after the verification)
            "1.1": ("dat", "dat", "dat"),
            "1.2": ("chua_dat", "dat", "chua_dat"),
            "1.3": ("dat", "dat", "dat"),
            "1.4": ("dat", "chua_dat", ""),
            "2.1": ("dat", "dat", "dat"),
        }
        for code, (now, before, verified) in rows.items():
            IndicatorStatus.objects.create(assessment=draft, indicator=indicators[code], status=now)
            IndicatorStatus.objects.create(
                assessment=checked,
                indicator=indicators[code],
                status=before,
                verified_status=verified,
            )

        apps = _migrate(AFTER)

        Assessment = apps.get_model("criteria", "Assessment")
        counts = {
            a.pk: (a.indicator_met_count, a.indicator_count, a.verified_indicator_met_count)
            for a in Assessment.objects.filter(commune_id=commune.pk)
        }
        assert counts == {
            # 2023: 1.1, 1.2, 1.4 in force (1.3 retired before, 2.1's criterion too)
            draft.pk: (2, 3, None),
            # 2022: all five in force; verified: 1.1, 1.3, 2.1 met, 1.4 never verified
            checked.pk: (4, 5, 3),
            empty.pk: (0, 0, None),
        }
    finally:
        _migrate(_latest())
