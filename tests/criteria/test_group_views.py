"""The commune-group pages (criteria.group_views): the communes of a group-keyed set with the
group in force today and the count of those without one, a commune's whole history on the set,
and the form that records a new group (the row in force closed, a new row added), with who may
do what and what bad input does (the page again, the message by its field, nothing written)."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from criteria import authoring, transition
from criteria.models import Framework, UnitCategory
from tests import factories

pytestmark = pytest.mark.django_db
BASIS = "QĐ 60/QĐ-UBND ngày 15/01/2026"


@pytest.fixture
def f2026(db):
    """51/2025 (2026–2030): thresholds by commune group nhom1 / nhom2 / nhom3."""
    return Framework.objects.get(key="xa_ntm_2026_2030")


@pytest.fixture
def as_province_a(client, province_office_a):
    client.force_login(province_office_a)
    return client


@pytest.fixture
def cam_thanh(district_a):
    return factories.CommuneFactory(name="Cẩm Thành", parent=district_a, region="btb")


def _list(framework):
    return reverse("criteria:unit-categories", args=[framework.pk])


def _edit(framework, commune):
    return reverse("criteria:unit-category-edit", args=[framework.pk, commune.pk])


def _set(commune, framework, category, start, actor, **kw):
    row, _ = transition.unit_category_set(
        unit=commune,
        framework=framework,
        category=category,
        basis=kw.pop("basis", BASIS),
        valid_from=start,
        actor=actor,
        **kw,
    )
    return row


def _rows(commune, framework):
    return list(
        UnitCategory.objects.filter(unit=commune, framework=framework)
        .order_by("valid_from", "pk")
        .values_list("category", "basis", "valid_from", "valid_to", "note", "recorded_by")
    )


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _errors(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def _data(**fields):
    data = {
        "category": "nhom1",
        "basis": BASIS,
        "valid_from": "01/07/2026",
        "valid_to": "",
        "note": "Xã liền kề thị trấn Cẩm Xuyên",
    }
    data.update(fields)
    return data


# --- the list of communes ------------------------------------------------------------------------


def test_the_list_shows_each_commune_with_its_group_in_force_and_counts_those_without(
    as_province_a, f2026, commune_a, cam_thanh, commune_b, province_office_a
):
    _set(commune_a, f2026, "nhom2", date(2026, 1, 1), province_office_a)
    response = as_province_a.get(_list(f2026))
    assert response.status_code == 200
    listed = {c.pk: c for c in response.context["page"].object_list}
    assert set(listed) == {commune_a.pk, cam_thanh.pk}  # xã B is another province's
    a = listed[commune_a.pk]
    assert (a.cat_category, a.cat_name, a.cat_basis) == ("nhom2", "Xã nhóm 2", BASIS)
    assert (a.cat_valid_from, a.cat_valid_to) == (date(2026, 1, 1), None)
    assert listed[cam_thanh.pk].cat_category is None
    assert response.context["missing_count"] == 1
    page = response.content.decode()
    assert '<strong id="missing-count">1</strong> xã chưa được xếp nhóm' in page
    assert "Xã nhóm 2" in page and "Chưa xếp nhóm" in page
    assert _edit(f2026, commune_a) in page


def test_the_filter_keeps_only_communes_without_a_group(
    as_province_a, f2026, commune_a, cam_thanh, province_office_a
):
    _set(commune_a, f2026, "nhom1", date(2026, 1, 1), province_office_a)
    response = as_province_a.get(_list(f2026), {"chua_xep": "on"})
    assert [c.pk for c in response.context["page"].object_list] == [cam_thanh.pk]
    assert response.context["missing_count"] == 1


def test_a_group_that_ended_or_has_not_started_counts_as_missing_today(
    as_province_a, f2026, commune_a, cam_thanh, province_office_a
):
    _set(commune_a, f2026, "nhom1", date(2026, 1, 1), province_office_a, valid_to=date(2026, 1, 31))
    _set(cam_thanh, f2026, "nhom3", date(2099, 1, 1), province_office_a)
    response = as_province_a.get(_list(f2026))
    assert response.context["missing_count"] == 2
    assert all(c.cat_category is None for c in response.context["page"].object_list)


def test_the_search_ignores_diacritics(as_province_a, f2026, commune_a, cam_thanh):
    response = as_province_a.get(_list(f2026), {"q": "cam thanh"})
    assert [c.pk for c in response.context["page"].object_list] == [cam_thanh.pk]
    assert response.context["missing_count"] == 2  # the count is of all the user's communes


def test_a_commune_official_sees_only_their_commune(
    client, official_a, f2026, commune_a, cam_thanh
):
    client.force_login(official_a)
    response = client.get(_list(f2026))
    assert [c.pk for c in response.context["page"].object_list] == [commune_a.pk]


def test_a_provinces_own_group_set_lists_only_that_provinces_communes(
    client, f2026, commune_a, commune_b, province, province_office_a
):
    framework = _provincial_grouped_set(province, province_office_a)
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    client.force_login(admin)
    response = client.get(_list(framework))
    assert [c.pk for c in response.context["page"].object_list] == [commune_a.pk]
    assert client.get(_edit(framework, commune_b)).status_code == 404


def test_a_set_without_groups_or_regions_has_no_group_page(
    as_province_a, province, province_office_a, commune_a
):
    framework = factories.authored_framework(actor=province_office_a, province=province)
    assert as_province_a.get(_list(framework)).status_code == 404
    assert as_province_a.get(_edit(framework, commune_a)).status_code == 404
    page = as_province_a.get(framework.get_absolute_url()).content.decode()
    assert "Nhóm xã theo bộ tiêu chí này" not in page


def test_another_provinces_set_is_a_404(
    as_province_a, other_province, province_office_b, commune_a
):
    theirs = _provincial_grouped_set(other_province, province_office_b, key="nhom_dn")
    assert as_province_a.get(_list(theirs)).status_code == 404
    assert as_province_a.get(_edit(theirs, commune_a)).status_code == 404


def test_the_framework_page_links_to_the_group_page(as_province_a, f2026):
    page = as_province_a.get(f2026.get_absolute_url()).content.decode()
    assert f'href="{_list(f2026)}"' in page and "Nhóm xã theo bộ tiêu chí này" in page


def test_the_list_needs_a_login_and_a_get(client, as_province_a, f2026):
    assert as_province_a.post(_list(f2026)).status_code == 405
    as_province_a.logout()
    response = client.get(_list(f2026))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_list_runs_constant_queries(
    as_province_a, f2026, district_a, province_office_a, django_assert_num_queries
):
    def add_communes(n, start):
        for i in range(n):
            commune = factories.CommuneFactory(name=f"Xã thử {start + i}", parent=district_a)
            if i % 2:
                _set(commune, f2026, "nhom2", date(2026, 1, 1), province_office_a)

    # session, user, permissions (user, groups), roles (+ their criteria), the set, the count
    # without a group, the paginator's count, the page of communes with their groups (subqueries),
    # the header's count
    add_communes(2, 0)
    with django_assert_num_queries(11):
        as_province_a.get(_list(f2026))
    add_communes(12, 2)
    with django_assert_num_queries(11):
        response = as_province_a.get(_list(f2026))
    assert len(response.context["page"].object_list) == 14


# --- a commune's history and the form ----------------------------------------------------------


def test_an_office_records_a_new_group_the_old_row_closes_and_a_new_row_is_added(
    client, district_officer, f2026, commune_a, province_office_a
):
    _set(commune_a, f2026, "nhom2", date(2026, 1, 1), province_office_a)
    client.force_login(district_officer)
    response = client.post(_edit(f2026, commune_a), _data())
    assert response.status_code == 302 and response["Location"] == _edit(f2026, commune_a)
    assert _rows(commune_a, f2026) == [
        ("nhom2", BASIS, date(2026, 1, 1), date(2026, 6, 30), "", province_office_a.pk),
        (
            "nhom1",
            BASIS,
            date(2026, 7, 1),
            None,
            "Xã liền kề thị trấn Cẩm Xuyên",
            district_officer.pk,
        ),
    ]
    assert _messages(response) == [
        "Đã xếp Xã Cẩm Tân vào Xã nhóm 1 từ 01/07/2026 (QĐ 60/QĐ-UBND ngày 15/01/2026)."
    ]
    page = client.get(_edit(f2026, commune_a)).content.decode()
    assert "Xã nhóm 2" in page and "30/06/2026" in page and district_officer.full_name in page


def test_the_first_group_of_a_commune_with_an_end_date(as_province_a, f2026, commune_a):
    response = as_province_a.post(
        _edit(f2026, commune_a), _data(category="nhom3", valid_to="31/12/2027", note="")
    )
    assert response.status_code == 302
    assert [r[:5] for r in _rows(commune_a, f2026)] == [
        ("nhom3", BASIS, date(2026, 7, 1), date(2027, 12, 31), "")
    ]


def test_the_same_group_again_writes_nothing_and_says_so(
    as_province_a, f2026, commune_a, province_office_a
):
    _set(commune_a, f2026, "nhom1", date(2026, 1, 1), province_office_a)
    before = _rows(commune_a, f2026)
    response = as_province_a.post(_edit(f2026, commune_a), _data())
    assert response.status_code == 302
    assert _rows(commune_a, f2026) == before
    assert "không có thay đổi nào để lưu" in _messages(response)[0]


def test_a_reader_sees_the_history_without_a_form_and_may_not_post(
    client, official_a, f2026, commune_a, province_office_a
):
    _set(commune_a, f2026, "nhom2", date(2026, 1, 1), province_office_a, valid_to=date(2026, 3, 31))
    _set(commune_a, f2026, "nhom1", date(2026, 4, 1), province_office_a)
    client.force_login(official_a)
    response = client.get(_edit(f2026, commune_a))
    assert response.status_code == 200 and response.context["form"] is None
    history = response.context["history"]
    assert [(h.row.category, h.name, h.in_force) for h in history] == [
        ("nhom1", "Xã nhóm 1", True),
        ("nhom2", "Xã nhóm 2", False),
    ]
    assert "xep-nhom" not in response.content.decode()
    before = _rows(commune_a, f2026)
    assert client.post(_edit(f2026, commune_a), _data(valid_from="01/09/2026")).status_code == 403
    assert _rows(commune_a, f2026) == before


def test_another_units_commune_is_a_404(
    client, official_b, district_b, f2026, commune_a, province_office_a
):
    for user in (official_b, factories.supervisor(district_b, username="vp_huyen_b")):
        client.force_login(user)
        assert client.get(_edit(f2026, commune_a)).status_code == 404
        assert client.post(_edit(f2026, commune_a), _data()).status_code == 404
    assert _rows(commune_a, f2026) == []


def test_the_edit_page_needs_a_login_and_get_or_post(client, as_province_a, f2026, commune_a):
    assert as_province_a.put(_edit(f2026, commune_a)).status_code == 405
    assert as_province_a.delete(_edit(f2026, commune_a)).status_code == 405
    as_province_a.logout()
    for method in (client.get, client.post):
        response = method(_edit(f2026, commune_a))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"basis": "  "}, "basis", "Ghi căn cứ"),
        ({"basis": "x" * 256}, "basis", "tối đa 255 ký tự"),
        ({"category": "nhom9"}, "category", "Nhóm không thuộc bộ tiêu chí này"),
        ({"category": ""}, "category", "Chọn nhóm"),
        ({"valid_from": "31/06/2026"}, "valid_from", "ngày/tháng/năm"),
        ({"valid_from": ""}, "valid_from", "Ghi ngày áp dụng"),
        ({"valid_to": "30/06/2026"}, "valid_to", "phải sau ngày áp dụng"),
        ({"note": "x" * 501}, "note", "tối đa 500 ký tự"),
        # the service's own refusal, by its field: not on or before the latest row's start
        ({"valid_from": "01/01/2026"}, "valid_from", "ngày áp dụng mới phải sau ngày đó"),
    ],
)
def test_bad_input_is_shown_by_its_field_and_nothing_is_written(
    as_province_a, f2026, commune_a, province_office_a, fields, field, message
):
    _set(commune_a, f2026, "nhom2", date(2026, 1, 1), province_office_a)
    before = _rows(commune_a, f2026)
    response = as_province_a.post(_edit(f2026, commune_a), _data(**fields))
    assert response.status_code == 200
    assert message in _errors(response, field)
    assert "Chưa lưu" in response.content.decode()
    assert _rows(commune_a, f2026) == before


def test_the_same_form_passes_once_the_cause_is_removed(
    as_province_a, f2026, commune_a, province_office_a
):
    """The failing case of the date above, with a later date: the row is written."""
    _set(commune_a, f2026, "nhom2", date(2026, 1, 1), province_office_a)
    response = as_province_a.post(_edit(f2026, commune_a), _data(valid_from="02/01/2026"))
    assert response.status_code == 302
    assert len(_rows(commune_a, f2026)) == 2


# --- the commune page links to it --------------------------------------------------------------


def test_the_commune_page_links_its_missing_or_present_group_to_the_group_page(
    client, official_a, f2026, commune_a, province_office_a
):
    client.force_login(official_a)
    url = reverse("criteria:commune-detail", args=[commune_a.pk])
    query = {"framework": f2026.key, "year": 2026}
    page = client.get(url, query).content.decode()
    assert "Xã chưa được xếp nhóm" in page and f'href="{_edit(f2026, commune_a)}"' in page
    _set(commune_a, f2026, "nhom3", date(2026, 1, 1), province_office_a)
    page = client.get(url, query).content.decode()
    assert "Nhóm xã năm 2026: <strong>Xã nhóm 3</strong>" in page
    assert f'href="{_edit(f2026, commune_a)}"' in page


# --- helpers -----------------------------------------------------------------------------------


def _provincial_grouped_set(province, actor, key="nhom_ht"):
    framework = authoring.framework_create(
        actor=actor, key=key, province=province, name="Bộ theo nhóm của tỉnh", level="xa_ntm",
        period_start=2026, period_end=2030, category_kind="group",
    )  # fmt: skip
    for k in ("nhom1", "nhom2"):
        authoring.category_add(framework=framework, actor=actor, key=k, name=k)
    criterion = authoring.criterion_add(framework=framework, actor=actor, number=1, name="Thu nhập")
    authoring.indicator_add(
        framework=framework,
        actor=actor,
        criterion=criterion,
        code="1.1",
        name="Đạt",
        kind="boolean",
    )
    authoring.framework_publish(framework=framework, actor=actor)
    framework.refresh_from_db()
    return framework


def test_the_history_runs_constant_queries(
    as_province_a, f2026, commune_a, province_office_a, django_assert_num_queries
):
    # session, user, permissions (user, groups), roles (+ their criteria), the set, the
    # commune, the set's categories, the rows with who recorded them, the header's count
    _set(commune_a, f2026, "nhom2", date(2026, 1, 1), province_office_a)
    with django_assert_num_queries(11):
        as_province_a.get(_edit(f2026, commune_a))
    for month in range(2, 8):
        _set(commune_a, f2026, f"nhom{month % 3 + 1}", date(2026, month, 1), province_office_a)
    with django_assert_num_queries(11):
        response = as_province_a.get(_edit(f2026, commune_a))
    assert len(response.context["history"]) == 7
