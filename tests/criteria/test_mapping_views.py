"""The "Bảng chuyển đổi chỉ tiêu" page of a set (criteria.mapping_views) and the removal of a
row (transition.mapping_row_delete): who may change the mapping into a set, what a row written
here is (in the database and on the target's record), what bad input does (the page again, the
message by its field, nothing written), and that a year already opened keeps what it carried."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from criteria import services, transition
from criteria.models import (
    Framework,
    FrameworkChange,
    FrameworkMapping,
    Indicator,
    IndicatorMapping,
    IndicatorStatus,
)
from tests import factories

Action = FrameworkChange.Action
pytestmark = pytest.mark.django_db
BASIS = "Hướng dẫn 02/HD-VPĐP ngày 10/3/2026"
OLD_SET = "xa_ntm_2021_2025"


@pytest.fixture
def provincial(province, province_office_a):
    """Hà Tĩnh's own published set (indicators 1.1 ≥ 80 %, 1.2, 2.1)."""
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
def as_province_a(client, province_office_a):
    client.force_login(province_office_a)
    return client


def _indicator(framework, code):
    return Indicator.objects.get(framework=framework, code=code)


def _row(f318, target, actor, old="17.1", new="1.1", note="cùng cách tính"):
    """A row written through the service, as the Excel import writes it."""
    transition.mapping_set(
        source=f318,
        target=target,
        rows=[(_indicator(f318, old), _indicator(target, new), note)],
        actor=actor,
        basis=BASIS,
    )
    return IndicatorMapping.objects.get(mapping__target=target, target__code=new)


def _edit(framework):
    return reverse("criteria:mapping-edit", args=[framework.pk])


def _delete(row):
    return reverse("criteria:mapping-row-delete", args=[row.pk])


def _data(f318, **fields):
    data = {
        "source": f318.pk,
        "old_code": "17.1",
        "new_code": "1.1",
        "note": "cùng cách tính",
        "basis": BASIS,
    }
    data.update(fields)
    return data


def _errors(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _written(framework):
    """Everything a refused write must leave alone."""
    return (
        list(
            IndicatorMapping.objects.order_by("pk").values_list(
                "pk", "mapping_id", "source_id", "target_id", "note"
            )
        ),
        list(FrameworkMapping.objects.order_by("pk").values_list("pk", "basis")),
        FrameworkChange.objects.filter(framework=framework).count(),
    )


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_the_rows_into_the_set_and_offers_readable_sets_as_sources(
    as_province_a, f318, provincial, draft, theirs, province_office_a
):
    _row(f318, provincial, province_office_a)
    response = as_province_a.get(_edit(provincial))
    assert response.status_code == 200
    [block] = response.context["blocks"]
    assert block.mapping.source == f318
    assert [(line.row.source.code, line.row.target.code) for line in block.rows] == [
        ("17.1", "1.1")
    ]
    sources = set(response.context["form"].fields["source"].queryset.values_list("key", flat=True))
    assert {OLD_SET, "xa_ntm_2026_2030", "nc_ht_du_thao"} <= sources
    assert "nc_ht" not in sources  # the set itself
    assert "nc_dn" not in sources  # another province's
    page = response.content.decode()
    assert "các năm đã mở giữ nguyên giá trị đã chép" in page
    assert "cùng cách tính" in page and BASIS in page


def test_the_set_page_links_to_the_mapping_page_for_its_authors_only(
    client, as_province_a, official_a, provincial
):
    detail = reverse("criteria:framework-detail", args=[provincial.pk])
    assert _edit(provincial) in as_province_a.get(detail).content.decode()
    client.force_login(official_a)
    page = client.get(detail).content.decode()
    assert "Sửa bảng chuyển đổi" not in page and _edit(provincial) not in page


def test_the_page_runs_constant_queries(
    as_province_a, f318, provincial, province_office_a, django_assert_num_queries
):
    _row(f318, provincial, province_office_a)
    # session, user, permissions (user, groups), roles (+ their criteria), the set; the
    # mappings, their rows; the source choices; the header's count
    with django_assert_num_queries(11) as few:
        as_province_a.get(_edit(provincial))
    _row(f318, provincial, province_office_a, old="2.1", new="2.1")
    _row(f318, provincial, province_office_a, old="17.2", new="1.2")
    with django_assert_num_queries(len(few.captured_queries)):
        as_province_a.get(_edit(provincial))


# --- adding and changing a row ---------------------------------------------------------------


def test_province_office_adds_a_row_written_and_on_the_targets_record(
    as_province_a, f318, provincial, province_office_a
):
    before = FrameworkChange.objects.filter(framework=provincial).count()
    response = as_province_a.post(_edit(provincial), _data(f318))
    assert response.status_code == 302
    assert response["Location"] == f"{_edit(provincial)}#tu-{OLD_SET}"
    row = IndicatorMapping.objects.get()
    assert (row.mapping.source, row.mapping.target) == (f318, provincial)
    assert (row.source, row.target, row.note) == (
        _indicator(f318, "17.1"),
        _indicator(provincial, "1.1"),
        "cùng cách tính",
    )
    assert (row.mapping.basis, row.mapping.created_by) == (BASIS, province_office_a)
    changes = FrameworkChange.objects.filter(framework=provincial).order_by("pk")[before:]
    assert [(c.action, c.target, c.new_value, c.legal_basis) for c in changes] == [
        (Action.ADDED, f"chuyển đổi từ {OLD_SET}", str(row.mapping), BASIS),
        (Action.ADDED, f"chuyển đổi từ {OLD_SET}: 1.1", "17.1", BASIS),
    ]
    assert all(c.actor == province_office_a for c in changes)
    assert "Đã lưu dòng chuyển đổi 17.1 → 1.1" in _messages(response)[0]


def test_the_same_new_code_again_changes_that_rows_old_indicator_on_the_record(
    as_province_a, f318, provincial, province_office_a
):
    row = _row(f318, provincial, province_office_a)
    response = as_province_a.post(_edit(provincial), _data(f318, old_code="17.2", note=""))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.source.code, row.note) == ("17.2", "")
    assert IndicatorMapping.objects.count() == 1
    change = FrameworkChange.objects.filter(framework=provincial).latest("pk")
    assert (change.action, change.target, change.field) == (
        Action.EDITED,
        f"chuyển đổi từ {OLD_SET}: 1.1",
        "source",
    )
    assert (change.old_value, change.new_value) == ("17.1 cùng cách tính", "17.2")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, None, None),  # the same setup passes: the failures below come from their cause
        ({"old_code": "99.9"}, "old_code", "“99.9” không thuộc bộ tiêu chí cũ"),
        ({"new_code": "17.1"}, "new_code", "“17.1” không thuộc bộ tiêu chí NTM nâng cao"),
        ({"old_code": ""}, "old_code", "Ghi mã chỉ tiêu cũ."),
        ({"source": ""}, "source", "Chọn bộ tiêu chí cũ."),
        ({"basis": ""}, "basis", "Bộ tiêu chí đã ban hành: ghi căn cứ"),
        ({"note": "x" * 256}, "note", "tối đa 255 ký tự"),
    ],
)
def test_a_bad_row_is_refused_by_its_field_and_nothing_is_written(
    as_province_a, f318, provincial, fields, field, message
):
    before = _written(provincial)
    response = as_province_a.post(_edit(provincial), _data(f318, **fields))
    if field is None:
        assert response.status_code == 302
        assert IndicatorMapping.objects.count() == 1
        return
    assert response.status_code == 200
    assert message in _errors(response, field)
    assert "Chưa lưu" in response.content.decode()
    assert _written(provincial) == before


def test_the_set_itself_is_not_offered_as_its_own_source(as_province_a, f318, provincial):
    before = _written(provincial)
    response = as_province_a.post(_edit(provincial), _data(f318, source=provincial.pk))
    assert "Chọn một bộ tiêu chí trong danh sách" in _errors(response, "source")
    assert _written(provincial) == before


def test_another_provinces_set_is_not_offered_as_a_source(as_province_a, f318, provincial, theirs):
    before = _written(provincial)
    response = as_province_a.post(_edit(provincial), _data(f318, source=theirs.pk))
    assert "Chọn một bộ tiêu chí trong danh sách" in _errors(response, "source")
    assert _written(provincial) == before


def test_a_draft_takes_a_row_without_a_basis(as_province_a, f318, draft):
    response = as_province_a.post(_edit(draft), _data(f318, basis=""))
    assert response.status_code == 302
    assert IndicatorMapping.objects.get().mapping.target == draft


# --- removing a row --------------------------------------------------------------------------


def test_province_office_removes_a_row_on_the_record_and_the_mapping_stays(
    as_province_a, f318, provincial, province_office_a
):
    row = _row(f318, provincial, province_office_a)
    kept = _row(f318, provincial, province_office_a, old="2.1", new="2.1", note="")
    response = as_province_a.post(_delete(row), {"basis": "Hướng dẫn 03/HD-VPĐP"})
    assert response.status_code == 302
    assert response["Location"] == f"{_edit(provincial)}#tu-{OLD_SET}"
    assert list(IndicatorMapping.objects.all()) == [kept]
    assert FrameworkMapping.objects.filter(source=f318, target=provincial).exists()
    change = FrameworkChange.objects.filter(framework=provincial).latest("pk")
    assert (change.action, change.target, change.actor) == (
        Action.DELETED,
        "chuyển đổi 17.1 → 1.1",
        province_office_a,
    )
    assert change.old_value == f"{OLD_SET} 17.1 → 1.1 (cùng cách tính)"
    assert change.legal_basis == "Hướng dẫn 03/HD-VPĐP"
    assert "Các năm đã mở giữ nguyên giá trị đã chép" in _messages(response)[0]


def test_removing_a_row_of_a_published_set_needs_a_basis(
    as_province_a, f318, provincial, province_office_a
):
    row = _row(f318, provincial, province_office_a)
    before = _written(provincial)
    response = as_province_a.post(_delete(row), {"basis": "  "})
    assert response.status_code == 200
    [block] = response.context["blocks"]
    [line] = block.rows
    assert "ghi căn cứ" in " ".join(line.delete_form.errors["basis"])
    page = response.content.decode()
    assert "Chưa xóa được dòng chuyển đổi" in page
    assert f'id="id_xoa{row.pk}_basis_error"' in page
    assert _written(provincial) == before


def test_a_drafts_row_is_removed_without_a_basis(as_province_a, f318, draft, province_office_a):
    row = _row(f318, draft, province_office_a)
    assert as_province_a.post(_delete(row), {"basis": ""}).status_code == 302
    assert not IndicatorMapping.objects.exists()
    assert FrameworkChange.objects.filter(framework=draft).latest("pk").action == Action.DELETED


def test_removing_a_row_leaves_a_year_already_opened_as_it_was(
    as_province_a, commune_a, f318, provincial, official_a, province_office_a
):
    old_year = services.assessment_open(
        commune=commune_a, framework=f318, year=2025, actor=official_a
    )
    old_year.statuses.filter(indicator__code="17.1").update(value=85)
    row = _row(f318, provincial, province_office_a)
    opened = services.assessment_open(
        commune=commune_a, framework=provincial, year=2026, actor=official_a
    )
    carried = IndicatorStatus.objects.get(assessment=opened, indicator__code="1.1")
    assert carried.value == 85 and carried.carried_from
    before = (carried.status, carried.value, carried.carried_from, carried.version)

    assert as_province_a.post(_delete(row), {"basis": BASIS}).status_code == 302
    carried.refresh_from_db()
    assert (carried.status, carried.value, carried.carried_from, carried.version) == before


def test_the_service_refuses_another_province_and_a_missing_basis(
    f318, provincial, province_office_a, province_office_b
):
    row = _row(f318, provincial, province_office_a)
    with pytest.raises(PermissionDenied):
        transition.mapping_row_delete(row=row, actor=province_office_b, basis=BASIS)
    with pytest.raises(ValidationError) as error:
        transition.mapping_row_delete(row=row, actor=province_office_a, basis="")
    assert "basis" in error.value.message_dict
    assert IndicatorMapping.objects.filter(pk=row.pk).exists()


# --- who may: another province's set, readers, anonymous, methods ---------------------------


def test_another_provinces_set_and_its_rows_are_a_404(
    as_province_a, f318, theirs, province_office_b
):
    row = _row(f318, theirs, province_office_b)
    before = _written(theirs)
    assert as_province_a.get(_edit(theirs)).status_code == 404
    assert as_province_a.post(_edit(theirs), _data(f318, new_code="1.2")).status_code == 404
    assert as_province_a.post(_delete(row), {"basis": BASIS}).status_code == 404
    assert _written(theirs) == before


def test_a_reader_who_may_not_author_the_set_gets_a_403(
    client, official_a, f318, provincial, province_office_a
):
    row = _row(f318, provincial, province_office_a)
    before = _written(provincial)
    client.force_login(official_a)
    assert client.get(_edit(provincial)).status_code == 403
    assert client.post(_edit(provincial), _data(f318, new_code="1.2")).status_code == 403
    assert client.post(_delete(row), {"basis": BASIS}).status_code == 403
    assert _written(provincial) == before


def test_a_national_set_is_mapped_into_by_the_national_role_only(
    client, as_province_a, national_office, f318
):
    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    assert as_province_a.get(_edit(f2026)).status_code == 403
    client.force_login(national_office)
    assert client.get(_edit(f2026)).status_code == 200


def test_anonymous_users_are_sent_to_sign_in(client, f318, provincial, province_office_a):
    row = _row(f318, provincial, province_office_a)
    for response in (
        client.get(_edit(provincial)),
        client.post(_edit(provincial), _data(f318, new_code="1.2")),
        client.post(_delete(row), {"basis": BASIS}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert IndicatorMapping.objects.count() == 1


def test_a_wrong_method_is_refused(as_province_a, f318, provincial, province_office_a):
    row = _row(f318, provincial, province_office_a)
    assert as_province_a.put(_edit(provincial)).status_code == 405
    assert as_province_a.get(_delete(row)).status_code == 405
    assert IndicatorMapping.objects.filter(pk=row.pk).exists()


def test_every_aria_describedby_points_at_an_element_on_the_page(
    as_province_a, f318, provincial, province_office_a
):
    row = _row(f318, provincial, province_office_a)
    pages = [
        as_province_a.get(_edit(provincial)),
        as_province_a.post(_edit(provincial), _data(f318, old_code="99.9", basis="")),
        as_province_a.post(_delete(row), {"basis": ""}),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "an id used twice"
        described = {
            ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()
        }
        assert described <= set(ids), described - set(ids)
