"""Every column of the task and officials imports, with hostile cells: never a 500, never a
partial write.

Both go through the import pipeline (kinds "tasks" and "officials"): the upload is a dry run that
writes nothing; the confirmation imports every row or none.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from assignments.models import Task
from assignments.resources import COLUMNS as TASK_COLUMNS
from common.uploads import check_office_archive
from imports.models import ImportRun
from tests import factories
from units.models import Role
from units.resources import COLUMNS as OFFICIAL_COLUMNS

from . import files
from .snapshot import changed_tables, snapshot
from .strategies import hostile_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_task(commune_a):
    return {
        "Mã đơn vị": commune_a.code,
        "Tiêu chí số": 17,
        "Chỉ tiêu": "17.3",
        "Tên nhiệm vụ": "Xây rãnh thoát nước có nắp đậy",
        "Năm kế hoạch": 2023,
        "Thời hạn": "tháng 12/2023",
        "Trạng thái": "Đang thực hiện",
        "Tiến độ (%)": 30,
        "Người/đơn vị chịu trách nhiệm": "Chủ trì: Mặt trận Tổ quốc xã",
        "Kinh phí (đồng)": "Ngân sách xã: 500.000.000",
    }


def _check_then_confirm(client, kind: str, name: str, content: bytes, before) -> str:
    """Upload (a dry run), confirm a clean file; the outcome. A run refused at the check or at
    the confirmation has written nothing."""
    checked = client.post(
        reverse("imports:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )
    assert checked.status_code in (200, 302)
    assert changed_tables(before, snapshot()) == []  # the check is a dry run
    if checked.status_code == 200:  # the form refused the file
        assert checked.context["form"].errors
        return "refused"
    run = ImportRun.objects.get(pk=checked["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert client.get(run.get_absolute_url()).status_code == 200
    if run.state != ImportRun.State.CHECKED:
        assert run.state == ImportRun.State.DONE or run.errors
        return "refused" if run.errors else "nothing"
    done = client.post(reverse("imports:import-confirm", args=[run.pk]))
    assert done.status_code == 302
    run.refresh_from_db()
    assert not [e for e in run.errors if e["message"].startswith("Lỗi hệ thống")]
    if run.state != ImportRun.State.DONE:
        assert changed_tables(before, snapshot()) == []
        return "refused at the confirmation"
    return "accepted"


@given(cells=st.dictionaries(st.sampled_from(TASK_COLUMNS), hostile_cell, min_size=1, max_size=4))
def test_task_import_columns_refuse_or_import_every_row(client_a, good_task, cells):
    hostile = {**good_task, **cells}
    content = files.workbook(
        TASK_COLUMNS, [[row.get(c) for c in TASK_COLUMNS] for row in (good_task, hostile)]
    )
    tasks = Task.objects.count()
    before = snapshot()

    outcome = _check_then_confirm(client_a, "tasks", "nhiem-vu.xlsx", content, before)

    event(outcome)
    assert Task.objects.count() - tasks in (0, 2)  # all or nothing
    if outcome != "accepted":
        assert changed_tables(before, snapshot()) == []


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


@given(
    cells=st.dictionaries(st.sampled_from(OFFICIAL_COLUMNS), hostile_cell, min_size=1, max_size=4)
)
def test_officials_import_columns_refuse_or_import_every_row(admin_client, commune_a, cells):
    good = {
        "Tên đăng nhập": "vanhoa.camtan",
        "Họ và tên": "Lê Thị Hoa",
        "Mã đơn vị": commune_a.code,
        "Vai trò": "Công chức xã",
        "Tiêu chí phụ trách": "6, 16",
    }
    hostile = {**good, "Tên đăng nhập": "ntm.camtan", **cells}
    content = files.workbook(
        OFFICIAL_COLUMNS, [[row.get(c) for c in OFFICIAL_COLUMNS] for row in (good, hostile)]
    )
    roles = Role.objects.count()
    before = snapshot()

    outcome = _check_then_confirm(admin_client, "officials", "can-bo.xlsx", content, before)

    event(outcome)
    assert Role.objects.count() - roles in (0, 1, 2)  # a re-import may find a role there
    if outcome != "accepted":
        assert changed_tables(before, snapshot()) == []


@given(
    junk=st.binary(max_size=2000),
    keep=st.integers(min_value=0, max_value=4000),
)
def test_archive_check_refuses_any_mangled_file_with_a_message(junk, keep):
    sound = files.workbook(["Tên"], [["x"]])
    mangled = sound[:keep] + junk + sound[keep + len(junk) :]
    try:
        check_office_archive(mangled, max_unpacked=files.MB)
    except ValidationError as e:
        assert e.messages
    else:
        assert zipfile.ZipFile(io.BytesIO(mangled)).testzip() is None
