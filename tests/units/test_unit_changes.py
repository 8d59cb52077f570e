"""A unit's own record – its set of criteria, level goal, region, name, parent, validity – is
on record when it changes (units.UnitChange: which field, from what to what as people read
it, by whom, when, on what basis, from the admin or an import), and an administrator's form
never overwrites a change made elsewhere since it was opened."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportRun
from tests import factories
from tests.admin_forms import admin_form_data
from units import services
from units.models import Unit, UnitChange
from units.resources import U_CODE, U_LEVEL

pytestmark = pytest.mark.django_db
BASIS = "Quyết định số 15/QĐ-UBND ngày 02/02/2026 của UBND tỉnh (minh họa)"


def test_an_administrators_change_is_on_record_field_by_field_with_its_basis(
    client, admin_user, commune_a, f318, f51
):
    client.force_login(admin_user)
    url = reverse("admin:units_unit_change", args=[commune_a.pk])
    data = admin_form_data(client, url)
    data.update(level_goal=Unit.LevelGoal.NANG_CAO, framework=f51.pk, change_basis=BASIS)
    assert client.post(url, data).status_code == 302

    rows = {r.field: r for r in UnitChange.objects.filter(unit=commune_a)}
    assert set(rows) == {"level_goal", "framework"}
    goal = rows["level_goal"]
    assert (goal.before, goal.after) == ("Xã NTM", "Xã NTM nâng cao")
    assert (goal.field_label, goal.actor, goal.via, goal.basis) == (
        "Mức phấn đấu",
        admin_user,
        UnitChange.Via.ADMIN,
        BASIS,
    )
    assert (rows["framework"].before, rows["framework"].after) == (str(f318), str(f51))
    # saved again unchanged: nothing more on record
    assert client.post(url, admin_form_data(client, url)).status_code == 302
    assert UnitChange.objects.filter(unit=commune_a).count() == 2
    listed = client.get(reverse("admin:units_unitchange_changelist")).content.decode()
    assert "Mức phấn đấu" in listed and ">Mục<" in listed  # the record, headed in Vietnamese


def test_a_form_opened_before_a_change_elsewhere_is_refused_whole(client, admin_user, commune_a):
    client.force_login(admin_user)
    url = reverse("admin:units_unit_change", args=[commune_a.pk])
    stale = admin_form_data(client, url)  # opened, then another administrator saves first
    other = admin_form_data(client, url)
    assert client.post(url, {**other, "region": "dbscl"}).status_code == 302

    refused = client.post(url, {**stale, "name": "Cẩm Tân mới"})
    assert refused.status_code == 200
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang" in refused.content.decode()
    assert "Chưa lưu gì. Phần đã đổi: Vùng." in refused.content.decode()  # what, not only that
    commune_a.refresh_from_db()
    assert (commune_a.name, commune_a.region) == ("Cẩm Tân", "dbscl")
    assert list(UnitChange.objects.values_list("field", flat=True)) == ["region"]


def test_a_unit_created_in_the_admin_is_on_record(client, admin_user, district_a):
    client.force_login(admin_user)
    data = {
        "kind": "commune",
        "code": "test-cam-moi",
        "prefix": "Xã",
        "name": "Cẩm Mới",
        "parent": district_a.pk,
        "province": district_a.province_id,
        "level_goal": Unit.LevelGoal.NTM,
        "change_basis": BASIS,
    }
    assert client.post(reverse("admin:units_unit_add"), data).status_code == 302
    row = UnitChange.objects.get()
    assert (row.unit.code, row.field_label, row.after, row.basis) == (
        "test-cam-moi",
        "Tạo đơn vị",
        "Xã Cẩm Mới",
        BASIS,
    )


def test_an_import_records_what_it_changed_and_nothing_when_nothing_changed(
    client, admin_user, province, district_a, commune_a
):
    client.force_login(admin_user)
    export = reverse("imports:data-export") + f"?kind=units&unit={province.pk}"
    book = load_workbook(io.BytesIO(client.get(export).content))
    rows = [list(r) for r in book.active.values]
    headers, body = rows[0], rows[1:]

    def imported(body) -> ImportRun:
        content = tablib.Dataset(*body, headers=headers).export("xlsx")
        response = client.post(
            reverse("imports:import"),
            {"kind": "units", "file": SimpleUploadedFile("don-vi.xlsx", content)},
        )
        run = ImportRun.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
        if run.state == ImportRun.State.CHECKED:
            client.post(reverse("imports:import-confirm", args=[run.pk]))
            run.refresh_from_db()
        return run

    assert imported(body).state == ImportRun.State.DONE
    assert not UnitChange.objects.exists()  # the same file again changes nothing

    row = next(r for r in body if r[headers.index(U_CODE)] == commune_a.code)
    row[headers.index(U_LEVEL)] = "Xã NTM kiểu mẫu"
    assert imported(body).state == ImportRun.State.DONE
    change = UnitChange.objects.get()
    assert (change.unit, change.field, change.before, change.after) == (
        commune_a,
        "level_goal",
        "Xã NTM",
        "Xã NTM kiểu mẫu",
    )
    assert (change.actor, change.via) == (admin_user, UnitChange.Via.IMPORT)


def test_a_unit_made_by_an_import_is_on_record_as_created(district_a):
    unit = services.unit_save(
        code="test-cam-nhap",
        fields={"name": "Cẩm Nhập", "prefix": "Xã", "kind": "commune"},
        parent=district_a,
    )
    assert list(unit.changes.values_list("field", "after")) == [(UnitChange.CREATED, "Xã Cẩm Nhập")]


def test_the_communes_trail_tells_a_change_of_its_record(client, admin_user, commune_a, official_a):
    client.force_login(admin_user)
    url = reverse("admin:units_unit_change", args=[commune_a.pk])
    data = admin_form_data(client, url)
    data.update(level_goal=Unit.LevelGoal.KIEU_MAU, change_basis=BASIS)
    client.post(url, data)

    client.force_login(official_a)
    trail = client.get(reverse("criteria:commune-trail", args=[commune_a.pk])).content.decode()
    assert "<strong>Thông tin của xã</strong>: Mức phấn đấu (trang quản trị)" in trail
    assert "Xã NTM → Xã NTM kiểu mẫu" in trail and f"Căn cứ: {BASIS}" in trail
    assert f">{admin_user.display_name}</option>" in trail  # the filter by person knows them
    # a criterion's trail is about indicators only
    only_17 = client.get(
        reverse("criteria:commune-trail", args=[commune_a.pk]), {"criterion": 17}
    ).content.decode()
    assert "Thông tin của xã" not in only_17


def test_the_basis_of_creation_keeps_its_own_history(client, admin_user, commune_a):
    from units.models import UnitFactChange

    client.force_login(admin_user)
    url = reverse("admin:units_unit_change", args=[commune_a.pk])
    data = {**admin_form_data(client, url), "created_by_basis": BASIS}
    assert client.post(url, data).status_code == 302
    commune_a.refresh_from_db()
    assert commune_a.created_by_basis == BASIS
    assert UnitFactChange.objects.get(unit=commune_a).after == BASIS
    assert not UnitChange.objects.exists()  # not a followed field: told once, there


def test_the_communes_trail_tells_who_was_given_a_role_at_it(client, commune_a, official_a):
    from units.models import Role

    office = factories.supervisor(commune_a.parent, username="vp_huyen")
    helper = factories.UserFactory(username="vhxh", full_name="Trần Thị Văn Hóa")
    services.role_create(actor=office, user=helper, unit=commune_a, kind=Role.Kind.COMMUNE_OFFICIAL)
    client.force_login(official_a)
    trail = client.get(reverse("criteria:commune-trail", args=[commune_a.pk])).content.decode()
    assert "<strong>Vai trò</strong>: Giao vai trò" in trail and "Trần Thị Văn Hóa" in trail
    assert "Tiêu chí phụ trách: tất cả" in trail


def _admin_post(client, unit, **changes):
    url = reverse("admin:units_unit_change", args=[unit.pk])
    return client.post(url, {**admin_form_data(client, url), "change_basis": BASIS, **changes})


def test_the_admin_places_a_unit_by_the_imports_rules_and_saves_nothing_else(
    client, admin_user, province, district_a, commune_a, f318
):
    client.force_login(admin_user)
    village = Unit.objects.create(
        kind="village", code="test-thon-1", name="Thôn 1", parent=commune_a, province=province
    )
    refused = {
        "a commune under a commune": (commune_a, {"parent": village.pk}),
        "a village under a district": (village, {"parent": district_a.pk}),
        "a commune turned into a district": (commune_a, {"kind": "district"}),
        "a commune under nothing": (commune_a, {"parent": ""}),
    }
    told = {}
    for case, (unit, changes) in refused.items():
        response = _admin_post(client, unit, **changes)
        assert response.status_code == 200, case
        told[case] = response.context["adminform"].form.errors
    assert told["a commune under a commune"]["parent"] == [
        "Đơn vị cấp trên của xã phải là Huyện hoặc Tỉnh."
    ]
    assert told["a village under a district"]["parent"] == ["Đơn vị cấp trên của thôn phải là Xã."]
    assert told["a commune turned into a district"]["kind"] == [
        "Không đổi được cấp của đơn vị đã có (Xã Cẩm Tân: Xã)."
    ]
    assert told["a commune under nothing"]["parent"] == ["Xã phải có đơn vị cấp trên."]
    commune_a.refresh_from_db(), village.refresh_from_db()
    assert (commune_a.kind, commune_a.parent, village.parent) == ("commune", district_a, commune_a)
    assert not UnitChange.objects.exists()


def test_a_unit_with_years_of_results_is_moved_by_a_reorganisation_not_the_admin(
    client, admin_user, assessment_a, district_a, district_b
):
    client.force_login(admin_user)
    commune = assessment_a.commune
    response = _admin_post(client, commune, parent=district_b.pk)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        f"{commune} đã có kết quả đánh giá: chuyển sang đơn vị cấp trên khác là một lần sắp xếp "
        "đơn vị hành chính, ghi theo nghị quyết ở trang Sắp xếp ĐVHC (để các năm trước giữ đơn "
        f"vị cấp trên của năm đó). Giữ nguyên đơn vị cấp trên hiện nay: “{district_a}”."
    ]
    commune.refresh_from_db()
    assert commune.parent == district_a
    # its other fields still change here
    assert _admin_post(client, commune, region="dbscl").status_code == 302


def test_a_unit_moved_in_the_admin_takes_its_province_and_so_do_the_units_below_on_record(
    client, admin_user, province, other_province, district_a, commune_a
):
    village = Unit.objects.create(
        kind="village", code="test-thon-2", name="Thôn 2", parent=commune_a, province=province
    )
    client.force_login(admin_user)
    assert _admin_post(client, district_a, parent=other_province.pk).status_code == 302

    for unit in (district_a, commune_a, village):
        unit.refresh_from_db()
        assert unit.province == other_province, unit
        row = UnitChange.objects.get(unit=unit, field="province")
        assert (row.before, row.after) == (str(province), str(other_province))
        assert (row.actor, row.via, row.basis) == (admin_user, UnitChange.Via.ADMIN, BASIS)
    assert set(UnitChange.objects.values_list("unit", "field")) == {
        (district_a.pk, "parent"),
        (district_a.pk, "province"),
        (commune_a.pk, "province"),
        (village.pk, "province"),
    }


def test_a_unit_created_in_the_admin_takes_its_province_from_its_parent(
    client, admin_user, district_a, other_province
):
    client.force_login(admin_user)
    data = {
        "kind": "commune",
        "code": "test-cam-moi-2",
        "prefix": "Xã",
        "name": "Cẩm Mới 2",
        "parent": district_a.pk,
        "province": other_province.pk,  # not a field of the form: it follows the parent
        "level_goal": Unit.LevelGoal.NTM,
    }
    assert client.post(reverse("admin:units_unit_add"), data).status_code == 302
    assert Unit.objects.get(code="test-cam-moi-2").province == district_a.province


def test_an_import_moving_a_district_records_the_units_that_follow_it(
    admin_user, province, other_province, district_a, commune_a
):
    services.unit_save(
        code=district_a.code,
        fields={"name": district_a.name, "prefix": district_a.prefix, "kind": "district"},
        parent=other_province,
        actor=admin_user,
    )
    row = UnitChange.objects.get(unit=commune_a)
    assert (row.field, row.before, row.after, row.actor, row.via) == (
        "province",
        str(province),
        str(other_province),
        admin_user,
        UnitChange.Via.IMPORT,
    )


def test_the_units_a_unit_was_formed_from_are_on_record_when_the_admin_changes_them(
    client, admin_user, district_a, commune_a, commune_b
):
    client.force_login(admin_user)
    new = Unit.objects.create(
        kind="commune", code="test-cam-hop", name="Cẩm Hợp", prefix="Xã", parent=district_a
    )
    assert _admin_post(client, new, merged_from=[commune_a.pk, commune_b.pk]).status_code == 302
    assert _admin_post(client, new, merged_from=[commune_b.pk]).status_code == 302
    assert _admin_post(client, new, merged_from=[commune_b.pk]).status_code == 302  # the same
    rows = list(UnitChange.objects.filter(unit=new, field="merged_from").order_by("pk"))
    both = ", ".join(sorted([str(commune_a), str(commune_b)]))
    assert [(r.field_label, r.before, r.after) for r in rows] == [
        ("Hình thành từ", "", both),
        ("Hình thành từ", both, str(commune_b)),
    ]
    assert {(r.actor, r.basis) for r in rows} == {(admin_user, BASIS)}

    itself = _admin_post(client, new, merged_from=[new.pk])
    other_kind = _admin_post(client, new, merged_from=[district_a.pk])
    assert itself.context["adminform"].form.errors["merged_from"] == [
        "Đơn vị không hình thành từ chính nó."
    ]
    assert other_kind.context["adminform"].form.errors["merged_from"] == [
        "Chỉ chọn các đơn vị cùng cấp với đơn vị này."
    ]
    assert list(new.merged_from.all()) == [commune_b]


def test_a_form_opened_before_the_units_formed_from_changed_elsewhere_is_refused(
    client, admin_user, district_a, commune_a, commune_b
):
    client.force_login(admin_user)
    new = Unit.objects.create(
        kind="commune", code="test-cam-hop-2", name="Cẩm Hợp", prefix="Xã", parent=district_a
    )
    url = reverse("admin:units_unit_change", args=[new.pk])
    stale = admin_form_data(client, url)
    new.merged_from.add(commune_a)  # elsewhere, meanwhile
    refused = client.post(url, {**stale, "merged_from": [commune_b.pk]})
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang" in refused.content.decode()
    assert list(new.merged_from.all()) == [commune_a]


def test_a_fingerprint_not_signed_by_the_app_is_refused_as_stale(client, admin_user, commune_a):
    client.force_login(admin_user)
    url = reverse("admin:units_unit_change", args=[commune_a.pk])
    forged = {**admin_form_data(client, url), "seen": "{}", "name": "Cẩm Tân mới"}
    refused = client.post(url, forged)
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang. Chưa lưu gì. Những gì" in (
        refused.content.decode()
    )
    commune_a.refresh_from_db()
    assert commune_a.name == "Cẩm Tân"
