"""`manage.py benchmark_plan_pdf` in its default mode: both sizes of annual plan in one run, a
summary row for each, LibreOffice beside WeasyPrint when soffice is there (and said to be
missing when not), nothing left behind. No timing is asserted."""

import io
import shutil

import pytest
from django.core.management import call_command

from bench.management.commands import benchmark_plan_pdf
from plans import render
from plans.models import Plan
from units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.bench]


def _run(**options) -> str:
    out = io.StringIO()
    call_command("benchmark_plan_pdf", runs=1, stdout=out, **options)
    return out.getvalue()


def test_default_run_times_both_sizes_and_rolls_back(monkeypatch):
    monkeypatch.setattr(benchmark_plan_pdf, "DEFAULT_SIZES", (2, 5))
    units, plans = Unit.objects.count(), Plan.objects.count()

    report = _run(no_libreoffice=True)

    assert "== Kế hoạch: 2 xã (dự thảo kế hoạch năm), 1 lần đo" in report
    assert "== Kế hoạch: 5 xã (dự thảo kế hoạch năm), 1 lần đo" in report
    assert report.count("PDF median:") == 2
    assert report.count("plan_document: 3 truy vấn") == 2
    assert "| xã | trang | WeasyPrint cold |" in report
    rows = [line for line in report.splitlines() if line.startswith(("| 2 |", "| 5 |"))]
    assert len(rows) == 2 and all(line.endswith("| – | – |") for line in rows), rows
    assert "LibreOffice DOCX" not in report
    assert (Unit.objects.count(), Plan.objects.count()) == (units, plans)
    assert not Unit.objects.filter(code__startswith="benchmark-").exists()


def test_annual_plan_has_the_drafted_sections_and_a_row_per_count_of_criteria():
    plan = benchmark_plan_pdf.build_annual_plan(communes=7)

    doc = render.plan_document(Plan.objects.get(pk=plan.pk))

    headings = [section.heading for section in doc.sections if section.heading]
    assert headings[0] == "I. MỤC TIÊU" and "2.3. Tổng hợp theo số tiêu chí đạt" in headings
    (table,) = [block for s in doc.sections for block in s.blocks if hasattr(block, "rows")]
    # the drafted table: a row per count of criteria, every commune in one of them
    cells = [["".join(run.text for run in cell) for cell in row] for row in table.rows]
    assert table.columns == 4 and 1 < len(cells) <= 7
    assert sum(int(row[1]) for row in cells) == sum(int(row[2]) for row in cells) == 7
    assert len(doc.bases) == 2 and doc.recipients[-1].text == "- Lưu: VT."


def test_without_soffice_the_libreoffice_column_is_skipped(monkeypatch):
    monkeypatch.setattr(benchmark_plan_pdf, "find_soffice", lambda: None)

    report = _run(communes=2)

    assert "LibreOffice: không có soffice / soffice not found, bỏ qua / skipped" in report
    assert "PDF median:" in report


@pytest.mark.skipif(benchmark_plan_pdf.find_soffice() is None, reason="LibreOffice not installed")
def test_libreoffice_converts_the_same_docx():
    report = _run(communes=2, lo_runs=1)

    assert "LibreOffice DOCX → PDF: lần đầu (cold)" in report
    (row,) = [line for line in report.splitlines() if line.startswith("| 2 |")]
    assert row.count(" ms") == 5, row  # WeasyPrint cold, median, max; LibreOffice cold, median


def test_soffice_is_found_by_either_name(monkeypatch):
    monkeypatch.setattr(
        shutil, "which", lambda name: "/usr/bin/x" if name == "libreoffice" else None
    )

    assert benchmark_plan_pdf.find_soffice() == "/usr/bin/x"
