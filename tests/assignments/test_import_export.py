"""Tasks to and from Excel: all or nothing, every bad row listed, a round trip changes nothing.

Tasks are imported through the one import pipeline (imports app, kind "tasks"): upload →
checked run (preview or every bad row) → confirm → written in one transaction, recorded as an
ImportRun. The task list's old import address sends there.
"""

import io
from datetime import date

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments import services
from assignments.entries import FundingData, PartyData
from assignments.models import FundingLine, ResponsibleParty, Task, TaskChange
from assignments.resources import COLUMNS
from imports import services as import_services
from imports.models import ImportRun
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


State = ImportRun.State


def _import(user, content, name="nhiem-vu.xlsx") -> ImportRun:
    """What the pipeline does on upload and confirmation: check the whole file, then (a clean
    file) write it in one transaction. The recorded run."""
    run = import_services.import_run_check(
        user=user, kind=ImportRun.Kind.TASKS, file_name=name, content=content
    )
    if run.state == State.CHECKED:
        import_services.import_run_start(run=run, actor=user)
        run.refresh_from_db()
    return run


def _post(client, content, name="nhiem-vu.xlsx"):
    """Upload on the import page, kind "tasks"; follow to the run's page."""
    return client.post(
        reverse("imports:import"), {"kind": "tasks", "file": _upload(content, name)}, follow=True
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


def test_the_import_pages_template_is_the_task_lists(client_a):
    ours = client_a.get(reverse("assignments:task-import-template")).content
    pipeline = client_a.get(reverse("imports:import-template", args=["tasks"])).content
    sheets = [openpyxl.load_workbook(io.BytesIO(c)) for c in (ours, pipeline)]
    assert [b.sheetnames for b in sheets] == [["Nhiệm vụ", "Hướng dẫn"]] * 2
    assert [[c.value for c in b["Nhiệm vụ"][1]] for b in sheets] == [COLUMNS] * 2


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
    run = _import(official_a, exported)
    assert run.errors == [] and run.state == State.DONE  # nothing to import
    assert (run.created, run.changed, run.unchanged) == (0, 0, 3)
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
    run = _import(official_a, content)
    assert (run.state, run.created, run.errors) == (State.DONE, 2, [])
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
        "Nhập từ tệp Excel: nhiem-vu.xlsx",
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
    response = _post(client_a, _xlsx([good, bad, good]))
    assert response.status_code == 200
    run = response.context["run"]
    errors = run.errors
    assert {"row": 3, "column": column} | {"message": errors[0]["message"]} == errors[0]
    assert message in errors[0]["message"], errors
    assert run.state == State.REFUSED
    page = response.content.decode()
    assert "không dòng nào được nhập" in page and "Xác nhận nhập" not in page
    assert not Task.objects.exists()


def test_every_bad_row_is_listed_not_only_the_first(client_a, commune_a):
    rows = [
        _row(**{"Mã đơn vị": commune_a.code, "Thời hạn": "tháng 13/2023"}),
        _row(**{"Mã đơn vị": commune_a.code}),
        _row(**{"Mã đơn vị": "khong-co", "Tiến độ (%)": 200}),
    ]
    response = _post(client_a, _xlsx(rows))
    assert [(e["row"], e["column"]) for e in response.context["run"].errors] == [
        (2, "Thời hạn"),
        (4, "Mã đơn vị"),
        (4, "Tiến độ (%)"),
    ]


def test_upload_preview_then_confirm_imports_the_file(client_a, commune_a, official_a):
    content = _xlsx([_row(**{"Mã đơn vị": commune_a.code})])
    response = _post(client_a, content)
    run = response.context["run"]
    assert (run.kind, run.state, run.errors) == ("tasks", State.CHECKED, [])
    assert [r["action"] for r in run.preview] == ["Thêm mới"]
    assert "Xây rãnh thoát nước có nắp đậy" in run.preview[0]["text"]
    assert not Task.objects.exists()  # the preview wrote nothing
    response = client_a.post(reverse("imports:import-confirm", args=[run.pk]))
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert Task.objects.get().changes.get().action == TaskChange.Action.IMPORT
    run.refresh_from_db()
    assert (run.user, run.state, run.rows, run.created, run.changed, run.unchanged) == (
        official_a,
        State.DONE,
        1,
        1,
        0,
        0,
    )
    assert run.summary == "Đã nhập 1 dòng: thêm 1 nhiệm vụ, sửa 0, 0 dòng không đổi."


def test_a_forged_or_foreign_confirmation_is_refused(
    client, client_a, commune_a, official_a, commune_b, official_b
):
    content = _xlsx([_row(**{"Mã đơn vị": commune_a.code})])
    run = _post(client_a, content).context["run"]
    assert client_a.post(reverse("imports:import-confirm", args=[run.pk + 1])).status_code == 404
    client.force_login(official_b)
    assert client.post(reverse("imports:import-confirm", args=[run.pk])).status_code == 404
    assert not Task.objects.exists()
    run.refresh_from_db()
    assert run.state == State.CHECKED


def test_a_row_with_a_task_number_updates_that_task_if_the_user_may(
    client_a, official_a, task_a, task_b
):
    mine = _row(
        **{"Mã nhiệm vụ": task_a.pk, "Mã đơn vị": task_a.unit.code, "Tên nhiệm vụ": "Tên mới"}
    )
    headers = ["Mã nhiệm vụ", *[c for c in COLUMNS if c not in ("Mã nhiệm vụ", "Đơn vị")]]
    run = _import(official_a, _xlsx([mine], headers))
    assert (run.state, run.changed) == (State.DONE, 1)
    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.version) == ("Tên mới", 2)
    assert (
        task.changes.get(action=TaskChange.Action.IMPORT).detail
        == "Sửa bằng tệp Excel: nhiem-vu.xlsx"
    )
    theirs = _row(**{"Mã nhiệm vụ": task_b.pk, "Mã đơn vị": task_b.unit.code})
    run = _import(official_a, _xlsx([theirs], headers))
    assert run.errors == [
        {
            "row": 2,
            "column": "Mã nhiệm vụ",
            "message": f"Không có nhiệm vụ mã “{task_b.pk}” trong phạm vi bạn được sửa.",
        }
    ]
    assert Task.objects.get(pk=task_b.pk).title == task_b.title


def test_a_task_changed_since_the_preview_is_refused_not_overwritten(
    client_a, official_a, district_officer, task_a, commune_a
):
    headers = ["Mã nhiệm vụ", *[c for c in COLUMNS if c not in ("Mã nhiệm vụ", "Đơn vị")]]
    mine = _row(
        **{"Mã nhiệm vụ": task_a.pk, "Mã đơn vị": task_a.unit.code, "Tên nhiệm vụ": "Tên mới"}
    )
    new = _row(**{"Mã đơn vị": commune_a.code, "Tên nhiệm vụ": "Nhiệm vụ mới"})
    run = _post(client_a, _xlsx([new, mine], headers)).context["run"]
    assert run.state == State.CHECKED
    task = Task.objects.get(pk=task_a.pk)
    Task.objects.filter(pk=task.pk).update(version=task.version + 1, updated_by=district_officer)

    client_a.post(reverse("imports:import-confirm", args=[run.pk]))

    run.refresh_from_db()
    assert run.state == State.FAILED
    [error] = run.errors
    assert error["row"] == 3 and "vừa được" in error["message"]
    assert Task.objects.get(pk=task_a.pk).title == task_a.title
    assert not Task.objects.filter(title="Nhiệm vụ mới").exists()  # all or nothing


def test_a_row_the_preview_called_unchanged_is_not_written_back_over_a_later_edit(
    client_a, official_a, district_officer, task_a, commune_a
):
    """The file holds the task as it was; the preview says «không đổi»; a colleague changes
    the task before the confirm: the confirm refuses, the colleague's title stays. (A file
    without «Phiên bản»: with it, the confirm's re-check refuses the row already.)"""
    headers = [
        "Mã nhiệm vụ",
        *[c for c in COLUMNS if c not in ("Mã nhiệm vụ", "Đơn vị", "Phiên bản")],
    ]
    client_a.force_login(official_a)
    exported = openpyxl.load_workbook(
        io.BytesIO(client_a.get(reverse("assignments:task-export")).content)
    ).active
    names = [c.value for c in exported[1]]
    row = dict(zip(names, [c.value for c in exported[2]], strict=True))
    same = _row(**{k: v for k, v in row.items() if k in headers and v is not None})
    new = _row(**{"Mã đơn vị": commune_a.code, "Tên nhiệm vụ": "Nhiệm vụ mới"})
    run = _post(client_a, _xlsx([same, new], headers)).context["run"]
    assert run.state == State.CHECKED, run.errors
    assert (run.created, run.changed, run.unchanged) == (1, 0, 1)
    Task.objects.filter(pk=task_a.pk).update(
        title="Tên đồng nghiệp vừa sửa", version=task_a.version + 1, updated_by=district_officer
    )

    client_a.post(reverse("imports:import-confirm", args=[run.pk]))

    run.refresh_from_db()
    assert Task.objects.get(pk=task_a.pk).title == "Tên đồng nghiệp vừa sửa"
    assert run.state == State.FAILED and "vừa được" in run.errors[0]["message"]


def _exported_with(client, change) -> bytes:
    """The task list's export, `change(sheet, headers)` applied to it."""
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("assignments:task-export")).content)
    )
    sheet = book.active
    change(sheet, [c.value for c in sheet[1]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _retitle(sheet, headers):
    sheet.cell(row=2, column=headers.index("Tên nhiệm vụ") + 1).value = "Tên sửa trong tệp"


def test_an_older_export_does_not_undo_a_colleagues_later_progress_update(
    client_a, official_a, task_a
):
    """Exported at 9:00, a colleague records 60 % at 10:00, the official fixes only a title in
    the file and imports it at 11:00: the row is refused naming the colleague, the 60 % stays."""
    content = _exported_with(client_a, _retitle)
    colleague = factories.official(task_a.unit, username="dong_nghiep")
    colleague.full_name = "Lê Thị Đồng Nghiệp"
    colleague.save()
    services.task_progress_update(
        task=Task.objects.get(pk=task_a.pk),
        actor=colleague,
        status="in_progress",
        progress=60,
        version=task_a.version,
    )

    run = _import(official_a, content)

    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.status, task.progress) == (task_a.title, "in_progress", 60)
    assert run.state == State.REFUSED
    [error] = run.errors
    assert (error["row"], error["column"]) == (2, "Phiên bản")
    assert "Lê Thị Đồng Nghiệp" in error["message"] and "lúc" in error["message"]
    assert "sau khi tệp này được xuất" in error["message"]


def test_an_export_edited_and_imported_before_anyone_else_changes_the_task_is_written(
    client_a, official_a, task_a
):
    run = _import(official_a, _exported_with(client_a, _retitle))
    assert (run.state, run.changed, run.errors) == (State.DONE, 1, [])
    assert Task.objects.get(pk=task_a.pk).title == "Tên sửa trong tệp"


def test_the_export_carries_each_tasks_version_and_the_guide_explains_it(
    client_a, official_a, task_a
):
    services.task_progress_update(
        task=task_a, actor=official_a, status="in_progress", progress=10, version=task_a.version
    )
    sheet = openpyxl.load_workbook(
        io.BytesIO(client_a.get(reverse("assignments:task-export")).content)
    ).active
    row = dict(zip(COLUMNS, [c.value for c in sheet[2]], strict=True))
    assert row["Phiên bản"] == 2
    guide = openpyxl.load_workbook(
        io.BytesIO(client_a.get(reverse("assignments:task-import-template")).content)
    )["Hướng dẫn"]
    help_text = {r[0].value: r[1].value for r in guide.iter_rows(min_row=2)}
    assert help_text["Phiên bản"].startswith("Không sửa cột này.")


def test_a_version_cell_that_is_not_a_number_is_refused(client_a, official_a, task_a):
    def spoil(sheet, headers):
        _retitle(sheet, headers)
        sheet.cell(row=2, column=headers.index("Phiên bản") + 1).value = "bản cũ"

    run = _import(official_a, _exported_with(client_a, spoil))
    assert run.state == State.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "Phiên bản")]
    assert Task.objects.get(pk=task_a.pk).title == task_a.title


def test_a_file_without_the_version_column_is_checked_against_the_version_at_upload(
    official_a, task_a
):
    """Files made before the column (or by hand) import as before."""
    headers = [
        "Mã nhiệm vụ",
        *[c for c in COLUMNS if c not in ("Mã nhiệm vụ", "Đơn vị", "Phiên bản")],
    ]
    Task.objects.filter(pk=task_a.pk).update(version=5)
    mine = _row(
        **{"Mã nhiệm vụ": task_a.pk, "Mã đơn vị": task_a.unit.code, "Tên nhiệm vụ": "Tên mới"}
    )
    run = _import(official_a, _xlsx([mine], headers))
    assert (run.state, run.changed, run.errors) == (State.DONE, 1, [])
    assert Task.objects.get(pk=task_a.pk).title == "Tên mới"


def test_an_old_task_exported_after_its_commune_moved_sets_keeps_its_criterion(
    client_a, commune_a, official_a, task_a, criterion_17, f51
):
    """Task A is on Decision 318's criterion 17; the commune now applies 51/2025 (10 criteria):
    its exported row, retitled, is read in the task's own set and keeps criterion 17."""
    commune_a.framework = f51
    commune_a.save()
    run = _import(official_a, _exported_with(client_a, _retitle))
    assert (run.state, run.changed, run.errors) == (State.DONE, 1, [])
    task = Task.objects.get(pk=task_a.pk)
    assert (task.title, task.criterion, task.indicator.code) == (
        "Tên sửa trong tệp",
        criterion_17,
        "17.3",
    )


def test_a_new_task_row_repeating_another_is_refused_naming_both_rows(commune_a, official_a):
    """Two rows for the same new task would create it twice (and count its money twice)."""
    first = _row(**{"Mã đơn vị": commune_a.code})
    again = _row(**{"Mã đơn vị": commune_a.code, "Tên nhiệm vụ": "XÂY RÃNH thoát nước có nắp đậy"})
    run = _import(
        official_a,
        _xlsx([first, _row(**{"Mã đơn vị": commune_a.code, "Tên nhiệm vụ": "Khác"}), again]),
    )
    assert run.state == State.REFUSED
    assert run.errors == [
        {
            "row": 4,
            "column": "",
            "message": "Trùng với dòng 2: cùng đơn vị, tên nhiệm vụ, thời hạn và tiêu chí "
            "(một nhiệm vụ mới ghi hai lần).",
        }
    ]
    assert not Task.objects.filter(unit=commune_a).exists()


def test_new_rows_of_one_title_with_other_deadlines_or_criteria_are_separate_tasks(
    commune_a, official_a
):
    rows = [
        _row(**{"Mã đơn vị": commune_a.code}),
        _row(**{"Mã đơn vị": commune_a.code, "Thời hạn": "quý I/2024"}),
        _row(**{"Mã đơn vị": commune_a.code, "Tiêu chí số": "", "Chỉ tiêu": ""}),
    ]
    run = _import(official_a, _xlsx(rows))
    assert (run.state, run.created, run.errors) == (State.DONE, 3, [])


def test_a_template_saved_on_its_guide_sheet_imports_its_first_sheet(
    client_a, commune_a, official_a
):
    book = openpyxl.load_workbook(
        io.BytesIO(client_a.get(reverse("assignments:task-import-template")).content)
    )
    sheet = book["Nhiệm vụ"]
    headers = [c.value for c in sheet[1]]
    row = _row(**{"Mã đơn vị": commune_a.code})
    sheet.append([row.get(h) for h in headers])
    book.active = 1  # the official last looked at «Hướng dẫn» before saving
    out = io.BytesIO()
    book.save(out)
    run = _import(official_a, out.getvalue())
    assert (run.state, run.created, run.errors) == (State.DONE, 1, [])


def _typed_in_excel(commune, cells: dict, formats: dict) -> bytes:
    """A new task's row with cells as Excel stores what an official types: `formats` gives a
    column's number format."""
    headers = [c for c in COLUMNS if c not in ("Mã nhiệm vụ", "Đơn vị")]
    row = _row(**{"Mã đơn vị": commune.code, **cells})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append([None if row.get(h) == "" else row.get(h) for h in headers])
    for header, number_format in formats.items():
        sheet.cell(row=2, column=headers.index(header) + 1).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("number_format", ["mm/yyyy", "m/yyyy", "mmm-yy", '"tháng "mm/yyyy'])
def test_a_month_deadline_typed_in_excel_is_the_last_day_of_that_month(
    commune_a, official_a, number_format
):
    """«12/2023» typed in a cell is stored as the date 01/12/2023 shown as a month: the task is
    due on 31/12/2023, not overdue from 02/12/2023."""
    content = _typed_in_excel(
        commune_a, {"Thời hạn": date(2023, 12, 1)}, {"Thời hạn": number_format}
    )
    run = _import(official_a, content)
    assert (run.state, run.errors) == (State.DONE, [])
    task = Task.objects.get(unit=commune_a)
    assert (task.deadline, task.deadline_text) == (date(2023, 12, 31), "tháng 12/2023")


def test_a_deadline_cell_shown_with_its_day_is_that_day(commune_a, official_a):
    content = _typed_in_excel(
        commune_a, {"Thời hạn": date(2023, 12, 1)}, {"Thời hạn": "dd/mm/yyyy"}
    )
    run = _import(official_a, content)
    assert (run.state, run.errors) == (State.DONE, [])
    assert Task.objects.get(unit=commune_a).deadline == date(2023, 12, 1)


@pytest.mark.parametrize(
    ("typed", "number_format", "progress"),
    [(1, "0%", 100), (0.5, "0%", 50), (0.3, "0.0%", 30), (0, "0%", 0), (30, "General", 30)],
)
def test_a_progress_cell_shown_as_a_percentage_is_read_as_it_shows(
    commune_a, official_a, typed, number_format, progress
):
    """Excel stores «100%» typed in a cell as 1 shown 0%: the task is 100 % done, not 1 %."""
    content = _typed_in_excel(
        commune_a,
        {"Tiến độ (%)": typed, "Trạng thái": "Đang thực hiện"},
        {"Tiến độ (%)": number_format},
    )
    run = _import(official_a, content)
    assert (run.state, run.errors) == (State.DONE, [])
    assert Task.objects.get(unit=commune_a).progress == progress


def test_a_percentage_cell_of_a_fraction_of_a_percent_is_refused_as_it_shows(commune_a, official_a):
    content = _typed_in_excel(commune_a, {"Tiến độ (%)": 0.335}, {"Tiến độ (%)": "0.0%"})
    run = _import(official_a, content)
    assert run.state == State.REFUSED
    assert [(e["column"], e["message"]) for e in run.errors] == [
        ("Tiến độ (%)", "Tiến độ (%) phải là số nguyên, không phải “33,5”.")
    ]


def test_a_file_without_the_template_headers_is_refused(client_a):
    content = _xlsx([{"Tên": "x"}], headers=["Tên", "Hạn"])
    [error] = _post(client_a, content).context["run"].errors
    assert error["message"].startswith("Tệp không đúng mẫu: thiếu cột “Mã đơn vị”, “Tên nhiệm vụ”")


def test_a_file_that_is_not_excel_is_refused(client_a):
    response = _post(client_a, b"%PDF-1.4", "kehoach.pdf")
    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()
    response = _post(client_a, b"PK\x03\x04rac", "hong.xlsx")
    assert "Tệp không phải Excel .xlsx hoặc bị hỏng." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_the_import_page_is_for_users_who_may_write_tasks(client, province, client_a, commune_a):
    # the old address: a page that sends on to the pipeline's page, the task kind chosen
    old = client_a.get(reverse("assignments:task-import"))
    target = reverse("imports:import") + "?kind=tasks"
    assert old.status_code == 200 and old["Refresh"] == f"0; url={target}"
    assert f'href="{target}"' in old.content.decode()
    page = client_a.get(target)
    assert page.context["form"]["kind"].value() == "tasks"
    assert ("tasks", "Công việc (nhiệm vụ) của kế hoạch") in page.context["kinds"]
    assert f'href="{target}"' in client_a.get(reverse("assignments:task-list")).content.decode()

    office = factories.official(province, username="vp_tinh", kind="province_office")
    client.force_login(office)
    assert client.get(reverse("assignments:task-import")).status_code == 403
    assert "tasks" not in [k for k, _ in client.get(target).context["kinds"]]
    response = client.post(
        reverse("imports:import"),
        {"kind": "tasks", "file": _upload(_xlsx([_row(**{"Mã đơn vị": commune_a.code})]))},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["Bạn không được nhập loại dữ liệu này."]
    assert not ImportRun.objects.exists() and not Task.objects.exists()
