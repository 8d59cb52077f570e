"""Fill the indicator counts of the assessments already in the database from their indicator
statuses, as criteria.summaries._summarise computes them: the indicators in force in the year
(of a criterion not retired before 1 January, not retired themselves before then), those met
by the self-assessment, and – for a year verified at least once (any status with a verified
copy) – those met by the verified results, an indicator added after the verification counting
as not met. A batch of assessments at a time: one read and one write per batch."""

from datetime import date

from django.db import migrations

BATCH = 500
MET = "dat"


def _in_force(retired_on, year_start) -> bool:
    return retired_on is None or retired_on > year_start


def fill_indicator_counts(apps, schema_editor):
    Assessment = apps.get_model("criteria", "Assessment")
    IndicatorStatus = apps.get_model("criteria", "IndicatorStatus")
    years = dict(Assessment.objects.order_by("pk").values_list("pk", "year"))
    ids = list(years)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        counts = {pk: [0, 0, 0, False] for pk in batch}  # met, in force, verified met, verified
        rows = IndicatorStatus.objects.filter(assessment_id__in=batch).values_list(
            "assessment_id",
            "indicator__criterion__retired_on",
            "indicator__retired_on",
            "status",
            "verified_status",
        )
        for aid, criterion_retired, indicator_retired, status, verified in rows.iterator():
            tally = counts[aid]
            if verified:
                tally[3] = True
            year_start = date(years[aid], 1, 1)
            if _in_force(criterion_retired, year_start) and _in_force(
                indicator_retired, year_start
            ):
                tally[1] += 1
                tally[0] += status == MET
                tally[2] += verified == MET
        Assessment.objects.bulk_update(
            [
                Assessment(
                    pk=pk,
                    indicator_met_count=met,
                    indicator_count=total,
                    verified_indicator_met_count=verified_met if verified else None,
                )
                for pk, (met, total, verified_met, verified) in counts.items()
            ],
            ["indicator_met_count", "indicator_count", "verified_indicator_met_count"],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0009_indicator_counts_review_dates"),
    ]

    operations = [
        migrations.RunPython(fill_indicator_counts, migrations.RunPython.noop, elidable=True),
    ]
