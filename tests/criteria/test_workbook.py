"""The framework workbook (criteria.workbook): templates pre-filled from a set, every bad row
listed with its sheet, row and column, export → import changing nothing, the catalogue YAML
round trip, and the services behind commune groups and mappings (criteria.authoring)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from criteria import authoring, transition, workbook
from criteria.authoring import Bar
from criteria.catalogue import catalogue_load
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
from tests import factories

pytestmark = pytest.mark.django_db
ILLUSTRATIVE = "minh họa – không phải số liệu chính thức"


def sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def filled(content: bytes, *, fields=None, rows=None, sheet_titles=None) -> bytes:
    """The workbook with fields of "Bộ tiêu chí" set ({label: value}) and rows appended
    ({sheet: [row, ...]}); sheet_titles renames sheets."""
    book = load_workbook(io.BytesIO(content))
    if fields:
        ws = book[workbook.FRAMEWORK_SHEET]
        where = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
        for label, value in fields.items():
            if label in where:
                ws.cell(row=where[label], column=2, value=value)
            else:
                ws.append([label, value])
    for title, new_rows in (rows or {}).items():
        for row in new_rows:
            book[title].append(list(row))
    for old, new in (sheet_titles or {}).items():
        book[old].title = new
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def group_set(province, province_office_a):
    """A province's own draft set keyed by commune groups: 2 criteria, nhom1/nhom2, one
    indicator with a bar per group and one judged in words."""
    actor = province_office_a
    framework = authoring.framework_create(
        actor=actor,
        key="ht_nhom",
        province=province,
        name="Bộ tiêu chí xã NTM tỉnh (thử, theo nhóm)",
        short_name="NTM tỉnh theo nhóm (thử)",
        level="xa_ntm",
        unit_kind="commune",
        decision_number="05/2026/QĐ-UBND",
        decision_date=date(2026, 3, 2),
        decision_body="UBND tỉnh",
        period_start=2026,
        period_end=2030,
        category_kind="group",
    )
    authoring.category_add(framework=framework, actor=actor, key="nhom1", name="Xã nhóm 1")
    authoring.category_add(framework=framework, actor=actor, key="nhom2", name="Xã nhóm 2")
    group = authoring.group_add(framework=framework, actor=actor, code="I", name="Hạ tầng")
    c1 = authoring.criterion_add(
        framework=framework, actor=actor, number=1, name="Giao thông", group=group
    )
    c2 = authoring.criterion_add(framework=framework, actor=actor, number=2, name="Môi trường")
    authoring.indicator_add(
        framework=framework, actor=actor, criterion=c1, code="1.1", name="Tỷ lệ đường nhựa hóa",
        kind="numeric", unit="%", bars={"nhom1": Bar(Decimal("90")), "nhom2": Bar(Decimal("72.5"))},
        guidance="Theo báo cáo của xã\ncó biên bản nghiệm thu",
    )  # fmt: skip
    authoring.indicator_add(
        framework=framework, actor=actor, criterion=c2, code="2.1", name="Cảnh quan xanh, sạch",
        kind="boolean", bars={"": Bar(None, "Đạt theo hướng dẫn của Sở")},
    )  # fmt: skip
    return framework


def counts():
    return (
        Framework.objects.count(),
        Criterion.objects.count(),
        Indicator.objects.count(),
        Threshold.objects.count(),
        FrameworkChange.objects.count(),
        UnitCategory.objects.count(),
        IndicatorMapping.objects.count(),
    )


# --- templates ---------------------------------------------------------------------------------


def test_the_template_of_51_2025_comes_with_its_10_criteria_and_3_commune_groups(f51):
    book = sheets(workbook.framework_template_xlsx(f51))

    assert list(book) == ["Bộ tiêu chí", "Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí", "Chỉ tiêu", "Hướng dẫn"]  # fmt: skip
    fields = dict(book["Bộ tiêu chí"][1:])
    assert fields["Mã"] == "xa_ntm_2026_2030"
    assert fields["Số quyết định"] == "51/2025/QĐ-TTg"
    assert fields["Ngày ban hành"] == "29/12/2025"
    assert fields["Ngưỡng phân theo"] == "Theo nhóm xã"
    assert fields["Căn cứ của lần nhập này"] is None
    assert [r[0] for r in book["Vùng-nhóm"][1:]] == ["nhom1", "nhom2", "nhom3"]
    criteria = book["Tiêu chí"][1:]
    assert len(criteria) == 10
    assert criteria[0][:2] == (1, "Quy hoạch")
    assert book["Chỉ tiêu"][0] == (
        "Mã", "Số tiêu chí", "Tên", "Đơn vị tính", "Loại", "So sánh",
        "Ngưỡng nhom1", "Ngưỡng nhom2", "Ngưỡng nhom3", "Ngưỡng chung", "Hướng dẫn",
    )  # fmt: skip
    assert len(book["Chỉ tiêu"]) == 1  # the indicators are left to type
    guide = " ".join(str(c) for row in book["Hướng dẫn"] for c in row if c)
    assert "cán bộ đánh giá" in guide
    assert "phụ lục của quyết định" in guide


def test_the_empty_template_has_every_sheet_and_only_the_common_threshold_column():
    book = sheets(workbook.framework_template_xlsx())
    assert [r[0] for r in book["Bộ tiêu chí"][1:]] == [label for label, _, _ in workbook.FIELDS]
    assert "Ngưỡng chung" in book["Chỉ tiêu"][0]
    assert all(len(book[s]) == 1 for s in ("Vùng-nhóm", "Nhóm tiêu chí", "Tiêu chí", "Chỉ tiêu"))


def test_a_prefilled_template_imported_as_it_is_changes_nothing(f51, national_office):
    result = workbook.framework_check(national_office, workbook.framework_template_xlsx(f51))
    assert result.errors == []
    assert result.plan == []
    assert (result.rows, result.unchanged) == (1 + 3 + 10, 14)


# --- checking --------------------------------------------------------------------------------


def test_filling_two_indicators_plans_two_additions_with_bars_per_group(f51, national_office):
    content = filled(
        workbook.framework_template_xlsx(f51),
        fields={"Căn cứ của lần nhập này": "Phụ lục I, 51/2025/QĐ-TTg"},
        rows={
            "Chỉ tiêu": [
                [
                    "2.1",
                    2,
                    "Tỷ lệ đường xã được cứng hóa (minh họa)",
                    "%",
                    "Số đo",
                    ">=",
                    100,
                    "95",
                    "85,5",
                    None,
                    "Theo hướng dẫn",
                ],  # fmt: skip
                [
                    "1.1",
                    1,
                    "Có quy hoạch chung xã (minh họa)",
                    None,
                    "dat/khong dat",
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
    result = workbook.framework_check(national_office, content)
    assert result.errors == []
    assert (result.created, result.changed, result.unchanged) == (2, 0, 14)
    added = [w for w in result.plan if isinstance(w, workbook._IndicatorAdd)]
    assert [(w.code, w.kind, w.comparator) for w in added] == [
        ("2.1", "numeric", ">="),
        ("1.1", "boolean", ">="),
    ]
    assert added[0].bars == {
        "nhom1": Bar(Decimal("100")),
        "nhom2": Bar(Decimal("95")),
        "nhom3": Bar(Decimal("85.5")),
    }
    assert added[1].bars == {"": Bar(None, "Đạt")}
    assert result.preview[0]["text"].startswith("Chỉ tiêu: chỉ tiêu 2.1")


def test_every_bad_row_is_listed_with_its_sheet_row_and_column(f51, national_office):
    content = filled(
        workbook.framework_template_xlsx(f51),
        fields={"Ban hành ngay": "chắc chắn"},
        rows={
            "Vùng-nhóm": [["nhom 4!", "Xã nhóm 4"]],
            "Tiêu chí": [["11", "Tiêu chí thêm", "IX"], ["abc", "Sai số"]],
            "Chỉ tiêu": [
                ["3.1", 3, "Thu nhập", "triệu đồng", "Số đo", "≥", 70, 60, 50, None],  # row 2
                ["3.1", 3, "Trùng mã", "%", "Số đo", ">=", 1, 1, 1, None],  # row 3: duplicate
                ["4.1", 4, "Ngưỡng sai", "%", "Số đo", ">=", 120, None, None, None],  # row 4
                ["5.1", 5, "Văn hóa", None, "Đạt/không đạt", "<=", None, None, None, None],  # 5
                ["6.1", 42, "Không có tiêu chí", "%", "Số đo", ">=", None, None, None, None],  # 6
                ["7.1", 7, "Loại lạ", "%", "Tỷ lệ", "lớn hơn", None, None, None, None],  # 7
                ["8.1", 8, "x" * 2001, "%", "Số đo", ">=", None, None, None, None],  # 8
                ["9.1", 9, "Số thiếu đơn vị", None, "so do", ">=", 5, None, None, None],  # 9
            ],
        },
    )
    before = counts()
    result = workbook.framework_check(national_office, content)

    found = {(e["row"], e["column"]) for e in result.errors}
    assert (15, "Bộ tiêu chí: Ban hành ngay") in found
    assert (5, "Vùng-nhóm: Khóa") in found
    assert (12, "Tiêu chí: Nhóm") in found
    assert (13, "Tiêu chí: Số") in found
    assert (3, "Chỉ tiêu: Mã") in found
    assert (4, "Chỉ tiêu: Ngưỡng nhom1") in found
    assert (5, "Chỉ tiêu: So sánh") in found
    assert (6, "Chỉ tiêu: Số tiêu chí") in found
    assert (7, "Chỉ tiêu: Loại") in found
    assert (7, "Chỉ tiêu: So sánh") in found
    assert (8, "Chỉ tiêu: Tên") in found
    assert (9, "Chỉ tiêu: Đơn vị tính") in found
    assert not any(e["row"] == 2 and e["column"].startswith("Chỉ tiêu") for e in result.errors)
    messages = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert messages[(3, "Chỉ tiêu: Mã")] == "Trùng với dòng 2: cùng mã chỉ tiêu 3.1."
    assert "tỷ lệ phải từ 0 đến 100" in messages[(4, "Chỉ tiêu: Ngưỡng nhom1")]
    assert "xxxx" not in messages[(8, "Chỉ tiêu: Tên")]  # a huge cell is never echoed
    assert result.plan == []
    assert counts() == before


def test_a_threshold_column_of_an_unknown_group_is_refused_on_the_rows_using_it(
    f51, national_office
):
    template = workbook.framework_template_xlsx(f51)
    book = load_workbook(io.BytesIO(filled(template, fields={"Căn cứ của lần nhập này": "PL I"})))
    ws = book["Chỉ tiêu"]
    ws.cell(row=1, column=12, value="Ngưỡng nhom9")
    ws.append(["2.1", 2, "Đường", "%", "Số đo", ">=", 90, 80, 70, None, None, 60])
    ws.append(["2.2", 2, "Cầu", "%", "Số đo", ">=", 90, 80, 70, None, None, None])
    out = io.BytesIO()
    book.save(out)
    result = workbook.framework_check(national_office, out.getvalue())
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "Chỉ tiêu: Ngưỡng nhom9")]
    assert "“nhom9” không phải vùng/nhóm xã" in result.errors[0]["message"]


def test_labels_are_read_with_or_without_diacritics_and_bars_with_their_sign(f51, national_office):
    content = filled(
        workbook.framework_template_xlsx(f51),
        fields={"Căn cứ của lần nhập này": "Phụ lục I"},
        rows={
            "Chỉ tiêu": [
                ["2.1", 2, "A", "%", "SO DO", "<=", "≤ 10 %", "12,5", 15, None],
                ["2.2", 2, "B", None, "muc do (can bo danh gia)", "", None, None, None, "Tốt"],
                ["2.3", 2, "C", "km", "numeric", "==", "3 km", 3, 3, None],
            ]
        },
    )
    result = workbook.framework_check(national_office, content)
    assert result.errors == []
    bars = {w.code: (w.kind, w.comparator, w.bars) for w in result.plan}
    assert bars["2.1"] == (
        "numeric",
        "<=",
        {"nhom1": Bar(Decimal("10")), "nhom2": Bar(Decimal("12.5")), "nhom3": Bar(Decimal("15"))},
    )
    assert bars["2.2"][:2] == ("level", ">=")
    assert bars["2.3"][2]["nhom1"] == Bar(Decimal("3"))


def test_a_sign_that_contradicts_the_comparator_is_refused(f51, national_office):
    content = filled(
        workbook.framework_template_xlsx(f51),
        fields={"Căn cứ của lần nhập này": "Phụ lục I"},
        rows={"Chỉ tiêu": [["2.1", 2, "A", "%", "Số đo", "≥", "≤ 10", 10, 10, None]]},
    )
    result = workbook.framework_check(national_office, content)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "Chỉ tiêu: Ngưỡng nhom1")]


def test_a_published_set_needs_the_legal_basis_of_the_change(f51, national_office):
    content = filled(
        workbook.framework_template_xlsx(f51),
        rows={"Chỉ tiêu": [["2.1", 2, "A", "%", "Số đo", ">=", 1, 1, 1, None]]},
    )
    result = workbook.framework_check(national_office, content)
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (16, "Bộ tiêu chí: Căn cứ của lần nhập này")
    ]


def test_publishing_a_new_set_needs_an_indicator_in_every_criterion(province, province_office_a):
    content = filled(
        workbook.framework_template_xlsx(),
        fields={
            "Mã": "ht_moi",
            "Tên": "Bộ tiêu chí thử",
            "Hạng công nhận": "Xa NTM",
            "Tỉnh": province.code,
            "Từ năm": 2026,
            "Đến năm": 2030,
            "Ban hành ngay": "có",
        },
        rows={
            "Tiêu chí": [[1, "Quy hoạch"], [2, "Giao thông"]],
            "Chỉ tiêu": [["1.1", 1, "Có quy hoạch", None, "Đạt/không đạt", None, "Đạt", None]],
        },
    )
    result = workbook.framework_check(province_office_a, content)
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "Tiêu chí: Số")]
    assert "Tiêu chí số 2 chưa có chỉ tiêu nào" in result.errors[0]["message"]


# --- applying ------------------------------------------------------------------------------


def test_a_new_set_is_created_as_a_draft_then_published_through_the_services(
    province, province_office_a
):
    content = filled(
        workbook.framework_template_xlsx(),
        fields={
            "Mã": "ht_moi",
            "Tên": "Bộ tiêu chí thử",
            "Hạng công nhận": "xa_ntm",
            "Tỉnh": province.code,
            "Ngày ban hành": "02/03/2026",
            "Từ năm": "2026",
            "Đến năm": 2030,
            "Ngưỡng phân theo": "theo nhom xa",
            "Ban hành ngay": "co",
            "Minh họa": "có",
        },
        rows={
            "Vùng-nhóm": [["nhom1", "Xã nhóm 1"], ["nhom2", "Xã nhóm 2", "Còn lại"]],
            "Nhóm tiêu chí": [["I", "Hạ tầng"]],
            "Tiêu chí": [[1, "Giao thông", "I"]],
        },
    )
    book = load_workbook(io.BytesIO(content))
    ws = book["Chỉ tiêu"]
    ws.delete_cols(7)  # the empty template's "Ngưỡng chung" …
    for column, header in enumerate(["Ngưỡng nhom1", "Ngưỡng nhom2", "Ngưỡng chung"], start=7):
        ws.cell(row=1, column=column, value=header)  # … becomes one column per group
    ws.cell(row=1, column=10, value="Hướng dẫn")
    ws.append(["1.1", 1, "Đường nhựa hóa", "%", "Số đo", ">=", 90, 70, None, None])
    out = io.BytesIO()
    book.save(out)

    result = workbook.framework_check(province_office_a, out.getvalue())
    assert result.errors == []
    framework = workbook.framework_apply(result.plan, actor=province_office_a, file_name="moi.xlsx")

    assert framework.is_published and framework.province == province
    assert framework.illustrative
    assert framework.decision_date == date(2026, 3, 2)
    indicator = Indicator.objects.get(framework=framework, code="1.1")
    assert {(t.category, t.value) for t in indicator.thresholds.all()} == {
        ("nhom1", Decimal("90")),
        ("nhom2", Decimal("70")),
    }
    assert indicator.criterion.group.code == "I"
    actions = list(framework.changes.order_by("pk").values_list("action", flat=True))
    assert actions[0] == "created" and actions[-2:] == ["published", "imported"]


def test_exporting_a_set_and_importing_it_back_changes_nothing(group_set, province_office_a):
    content = workbook.framework_export_xlsx(group_set)
    rows = sheets(content)["Chỉ tiêu"]
    assert rows[0][6:9] == ("Ngưỡng nhom1", "Ngưỡng nhom2", "Ngưỡng chung")
    assert rows[1][6:9] == (90, 72.5, None)
    assert rows[2][8] == "Đạt theo hướng dẫn của Sở"

    result = workbook.framework_check(province_office_a, content)
    assert result.errors == []
    assert result.plan == []
    assert (result.rows, result.unchanged) == (1 + 2 + 1 + 2 + 2, 8)


def test_corrections_of_a_published_set_go_through_the_services_with_the_basis(
    group_set, province_office_a
):
    authoring.framework_publish(framework=group_set, actor=province_office_a)
    book = load_workbook(io.BytesIO(workbook.framework_export_xlsx(group_set)))
    fields = book["Bộ tiêu chí"]
    fields.cell(row=16, column=2, value="QĐ 09/2026/QĐ-UBND đính chính")
    ws = book["Chỉ tiêu"]
    ws.cell(row=2, column=3, value="Tỷ lệ đường xã được nhựa hóa")  # name
    ws.cell(row=2, column=8, value=75)  # nhom2: 72,5 → 75
    ws.cell(row=3, column=5, value="Số đo")  # 2.1 becomes measured …
    ws.cell(row=3, column=4, value="%")
    ws.cell(row=3, column=9).value = None  # … its words bar is dropped …
    ws.cell(row=3, column=8, value=50)  # … for a number for nhom2
    out = io.BytesIO()
    book.save(out)

    result = workbook.framework_check(province_office_a, out.getvalue())
    assert result.errors == []
    assert result.changed == 2
    workbook.framework_apply(result.plan, actor=province_office_a, file_name="sua.xlsx")

    first = Indicator.objects.get(framework=group_set, code="1.1")
    assert first.name == "Tỷ lệ đường xã được nhựa hóa"
    assert first.thresholds.get(category="nhom2").value == Decimal("75")
    second = Indicator.objects.get(framework=group_set, code="2.1")
    assert (second.kind, second.unit) == ("numeric", "%")
    assert [(t.category, t.value) for t in second.thresholds.all()] == [("nhom2", Decimal("50"))]
    edits = group_set.changes.filter(action="edited")
    assert set(edits.values_list("legal_basis", flat=True)) == {"QĐ 09/2026/QĐ-UBND đính chính"}
    assert edits.filter(target="chỉ tiêu 1.1", field="ngưỡng nhom2").exists()


def picture(framework):
    """What a set holds: its categories, criteria, indicators and thresholds."""
    return (
        framework.name,
        framework.category_kind,
        list(framework.categories.order_by("order").values_list("key", "name")),
        list(framework.criteria.order_by("number").values_list("number", "name", "group__code")),
        list(
            Indicator.objects.filter(framework=framework)
            .order_by("order")
            .values_list(
                "code", "criterion__number", "name", "unit", "kind", "comparator", "guidance"
            )
        ),
        sorted(
            Threshold.objects.filter(indicator__framework=framework, province__isnull=True)
            .values_list("indicator__code", "category", "year", "value", "text")
            .order_by(),
            key=repr,
        ),
    )


def test_the_yaml_export_loads_back_through_the_catalogue_loader(group_set, tmp_path):
    text = workbook.framework_export_yaml(group_set)
    (tmp_path / "ht-nhom.yaml").write_text(text, encoding="utf-8")
    expected = picture(group_set)
    group_set.delete()
    report = catalogue_load(directory=tmp_path)

    loaded = Framework.objects.get(key="ht_nhom")
    assert picture(loaded) == expected
    assert loaded.decision_number == "05/2026/QĐ-UBND"
    assert report.counts[Indicator].created == 2


def test_a_catalogue_set_exported_as_yaml_loads_back_the_same(f318, tmp_path):
    (tmp_path / "318.yaml").write_text(workbook.framework_export_yaml(f318), encoding="utf-8")
    expected = picture(f318)
    f318.delete()
    catalogue_load(directory=tmp_path)
    assert picture(Framework.objects.get(key="xa_ntm_2021_2025")) == expected


# --- commune groups: unit_category_set -----------------------------------------------------


@pytest.fixture
def nhom_commune(district_a, f51):
    return factories.CommuneFactory(name="Cẩm Hưng", parent=district_a, region="btb", framework=f51)


def test_a_new_group_closes_the_row_in_force_and_the_same_group_changes_nothing(
    nhom_commune, f51, province_office_a
):
    first, _ = transition.unit_category_set(
        unit=nhom_commune, framework=f51, category="nhom2", basis="QĐ 1/2026",
        valid_from=date(2026, 2, 15), actor=province_office_a,
    )  # fmt: skip
    again, added = transition.unit_category_set(
        unit=nhom_commune, framework=f51, category="nhom2", basis="QĐ 2/2026",
        valid_from=date(2026, 6, 1), actor=province_office_a,
    )  # fmt: skip
    assert again == first and not added and UnitCategory.objects.count() == 1
    second, added = transition.unit_category_set(
        unit=nhom_commune, framework=f51, category="nhom1", basis="QĐ 3/2026",
        valid_from=date(2027, 1, 1), actor=province_office_a,
    )  # fmt: skip
    first.refresh_from_db()
    assert added and first.valid_to == date(2026, 12, 31)
    assert (second.category, second.valid_to, second.recorded_by) == (
        "nhom1",
        None,
        province_office_a,
    )
    with pytest.raises(ValidationError) as error:
        transition.unit_category_set(
            unit=nhom_commune, framework=f51, category="nhom3", basis="QĐ 4/2026",
            valid_from=date(2026, 12, 1), actor=province_office_a,
        )  # fmt: skip
    assert "valid_from" in error.value.message_dict


def test_unit_category_set_refuses_a_foreign_group_a_set_without_groups_and_other_communes(
    nhom_commune, f51, f318, province_office_b, province_office_a, district_officer, commune_b
):
    def call(**kw):
        args = {
            "unit": nhom_commune,
            "framework": f51,
            "category": "nhom1",
            "basis": "QĐ 1/2026",
            "valid_from": date(2026, 2, 15),
            "actor": province_office_a,
        }
        return transition.unit_category_set(**{**args, **kw})

    with pytest.raises(ValidationError) as error:
        call(category="tdmnpb")  # a region of 318, not a group of 51/2025
    assert "category" in error.value.message_dict
    new_set = factories.authored_framework(actor=province_office_a, province=nhom_commune.province)
    with pytest.raises(ValidationError) as error:
        call(framework=new_set)
    assert "framework" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        call(actor=province_office_b)  # another province's office
    with pytest.raises(PermissionDenied):
        call(unit=commune_b, actor=district_officer)  # not below this supervising office
    assert call(actor=district_officer)[0].category == "nhom1"  # below it: yes


# --- mappings: mapping_set -----------------------------------------------------------------


def test_mapping_set_writes_rows_and_refuses_foreign_indicators_and_double_targets(
    f318, province, province_office_a, province_office_b
):
    new_set = factories.authored_framework(actor=province_office_a, province=province)
    old = {i.code: i for i in Indicator.objects.filter(framework=f318)}
    new = {i.code: i for i in Indicator.objects.filter(framework=new_set)}

    mapping = transition.mapping_set(
        source=f318, target=new_set, rows=[(old["17.1"], new["1.1"], "cùng cách tính")],
        actor=province_office_a, basis="Hướng dẫn 1/2026",
    )  # fmt: skip
    transition.mapping_set(
        source=f318, target=new_set, rows=[(old["2.1"], new["2.1"]), (old["17.2"], new["1.1"])],
        actor=province_office_a,
    )  # fmt: skip
    assert sorted(mapping.rows.values_list("source__code", "target__code")) == [
        ("17.2", "1.1"),
        ("2.1", "2.1"),
    ]
    assert FrameworkMapping.objects.get().basis == "Hướng dẫn 1/2026"
    assert new_set.changes.filter(target__startswith="chuyển đổi từ").count() == 4

    with pytest.raises(ValidationError) as error:
        transition.mapping_set(
            source=f318, target=new_set, rows=[(new["1.2"], new["1.1"])], actor=province_office_a
        )
    assert "source" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        transition.mapping_set(
            source=f318, target=new_set, rows=[(old["1.1"], new["1.1"]), (old["1.2"], new["1.1"])],
            actor=province_office_a,
        )  # fmt: skip
    assert "target" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        transition.mapping_set(
            source=f318, target=new_set, rows=[(old["1.1"], new["1.2"])], actor=province_office_b
        )


@pytest.mark.parametrize(
    "key",
    ["xa_ntm_2016_2020", "xa_ntm_2021_2025", "xa_ntm_nang_cao_2021_2025", "huyen_ntm_2021_2025"],
)
def test_every_catalogue_set_exported_and_imported_back_changes_nothing(key, national_office):
    framework = Framework.objects.get(key=key)
    result = workbook.framework_check(national_office, workbook.framework_export_xlsx(framework))
    assert result.errors == []
    assert result.plan == []
    assert result.unchanged == result.rows > 10


def test_a_column_left_out_of_the_sheet_leaves_its_field_alone(group_set, province_office_a):
    Indicator.objects.filter(framework=group_set, code="1.1").update(comparator="<=")
    book = load_workbook(io.BytesIO(workbook.framework_export_xlsx(group_set)))
    book["Chỉ tiêu"].delete_cols(6)  # So sánh
    book["Chỉ tiêu"].delete_cols(4)  # Đơn vị tính
    out = io.BytesIO()
    book.save(out)
    result = workbook.framework_check(province_office_a, out.getvalue())
    assert result.errors == []
    assert result.plan == []
