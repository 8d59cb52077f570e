"""The benchmark command runs, reports its figures and leaves no synthetic rows behind."""

import io

from django.core.management import call_command

from plans.models import Plan
from units.models import Unit


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
