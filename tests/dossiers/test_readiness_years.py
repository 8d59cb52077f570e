"""The readiness list of a year lists the communes of that year, placed and named as they were
then: not those merged away before it, nor those formed after it."""

from datetime import date

import pytest
from django.urls import reverse

from tests import factories
from units import reorganisation
from units.reorganisation import Action, Plan, Step

pytestmark = pytest.mark.django_db

MERGER = date(2025, 7, 1)


def _listed(client, year):
    page = client.get(reverse("dossiers:readiness"), {"tier": "xa_ntm", "year": year})
    assert page.status_code == 200
    return page.content.decode().split('id="readiness"')[1].split("</ul>")[0]


def test_the_list_of_a_year_names_the_communes_that_existed_that_year(
    client, province, district_a, f318
):
    office = factories.province_office(province, username="vp_tinh_a")
    old = [
        factories.CommuneFactory(name=name, parent=district_a, framework=f318, valid_to=MERGER)
        for name in ("Cẩm Thịnh", "Cẩm Hà")
    ]
    new = factories.CommuneFactory(
        name="Cẩm Hưng", parent=province, province=province, framework=f318, valid_from=MERGER
    )
    new.merged_from.set(old)
    client.force_login(office)
    in_2026 = _listed(client, 2026)
    assert "Cẩm Hưng" in in_2026
    assert "Cẩm Thịnh" not in in_2026 and "Cẩm Hà" not in in_2026
    in_2025 = _listed(client, 2025)  # the year of the merger: all three
    assert all(name in in_2025 for name in ("Cẩm Hưng", "Cẩm Thịnh", "Cẩm Hà"))
    in_2023 = _listed(client, 2023)
    assert "Cẩm Hưng" not in in_2023 and "Cẩm Thịnh" in in_2023


def test_the_list_of_an_earlier_year_places_a_commune_under_its_parent_then(
    client, commune_a, district_a, province
):
    office = factories.province_office(province, username="vp_tinh_a")
    reorganisation.apply(
        Plan("NQ (minh họa)", MERGER, [Step(Action.ABOLISH_DISTRICT, district_a.code, row=2)]),
        actor=None,
    )
    client.force_login(office)
    assert f"({district_a}, {province})" in _listed(client, 2024)
    assert f"({province})" in _listed(client, 2026)


def test_the_list_of_an_earlier_year_names_the_province_a_commune_was_in_then(
    client, province, other_province, commune_b
):
    """After a merger of provinces (01/07/2025), a 2024 commune of the former province is
    listed under it, not under the province it belongs to today."""
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    former = str(other_province)
    reorganisation.apply(
        Plan(
            "Nghị quyết 202/2025/QH15 (minh họa)",
            MERGER,
            [
                Step(Action.MERGE_PROVINCES, p.code, "lam-dong", "Lâm Đồng", "Tỉnh", row=i)
                for i, p in enumerate((province, other_province), start=2)
            ],
        ),
        actor=None,
    )
    client.force_login(admin)
    row = _listed(client, 2024).split(commune_b.name, 1)[1].split("</li>", 1)[0]
    assert former in row and "Lâm Đồng" not in row
    row = _listed(client, 2026).split(commune_b.name, 1)[1].split("</li>", 1)[0]
    assert "Lâm Đồng" in row
