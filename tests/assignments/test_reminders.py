"""The daily reminder e-mails: one digest per person, never twice a day, Vietnamese dates."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from assignments.entries import PartyData
from assignments.models import ReminderLog, ResponsibleParty, Task
from tests import factories

from .conftest import make_task

pytestmark = pytest.mark.django_db
Role = ResponsibleParty.Role
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# 06:30 on 25/12/2023 in Hà Tĩnh is still 24/12 in UTC: the day is Vietnam's.
MORNING = datetime(2023, 12, 25, 6, 30, tzinfo=HCM)


@pytest.fixture
def people(commune_a, official_a, district_officer):
    official_a.email = "canbo.a@camtan.gov.vn"
    official_a.save()
    district_officer.email = "vpntm@camxuyen.gov.vn"
    district_officer.save()
    me = PartyData(Role.ADVISE, "Nguyễn Văn A", user_id=official_a.pk)
    also_me = PartyData(Role.CARRY_OUT, "Nguyễn Văn A", user_id=official_a.pk)
    office = PartyData(Role.DIRECT, "VP NTM huyện", user_id=district_officer.pk)
    make_task(
        commune_a,
        title="Quá hạn từ tháng 12",
        deadline_text="20/12/2023",
        parties=[me, also_me, office],
    )
    make_task(commune_a, title="Đến hạn sau 7 ngày", deadline_text="01/01/2024", parties=[me])
    make_task(commune_a, title="Đến hạn sau 8 ngày", deadline_text="02/01/2024", parties=[me])
    make_task(commune_a, title="Đã xong", deadline_text="01/12/2023", status="done", parties=[me])
    make_task(
        commune_a, title="Tạm dừng", deadline_text="01/12/2023", status="paused", parties=[me]
    )
    no_mail = factories.official(commune_a, username="khong_email")
    make_task(
        commune_a,
        title="Người không có e-mail",
        deadline_text="01/12/2023",
        parties=[PartyData(Role.LEAD, "B", user_id=no_mail.pk)],
    )
    return official_a, district_officer


def _run(*args):
    out = io.StringIO()
    call_command("send_task_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_each_person_gets_one_digest_of_overdue_and_soon_due_tasks(people, mailoutbox):
    official, office = people
    with time_machine.travel(MORNING, tick=False):
        output = _run("--base-url", "https://ntm.example.gov.vn")
    assert len(mailoutbox) == 2
    mine = next(m for m in mailoutbox if m.to == [official.email])
    assert mine.subject == "[NTM] Nhắc việc ngày 25/12/2023: 1 việc quá hạn, 1 việc sắp đến hạn"
    assert "Quá hạn từ tháng 12" in mine.body and "Đến hạn sau 7 ngày" in mine.body
    assert "Đến hạn sau 8 ngày" not in mine.body
    assert "Đã xong" not in mine.body and "Tạm dừng" not in mine.body
    assert "Thời hạn: 20/12/2023 – quá hạn 5 ngày" in mine.body
    assert "Thời hạn: 01/01/2024 – còn 7 ngày" in mine.body
    assert "vai trò của anh/chị: Tham mưu, Thực hiện" in mine.body
    task = Task.objects.get(title="Quá hạn từ tháng 12")
    assert f"https://ntm.example.gov.vn/nhiem-vu/{task.pk}/" in mine.body
    theirs = next(m for m in mailoutbox if m.to == [office.email])
    assert "Quá hạn từ tháng 12" in theirs.body and "Đến hạn sau 7 ngày" not in theirs.body
    assert "Đã gửi cho official_a <canbo.a@camtan.gov.vn>: 2 nhiệm vụ" in output
    assert ReminderLog.objects.filter(date="2023-12-25").count() == 3


def test_a_second_run_the_same_day_sends_nothing(people, mailoutbox):
    with time_machine.travel(MORNING, tick=False):
        _run()
        assert len(mailoutbox) == 2
        output = _run()
    assert len(mailoutbox) == 2
    assert "đã gửi 0 thư nhắc việc" in output
    with time_machine.travel(datetime(2023, 12, 26, 6, 30, tzinfo=HCM), tick=False):
        _run()
    assert len(mailoutbox) == 4  # the next day, again


def test_days_widens_the_window(people, mailoutbox):
    with time_machine.travel(MORNING, tick=False):
        _run("--days", "8")
    mine = next(m for m in mailoutbox if m.to == ["canbo.a@camtan.gov.vn"])
    assert "Đến hạn sau 8 ngày" in mine.body


def test_a_dry_run_sends_and_records_nothing(people, mailoutbox):
    with time_machine.travel(MORNING, tick=False):
        output = _run("--dry-run")
    assert mailoutbox == [] and not ReminderLog.objects.exists()
    assert "Sẽ gửi cho official_a" in output and "(chạy thử, không gửi)" in output


def test_a_failed_sending_claims_nothing_so_the_next_run_retries(people, mailoutbox, monkeypatch):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise OSError("SMTP không kết nối được")

    monkeypatch.setattr(EmailMessage, "send", broken)
    with (
        time_machine.travel(MORNING, tick=False),
        pytest.raises(CommandError, match="2 thư không gửi được"),
    ):
        _run()
    assert not ReminderLog.objects.exists()


def test_bad_days_are_refused():
    with pytest.raises(CommandError, match="--days phải từ 0 đến 366"):
        _run("--days", "-1")


# --- the inbox in the same digest ---------------------------------------------------------


@pytest.fixture
def waiting(commune_a, commune_b, official_a, official_b, district_officer, assessment_a, f318):
    """Cẩm Tân's 2023 sent to the district; xã B's 2023 returned with two questions."""
    from criteria.models import Assessment
    from criteria.services import assessment_open

    official_a.email = "canbo.a@camtan.gov.vn"
    official_a.save()
    official_b.email = "canbo.b@namnung.gov.vn"
    official_b.save()
    district_officer.email = "vpntm@camxuyen.gov.vn"
    district_officer.save()
    Assessment.objects.filter(pk=assessment_a.pk).update(state="submitted")
    returned = assessment_open(commune=commune_b, framework=f318, year=2023, actor=official_b)
    Assessment.objects.filter(pk=returned.pk).update(state="returned")
    for status in returned.statuses.order_by("pk")[:2]:
        status.review_comment = "Bổ sung minh chứng"
        status.save(update_fields=["review_comment"])
    return assessment_a, returned


def test_the_digest_carries_what_waits_for_review_and_the_questions_to_answer(waiting, mailoutbox):
    from assignments.models import InboxReminderLog

    sent, returned = waiting
    with time_machine.travel(MORNING, tick=False):
        output = _run("--base-url", "https://ntm.example.gov.vn")
    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {"vpntm@camxuyen.gov.vn", "canbo.b@namnung.gov.vn"}
    office = by_to["vpntm@camxuyen.gov.vn"]
    assert office.subject == "[NTM] Nhắc việc ngày 25/12/2023: 1 hồ sơ chờ thẩm tra"
    assert "HỒ SƠ CHỜ THẨM TRA (1)" in office.body
    assert f"{sent.commune} – năm 2023" in office.body
    assert f"https://ntm.example.gov.vn/danh-gia/{sent.pk}/tham-tra/" in office.body
    commune = by_to["canbo.b@namnung.gov.vn"]
    assert commune.subject == "[NTM] Nhắc việc ngày 25/12/2023: 1 hồ sơ có câu hỏi"
    assert "2 chỉ tiêu có câu hỏi" in commune.body
    assert "lãnh đạo UBND xã gửi thẩm tra lại" in commune.body
    assert "HỒ SƠ CHỜ THẨM TRA" not in commune.body
    # official_a's commune waits on the district: nothing for them to do, no mail.
    assert "canbo.a@camtan.gov.vn" not in by_to
    assert "Đã gửi cho district_a <vpntm@camxuyen.gov.vn>: 1 hồ sơ chờ thẩm tra" in output
    assert InboxReminderLog.objects.filter(date="2023-12-25").count() == 2

    with time_machine.travel(MORNING, tick=False):
        _run()
    assert len(mailoutbox) == 2  # once a day
    with time_machine.travel(datetime(2023, 12, 26, 6, 30, tzinfo=HCM), tick=False):
        _run()
    assert len(mailoutbox) == 4  # still waiting the next day: told again


def test_tasks_and_waiting_years_come_in_one_letter(waiting, commune_a, mailoutbox):
    from units.models import User

    office = User.objects.get(email="vpntm@camxuyen.gov.vn")
    make_task(
        commune_a,
        title="Quá hạn từ tháng 12",
        deadline_text="20/12/2023",
        parties=[PartyData(Role.DIRECT, "VP NTM huyện", user_id=office.pk)],
    )
    with time_machine.travel(MORNING, tick=False):
        _run()
    mine = [m for m in mailoutbox if m.to == [office.email]]
    assert len(mine) == 1
    assert mine[0].subject == (
        "[NTM] Nhắc việc ngày 25/12/2023: 1 hồ sơ chờ thẩm tra, 1 việc quá hạn"
    )
    assert "Quá hạn từ tháng 12" in mine[0].body and "HỒ SƠ CHỜ THẨM TRA" in mine[0].body


def test_nobody_is_told_of_another_office_s_communes(waiting, mailoutbox, other_province):
    from units.models import Unit

    elsewhere = Unit.objects.create(
        name="Huyện khác", kind=Unit.Kind.DISTRICT, parent=other_province, code="khac"
    )
    stranger = factories.supervisor(elsewhere, username="khac")
    stranger.email = "khac@example.gov.vn"
    stranger.save()
    with time_machine.travel(MORNING, tick=False):
        _run()
    assert "khac@example.gov.vn" not in {m.to[0] for m in mailoutbox}
