"""Every dashboard is built in a fixed number of queries, whatever the number of communes: the
same count with 3 and with 12 communes (healthchecks' test_list_checks style)."""

from datetime import date

import pytest
from django.urls import reverse

from assignments.models import FundingLine, Task
from criteria.models import Criterion
from plans.services import target_set
from recognition import services as recognition_services
from tests import factories
from tests.dashboards.conftest import set_results, verify, year_of

pytestmark = pytest.mark.django_db

# Every page: the session, the user, the user's roles and their criteria (units.access), the
# header's count of what waits for the user (assignments.selectors.waiting_count).
REQUEST = 5
# The filter form: the regions (choices), and the frameworks when it renders its select.
FORM = 2
# The figures: the framework most communes use, the years with results, the communes, the
# criteria, the assessments of the year and the year before, their criterion results, the
# targets, the targets' criteria (when there are targets), the overdue tasks per commune, the
# year's funding by source.
FIGURES = 10
# The recognition tiers (dashboards.selectors.tiers, recognition.selectors.tier_figures): the
# communes in force, the register's entries, the merger links and the mergers into existing
# communes (recognition.selectors.merger_days), the verified results on the tiers' sets, the
# criteria lost by the communes at risk, the merged communes.
TIERS = 7


def _communes(district, framework, n, officer):
    """n communes with two years (half verified, and xã 00), a target and an overdue funded
    task each; the odd ones recognised xã NTM in 2022 (at risk when verified: each lost a
    criterion); xã 00 meets all 19, verified, and is eligible."""
    criteria = list(Criterion.objects.filter(framework=framework).order_by("number"))
    communes = []
    for i in range(n):
        commune = factories.CommuneFactory(
            name=f"Xã thử {i:02d}", parent=district, region="btb", framework=framework
        )
        set_results(year_of(commune, framework, 2022), not_met=[i % 19 + 1])
        a = year_of(commune, framework, 2023)
        set_results(a, not_met=[] if i == 0 else [(i + 3) % 19 + 1])
        if i % 2 or i == 0:
            verify(a, officer)
        target_set(unit=commune, year=2023, actor=officer, level="ntm", criteria=criteria[:2])
        task = Task.objects.create(
            unit=commune,
            title="Việc",
            plan_year=2023,
            deadline="2023-06-30",
            deadline_text="6/2023",
        )
        FundingLine.objects.create(task=task, source="huyen", planned=100, disbursed=10)
        communes.append(commune)
    recognition_services.record_decision(
        actor=officer,
        kind="cong_nhan",
        number="100/QĐ-UBND",
        signed_on=date(2022, 12, 20),
        body="UBND tỉnh Hà Tĩnh",
        entries=[
            recognition_services.Entry(c, "xa_ntm", 2022) for i, c in enumerate(communes) if i % 2
        ],
    )
    return communes


@pytest.fixture(params=[3, 12], ids=["3 xã", "12 xã"])
def many(request, district_a, f318, district_officer):
    return _communes(district_a, f318, request.param, district_officer)


@pytest.fixture
def officer_client(client, district_officer):
    client.force_login(district_officer)
    return client


def test_district_dashboard_queries_do_not_grow_with_communes(
    officer_client, many, district_a, django_assert_num_queries
):
    url = reverse("dashboards:unit", args=[district_a.pk])
    # + the unit itself
    with django_assert_num_queries(REQUEST + 1 + FORM + FIGURES + TIERS):
        response = officer_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="xa-') == len(many)


def test_district_excel_and_print_queries_do_not_grow_with_communes(
    officer_client, many, district_a, django_assert_num_queries
):
    # no framework select is rendered in a workbook, no header (nor its count) in a workbook or
    # on the print page
    with django_assert_num_queries(REQUEST - 1 + 1 + FORM - 1 + FIGURES + TIERS):
        assert (
            officer_client.get(reverse("dashboards:unit-xlsx", args=[district_a.pk])).status_code
            == 200
        )
    with django_assert_num_queries(REQUEST - 1 + 1 + FORM - 1 + FIGURES + TIERS):
        assert (
            officer_client.get(reverse("dashboards:unit-print", args=[district_a.pk])).status_code
            == 200
        )


def test_province_dashboard_queries_do_not_grow_with_communes(
    client, many, province, django_assert_num_queries
):
    client.force_login(factories.official(province, username="vp_tinh", kind="province_office"))
    url = reverse("dashboards:province", args=[province.pk])
    # + the province, whether it has districts, and its districts
    with django_assert_num_queries(REQUEST + 3 + FORM + FIGURES + TIERS):
        response = client.get(url)
    assert response.status_code == 200
    assert f"<td>{len(many)}</td>" in response.content.decode()


def test_commune_dashboard_queries_do_not_grow_with_tasks_or_years(
    client, many, f318, official_a, commune_a, django_assert_num_queries
):
    for year in (2021, 2022, 2023):
        set_results(year_of(commune_a, f318, year))
    for i in range(len(many)):
        Task.objects.create(
            unit=commune_a,
            title=f"Việc {i}",
            plan_year=2023,
            deadline="2023-06-30",
            deadline_text="6/2023",
        )
    client.force_login(official_a)
    url = reverse("dashboards:commune", args=[commune_a.pk])
    # the commune (with its parent and province); the figures without the commune list, the
    # funding and, xã A having no target, the targets' criteria (FIGURES - 3);
    # the trend (the sets mapped to this one, the years); the commune page's own reads
    # (criteria.selectors.commune_year: assessment, a later year on a mapped set, criteria,
    # groups, statuses, thresholds, the commune's years on every set, the sets that apply,
    # villages, merged from, merged into); the tasks (assignments.selectors.commune_tasks:
    # tasks, parties, funding per criterion, total, by source); its standing in the register
    # (TIERS without the criteria lost: xã A is not recognised)
    with django_assert_num_queries(REQUEST + 1 + FORM + (FIGURES - 3) + 2 + 11 + 5 + TIERS - 1):
        response = client.get(url)
    assert response.status_code == 200


def test_national_summary_queries_do_not_grow_with_communes(
    client, many, django_assert_num_queries
):
    client.force_login(factories.UserFactory(username="quan_tri", is_superuser=True))
    # the session and the user, the header's count (the administrator's roles: none); the form; the framework and the years; the criteria, the
    # provinces, communes per province, assessments per province, added, lost and unmet
    # criteria (one pass over the results), targets, overdue tasks, distribution; the communes
    # a merger of provinces moved since the year (units.selectors.provinces_moved)
    with django_assert_num_queries(4 + FORM + 2 + 8 + 1):
        assert client.get(reverse("dashboards:index")).status_code == 200
    # asked for, the recognition tiers by province, and the provinces of the eligible communes
    with django_assert_num_queries(4 + FORM + 2 + 8 + 1 + TIERS + 1):
        assert client.get(reverse("dashboards:index"), {"cong_nhan": "1"}).status_code == 200
