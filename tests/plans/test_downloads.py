"""Download names of a plan's PDF and DOCX: RFC 6266, an ASCII fallback and the real name in
filename*, whatever the unit is called (issue 13)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
HOSTILE_NAME = 'Cẩm "Tân"; x\nđ'


@pytest.mark.parametrize("output", ["pdf", "docx"])
def test_a_unit_name_with_quotes_semicolons_a_newline_and_vietnamese_is_a_safe_download_name(
    client_a, commune_a, draft_plan, output
):
    type(commune_a).objects.filter(pk=commune_a.pk).update(name=HOSTILE_NAME)

    response = client_a.get(reverse(f"plans:plan-{output}", args=[draft_plan.pk]))

    assert response.status_code == 200
    real = f"Kế hoạch Cẩm Tân; x đ 2023-2025.{output}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ke-hoach-cam-tan-x-d-2023-2025.{output}"; '
        f"filename*=utf-8''{quote(real)}"
    )
