"""The "Bộ tiêu chí" pages (criteria.framework_views): who sees which set, who may change it,
what each page writes (checked in the database and by its FrameworkChange row), and what bad
input does (the page again, the message by its field, nothing written)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from criteria import authoring, services
from criteria.authoring import Bar
from criteria.models import (
    Assessment,
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    FrameworkMapping,
    Indicator,
    IndicatorMapping,
    IndicatorStatus,
    Threshold,
)
from tests import factories

Status = IndicatorStatus.Status
Action = FrameworkChange.Action
pytestmark = pytest.mark.django_db
BASIS = "QĐ 05/2026/QĐ-UBND ngày 01/3/2026"


@pytest.fixture
def provincial(province, province_office_a):
    """Hà Tĩnh's own published nâng cao set (criteria 1, 2; indicators 1.1 ≥ 80 %, 1.2, 2.1)."""
    return factories.authored_framework(actor=province_office_a, province=province)


@pytest.fixture
def draft(province, province_office_a):
    return factories.authored_framework(
        actor=province_office_a, province=province, key="nc_ht_du_thao", publish=False
    )


@pytest.fixture
def theirs(other_province, province_office_b):
    """Đắk Nông's own set: none of Hà Tĩnh's business."""
    return factories.authored_framework(
        actor=province_office_b, province=other_province, key="nc_dn"
    )


@pytest.fixture
def f2026(db):
    return Framework.objects.get(key="xa_ntm_2026_2030")


@pytest.fixture
def as_province_a(client, province_office_a):
    client.force_login(province_office_a)
    return client


def _url(name, *args):
    return reverse(f"criteria:{name}", args=args)


def _errors(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _changes(framework, **filters):
    return FrameworkChange.objects.filter(framework=framework, **filters)


# --- the list --------------------------------------------------------------------------------


def test_list_shows_national_sets_and_own_provinces_with_counts_and_own_drafts(
    as_province_a, provincial, draft, theirs
):
    response = as_province_a.get(_url("framework-list"))
    assert response.status_code == 200
    sections = response.context["sections"]
    assert sections[0].title == "Bộ tiêu chí quốc gia"
    keys = {f.key for s in sections for f in s.frameworks}
    assert {"xa_ntm_2021_2025", "xa_ntm_2026_2030", "nc_ht", "nc_ht_du_thao"} <= keys
    assert "nc_dn" not in keys
    listed = {f.key: f for s in sections for f in s.frameworks}
    assert (listed["nc_ht"].criteria_total, listed["nc_ht"].indicator_total) == (2, 3)
    assert listed["xa_ntm_2026_2030"].empty_total == 10
    page = response.content.decode()
    assert "Bộ tiêu chí riêng của Tỉnh Hà Tĩnh" in page
    assert "10 tiêu chí chưa có chỉ tiêu" in page
    assert "Tạo bộ tiêu chí" in page
    assert "01/2026/QĐ-UBND của UBND tỉnh" in page


def test_a_commune_official_sees_the_published_set_of_their_province_but_no_draft(
    client, official_a, provincial, draft, theirs
):
    client.force_login(official_a)
    response = client.get(_url("framework-list"))
    keys = {f.key for s in response.context["sections"] for f in s.frameworks}
    assert "nc_ht" in keys and "nc_ht_du_thao" not in keys and "nc_dn" not in keys
    assert "Tạo bộ tiêu chí" not in response.content.decode()


def test_an_illustrative_set_carries_its_label_in_the_list_and_on_its_page(
    as_province_a, provincial
):
    Framework.objects.filter(pk=provincial.pk).update(illustrative=True)
    for url in (_url("framework-list"), _url("framework-detail", provincial.pk)):
        page = as_province_a.get(url).content.decode().lower()
        assert Framework.ILLUSTRATIVE_LABEL in page


def test_the_list_runs_constant_queries(
    as_province_a, provincial, draft, province, province_office_a, django_assert_num_queries
):
    factories.authored_framework(actor=province_office_a, province=province, key="nc_ht_3")
    # session, user, roles (+ their criteria), permissions (user, groups), the sets with counts,
    # the header's count
    with django_assert_num_queries(8):
        as_province_a.get(_url("framework-list"))


# --- creating a set --------------------------------------------------------------------------


def _create_data(**fields):
    data = {
        "key": "nc_ha_tinh_2026",
        "name": "Bộ tiêu chí xã NTM nâng cao tỉnh Hà Tĩnh giai đoạn 2026 - 2030",
        "short_name": "NTM nâng cao Hà Tĩnh",
        "level": "xa_ntm_nang_cao",
        "unit_kind": "commune",
        "decision_number": "12/2026/QĐ-UBND",
        "decision_date": "15/03/2026",
        "decision_body": "UBND tỉnh Hà Tĩnh",
        "effective_date": "",
        "period_start": 2026,
        "period_end": 2030,
        "category_kind": "",
        "notes": "",
    }
    data.update(fields)
    return data


def test_province_office_creates_a_draft_of_its_own_province(as_province_a, province):
    response = as_province_a.post(_url("framework-create"), _create_data(province=province.pk))
    framework = Framework.objects.get(key="nc_ha_tinh_2026")
    assert response.status_code == 302 and response["Location"] == framework.get_absolute_url()
    assert (framework.province, framework.state) == (province, Framework.State.DRAFT)
    assert framework.decision_date == date(2026, 3, 15)
    change = _changes(framework).get()
    assert change.action == Action.CREATED
    assert change.new_value == "12/2026/QĐ-UBND ngày 15/03/2026 của UBND tỉnh Hà Tĩnh"


def test_the_province_choice_offers_only_own_province_and_toan_quoc_only_nationally(
    client, province, other_province, province_office_a, national_office
):
    client.force_login(province_office_a)
    form = client.get(_url("framework-create")).context["form"]
    assert list(form.fields["province"].queryset) == [province]
    assert "Toàn quốc" not in client.get(_url("framework-create")).content.decode()
    response = client.post(_url("framework-create"), _create_data(province=other_province.pk))
    assert "không soạn được bộ tiêu chí cho tỉnh này" in _errors(response, "province")
    response = client.post(_url("framework-create"), _create_data(province=""))
    assert "Chọn tỉnh" in _errors(response, "province")
    assert not Framework.objects.filter(key="nc_ha_tinh_2026").exists()

    client.force_login(national_office)
    assert (
        "Toàn quốc (bộ tiêu chí quốc gia)" in client.get(_url("framework-create")).content.decode()
    )
    client.post(_url("framework-create"), _create_data(province="", key="tw_2026"))
    assert Framework.objects.get(key="tw_2026").province is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"key": "nc_ht"}, "key", "đã có"),
        ({"key": "mã có dấu"}, "key", "chữ không dấu"),
        ({"period_end": 2025}, "period_end", "sau hoặc bằng năm bắt đầu"),
        ({"decision_date": "31/02/2026"}, "decision_date", "Ngày không hợp lệ"),
        ({"name": "x" * 256}, "name", "tối đa 255 ký tự"),
        ({"level": "kdc_kieu_mau"}, "unit_kind", "thôn, khu dân cư"),
    ],
)
def test_bad_input_on_create_is_refused_by_field_and_nothing_is_created(
    as_province_a, province, provincial, fields, field, message
):
    before = Framework.objects.count()
    response = as_province_a.post(
        _url("framework-create"), _create_data(province=province.pk, **fields)
    )
    assert response.status_code == 200
    assert message in _errors(response, field)
    assert Framework.objects.count() == before


def test_a_commune_official_may_not_create_a_set(client, official_a):
    client.force_login(official_a)
    assert client.get(_url("framework-create")).status_code == 403
    assert client.post(_url("framework-create"), _create_data()).status_code == 403


# --- a set's page ------------------------------------------------------------------------------


def test_detail_shows_criteria_indicators_bars_and_history(as_province_a, provincial):
    indicator = Indicator.objects.get(framework=provincial, code="1.2")
    authoring.indicator_retire(
        indicator=indicator, actor=provincial.changes.first().actor, on=date(2026, 12, 31),
        legal_basis="QĐ 10/2026",
    )  # fmt: skip
    response = as_province_a.get(_url("framework-detail", provincial.pk))
    page = response.content.decode()
    assert "Tiêu chí 1. Quy hoạch" in page and "Tiêu chí 2. Giao thông" in page
    assert "≥ 80 %" in page and "≥ 50 %" in page
    assert "cán bộ đánh giá" in page
    assert "ngừng áp dụng từ 31/12/2026" in page
    history = [line.change.action for line in response.context["page"].changes]
    assert history[0] == Action.RETIRED and history[-1] == Action.CREATED
    assert "QĐ 10/2026" in page
    assert response.context["may_author"]


def test_a_draft_shows_what_stops_publishing(as_province_a, draft, province_office_a):
    authoring.criterion_add(framework=draft, actor=province_office_a, number=3, name="Thủy lợi")
    response = as_province_a.get(_url("framework-detail", draft.pk))
    assert "Tiêu chí chưa có chỉ tiêu nào: 3." in response.content.decode()


def test_318_shows_a_column_per_region_and_the_common_one(client, official_a, f318):
    client.force_login(official_a)
    response = client.get(_url("framework-detail", f318.pk))
    page = response.context["page"]
    assert len(page.categories) == 7
    line = next(
        line
        for g in page.groups
        for c in g.criteria
        for line in c.indicators
        if line.indicator.code == "2.1"
    )
    assert len(line.cells) == 8 and line.cells[-1].text == "≥ 100 %"
    assert not response.context["may_author"]
    assert "Sửa thông tin bộ tiêu chí" not in response.content.decode()


def test_another_provinces_set_and_a_draft_of_someone_else_are_not_found(
    client, as_province_a, theirs, draft, official_a
):
    assert as_province_a.get(_url("framework-detail", theirs.pk)).status_code == 404
    client.force_login(official_a)
    assert client.get(_url("framework-detail", draft.pk)).status_code == 404


def test_the_detail_page_runs_constant_queries(
    client, national_office, f318, django_assert_num_queries
):
    client.force_login(national_office)
    # session, user, permissions (user, groups), the set, categories, indicators, thresholds,
    # criteria, groups, history, mappings, the header's count (with the user's roles): the same
    # for 19 criteria and 56 indicators as for one
    with django_assert_num_queries(14):
        client.get(_url("framework-detail", f318.pk))


# --- editing a set's own fields -------------------------------------------------------------


def _edit_data(framework, **fields):
    data = {f: getattr(framework, f) or "" for f in authoring.FRAMEWORK_FIELDS}
    data["seen"] = authoring.last_change(framework)  # what the page was opened on
    for f in ("decision_date", "effective_date"):
        if data[f]:
            data[f] = f"{data[f]:%d/%m/%Y}"
    data.update(fields)
    return data


def test_editing_a_published_set_needs_a_legal_basis_and_records_it(as_province_a, provincial):
    url = _url("framework-edit", provincial.pk)
    page = as_province_a.get(url).content.decode()
    assert "ghi căn cứ của thay đổi" in page and 'id="id_legal_basis_helptext"' in page

    response = as_province_a.post(url, _edit_data(provincial, name="Tên mới", legal_basis=""))
    assert response.status_code == 200
    assert "ghi căn cứ của thay đổi" in _errors(response, "legal_basis")
    provincial.refresh_from_db()
    assert provincial.name == "Bộ tiêu chí xã NTM nâng cao tỉnh (thử)"

    response = as_province_a.post(url, _edit_data(provincial, name="Tên mới", legal_basis=BASIS))
    assert response.status_code == 302
    provincial.refresh_from_db()
    assert provincial.name == "Tên mới"
    change = _changes(provincial, field="name").get()
    assert (change.old_value, change.new_value, change.legal_basis) == (
        "Bộ tiêu chí xã NTM nâng cao tỉnh (thử)",
        "Tên mới",
        BASIS,
    )
    assert "Đã lưu bộ tiêu chí: tên bộ tiêu chí." in _messages(response)


def test_a_published_sets_category_kind_cannot_be_changed_through_the_form(
    as_province_a, provincial
):
    url = _url("framework-edit", provincial.pk)
    as_province_a.post(url, _edit_data(provincial, category_kind="group", legal_basis=BASIS))
    provincial.refresh_from_db()
    assert provincial.category_kind == ""
    assert not _changes(provincial, field="category_kind").exists()


def test_a_province_office_may_read_but_not_edit_a_national_set(as_province_a, f2026):
    url = _url("framework-edit", f2026.pk)
    assert as_province_a.get(_url("framework-detail", f2026.pk)).status_code == 200
    assert as_province_a.get(url).status_code == 403
    response = as_province_a.post(url, _edit_data(f2026, name="Đổi", legal_basis=BASIS))
    assert response.status_code == 403
    f2026.refresh_from_db()
    assert f2026.name != "Đổi" and not _changes(f2026).exists()


def test_another_provinces_set_cannot_be_edited_or_even_found(as_province_a, theirs):
    response = as_province_a.post(
        _url("framework-edit", theirs.pk), _edit_data(theirs, name="Đổi", legal_basis=BASIS)
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name != "Đổi"


# --- categories, groups, criteria -------------------------------------------------------------


def test_national_office_adds_a_commune_group_to_51_2025(client, national_office, f2026):
    client.force_login(national_office)
    url = _url("framework-category-add", f2026.pk)
    data = {"key": "nhom4", "name": "Nhóm 4 (thử)", "description": "", "legal_basis": BASIS}
    response = client.post(url, data)
    assert response.status_code == 302
    assert FrameworkCategory.objects.get(framework=f2026, key="nhom4").name == "Nhóm 4 (thử)"
    change = _changes(f2026).get()
    assert (change.action, change.target, change.legal_basis) == (
        Action.ADDED,
        "vùng/nhóm nhom4",
        BASIS,
    )

    response = client.post(url, data)
    assert response.status_code == 200 and "đã có" in _errors(response, "key")
    assert FrameworkCategory.objects.filter(framework=f2026).count() == 4


def test_a_category_on_a_set_without_categories_is_refused_on_the_key(as_province_a, draft):
    response = as_province_a.post(
        _url("framework-category-add", draft.pk),
        {"key": "nhom1", "name": "Nhóm 1", "description": "", "legal_basis": ""},
    )
    assert response.status_code == 200
    assert "không phân ngưỡng theo vùng/nhóm" in _errors(response, "key")
    assert not draft.categories.exists()


def test_province_office_adds_a_criterion_group_and_a_duplicate_code_is_refused(
    as_province_a, provincial
):
    url = _url("framework-group-add", provincial.pk)
    data = {"code": "I", "name": "Hạ tầng", "legal_basis": BASIS}
    assert as_province_a.post(url, data).status_code == 302
    assert CriterionGroup.objects.get(framework=provincial, code="I").name == "Hạ tầng"
    assert _changes(provincial, target="nhóm tiêu chí I", legal_basis=BASIS).exists()
    response = as_province_a.post(url, {**data, "name": "Khác"})
    assert "đã có" in _errors(response, "code")
    assert CriterionGroup.objects.get(framework=provincial, code="I").name == "Hạ tầng"


def test_province_office_adds_a_criterion_in_a_group(as_province_a, provincial, province_office_a):
    group = authoring.group_add(
        framework=provincial, actor=province_office_a, code="I", name="Hạ tầng", legal_basis=BASIS
    )
    url = _url("criterion-add", provincial.pk)
    response = as_province_a.post(
        url, {"number": 3, "name": "Thủy lợi", "group": group.pk, "legal_basis": BASIS}
    )
    assert response.status_code == 302 and response["Location"].endswith("#tieu-chi-3")
    criterion = Criterion.objects.get(framework=provincial, number=3)
    assert (criterion.name, criterion.group) == ("Thủy lợi", group)
    assert _changes(provincial, target="tiêu chí 3", action=Action.ADDED).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"number": 1, "name": "Lặp", "legal_basis": BASIS}, "number", "đã có"),
        ({"number": 3, "name": "Thủy lợi", "legal_basis": ""}, "legal_basis", "ghi căn cứ"),
        ({"number": 0, "name": "Thủy lợi", "legal_basis": BASIS}, "number", "từ 1"),
        ({"number": 3, "name": "", "legal_basis": BASIS}, "name", "Ghi tên tiêu chí"),
    ],
)
def test_a_bad_criterion_is_refused_by_field(as_province_a, provincial, data, field, message):
    response = as_province_a.post(_url("criterion-add", provincial.pk), data)
    assert response.status_code == 200 and message in _errors(response, field)
    assert provincial.criteria.count() == 2


def test_editing_a_criterion_records_old_and_new(as_province_a, provincial):
    criterion = provincial.criteria.get(number=1)
    url = _url("criterion-edit", criterion.pk)
    seen = authoring.last_change(provincial)
    response = as_province_a.post(
        url, {"name": "Quy hoạch xây dựng", "legal_basis": "", "seen": seen}
    )
    assert "ghi căn cứ" in _errors(response, "legal_basis")
    criterion.refresh_from_db()
    assert criterion.name == "Quy hoạch"

    as_province_a.post(
        url, {"name": "Quy hoạch xây dựng", "group": "", "legal_basis": BASIS, "seen": seen}
    )
    criterion.refresh_from_db()
    assert criterion.name == "Quy hoạch xây dựng"
    change = _changes(provincial, target="tiêu chí 1", field="name").get()
    assert (change.old_value, change.new_value) == ("Quy hoạch", "Quy hoạch xây dựng")


def test_retiring_a_criterion_of_a_published_set_needs_a_date_and_a_basis(
    as_province_a, provincial
):
    criterion = provincial.criteria.get(number=2)
    url = _url("criterion-retire", criterion.pk)
    response = as_province_a.post(url, {"ngung-on": "", "ngung-legal_basis": BASIS})
    assert response.status_code == 200
    assert "Ghi ngày ngừng áp dụng" in " ".join(response.context["retire_form"].errors["on"])
    criterion.refresh_from_db()
    assert criterion.retired_on is None

    response = as_province_a.post(url, {"ngung-on": "31/12/2026", "ngung-legal_basis": BASIS})
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.retired_on == date(2026, 12, 31)
    assert Indicator.objects.get(framework=provincial, code="2.1").retired_on == date(2026, 12, 31)
    change = _changes(provincial, action=Action.RETIRED).get()
    assert (change.target, change.new_value, change.legal_basis) == (
        "tiêu chí 2",
        "31/12/2026",
        BASIS,
    )


def test_retiring_a_criterion_of_a_draft_deletes_it(as_province_a, draft):
    criterion = draft.criteria.get(number=2)
    response = as_province_a.post(_url("criterion-retire", criterion.pk), {})
    assert response.status_code == 302
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    assert _changes(draft, action=Action.DELETED, target="tiêu chí 2").exists()


# --- indicators and their thresholds --------------------------------------------------------


def _indicator_data(**fields):
    data = {
        "code": "2.2",
        "name": "Tỷ lệ đường trục thôn được cứng hóa",
        "kind": "numeric",
        "unit": "%",
        "comparator": ">=",
        "guidance": "",
        "nguong0": "95,5",
        "yeucau0": "",
        "legal_basis": BASIS,
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("typed", ["95,5", "95.5"])  # a lone dot before one digit: a decimal
def test_province_office_adds_an_indicator_with_a_vietnamese_decimal_bar(
    as_province_a, provincial, typed
):
    criterion = provincial.criteria.get(number=2)
    url = _url("indicator-add", provincial.pk)
    form = as_province_a.get(url, {"tieu_chi": criterion.pk}).context["form"]
    assert form.initial["criterion"] == criterion.pk

    response = as_province_a.post(url, _indicator_data(criterion=criterion.pk, nguong0=typed))
    assert response.status_code == 302
    indicator = Indicator.objects.get(framework=provincial, code="2.2")
    assert (indicator.criterion, indicator.unit) == (criterion, "%")
    threshold = indicator.thresholds.get()
    assert (threshold.category, threshold.value, threshold.decision) == ("", Decimal("95.5"), BASIS)
    change = _changes(provincial, target="chỉ tiêu 2.2").get()
    assert change.action == Action.ADDED and "chung: ≥ 95,5 %" in change.new_value


def test_a_bar_in_words_and_an_empty_bar(as_province_a, provincial):
    criterion = provincial.criteria.get(number=2)
    as_province_a.post(
        _url("indicator-add", provincial.pk),
        _indicator_data(
            criterion=criterion.pk, kind="boolean", unit="", nguong0="", yeucau0="Có quy chế"
        ),
    )
    assert Indicator.objects.get(framework=provincial, code="2.2").thresholds.get().text == (
        "Có quy chế"
    )
    as_province_a.post(
        _url("indicator-add", provincial.pk),
        _indicator_data(criterion=criterion.pk, code="2.3", kind="boolean", unit="", nguong0=""),
    )
    assert not Indicator.objects.get(framework=provincial, code="2.3").thresholds.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"nguong0": "120"}, "nguong0", "tỷ lệ phải từ 0 đến 100"),
        ({"code": "1.1"}, "code", "1.1 đã có"),
        ({"kind": "boolean", "unit": ""}, "nguong0", "không có ngưỡng bằng số"),
        ({"unit": ""}, "unit", "cần đơn vị tính"),
        ({"nguong0": "1.250"}, "nguong0", "dấu phẩy cho phần thập phân"),
        ({"nguong0": "nhiều"}, "nguong0", "phải là một số"),
        ({"legal_basis": ""}, "legal_basis", "ghi căn cứ"),
        ({"code": "2.2345678901"}, "code", "tối đa 10 ký tự"),
    ],
)
def test_a_bad_indicator_is_refused_by_field_and_nothing_is_written(
    as_province_a, provincial, fields, field, message
):
    criterion = provincial.criteria.get(number=2)
    changes = _changes(provincial).count()
    response = as_province_a.post(
        _url("indicator-add", provincial.pk), _indicator_data(criterion=criterion.pk, **fields)
    )
    assert response.status_code == 200
    assert message in _errors(response, field)
    assert Indicator.objects.filter(framework=provincial).count() == 3
    assert _changes(provincial).count() == changes


def test_a_retired_criterion_is_not_offered_for_a_new_indicator(
    as_province_a, provincial, province_office_a
):
    criterion = provincial.criteria.get(number=2)
    authoring.criterion_retire(
        criterion=criterion, actor=province_office_a, on=date(2026, 12, 31), legal_basis=BASIS
    )
    response = as_province_a.post(
        _url("indicator-add", provincial.pk), _indicator_data(criterion=criterion.pk)
    )
    assert "đã ngừng áp dụng" in _errors(response, "criterion")


def test_a_threshold_per_commune_group_on_51_2025(client, national_office, f2026):
    client.force_login(national_office)
    url = _url("indicator-add", f2026.pk)
    form = client.get(url).context["form"]
    assert [label for label, _, _ in form.threshold_rows()][-1] == "Chung (mọi vùng/nhóm)"
    assert len(form.columns) == 4  # nhom1, nhom2, nhom3, common
    response = client.post(
        url,
        _indicator_data(
            criterion=f2026.criteria.get(number=2).pk,
            code="2.1",
            nguong0="100",
            nguong1="90",
            nguong2="80",
            nguong3="",
            legal_basis="51/2025/QĐ-TTg, Phụ lục I",
        ),
    )
    assert response.status_code == 302
    bars = dict(
        Threshold.objects.filter(indicator__framework=f2026, indicator__code="2.1").values_list(
            "category", "value"
        )
    )
    assert bars == {"nhom1": 100, "nhom2": 90, "nhom3": 80}


def test_editing_an_indicator_changes_fields_and_bars_together_on_the_record(
    as_province_a, provincial
):
    indicator = Indicator.objects.get(framework=provincial, code="1.1")
    url = _url("indicator-edit", indicator.pk)
    form = as_province_a.get(url).context["form"]
    assert form.initial["nguong0"] == "80"  # shown as typed, not 80,0000

    data = _indicator_data(
        criterion=indicator.criterion_id, name="Tỷ lệ hộ dùng nước sạch", nguong0="85,5"
    )
    del data["code"]
    data["seen"] = authoring.last_change(provincial)
    response = as_province_a.post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Tỷ lệ hộ dùng nước sạch"
    assert indicator.thresholds.get().value == Decimal("85.5")
    fields = set(
        _changes(provincial, target="chỉ tiêu 1.1", action=Action.EDITED).values_list(
            "field", "legal_basis"
        )
    )
    assert fields == {("name", BASIS), ("ngưỡng chung", BASIS)}
    assert "Đã lưu chỉ tiêu 1.1: tên chỉ tiêu, ngưỡng chung." in _messages(response)


def test_changing_kind_and_dropping_the_number_in_one_form_is_accepted(as_province_a, provincial):
    indicator = Indicator.objects.get(framework=provincial, code="1.1")
    data = _indicator_data(
        criterion=indicator.criterion_id, kind="boolean", unit="", nguong0="", yeucau0="Có"
    )
    del data["code"]
    data["seen"] = authoring.last_change(provincial)
    response = as_province_a.post(_url("indicator-edit", indicator.pk), data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.kind == "boolean"
    threshold = indicator.thresholds.get()
    assert (threshold.value, threshold.text) == (None, "Có")


def test_a_bad_edit_changes_neither_the_fields_nor_the_bars(as_province_a, provincial):
    indicator = Indicator.objects.get(framework=provincial, code="1.1")
    data = _indicator_data(criterion=indicator.criterion_id, name="Tên mới", nguong0="120")
    del data["code"]
    data["seen"] = authoring.last_change(provincial)
    response = as_province_a.post(_url("indicator-edit", indicator.pk), data)
    assert response.status_code == 200 and "từ 0 đến 100" in _errors(response, "nguong0")
    indicator.refresh_from_db()
    assert indicator.name == "Tỷ lệ hộ" and indicator.thresholds.get().value == 80
    assert not _changes(provincial, target="chỉ tiêu 1.1").exclude(action=Action.ADDED).exists()


def test_indicator_correct_is_one_transaction(provincial, province_office_a):
    """The thresholds refused after the fields were accepted: neither is saved."""
    indicator = Indicator.objects.get(framework=provincial, code="1.1")
    with pytest.raises(ValidationError) as error:
        authoring.indicator_correct(
            indicator=indicator, actor=province_office_a, name="Tên mới",
            bars={"nhom9": Bar(Decimal(1))}, legal_basis=BASIS,
        )  # fmt: skip
    assert "thresholds" in error.value.message_dict
    indicator.refresh_from_db()
    assert indicator.name == "Tỷ lệ hộ"
    assert not _changes(provincial, target="chỉ tiêu 1.1").exclude(action=Action.ADDED).exists()


def test_indicator_correct_changes_the_unit_and_a_bar_that_only_fit_together(
    provincial, province_office_a
):
    """km → % with the bar 120 → 90: the new unit does not fit the old bar, the new bar fits the
    old unit; the bars go first."""
    indicator = Indicator.objects.get(framework=provincial, code="2.1")
    authoring.indicator_correct(
        indicator=indicator, actor=province_office_a, unit="km",
        bars={"": Bar(Decimal(120))}, legal_basis=BASIS,
    )  # fmt: skip
    changed = authoring.indicator_correct(
        indicator=indicator, actor=province_office_a, unit="%",
        bars={"": Bar(Decimal(90))}, legal_basis=BASIS,
    )  # fmt: skip
    assert sorted(changed) == ["chung", "unit"]
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.thresholds.get().value) == ("%", 90)


def test_retiring_an_indicator(as_province_a, provincial, draft):
    indicator = Indicator.objects.get(framework=provincial, code="1.2")
    url = _url("indicator-retire", indicator.pk)
    response = as_province_a.post(url, {"ngung-on": "01/01/2027", "ngung-legal_basis": ""})
    assert response.status_code == 200
    assert "ghi căn cứ" in " ".join(response.context["retire_form"].errors["legal_basis"])
    response = as_province_a.post(url, {"ngung-on": "01/01/2027", "ngung-legal_basis": BASIS})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.retired_on == date(2027, 1, 1)
    assert _changes(provincial, action=Action.RETIRED, target="chỉ tiêu 1.2").exists()

    unused = Indicator.objects.get(framework=draft, code="1.2")
    as_province_a.post(_url("indicator-retire", unused.pk), {})
    assert not Indicator.objects.filter(pk=unused.pk).exists()


def test_a_province_office_may_not_touch_a_national_indicator(as_province_a, f318):
    indicator = Indicator.objects.get(framework=f318, code="2.1")
    assert as_province_a.get(_url("indicator-edit", indicator.pk)).status_code == 403
    response = as_province_a.post(
        _url("indicator-retire", indicator.pk),
        {"ngung-on": "01/01/2025", "ngung-legal_basis": BASIS},
    )
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.retired_on is None


def test_another_provinces_criterion_and_indicator_are_not_found(as_province_a, theirs):
    criterion = theirs.criteria.get(number=1)
    indicator = Indicator.objects.get(framework=theirs, code="1.1")
    for url in (
        _url("criterion-edit", criterion.pk),
        _url("indicator-edit", indicator.pk),
        _url("indicator-add", theirs.pk),
    ):
        assert as_province_a.get(url).status_code == 404
    response = as_province_a.post(
        _url("criterion-retire", criterion.pk),
        {"ngung-on": "01/01/2027", "ngung-legal_basis": BASIS},
    )
    assert response.status_code == 404
    criterion.refresh_from_db()
    assert criterion.retired_on is None


# --- publishing and deleting a draft -------------------------------------------------------


def test_publishing_a_draft_with_a_criterion_without_indicators_is_refused(
    as_province_a, draft, province_office_a
):
    authoring.criterion_add(framework=draft, actor=province_office_a, number=3, name="Thủy lợi")
    response = as_province_a.post(_url("framework-publish", draft.pk))
    assert response.status_code == 302
    shown = _messages(response)
    assert any("Tiêu chí chưa có chỉ tiêu nào: 3." in m for m in shown)
    draft.refresh_from_db()
    assert draft.is_draft and not _changes(draft, action=Action.PUBLISHED).exists()


def test_publishing_a_complete_draft(as_province_a, draft):
    response = as_province_a.post(_url("framework-publish", draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    change = _changes(draft, action=Action.PUBLISHED).get()
    assert (change.old_value, change.new_value) == ("Dự thảo", "Đã ban hành")


def test_deleting_a_draft_and_not_a_published_set(as_province_a, draft, provincial):
    response = as_province_a.post(_url("framework-delete", draft.pk))
    assert response.status_code == 302 and response["Location"] == _url("framework-list")
    assert not Framework.objects.filter(pk=draft.pk).exists()

    response = as_province_a.post(_url("framework-delete", provincial.pk))
    assert response.status_code == 302
    assert "Chỉ xóa được bộ tiêu chí dự thảo" in " ".join(_messages(response))
    assert Framework.objects.filter(pk=provincial.pk).exists()


def test_someone_elses_draft_cannot_be_published_or_deleted(client, official_a, draft):
    client.force_login(official_a)
    assert client.post(_url("framework-publish", draft.pk)).status_code == 404
    assert client.post(_url("framework-delete", draft.pk)).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


# --- "xem thử" --------------------------------------------------------------------------------


@pytest.fixture
def mapped_2025(commune_a, f318, provincial, official_a, national_office):
    """Xã A measured in 2025 on 318 (17.1 = 85 %, 2.4 = 60 %), and a mapping 318 → the
    provincial set: 17.1 → 1.1 (≥ 80 %), 2.4 → 2.1 (≥ 50 %)."""
    assessment = services.assessment_open(
        commune=commune_a, framework=f318, year=2025, actor=official_a
    )
    for code, value in (("17.1", 85), ("2.4", 60)):
        assessment.statuses.filter(indicator__code=code).update(value=value)
    mapping = FrameworkMapping.objects.create(source=f318, target=provincial, basis="thử")
    for old, new in (("17.1", "1.1"), ("2.4", "2.1")):
        IndicatorMapping.objects.create(
            mapping=mapping,
            source=Indicator.objects.get(framework=f318, code=old),
            target=Indicator.objects.get(framework=provincial, code=new),
        )
    return assessment


def test_preview_shows_what_a_commune_would_score_and_writes_nothing(
    client, official_a, commune_a, provincial, mapped_2025
):
    client.force_login(official_a)
    before = (Assessment.objects.count(), IndicatorStatus.objects.count())
    response = client.get(
        _url("framework-preview", provincial.pk), {"xa": commune_a.pk, "nam": 2026}
    )
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.headline == "1/2"  # 2 met; 1 waits for 1.2, judged by the official
    rows = {r.indicator.code: r for c in preview.criteria for r in c.rows}
    assert (rows["1.1"].status, rows["1.1"].value) == (Status.MET, 85)
    assert rows["1.2"].status == Status.NOT_ASSESSED
    assert "chép từ năm 2025" in rows["2.1"].origin
    assert preview.indicator_headline == "2/3"  # 1.1 and 2.1 met, 1.2 not yet judged
    assert (
        'đạt <strong id="preview-count">1/2</strong> tiêu chí, '
        '<strong id="preview-indicator-count">2/3</strong> chỉ tiêu'
    ) in response.content.decode()
    assert (Assessment.objects.count(), IndicatorStatus.objects.count()) == before


def test_preview_offers_only_readable_communes_of_the_sets_province(
    client, district_officer, commune_a, commune_b, provincial, f2026
):
    client.force_login(factories.supervisor(commune_a.province, username="vp_tinh"))
    form = client.get(_url("framework-preview", provincial.pk)).context["form"]
    assert list(form.fields["xa"].queryset) == [commune_a]
    response = client.get(
        _url("framework-preview", provincial.pk), {"xa": commune_b.pk, "nam": 2026}
    )
    assert "Chọn một xã trong danh sách" in _errors(response, "xa")
    assert response.context["preview"] is None
    response = client.get(
        _url("framework-preview", provincial.pk), {"xa": commune_a.pk, "nam": 2025}
    )
    assert "2026–2030" in _errors(response, "nam")


def test_preview_of_a_draft_is_for_its_authors_only(
    client, as_province_a, official_a, commune_a, draft
):
    response = as_province_a.get(
        _url("framework-preview", draft.pk), {"xa": commune_a.pk, "nam": 2026}
    )
    assert response.context["preview"].headline == "0/2"
    client.force_login(official_a)
    assert client.get(_url("framework-preview", draft.pk)).status_code == 404


def test_preview_of_51_2025_flags_a_commune_without_a_group(client, official_a, commune_a, f2026):
    client.force_login(official_a)
    response = client.get(_url("framework-preview", f2026.pk), {"xa": commune_a.pk, "nam": 2026})
    preview = response.context["preview"]
    assert preview.category_missing and preview.headline == "0/10"


# --- every page: signed in, right method ------------------------------------------------------

PAGES = {
    "framework-list": ("get", lambda f: []),
    "framework-create": ("get", lambda f: []),
    "framework-detail": ("get", lambda f: [f.pk]),
    "framework-edit": ("get", lambda f: [f.pk]),
    "framework-preview": ("get", lambda f: [f.pk]),
    "framework-category-add": ("get", lambda f: [f.pk]),
    "framework-group-add": ("get", lambda f: [f.pk]),
    "criterion-add": ("get", lambda f: [f.pk]),
    "criterion-edit": ("get", lambda f: [f.criteria.first().pk]),
    "indicator-add": ("get", lambda f: [f.pk]),
    "indicator-edit": ("get", lambda f: [f.indicators.first().pk]),
    "framework-publish": ("post", lambda f: [f.pk]),
    "framework-delete": ("post", lambda f: [f.pk]),
    "criterion-retire": ("post", lambda f: [f.criteria.first().pk]),
    "indicator-retire": ("post", lambda f: [f.indicators.first().pk]),
}
ONLY_GET = {"framework-list", "framework-detail", "framework-preview"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_users_are_sent_to_sign_in(client, provincial, name):
    method, args = PAGES[name]
    response = getattr(client, method)(_url(name, *args(provincial)))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_wrong_method_is_refused(as_province_a, provincial, name):
    method, args = PAGES[name]
    url = _url(name, *args(provincial))
    wrong = "get" if method == "post" else ("post" if name in ONLY_GET else "put")
    assert getattr(as_province_a, wrong)(url).status_code == 405
    assert provincial.criteria.count() == 2 and provincial.indicators.count() == 3


def test_every_aria_describedby_points_at_an_element_on_the_page(
    as_province_a, provincial, draft, commune_a
):
    """Django 5.2 describes an input by "<id>_helptext" and "<id>_error"; the pages render
    both ids, with and without errors."""
    import re

    criterion = provincial.criteria.get(number=1)
    indicator = Indicator.objects.get(framework=provincial, code="1.1")
    pages = [
        as_province_a.get(_url("framework-create")),
        as_province_a.post(_url("framework-create"), _create_data(key="", period_end=1999)),
        as_province_a.post(_url("framework-edit", provincial.pk), _edit_data(provincial)),
        as_province_a.post(_url("indicator-add", provincial.pk), _indicator_data(nguong0="120")),
        as_province_a.get(_url("indicator-edit", indicator.pk)),
        as_province_a.post(_url("criterion-retire", criterion.pk), {"ngung-on": "x"}),
        as_province_a.post(_url("framework-category-add", draft.pk), {"key": "?"}),
        as_province_a.get(_url("framework-preview", provincial.pk), {"xa": "0", "nam": "1"}),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        described = {
            ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()
        }
        assert described, response.request["PATH_INFO"]
        assert described <= ids, (response.request["PATH_INFO"], described - ids)


def test_a_set_downloads_as_the_workbook_and_the_catalogue_yaml(client, provincial, official_a):
    import io

    import openpyxl
    import yaml

    client.force_login(official_a)  # a reader of province A: may download, not change
    response = client.get(_url("framework-xlsx", provincial.pk))
    assert response.status_code == 200
    assert 'filename="bo-tieu-chi-nc_ht.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    codes = [row[0] for row in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert codes == ["1.1", "1.2", "2.1"]
    response = client.get(_url("framework-yaml", provincial.pk))
    document = yaml.safe_load(response.content.decode("utf-8"))
    assert document["framework"]["key"] == "nc_ht"
    assert [c["number"] for c in document["criteria"]] == [1, 2]


def _posted(form) -> dict:
    """What the page's form sends back untouched."""
    return {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}


def test_a_correction_from_a_page_opened_before_a_colleagues_is_refused_not_written_over(
    province, province_office_a
):
    """A raises 1.1's bar 80 → 90 %; B, on a page opened before, renames it: B's form would
    send 80 back. It is refused, naming A's change; A's bar stands, B's typing is on the page."""
    from decimal import Decimal

    from django.test import Client

    from criteria.models import FrameworkChange, Indicator

    framework = factories.authored_framework(actor=province_office_a, province=province)
    indicator = Indicator.objects.get(framework=framework, code="1.1")
    colleague = factories.province_office(province, username="province_a2")
    url = reverse("criteria:indicator-edit", args=[indicator.pk])
    first, second = Client(), Client()
    first.force_login(province_office_a)
    second.force_login(colleague)
    page_1 = _posted(first.get(url).context["form"])
    page_2 = _posted(second.get(url).context["form"])
    assert page_1["seen"] == page_2["seen"] == FrameworkChange.objects.latest("pk").pk

    page_1.update(nguong0="90", legal_basis="QĐ 12/2026/QĐ-UBND")
    assert first.post(url, page_1).status_code == 302
    records = FrameworkChange.objects.count()
    page_2.update(name="Tỷ lệ hộ dùng nước sạch (đã sửa)", legal_basis="Đính chính 01/2026")
    refused = second.post(url, page_2)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "đã được" in text and "từ lúc bạn mở trang" in text
    assert "Tỷ lệ hộ dùng nước sạch (đã sửa)" in text  # what B typed is still there
    indicator.refresh_from_db()
    assert indicator.thresholds.get().value == Decimal("90")
    assert indicator.name != "Tỷ lệ hộ dùng nước sạch (đã sửa)"
    assert FrameworkChange.objects.count() == records
    # a form without the page's version decides nothing either
    del page_2["seen"]
    assert "mở lại trang" in second.post(url, page_2).content.decode()


def test_a_criterion_and_the_sets_own_fields_refuse_a_page_opened_before_a_change(
    client, province, province_office_a
):
    from criteria import authoring
    from criteria.models import Criterion

    framework = factories.authored_framework(actor=province_office_a, province=province)
    criterion = Criterion.objects.filter(framework=framework).order_by("number").first()
    client.force_login(province_office_a)
    pages = {
        reverse("criteria:criterion-edit", args=[criterion.pk]): {"name": "Tên mới"},
        reverse("criteria:framework-edit", args=[framework.pk]): {"name": "Bộ mới"},
    }
    opened = {url: _posted(client.get(url).context["form"]) for url in pages}
    authoring.criterion_update(
        criterion=criterion, actor=province_office_a, legal_basis="QĐ 3", name="Đổi trước"
    )
    for url, change in pages.items():
        data = {**opened[url], **change, "legal_basis": "QĐ 4"}
        assert "từ lúc bạn mở trang" in client.post(url, data).content.decode()
    criterion.refresh_from_db()
    framework.refresh_from_db()
    assert (criterion.name, framework.name) != ("Tên mới", "Bộ mới")
    assert criterion.name == "Đổi trước"
