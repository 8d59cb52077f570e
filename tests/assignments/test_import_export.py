"""Tasks to and from Excel: all or nothing, every bad row listed, a round trip changes nothing."""

import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments.entries import FundingData, PartyData
from assignments.models import FundingLine, ResponsibleParty, Task, TaskChange
from assignments.resources import COLUMNS, TaskResource, read_xlsx
from tests import factories

from .conftest import make_task

pytestmark = pytest.mark.django_db
Role = ResponsibleParty.Role
Source = FundingLine.Source
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _row(**cells):
    base = {
        "Mã đơn vị": "",
        "Tiêu chí số": "17",
        "Chỉ tiêu": "17.3",
        "Tên nhiệm vụ": "Xây rãnh thoát nước có nắp đậy",
        "Nội dung": "",
        "Năm kế hoạch": 2023,
        "Ngày bắt đầu": "",
        "Thời hạn": "tháng 12/2023",
        "Trạng thái": "Đang thực hiện",
        "Tiến độ (%)": 30,
        "Ngày hoàn thành": "",
        "Người/đơn vị chịu trách nhiệm": "Chủ trì: Mặt trận Tổ quốc xã; Thực hiện: Các thôn",
        "Kinh phí (đồng)": "Ngân sách xã: 500.000.000; Xã hội hóa: 120.000.000",
    }
    base.update(cells)
    return base


def _xlsx(rows, headers=None) -> bytes:
    headers = headers or [c for c in COLUMNS if c not in ("Mã nhiệm vụ", "Đơn vị")]
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append([row.get(h, "") for h in headers])
    return data.export("xlsx")


def _upload(content, name="nhiem-vu.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def _import(user, content, *, dry_run=False):
    return TaskResource(user=user).import_data(
        read_xlsx(content),
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )


# --- the template and the export -----------------------------------------------------------


def test_the_template_has_the_headers_and_a_guide(client_a):
    response = client_a.get(reverse("assignments:task-import-template"))
    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Nhiệm vụ", "Hướng dẫn"]
    assert [c.value for c in book["Nhiệm vụ"][1]] == COLUMNS
    assert book["Nhiệm vụ"].max_row == 1
    guide = {r[0].value: r[1].value for r in book["Hướng dẫn"].iter_rows(min_row=2)}
    assert "quý IV/2024" in guide["Thời hạn"]


def test_the_export_holds_what_the_user_sees_with_the_filters(
    client, district_officer, task_a, task_b, district_task
):
    client.force_login(district_officer)
    response = client.get(reverse("assignments:task-export"), {"year": 2023})
    assert response["Content-Type"] == XLSX
    assert 'filename="nhiem-vu-' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == COLUMNS
    assert [r[COLUMNS.index("Tên nhiệm vụ")] for r in rows[1:]] == [task_a.title]
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["Mã đơn vị"] == task_a.unit.code
    assert row["Thời hạn"] == "tháng 12/2023"
    assert row["Kinh phí (đồng)"] == (
        "Ngân sách xã: 500.000.000, đã giải ngân 200.000.000; Xã hội hóa, doanh nghiệp: 120.000.000"
    )
    assert (
        "Tham mưu: Đ/c Nguyễn Văn A – Công chức NTM [official_a]"
        in row["Người/đơn vị chịu trách nhiệm"]
    )


def test_the_export_runs_constant_queries(client_a, commune_a, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            task = factories.TaskFactory(unit=commune_a)
            factories.ResponsiblePartyFactory.create_batch(2, task=task)
            factories.FundingLineFactory.create_batch(2, task=task)

    add(2)
    url = reverse("assignments:task-export")
    # session, user, roles, roles' criteria, tasks with their sums, parties, funding lines
    with django_assert_num_queries(7):
        client_a.get(url)
    add(20)
    with django_assert_num_queries(7):
        response = client_a.get(url)
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row == 23


def test_exported_cells_never_start_a_formula(client_a, commune_a):
    make_task(
        commune_a,
        title='=HYPERLINK("http://x.example","bấm")',
        description="- Nội dung gạch đầu dòng\n+ thêm",
        parties=[PartyData(Role.LEAD, "@Tổ công tác", kind="organisation")],
    )
    response = client_a.get(reverse("assignments:task-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = dict(zip(COLUMNS, sheet[2], strict=True))
    assert row["Tên nhiệm vụ"].value == '\'=HYPERLINK("http://x.example","bấm")'
    assert row["Tên nhiệm vụ"].data_type == "s"
    assert row["Nội dung"].value.startswith("'- Nội dung")
    assert (
        row["Người/đơn vị chịu trách nhiệm"].value == "Chủ trì: @Tổ công tác"
    )  # starts with the role


def test_export_then_import_changes_nothing(client_a, commune_a, official_a, task_a):
    make_task(
        commune_a,
        title="=1+1 không phải công thức",
        description="- dòng một\n- dòng hai",
        start_date=None,
    )
    make_task(
        commune_a,
        title="Đã xong",
        status="done",
        deadline_text="quý I/2023",
        parties=[
            PartyData(Role.CARRY_OUT, "Công chức Văn hóa - xã hội", position="kiêm nhiệm (tạm)")
        ],
        funding=[FundingData(Source.OTHER, 12_800_000_000, note="Tổng vốn; không tách nguồn")],
    )
    before = list(
        Task.objects.order_by("pk").values_list("pk", "version", "title", "description", "deadline")
    )
    changes = TaskChange.objects.count()
    exported = client_a.get(reverse("assignments:task-export")).content
    result = _import(official_a, exported)
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 3)
    assert (
        list(
            Task.objects.order_by("pk").values_list(
                "pk", "version", "title", "description", "deadline"
            )
        )
        == before
    )
    assert TaskChange.objects.count() == changes


# --- import ---------------------------------------------------------------------------------


def test_a_good_file_creates_tasks_with_people_money_and_history(
    commune_a, official_a, district_officer
):
    content = _xlsx(
        [
            _row(**{"Mã đơn vị": commune_a.code}),
            _row(
                **{
                    "Mã đơn vị": commune_a.code,
                    "Tiêu chí số": "",
                    "Chỉ tiêu": "",
                    "Tên nhiệm vụ": "Rà soát các tiêu chí",
                    "Thời hạn": "quý I/2024",
                    "Người/đơn vị chịu trách nhiệm": "Chủ trì: Đ/c Nguyễn Văn A – Công chức NTM [official_a]; Chỉ đạo: Đ/c Văn phòng NTM huyện [district_a]",
                    "Kinh phí (đồng)": "",
                    "Trạng thái": "",
                    "Tiến độ (%)": "",
                }
            ),
        ]
    )
    result = _import(official_a, content)
    assert result.totals["new"] == 2 and not result.has_validation_errors()
    first, second = Task.objects.order_by("pk")
    assert (first.criterion.number, first.status, first.progress) == (17, "in_progress", 30)
    assert [(f.source, f.planned) for f in first.funding_lines.all()] == [
        ("xa", 500_000_000),
        ("xa_hoi_hoa", 120_000_000),
    ]
    assert [p.user for p in second.parties.all()] == [official_a, district_officer]
    assert (second.deadline.isoformat(), second.status) == ("2024-03-31", "not_started")
    change = first.changes.get()
    assert (change.action, change.actor, change.detail) == (
        TaskChange.Action.IMPORT,
        official_a,
        "Nhập từ tệp Excel",
    )


BAD_ROWS = [
    (
        {"Mã đơn vị": "khong-co"},
        "Mã đơn vị",
        "Không có đơn vị mã “khong-co” trong phạm vi bạn được cập nhật.",
    ),
    ({"Tiêu chí số": "25", "Chỉ tiêu": ""}, "Tiêu chí số", "không có tiêu chí số 25."),
    ({"Thời hạn": "sớm"}, "Thời hạn", "Không hiểu thời hạn “sớm”"),
    (
        {"Ngày bắt đầu": "01/01/2024"},
        "Thời hạn",
        "Thời hạn 31/12/2023 trước ngày bắt đầu 01/01/2024.",
    ),
    ({"Kinh phí (đồng)": "Ngân sách xã: -5.000.000"}, "Kinh phí (đồng)", "Số tiền không được âm."),
    ({"Kinh phí (đồng)": "Ngân sách xã: 5.000.000,5"}, "Kinh phí (đồng)", "phải là số nguyên đồng"),
    (
        {"Kinh phí (đồng)": "Quỹ khuyến học: 5.000.000"},
        "Kinh phí (đồng)",
        "Nguồn vốn “Quỹ khuyến học” không có",
    ),
    ({"Tiến độ (%)": 120}, "Tiến độ (%)", "Tiến độ 120 % phải từ 0 đến 100 %."),
    ({"Tiến độ (%)": "12,5"}, "Tiến độ (%)", "Tiến độ (%) phải là số nguyên"),
    (
        {"Người/đơn vị chịu trách nhiệm": "Giám sát: Hội Cựu chiến binh"},
        "Người/đơn vị chịu trách nhiệm",
        "Vai trò “Giám sát” không có",
    ),
    (
        {"Người/đơn vị chịu trách nhiệm": "Chủ trì: Đ/c X [official_b]"},
        "Người/đơn vị chịu trách nhiệm",
        "Không có tài khoản “official_b”",
    ),
    ({"Trạng thái": "Xong rồi"}, "Trạng thái", "Trạng thái “Xong rồi” không có"),
    ({"Nội dung": "x" * 8_001}, "Nội dung", "Nội dung dài 8.001 ký tự, tối đa 8.000 ký tự."),
    (
        {"Tên nhiệm vụ": "Xây " + "x" * 252},
        "Tên nhiệm vụ",
        "Tên nhiệm vụ dài 256 ký tự, tối đa 255 ký tự.",
    ),
]


@pytest.mark.parametrize(("cells", "column", "message"), BAD_ROWS)
def test_one_bad_row_imports_nothing_and_is_listed_with_row_and_column(
    client_a, commune_a, official_b, cells, column, message
):
    good = _row(**{"Mã đơn vị": commune_a.code, "Tên nhiệm vụ": "Dòng tốt"})
    bad = _row(**{"Mã đơn vị": commune_a.code, **cells})
    response = client_a.post(
        reverse("assignments:task-import"), {"file": _upload(_xlsx([good, bad, good]))}
    )
    assert response.status_code == 200
    errors = response.context["errors"]
    assert {"row": 3, "column": column} | {"message": errors[0]["message"]} == errors[0]
    assert message in errors[0]["message"], errors
    assert "confirm" not in response.context
    assert (
        "Tệp có" in response.content.decode() and "chưa nhập dòng nào" in response.content.decode()
    )
    assert not Task.objects.exists()


def test_every_bad_row_is_listed_not_only_the_first(client_a, commune_a):
    rows = [
        _row(**{"Mã đơn vị": commune_a.code, "Thời hạn": "tháng 13/2023"}),
        _row(**{"Mã đơn vị": commune_a.code}),
        _row(**{"Mã đơn vị": "khong-co", "Tiến độ (%)": 200}),
    ]
    response = client_a.post(reverse("assignments:task-import"), {"file": _upload(_xlsx(rows))})
    assert [(e["row"], e["column"]) for e in response.context["errors"]] == [
        (2, "Thời hạn"),
        (4, "Mã đơn vị"),
        (4, "Tiến độ (%)"),
    ]


def test_upload_preview_then_confirm_imports_the_file(client_a, commune_a):
    content = _xlsx([_row(**{"Mã đơn vị": commune_a.code})])
    response = client_a.post(reverse("assignments:task-import"), {"file": _upload(content)})
    assert response.context["errors"] == []
    assert [r["action"] for r in response.context["rows"]] == ["Thêm mới"]
    assert not Task.objects.exists()  # the preview wrote nothing
    token = response.context["confirm"].initial["token"]
    response = client_a.post(reverse("assignments:task-import"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("assignments:task-list")
    assert Task.objects.get().changes.get().action == TaskChange.Action.IMPORT


def test_a_forged_or_foreign_confirmation_is_refused(
    client, client_a, commune_a, official_a, commune_b, official_b
):
    content = _xlsx([_row(**{"Mã đơn vị": commune_a.code})])
    token = (
        client_a.post(reverse("assignments:task-import"), {"file": _upload(content)})
        .context["confirm"]
        .initial["token"]
    )
    response = client_a.post(
        reverse("assignments:task-import"), {"token": token[:-3] + "abc"}, follow=True
    )
    assert "Phiên nhập tệp đã hết hạn hoặc không hợp lệ" in response.content.decode()
    client.force_login(official_b)
    client.post(reverse("assignments:task-import"), {"token": token})
    assert not Task.objects.exists()


def test_a_row_with_a_task_number_updates_that_task_if_the_user_may(
    client_a, official_a, task_a, task_b
):
    mine = _row(
        **{"Mã nhiệm vụ": task_a.pk, "Mã đơn vị": task_a.unit.code, "Tên nhiệm vụ": "Tên mới"}
    )
    headers = ["Mã nhiệm vụ", *[c for c in COLUMNS if c not in ("Mã nhiệm vụ", "Đơn vị")]]
    result = _import(official_a, _xlsx([mine], headers))
    assert result.totals["update"] == 1
    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.version) == ("Tên mới", 2)
    assert task.changes.get(action=TaskChange.Action.IMPORT).detail == "Sửa bằng tệp Excel"
    theirs = _row(**{"Mã nhiệm vụ": task_b.pk, "Mã đơn vị": task_b.unit.code})
    result = _import(official_a, _xlsx([theirs], headers))
    assert result.invalid_rows[0].error_dict == {
        "Mã nhiệm vụ": [f"Không có nhiệm vụ mã “{task_b.pk}” trong phạm vi bạn được sửa."]
    }
    assert Task.objects.get(pk=task_b.pk).title == task_b.title


def test_a_file_without_the_template_headers_is_refused(client_a):
    content = _xlsx([{"Tên": "x"}], headers=["Tên", "Hạn"])
    response = client_a.post(reverse("assignments:task-import"), {"file": _upload(content)})
    [error] = response.context["errors"]
    assert error["message"].startswith("Tệp không đúng mẫu: thiếu cột “Mã đơn vị”, “Tên nhiệm vụ”")


def test_a_file_that_is_not_excel_is_refused(client_a):
    response = client_a.post(
        reverse("assignments:task-import"), {"file": _upload(b"%PDF-1.4", "kehoach.pdf")}
    )
    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()
    response = client_a.post(
        reverse("assignments:task-import"), {"file": _upload(b"PK\x03\x04rac", "hong.xlsx")}
    )
    assert "Tệp không phải Excel .xlsx hoặc bị hỏng." in response.content.decode()


def test_the_import_page_is_for_users_who_may_write_tasks(client, province, client_a):
    assert client_a.get(reverse("assignments:task-import")).status_code == 200
    client.force_login(factories.official(province, username="vp_tinh", kind="province_office"))
    assert client.get(reverse("assignments:task-import")).status_code == 403
