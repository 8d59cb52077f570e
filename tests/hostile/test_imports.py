"""Every column of both Excel imports, with hostile cells: never a 500, never a partial write.

Tasks (/nhiem-vu/nhap-excel/): the upload is a dry run that writes nothing; the confirmation
imports every row or none. Officials (admin, Vai trò → Nhập từ Excel): the same, in the admin.
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


@given(cells=st.dictionaries(st.sampled_from(TASK_COLUMNS), hostile_cell, min_size=1, max_size=4))
def test_task_import_columns_refuse_or_import_every_row(client_a, good_task, cells):
    hostile = {**good_task, **cells}
    content = files.workbook(
        TASK_COLUMNS, [[row.get(c) for c in TASK_COLUMNS] for row in (good_task, hostile)]
    )
    tasks = Task.objects.count()
    before = snapshot()

    checked = client_a.post(
        reverse("assignments:task-import"),
        {"file": SimpleUploadedFile("nhiem-vu.xlsx", content)},
    )

    assert checked.status_code == 200
    assert changed_tables(before, snapshot()) == []  # the check is a dry run
    confirm = checked.context.get("confirm")
    event("accepted" if confirm else "refused")
    if confirm is None:
        assert checked.context.get("errors") or checked.context["upload"].errors
        return
    done = client_a.post(reverse("assignments:task-import"), confirm.initial)
    assert done.status_code in (200, 302)
    assert Task.objects.count() - tasks in (0, 2)  # all or nothing
    if done.status_code == 200:
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

    checked = admin_client.post(
        reverse("admin:units_role_import"),
        {"format": 0, "import_file": SimpleUploadedFile("can-bo.xlsx", content)},
    )

    assert checked.status_code == 200
    assert changed_tables(before, snapshot()) == []  # the check is a dry run
    confirm = checked.context.get("confirm_form")
    event("accepted" if confirm else "refused")
    if confirm is None:
        return
    done = admin_client.post(reverse("admin:units_role_process_import"), confirm.initial)
    assert done.status_code == 302
    assert Role.objects.count() - roles in (0, 1, 2)  # a re-import may find a role there
    if done["Location"] == reverse("admin:units_role_import"):  # refused at confirmation
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
