"""`manage.py benchmark` on a tiny synthetic country: every page answers, the table is written
into its own section of the file, and a dashboard's query count does not depend on how many
communes it shows. No timing is asserted."""

import io

import pytest
from django.core.management import call_command

from bench import pages as benchmarking
from plans.models import Plan
from tests.shared import shared_rows

pytestmark = [pytest.mark.django_db, pytest.mark.bench]


def _synth_country():
    call_command(
        "synth_country",
        "--communes",
        "90",
        "--years",
        "2024-2025",
        "--officials",
        "0.2",
        stdout=io.StringIO(),
    )


@pytest.fixture(scope="module")
def _country_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The country is made once for the module; each test rolls back to it (tests/shared.py)."""
    evidence = tmp_path_factory.mktemp("country-evidence")
    with shared_rows(django_db_blocker, _synth_country, evidence=evidence):
        yield


@pytest.fixture
def country(_country_rows, db, monkeypatch):
    monkeypatch.setattr(benchmarking, "MEMORY_RUNS", 1)


def test_benchmark_times_every_page_and_writes_its_section(country, tmp_path, monkeypatch):
    """One run of the command (every page, its table written), then its section written again
    over the first: replaced, not appended. Besides: a dashboard's query count does not depend
    on its size (a district and a province of the same country ask as many queries)."""
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\nWritten by hand.\n")
    out = io.StringIO()
    results = []  # what the command measured (the real run, kept for the checks below)
    real_run = benchmarking.run

    def run(**kwargs):
        results.append(real_run(**kwargs))
        return results[-1]

    monkeypatch.setattr(benchmarking, "run", run)

    call_command(
        "benchmark", "--runs", "1", "--label", "small", "--output", str(output), stdout=out
    )

    text = output.read_text()
    assert text.startswith("# Benchmarks\n\nWritten by hand.\n")
    assert text.count("<!-- benchmark:small -->") == 1
    for label in (
        "Trang xã",
        "Nhật ký của xã",
        "Tổng hợp huyện",
        "Tổng hợp tỉnh theo huyện",
        "Tổng hợp cả nước",
        "Danh sách nhiệm vụ",
        "Lập dự thảo",
        "PDF kế hoạch",
        "Excel tổng hợp tỉnh",
    ):
        assert label in text
    assert "90 communes" in text
    assert not Plan.objects.exists()  # the plans drafted for the measurements are gone
    rows = {r.key: r for r in results[0].rows}
    district, province = rows["district"], rows["province-matrix"]
    assert len(district.queries) == len(province.queries) == 1  # the same on every request
    assert district.queries == province.queries

    begin, end = "<!-- benchmark:small -->\n", "\n<!-- /benchmark:small -->"
    table = text[text.index(begin) + len(begin) : text.index(end)]
    benchmarking.write_section(output, "small", table.replace("90 communes", "91 communes"))
    again = output.read_text()
    assert again.count("<!-- benchmark:small -->") == 1  # replaced, not appended
    assert "Written by hand." in again and "91 communes" in again and "90 communes" not in again
