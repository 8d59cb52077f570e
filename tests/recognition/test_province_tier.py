"""A province recognised as having completed the programme (hoàn thành nhiệm vụ xây dựng NTM:
QĐ 18/2022/QĐ-TTg; for 2026–2030 the conditions of 51/2025/QĐ-TTg Phụ lục III): a tier of the
register, held by provinces only, never a level a set of criteria is authored at."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria import authoring
from criteria.framework_forms import FrameworkFieldsForm
from criteria.models import Framework
from recognition import resources
from recognition.models import Decision, Tier
from recognition.selectors import in_force_for

from .conftest import record

pytestmark = pytest.mark.django_db
TIER = Tier.TINH_HOAN_THANH


def test_the_province_office_records_its_province_completing_the_programme(
    client, office_a, province
):
    client.force_login(office_a)
    url = reverse("recognition:add", args=[province.pk])
    form = client.get(reverse("recognition:unit", args=[province.pk])).content.decode()
    assert 'value="tinh_hoan_thanh"' in form and 'value="xa_ntm"' not in form

    response = client.post(
        url,
        {
            "kind": "cong_nhan",
            "tier": "tinh_hoan_thanh",
            "number": "1234/QĐ-TTg",
            "signed_on": "15/11/2024",
            "body": "Thủ tướng Chính phủ",
            "year": "2024",
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.recorded_by == office_a
    assert [r.tier for r in in_force_for(province, date(2025, 1, 1))] == [TIER]
    page = client.get(reverse("recognition:unit", args=[province.pk])).content.decode()
    assert "Tỉnh hoàn thành nhiệm vụ xây dựng NTM</strong> năm 2024" in page


def test_only_a_province_holds_the_tier_and_a_province_no_communes_tier(
    office_a, province, commune_a
):
    with pytest.raises(ValidationError, match="hạng này dành cho tỉnh"):
        record(office_a, commune_a, tier=TIER)
    with pytest.raises(ValidationError, match="hạng này dành cho xã"):
        record(office_a, province, tier=Tier.XA_NTM)
    assert not Decision.objects.exists()


def test_the_import_reads_the_tier_written_out():
    assert resources.parse_tier("Tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới") == TIER
    assert resources.parse_tier("tinh_hoan_thanh") == TIER


def test_no_set_of_criteria_is_authored_at_the_tier(national_office):
    choices = dict(FrameworkFieldsForm().fields["level"].choices)
    assert TIER not in choices and Framework.Level.XA_NTM in choices

    with pytest.raises(ValidationError) as refused:
        authoring.framework_create(
            actor=national_office,
            key="tinh_ht",
            province=None,
            name="Điều kiện tỉnh hoàn thành",
            level=TIER,
            unit_kind=Framework.UnitKind.COMMUNE,
            period_start=2026,
            period_end=2030,
        )
    assert "chỉ ghi trong sổ công nhận" in refused.value.message_dict["level"][0]
    assert not Framework.objects.filter(key="tinh_ht").exists()


def test_the_register_links_the_provinces_own_page_for_those_who_read_it(
    client, office_a, province, district_officer
):
    client.force_login(office_a)
    page = client.get(reverse("recognition:index")).content.decode()
    assert f'href="{reverse("recognition:unit", args=[province.pk])}">Sổ công nhận của' in page

    client.force_login(district_officer)  # a district office does not read its province's
    page = client.get(reverse("recognition:index")).content.decode()
    assert "Sổ công nhận của" not in page


def test_a_merged_province_holds_nothing_by_its_predecessors_decision(office_a, province):
    from recognition.selectors import predecessors_at_merger
    from tests import factories

    record(office_a, province, tier=TIER, number="1234/QĐ-TTg", on=date(2024, 11, 15))
    merged = factories.UnitFactory(
        kind="province", prefix="Tỉnh", name="Hợp Nhất", valid_from=date(2025, 7, 1)
    )
    merged.merged_from.add(province)

    assert in_force_for(merged, date(2026, 1, 1)) == []
    [before] = predecessors_at_merger(merged)
    assert before.unit == province and [r.tier for r in before.held] == [TIER]
