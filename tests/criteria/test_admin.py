"""The admin: a province office browses and corrects the catalogue; results and history are read-only."""

import pytest
from django.urls import reverse

from criteria.models import Indicator, IndicatorStatus, StatusChange
from tests import factories
from tests.admin_forms import admin_seen

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = factories.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "criteria_framework",
        "criteria_criterion",
        "criteria_indicator",
        "criteria_threshold",
        "criteria_assessment",
        "criteria_indicatorstatus",
        "criteria_statuschange",
        "units_unit",
        "units_user",
        "units_role",
    ],
)
def test_admin_lists_open(admin_client, assessment_a, name):
    assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_admin_shows_an_indicator_but_corrections_go_through_the_catalogue_pages(
    admin_client, f318
):
    indicator = Indicator.objects.get(framework=f318, code="17.1")
    url = reverse("admin:criteria_indicator_change", args=[indicator.pk])
    response = admin_client.get(url)
    assert (
        response.status_code == 200
        and "Tỷ lệ hộ được sử dụng nước sạch" in response.content.decode()
    )
    admin_client.post(url, {"name": "Đổi trong admin", "code": "17.1"})
    indicator.refresh_from_db()
    assert indicator.name.startswith("Tỷ lệ hộ được sử dụng nước sạch")


def test_history_and_results_cannot_be_edited_or_deleted_in_the_admin(admin_client, assessment_a):
    change = StatusChange.objects.filter(status__assessment=assessment_a).first()
    status = IndicatorStatus.objects.filter(assessment=assessment_a).first()
    assert (
        admin_client.post(
            reverse("admin:criteria_statuschange_delete", args=[change.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert (
        admin_client.post(
            reverse("admin:criteria_indicatorstatus_change", args=[status.pk]), {"status": "dat"}
        ).status_code
        == 403
    )
    assert StatusChange.objects.filter(pk=change.pk).exists()
    status.refresh_from_db()
    assert status.status == IndicatorStatus.Status.NOT_ASSESSED


# -- provincial thresholds: a province office in the admin -------------------------------------


@pytest.fixture
def province_staff(client, province_office_a):
    """Hà Tĩnh's NTM office, made staff and given the threshold permissions in the admin (as
    the README suggests for provincial thresholds)."""
    from django.contrib.auth.models import Permission

    user = province_office_a
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="criteria",
            codename__in=[
                "add_threshold",
                "change_threshold",
                "delete_threshold",
                "view_threshold",
                "view_indicator",
            ],
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def thresholds(f318, province, other_province):
    from criteria.models import Threshold

    indicator = Indicator.objects.get(framework=f318, code="17.1")
    return {
        "indicator": indicator,
        "national": Threshold.objects.filter(indicator__framework=f318, province=None)
        .order_by("pk")
        .first(),
        "own": Threshold.objects.create(
            indicator=indicator, province=province, value=90, text="Hà Tĩnh: ≥ 90 %"
        ),
        "other": Threshold.objects.create(
            indicator=indicator, province=other_province, value=70, text="Đắk Nông: ≥ 70 %"
        ),
    }


def _threshold_form(indicator, province, value, text):
    return {
        "indicator": indicator.pk,
        "province": province.pk if province else "",
        "category": "",
        "year": "",
        "comparator": ">=",
        "value": value,
        "unit": "%",
        "text": text,
        "decision": "QĐ 01/2024",
        "note": "",
    }


def _rows():
    from criteria.models import Threshold

    return list(Threshold.objects.order_by("pk").values_list("pk", "province", "value", "text"))


def test_a_province_office_sees_and_changes_only_its_own_provincial_thresholds(
    province_staff, thresholds, province
):
    listing = province_staff.get(reverse("admin:criteria_threshold_changelist"))
    assert listing.status_code == 200
    assert {t.pk for t in listing.context["cl"].result_list} == {thresholds["own"].pk}
    before = _rows()

    for name in ("national", "other"):
        row = thresholds[name]
        url = reverse("admin:criteria_threshold_change", args=[row.pk])
        assert province_staff.get(url).status_code == 302  # "does not exist" for them
        province_staff.post(url, _threshold_form(row.indicator, province, "1", "Đổi"))
        delete = reverse("admin:criteria_threshold_delete", args=[row.pk])
        province_staff.post(delete, {"post": "yes"})
    assert _rows() == before

    own = thresholds["own"]
    url = reverse("admin:criteria_threshold_change", args=[own.pk])
    response = province_staff.post(
        url,
        {
            **admin_seen(province_staff, url),
            **_threshold_form(own.indicator, province, "95", "Hà Tĩnh: ≥ 95 %"),
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.value, own.text, own.province) == (95, "Hà Tĩnh: ≥ 95 %", province)
    assert [r for r in _rows() if r[0] != own.pk] == [r for r in before if r[0] != own.pk]


def test_a_province_office_creates_thresholds_for_its_own_province_only(
    province_staff, thresholds, province, other_province
):
    from criteria.models import Threshold

    add = reverse("admin:criteria_threshold_add")
    form = province_staff.get(add).context["adminform"].form
    assert list(form.fields["province"].queryset) == [province]
    indicator = thresholds["indicator"]
    before = _rows()

    for target in (other_province, None):  # another province, or a national row
        response = province_staff.post(add, _threshold_form(indicator, target, "50", "Thử"))
        assert response.status_code == 200 and response.context["adminform"].form.errors.get(
            "province"
        )
    assert _rows() == before

    response = province_staff.post(add, _threshold_form(indicator, province, "92", "Mới"))

    assert response.status_code == 302
    created = Threshold.objects.get(text="Mới")
    assert (created.province, created.indicator, created.value) == (province, indicator, 92)
    assert len(_rows()) == len(before) + 1


def test_a_superuser_still_sees_every_threshold_but_national_ones_stay_read_only(
    admin_client, thresholds
):
    listing = admin_client.get(reverse("admin:criteria_threshold_changelist") + "?all=")
    shown = {t.pk for t in listing.context["cl"].queryset}
    assert {thresholds["national"].pk, thresholds["own"].pk, thresholds["other"].pk} <= shown
    national = thresholds["national"]
    url = reverse("admin:criteria_threshold_change", args=[national.pk])
    assert (
        admin_client.post(url, _threshold_form(national.indicator, None, "1", "Đổi")).status_code
        == 403
    )


def test_a_provincial_threshold_changed_is_on_record_and_judges_its_communes_again(
    province_staff,
    province_office_a,
    thresholds,
    province,
    assessment_a,
    official_a,
    commune_b,
    f318,
    official_b,
):
    from criteria.models import FrameworkChange, StatusChange
    from criteria.services import assessment_open

    Status = IndicatorStatus.Status
    ours = factories.measured(assessment_a, "17.1", "92", official_a)
    assert ours.status == Status.MET  # against Hà Tĩnh's own ≥ 90 %
    theirs = factories.measured(
        assessment_open(commune=commune_b, framework=f318, year=2023, actor=official_b),
        "17.1",
        "92",
        official_b,
    )
    own = thresholds["own"]
    url = reverse("admin:criteria_threshold_change", args=[own.pk])
    form = {**admin_seen(province_staff, url), **_threshold_form(own.indicator, province, "95", "")}

    refused = province_staff.post(url, {**form, "decision": " "})  # no basis, no change
    assert "Ghi văn bản của tỉnh quy định ngưỡng này" in refused.content.decode()
    stale = {**form, "decision": "QĐ 07/2026/QĐ-UBND (minh họa)"}
    thresholds["own"].__class__.objects.filter(pk=own.pk).update(note="sửa ở tab khác")
    assert "vừa được sửa ở nơi khác" in province_staff.post(url, stale).content.decode()
    own.refresh_from_db()
    assert own.value == 90

    form = {**stale, **admin_seen(province_staff, url)}  # opened again
    theirs_before = theirs.status
    response = province_staff.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == Status.NOT_MET  # 92 < 95: judged again, on record
    rejudged = StatusChange.objects.filter(status=ours, action=StatusChange.Action.REJUDGED).get()
    assert "căn cứ: QĐ 07/2026/QĐ-UBND (minh họa)" in rejudged.detail
    assert theirs.status == theirs_before  # another province's commune: untouched
    record = FrameworkChange.objects.filter(framework=f318).latest("at")
    assert (record.target, record.old_value, record.new_value, record.legal_basis) == (
        f"chỉ tiêu 17.1 – {province}",
        "≥ 90 %",
        "≥ 95 %",
        "QĐ 07/2026/QĐ-UBND (minh họa)",
    )
    assert record.actor == province_office_a

    delete = reverse("admin:criteria_threshold_delete", args=[own.pk])
    assert province_staff.post(delete, {"post": "yes"}).status_code == 302
    record = FrameworkChange.objects.filter(framework=f318).latest("at")
    assert (record.action, record.old_value) == (FrameworkChange.Action.DELETED, "≥ 95 %")
    ours.refresh_from_db()
    national = StatusChange.objects.filter(status=ours, action=StatusChange.Action.REJUDGED)
    assert national.count() == 2  # judged again by the national bar once the row is gone
