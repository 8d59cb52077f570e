"""Issue 15, point 4 on the dashboards: each commune's count at both levels, "17/19 tiêu chí,
54/56 chỉ tiêu", in the matrix, the commune dashboard, the Excel workbooks and the PDF; the
average beside "bình quân … tiêu chí/xã".

The district of conftest.py on 318/QĐ-TTg (56 indicators; criterion 4 has 2, criterion 5 one,
criteria 1–10 have 22 between them), 2023:
- Cẩm Tân: self-assessed 17/19 (criterion 5 and indicator 4.1 not met): 54/56; verified
  18/19 (criterion 5): 55/56.
- Cẩm Bình: 19/19, 56/56, verified.
- Cẩm Lạc: 10/19, criteria 1–10 met: 22/56, never verified.
- Cẩm Duệ: no result.
Bình quân: (54 + 56 + 22) / 3 = 44 chỉ tiêu/xã; verified (55 + 56) / 2 = 55,5.
"""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from criteria.models import Indicator

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,.:;)])", r"\1", text)


def _row(html: str, commune) -> str:
    return _text(re.search(rf'<tr id="xa-{commune.pk}"[^>]*>(.*?)</tr>', html, re.S).group(1))


def test_the_fixture_counts_are_what_the_docstring_says(district, f318):
    indicators = Indicator.objects.filter(framework=f318)
    assert indicators.count() == 56
    assert indicators.filter(criterion__number=5).count() == 1
    assert indicators.filter(criterion__number__lte=10).count() == 22


def test_the_matrix_gives_each_communes_criteria_and_indicators(supervisor_client, district):
    url = reverse("dashboards:unit", args=[district.district.pk])

    html = supervisor_client.get(url).content.decode()
    assert "17/19 tiêu chí, 54/56 chỉ tiêu" in _row(html, district.cam_tan)
    assert "19/19 tiêu chí, 56/56 chỉ tiêu" in _row(html, district.cam_binh)
    assert "10/19 tiêu chí, 22/56 chỉ tiêu" in _row(html, district.cam_lac)
    assert "chỉ tiêu" not in _row(html, district.cam_due)
    assert "bình quân 15,3 tiêu chí/xã, 44 chỉ tiêu/xã (3/4 xã có kết quả)" in _text(html)

    verified = supervisor_client.get(url, {"verified": "on"}).content.decode()
    assert "18/19 tiêu chí, 55/56 chỉ tiêu" in _row(verified, district.cam_tan)
    assert "chỉ tiêu" not in _row(verified, district.cam_lac)  # not verified: "—"
    assert "bình quân 18,5 tiêu chí/xã, 55,5 chỉ tiêu/xã" in _text(verified)


def test_the_commune_dashboard_gives_both_counts_now_and_over_the_years(
    supervisor_client, district
):
    html = supervisor_client.get(
        reverse("dashboards:commune", args=[district.cam_tan.pk])
    ).content.decode()

    assert '<dd id="xa-dat">17/19</dd>' in html
    assert '<dd id="xa-dat-chi-tieu">54/56</dd>' in html
    table = _text(
        re.search(
            r'<table class="table chart-data" id="bang-xu-huong">(.*?)</table>', html, re.S
        ).group(1)
    )
    # 2022 verified at 17/19 (17, 18 not met: 12 + 5 indicators), 2023 as above
    assert "2022 17/19 tiêu chí, 39/56 chỉ tiêu 17/19 tiêu chí, 39/56 chỉ tiêu" in table
    assert "2023 17/19 tiêu chí, 54/56 chỉ tiêu 18/19 tiêu chí, 55/56 chỉ tiêu" in table


def test_the_excel_workbooks_have_the_indicator_columns(supervisor_client, district):
    response = supervisor_client.get(reverse("dashboards:unit-xlsx", args=[district.district.pk]))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Bảng tổng hợp"].values)
    header = rows[0]
    by_name = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    columns = ("Số tiêu chí đạt", "Tổng số tiêu chí", "Số chỉ tiêu đạt", "Tổng số chỉ tiêu")
    assert [by_name["Xã Cẩm Tân"][c] for c in columns] == [17, 19, 54, 56]
    assert [by_name["Xã Cẩm Lạc"][c] for c in columns] == [10, 19, 22, 56]
    assert [by_name["Xã Cẩm Duệ"][c] for c in columns] == [None, 19, None, None]
    figures = dict(list(book["Số liệu chính"].values)[1:])
    assert figures["Bình quân (chỉ tiêu/xã)"] == 44

    response = supervisor_client.get(reverse("dashboards:commune-xlsx", args=[district.cam_tan.pk]))
    trend = list(load_workbook(io.BytesIO(response.content))["Qua các năm"].values)
    assert trend[0][4:7] == (
        "Số chỉ tiêu đạt (tự đánh giá)",
        "Số chỉ tiêu đạt (đã thẩm tra)",
        "Tổng số chỉ tiêu",
    )
    assert [row[:7] for row in trend[1:]] == [
        (2022, 17, 17, 19, 39, 39, 56),
        (2023, 17, 18, 19, 54, 55, 56),
    ]


def test_the_pdf_prints_both_counts(supervisor_client, district, pdf_text):
    response = supervisor_client.get(reverse("dashboards:unit-pdf", args=[district.district.pk]))
    text, _ = pdf_text(response.content)
    assert "17/19 tiêu chí, 54/56 chỉ tiêu" in text
    assert "bình quân 15,3 tiêu chí/xã, 44 chỉ tiêu/xã" in text


def test_the_national_summary_gives_the_indicator_average(client, district, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("dashboards:index")).content.decode()
    assert "bình quân 15,3 tiêu chí/xã, 44 chỉ tiêu/xã;" in _text(html)
