"""Pages: what each user sees, what they may change, what bad input does, how many queries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assignments import services
from assignments.entries import FundingData, PartyData
from assignments.models import FundingLine, ResponsibleParty, Task, TaskChange
from criteria.models import Criterion
from tests import factories

from .conftest import make_task

pytestmark = pytest.mark.django_db
Role = ResponsibleParty.Role
Source = FundingLine.Source
Status = Task.Status
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOV_2023 = datetime(2023, 11, 20, 9, 0, tzinfo=HCM)


def _login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _task_form(**overrides):
    """A complete create/edit POST: the task, one person, one funding line, empty extra rows."""
    data = {
        "title": "Lắp đặt dụng cụ thể thao cho người cao tuổi và trẻ em",
        "description": "Công chức văn hóa và kế toán tham mưu nguồn kinh phí.",
        "criterion": "6",
        "indicator": "6.2",
        "plan_year": "2023",
        "start_date": "01/08/2023",
        "deadline_text": "hoàn thành trước 30/10/2023",
        "status": "in_progress",
        "progress": "20",
        "completed_on": "",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "40",
        "parties-0-kind": "person",
        "parties-0-role": "tham_muu",
        "parties-0-name": "Công chức văn hóa",
        "parties-0-position": "",
        "parties-0-unit_name": "UBND xã Cẩm Tân",
        "parties-0-user": "",
        "parties-1-kind": "person",
        "funding-TOTAL_FORMS": "2",
        "funding-INITIAL_FORMS": "0",
        "funding-MIN_NUM_FORMS": "0",
        "funding-MAX_NUM_FORMS": "40",
        "funding-0-source": "xa",
        "funding-0-planned": "85.000.000",
        "funding-0-disbursed": "",
        "funding-0-note": "Kinh phí mua sắm",
    }
    data.update(overrides)
    return data


# --- the commune's tasks -------------------------------------------------------------------


def test_commune_page_groups_tasks_by_criterion_with_totals(client_a, commune_a, task_a):
    make_task(commune_a, title="Rà soát toàn bộ các tiêu chí", deadline_text="tháng 2/2023")
    response = client_a.get(reverse("assignments:commune-tasks", args=[commune_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    groups = response.context["data"].groups
    assert [g.criterion.number if g.criterion else None for g in groups] == [17, None]
    assert 'id="tieu-chi-17"' in html and 'id="nhiem-vu-chung"' in html
    assert "620 triệu đồng" in html and "Ngân sách xã" in html
    assert f'action="{reverse("assignments:task-progress", args=[task_a.pk])}"' in html


def test_the_commune_page_links_to_its_tasks(client_a, commune_a, assessment_a):
    html = client_a.get(reverse("criteria:commune-detail", args=[commune_a.pk])).content.decode()
    assert reverse("assignments:commune-tasks", args=[commune_a.pk]) in html


def test_another_communes_tasks_are_not_found(client_a, commune_b, task_b):
    assert (
        client_a.get(reverse("assignments:commune-tasks", args=[commune_b.pk])).status_code == 404
    )


def test_commune_tasks_page_runs_constant_queries(
    client_a, commune_a, official_a, criterion_17, django_assert_num_queries
):
    url = reverse("assignments:commune-tasks", args=[commune_a.pk])

    def add(n):
        for i in range(n):
            make_task(
                commune_a,
                title=f"Nhiệm vụ {i}",
                criterion=criterion_17 if i % 2 else None,
                parties=[
                    PartyData(Role.ADVISE, "A", user_id=official_a.pk),
                    PartyData(Role.LEAD, "B"),
                ],
                funding=[FundingData(Source.COMMUNE, 1_000_000), FundingData(Source.PEOPLE, 5)],
            )

    add(3)
    # session, user, roles, roles' criteria, the commune, tasks with their unit, criterion and
    # funding sums, their parties (prefetch), totals per criterion, total, totals by source;
    # the header's count
    with django_assert_num_queries(11):
        client_a.get(url)
    add(12)
    with django_assert_num_queries(11):
        response = client_a.get(url)
    assert response.context["data"].task_count == 15


# --- việc của tôi --------------------------------------------------------------------------


def test_my_tasks_lists_what_i_answer_for_soonest_first_with_overdue_flagged(
    client_a, commune_a, official_a, task_a
):
    me = [PartyData(Role.CARRY_OUT, "Nguyễn Văn A", user_id=official_a.pk)]
    later = make_task(commune_a, title="Hạn quý I/2024", deadline_text="quý I/2024", parties=me)
    sooner = make_task(commune_a, title="Hạn 30/11/2023", deadline_text="30/11/2023", parties=me)
    make_task(commune_a, title="Không phải việc của tôi", deadline_text="01/11/2023")
    with time_machine.travel(NOV_2023, tick=False):
        response = client_a.get(reverse("assignments:my-tasks"))
    rows = response.context["data"].open
    assert [t.pk for t in rows] == [sooner.pk, task_a.pk, later.pk]
    assert [t.overdue for t in rows] == [False, False, False]
    assert rows[0].due_soon and rows[0].days_left == 10
    with time_machine.travel(datetime(2024, 1, 2, 8, 0, tzinfo=HCM), tick=False):
        response = client_a.get(reverse("assignments:my-tasks"))
    html = response.content.decode()
    assert [t.overdue for t in response.context["data"].open] == [True, True, False]
    assert "Quá hạn 33 ngày" in html and "Quá hạn 2 ngày" in html
    assert "Bạn: Tham mưu" in html and "Không phải việc của tôi" not in html


def test_my_tasks_runs_constant_queries(client_a, commune_a, official_a, django_assert_num_queries):
    def add(n, status=Status.NOT_STARTED):
        for i in range(n):
            make_task(
                commune_a,
                title=f"Việc {status} {i}",
                status=status,
                parties=[
                    PartyData(Role.ADVISE, "A", user_id=official_a.pk),
                    PartyData(Role.LEAD, "B"),
                ],
                funding=[FundingData(Source.COMMUNE, 1_000_000)],
            )

    add(2)
    add(1, Status.DONE)
    url = reverse("assignments:my-tasks")
    # session, user, open tasks with their sums, their parties, roles and roles' criteria (may
    # the user edit each row?), done tasks with their sums, their parties; the years returned
    # to the user's commune with questions (criteria.selectors.inbox); the header's count
    # (one query)
    with django_assert_num_queries(10):
        client_a.get(url)
    add(10)
    add(5, Status.DONE)
    with django_assert_num_queries(10):
        response = client_a.get(url)
    assert len(response.context["data"].open) == 12 and len(response.context["data"].done) == 6


def _header_count(response) -> str:
    import re

    html = response.content.decode()
    found = re.search(r'Việc của tôi(?: <span class="count">(\d+)<)?', html)
    return found.group(1) or ""


def test_the_header_counts_what_waits_for_the_user(
    client, commune_a, official_a, district_officer, assessment_a
):
    from criteria.models import Assessment

    client.force_login(district_officer)
    url = reverse("criteria:commune-list")
    assert _header_count(client.get(url)) == ""
    Assessment.objects.filter(pk=assessment_a.pk).update(state="submitted")
    response = client.get(url)
    assert _header_count(response) == "1"
    assert '1<span class="visually-hidden"> việc cần xử lý</span>' in response.content.decode()

    # the commune: nothing while the district holds the year; a question and a task due
    client.force_login(official_a)
    assert _header_count(client.get(url)) == ""
    Assessment.objects.filter(pk=assessment_a.pk).update(state="returned")
    assert _header_count(client.get(url)) == "1"
    me = [PartyData(Role.CARRY_OUT, "Nguyễn Văn A", user_id=official_a.pk)]
    make_task(commune_a, title="Hạn 30/11/2023", deadline_text="30/11/2023", parties=me)
    make_task(commune_a, title="Hạn quý I/2024", deadline_text="quý I/2024", parties=me)
    make_task(commune_a, title="Xong", deadline_text="01/11/2023", status="done", parties=me)
    with time_machine.travel(NOV_2023, tick=False):  # 20/11: due within 7 days? no
        assert _header_count(client.get(url)) == "1"
    with time_machine.travel(datetime(2023, 11, 25, 8, 0, tzinfo=HCM), tick=False):
        assert _header_count(client.get(url)) == "2"
    client.logout()
    assert "Việc của tôi" not in client.get(reverse("login")).content.decode()


# --- the supervising office's list ---------------------------------------------------------


@pytest.fixture
def office_client(client, district_officer):
    client.force_login(district_officer)
    return client


def _ids(response):
    return {t.pk for t in response.context["page"].object_list}


def test_the_office_filters_its_tasks_and_gets_totals_for_the_filtered_set(
    office_client, task_a, task_b, district_task, commune_a, district_a
):
    url = reverse("assignments:task-list")
    response = office_client.get(url)
    assert _ids(response) == {task_a.pk, district_task.pk}
    summary = response.context["summary"]
    assert (summary.total.planned, summary.total.disbursed) == (3_620_000_000, 200_000_000)

    response = office_client.get(url, {"unit": commune_a.pk})
    assert _ids(response) == {task_a.pk}
    assert response.context["summary"].total.planned == 620_000_000
    assert _ids(office_client.get(url, {"unit": district_a.pk})) == {task_a.pk, district_task.pk}
    assert _ids(office_client.get(url, {"criterion": 17})) == {task_a.pk}
    assert _ids(office_client.get(url, {"status": "in_progress"})) == set()
    assert _ids(office_client.get(url, {"year": 2021})) == {district_task.pk}
    assert _ids(office_client.get(url, {"person": "hoang anh"})) == {district_task.pk}
    assert _ids(
        office_client.get(url, {"user": task_a.parties.get(user__isnull=False).user_id})
    ) == {task_a.pk}
    response = office_client.get(url, {"source": Source.SOCIAL})
    assert _ids(response) == {task_a.pk}
    # with a source chosen, the money is that source's only
    assert response.context["summary"].total.planned == 120_000_000
    with time_machine.travel(datetime(2023, 12, 25, 9, 0, tzinfo=HCM), tick=False):
        assert _ids(office_client.get(url, {"overdue": "on"})) == {district_task.pk}
        assert _ids(office_client.get(url, {"due_soon": "on"})) == {task_a.pk}
        html = office_client.get(url, {"due_soon": "on"}).content.decode()
        assert "Còn 6 ngày" in html


def test_a_filter_on_another_provinces_commune_is_refused_not_answered(
    office_client, commune_b, task_b
):
    response = office_client.get(reverse("assignments:task-list"), {"unit": commune_b.pk})
    assert response.status_code == 200
    assert "Đơn vị không có trong phạm vi bạn được xem." in response.content.decode()
    assert _ids(response) == set()


def test_task_list_runs_constant_queries(
    office_client, district_a, f318, district_officer, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            task = factories.TaskFactory(
                unit=factories.CommuneFactory(parent=district_a, framework=f318)
            )
            factories.ResponsiblePartyFactory.create_batch(2, task=task)
            factories.FundingLineFactory(task=task)
            factories.FundingLineFactory(task=task, source="huyen", planned=7)

    add(3)
    url = reverse("assignments:task-list")
    query = {"overdue": "", "person": "", "year": 2023}
    # session, user, roles, roles' criteria, count, the page of tasks with their sums, their
    # parties, funding total, by source, by year, by unit, by district, the units the user may
    # add tasks to, and the filter's two choice lists (units, accounts) as the form renders;
    # the header's count
    with django_assert_num_queries(16):
        office_client.get(url, query)
    add(12)
    with django_assert_num_queries(16):
        response = office_client.get(url, query)
    assert response.context["page"].paginator.count == 15


# --- a task's page -------------------------------------------------------------------------


def test_task_page_shows_parties_funding_and_history(client_a, task_a):
    services.task_progress_update(
        task=task_a, actor=task_a.created_by, status=Status.IN_PROGRESS, progress=40, version=1
    )
    response = client_a.get(reverse("assignments:task-detail", args=[task_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mặt trận Tổ quốc xã" in html and "Nguyễn Văn A" in html
    assert "500.000.000 đồng" in html and "620.000.000 đồng" in html
    assert "Cập nhật tiến độ" in html and "<del>0 %</del> → 40 %" in html
    assert response.context["data"].can_edit


def test_task_page_runs_constant_queries(client_a, task_a, official_a, django_assert_num_queries):
    url = reverse("assignments:task-detail", args=[task_a.pk])
    # session, user, roles, roles' criteria (the commune's visibility), the task with its unit
    # and criterion, its parties, its funding lines, their total, its history; the header's
    # count
    with django_assert_num_queries(10):
        client_a.get(url)
    for i in range(10):
        services.task_progress_update(
            task=Task.objects.get(pk=task_a.pk),
            actor=official_a,
            status=Status.IN_PROGRESS,
            progress=i + 1,
            version=i + 1,
        )
    with django_assert_num_queries(10):
        response = client_a.get(url)
    assert len(response.context["data"].history) == 11


def test_another_units_task_is_not_found_anywhere(client_a, task_b):
    for name in ("task-detail", "task-update", "task-progress"):
        url = reverse(f"assignments:{name}", args=[task_b.pk])
        method = client_a.post if name == "task-progress" else client_a.get
        assert method(url, {"status": "done", "progress": 100, "version": 1}).status_code == 404, (
            name
        )
    assert (
        client_a.get(reverse("assignments:task-create", args=[task_b.unit.pk])).status_code == 404
    )
    assert Task.objects.get(pk=task_b.pk).progress == 0


def test_anonymous_users_are_sent_to_login(client, task_a, commune_a):
    urls = [
        reverse("assignments:commune-tasks", args=[commune_a.pk]),
        reverse("assignments:my-tasks"),
        reverse("assignments:task-list"),
        reverse("assignments:task-detail", args=[task_a.pk]),
        reverse("assignments:task-update", args=[task_a.pk]),
        reverse("assignments:task-create", args=[commune_a.pk]),
        reverse("assignments:task-import"),
        reverse("assignments:task-export"),
        reverse("assignments:task-import-template"),
    ]
    for url in urls:
        assert _login_redirect(client.get(url)), url
    assert _login_redirect(client.post(reverse("assignments:task-progress", args=[task_a.pk])))


def test_wrong_methods_are_refused(client_a, task_a, commune_a):
    for url in [
        reverse("assignments:commune-tasks", args=[commune_a.pk]),
        reverse("assignments:my-tasks"),
        reverse("assignments:task-list"),
        reverse("assignments:task-detail", args=[task_a.pk]),
        reverse("assignments:task-export"),
        reverse("assignments:task-import-template"),
    ]:
        assert client_a.post(url).status_code == 405, url
    assert client_a.get(reverse("assignments:task-progress", args=[task_a.pk])).status_code == 405
    for url in [
        reverse("assignments:task-create", args=[commune_a.pk]),
        reverse("assignments:task-update", args=[task_a.pk]),
    ]:
        assert client_a.delete(url).status_code == 405, url
    # the old import address only points to the import pipeline now
    for method in (client_a.post, client_a.delete):
        assert method(reverse("assignments:task-import")).status_code == 405


# --- create ---------------------------------------------------------------------------------


def test_an_official_adds_a_task_with_its_people_and_money(client_a, commune_a, official_a):
    response = client_a.post(
        reverse("assignments:task-create", args=[commune_a.pk]),
        _task_form(
            **{
                "parties-1-role": "chu_tri",
                "parties-1-name": "Nguyễn Văn A",
                "parties-1-user": official_a.pk,
            }
        ),
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    assert (task.unit, task.criterion.number, task.indicator.code) == (commune_a, 6, "6.2")
    assert (task.deadline, task.deadline_text) == (
        date(2023, 10, 30),
        "hoàn thành trước 30/10/2023",
    )
    assert [(p.role, p.name, p.user) for p in task.parties.all()] == [
        ("tham_muu", "Công chức văn hóa", None),
        ("chu_tri", "Nguyễn Văn A", official_a),
    ]
    assert [(f.source, f.planned) for f in task.funding_lines.all()] == [("xa", 85_000_000)]
    change = task.changes.get()
    assert (change.action, change.actor) == (TaskChange.Action.CREATE, official_a)


def test_the_district_office_adds_a_district_task_without_criteria(
    office_client, district_a, district_officer
):
    response = office_client.post(
        reverse("assignments:task-create", args=[district_a.pk]),
        _task_form(
            criterion="",
            indicator="",
            title="Lắp đặt camera giám sát an ninh",
            deadline_text="tháng 4/2021",
            start_date="",
            plan_year="2021",
        ),
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.unit, task.criterion, task.deadline) == (district_a, None, date(2021, 4, 30))


def test_the_office_may_read_but_not_add_to_a_commune(office_client, commune_a):
    url = reverse("assignments:task-create", args=[commune_a.pk])
    assert office_client.get(url).status_code == 403
    assert office_client.post(url, _task_form()).status_code == 403
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date": "01/11/2023"}, "Thời hạn 30/10/2023 trước ngày bắt đầu 01/11/2023."),
        ({"deadline_text": "quý V/2023"}, "Quý “V” không hợp lệ"),
        ({"progress": "150"}, "Tiến độ không được vượt quá 100 %."),
        ({"funding-0-planned": "-85.000.000"}, "Số tiền không được âm."),
        ({"funding-0-planned": "85,5"}, "phải là số nguyên đồng"),
        ({"criterion": "25"}, "Bộ tiêu chí của Xã Cẩm Tân không có tiêu chí số 25."),
        ({"indicator": "17.3"}, "Chỉ tiêu 17.3 không thuộc tiêu chí số 6."),
        ({"parties-0-role": ""}, "Chọn vai trò."),
        (
            {"parties-0-user": "999999"},
            "Tài khoản không thuộc đơn vị của nhiệm vụ hoặc không tồn tại.",
        ),
    ],
)
def test_invalid_input_is_shown_again_with_the_message_and_nothing_saved(
    client_a, commune_a, overrides, message
):
    response = client_a.post(
        reverse("assignments:task-create", args=[commune_a.pk]), _task_form(**overrides)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Lắp đặt dụng cụ thể thao cho người cao tuổi và trẻ em" in html  # nothing typed is lost
    assert "Kinh phí mua sắm" in html
    assert not Task.objects.exists() and not TaskChange.objects.exists()


def test_an_account_of_another_commune_cannot_be_named(client_a, commune_a, official_b):
    response = client_a.post(
        reverse("assignments:task-create", args=[commune_a.pk]),
        _task_form(**{"parties-0-user": official_b.pk}),
    )
    assert response.status_code == 200
    assert (
        "Tài khoản không thuộc đơn vị của nhiệm vụ hoặc không tồn tại." in response.content.decode()
    )
    assert not Task.objects.exists()


def test_an_official_limited_to_criteria_cannot_add_a_task_for_another(client, commune_a, f318):
    culture = factories.official(
        commune_a,
        username="van_hoa",
        criteria=Criterion.objects.filter(framework=f318, number__in=[6, 16]),
    )
    client.force_login(culture)
    url = reverse("assignments:task-create", args=[commune_a.pk])
    response = client.post(url, _task_form(criterion="17", indicator="17.3"))
    assert response.status_code == 200
    assert "Bạn không được giao tiêu chí số 17." in response.content.decode()
    assert not Task.objects.exists()
    assert client.post(url, _task_form()).status_code == 302  # criterion 6 is theirs


# --- edit -----------------------------------------------------------------------------------


def _edit_form(task, **overrides):
    data = _task_form(
        title=task.title,
        description=task.description,
        criterion="17",
        indicator="17.3",
        plan_year="2023",
        start_date="",
        deadline_text=task.deadline_text,
        status=task.status,
        progress=str(task.progress),
        version=str(task.version),
        **{
            "parties-TOTAL_FORMS": "4",
            "parties-INITIAL_FORMS": "2",
            "parties-0-kind": "organisation",
            "parties-0-role": "chu_tri",
            "parties-0-name": "Mặt trận Tổ quốc xã",
            "parties-0-unit_name": "",
            "parties-1-kind": "person",
            "parties-1-role": "tham_muu",
            "parties-1-name": "Nguyễn Văn A",
            "parties-1-position": "Công chức NTM",
            "parties-1-user": task.parties.get(kind="person").user_id,
            "funding-TOTAL_FORMS": "4",
            "funding-INITIAL_FORMS": "2",
            "funding-0-source": "xa",
            "funding-0-planned": "500.000.000",
            "funding-0-disbursed": "200.000.000",
            "funding-0-note": "",
            "funding-1-source": "xa_hoi_hoa",
            "funding-1-planned": "120.000.000",
        },
    )
    data.update(overrides)
    return data


def test_the_edit_form_shows_the_task_as_it_is(client_a, task_a):
    response = client_a.get(reverse("assignments:task-update", args=[task_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="500.000.000"' in html and 'value="tháng 12/2023"' in html
    assert 'name="version" value="1"' in html


def test_an_unchanged_edit_form_changes_nothing(client_a, task_a):
    response = client_a.post(
        reverse("assignments:task-update", args=[task_a.pk]), _edit_form(task_a)
    )
    assert response.status_code == 302
    task = Task.objects.get(pk=task_a.pk)
    assert task.version == 1 and task.changes.count() == 1


def test_an_edit_changes_the_task_and_writes_its_history(client_a, task_a, official_a):
    response = client_a.post(
        reverse("assignments:task-update", args=[task_a.pk]),
        _edit_form(
            task_a,
            deadline_text="quý I/2024",
            **{
                "funding-1-DELETE": "on",
                "parties-2-kind": "organisation",
                "parties-2-role": "thuc_hien",
                "parties-2-name": "Các thôn",
            },
        ),
    )
    assert response.status_code == 302
    task = Task.objects.get(pk=task_a.pk)
    assert task.deadline == date(2024, 3, 31) and task.version == 2
    assert list(task.funding_lines.values_list("source", flat=True)) == ["xa"]
    assert [p.name for p in task.parties.all()] == [
        "Mặt trận Tổ quốc xã",
        "Nguyễn Văn A",
        "Các thôn",
    ]
    change = task.changes.get(action=TaskChange.Action.UPDATE)
    assert change.actor == official_a
    assert {c["field"] for c in change.changes} == {"deadline", "parties", "funding"}


def test_a_task_made_under_the_old_set_keeps_its_criterion_when_edited_after_the_move(
    client_a, commune_a, official_a, task_a, criterion_17, f51
):
    """Task A sits on Decision 318's criterion 17; the commune moves to 51/2025 (10 criteria):
    a title edit is saved, the task still on 318's criterion 17 and indicator 17.3."""
    commune_a.framework = f51
    commune_a.save()
    response = client_a.post(
        reverse("assignments:task-update", args=[task_a.pk]),
        _edit_form(task_a, title="Tên sửa lại"),
    )
    assert response.status_code == 302, response.context["form"].errors
    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.criterion, task.indicator.code) == (
        "Tên sửa lại",
        criterion_17,
        "17.3",
    )
    change = task.changes.get(action=TaskChange.Action.UPDATE)
    assert {c["field"] for c in change.changes} == {"title"}


def test_an_old_tasks_criterion_number_is_read_in_its_own_set_not_the_communes_new_one(
    client_a, commune_a, official_a, f318, f51
):
    old = Criterion.objects.get(framework=f318, number=5)
    task = make_task(
        commune_a, actor=official_a, criterion=old, plan_year=2025, deadline_text="tháng 12/2025"
    )
    commune_a.framework = f51
    commune_a.save()
    page = client_a.get(reverse("assignments:task-update", args=[task.pk]))
    form = page.context["form"]
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    data.update(title="Tên sửa lại")
    for prefix in ("parties", "funding"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client_a.post(reverse("assignments:task-update", args=[task.pk]), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.criterion) == ("Tên sửa lại", old)


def test_a_new_task_after_the_move_takes_the_criterion_of_the_communes_new_set(
    client_a, commune_a, official_a, f51
):
    commune_a.framework = f51
    commune_a.save()
    response = client_a.post(
        reverse("assignments:task-create", args=[commune_a.pk]),
        _task_form(criterion="5", indicator="", plan_year="2026", deadline_text="tháng 12/2026"),
    )
    assert response.status_code == 302
    assert Task.objects.get(unit=commune_a).criterion == Criterion.objects.get(
        framework=f51, number=5
    )


def test_an_edit_based_on_an_old_version_is_refused_with_who_changed_it(
    client_a, task_a, commune_a
):
    leader = factories.official(commune_a, username="chu_tich", kind="commune_leader")
    services.task_progress_update(
        task=task_a, actor=leader, status=Status.IN_PROGRESS, progress=60, version=1
    )
    response = client_a.post(
        reverse("assignments:task-update", args=[task_a.pk]),
        _edit_form(task_a, title="Tên đã sửa", version="1"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"vừa được {leader.display_name} cập nhật lúc" in html
    assert "Tên đã sửa" in html  # the user's text is still in the form
    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.progress, task.version) == (task_a.title, 60, 2)


def test_an_invalid_edit_leaves_the_task_unchanged(client_a, task_a):
    response = client_a.post(
        reverse("assignments:task-update", args=[task_a.pk]),
        _edit_form(task_a, start_date="01/01/2024", **{"funding-0-planned": "-1"}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thời hạn 31/12/2023 trước ngày bắt đầu 01/01/2024." in html
    assert "Số tiền không được âm." in html
    task = Task.objects.get(pk=task_a.pk)
    assert (task.start_date, task.version) == (None, 1)
    assert task.funding_lines.get(source="xa").planned == 500_000_000


def test_the_office_may_not_edit_a_commune_task(office_client, task_a):
    assert (
        office_client.get(reverse("assignments:task-update", args=[task_a.pk])).status_code == 403
    )


# --- quick progress ---------------------------------------------------------------------------


def test_progress_is_updated_from_a_list_and_goes_back_to_it(client_a, task_a, official_a):
    back = reverse("assignments:my-tasks")
    response = client_a.post(
        reverse("assignments:task-progress", args=[task_a.pk]),
        {"status": "in_progress", "progress": "45", "version": "1", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    task = Task.objects.get(pk=task_a.pk)
    assert (task.status, task.progress, task.version, task.updated_by) == (
        "in_progress",
        45,
        2,
        official_a,
    )
    change = task.changes.get(action=TaskChange.Action.PROGRESS)
    assert change.changes == [
        {"field": "status", "label": "Trạng thái", "old": "Chưa bắt đầu", "new": "Đang thực hiện"},
        {"field": "progress", "label": "Tiến độ", "old": "0 %", "new": "45 %"},
    ]


def test_progress_never_redirects_off_the_site(client_a, task_a):
    response = client_a.post(
        reverse("assignments:task-progress", args=[task_a.pk]),
        {"status": "in_progress", "progress": "45", "version": "1", "next": "https://example.com/"},
    )
    assert response["Location"] == task_a.get_absolute_url()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"status": "in_progress", "progress": "150", "version": "1"},
            "Tiến độ không được vượt quá 100 %.",
        ),
        (
            {"status": "in_progress", "progress": "năm mươi", "version": "1"},
            "Tiến độ phải là số nguyên từ 0 đến 100.",
        ),
        ({"status": "xong", "progress": "50", "version": "1"}, "Trạng thái không hợp lệ."),
    ],
)
def test_bad_progress_is_shown_on_the_task_page_and_nothing_changes(
    client_a, task_a, data, message
):
    response = client_a.post(reverse("assignments:task-progress", args=[task_a.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    task = Task.objects.get(pk=task_a.pk)
    assert (task.status, task.progress, task.version) == ("not_started", 0, 1)


def test_stale_progress_is_refused_with_who_changed_it(client_a, task_a, commune_a):
    leader = factories.official(commune_a, username="chu_tich", kind="commune_leader")
    services.task_progress_update(
        task=task_a, actor=leader, status=Status.IN_PROGRESS, progress=60, version=1
    )
    response = client_a.post(
        reverse("assignments:task-progress", args=[task_a.pk]),
        {"status": "done", "progress": "100", "version": "1"},
    )
    assert response.status_code == 200
    assert f"vừa được {leader.display_name} cập nhật lúc" in response.content.decode()
    assert Task.objects.get(pk=task_a.pk).progress == 60


def test_a_named_district_officer_updates_progress_but_cannot_edit(
    office_client, commune_a, district_officer
):
    task = make_task(
        commune_a, parties=[PartyData(Role.DIRECT, "VP huyện", user_id=district_officer.pk)]
    )
    response = office_client.post(
        reverse("assignments:task-progress", args=[task.pk]),
        {"status": "paused", "progress": "10", "version": "1"},
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).status == "paused"
    assert office_client.get(reverse("assignments:task-update", args=[task.pk])).status_code == 403


def test_a_reader_who_is_not_named_cannot_update_progress(office_client, task_a):
    response = office_client.post(
        reverse("assignments:task-progress", args=[task_a.pk]),
        {"status": "done", "progress": "100", "version": "1"},
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=task_a.pk).status == "not_started"


def test_the_task_lists_pages_keep_its_filters(
    office_client, task_a, district_task, district_a, monkeypatch
):
    from assignments import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    url = reverse("assignments:task-list")

    page = office_client.get(url, {"unit": district_a.pk}).content.decode()

    assert f'href="?unit={district_a.pk}&amp;page=2">Trang sau ›' in page
    assert "Trang 1/2" in page
