"""The benchmark command runs end to end on a small synthetic province and leaves nothing."""

import io

import pytest
from django.core.management import call_command

from criteria.models import Assessment, IndicatorStatus
from imports.models import ImportRun
from units.models import Unit, User

pytestmark = [pytest.mark.django_db, pytest.mark.bench]


def test_benchmark_prints_timings_and_query_counts_and_rolls_everything_back():
    before = (Unit.objects.count(), User.objects.count(), IndicatorStatus.objects.count())
    out = io.StringIO()

    call_command(
        "benchmark_dashboards",
        "--runs=1",
        "--communes=6",
        "--districts=2",
        "--district-communes=3",
        "--years=2",
        "--import-rows=40",
        stdout=out,
    )

    text = out.getvalue()
    assert "Dữ liệu giả lập: 6 xã × 2 năm × 56 chỉ tiêu" in text
    # 18, and 6 for the recognition tiers (tests/dashboards/test_queries.py, TIERS: 7 with
    # the merged communes, which the district page reads with its own count)
    assert "Huyện (3 xã): trung vị" in text and "24 truy vấn" in text
    assert "Tỉnh theo huyện (6 xã, 2 huyện): trung vị" in text
    # the year's report drafted from the data: its queries do not grow with the communes
    assert "Báo cáo kết quả năm, huyện (3 xã): dự thảo trung vị" in text
    assert "Báo cáo kết quả năm, tỉnh (6 xã): dự thảo trung vị" in text
    # (one to read the body above the unit in the report's year: its library's texts)
    assert text.count("19 truy vấn; PDF") == 2
    assert "Nhập 40 dòng kết quả chỉ tiêu" in text and "Đã nhập 40 dòng" in text
    assert (Unit.objects.count(), User.objects.count(), IndicatorStatus.objects.count()) == before
    assert not Assessment.objects.filter(commune__is_synthetic=True).exists()
    assert not ImportRun.objects.exists()
