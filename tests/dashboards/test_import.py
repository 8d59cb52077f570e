"""Excel import/export: round trips, all-or-nothing imports with every bad row listed, the
audit trail, file checks and large files on the task queue."""

import io
import zipfile
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from criteria import resources as criteria_resources
from criteria import rules, selectors
from criteria import services as criteria_services
from criteria.models import Assessment, CriterionResult, IndicatorStatus, StatusChange, Threshold
from criteria.resources import StatusResource
from imports import services
from imports.models import ImportRun
from plans.models import Target
from plans.resources import TargetResource
from tests import factories
from units.models import Unit
from units.resources import UnitResource

Status = IndicatorStatus.Status
State = ImportRun.State
pytestmark = pytest.mark.django_db
STATUS_HEADERS = ["Mã xã", "Năm", "Mã chỉ tiêu", "Kết quả", "Giá trị đo", "Ghi chú"]
# The task queue: the database's (a queued task waits for `manage.py db_worker`, which these
# tests never start) or the immediate one (the task runs at once; the default under pytest).
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_QUEUE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def xlsx(headers, *rows) -> bytes:
    return tablib.Dataset(*rows, headers=headers).export("xlsx")


def upload(client, kind, content, name="ket-qua.xlsx"):
    """Upload through the page; returns the run (or the re-rendered page's response)."""
    response = client.post(
        reverse("imports:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )
    if response.status_code != 302:
        return response
    return ImportRun.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def confirm(client, run):
    return client.post(reverse("imports:import-confirm", args=[run.pk]))


def snapshot():
    return (
        list(
            IndicatorStatus.objects.order_by("pk").values_list("status", "value", "note", "version")
        ),
        StatusChange.objects.count(),
        list(Assessment.objects.order_by("pk").values_list("year", "state", "met_count")),
        list(Target.objects.order_by("pk").values_list("unit", "year", "level")),
        list(Unit.objects.order_by("pk").values_list("code", "name", "parent", "level_goal")),
    )


def _status(commune, year, code):
    return IndicatorStatus.objects.get(
        assessment__commune=commune, assessment__year=year, indicator__code=code
    )


@pytest.fixture
def official_client(client, official_a):
    client.force_login(official_a)
    return client


# --- round trips ---------------------------------------------------------------------------


def test_exporting_statuses_and_importing_the_same_file_changes_nothing(
    official_client, district, official_a
):
    IndicatorStatus.objects.filter(
        assessment__commune=district.cam_tan, indicator__code="17.2"
    ).update(note="=SUM(A1) – ghi chú bắt đầu như công thức", value=Decimal("1250.5"))
    IndicatorStatus.objects.filter(
        assessment__commune=district.cam_tan, indicator__code="6.1"
    ).update(note="- đã kiểm tra\n- có biên bản")
    url = reverse("imports:data-export") + f"?kind=statuses&unit={district.cam_tan.pk}"
    content = official_client.get(url).content
    sheet = list(load_workbook(io.BytesIO(content)).active.values)
    assert sheet[0] == tuple(StatusResource.COLUMNS)
    assert len(sheet) == 1 + 2 * 56  # two years of Cẩm Tân's indicators
    assert "'=SUM(A1) – ghi chú bắt đầu như công thức" in [r[8] for r in sheet]
    before = snapshot()

    run = upload(official_client, "statuses", content)

    assert run.state == State.DONE, run.errors[:3]
    assert run.rows == 112 and run.unchanged == 112
    assert run.summary == "Tệp không thay đổi gì so với dữ liệu hiện có: không có gì để nhập."
    assert snapshot() == before


def test_exporting_units_and_targets_and_importing_them_back_changes_nothing(
    client, district, admin_user, district_officer, province
):
    client.force_login(admin_user)
    units = client.get(reverse("imports:data-export") + f"?kind=units&unit={province.pk}").content
    assert [r[0] for r in list(load_workbook(io.BytesIO(units)).active.values)[1:3]] == [
        province.code,
        district.district.code,
    ]
    before = snapshot()
    assert upload(client, "units", units).state == State.DONE
    assert snapshot() == before

    client.force_login(district_officer)
    targets = client.get(
        reverse("imports:data-export") + f"?kind=targets&unit={district.district.pk}&year=2023"
    ).content
    rows = list(load_workbook(io.BytesIO(targets)).active.values)
    assert [r[3:5] for r in rows[1:]] == [
        ("Đạt chuẩn NTM", "17, 18"),
        ("Đạt chuẩn NTM kiểu mẫu", "11, 12, 13"),
    ] or [r[3:5] for r in rows[1:]] == [
        ("Đạt chuẩn NTM kiểu mẫu", "11, 12, 13"),
        ("Đạt chuẩn NTM", "17, 18"),
    ]
    run = upload(client, "targets", targets)
    assert (run.state, run.unchanged) == (State.DONE, 2)
    assert snapshot() == before


# --- a good file ---------------------------------------------------------------------------


def test_statuses_import_goes_through_the_service_with_history_and_opens_a_missing_year(
    official_client, district, official_a
):
    code = district.cam_tan.code
    content = xlsx(
        STATUS_HEADERS,
        [code, 2023, "4.1", "Đạt", "", "Đã sửa lưới điện"],
        [code, 2023, "5", "dat", "", "Trường đạt chuẩn"],  # codes and no diacritics work too
        [code, 2023, "6.1", "Đạt", "", "Theo rà soát"],  # unchanged
        [code, 2024, "19.2", "Chưa đạt", "", "Có trọng án"],  # 2024 is opened first
    )

    run = upload(official_client, "statuses", content, name="cam-tan-2023.xlsx")
    assert (run.state, run.rows, run.changed, run.unchanged) == (State.CHECKED, 4, 3, 1)
    assert "mở 1 năm đánh giá" in run.summary
    page = official_client.get(run.get_absolute_url()).content.decode()
    assert "Xã Cẩm Tân 2024, chỉ tiêu 19.2: Chưa đạt – mở năm 2024" in page
    assert _status(district.cam_tan, 2023, "5").status == Status.NOT_MET  # nothing written yet

    response = confirm(official_client, run)

    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert run.state == State.DONE and run.content == b""
    assert (
        run.summary
        == "Đã nhập 4 dòng: thêm 0 chỉ tiêu, sửa 3, 1 dòng không đổi; mở 1 năm đánh giá."
    )
    five = _status(district.cam_tan, 2023, "5")
    assert (five.status, five.note, five.updated_by) == (Status.MET, "Trường đạt chuẩn", official_a)
    change = five.changes.get(action=StatusChange.Action.UPDATE)
    assert (change.old_status, change.new_status, change.actor) == (
        Status.NOT_MET,
        Status.MET,
        official_a,
    )
    assert change.detail == "Nhập từ Excel: cam-tan-2023.xlsx"
    a2023 = Assessment.objects.get(commune=district.cam_tan, year=2023)
    assert (a2023.met_count, a2023.verified_met_count) == (19, 18)  # the official figure stays
    assert CriterionResult.objects.get(assessment=a2023, criterion__number=5).status == Status.MET
    a2024 = Assessment.objects.get(commune=district.cam_tan, year=2024)
    assert _status(district.cam_tan, 2024, "19.2").status == Status.NOT_MET
    assert a2024.met_count == 18  # copied forward from 2023, then 19 unmet
    assert (
        _status(district.cam_tan, 2024, "19.2")
        .changes.filter(detail="Nhập từ Excel: cam-tan-2023.xlsx")
        .exists()
    )


def test_a_measured_indicator_is_judged_from_its_value(
    official_client, commune_a, f318, official_a
):
    criteria_services.assessment_open(
        commune=commune_a, framework=f318, year=2023, actor=official_a
    )
    threshold = (
        Threshold.objects.filter(
            indicator__framework=f318, value__isnull=False, province__isnull=True
        )
        .select_related("indicator")
        .first()
    )
    code = threshold.indicator.code
    low = threshold.value - 1 if threshold.effective_comparator() == ">=" else threshold.value + 1

    wrong = upload(
        official_client,
        "statuses",
        xlsx(STATUS_HEADERS, [commune_a.code, 2023, code, "Đạt", str(low).replace(".", ","), ""]),
    )
    right = upload(
        official_client,
        "statuses",
        xlsx(STATUS_HEADERS, [commune_a.code, 2023, code, "", float(low), ""]),
    )

    assert wrong.state == State.REFUSED
    assert wrong.errors[0]["column"] == "Kết quả"
    assert f"Chỉ tiêu {code} được tính từ giá trị đo" in wrong.errors[0]["message"]
    assert right.state == State.CHECKED
    confirm(official_client, right)
    status = _status(commune_a, 2023, code)
    assert (status.status, status.value, status.judged_automatically) == (Status.NOT_MET, low, True)


# --- bad files: nothing is imported, every bad row is listed -------------------------------


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_one(
    official_client, district, commune_b, official_a
):
    code = district.cam_tan.code
    content = xlsx(
        STATUS_HEADERS,
        [code, 2023, "5", "Đạt", "", "Tốt"],  # 2: good
        ["khong-co", 2023, "5", "Đạt", "", "x"],  # 3: unknown commune
        [commune_b.code, 2023, "5", "Đạt", "", "x"],  # 4: another district's commune
        [code, "hai nghìn", "5", "Đạt", "", "x"],  # 5: year
        [code, 2023, "99.9", "Đạt", "", "x"],  # 6: indicator
        [code, 2023, "6.1", "Tốt lắm", "", "x"],  # 7: result
        [code, 2023, "6.2", "Chưa đạt", "", ""],  # 8: a judged result needs a reason
        [code, 2023, "5", "Đạt", "", "Tốt"],  # 9: same as row 2
        [code, 2023, "17.2", "Đạt", "-3", "x"],  # 10: negative value
        [code, 1990, "5", "Đạt", "", "x"],  # 11: outside the framework's period
    )
    before = snapshot()

    run = upload(official_client, "statuses", content)

    assert run.state == State.REFUSED and run.content == b""
    assert run.summary == "Tệp có 9 lỗi: không nhập dòng nào."
    errors = [(e["row"], e["column"], e["message"]) for e in run.errors]
    assert errors == [
        (3, "Mã xã", "Không có xã mã “khong-co” trong phạm vi bạn được xem."),
        (4, "Mã xã", f"Không có xã mã “{commune_b.code}” trong phạm vi bạn được xem."),
        (5, "Năm", "Năm phải là số nguyên, không phải “hai nghìn”."),
        (6, "Mã chỉ tiêu", "Bộ tiêu chí Xã NTM 2021–2025 (318/QĐ-TTg) không có chỉ tiêu “99.9”."),
        (
            7,
            "Kết quả",
            "Kết quả “Tốt lắm” không hợp lệ: dùng “Đạt”, “Chưa đạt”, “Chưa đánh giá”.",
        ),
        (8, "Ghi chú", "Chỉ tiêu này do cán bộ đánh giá: ghi rõ lý do hoặc căn cứ đánh giá."),
        (9, "", "Trùng với dòng 2: cùng xã, năm và chỉ tiêu."),
        (10, "Giá trị đo", "Giá trị không được âm."),
        (11, "Năm", "Năm 1990 nằm ngoài thời kỳ của bộ tiêu chí Xã NTM 2021–2025 (318/QĐ-TTg)."),
    ]
    page = official_client.get(run.get_absolute_url()).content.decode()
    assert "9 lỗi – không dòng nào được nhập" in page and "Xác nhận nhập" not in page
    assert snapshot() == before
    assert ImportRun.objects.filter(user=official_a, state=State.REFUSED).count() == 1


def test_rows_the_user_may_not_change_are_refused_but_unchanged_ones_pass(client, district, f318):
    from criteria.models import Criterion

    culture = factories.official(
        district.cam_tan,
        username="van_hoa",
        criteria=Criterion.objects.filter(framework=f318, number__in=[6, 16]),
    )
    client.force_login(culture)
    code = district.cam_tan.code
    content = xlsx(
        STATUS_HEADERS,
        [code, 2023, "6.1", "Chưa đạt", "", "Nhà văn hóa xuống cấp"],
        [code, 2023, "17.1", "Đạt", "", "Theo rà soát"],  # not theirs, but unchanged
        [code, 2023, "17.2", "Chưa đạt", "", "Không phải việc của tôi"],
    )

    run = upload(client, "statuses", content)

    assert [(e["row"], e["message"]) for e in run.errors] == [
        (4, "Bạn không được giao cập nhật tiêu chí 17 của Xã Cẩm Tân.")
    ]


def test_a_year_sent_for_verification_cannot_be_changed_by_import(official_client, district):
    Assessment.objects.filter(commune=district.cam_tan, year=2023).update(
        state=Assessment.State.SUBMITTED
    )
    content = xlsx(STATUS_HEADERS, [district.cam_tan.code, 2023, "5", "Đạt", "", "Đã sửa"])

    run = upload(official_client, "statuses", content)

    assert run.state == State.REFUSED
    assert "đã gửi thẩm tra" in run.errors[0]["message"]


def test_data_changed_since_the_check_is_caught_when_the_import_starts(official_client, district):
    content = xlsx(STATUS_HEADERS, [district.cam_tan.code, 2023, "5", "Đạt", "", "Đã sửa"])
    run = upload(official_client, "statuses", content)
    assert run.state == State.CHECKED
    Assessment.objects.filter(commune=district.cam_tan, year=2023).update(
        state=Assessment.State.SUBMITTED
    )
    before = snapshot()

    confirm(official_client, run)

    run.refresh_from_db()
    assert run.state == State.REFUSED and "Dữ liệu đã thay đổi từ lúc kiểm tra" in run.summary
    assert snapshot() == before


def _changed_by_someone_else(commune, code, note, username="can_bo_khac"):
    """Another official saves the indicator on its page (criteria.services.status_update)."""
    other = factories.official(commune, username=username)
    other.full_name = "Trần Thị Bình"
    other.save(update_fields=["full_name"])
    status = IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment__commune=commune, assessment__year=2023, indicator__code=code)
    criteria_services.status_update(
        status=status,
        actor=other,
        new_status=Status.NOT_MET,
        value=None,
        note=note,
        version=status.version,
    )


def test_a_status_changed_by_someone_else_after_the_check_is_not_overwritten(
    official_client, district
):
    code = district.cam_tan.code
    content = xlsx(
        STATUS_HEADERS,
        [code, 2023, "4.1", "Đạt", "", "Đã sửa lưới điện"],
        [code, 2023, "5", "Đạt", "", "Đã sửa"],
    )
    run = upload(official_client, "statuses", content)
    assert run.state == State.CHECKED
    # Between the preview and the confirmation, someone records row 3's indicator on its page;
    # the file still changes it (Đạt ≠ Chưa đạt), so the check alone would let it through.
    _changed_by_someone_else(district.cam_tan, "5", "Chưa đủ hồ sơ kiểm định")
    before = snapshot()

    confirm(official_client, run)

    run.refresh_from_db()
    assert run.state == State.FAILED
    assert [e["row"] for e in run.errors] == [3]
    assert "vừa được Trần Thị Bình cập nhật" in run.errors[0]["message"]
    assert snapshot() == before  # row 2 is rolled back too
    five = _status(district.cam_tan, 2023, "5")
    assert (five.status, five.note) == (Status.NOT_MET, "Chưa đủ hồ sơ kiểm định")
    page = official_client.get(run.get_absolute_url()).content.decode()
    assert "Trần Thị Bình" in page


def test_a_row_unchanged_at_the_check_and_changed_since_is_not_put_back(official_client, district):
    code = district.cam_tan.code
    content = xlsx(
        STATUS_HEADERS,
        [code, 2023, "4.1", "Đạt", "", "Đã sửa lưới điện"],
        [code, 2023, "6.1", "Đạt", "", "Theo rà soát"],  # as it is now: unchanged
    )
    run = upload(official_client, "statuses", content)
    assert (run.state, run.changed, run.unchanged) == (State.CHECKED, 1, 1)
    _changed_by_someone_else(district.cam_tan, "6.1", "Nhà văn hóa xuống cấp")
    before = snapshot()

    confirm(official_client, run)

    run.refresh_from_db()
    assert run.state == State.FAILED and [e["row"] for e in run.errors] == [3]
    assert "Trần Thị Bình" in run.errors[0]["message"]
    assert snapshot() == before


def test_a_row_refused_while_writing_rolls_back_every_row(official_client, district, monkeypatch):
    code = district.cam_tan.code
    content = xlsx(
        STATUS_HEADERS,
        [code, 2023, "4.1", "Đạt", "", "Đã sửa lưới điện"],
        [code, 2023, "5", "Đạt", "", "Trường đạt chuẩn"],
    )
    run = upload(official_client, "statuses", content)
    before = snapshot()
    real = criteria_resources.status_update

    def second_refused(*, status, **kwargs):
        if status.indicator.code == "5":
            raise ValidationError("Chỉ tiêu 5 vừa được người khác cập nhật.")
        return real(status=status, **kwargs)

    monkeypatch.setattr(criteria_resources, "status_update", second_refused)
    confirm(official_client, run)

    run.refresh_from_db()
    assert run.state == State.FAILED
    assert run.errors == [
        {"row": 3, "column": "", "message": "Chỉ tiêu 5 vừa được người khác cập nhật."}
    ]
    assert snapshot() == before  # row 2's change was rolled back too


def test_a_run_is_confirmed_once(official_client, district):
    run = upload(
        official_client,
        "statuses",
        xlsx(STATUS_HEADERS, [district.cam_tan.code, 2023, "5", "Đạt", "", "x"]),
    )
    confirm(official_client, run)
    response = confirm(official_client, run)
    messages = [m.message for m in response.wsgi_request._messages]
    assert "Tệp này đã được nhập hoặc đang được nhập." in messages


# --- the file itself ------------------------------------------------------------------------


def test_files_that_are_not_real_xlsx_are_refused_before_reading(official_client, district):
    def refused(content, name="ket-qua.xlsx"):
        response = upload(official_client, "statuses", content, name=name)
        assert response.status_code == 200  # the page again, with the message
        return response.content.decode()

    assert "Tệp không phải Excel .xlsx hoặc bị hỏng." in refused(b"%PDF-1.4 not a sheet")
    assert "Chỉ nhận tệp Excel .xlsx" in refused(xlsx(STATUS_HEADERS), name="ket-qua.xls")
    # a zip bomb: small on disk, 70 MB once unpacked
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (70 * 1024 * 1024))
    assert len(bomb.getvalue()) < 200_000
    assert "Tệp giải nén ra quá lớn (trên 60 MB)" in refused(bomb.getvalue())
    assert "Tệp quá lớn: tối đa 5 MB." in refused(b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024 + 1))
    assert not ImportRun.objects.exists()


def test_a_sheet_without_the_template_columns_or_with_too_many_rows_is_refused(
    official_client, district, settings
):
    run = upload(official_client, "statuses", xlsx(["Xã", "Năm"], ["Cẩm Tân", 2023]))
    assert run.errors[0]["message"].startswith(
        "Tệp không đúng mẫu: thiếu cột “Mã xã”, “Mã chỉ tiêu”, “Kết quả”."
    )

    from common import importing as module

    settings.DEBUG = False
    original = module.IMPORT_MAX_ROWS
    module.IMPORT_MAX_ROWS = 2
    try:
        run = upload(
            official_client,
            "statuses",
            xlsx(STATUS_HEADERS, *[[district.cam_tan.code, 2023, "5", "Đạt", "", "x"]] * 3),
        )
    finally:
        module.IMPORT_MAX_ROWS = original
    assert "Tệp có 3 dòng, quá giới hạn 2 dòng một lần nhập" in run.errors[0]["message"]


def test_templates_have_the_headers_and_a_guide(client, official_a):
    client.force_login(official_a)
    response = client.get(reverse("imports:import-template", args=["statuses"]))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kết quả chỉ tiêu của xã", "Hướng dẫn"]
    assert list(book.active.values)[0] == tuple(StatusResource.COLUMNS)
    assert ("Kết quả", StatusResource.HELP[5][1]) in list(book["Hướng dẫn"].values)
    assert client.get(reverse("imports:import-template", args=["khac"])).status_code == 404


def test_the_import_page_offers_only_the_kinds_the_user_may_import(
    client, official_a, district_officer, admin_user
):
    def kinds(user):
        client.force_login(user)
        html = client.get(reverse("imports:import")).content.decode()
        return [
            k
            for k in ("statuses", "targets", "units")
            if f'value="{k}"' in html and f'name="kind" value="{k}"' in html
        ]

    assert kinds(official_a) == ["statuses"]
    assert kinds(district_officer) == ["targets"]
    assert kinds(admin_user) == ["statuses", "targets", "units"]
    client.force_login(official_a)
    response = client.post(
        reverse("imports:import"),
        {"kind": "units", "file": SimpleUploadedFile("a.xlsx", xlsx(["Mã đơn vị"]))},
    )
    assert "Bạn không được nhập loại dữ liệu này." in response.content.decode()
    response = client.post(reverse("imports:import"), {"kind": "statuses"})
    assert "Chọn tệp Excel (.xlsx) để nhập." in response.content.decode()


# --- units and targets ----------------------------------------------------------------------


def test_units_import_creates_parents_first_and_refuses_a_changed_level(
    client, admin_user, district, province, f318
):
    client.force_login(admin_user)
    headers = UnitResource.COLUMNS
    good = xlsx(
        headers,
        [
            "ha-tinh.ky-anh.ky-tan",
            "Kỳ Tân",
            "Xã",
            "Xã",
            "ha-tinh.ky-anh",
            "btb",
            f318.key,
            "Xã NTM nâng cao",
        ],
        ["ha-tinh.ky-anh", "Kỳ Anh", "Huyện", "Huyện", province.code, "btb", "", ""],
        [
            district.cam_due.code,
            "Cẩm Duệ (mới)",
            "Xã",
            "Xã",
            district.district.code,
            "btb",
            f318.key,
            "Xã NTM",
        ],
    )
    run = upload(client, "units", good)
    assert (run.state, run.created, run.changed) == (State.CHECKED, 2, 1)
    confirm(client, run)

    ky_tan = Unit.objects.get(code="ha-tinh.ky-anh.ky-tan")
    assert (ky_tan.parent.code, ky_tan.province, ky_tan.framework, ky_tan.level_goal) == (
        "ha-tinh.ky-anh",
        province,
        f318,
        "nang_cao",
    )
    assert ky_tan.search_name == "xa ky tan"
    assert Unit.objects.get(pk=district.cam_due.pk).name == "Cẩm Duệ (mới)"

    bad = upload(
        client,
        "units",
        xlsx(headers, [district.cam_due.code, "Cẩm Duệ", "", "Huyện", province.code, "", "", ""]),
    )
    assert [(e["row"], e["column"]) for e in bad.errors] == [(2, "Cấp")]
    assert "Không đổi được cấp của đơn vị đã có" in bad.errors[0]["message"]


def test_targets_are_set_by_the_supervising_office_only(
    client, district, district_officer, commune_b, f318
):
    headers = TargetResource.COLUMNS[:5]
    content = xlsx(
        headers,
        [district.cam_due.code, "", 2024, "Đạt chuẩn NTM", "5, 9"],
        [commune_b.code, "", 2024, "Đạt chuẩn NTM", "5"],
    )
    client.force_login(district_officer)
    run = upload(client, "targets", content)
    assert [(e["row"], e["column"]) for e in run.errors] == [(3, "Mã đơn vị")]

    run = upload(
        client, "targets", xlsx(headers, [district.cam_due.code, "", 2024, "Đạt chuẩn NTM", "5, 9"])
    )
    confirm(client, run)
    target = Target.objects.get(unit=district.cam_due, year=2024)
    assert (
        sorted(c.number for c in target.criteria.all()) == [5, 9]
        and target.set_by == district_officer
    )

    # a column left out of the file keeps its value
    Target.objects.filter(pk=target.pk).update(note="Theo kế hoạch huyện")
    run = upload(
        client,
        "targets",
        xlsx(headers, [district.cam_due.code, "", 2024, "Đạt chuẩn NTM nâng cao", "5, 9"]),
    )
    confirm(client, run)
    target.refresh_from_db()
    assert (target.level, target.note) == ("nang_cao", "Theo kế hoạch huyện")


# --- large files ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_imported_in_the_background_and_followed_on_its_page(client, settings):
    from django.core.management import call_command

    from criteria.models import Framework

    if not Framework.objects.exists():
        call_command("load_criteria", verbosity=0, stdout=io.StringIO())
    f318 = Framework.objects.get(key="xa_ntm_2021_2025")
    district = factories.UnitFactory(kind="district", name="Nền", prefix="Huyện")
    communes = [
        factories.CommuneFactory(name=f"Xã {i}", parent=district, framework=f318) for i in range(3)
    ]
    officer = factories.official(communes[0], username="cb_nen")
    for commune in communes[1:]:
        from units.models import Role

        Role.objects.create(user=officer, unit=commune, kind="commune_official")
    rows = [
        [c.code, 2023, code, "Chưa đạt", "", "Nhập hàng loạt"]
        for c in communes
        for code in ("5", "6.1", "6.2")
    ]
    settings.IMPORTS_SYNC_ROWS = 4  # 9 rows: more than this are queued (run at once here)
    client.force_login(officer)

    run = upload(client, "statuses", xlsx(STATUS_HEADERS, *rows))
    assert run.state == State.CHECKED and run.rows == 9
    response = confirm(client, run)

    run.refresh_from_db()
    assert run.state == State.DONE, run.errors
    assert IndicatorStatus.objects.filter(note="Nhập hàng loạt", status=Status.NOT_MET).count() == 9
    assert Assessment.objects.filter(commune__in=communes, year=2023).count() == 3
    assert response.status_code == 302


def test_a_running_import_page_refreshes_itself_and_shows_progress(
    official_client, district, official_a, monkeypatch
):
    run = ImportRun.objects.create(
        user=official_a, kind="statuses", file_name="lon.xlsx", state=State.RUNNING, rows=10_000
    )
    from django.utils import timezone

    ImportRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now(), progress_done=2500, progress_total=10_000
    )  # as the worker's heartbeat records it

    response = official_client.get(run.get_absolute_url())

    assert response["Refresh"] == "3"
    html = response.content.decode()
    assert "đã ghi <strong>2500/10000</strong> dòng thay đổi (25 %)" in html
    assert '<progress max="100" value="25">' in html


def test_an_import_that_died_with_its_process_says_nothing_was_written(official_client, official_a):
    from datetime import timedelta

    from django.utils import timezone

    run = ImportRun.objects.create(
        user=official_a,
        kind="statuses",
        file_name="lon.xlsx",
        state=State.RUNNING,
        started_at=timezone.now() - timedelta(hours=2),
    )
    response = official_client.get(run.get_absolute_url())

    assert "Refresh" not in response
    assert "không dòng nào được nhập" in response.content.decode()


def test_another_users_run_is_not_found(client, official_a, district_officer):
    run = ImportRun.objects.create(
        user=official_a, kind="statuses", file_name="x.xlsx", state=State.CHECKED
    )
    client.force_login(district_officer)
    assert client.get(run.get_absolute_url()).status_code == 404
    assert confirm(client, run).status_code == 404


# --- interrupted runs -----------------------------------------------------------------------


def _interrupted(client, settings, monkeypatch, content):
    """Confirm a file queued for the worker, the worker dying before it writes anything (the
    task stays in the database queue, never run), then let time pass: the run is left
    "running" with a heartbeat 10 minutes old."""
    from datetime import timedelta

    from django.utils import timezone

    run = upload(client, "statuses", content)
    assert run.state == State.CHECKED
    settings.IMPORTS_SYNC_ROWS = 0
    settings.TASKS = DATABASE_QUEUE  # queued; no worker runs it
    confirm(client, run)
    settings.TASKS = IMMEDIATE_QUEUE
    settings.IMPORTS_SYNC_ROWS = services.SYNC_ROWS_DEFAULT
    old = timezone.now() - timedelta(minutes=10)
    ImportRun.objects.filter(pk=run.pk).update(started_at=old, heartbeat_at=old)
    run.refresh_from_db()
    assert run.state == State.RUNNING and run.content  # the file is kept for a retry
    return run


def retry(client, run):
    return client.post(reverse("imports:import-retry", args=[run.pk]))


def test_an_interrupted_import_is_shown_failed_and_its_owner_imports_it_again_once(
    official_client, district, official_a, settings, monkeypatch
):
    code = district.cam_tan.code
    content = xlsx(STATUS_HEADERS, [code, 2023, "5", "Đạt", "", "Đã sửa"])
    run = _interrupted(official_client, settings, monkeypatch, content)

    response = official_client.get(run.get_absolute_url())

    assert "Refresh" not in response
    html = response.content.decode()
    assert "bị gián đoạn" in html and "không dòng nào được nhập" in html
    assert reverse("imports:import-retry", args=[run.pk]) in html
    listing = official_client.get(reverse("imports:import")).content.decode()
    assert "bị gián đoạn" in listing
    assert _status(district.cam_tan, 2023, "5").status == Status.NOT_MET

    response = retry(official_client, run)

    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert run.state == State.DONE and run.content == b"", run.errors
    five = _status(district.cam_tan, 2023, "5")
    assert (five.status, five.note, five.updated_by) == (Status.MET, "Đã sửa", official_a)
    assert five.changes.filter(action=StatusChange.Action.UPDATE).count() == 1

    before = snapshot()
    response = retry(official_client, run)  # a second click imports nothing more

    assert "Lần nhập này không bị gián đoạn: không nhập lại được." in [
        m.message for m in response.wsgi_request._messages
    ]
    assert snapshot() == before


def test_a_running_import_with_a_recent_heartbeat_cannot_be_retried(
    official_client, district, settings, monkeypatch
):
    from django.utils import timezone

    content = xlsx(STATUS_HEADERS, [district.cam_tan.code, 2023, "5", "Đạt", "", "Đã sửa"])
    run = _interrupted(official_client, settings, monkeypatch, content)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())  # alive elsewhere
    before = snapshot()

    assert official_client.get(run.get_absolute_url())["Refresh"] == "3"
    retry(official_client, run)

    run.refresh_from_db()
    assert run.state == State.RUNNING and snapshot() == before


def test_the_worker_thought_dead_cannot_write_once_the_run_is_retried(
    official_client, district, settings, monkeypatch
):
    content = xlsx(STATUS_HEADERS, [district.cam_tan.code, 2023, "5", "Đạt", "", "Đã sửa"])
    run = _interrupted(official_client, settings, monkeypatch, content)
    settings.IMPORTS_SYNC_ROWS = 0
    settings.TASKS = DATABASE_QUEUE
    retry(official_client, run)  # the new attempt is claimed; its task has not run yet
    run.refresh_from_db()
    assert run.attempt == 2

    slow = services.import_run_apply(run.pk, attempt=1)  # the first worker was only slow

    assert slow.state == State.RUNNING
    assert _status(district.cam_tan, 2023, "5").status == Status.NOT_MET  # rolled back
    done = services.import_run_apply(run.pk, attempt=2)
    assert done.state == State.DONE
    five = _status(district.cam_tan, 2023, "5")
    assert five.status == Status.MET
    assert five.changes.filter(action=StatusChange.Action.UPDATE).count() == 1


def test_a_retry_is_for_the_owner_only(client, official_a, district_officer, settings):
    run = ImportRun.objects.create(
        user=official_a, kind="statuses", file_name="x.xlsx", state=State.RUNNING
    )
    client.force_login(district_officer)
    assert retry(client, run).status_code == 404
    assert client.get(reverse("imports:import-retry", args=[run.pk])).status_code == 405


def test_the_heartbeat_is_recorded_for_the_running_attempt_only(official_a):
    from datetime import timedelta

    from django.utils import timezone

    old = timezone.now() - timedelta(hours=1)
    run = ImportRun.objects.create(
        user=official_a,
        kind="statuses",
        file_name="lon.xlsx",
        state=State.RUNNING,
        attempt=2,
        started_at=old,
        heartbeat_at=old,
    )
    assert run.is_interrupted

    assert not services.beat(run.pk, attempt=1)  # a superseded worker
    run.refresh_from_db()
    assert run.heartbeat_at == old

    assert services.beat(run.pk, attempt=2)
    run.refresh_from_db()
    assert run.heartbeat_at > old and not run.is_interrupted

    ImportRun.objects.filter(pk=run.pk).update(state=State.DONE)
    assert not services.beat(run.pk, attempt=2)


def test_the_heartbeat_beats_while_the_import_runs_and_stops_after(monkeypatch, settings):
    import threading

    beats = []
    beaten = threading.Event()

    def fake_beat(run_id, attempt, *progress):
        beats.append((run_id, attempt))
        beaten.set()
        return True

    monkeypatch.setattr(services, "beat", fake_beat)
    settings.IMPORTS_HEARTBEAT_SECONDS = 0.01
    with services.heartbeat(41, 3):
        assert beaten.wait(5)
    count = len(beats)
    threading.Event().wait(0.05)
    assert len(beats) == count and set(beats) == {(41, 3)}


def test_a_demo_like_year_exported_then_imported_into_a_database_without_it_has_no_error(
    official_client, commune_a, f318, official_a
):
    """As in the demo's years, the commune judged every indicator with a note, those with a
    numeric bar too, without a measured value. Its own export, imported where the year is not
    open (a new server, a year removed), opens the year and writes every row back as it was."""
    year = criteria_services.assessment_open(
        commune=commune_a, framework=f318, year=2023, actor=official_a
    )
    year.statuses.update(status=Status.MET, note="Đạt theo kết quả rà soát của xã năm 2023.")
    year.statuses.filter(indicator__code="17.3").update(
        status=Status.NOT_MET, note="Còn tồn đọng nước thải sinh hoạt."
    )
    criteria_services.assessment_recount(year)
    automatic = [
        s.indicator.code
        for s in year.statuses.select_related("indicator", "assessment__commune")
        if rules.is_automatic(selectors.threshold_for_status(s))
    ]
    assert len(automatic) >= 5  # 2.1, 3.1, 6.3, 17.2 …: judged by the commune, no value
    content = official_client.get(
        reverse("imports:data-export") + f"?kind=statuses&unit={commune_a.pk}"
    ).content

    def rows():
        return sorted(
            IndicatorStatus.objects.filter(assessment__commune=commune_a).values_list(
                "indicator__code", "status", "value", "note"
            )
        )

    before = rows()
    year.delete()

    run = upload(official_client, "statuses", content)

    assert (run.state, run.errors) == (State.CHECKED, [])
    assert run.rows == 56
    confirm(official_client, run)
    run.refresh_from_db()
    assert run.state == State.DONE, run.errors[:3]
    assert rows() == before
    assert Assessment.objects.get(commune=commune_a, year=2023).met_count == 18


def test_a_target_note_over_its_bound_is_refused_at_the_check_under_its_own_column(
    client, district, district_officer
):
    headers = TargetResource.COLUMNS
    row = [district.cam_due.code, "", 2024, "Đạt chuẩn NTM", "5", "", "", "x" * 1001]
    client.force_login(district_officer)
    run = upload(client, "targets", xlsx(headers, row))
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "Ghi chú")]
    assert "tối đa 1.000 ký tự" in run.errors[0]["message"]
    assert not Target.objects.filter(unit=district.cam_due, year=2024).exists()


def test_a_large_file_is_queued_in_the_database_and_the_task_applies_it(
    official_client, district, settings
):
    from django_tasks_db.models import DBTaskResult

    from imports.tasks import apply_run

    code = district.cam_tan.code
    run = upload(
        official_client, "statuses", xlsx(STATUS_HEADERS, [code, 2023, "5", "Đạt", "", "Xếp hàng"])
    )
    settings.IMPORTS_SYNC_ROWS = 0
    settings.TASKS = DATABASE_QUEUE
    before = snapshot()

    confirm(official_client, run)

    run.refresh_from_db()
    assert run.state == State.RUNNING and run.attempt == 1 and snapshot() == before
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "imports.tasks.apply_run" and queued.status == "READY"
    assert queued.args_kwargs == {"args": [run.pk, 1], "kwargs": {}}
    assert official_client.get(run.get_absolute_url())["Refresh"] == "3"

    assert apply_run.call(run.pk, 1) == State.DONE  # what the worker runs
    run.refresh_from_db()
    assert run.state == State.DONE and run.content == b""
    assert _status(district.cam_tan, 2023, "5").note == "Xếp hàng"
    written = snapshot()
    assert apply_run.call(run.pk, 1) == State.DONE  # a second delivery writes nothing more
    assert snapshot() == written
