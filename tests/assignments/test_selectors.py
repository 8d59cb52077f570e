"""Who sees and changes which task: written once in assignments/selectors.py, tested here."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from assignments import selectors
from assignments.entries import PartyData
from assignments.models import ResponsibleParty
from criteria.models import Criterion
from tests import factories
from units import access

from .conftest import make_task

pytestmark = pytest.mark.django_db
Role = ResponsibleParty.Role


def test_a_commune_official_sees_their_communes_tasks_only(
    task_a, task_b, district_task, official_a
):
    assert list(selectors.tasks_visible_to(official_a)) == [task_a]


def test_the_district_office_sees_its_own_and_its_communes_tasks(
    task_a, task_b, district_task, district_officer
):
    assert set(selectors.tasks_visible_to(district_officer)) == {task_a, district_task}


def test_the_province_office_reads_the_districts_tasks_but_does_not_write_them(
    task_a, district_task, province
):
    office = factories.official(province, username="vp_tinh", kind="province_office")
    assert set(selectors.tasks_visible_to(office)) == {task_a, district_task}
    assert not access.can_write_task(office, district_task)
    assert not access.can_write_task(office, task_a)


def test_another_district_sees_none_of_them(task_a, district_task, district_b):
    other = factories.supervisor(district_b, username="vp_b")
    assert not selectors.tasks_visible_to(other).exists()
    with pytest.raises(Http404):
        selectors.get_task_for_user(other, task_a.pk)


def test_anonymous_and_inactive_users_see_nothing(task_a, official_a):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.tasks_visible_to(AnonymousUser()).exists()
    official_a.is_active = False
    assert not selectors.tasks_visible_to(official_a).exists()


def test_an_account_named_on_a_task_sees_it_and_may_update_its_progress_only(
    district_task, district_a, commune_a
):
    adviser = factories.supervisor(district_a, username="ktht")
    plain = factories.UserFactory(username="khong_vai_tro")
    task = make_task(
        district_a,
        title="Tiêu chí Quy hoạch",
        parties=[PartyData(Role.ADVISE, "Trần Ngọc Quang", user_id=adviser.pk)],
    )
    assert access.can_update_progress(adviser, task)
    assert not access.is_task_party(plain, task)
    with pytest.raises(Http404):
        selectors.get_task_for_user(plain, task.pk)


def test_a_named_party_without_write_rights_gets_progress_but_not_edit(task_a, district_officer):
    task = make_task(
        task_a.unit,
        title="Có văn phòng huyện theo dõi",
        parties=[PartyData(Role.DIRECT, "VP NTM huyện", user_id=district_officer.pk)],
    )
    fetched = selectors.get_task_for_user(district_officer, task.pk, for_progress=True)
    assert fetched == task
    with pytest.raises(PermissionDenied):
        selectors.get_task_for_user(district_officer, task.pk, for_edit=True)
    with pytest.raises(PermissionDenied):
        selectors.get_task_for_user(district_officer, task_a.pk, for_progress=True)


def test_an_official_limited_to_some_criteria_writes_only_those_tasks(commune_a, f318, task_a):
    culture = factories.official(
        commune_a,
        username="van_hoa",
        criteria=Criterion.objects.filter(framework=f318, number__in=[6, 16]),
    )
    general = make_task(commune_a, title="Nhiệm vụ chung")
    six = make_task(
        commune_a, title="Tiêu chí 6", criterion=Criterion.objects.get(framework=f318, number=6)
    )
    assert access.can_write_task(culture, six)
    assert access.can_write_task(culture, general)
    assert not access.can_write_task(culture, task_a)  # criterion 17


def test_units_writable_by_each_kind_of_user(
    commune_a, district_a, province, official_a, district_officer
):
    office = factories.official(province, username="vp_tinh", kind="province_office")
    assert list(access.task_units_writable_by(official_a)) == [commune_a]
    assert list(access.task_units_writable_by(district_officer)) == [district_a]
    assert not access.task_units_writable_by(office).exists()
    admin = factories.UserFactory(username="qt", is_superuser=True)
    assert set(access.task_units_writable_by(admin)) >= {commune_a, district_a, province}


def test_the_district_unit_page_is_hidden_from_commune_staff(
    district_a, official_a, district_officer
):
    assert access.get_unit_for_tasks(district_officer, district_a.pk) == district_a
    with pytest.raises(Http404):
        access.get_unit_for_tasks(official_a, district_a.pk)


def test_people_are_found_without_diacritics(task_a, district_task, district_officer):
    visible = selectors.tasks_visible_to(district_officer)
    found = selectors.filter_tasks(visible, selectors.TaskFilters(person="pham hoang anh"), None)
    assert list(found) == [district_task]
    found = selectors.filter_tasks(visible, selectors.TaskFilters(person="MẶT TRẬN"), None)
    assert list(found) == [task_a]


def test_tasks_for_a_plan_are_the_units_tasks_of_those_years_by_criterion(
    task_a, commune_a, district_task, django_assert_num_queries
):
    make_task(commune_a, title="Năm khác", plan_year=2025, deadline_text="quý IV/2025")
    general = make_task(commune_a, title="Nhiệm vụ chung")
    with django_assert_num_queries(3):  # tasks, their parties, their funding lines
        tasks = list(selectors.tasks_for_plan(commune_a, range(2023, 2025)))
        assert [t.pk for t in tasks] == [task_a.pk, general.pk]
        assert [f.planned for f in tasks[0].funding_lines.all()] == [500_000_000, 120_000_000]
        assert tasks[0].parties.all()[1].user.username == "official_a"
