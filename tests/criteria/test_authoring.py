"""Frameworks authored in the app (criteria.authoring): who may, what publishing needs, and how
a correction to a published set reaches the years in progress – on the record."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from criteria import authoring, services
from criteria.authoring import Bar
from criteria.models import (
    Assessment,
    Framework,
    FrameworkChange,
    Indicator,
    IndicatorStatus,
    Origin,
    StatusChange,
)
from tests import factories

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def commune_2026(province):
    """A commune directly under province A (the 2025 reform: no district)."""
    return factories.CommuneFactory(name="Cẩm Tân mới", parent=province, region="btb")


@pytest.fixture
def leader_2026(commune_2026):
    return factories.official(commune_2026, username="leader26", kind="commune_leader")


def _judge(assessment, code, actor, verdict=Status.MET):
    status = assessment.statuses.get(indicator__code=code)
    services.status_update(
        status=status,
        actor=actor,
        new_status=verdict,
        value=None,
        note="Theo biên bản",
        version=status.version,
    )


def test_province_office_creates_a_draft_set_of_its_own_province(province, province_office_a):
    framework = factories.authored_framework(
        actor=province_office_a, province=province, publish=False
    )
    assert framework.state == Framework.State.DRAFT and framework.origin == Origin.APP
    assert framework.province == province
    assert FrameworkChange.objects.filter(framework=framework, action="created").count() == 1
    assert FrameworkChange.objects.filter(framework=framework, action="added").count() == 5


def test_province_office_cannot_create_a_set_for_another_province_or_a_national_one(
    other_province, province_office_a
):
    with pytest.raises(PermissionDenied):
        factories.authored_framework(actor=province_office_a, province=other_province)
    with pytest.raises(PermissionDenied):
        factories.authored_framework(actor=province_office_a, province=None)
    assert not Framework.objects.filter(key="nc_ht").exists()


def test_province_office_cannot_change_another_provinces_set_or_a_national_one(
    province, province_office_a, province_office_b, f318
):
    framework = factories.authored_framework(actor=province_office_a, province=province)
    criterion = framework.criteria.get(number=1)
    with pytest.raises(PermissionDenied):
        authoring.criterion_update(
            criterion=criterion, actor=province_office_b, name="Đổi", legal_basis="x"
        )
    with pytest.raises(PermissionDenied):
        authoring.criterion_update(
            criterion=f318.criteria.get(number=1),
            actor=province_office_a,
            name="Đổi",
            legal_basis="x",
        )
    assert framework.criteria.get(number=1).name == "Quy hoạch"


def test_national_office_creates_a_national_set(national_office):
    framework = factories.authored_framework(actor=national_office, province=None, key="tw_set")
    assert framework.province is None and framework.is_published


def test_publishing_refuses_a_criterion_without_indicators(province, province_office_a):
    framework = factories.authored_framework(
        actor=province_office_a, province=province, publish=False
    )
    authoring.criterion_add(framework=framework, actor=province_office_a, number=3, name="Thủy lợi")
    with pytest.raises(ValidationError) as error:
        authoring.framework_publish(framework=framework, actor=province_office_a)
    assert "Tiêu chí chưa có chỉ tiêu nào: 3." in " ".join(error.value.messages)
    framework.refresh_from_db()
    assert framework.is_draft


@pytest.mark.parametrize(
    ("kind", "unit", "comparator", "bars", "field", "message"),
    [
        ("numeric", "%", ">=", {"nhom9": Bar(Decimal(1))}, "thresholds", "không phải vùng/nhóm"),
        ("boolean", "", ">=", {"": Bar(Decimal(1))}, "thresholds", "không có ngưỡng bằng số"),
        ("boolean", "", "<=", {}, "comparator", "không có phép so sánh"),
        ("numeric", "", ">=", {}, "unit", "cần đơn vị tính"),
        ("numeric", "%", ">=", {"": Bar(Decimal(120))}, "thresholds", "từ 0 đến 100"),
        ("numeric", "%", "~", {}, "comparator", "không hợp lệ"),
    ],
)
def test_an_indicator_whose_parts_do_not_fit_is_refused_by_field(
    province, province_office_a, kind, unit, comparator, bars, field, message
):
    framework = factories.authored_framework(
        actor=province_office_a, province=province, publish=False
    )
    with pytest.raises(ValidationError) as error:
        authoring.indicator_add(
            framework=framework,
            actor=province_office_a,
            criterion=framework.criteria.get(number=2),
            code="2.9",
            name="Thử",
            kind=kind,
            unit=unit,
            comparator=comparator,
            bars=bars,
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not Indicator.objects.filter(framework=framework, code="2.9").exists()


def test_a_duplicate_indicator_code_is_refused(province, province_office_a):
    framework = factories.authored_framework(
        actor=province_office_a, province=province, publish=False
    )
    with pytest.raises(ValidationError) as error:
        authoring.indicator_add(
            framework=framework, actor=province_office_a, criterion=framework.criteria.get(number=1),
            code="1.1", name="Lặp", kind="boolean",
        )  # fmt: skip
    assert "1.1 đã có" in error.value.message_dict["code"][0]


def test_a_published_set_changes_only_with_a_legal_basis(province, province_office_a):
    framework = factories.authored_framework(actor=province_office_a, province=province)
    with pytest.raises(ValidationError) as error:
        authoring.framework_update(framework=framework, actor=province_office_a, name="Tên mới")
    assert "legal_basis" in error.value.message_dict
    changed = authoring.framework_update(
        framework=framework,
        actor=province_office_a,
        name="Tên mới",
        legal_basis="QĐ 05/2026/QĐ-UBND ngày 01/3/2026",
    )
    assert changed == ["name"]
    change = FrameworkChange.objects.get(framework=framework, field="name")
    assert (change.old_value, change.new_value, change.legal_basis, change.actor) == (
        "Bộ tiêu chí xã NTM nâng cao tỉnh (thử)",
        "Tên mới",
        "QĐ 05/2026/QĐ-UBND ngày 01/3/2026",
        province_office_a,
    )


def test_a_new_indicator_reaches_open_years_as_not_assessed_but_not_verified_ones(
    province, province_office_a, commune_2026, leader_2026, province_officer_over
):
    framework = factories.authored_framework(actor=province_office_a, province=province)
    y2026 = services.assessment_open(
        commune=commune_2026, framework=framework, year=2026, actor=leader_2026
    )
    y2027 = services.assessment_open(
        commune=commune_2026, framework=framework, year=2027, actor=leader_2026
    )
    for code, value in (("1.1", "85"), ("2.1", "60")):
        factories.measured(y2026, code, value, leader_2026)
    _judge(y2026, "1.2", leader_2026)
    services.assessment_submit(assessment=y2026, actor=leader_2026)
    services.assessment_verify(assessment=y2026, actor=province_officer_over)

    authoring.indicator_add(
        framework=framework, actor=province_office_a, criterion=framework.criteria.get(number=2),
        code="2.2", name="Cầu cống", kind="boolean", legal_basis="QĐ 07/2026/QĐ-UBND",
    )  # fmt: skip

    new = IndicatorStatus.objects.get(assessment=y2027, indicator__code="2.2")
    assert new.status == Status.NOT_ASSESSED
    assert new.changes.get().detail == "Chỉ tiêu 2.2 mới bổ sung vào bộ tiêu chí"
    assert not IndicatorStatus.objects.filter(assessment=y2026, indicator__code="2.2").exists()
    y2026.refresh_from_db()
    assert (y2026.met_count, y2026.verified_met_count) == (2, 2)


@pytest.fixture
def province_officer_over(province):
    """The supervising office at the province (communes directly under it since 2025)."""
    return factories.supervisor(province, username="vp_tinh")


def test_a_changed_threshold_rejudges_an_open_year_with_history_and_leaves_a_verified_year(
    province, province_office_a, commune_2026, leader_2026, province_officer_over
):
    framework = factories.authored_framework(actor=province_office_a, province=province)
    verified = services.assessment_open(
        commune=commune_2026, framework=framework, year=2026, actor=leader_2026
    )
    for code, value in (("1.1", "85"), ("2.1", "60")):
        factories.measured(verified, code, value, leader_2026)
    _judge(verified, "1.2", leader_2026)
    services.assessment_submit(assessment=verified, actor=leader_2026)
    services.assessment_verify(assessment=verified, actor=province_officer_over)
    open_year = services.assessment_open(
        commune=commune_2026, framework=framework, year=2027, actor=leader_2026
    )
    assert open_year.statuses.get(indicator__code="1.1").status == Status.MET

    indicator = Indicator.objects.get(framework=framework, code="1.1")
    authoring.thresholds_set(
        indicator=indicator,
        actor=province_office_a,
        bars={"": Bar(Decimal("90"))},
        legal_basis="QĐ 09/2026/QĐ-UBND",
    )

    rejudged = open_year.statuses.get(indicator__code="1.1")
    assert rejudged.status == Status.NOT_MET and rejudged.value == Decimal("85")
    change = rejudged.changes.get(action=StatusChange.Action.REJUDGED)
    assert (change.old_status, change.new_status) == (Status.MET, Status.NOT_MET)
    assert "≥ 90 %" in change.detail and "QĐ 09/2026/QĐ-UBND" in change.detail
    open_year.refresh_from_db()
    assert open_year.met_count == 1
    kept = verified.statuses.get(indicator__code="1.1")
    assert (kept.status, kept.verified_status) == (Status.MET, Status.MET)
    assert not kept.changes.filter(action=StatusChange.Action.REJUDGED).exists()
    verified.refresh_from_db()
    assert (verified.state, verified.verified_met_count) == (Assessment.State.VERIFIED, 2)
    record = FrameworkChange.objects.get(framework=framework, field="ngưỡng chung")
    assert (record.old_value, record.new_value) == ("80 %", "90 %")


def test_a_used_indicator_is_retired_not_deleted_and_later_years_leave_it_out(
    province, province_office_a, commune_2026, leader_2026
):
    framework = factories.authored_framework(actor=province_office_a, province=province)
    services.assessment_open(
        commune=commune_2026, framework=framework, year=2026, actor=leader_2026
    )
    indicator = Indicator.objects.get(framework=framework, code="1.2")
    authoring.indicator_retire(
        indicator=indicator, actor=province_office_a, on=date(2026, 12, 31), legal_basis="QĐ 10"
    )
    indicator.refresh_from_db()
    assert indicator.retired_on == date(2026, 12, 31)
    later = services.assessment_open(
        commune=commune_2026, framework=framework, year=2027, actor=leader_2026
    )
    assert sorted(later.statuses.values_list("indicator__code", flat=True)) == ["1.1", "2.1"]


def test_opening_2026_on_318_is_refused_naming_the_set_in_force(commune_2026, leader_2026, f318):
    with pytest.raises(ValidationError) as error:
        services.assessment_open(commune=commune_2026, framework=f318, year=2026, actor=leader_2026)
    message = error.value.messages[0]
    assert "không áp dụng cho năm 2026" in message and "51/2025/QĐ-TTg" in message
    assert not Assessment.objects.filter(commune=commune_2026, year=2026).exists()


def test_opening_a_year_on_a_draft_or_on_another_provinces_set_is_refused(
    province, other_province, province_office_a, province_office_b, commune_2026, leader_2026
):
    draft = factories.authored_framework(actor=province_office_a, province=province, publish=False)
    with pytest.raises(ValidationError, match="dự thảo"):
        services.assessment_open(
            commune=commune_2026, framework=draft, year=2026, actor=leader_2026
        )
    theirs = factories.authored_framework(
        actor=province_office_b, province=other_province, key="nc_dn"
    )
    with pytest.raises(ValidationError, match="tỉnh khác"):
        services.assessment_open(
            commune=commune_2026, framework=theirs, year=2026, actor=leader_2026
        )


def test_a_set_without_indicators_cannot_be_submitted(commune_2026, leader_2026):
    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    assessment = services.assessment_open(
        commune=commune_2026, framework=f2026, year=2026, actor=leader_2026
    )
    assert (assessment.met_count, assessment.criteria_count) == (0, 10)
    with pytest.raises(ValidationError, match="chưa có chỉ tiêu nào"):
        services.assessment_submit(assessment=assessment, actor=leader_2026)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT


def test_an_indicator_added_to_51_2025_reaches_the_open_2026_year(
    national_office, commune_2026, leader_2026
):
    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    assessment = services.assessment_open(
        commune=commune_2026, framework=f2026, year=2026, actor=leader_2026
    )
    authoring.indicator_add(
        framework=f2026, actor=national_office, criterion=f2026.criteria.get(number=1),
        code="1.1", name="Chỉ tiêu nhập từ phụ lục (thử)", kind="boolean",
        legal_basis="51/2025/QĐ-TTg, Phụ lục I",
    )  # fmt: skip
    assert assessment.statuses.get().indicator.code == "1.1"


def test_load_criteria_leaves_what_was_authored_or_corrected_in_the_app(
    province, province_office_a, national_office
):
    from io import StringIO

    from django.core.management import call_command

    provincial = factories.authored_framework(actor=province_office_a, province=province)
    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    authoring.indicator_add(
        framework=f2026, actor=national_office, criterion=f2026.criteria.get(number=1),
        code="1.1", name="Chỉ tiêu nhập từ phụ lục (thử)", kind="boolean",
        legal_basis="51/2025/QĐ-TTg, Phụ lục I",
    )  # fmt: skip
    f318 = Framework.objects.get(key="xa_ntm_2021_2025")
    indicator = Indicator.objects.get(framework=f318, code="17.1")
    authoring.indicator_update(
        indicator=indicator, actor=national_office, name="Tên đã đính chính",
        legal_basis="Đính chính thử",
    )  # fmt: skip

    for dry_run in (True, False):
        out = StringIO()
        call_command("load_criteria", dry_run=dry_run, stdout=out)
        text = out.getvalue()
        assert "Để nguyên (nhập hoặc sửa trong ứng dụng" in text
        assert "bộ tiêu chí nc_ht" in text
        assert "chỉ tiêu 1.1: nhập trong ứng dụng" in text
        assert "chỉ tiêu xa_ntm_2021_2025/17.1: tệp khác ở name" in text
    assert Indicator.objects.filter(framework=f2026, code="1.1").exists()
    indicator.refresh_from_db()
    assert indicator.name == "Tên đã đính chính"
    assert provincial.criteria.count() == 2


def test_a_correction_of_comparator_and_bar_together_is_judged_from_the_final_state_only(
    province, province_office_a, commune_2026, leader_2026
):
    """≥ 50 → ≤ 55 with a value of 52: met before and after; the half-way state (≤ 50) would
    have flipped it twice in the history."""
    framework = factories.authored_framework(actor=province_office_a, province=province)
    year = services.assessment_open(
        commune=commune_2026, framework=framework, year=2026, actor=leader_2026
    )
    factories.measured(year, "2.1", "52", leader_2026)
    indicator = Indicator.objects.get(framework=framework, code="2.1")
    authoring.indicator_correct(
        indicator=indicator, actor=province_office_a, comparator="<=",
        bars={"": Bar(Decimal("55"))}, legal_basis="QĐ 11/2026/QĐ-UBND",
    )  # fmt: skip
    status = year.statuses.get(indicator__code="2.1")
    assert status.status == Status.MET
    assert not status.changes.filter(action=StatusChange.Action.REJUDGED).exists()
    authoring.indicator_correct(
        indicator=indicator, actor=province_office_a, bars={"": Bar(Decimal("51"))},
        legal_basis="QĐ 12/2026/QĐ-UBND",
    )  # fmt: skip
    rejudged = status.changes.get(action=StatusChange.Action.REJUDGED)
    assert (rejudged.old_status, rejudged.new_status) == (Status.MET, Status.NOT_MET)
    assert "≤ 51 %" in rejudged.detail
