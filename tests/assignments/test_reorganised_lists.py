"""The task list of a district or province after a reorganisation: a year's list follows that
year's hierarchy (a district abolished on 01/07/2025 keeps its communes' 2023 tasks and money);
without a year, the units that were below it at any time."""

from datetime import date

import pytest
from django.urls import reverse

from assignments import selectors
from assignments.entries import FundingData
from assignments.models import FundingLine, Task
from tests import factories
from units import reorganisation
from units.reorganisation import Action, Plan, Step

from .conftest import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def abolished(client, province, district_a, district_task, f318):
    """Xã Cẩm Thành of district A, with a 2023 and a 2026 task; district A abolished on
    01/07/2025 (its communes now sit directly under the province). The province office reads."""
    thanh = factories.CommuneFactory(name="Cẩm Thành", parent=district_a, framework=f318)
    old = make_task(
        thanh,
        title="Nhiệm vụ năm 2023 của Cẩm Thành",
        funding=[FundingData(FundingLine.Source.COMMUNE, 400_000_000)],
    )
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    reorganisation.apply(
        Plan(
            basis="Nghị quyết 1665/NQ-UBTVQH15 (minh họa)",
            effective=date(2025, 7, 1),
            steps=[Step(Action.ABOLISH_DISTRICT, district_a.code, row=2)],
        ),
        actor=admin,
        source="Trang",
    )
    thanh.refresh_from_db()
    assert thanh.parent == province  # today's hierarchy
    new = make_task(
        thanh,
        title="Nhiệm vụ năm 2026 của Cẩm Thành",
        plan_year=2026,
        deadline_text="tháng 12/2026",
    )
    client.force_login(factories.province_office(province, username="vp_tinh"))
    return client, old, new


def _list(client, **query):
    response = client.get(reverse("assignments:task-list"), query)
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    titles = [t.title for t in response.context["page"].object_list]
    return titles, response.context["summary"]


def test_a_years_list_of_an_abolished_district_holds_its_communes_tasks_then(abolished, district_a):
    client, old, new = abolished
    titles, summary = _list(client, unit=district_a.pk, year=2023)
    assert titles == [old.title]
    assert [(s.label, s.planned) for s in summary.by_supervising_unit] == [
        ("Huyện Cẩm Xuyên", 400_000_000)
    ]


def test_a_later_years_list_of_the_abolished_district_holds_none_of_them(abolished, district_a):
    client, old, new = abolished
    titles, _ = _list(client, unit=district_a.pk, year=2026)
    assert titles == []


def test_without_a_year_the_district_lists_what_was_ever_below_it(
    abolished, district_a, district_task
):
    client, old, new = abolished
    titles, _ = _list(client, unit=district_a.pk)
    assert set(titles) == {old.title, new.title, district_task.title}


def test_the_province_lists_its_communes_tasks_of_every_year(abolished, province):
    client, old, new = abolished
    own = make_task(province, title="Nhiệm vụ của tỉnh", plan_year=2026, deadline_text="2026")
    assert _list(client, unit=province.pk, year=2023)[0] == [old.title]
    assert set(_list(client, unit=province.pk, year=2026)[0]) == {new.title, own.title}


def test_a_years_totals_by_district_take_one_query_and_two_once_communes_moved(
    abolished, district_a, province, django_assert_num_queries
):
    _, old, new = abolished
    lines = selectors.funding_lines_of(Task.objects.filter(plan_year=2023))
    with django_assert_num_queries(1):  # 2026: nothing moved since
        assert selectors.funding_by_supervising_unit(lines, 2026) == [
            selectors.Total(400_000_000, 0, "Tỉnh Hà Tĩnh", province.pk)
        ]
    # 2023: the sums, the placements of then, the name of the district no task here names
    with django_assert_num_queries(3):
        assert selectors.funding_by_supervising_unit(lines, 2023) == [
            selectors.Total(400_000_000, 0, "Huyện Cẩm Xuyên", district_a.pk)
        ]
