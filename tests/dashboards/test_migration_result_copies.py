"""criteria 0005 fills the commune, framework and year of the criterion results already in a
database from their assessments, before the columns become required."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("criteria", "0004_criterion_result")]
AFTER = [("criteria", "0005_criterionresult_framework_year")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_results_get_their_assessments_commune_framework_and_year():
    apps = _migrate(BEFORE)
    try:
        Unit = apps.get_model("units", "Unit")
        Framework = apps.get_model("criteria", "Framework")
        Criterion = apps.get_model("criteria", "Criterion")
        Assessment = apps.get_model("criteria", "Assessment")
        CriterionResult = apps.get_model("criteria", "CriterionResult")
        commune = Unit.objects.create(kind="commune", code="m-1", name="Thử", prefix="Xã")
        framework = Framework.objects.create(
            key="m-fw", name="Bộ thử", period_start=2021, period_end=2025
        )
        criterion = Criterion.objects.create(framework=framework, number=1, name="Quy hoạch")
        results = []
        for year in (2023, 2024):
            a = Assessment.objects.create(commune=commune, framework=framework, year=year)
            results.append(CriterionResult.objects.create(assessment=a, criterion=criterion))

        apps = _migrate(AFTER)

        CriterionResult = apps.get_model("criteria", "CriterionResult")
        copies = {
            r.pk: (r.commune_id, r.framework_id, r.year)
            for r in CriterionResult.objects.filter(pk__in=[r.pk for r in results])
        }
        assert copies == {
            results[0].pk: (commune.pk, framework.pk, 2023),
            results[1].pk: (commune.pk, framework.pk, 2024),
        }
    finally:
        _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
