"""A province's own set, and its own bars, serve its communes' years of its time: after the 2025 merger made
the commune another province's, its 2024 year on its former province's set still opens,
and a 2024 year may still be opened (entered late) on that set."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from criteria import rejudging, selectors, services
from criteria.models import Framework, Indicator, IndicatorStatus, Threshold
from tests import factories
from units import reorganisation
from units.reorganisation import Action, Step

pytestmark = pytest.mark.django_db


def test_a_year_on_the_former_provinces_own_set_opens_after_the_merger(
    client, province, other_province, commune_b
):
    office = factories.province_office(other_province, username="vp_tinh_b")
    own = factories.authored_framework(actor=office, province=other_province)
    Framework.objects.filter(pk=own.pk).update(period_start=2021, level="xa_ntm")
    own.refresh_from_db()
    services.assessment_open(commune=commune_b, framework=own, year=2024, actor=None)
    reorganisation.apply(
        reorganisation.Plan(
            "Nghị quyết 202/2025/QH15 (minh họa)",
            date(2025, 7, 1),
            [
                Step(Action.MERGE_PROVINCES, p.code, "lam-dong", "Lâm Đồng", "Tỉnh")
                for p in (province, other_province)
            ],
        ),
        actor=None,
    )
    commune_b.refresh_from_db()
    assert commune_b.province.name == "Lâm Đồng"

    client.force_login(factories.UserFactory(username="quan_tri", is_superuser=True))
    page = client.get(
        reverse("criteria:commune-detail", args=[commune_b.pk]),
        {"year": 2024, "framework": own.key},
    )
    assert page.status_code == 200
    # a year of that time entered late: opened on the set it was assessed on then
    services.assessment_open(commune=commune_b, framework=own, year=2023, actor=None)
    # a year after the merger is not that province's any more
    with pytest.raises(Exception, match="bộ riêng của tỉnh khác"):
        services.check_framework_applies(unit=commune_b, framework=own, year=2026)


def _merge_provinces(*provinces):
    reorganisation.apply(
        reorganisation.Plan(
            "Nghị quyết 202/2025/QH15 (minh họa)",
            date(2025, 7, 1),
            [
                Step(Action.MERGE_PROVINCES, p.code, "lam-dong", "Lâm Đồng", "Tỉnh")
                for p in provinces
            ],
        ),
        actor=None,
    )


def test_a_2024_year_keeps_its_former_provinces_own_bar_after_the_merger(
    client, province, other_province, commune_b, official_b, f318
):
    """Đắk Nông's own bar on 3.1 (≥ 95 %; national ≥ 80 %) judged its communes' 2024: after
    the merger the year is still judged, shown and judged again on it, not the national one."""
    Status = IndicatorStatus.Status
    indicator = Indicator.objects.get(framework=f318, code="3.1")
    Threshold.objects.create(indicator=indicator, province=other_province, value=Decimal("95"))
    year = services.assessment_open(commune=commune_b, framework=f318, year=2024, actor=official_b)
    status = factories.measured(year, "3.1", "90", official_b)
    assert status.status == Status.NOT_MET
    _merge_provinces(province, other_province)

    status = IndicatorStatus.objects.get(pk=status.pk)
    assert selectors.threshold_for_status(status).value == Decimal("95")
    services.status_update(
        status=status, actor=official_b, new_status=None, value=Decimal("90"),
        note="Bổ sung ghi chú", version=status.version,
    )  # fmt: skip
    status.refresh_from_db()
    assert status.status == Status.NOT_MET
    page = selectors.commune_year(official_b, status.assessment.commune, f318, 2024)
    row = next(r for g in page.groups for c in g.criteria for r in c.rows if r.status == status)
    assert row.threshold.value == Decimal("95")
    # the bar eased for Đắk Nông's communes: its 2024 years are judged again on it
    Threshold.objects.filter(province=other_province).update(value=Decimal("85"))
    assert rejudging.rejudge(indicator, actor=None, province_id=other_province.pk) == 1
    status.refresh_from_db()
    assert status.status == Status.MET
