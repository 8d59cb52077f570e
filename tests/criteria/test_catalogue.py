"""The national criteria catalogue: shipped YAML -> database, idempotently (criteria.catalogue)."""

from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.urls import reverse

from criteria.catalogue import CatalogueError, catalogue_load
from criteria.models import (
    Assessment,
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    Indicator,
    IndicatorStatus,
    StatusChange,
    Threshold,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _from_an_empty_catalogue(request):
    """Each test starts from an empty catalogue, even when the session set-up loaded one, or
    from the whole catalogue loaded into an empty one (`loaded`, made once for the module)."""
    if "loaded" not in request.fixturenames:
        request.getfixturevalue("empty_catalogue")


FILES = {
    "xa_ntm_2021_2025": "xa-ntm-2021-2025.yaml",
    "xa_ntm_nang_cao_2021_2025": "xa-ntm-nang-cao-2021-2025.yaml",
    "xa_ntm_2016_2020": "xa-ntm-2016-2020.yaml",
    "xa_ntm_2026_2030": "xa-ntm-2026-2030.yaml",
    "huyen_ntm_2021_2025": "huyen-ntm-2021-2025.yaml",
}
CATALOGUE_MODELS = [Framework, FrameworkCategory, CriterionGroup, Criterion, Indicator, Threshold]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CATALOGUE_MODELS}


def national(framework: str, code: str, category: str = "", year=None) -> Threshold:
    return Threshold.objects.get(
        indicator__framework__key=framework,
        indicator__code=code,
        province=None,
        category=category,
        year=year,
    )


def file_indicator_codes(doc: dict) -> list[str]:
    return [str(i["code"]) for c in doc["criteria"] for i in c.get("indicators") or []]


def edit_yaml(path, change) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def find_indicator(doc: dict, code: str) -> dict:
    return next(i for c in doc["criteria"] for i in c.get("indicators") or [] if i["code"] == code)


# -- what the shipped files produce --------------------------------------------------------


def test_318_has_19_criteria_in_5_groups_and_every_indicator_of_the_file(
    loaded, read_catalogue_file
):
    framework = Framework.objects.get(key="xa_ntm_2021_2025")
    doc = read_catalogue_file("xa-ntm-2021-2025.yaml")

    assert framework.criteria.count() == 19
    assert list(framework.groups.values_list("code", flat=True)) == ["I", "II", "III", "IV", "V"]
    assert not framework.criteria.filter(group=None).exists()
    assert framework.criteria.get(number=17).group.code == "IV"
    expected = file_indicator_codes(doc)
    assert len(expected) == 56  # the file models 56 of the official 57
    assert list(framework.indicators.values_list("code", flat=True)) == expected  # file order
    assert framework.category_kind == Framework.CategoryKind.REGION
    assert framework.short_name == "Xã NTM 2021–2025 (318/QĐ-TTg)"
    assert framework.decision_number == "318/QĐ-TTg"
    assert str(framework.decision_date) == "2022-03-08"
    assert list(framework.categories.values_list("key", flat=True)) == [
        r["key"] for r in doc["framework"]["regions"]
    ]


def test_indicator_order_puts_17_10_after_17_9(loaded):
    codes = list(
        Indicator.objects.filter(framework__key="xa_ntm_2021_2025", criterion__number=17)
        .order_by("order")
        .values_list("code", flat=True)
    )

    assert codes.index("17.10") == codes.index("17.9") + 1
    assert codes[-1] == "17.12"


@pytest.mark.parametrize("key", list(FILES))
def test_every_criterion_and_indicator_of_each_file_is_loaded(loaded, read_catalogue_file, key):
    doc = read_catalogue_file(FILES[key])
    framework = Framework.objects.get(key=key)

    assert sorted(framework.criteria.values_list("number", flat=True)) == sorted(
        c["number"] for c in doc["criteria"]
    )
    assert sorted(framework.indicators.values_list("code", flat=True)) == sorted(
        file_indicator_codes(doc)
    )


def test_1980_has_the_same_19_criteria_in_5_groups(loaded):
    framework = Framework.objects.get(key="xa_ntm_2016_2020")

    assert sorted(framework.criteria.values_list("number", flat=True)) == list(range(1, 20))
    assert framework.groups.count() == 5
    assert framework.short_name == "Xã NTM 2016–2020 (1980/QĐ-TTg)"
    assert str(framework.effective_date) == "2016-12-01"


def test_2026_2030_has_10_criteria_and_thresholds_by_commune_group(loaded):
    framework = Framework.objects.get(key="xa_ntm_2026_2030")

    assert framework.criteria.count() == 10
    assert framework.category_kind == Framework.CategoryKind.GROUP
    assert list(framework.categories.values_list("key", flat=True)) == ["nhom1", "nhom2", "nhom3"]
    assert "khu vực II" in framework.categories.get(key="nhom3").description
    assert not framework.indicators.exists()  # the 47 indicators are not captured yet
    assert framework.short_name == "Xã NTM 2026–2030 (51/2025/QĐ-TTg)"


def test_short_names_and_category_kinds_of_the_other_frameworks(loaded):
    nang_cao = Framework.objects.get(key="xa_ntm_nang_cao_2021_2025")
    huyen = Framework.objects.get(key="huyen_ntm_2021_2025")

    assert nang_cao.short_name == "Xã NTM nâng cao 2021–2025 (318/QĐ-TTg)"
    assert nang_cao.level == Framework.Level.XA_NTM_NANG_CAO
    assert huyen.short_name == "Huyện NTM 2021–2025 (320/QĐ-TTg)"
    assert huyen.category_kind == ""
    assert not huyen.categories.exists()


def test_regional_thresholds_differ_where_the_decision_says_so(loaded):
    assert national("xa_ntm_2016_2020", "10", "tdmnpb").value == Decimal("36")
    assert national("xa_ntm_2016_2020", "10", "dbsh").value == Decimal("50")
    assert national("xa_ntm_2016_2020", "5").value == Decimal("80")
    assert national("xa_ntm_2016_2020", "5", "dbscl").value == Decimal("70")
    assert national("xa_ntm_2016_2020", "15.3", "tn").value == Decimal("31.4")
    # 1980 indicator 5 has no value for the other regions: they fall back to "chung"
    assert not Threshold.objects.filter(
        indicator__framework__key="xa_ntm_2016_2020", indicator__code="5", category="dbsh"
    ).exists()


def test_null_threshold_in_the_file_yields_no_row(loaded, read_catalogue_file):
    doc = read_catalogue_file("xa-ntm-2021-2025.yaml")
    assert find_indicator(doc, "17.1")["thresholds"] is None

    assert not Threshold.objects.filter(
        indicator__framework__key="xa_ntm_2021_2025", indicator__code="17.1"
    ).exists()
    # income by year: every year is null today, so no row either
    assert not Threshold.objects.filter(
        indicator__framework__key="xa_ntm_2021_2025", indicator__code="10"
    ).exists()
    assert "17.1" in loaded.missing_thresholds["xa_ntm_2021_2025"]


def test_text_thresholds_are_stored_as_text_for_the_official(loaded):
    dat = national("xa_ntm_2021_2025", "8.1")
    khong = national("xa_ntm_2021_2025", "9.1")
    water = national("xa_ntm_2016_2020", "17.1", "tdmnpb")
    school_dbscl = national("xa_ntm_2021_2025", "5", "dbscl")
    school_tdmnpb = national("xa_ntm_2021_2025", "5", "tdmnpb")

    assert (dat.value, dat.text) == (None, "Đạt")
    assert (khong.value, khong.text) == (None, "Không có nhà tạm, dột nát")
    assert (water.value, water.text) == (None, "Hợp vệ sinh ≥ 90 %, trong đó nước sạch ≥ 50 %")
    # "như tdmnpb" is resolved to the TDMNPB text
    assert school_dbscl.value is None
    assert school_dbscl.text == school_tdmnpb.text
    assert school_dbscl.text.startswith("100% đạt tiêu chuẩn cơ sở vật chất tối thiểu")


# -- idempotence ---------------------------------------------------------------------------


def test_loading_twice_creates_updates_and_deletes_nothing(loaded, catalogue_dir):
    before = row_counts()

    second = catalogue_load(directory=catalogue_dir)

    assert loaded.total.created == sum(before.values())
    assert (second.total.created, second.total.updated, second.total.deleted) == (0, 0, 0)
    assert second.total.unchanged == sum(before.values())
    assert not second.changed
    assert row_counts() == before


def test_changed_value_in_the_file_is_updated_once(db, editable_catalogue):
    path = editable_catalogue("xa-ntm-2016-2020.yaml")
    catalogue_load(directory=path.parent)
    edit_yaml(path, lambda doc: find_indicator(doc, "12")["thresholds"].update(common=95))

    report = catalogue_load(directory=path.parent)
    again = catalogue_load(directory=path.parent)

    assert report.counts[Threshold].updated == 1
    assert report.total.updated == 1
    assert national("xa_ntm_2016_2020", "12").value == Decimal("95")
    assert again.total.updated == 0


def test_national_threshold_gone_from_the_file_is_deleted(db, editable_catalogue):
    path = editable_catalogue("xa-ntm-2016-2020.yaml")
    catalogue_load(directory=path.parent)
    edit_yaml(path, lambda doc: find_indicator(doc, "5")["thresholds"].pop("dbscl"))

    report = catalogue_load(directory=path.parent)

    assert report.counts[Threshold].deleted == 1
    assert not Threshold.objects.filter(indicator__code="5", category="dbscl").exists()
    assert national("xa_ntm_2016_2020", "5").value == Decimal("80")


def test_provincial_threshold_survives_a_reload_untouched(loaded, catalogue_dir, ha_tinh):
    indicator = Indicator.objects.get(framework__key="xa_ntm_2021_2025", code="2.2")
    provincial = Threshold.objects.create(
        indicator=indicator,
        province=ha_tinh,
        category="",
        value=Decimal("85"),
        decision="Quyết định của UBND tỉnh Hà Tĩnh",
        note="Ngưỡng riêng của tỉnh",
    )

    report = catalogue_load(directory=catalogue_dir)

    provincial.refresh_from_db()
    assert provincial.value == Decimal("85")
    assert provincial.province == ha_tinh
    assert provincial.note == "Ngưỡng riêng của tỉnh"
    assert report.total.deleted == 0
    assert Threshold.objects.filter(province=ha_tinh).count() == 1


def test_assessment_and_status_survive_a_reload(loaded, catalogue_dir, cam_binh):
    framework = Framework.objects.get(key="xa_ntm_2021_2025")
    assessment = Assessment.objects.create(commune=cam_binh, framework=framework, year=2024)
    status = IndicatorStatus.objects.create(
        assessment=assessment,
        indicator=framework.indicators.get(code="17.1"),
        status=IndicatorStatus.Status.MET,
        value=Decimal("97.5"),
    )

    catalogue_load(directory=catalogue_dir)

    status.refresh_from_db()
    assert status.status == IndicatorStatus.Status.MET
    assert status.value == Decimal("97.5")
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_indicator_gone_from_the_file_is_deleted_unless_a_status_uses_it(
    db, editable_catalogue, cam_binh, ha_tinh
):
    path = editable_catalogue("xa-ntm-2021-2025.yaml")
    catalogue_load(directory=path.parent)
    framework = Framework.objects.get(key="xa_ntm_2021_2025")
    used = framework.indicators.get(code="17.12")
    assessment = Assessment.objects.create(commune=cam_binh, framework=framework, year=2024)
    IndicatorStatus.objects.create(assessment=assessment, indicator=used)
    provincial_only = framework.indicators.get(code="17.2")
    Threshold.objects.create(indicator=provincial_only, province=ha_tinh, value=Decimal("100"))

    def drop(doc):
        criterion = next(c for c in doc["criteria"] if c["number"] == 17)
        criterion["indicators"] = [
            i for i in criterion["indicators"] if i["code"] not in {"17.2", "17.11", "17.12"}
        ]

    edit_yaml(path, drop)
    report = catalogue_load(directory=path.parent)

    codes = set(framework.indicators.values_list("code", flat=True))
    assert "17.11" not in codes  # unreferenced: deleted
    assert {"17.12", "17.2"} <= codes  # used by a status / a provincial threshold: kept
    assert report.counts[Indicator].deleted == 1
    assert any("17.12" in line for line in report.obsolete)
    assert any("17.2" in line for line in report.obsolete)
    assert IndicatorStatus.objects.filter(indicator=used).exists()
    assert Threshold.objects.filter(indicator=provincial_only, province=ha_tinh).exists()


def test_criterion_gone_from_the_file_is_deleted_with_its_indicators(db, editable_catalogue):
    path = editable_catalogue("xa-ntm-2016-2020.yaml")
    catalogue_load(directory=path.parent)
    edit_yaml(path, lambda doc: doc["criteria"].pop())  # criterion 19, indicators 19.1 and 19.2

    report = catalogue_load(directory=path.parent)

    framework = Framework.objects.get(key="xa_ntm_2016_2020")
    assert not framework.criteria.filter(number=19).exists()
    assert not framework.indicators.filter(code__startswith="19.").exists()
    assert report.counts[Criterion].deleted == 1
    assert report.counts[Indicator].deleted == 2
    assert report.counts[Threshold].deleted == 2


def test_dry_run_reports_but_writes_nothing(db, catalogue_dir):
    report = catalogue_load(directory=catalogue_dir, dry_run=True)

    assert report.counts[Framework].created == 5
    assert set(row_counts().values()) == {0}


def test_unknown_threshold_column_is_refused_before_anything_is_written(db, editable_catalogue):
    path = editable_catalogue("xa-ntm-2016-2020.yaml")
    edit_yaml(path, lambda doc: find_indicator(doc, "5")["thresholds"].update(mien_tay=60))

    with pytest.raises(CatalogueError, match="mien_tay"):
        catalogue_load(directory=path.parent)

    assert set(row_counts().values()) == {0}


# -- the management command ----------------------------------------------------------------


def test_load_criteria_command_prints_a_summary(db, catalogue_dir):
    out = StringIO()

    call_command("load_criteria", "--dir", str(catalogue_dir), stdout=out)

    text = out.getvalue()
    assert "Bộ tiêu chí: tạo mới 5, cập nhật 0, giữ nguyên 0, xóa 0" in text
    assert "xa_ntm_2021_2025 – Xã NTM 2021–2025 (318/QĐ-TTg): 19 tiêu chí, 56 chỉ tiêu" in text
    assert Framework.objects.count() == 5


def test_load_criteria_command_uses_the_settings_directory_by_default(db):
    out = StringIO()

    call_command("load_criteria", stdout=out)
    call_command("load_criteria", stdout=out)

    assert "Tổng: tạo mới 0, cập nhật 0," in out.getvalue()
    assert "không có gì thay đổi" in out.getvalue()


def test_load_criteria_dry_run_writes_nothing(db, catalogue_dir):
    out = StringIO()

    call_command("load_criteria", "--dir", str(catalogue_dir), "--dry-run", stdout=out)

    assert "Bộ tiêu chí: tạo mới 5" in out.getvalue()
    assert "--dry-run" in out.getvalue()
    assert set(row_counts().values()) == {0}


def test_load_criteria_refuses_a_missing_directory(db, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy thư mục"):
        call_command("load_criteria", "--dir", str(tmp_path / "khong-co"), stdout=StringIO())


def test_load_criteria_refuses_a_broken_yaml_file(db, tmp_path):
    (tmp_path / "hong.yaml").write_text("framework: [khong dong ngoac\n", encoding="utf-8")

    with pytest.raises(CommandError, match="hong.yaml: lỗi cú pháp YAML"):
        call_command("load_criteria", "--dir", str(tmp_path), stdout=StringIO())

    assert Framework.objects.count() == 0


# -- admin ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        Framework,
        Criterion,
        Indicator,
        Threshold,
        Assessment,
        IndicatorStatus,
        StatusChange,
    ],
)
def test_catalogue_admin_pages_open(loaded, admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    assert admin_client.get(changelist).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200


def test_threshold_admin_filters_provincial_rows(loaded, admin_client, ha_tinh):
    indicator = Indicator.objects.get(framework__key="xa_ntm_2021_2025", code="2.2")
    Threshold.objects.create(indicator=indicator, province=ha_tinh, value=Decimal("85"))

    response = admin_client.get(
        reverse("admin:criteria_threshold_changelist"), {"province__isnull": "0"}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == list(Threshold.objects.filter(province=ha_tinh))


def test_status_history_is_read_only_in_admin(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    model_admin = site._registry[StatusChange]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)
