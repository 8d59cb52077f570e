"""CriterionResult carries its assessment's commune, framework and year, indexed, so that a
year of a framework is read without every other year's results. Existing rows are filled from
their assessments before the columns become required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_framework_and_year(apps, schema_editor):
    Assessment = apps.get_model("criteria", "Assessment")
    CriterionResult = apps.get_model("criteria", "CriterionResult")
    own = Assessment.objects.filter(pk=OuterRef("assessment_id"))
    CriterionResult.objects.update(
        commune_id=Subquery(own.values("commune_id")[:1]),
        framework_id=Subquery(own.values("framework_id")[:1]),
        year=Subquery(own.values("year")[:1]),
    )


def analyze(apps, schema_editor):
    """New columns filled by one UPDATE have no statistics until autovacuum comes by; without
    them PostgreSQL expects a handful of rows per year and picks plans for that."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE criteria_criterionresult")


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0004_criterion_result"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="criterionresult",
            name="commune",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="units.unit",
            ),
        ),
        migrations.AddField(
            model_name="criterionresult",
            name="framework",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="criteria.framework",
            ),
        ),
        migrations.AddField(
            model_name="criterionresult",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="năm"),
        ),
        migrations.RunPython(copy_framework_and_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="criterionresult",
            name="commune",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="units.unit",
            ),
        ),
        migrations.AlterField(
            model_name="criterionresult",
            name="framework",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="criteria.framework",
            ),
        ),
        migrations.AlterField(
            model_name="criterionresult",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="năm"),
        ),
        migrations.AddIndex(
            model_name="criterionresult",
            index=models.Index(
                fields=["framework", "year", "commune", "criterion"],
                include=["status", "verified_status"],
                name="criterionresult_year",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
