"""Writes of tasks: the rules every way in shares, history in the same transaction, no lost
updates, and funding totals summed in the database."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from assignments import selectors, services
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


def _changes(task):
    return {c["field"]: (c["old"], c["new"]) for c in task.changes.get().changes}


# --- create --------------------------------------------------------------------------------


def test_creating_a_task_stores_the_last_day_the_text_and_a_history_row(task_a, official_a):
    task = Task.objects.get(pk=task_a.pk)
    assert (task.deadline, task.deadline_text) == (date(2023, 12, 31), "tháng 12/2023")
    assert task.criterion.number == 17 and task.indicator.code == "17.3"
    assert (task.created_by, task.updated_by, task.version) == (official_a, official_a, 1)
    assert [p.name for p in task.parties.all()] == ["Mặt trận Tổ quốc xã", "Nguyễn Văn A"]
    assert task.parties.get(user=official_a).search_name.startswith("nguyen van a")
    assert [(f.source, f.planned, f.disbursed) for f in task.funding_lines.all()] == [
        (Source.COMMUNE, 500_000_000, 200_000_000),
        (Source.SOCIAL, 120_000_000, 0),
    ]
    change = TaskChange.objects.get(task=task)
    assert (change.action, change.actor) == (TaskChange.Action.CREATE, official_a)
    fields = _changes(task)
    assert fields["deadline"] == ("", "tháng 12/2023 (31/12/2023)")
    assert fields["funding"][1] == (
        "Ngân sách xã: 500.000.000, đã giải ngân 200.000.000; Xã hội hóa, doanh nghiệp: 120.000.000"
    )
    assert "[official_a]" in fields["parties"][1]


def test_a_party_with_every_text_at_its_bound_is_stored_and_still_found_by_its_account(
    commune_a, official_a
):
    """Name, position and unit (200 each) with an account's full name and username exceed the
    search text's 700 characters: PostgreSQL refused the row (a 500); now the search text is
    cut, the party's own texts are kept whole."""
    official_a.full_name = "Nguyễn " * 21  # 147 characters
    official_a.save()
    task = make_task(
        commune_a,
        parties=[
            PartyData(
                Role.LEAD, "Á" * 200, position="B" * 200, unit_name="C" * 200, user_id=official_a.pk
            )
        ],
    )
    party = ResponsibleParty.objects.get(task=task)
    assert (len(party.name), len(party.position), len(party.unit_name)) == (200, 200, 200)
    assert len(party.search_name) <= ResponsibleParty._meta.get_field("search_name").max_length
    assert "official_a" in party.search_name.split()
    found = selectors.tasks_visible_to(official_a).filter(
        parties__search_name__contains="official_a"
    )
    assert list(found) == [task]


def test_an_indicator_alone_ties_the_task_to_its_criterion(commune_a, indicator_17_3):
    task = make_task(commune_a, indicator=indicator_17_3)
    assert task.criterion == indicator_17_3.criterion


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        (
            {"start_date": date(2023, 11, 1), "deadline_text": "30/10/2023"},
            "deadline_text",
            "Thời hạn 30/10/2023 trước ngày bắt đầu 01/11/2023.",
        ),
        ({"deadline_text": "quý V/2023"}, "deadline_text", "Quý “V” không hợp lệ"),
        ({"progress": 120}, "progress", "Tiến độ phải từ 0 đến 100 %."),
        ({"progress": -1}, "progress", "Tiến độ phải từ 0 đến 100 %."),
        (
            {"funding": [FundingData(Source.COMMUNE, -500_000)]},
            "funding",
            "Số tiền không được âm.",
        ),
        (
            {"funding": [FundingData(Source.COMMUNE, 1.5)]},
            "funding",
            "Số tiền phải là số nguyên đồng.",
        ),
        (
            {"completed_on": date(2023, 5, 1)},
            "completed_on",
            "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.",
        ),
        (
            {"parties": [PartyData(Role.LEAD, "Hội; Nông dân", "organisation")]},
            "parties",
            "không dùng dấu “;”",
        ),
        ({"title": "  "}, "title", "Nhập tên nhiệm vụ."),
        (
            {"description": "Đổ bê tông. " * 500_000},
            "description",
            "Nội dung dài 5.999.999 ký tự, tối đa 8.000 ký tự.",
        ),
        ({"title": "x" * 256}, "title", "Tên nhiệm vụ dài 256 ký tự, tối đa 255 ký tự."),
        (
            {"parties": [PartyData(Role.LEAD, "Hội " + "x" * 200, "organisation")]},
            "parties",
            "Họ tên / tên tổ chức dài 204 ký tự, tối đa 200 ký tự.",
        ),
        (
            {"funding": [FundingData(Source.COMMUNE, 5_000_000, note="x" * 256)]},
            "funding",
            "Ghi chú dài 256 ký tự, tối đa 255 ký tự.",
        ),
    ],
)
def test_bad_task_data_is_refused_and_nothing_is_written(commune_a, fields, key, message):
    with pytest.raises(ValidationError) as info:
        make_task(commune_a, **fields)
    assert message in " ".join(info.value.message_dict[key])
    assert not Task.objects.exists() and not TaskChange.objects.exists()


def test_an_account_outside_the_tasks_unit_cannot_be_named(commune_a, official_b):
    with pytest.raises(ValidationError) as info:
        make_task(
            commune_a, parties=[PartyData(Role.ADVISE, "Người xã khác", user_id=official_b.pk)]
        )
    assert "không thuộc Xã Cẩm Tân hoặc cấp trên" in info.value.message_dict["parties"][0]
    assert not Task.objects.exists()


def test_the_supervising_office_may_be_named_on_a_commune_task(commune_a, district_officer):
    task = make_task(
        commune_a,
        parties=[PartyData(Role.DIRECT, "Văn phòng NTM huyện", user_id=district_officer.pk)],
    )
    assert task.parties.get().user == district_officer


def test_a_commune_official_cannot_be_named_on_the_district_task(district_a, official_a):
    with pytest.raises(ValidationError):
        make_task(district_a, parties=[PartyData(Role.ADVISE, "Cán bộ xã", user_id=official_a.pk)])


def test_a_criterion_of_another_framework_is_refused(commune_a, f1980):
    other = Criterion.objects.get(framework=f1980, number=17)
    with pytest.raises(ValidationError) as info:
        make_task(commune_a, criterion=other)
    assert (
        "không thuộc bộ tiêu chí áp dụng cho Xã Cẩm Tân" in info.value.message_dict["criterion"][0]
    )


def test_a_completed_task_is_at_one_hundred_percent(commune_a):
    task = make_task(commune_a, status=Status.DONE, progress=40)
    assert task.progress == 100 and task.completed_on is None  # the date stays unknown


# --- update --------------------------------------------------------------------------------


def _data(task, **changes):
    data = {
        "criterion": task.criterion,
        "indicator": task.indicator,
        "title": task.title,
        "description": task.description,
        "plan_year": task.plan_year,
        "start_date": task.start_date,
        "deadline_text": task.deadline_text,
        "status": task.status,
        "progress": task.progress,
        "completed_on": task.completed_on,
        "parties": services.current_parties(task),
        "funding": services.current_funding(task),
    }
    return {**data, **changes}


def test_an_update_records_each_change_old_to_new(task_a, official_a):
    changed = services.task_update(
        task=task_a,
        actor=official_a,
        version=1,
        **_data(
            task_a,
            deadline_text="quý I/2024",
            status=Status.IN_PROGRESS,
            progress=30,
            funding=[FundingData(Source.COMMUNE, 600_000_000, 250_000_000)],
        ),
    )
    assert changed
    task = Task.objects.get(pk=task_a.pk)
    assert (task.deadline, task.progress, task.version) == (date(2024, 3, 31), 30, 2)
    assert list(task.funding_lines.values_list("planned", flat=True)) == [600_000_000]
    change = task.changes.filter(action=TaskChange.Action.UPDATE).get()
    fields = {c["field"]: (c["old"], c["new"]) for c in change.changes}
    assert fields["deadline"] == ("tháng 12/2023 (31/12/2023)", "quý I/2024 (31/03/2024)")
    assert fields["status"] == ("Chưa bắt đầu", "Đang thực hiện")
    assert fields["progress"] == ("0 %", "30 %")
    assert fields["funding"][1] == "Ngân sách xã: 600.000.000, đã giải ngân 250.000.000"
    assert set(fields) == {"deadline", "status", "progress", "funding"}


def test_an_update_that_changes_nothing_writes_nothing(task_a, official_a):
    assert not services.task_update(task=task_a, actor=official_a, version=1, **_data(task_a))
    task = Task.objects.get(pk=task_a.pk)
    assert task.version == 1 and task.changes.count() == 1


def test_a_stale_edit_is_refused_and_names_who_changed_it(task_a, official_a, commune_a):
    leader = factories.official(commune_a, username="chu_tich", kind="commune_leader")
    leader.full_name = "Trịnh Minh Chung"
    leader.save()
    first = Task.objects.get(pk=task_a.pk)
    second = Task.objects.get(pk=task_a.pk)
    services.task_progress_update(
        task=first, actor=leader, status=Status.IN_PROGRESS, progress=50, version=1
    )
    with pytest.raises(ValidationError) as info:
        services.task_update(
            task=second, actor=official_a, version=1, **_data(second, title="Tên mới")
        )
    message = info.value.messages[0]
    assert "vừa được Trịnh Minh Chung cập nhật lúc" in message
    assert "Đang thực hiện, tiến độ 50 %" in message
    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.progress, task.version) == (task_a.title, 50, 2)
    assert (
        task.changes.count() == 2
    )  # create + the leader's progress, nothing from the refused edit


# --- progress ------------------------------------------------------------------------------


def test_marking_a_task_done_sets_one_hundred_percent_and_today(task_a, official_a):
    services.task_progress_update(
        task=task_a,
        actor=official_a,
        status=Status.DONE,
        progress=80,
        version=1,
        today=date(2023, 12, 20),
    )
    task = Task.objects.get(pk=task_a.pk)
    assert (task.status, task.progress, task.completed_on) == (Status.DONE, 100, date(2023, 12, 20))
    change = task.changes.get(action=TaskChange.Action.PROGRESS)
    assert {c["field"] for c in change.changes} == {"status", "progress", "completed_on"}
    services.task_progress_update(
        task=task, actor=official_a, status=Status.IN_PROGRESS, progress=90, version=2
    )
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on) == (Status.IN_PROGRESS, 90, None)


def test_a_stale_progress_update_is_refused(task_a, official_a):
    services.task_progress_update(
        task=task_a, actor=official_a, status=Status.IN_PROGRESS, progress=10, version=1
    )
    stale = Task.objects.get(pk=task_a.pk)
    with pytest.raises(ValidationError, match="vừa được Nguyễn Văn"):
        services.task_progress_update(
            task=stale, actor=official_a, status=Status.DONE, progress=100, version=1
        )
    assert Task.objects.get(pk=task_a.pk).progress == 10


def test_a_task_not_started_yet_is_not_marked_done_from_the_list(task_a, official_a):
    """Its completion would fall before its start: the full form refuses that, so the list
    does too, saying where to change the start (else the task could no longer be saved or
    round-tripped through Excel)."""
    Task.objects.filter(pk=task_a.pk).update(
        start_date=date(2024, 6, 1), deadline=date(2024, 12, 31)
    )
    task = Task.objects.get(pk=task_a.pk)
    with pytest.raises(ValidationError) as refused:
        services.task_progress_update(
            task=task,
            actor=official_a,
            status=Status.DONE,
            progress=100,
            version=task.version,
            today=date(2024, 5, 20),
        )
    assert refused.value.message_dict["status"][0].startswith(
        "Nhiệm vụ bắt đầu ngày 01/06/2024, sau hôm nay: chưa đánh dấu hoàn thành được."
    )
    task.refresh_from_db()
    assert (task.status, task.completed_on) != (Status.DONE, date(2024, 5, 20))
    assert services.task_progress_update(
        task=task,
        actor=official_a,
        status=Status.DONE,
        progress=100,
        version=task.version,
        today=date(2024, 6, 3),
    )


def test_progress_over_one_hundred_is_refused(task_a, official_a):
    with pytest.raises(ValidationError) as info:
        services.task_progress_update(
            task=task_a, actor=official_a, status=Status.IN_PROGRESS, progress=101, version=1
        )
    assert info.value.message_dict["progress"] == ["Tiến độ phải từ 0 đến 100 %."]
    assert Task.objects.get(pk=task_a.pk).progress == 0


# --- totals --------------------------------------------------------------------------------


def test_funding_totals_by_source_unit_district_and_year(
    task_a, task_b, district_task, district_a, district_officer, f318
):
    sibling = factories.CommuneFactory(name="Cẩm Bình", parent=district_a, framework=f318)
    make_task(
        sibling,
        plan_year=2024,
        deadline_text="quý IV/2024",
        funding=[
            FundingData(Source.COMMUNE, 100_000_000, 100_000_000),
            FundingData(Source.PEOPLE, 25_000_000),
        ],
    )
    summary = selectors.funding_summary(selectors.tasks_visible_to(district_officer))
    assert (summary.total.planned, summary.total.disbursed) == (3_745_000_000, 300_000_000)
    assert [(s.label, s.planned, s.disbursed) for s in summary.by_source] == [
        ("Ngân sách huyện", 3_000_000_000, 0),
        ("Ngân sách xã", 600_000_000, 300_000_000),
        ("Xã hội hóa, doanh nghiệp", 120_000_000, 0),
        ("Nhân dân đóng góp", 25_000_000, 0),
    ]
    assert [(s.label, s.planned) for s in summary.by_unit] == [
        ("Xã Cẩm Bình", 125_000_000),
        ("Xã Cẩm Tân", 620_000_000),
        ("Huyện Cẩm Xuyên", 3_000_000_000),
    ]
    # the district's figure: its own task and every commune below it, not xã B of another province
    assert [(s.label, s.planned) for s in summary.by_supervising_unit] == [
        ("Huyện Cẩm Xuyên", 3_745_000_000)
    ]
    assert [(s.key, s.planned) for s in summary.by_year] == [
        (2021, 3_000_000_000),
        (2023, 620_000_000),
        (2024, 125_000_000),
    ]
    only_commune_money = selectors.funding_summary(
        selectors.tasks_visible_to(district_officer), source=Source.COMMUNE
    )
    assert only_commune_money.total.planned == 600_000_000


def test_a_commune_without_funding_totals_zero_not_an_error(commune_a, official_a):
    make_task(commune_a)
    data = selectors.commune_tasks(official_a, commune_a, date(2023, 1, 1))
    assert (data.summary.total.planned, data.summary.total.disbursed) == (0, 0)
    assert data.summary.by_source == []
    assert data.groups[0].total.planned == 0
    empty = selectors.funding_summary(Task.objects.none())
    assert (empty.total.planned, empty.by_unit) == (0, [])


def test_per_task_totals_are_not_multiplied_by_its_parties(task_a):
    [row] = selectors.with_list_data(Task.objects.filter(pk=task_a.pk))
    assert (row.planned_total, row.disbursed_total) == (620_000_000, 200_000_000)


# --- overdue, in Asia/Ho_Chi_Minh ----------------------------------------------------------


def test_a_task_is_overdue_from_the_first_minute_after_its_last_day_in_vietnam(
    commune_a, official_a
):
    task = make_task(
        commune_a,
        deadline_text="30/10/2023",
        parties=[PartyData(Role.ADVISE, "A", user_id=official_a.pk)],
    )
    visible = selectors.tasks_visible_to(official_a)
    with time_machine.travel(datetime(2023, 10, 30, 23, 59, 59, tzinfo=HCM), tick=False):
        today = selectors.today()
        assert today == date(2023, 10, 30)
        assert not task.is_overdue_on(today)
        assert not selectors.filter_tasks(
            visible, selectors.TaskFilters(overdue=True), today
        ).exists()
        [row] = selectors.my_tasks(official_a, today).open
        assert (row.overdue, row.due_soon, row.days_left) == (False, True, 0)
    with time_machine.travel(datetime(2023, 10, 31, 0, 0, 0, tzinfo=HCM), tick=False):
        today = selectors.today()
        # 17:00 UTC on the 30th: a UTC calendar would still say the 30th
        assert datetime.now(tz=ZoneInfo("UTC")).date() == date(2023, 10, 30)
        assert today == date(2023, 10, 31)
        assert task.is_overdue_on(today)
        assert list(
            selectors.filter_tasks(visible, selectors.TaskFilters(overdue=True), today)
        ) == [task]
        [row] = selectors.my_tasks(official_a, today).open
        assert (row.overdue, row.days_late) == (True, 1)


def test_due_within_fourteen_days_includes_the_fourteenth_day_only(commune_a, official_a):
    on_the_day = make_task(commune_a, title="Hạn đúng 14 ngày", deadline_text="14/11/2023")
    make_task(commune_a, title="Hạn 15 ngày", deadline_text="15/11/2023")
    make_task(commune_a, title="Đã xong", deadline_text="01/11/2023", status=Status.DONE)
    visible = selectors.tasks_visible_to(official_a)
    soon = selectors.filter_tasks(visible, selectors.TaskFilters(due_soon=True), date(2023, 10, 31))
    assert list(soon) == [on_the_day]
