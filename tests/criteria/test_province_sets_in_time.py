"""A province's own set serves its communes' years of its time: after the 2025 merger made
the commune another province's, its 2024 year on its former province's set still opens,
and a 2024 year may still be opened (entered late) on that set."""

from datetime import date

import pytest
from django.urls import reverse

from criteria import services
from criteria.models import Framework
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
