"""`manage.py benchmark` on a tiny country that went through the reform (`synth_country
--shape reform`): its own module, as test_benchmark.py keeps a pre-2025 country for its
tests."""

import io

import pytest
from django.core.management import call_command

from bench import pages as benchmarking
from plans.models import Plan

pytestmark = [pytest.mark.django_db, pytest.mark.bench]


def test_a_reform_country_is_measured_before_and_after_the_reorganisation(db, monkeypatch):
    """`synth_country --shape reform`: the same pages for 2023 (the province by district, a
    district, an old commune read by its successor's official) and for 2025 (the new communes
    under the province), each row labelled with its year."""
    monkeypatch.setattr(benchmarking, "MEMORY_RUNS", 1)
    call_command(
        "synth_country",
        *("--shape", "reform", "--communes", "60", "--years", "2022-2025"),
        *("--officials", "0.3", "--tasks", "0.2"),
        stdout=io.StringIO(),
    )

    result = benchmarking.run(runs=1, out=lambda _: None)

    assert result.label == "reform"
    rows = {r.key: r for r in result.rows}
    assert {"province-2023", "district-2023", "commune-2023", "province-matrix-2023"} <= set(rows)
    assert {"commune-2025", "province-matrix-2025", "plan-draft-2025", "xlsx-2025"} <= set(rows)
    assert "district-2025" not in rows and "plan-draft-2023" not in rows
    assert "year=2023" in rows["province-2023"].url and "2023" in rows["province-2023"].label
    assert "year=2025" in rows["province-matrix-2025"].url
    old, new = rows["commune-2023"].url, rows["commune-2025"].url
    assert old != new  # a commune merged away, then the one it merged into
    assert rows["commune-2023"].who == rows["commune-2025"].who
    assert rows["plan-draft-2025"].size_kb == 0  # drafted: a redirect to the plan
    assert not Plan.objects.exists()
    assert "bench/run.sh reform" in benchmarking.markdown(result, "python manage.py benchmark")
