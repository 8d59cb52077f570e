"""The demo tasks come from the seed plans (../shared/seeds/) and load idempotently."""

from datetime import date

import pytest

from assignments import selectors
from assignments.models import FundingLine, Task
from ops.demo_tasks import seed_assignments
from units.models import Unit, User

pytestmark = pytest.mark.django_db


def test_cam_tan_tasks_follow_seed_000(demo):
    cam_tan = Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan")
    tasks = {
        t.criterion.number: t for t in Task.objects.filter(unit=cam_tan, indicator__isnull=False)
    }
    assert set(tasks) == {5, 6, 15, 17, 18, 19}
    assert tasks[5].deadline == date(2023, 10, 30)
    assert tasks[5].funding_lines.get().planned == 12_800_000_000
    assert tasks[6].deadline_text == "hoàn thành trước 30/10/2023"
    assert {p.name for p in tasks[6].parties.all()} >= {"Công chức văn hóa", "Công chức kế toán"}
    assert (tasks[15].deadline, tasks[17].deadline) == (date(2024, 10, 31), date(2023, 12, 31))
    assert "Mặt trận Tổ quốc xã" in {p.name for p in tasks[17].parties.all()}


def test_camtan_finds_their_tasks_under_viec_cua_toi_overdue(demo):
    camtan = User.objects.get(username="camtan")
    mine = selectors.my_tasks(camtan, date(2026, 1, 1))
    assert {t.criterion.number for t in mine.open} == {5, 17}
    assert all(t.overdue for t in mine.open)


def test_cam_xuyen_district_tasks_name_leaders_roles_and_2021_deadlines(demo):
    district = Unit.objects.get(code="ha-tinh.cam-xuyen")
    tasks = Task.objects.filter(unit=district)
    assert {t.deadline_text for t in tasks} >= {
        "chậm nhất trước ngày 10/2/2021",
        "tháng 6/2021",
        "quý I/2021",
        "trước 31/3/2021",
        "trước ngày 10/4/2021",
        "tháng 4/2021",
    }
    traffic = tasks.get(deadline=date(2021, 2, 10))
    assert [(p.get_role_display(), p.name) for p in traffic.parties.all()] == [
        ("Chỉ đạo", "Phạm Hoàng Anh"),
        ("Tham mưu", "Nguyễn Thanh Phong"),
        ("Tham mưu", "Trần Ngọc Quang"),
    ]
    camxuyen = User.objects.get(username="camxuyen")
    assert set(tasks) <= set(selectors.tasks_visible_to(camxuyen))
    assert not FundingLine.objects.filter(task__unit=district).exists()  # the plan names no sums


def test_thien_ke_has_its_review_and_a_person_per_criterion(demo):
    thien_ke = Unit.objects.get(code="tuyen-quang.son-duong.thien-ke")
    review = Task.objects.get(unit=thien_ke, deadline_text="hoàn thành trong tháng 2/2020")
    assert review.deadline == date(2020, 2, 29)
    assert review.parties.get(user__username="thienke").name == "Dương Đăng Lâm"
    security = Task.objects.get(unit=thien_ke, criterion__number=19)
    assert [p.name for p in security.parties.all()] == [
        "Trần Văn Kháng",
        "Ôn Văn Chung",
        "Dương Thị Phương",
    ]


def test_krong_no_sees_the_21_registered_criteria_and_its_offices_tasks(demo):
    krongno = User.objects.get(username="krongno")
    visible = selectors.tasks_visible_to(krongno)
    assert visible.filter(unit__kind="commune").count() == 21
    assert visible.filter(unit__code="dak-nong.krong-no").count() == 3
    assert not visible.filter(unit__code="ha-tinh.cam-xuyen.cam-tan").exists()


def test_song_van_villages_get_the_reward_of_10_million_each(demo):
    lines = FundingLine.objects.filter(task__unit__code="bac-giang.tan-yen.song-van")
    assert [(f.source, f.planned) for f in lines] == [("huyen", 10_000_000), ("huyen", 10_000_000)]


def test_seeding_twice_adds_nothing(demo):
    counts = (Task.objects.count(), FundingLine.objects.count())
    assert seed_assignments() == 0
    assert (Task.objects.count(), FundingLine.objects.count()) == counts
