"""From 318/QĐ-TTg to a 2026–2030 set: mapped values carried as "cần xác nhận", commune groups
as dated data, and the set offered by default for a year."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria import authoring, selectors, services
from criteria.authoring import Bar
from criteria.models import (
    Framework,
    FrameworkCategory,
    FrameworkMapping,
    Indicator,
    IndicatorMapping,
    IndicatorStatus,
    StatusChange,
    UnitCategory,
)
from tests import factories

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(province, f318):
    return factories.CommuneFactory(name="Cẩm Tân", parent=province, region="btb", framework=f318)


@pytest.fixture
def leader(commune):
    return factories.official(commune, username="leader", kind="commune_leader")


@pytest.fixture
def new_set(province, province_office_a):
    return factories.authored_framework(actor=province_office_a, province=province)


@pytest.fixture
def mapping(f318, new_set):
    """318's 17.1 (nước sạch, %) → the new set's 1.1; 318's 2.1 → 2.1."""
    pair = FrameworkMapping.objects.create(source=f318, target=new_set, basis="Thử")
    for old, new in (("17.1", "1.1"), ("2.1", "2.1")):
        IndicatorMapping.objects.create(
            mapping=pair,
            source=Indicator.objects.get(framework=f318, code=old),
            target=Indicator.objects.get(framework=new_set, code=new),
        )
    return pair


@pytest.fixture
def year_2025(commune, leader, f318):
    assessment = services.assessment_open(commune=commune, framework=f318, year=2025, actor=leader)
    status = assessment.statuses.get(indicator__code="17.1")
    services.status_update(
        status=status,
        actor=leader,
        new_status=Status.MET,  # 318's 17.1 has a compound bar in words: the official judges
        value=Decimal("86.5"),
        note="Theo số liệu trạm cấp nước",
        version=status.version,
    )
    return assessment


def test_opening_2026_on_the_new_set_carries_mapped_values_to_confirm(
    commune, leader, new_set, mapping, year_2025
):
    opened = services.assessment_open(commune=commune, framework=new_set, year=2026, actor=leader)
    carried = opened.statuses.get(indicator__code="1.1")
    assert carried.value == Decimal("86.5")
    assert carried.status == Status.MET  # judged against the new bar, ≥ 80 %
    assert carried.carried_from == ("chép từ năm 2025 (318/QĐ-TTg, chỉ tiêu 17.1) – cần xác nhận")
    assert carried.changes.get().action == StatusChange.Action.CARRIED
    not_measured = opened.statuses.get(indicator__code="2.1")  # 318's 2.1 had no value
    assert (not_measured.value, not_measured.carried_from) == (None, "")
    year_2025.refresh_from_db()
    assert year_2025.statuses.get(indicator__code="17.1").value == Decimal("86.5")


def test_the_criterion_page_says_a_carried_value_is_to_confirm_once(
    client, commune, leader, new_set, mapping, year_2025
):
    opened = services.assessment_open(commune=commune, framework=new_set, year=2026, actor=leader)
    client.force_login(leader)
    page = client.get(
        reverse("criteria:criterion-entry", args=[commune.pk, 1]),
        {"year": 2026, "framework": new_set.key},
    ).content.decode()
    tag = re.search(r'<p class="tag carried">(.*?)</p>', page).group(1)
    assert tag == "Chép từ năm 2025 (318/QĐ-TTg, chỉ tiêu 17.1) – cần xác nhận"
    assert opened.statuses.exclude(carried_from="").exists()


def test_carried_values_must_be_confirmed_before_submitting(
    commune, leader, new_set, mapping, year_2025
):
    opened = services.assessment_open(commune=commune, framework=new_set, year=2026, actor=leader)
    for status in opened.statuses.exclude(indicator__code="1.1"):
        services.status_update(
            status=status,
            actor=leader,
            new_status=Status.MET,
            value=Decimal("60") if status.indicator.code == "2.1" else None,
            note="Theo biên bản",
            version=status.version,
        )
    with pytest.raises(ValidationError, match="chưa được xác nhận"):
        services.assessment_submit(assessment=opened, actor=leader)

    carried = opened.statuses.get(indicator__code="1.1")
    saved = services.status_update(
        status=carried,
        actor=leader,
        new_status=None,
        value=carried.value,
        note="",
        version=carried.version,
    )
    carried.refresh_from_db()
    assert saved and carried.carried_from == ""
    confirmed = carried.changes.get(action=StatusChange.Action.CONFIRMED)
    assert confirmed.detail.startswith("Xác nhận giá trị chép từ năm 2025")
    services.assessment_submit(assessment=opened, actor=leader)


def test_no_mapping_means_nothing_is_carried(commune, leader, new_set, year_2025):
    opened = services.assessment_open(commune=commune, framework=new_set, year=2026, actor=leader)
    assert not opened.statuses.exclude(carried_from="").exists()
    assert not opened.statuses.filter(value__isnull=False).exists()


# --- commune groups ---------------------------------------------------------------------------


@pytest.fixture
def grouped_set(province, province_office_a):
    """A set with thresholds by commune group: 1.1 ≥ 90 % (nhóm 1), ≥ 70 % (nhóm 3)."""
    framework = authoring.framework_create(
        actor=province_office_a, key="nhom_ht", province=province, name="Bộ theo nhóm",
        level="xa_ntm", period_start=2026, period_end=2030, category_kind="group",
    )  # fmt: skip
    for key in ("nhom1", "nhom2", "nhom3"):
        authoring.category_add(
            framework=framework, actor=province_office_a, key=key, name=key.replace("nhom", "Nhóm ")
        )
    criterion = authoring.criterion_add(
        framework=framework, actor=province_office_a, number=1, name="Thu nhập"
    )
    authoring.indicator_add(
        framework=framework, actor=province_office_a, criterion=criterion, code="1.1",
        name="Tỷ lệ", kind="numeric", unit="%",
        bars={"nhom1": Bar(Decimal(90)), "nhom3": Bar(Decimal(70))},
    )  # fmt: skip
    authoring.framework_publish(framework=framework, actor=province_office_a)
    framework.refresh_from_db()
    return framework


def _group(unit, framework, category, start, end=None):
    return UnitCategory.objects.create(
        unit=unit,
        framework=framework,
        category=category,
        basis="QĐ 60/QĐ-BDTTG",
        valid_from=start,
        valid_to=end,
    )


def test_the_thresholds_of_a_year_are_those_of_the_group_in_force(commune, grouped_set):
    _group(commune, grouped_set, "nhom1", date(2026, 1, 1), date(2027, 12, 31))
    _group(commune, grouped_set, "nhom3", date(2028, 1, 1))
    assert selectors.category_of(commune, grouped_set, 2026) == "nhom1"
    assert selectors.category_of(commune, grouped_set, 2028) == "nhom3"
    assert selectors.category_of(commune, grouped_set, 2030) == "nhom3"


def test_a_year_copied_forward_is_judged_on_the_bar_of_its_own_group(commune, leader, grouped_set):
    """80 % met nhóm 3's 70 % in 2026; the commune is nhóm 1 (≥ 90 %) in 2027: its 2027,
    copied from 2026, opens «Chưa đạt», saying why, not with last year's «Đạt»."""
    _group(commune, grouped_set, "nhom3", date(2026, 1, 1), date(2026, 12, 31))
    _group(commune, grouped_set, "nhom1", date(2027, 1, 1))
    y2026 = services.assessment_open(
        commune=commune, framework=grouped_set, year=2026, actor=leader
    )
    assert factories.measured(y2026, "1.1", "80", leader).status == Status.MET
    y2027 = services.assessment_open(
        commune=commune, framework=grouped_set, year=2027, actor=leader
    )
    status = y2027.statuses.get(indicator__code="1.1")
    assert (status.status, status.value) == (Status.NOT_MET, Decimal("80"))
    assert selectors.threshold_for_status(status).value == Decimal(90)
    opened = status.changes.get()
    assert opened.action == StatusChange.Action.COPY_FORWARD
    assert "Chuyển từ năm 2026; đánh giá lại theo ngưỡng năm 2027: ≥ 90" in opened.detail
    y2027.refresh_from_db()
    assert y2027.met_count == 0
    # last year stays as it was judged then
    assert y2026.statuses.get(indicator__code="1.1").status == Status.MET


def test_recording_a_communes_new_group_judges_its_year_in_progress_again(
    commune, leader, grouped_set, province_office_a
):
    """nhóm 1 (≥ 90 %) → nhóm 3 (≥ 70 %) from March 2026: the 2026 year's 80 % turns «Đạt»,
    on its record with the decision, the year recounted and its version moved on."""
    from criteria import transition

    def group(category, start, basis):
        return transition.unit_category_set(
            unit=commune, framework=grouped_set, category=category, basis=basis,
            valid_from=start, actor=province_office_a,
        )  # fmt: skip

    group("nhom1", date(2026, 1, 1), "QĐ 60/QĐ-UBND")
    year = services.assessment_open(commune=commune, framework=grouped_set, year=2026, actor=leader)
    status = factories.measured(year, "1.1", "80", leader)
    assert status.status == Status.NOT_MET
    year.refresh_from_db()
    version = year.version

    group("nhom3", date(2026, 3, 1), "QĐ 75/QĐ-UBND")
    status.refresh_from_db()
    assert status.status == Status.MET
    assert selectors.threshold_for_status(status).value == Decimal(70)
    change = status.changes.first()
    assert change.action == StatusChange.Action.REJUDGED and "QĐ 75/QĐ-UBND" in change.detail
    year.refresh_from_db()
    assert (year.met_count, year.version) == (1, version + 1)
    assert "QĐ 75/QĐ-UBND" in year.events.first().comment


def test_a_commune_without_a_group_is_flagged_and_not_judged(commune, leader, grouped_set):
    assessment = services.assessment_open(
        commune=commune, framework=grouped_set, year=2026, actor=leader
    )
    status = assessment.statuses.get()
    with pytest.raises(ValidationError) as error:  # no bar: the official must judge, with reason
        services.status_update(
            status=status,
            actor=leader,
            new_status=Status.MET,
            value=Decimal("75"),
            note="",
            version=status.version,
        )
    assert "note" in error.value.message_dict
    data = selectors.commune_year(leader, commune, grouped_set, 2026)
    assert data.category_missing and data.category == ""

    _group(commune, grouped_set, "nhom3", date(2026, 1, 1))
    data = selectors.commune_year(leader, commune, grouped_set, 2026)
    assert not data.category_missing and data.category == "nhom3"
    services.status_update(
        status=status,
        actor=leader,
        new_status=None,
        value=Decimal("75"),
        note="",
        version=status.version,
    )
    status.refresh_from_db()
    assert status.status == Status.MET and status.judged_automatically


def test_the_default_set_for_2026_is_the_national_one_in_force(commune):
    assert selectors.default_framework(commune, 2026).key == "xa_ntm_2026_2030"
    assert selectors.default_framework(commune, 2023).key == "xa_ntm_2021_2025"


def test_another_provinces_set_is_not_offered_nor_visible(
    commune, new_set, other_province, province_office_b, province_office_a
):
    assert new_set in selectors.frameworks_for_unit(commune, 2026)
    stranger = factories.CommuneFactory(name="Nâm Nung", parent=other_province)
    assert new_set not in selectors.frameworks_for_unit(stranger, 2026)
    assert new_set in selectors.frameworks_visible_to(province_office_a)
    assert new_set not in selectors.frameworks_visible_to(province_office_b)
    assert Framework.objects.get(key="xa_ntm_2026_2030") in selectors.frameworks_visible_to(
        province_office_b
    )


def test_categories_are_keys_of_the_framework(grouped_set):
    assert set(
        FrameworkCategory.objects.filter(framework=grouped_set).values_list("key", flat=True)
    ) == {
        "nhom1",
        "nhom2",
        "nhom3",
    }


# --- the commune page -------------------------------------------------------------------------


def _page(client, user, commune, framework, year):
    from django.urls import reverse

    client.force_login(user)
    return client.get(
        reverse("criteria:commune-detail", args=[commune.pk]),
        {"year": year, "framework": framework.key},
    )


def test_the_commune_page_flags_a_missing_group(client, commune, leader, grouped_set):
    services.assessment_open(commune=commune, framework=grouped_set, year=2026, actor=leader)
    html = _page(client, leader, commune, grouped_set, 2026).content.decode()
    assert "Xã chưa được xếp nhóm" in html
    _group(commune, grouped_set, "nhom3", date(2026, 1, 1))
    html = _page(client, leader, commune, grouped_set, 2026).content.decode()
    assert (
        "Xã chưa được xếp nhóm" not in html and "Nhóm xã năm 2026: <strong>Nhóm 3</strong>" in html
    )


def test_the_commune_page_says_a_set_has_no_indicators_and_offers_no_submission(
    client, commune, leader
):
    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    services.assessment_open(commune=commune, framework=f2026, year=2026, actor=leader)
    html = _page(client, leader, commune, f2026, 2026).content.decode()
    assert "chưa có chỉ tiêu nào" in html and "Gửi thẩm tra" not in html
    assert "0/10" in html


def test_the_commune_page_marks_carried_values_and_shows_the_other_sets_of_the_year(
    client, commune, leader, new_set, mapping, year_2025, grouped_set
):
    services.assessment_open(commune=commune, framework=new_set, year=2026, actor=leader)
    html = _page(client, leader, commune, new_set, 2026).content.decode()
    assert "1 chỉ tiêu có giá trị chép từ bộ tiêu chí trước" in html
    assert "Chép từ năm 2025 (318/QĐ-TTg, chỉ tiêu 17.1) – cần xác nhận" in html
    assert 'class="other-sets"' not in html
    # the same year on a second set: its own count beside this one's, never merged
    other = services.assessment_open(
        commune=commune, framework=grouped_set, year=2026, actor=leader
    )
    html = _page(client, leader, commune, new_set, 2026).content.decode()
    assert f"{grouped_set}</a>: đạt <strong>{other.headline}</strong> tiêu chí" in html
    assert other.headline == "0/1"


def test_another_provinces_set_is_a_404_on_the_commune_page(
    client, commune, leader, other_province, province_office_b
):
    theirs = factories.authored_framework(
        actor=province_office_b, province=other_province, key="nc_dn"
    )
    assert _page(client, leader, commune, theirs, 2026).status_code == 404


def test_the_old_year_is_read_only_once_its_values_moved_to_the_new_set(
    client, commune, leader, new_set, mapping, year_2025
):
    services.assessment_open(commune=commune, framework=new_set, year=2026, actor=leader)
    status = year_2025.statuses.get(indicator__code="17.1")
    with pytest.raises(ValidationError, match="chỉ để xem"):
        services.status_update(
            status=status, actor=leader, new_status=Status.NOT_MET, value=None,
            note="Sửa muộn", version=status.version,
        )  # fmt: skip
    status.refresh_from_db()
    assert status.status == Status.MET
    html = _page(client, leader, commune, year_2025.framework, 2025).content.decode()
    assert "hồ sơ theo bộ tiêu chí cũ giữ nguyên, chỉ để xem" in html
    assert "Cập nhật<span" not in html


def test_without_a_year_on_the_new_set_the_old_year_stays_editable(
    commune, leader, new_set, mapping, year_2025
):
    status = year_2025.statuses.get(indicator__code="17.1")
    assert services.status_update(
        status=status, actor=leader, new_status=Status.NOT_MET, value=None,
        note="Rà soát lại", version=status.version,
    )  # fmt: skip
