"""The benchmark command runs, reports its figures and leaves no synthetic rows behind."""

import io

import pytest
from django.core.management import call_command

from plans.models import Plan
from units.models import Unit

pytestmark = pytest.mark.bench


def test_benchmark_plan_pdf_reports_and_rolls_back(db):
    units, plans = Unit.objects.count(), Plan.objects.count()
    out = io.StringIO()

    call_command("benchmark_plan_pdf", runs=1, communes=3, tasks=12, stdout=out)

    report = out.getvalue()
    assert "plan_document: 3 truy vấn" in report
    assert "Kế hoạch: 3 xã, 12 nhiệm vụ, 1 lần đo" in report
    assert "PDF median:" in report
    assert "trang / pages" in report
    assert "DOCX:" in report
    assert (Unit.objects.count(), Plan.objects.count()) == (units, plans)
    assert not Unit.objects.filter(code__startswith="benchmark-").exists()


def test_benchmark_at_the_print_bound_times_each_shape_just_under_it(db, monkeypatch):
    from plans import render

    monkeypatch.setattr(render, "PDF_MAX_WEIGHT", 3_000)
    out = io.StringIO()

    call_command("benchmark_plan_pdf", at_bound=True, stdout=out)

    lines = [line for line in out.getvalue().splitlines() if ": PDF " in line]
    assert len(lines) == 6 and all("DOCX" in line for line in lines)
    weights = [int(line.split(":")[0].split()[-1].replace(".", "")) for line in lines]
    assert all(weight <= 3_000 for weight in weights), weights
    # every shape but the long paragraphs (one of them alone weighs more than this bound)
    assert sum(weight > 2_000 for weight in weights) == 5, weights
    assert not Unit.objects.filter(code__startswith="benchmark-").exists()
