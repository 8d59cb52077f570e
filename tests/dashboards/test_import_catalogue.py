"""The criteria catalogue's workbooks through the Excel import pipeline: a criteria set
(pre-filled template → indicators typed → checked → confirmed → written through
criteria.authoring), commune groups and mappings. Every bad row is listed and nothing is
written; rights are those of the framework pages; hostile files give a Vietnamese error."""

import io
from datetime import date
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from criteria import authoring, workbook
from criteria.authoring import Bar
from criteria.models import (
    Criterion,
    Framework,
    FrameworkChange,
    FrameworkMapping,
    Indicator,
    IndicatorMapping,
    Threshold,
    UnitCategory,
)
from imports import registry as importing
from imports.models import ImportRun
from tests import factories
from units.access import import_kinds

State = ImportRun.State
Kind = ImportRun.Kind
pytestmark = pytest.mark.django_db
BASIS = "Căn cứ của lần nhập này"


def upload(client, kind, content, name="bo-tieu-chi.xlsx"):
    response = client.post(
        reverse("imports:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )
    if response.status_code != 302:
        return response
    return ImportRun.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def confirm(client, run):
    response = client.post(reverse("imports:import-confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def counts():
    return (
        Framework.objects.count(),
        Criterion.objects.count(),
        Indicator.objects.count(),
        Threshold.objects.count(),
        FrameworkChange.objects.count(),
        UnitCategory.objects.count(),
        FrameworkMapping.objects.count(),
        IndicatorMapping.objects.count(),
    )


def edit(content: bytes, *, fields=None, rows=None) -> bytes:
    """Set fields of "Bộ tiêu chí" ({label: value}) and append rows ({sheet: [row, …]})."""
    book = load_workbook(io.BytesIO(content))
    if fields:
        ws = book[workbook.FRAMEWORK_SHEET]
        where = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
        for label, value in fields.items():
            ws.cell(row=where[label], column=2).value = value
    for title, new_rows in (rows or {}).items():
        for row in new_rows:
            book[title].append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet(title, headers, *rows) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def national_client(client, national_office):
    client.force_login(national_office)
    return client


@pytest.fixture
def own_set(province, province_office_a):
    """Province A's own set (draft), keyed by commune groups."""
    actor = province_office_a
    framework = authoring.framework_create(
        actor=actor, key="ht_nhom", province=province, name="Bộ tiêu chí xã NTM Hà Tĩnh (thử)",
        level="xa_ntm", period_start=2026, period_end=2030, category_kind="group",
    )  # fmt: skip
    authoring.category_add(framework=framework, actor=actor, key="nhom1", name="Xã nhóm 1")
    authoring.category_add(framework=framework, actor=actor, key="nhom2", name="Xã nhóm 2")
    criterion = authoring.criterion_add(framework=framework, actor=actor, number=1, name="Đường")
    authoring.indicator_add(
        framework=framework, actor=actor, criterion=criterion, code="1.1", name="Nhựa hóa",
        kind="numeric", unit="%", bars={"nhom1": Bar(Decimal("90")), "nhom2": Bar(Decimal("70"))},
    )  # fmt: skip
    return framework


# --- the set ---------------------------------------------------------------------------------


def test_the_national_office_fills_two_indicators_of_51_2025_and_imports_them(
    national_client, national_office, f51
):
    page = national_client.get(reverse("imports:import"))
    link = reverse("imports:import-template", args=["framework"]) + "?bo=xa_ntm_2026_2030"
    assert link in page.content.decode()
    template = national_client.get(link)
    assert template["Content-Disposition"].endswith('xa_ntm_2026_2030.xlsx"')
    assert len(list(load_workbook(io.BytesIO(template.content))["Tiêu chí"].values)) == 1 + 10
    content = edit(
        template.content,
        fields={BASIS: "Phụ lục I, Quyết định 51/2025/QĐ-TTg (số liệu minh họa)"},
        rows={
            "Chỉ tiêu": [
                [
                    "2.1",
                    2,
                    "Tỷ lệ đường xã được cứng hóa (minh họa)",
                    "%",
                    "Số đo",
                    "≥",
                    100,
                    95,
                    "85,5",
                    None,
                    "Theo biên bản nghiệm thu",
                ],  # fmt: skip
                [
                    "8.1",
                    8,
                    "Cảnh quan sáng – xanh – sạch (minh họa)",
                    None,
                    "Đạt/không đạt",
                    None,
                    None,
                    None,
                    None,
                    "Đạt",
                    None,
                ],  # fmt: skip
            ]
        },
    )

    run = upload(national_client, "framework", content)
    assert run.state == State.CHECKED, run.errors
    assert (run.rows, run.created, run.changed, run.unchanged) == (16, 2, 0, 14)
    assert run.summary == (
        "Sẽ nhập 16 dòng: thêm 2 mục của bộ tiêu chí (tiêu chí, chỉ tiêu, vùng/nhóm…), sửa 0, "
        "14 dòng không đổi."
    )
    assert [p["row"] for p in run.preview] == [2, 3]
    assert Indicator.objects.filter(framework=f51).count() == 0  # checked: nothing written

    run = confirm(national_client, run)
    assert run.state == State.DONE, run.errors
    assert run.content == b""
    measured = Indicator.objects.get(framework=f51, code="2.1")
    assert (measured.kind, measured.unit, measured.criterion.number) == ("numeric", "%", 2)
    assert measured.guidance == "Theo biên bản nghiệm thu"
    assert sorted(measured.thresholds.values_list("category", "value")) == [
        ("nhom1", Decimal("100")),
        ("nhom2", Decimal("95")),
        ("nhom3", Decimal("85.5")),
    ]
    judged = Indicator.objects.get(framework=f51, code="8.1")
    assert list(judged.thresholds.values_list("category", "text")) == [("", "Đạt")]
    added = f51.changes.filter(action=FrameworkChange.Action.ADDED)
    assert set(added.values_list("target", flat=True)) == {"chỉ tiêu 2.1", "chỉ tiêu 8.1"}
    assert set(added.values_list("legal_basis", flat=True)) == {
        "Phụ lục I, Quyết định 51/2025/QĐ-TTg (số liệu minh họa)"
    }
    imported = f51.changes.get(action=FrameworkChange.Action.IMPORTED)
    assert (imported.actor, imported.new_value) == (
        national_office,
        "Nhập từ Excel: bo-tieu-chi.xlsx",
    )

    again = upload(national_client, "framework", content)
    assert again.state == State.DONE  # the same file again: nothing to write
    assert again.summary == "Tệp không thay đổi gì so với dữ liệu hiện có: không có gì để nhập."


def test_every_bad_row_is_listed_and_nothing_is_written(national_client, f51):
    content = edit(
        workbook.framework_template_xlsx(f51),
        rows={
            "Tiêu chí": [["mười một", "Thêm"]],
            "Chỉ tiêu": [
                ["2.1", 2, "Đúng", "%", "Số đo", ">=", 90, 80, 70, None],  # row 2: good
                ["2.1", 2, "Trùng mã", "%", "Số đo", ">=", 90, 80, 70, None],  # 3
                ["2.2", 12, "Không có tiêu chí 12", "%", "Số đo", ">=", 1, 1, 1, None],  # 4
                [
                    "2.3",
                    2,
                    "So sánh không hợp",
                    None,
                    "dat/khong dat",
                    "<=",
                    None,
                    None,
                    None,
                    "Đạt",
                ],  # 5  # fmt: skip
                ["2.4", 2, "Ngưỡng quá 100 %", "%", "Số đo", ">=", 101, 1, 1, None],  # 6
                ["2.5", 2, "Loại lạ", "%", "Tỷ lệ", ">=", None, None, None, None],  # 7
            ],
        },
    )
    before = counts()
    run = upload(national_client, "framework", content)

    assert run.state == State.REFUSED
    assert run.summary == f"Tệp có {len(run.errors)} lỗi: không nhập dòng nào."
    assert [(e["row"], e["column"]) for e in run.errors] == [
        (16, "Bộ tiêu chí: Căn cứ của lần nhập này"),  # a published set: the basis is required
        (12, "Tiêu chí: Số"),
        (3, "Chỉ tiêu: Mã"),
        (4, "Chỉ tiêu: Số tiêu chí"),
        (5, "Chỉ tiêu: So sánh"),
        (6, "Chỉ tiêu: Ngưỡng nhom1"),
        (7, "Chỉ tiêu: Loại"),
    ]
    messages = {(e["row"], e["column"]): e["message"] for e in run.errors}
    assert messages[(3, "Chỉ tiêu: Mã")] == "Trùng với dòng 2: cùng mã chỉ tiêu 2.1."
    assert messages[(4, "Chỉ tiêu: Số tiêu chí")].startswith("Không có tiêu chí số 12")
    assert "không có phép so sánh" in messages[(5, "Chỉ tiêu: So sánh")]
    assert run.content == b""
    assert counts() == before
    page = national_client.get(run.get_absolute_url())
    assert "Trùng với dòng 2: cùng mã chỉ tiêu 2.1." in page.content.decode()


def test_a_draft_is_published_only_when_every_criterion_has_an_indicator(
    client, province_office_a, own_set
):
    client.force_login(province_office_a)
    authoring.criterion_add(framework=own_set, actor=province_office_a, number=2, name="Nước")
    content = edit(workbook.framework_export_xlsx(own_set), fields={"Ban hành ngay": "có"})
    run = upload(client, "framework", content)
    assert run.state == State.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [(3, "Tiêu chí: Số")]
    assert "Tiêu chí số 2 chưa có chỉ tiêu nào" in run.errors[0]["message"]

    content = edit(content, rows={"Chỉ tiêu": [["2.1", 2, "Nước sạch", "%", "so do", "", 60, 50]]})
    run = upload(client, "framework", content)
    assert run.state == State.CHECKED, run.errors
    assert {p["action"] for p in run.preview} == {"Thêm mới", "Ban hành"}
    assert confirm(client, run).state == State.DONE
    own_set.refresh_from_db()
    assert own_set.is_published
    assert own_set.changes.filter(action=FrameworkChange.Action.PUBLISHED).exists()


def test_exporting_a_set_and_importing_it_back_changes_nothing(client, province_office_a, own_set):
    client.force_login(province_office_a)
    authoring.framework_publish(framework=own_set, actor=province_office_a)
    before = counts()
    run = upload(client, "framework", workbook.framework_export_xlsx(own_set))
    assert run.state == State.DONE, run.errors
    assert (run.rows, run.unchanged) == (1 + 2 + 1 + 1, 5)
    assert run.summary == "Tệp không thay đổi gì so với dữ liệu hiện có: không có gì để nhập."
    assert counts() == before


def test_a_service_refusing_a_row_while_writing_rolls_everything_back(
    national_client, f51, monkeypatch
):
    content = edit(
        workbook.framework_template_xlsx(f51),
        fields={BASIS: "Phụ lục I"},
        rows={
            "Chỉ tiêu": [
                ["2.1", 2, "A", "%", "Số đo", ">=", 1, 1, 1, None],
                ["2.2", 2, "B", "%", "Số đo", ">=", 1, 1, 1, None],
            ]
        },
    )
    run = upload(national_client, "framework", content)
    assert run.state == State.CHECKED
    add = authoring.indicator_add

    def refuse_the_second(**kwargs):
        if kwargs["code"] == "2.2":
            raise ValidationError({"unit": "Đơn vị không dùng được."})
        return add(**kwargs)

    monkeypatch.setattr(authoring, "indicator_add", refuse_the_second)
    before = counts()
    run = confirm(national_client, run)
    assert run.state == State.FAILED
    assert run.errors == [
        {"row": 3, "column": "Chỉ tiêu: Đơn vị tính", "message": "Đơn vị không dùng được."}
    ]
    assert counts() == before


# --- rights ----------------------------------------------------------------------------------


def test_a_province_office_cannot_import_into_another_provinces_set_or_a_national_one(
    client, province_office_a, province_office_b, own_set, f51, other_province
):
    before = counts()
    client.force_login(province_office_b)
    run = upload(client, "framework", workbook.framework_export_xlsx(own_set))
    assert run.state == State.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "Bộ tiêu chí: Mã")]
    assert "bạn không được sửa bộ này" in run.errors[0]["message"]

    client.force_login(province_office_a)
    content = edit(
        workbook.framework_template_xlsx(f51),
        fields={BASIS: "Phụ lục I"},
        rows={"Chỉ tiêu": [["2.1", 2, "A", "%", "Số đo", ">=", 1, 1, 1, None]]},
    )
    run = upload(client, "framework", content)
    assert run.state == State.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [(2, "Bộ tiêu chí: Mã")]

    new = {"Mã": "ht_khac", "Tên": "Bộ mới", "Hạng công nhận": "Xã NTM", "Từ năm": 2026, "Đến năm": 2030}  # fmt: skip
    run = upload(client, "framework", edit(workbook.framework_template_xlsx(), fields=new))
    assert [(e["row"], e["column"]) for e in run.errors] == [(7, "Bộ tiêu chí: Tỉnh")]
    assert "chỉ Văn phòng Điều phối Trung ương" in run.errors[0]["message"]
    new["Tỉnh"] = other_province.code
    run = upload(client, "framework", edit(workbook.framework_template_xlsx(), fields=new))
    assert [e["message"] for e in run.errors] == ["Bạn chỉ tạo được bộ tiêu chí của tỉnh mình."]
    assert counts() == before


def test_who_imports_which_workbook(
    province_office_a, district_officer, official_a, national_office
):
    assert import_kinds(national_office) == [Kind.FRAMEWORK, Kind.COMMUNE_GROUPS, Kind.MAPPING]  # fmt: skip
    # a province's NTM office also keeps its province's register of recognition decisions, and
    # its units' figures (area, population …)
    assert import_kinds(province_office_a) == [Kind.FRAMEWORK, Kind.COMMUNE_GROUPS, Kind.MAPPING, Kind.RECOGNITIONS, Kind.UNIT_FACTS]  # fmt: skip
    # and the tasks of the units whose tasks they write (the commune's, the office's own)
    assert import_kinds(district_officer) == [Kind.TARGETS, Kind.COMMUNE_GROUPS, Kind.TASKS]
    assert import_kinds(official_a) == [Kind.STATUSES, Kind.TASKS]


def test_the_prefilled_templates_offered_are_those_of_the_sets_the_user_authors(
    client, province_office_a, province_office_b, own_set
):
    client.force_login(province_office_a)
    page = client.get(reverse("imports:import")).content.decode()
    assert "?bo=ht_nhom" in page and "?bo=xa_ntm_2026_2030" not in page
    url = reverse("imports:import-template", args=["framework"])
    response = client.get(url + "?bo=ht_nhom")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["Chỉ tiêu"].cell(1, 7).value == (
        "Ngưỡng nhom1"
    )
    assert client.get(url + "?bo=khong_co").status_code == 404
    client.force_login(province_office_b)
    assert client.get(url + "?bo=ht_nhom").status_code == 404  # another province's draft
    empty = client.get(reverse("imports:import-template", args=["groups"]))
    assert list(load_workbook(io.BytesIO(empty.content))["Nhóm xã"].values)[0][:3] == (
        "Mã xã",
        "Tên xã",
        "Bộ tiêu chí",
    )
    export = reverse("imports:data-export") + f"?kind=framework&unit={own_set.province_id}"
    assert client.get(export).status_code == 404  # no "current data" export of these kinds


# --- commune groups --------------------------------------------------------------------------

GROUP_HEADERS = ["Mã xã", "Tên xã", "Bộ tiêu chí", "Nhóm", "Căn cứ", "Áp dụng từ", "Đến hết"]


def test_the_groups_import_closes_the_previous_row(client, district_officer, commune_a, f51):
    client.force_login(district_officer)
    first = sheet(
        "Nhóm xã",
        GROUP_HEADERS,
        [commune_a.code, "Cẩm Tân", "xa_ntm_2026_2030", "nhom2", "QĐ 12/QĐ-UBND", "15/02/2026"],
    )
    run = upload(client, "groups", first, name="nhom-xa.xlsx")
    assert run.state == State.CHECKED, run.errors
    assert confirm(client, run).state == State.DONE
    second = sheet(
        "Nhóm xã",
        GROUP_HEADERS,
        [commune_a.code, "", "xa_ntm_2026_2030", "Xã nhóm 1", "QĐ 40/QĐ-UBND", "01/01/2027"],
    )
    run = upload(client, "groups", second, name="nhom-xa-2027.xlsx")
    assert (run.state, run.changed) == (State.CHECKED, 1)
    assert "(thay nhom2)" in run.preview[0]["text"]
    assert confirm(client, run).state == State.DONE
    rows = list(
        UnitCategory.objects.filter(unit=commune_a, framework=f51)
        .order_by("valid_from")
        .values_list("category", "valid_from", "valid_to", "basis", "recorded_by")
    )
    assert rows == [
        ("nhom2", date(2026, 2, 15), date(2026, 12, 31), "QĐ 12/QĐ-UBND", district_officer.pk),
        ("nhom1", date(2027, 1, 1), None, "QĐ 40/QĐ-UBND", district_officer.pk),
    ]
    assert upload(client, "groups", second).state == State.DONE  # the same again: no change


def test_the_groups_import_lists_every_bad_row(
    client, district_officer, commune_a, commune_b, f51, province, province_office_a
):
    no_groups = factories.authored_framework(actor=province_office_a, province=province)
    client.force_login(district_officer)
    content = sheet(
        "Nhóm xã",
        GROUP_HEADERS,
        [commune_b.code, "", "xa_ntm_2026_2030", "nhom1", "QĐ 1", "15/02/2026"],  # 2: not below
        [commune_a.code, "", "xa_ntm_2026_2030", "nhom7", "QĐ 1", "15/02/2026"],  # 3
        [commune_a.code, "", no_groups.key, "nhom1", "QĐ 1", "15/02/2026"],  # 4
        [commune_a.code, "", "xa_ntm_2021_2025", "btb", "", "31/02/2026"],  # 5
        ["khong-co", "", "xa_ntm_2026_2030", "nhom1", "QĐ 1", "15/02/2026", "01/01/2026"],  # 6
    )
    before = counts()
    run = upload(client, "groups", content)
    assert run.state == State.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [
        (2, "Nhóm xã: Mã xã"),
        (3, "Nhóm xã: Nhóm"),
        (4, "Nhóm xã: Bộ tiêu chí"),
        (5, "Nhóm xã: Căn cứ"),
        (5, "Nhóm xã: Áp dụng từ"),
        (6, "Nhóm xã: Mã xã"),
        (6, "Nhóm xã: Đến hết"),
    ]
    assert counts() == before


# --- mappings --------------------------------------------------------------------------------

MAP_HEADERS = ["Bộ tiêu chí cũ", "Mã chỉ tiêu cũ", "Bộ tiêu chí mới", "Mã chỉ tiêu mới", "Ghi chú"]


def test_the_mapping_import_refuses_an_indicator_of_another_framework(
    client, province_office_a, province, f318
):
    new_set = factories.authored_framework(actor=province_office_a, province=province)
    client.force_login(province_office_a)
    bad = sheet(
        "Chuyển đổi",
        MAP_HEADERS,
        ["xa_ntm_2021_2025", "17.1", "nc_ht", "1.1", "Cùng cách tính"],  # 2: good
        ["xa_ntm_2021_2025", "2.1", "nc_ht", "17.1"],  # 3: 17.1 is 318's
        ["xa_ntm_2021_2025", "17.2", "nc_ht", "1.1"],  # 4: 1.1 mapped twice
        ["xa_ntm_2021_2025", "2.1", "xa_ntm_2026_2030", "2.1"],  # 5: not the office's set
    )
    before = counts()
    run = upload(client, "mapping", bad, name="chuyen-doi.xlsx")
    assert run.state == State.REFUSED
    assert [(e["row"], e["column"]) for e in run.errors] == [
        (3, "Chuyển đổi: Mã chỉ tiêu mới"),
        (4, "Chuyển đổi: Mã chỉ tiêu mới"),
        (5, "Chuyển đổi: Bộ tiêu chí mới"),
    ]
    assert run.errors[0]["message"] == (
        "Chỉ tiêu “17.1” không thuộc bộ tiêu chí nc_ht (có trong xa_ntm_2021_2025)."
    )
    assert counts() == before

    good = sheet(
        "Chuyển đổi",
        MAP_HEADERS,
        ["xa_ntm_2021_2025", "17.1", "nc_ht", "1.1", "Cùng cách tính"],
        ["xa_ntm_2021_2025", "2.1", "nc_ht", "2.1"],
    )
    run = upload(client, "mapping", good)
    assert run.state == State.CHECKED, run.errors
    assert confirm(client, run).state == State.DONE
    mapping = FrameworkMapping.objects.get(source=f318, target=new_set)
    assert sorted(mapping.rows.values_list("source__code", "target__code", "note")) == [
        ("17.1", "1.1", "Cùng cách tính"),
        ("2.1", "2.1", ""),
    ]
    assert upload(client, "mapping", good).state == State.DONE  # unchanged


# --- hostile files ---------------------------------------------------------------------------


def test_hostile_files_give_a_vietnamese_error_never_a_500(national_client, national_office, f51):
    before = counts()
    huge = edit(
        workbook.framework_template_xlsx(f51),
        fields={BASIS: "Phụ lục I"},
        rows={"Chỉ tiêu": [["2.1", 2, "A", "%", "Số đo", ">=", 1, 1, 1, None, "x" * 30_000]]},
    )
    run = upload(national_client, "framework", huge)
    assert run.state == State.REFUSED
    assert run.errors == [
        {"row": 2, "column": "Chỉ tiêu: Hướng dẫn", "message": "Dài quá 20.000 ký tự (30.000)."}
    ]

    wrong = tablib.Dataset(["a", "b"], headers=["Trường", "Giá trị"], title="Sheet1")
    run = upload(national_client, "framework", wrong.export("xlsx"))
    assert run.state == State.REFUSED
    assert run.errors[0]["message"].startswith("Tệp không có sheet “Bộ tiêu chí”")
    run = upload(national_client, "groups", wrong.export("xlsx"))
    assert run.errors[0]["message"].startswith("Tệp không có sheet “Nhóm xã”")

    renamed = load_workbook(io.BytesIO(workbook.framework_template_xlsx(f51)))
    renamed["Chỉ tiêu"].delete_cols(1)  # no "Mã" column
    out = io.BytesIO()
    renamed.save(out)
    run = upload(national_client, "framework", out.getvalue())
    assert [(e["row"], e["column"]) for e in run.errors] == [(1, "Chỉ tiêu: Mã")]

    response = upload(national_client, "framework", b"%PDF-1.4 not a workbook", name="a.xlsx")
    assert response.status_code == 200
    assert "Tệp không phải Excel .xlsx hoặc bị hỏng." in response.content.decode()
    response = upload(national_client, "mapping", b"a,b\n1,2\n", name="a.csv")
    assert response.status_code == 200
    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()
    broken = importing.check(Kind.FRAMEWORK, national_office, b"PK\x03\x04 broken")
    assert broken.errors[0]["message"].startswith("Không đọc được tệp")
    assert counts() == before
