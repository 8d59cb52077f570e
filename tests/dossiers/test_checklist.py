"""The list of documents a dossier needs: the national default list (from the data migration,
«mặc định, cần đối chiếu»), a province's own list replacing it, and the office's editor."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dossiers import selectors, services
from dossiers.models import ChecklistItem, Dossier, DossierChange, DossierItem
from tests import factories

pytestmark = pytest.mark.django_db

TIERS = ["xa_ntm", "xa_ntm_nang_cao", "xa_ntm_kieu_mau"]


def test_the_data_migration_installs_the_default_list_of_each_commune_tier():
    ChecklistItem.objects.all().delete()
    migration = importlib.import_module("dossiers.migrations.0002_default_checklist")

    migration.install(apps, None)

    for tier in TIERS:
        rows = list(ChecklistItem.objects.filter(province=None, tier=tier).order_by("order"))
        assert len(rows) == 11
        assert all(r.is_default and r.retired_on is None for r in rows)
        assert sum(r.required for r in rows) == 9
        names = " | ".join(r.name for r in rows)
        for expected in (
            "Tờ trình của UBND xã",
            "Báo cáo kết quả thực hiện xây dựng",
            "Mặt trận Tổ quốc",
            "công bố công khai (ít nhất 05 lần trong 15 ngày)",
            "sự hài lòng",
            "Biên bản họp đề nghị xét công nhận",
            "Minh chứng kết quả đạt chuẩn từng tiêu chí",
            "nợ đọng xây dựng cơ bản",
            "an ninh, trật tự",
            "Báo cáo thẩm tra",
            "Hội đồng thẩm định",
        ):
            assert expected in names, expected
    # the report names its tier
    assert ChecklistItem.objects.filter(
        tier="xa_ntm_nang_cao", name__contains="nông thôn mới nâng cao"
    ).exists()
    # written by the offices above after sending: not required of the commune
    assert not ChecklistItem.objects.get(tier="xa_ntm", name="Báo cáo thẩm tra").required
    migration.install(apps, None)  # idempotent
    assert ChecklistItem.objects.count() == 33


def test_the_default_list_says_it_is_a_default_to_check(client, commune_a, official_a):
    client.force_login(official_a)
    response = client.get(reverse("dossiers:checklist", args=["xa_ntm", "chung"]))
    assert response.status_code == 200
    assert response.content.decode().count("mặc định, cần đối chiếu") == 11
    # …and so does a dossier opened from it, on every document
    dossier, _ = services.dossier_open(
        commune=commune_a, tier="xa_ntm", year=2025, actor=official_a
    )
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert page.count("mặc định, cần đối chiếu") == 11 + 1  # each row, and the list's name


def test_a_provinces_own_list_replaces_the_defaults_for_its_communes(
    commune_a, commune_b, official_a, province, province_office_a
):
    assert selectors.list_province(province, "xa_ntm") is None
    services.checklist_add(
        province=province,
        tier="xa_ntm",
        actor=province_office_a,
        name="Tờ trình theo mẫu của tỉnh",
        basis="QĐ 12/2024/QĐ-UBND tỉnh",
    )
    assert selectors.list_province(province, "xa_ntm") == province

    own, _ = services.dossier_open(commune=commune_a, tier="xa_ntm", year=2025, actor=official_a)
    assert own.checklist_province == province
    assert [i.checklist_item.name for i in own.items.all()] == ["Tờ trình theo mẫu của tỉnh"]
    # another province, and another tier of this one, keep the defaults
    other, _ = services.dossier_open(commune=commune_b, tier="xa_ntm", year=2025, actor=official_a)
    assert other.checklist_province is None and other.items.count() == 11
    nang_cao, _ = services.dossier_open(
        commune=commune_a, tier="xa_ntm_nang_cao", year=2025, actor=official_a
    )
    assert nang_cao.items.count() == 11


def test_copying_the_defaults_starts_the_provinces_list(client, province, province_office_a):
    client.force_login(province_office_a)
    url = reverse("dossiers:checklist-copy", args=["xa_ntm", province.pk])

    response = client.post(url)

    assert response.status_code == 302
    copied = list(ChecklistItem.objects.filter(province=province, tier="xa_ntm").order_by("order"))
    defaults = list(ChecklistItem.objects.filter(province=None, tier="xa_ntm").order_by("order"))
    assert [(c.name, c.required, c.is_default) for c in copied] == [
        (d.name, d.required, True) for d in defaults
    ]
    change = DossierChange.objects.get(action="list_copied")
    assert change.actor == province_office_a and change.province == province
    assert change.after == f"danh mục riêng của {province}: 11 mục"
    # a second copy is refused, nothing added
    with pytest.raises(ValidationError, match="đã có danh mục riêng"):
        services.checklist_copy_defaults(province=province, tier="xa_ntm", actor=province_office_a)
    assert ChecklistItem.objects.filter(province=province).count() == 11


def test_editing_an_item_records_before_and_after_and_clears_the_default_label(
    province, province_office_a
):
    services.checklist_copy_defaults(province=province, tier="xa_ntm", actor=province_office_a)
    item = ChecklistItem.objects.get(province=province, tier="xa_ntm", order=60)

    changed = services.checklist_item_update(
        item=item,
        actor=province_office_a,
        name="Biên bản họp Ban Chỉ đạo xã đề nghị xét công nhận",
        basis="Hướng dẫn 05/HD-SNN",
        required=False,
        order=15,
        checked=True,
        version=item.version,
    )

    assert changed
    item.refresh_from_db()
    assert (item.name, item.required, item.order, item.is_default) == (
        "Biên bản họp Ban Chỉ đạo xã đề nghị xét công nhận",
        False,
        15,
        False,
    )
    change = DossierChange.objects.get(action="list_changed")
    assert change.actor == province_office_a
    assert change.before.startswith("Biên bản họp đề nghị xét công nhận xã đạt chuẩn")
    assert "bắt buộc; thứ tự 60" in change.before and "mặc định, cần đối chiếu" in change.before
    assert change.after == (
        "Biên bản họp Ban Chỉ đạo xã đề nghị xét công nhận; không bắt buộc; thứ tự 15; "
        "căn cứ: Hướng dẫn 05/HD-SNN"
    )


def test_an_edit_from_an_old_page_is_refused_and_changes_nothing(province, province_office_a):
    item = services.checklist_add(
        province=province, tier="xa_ntm", actor=province_office_a, name="Tờ trình"
    )
    old = item.version
    services.checklist_item_update(
        item=item, actor=province_office_a, name="Tờ trình (mẫu 01)", basis="", required=True,
        order=item.order, checked=True, version=old,
    )  # fmt: skip
    stale = ChecklistItem.objects.get(pk=item.pk)
    with pytest.raises(ValidationError, match="vừa được .* sửa lúc") as refused:
        services.checklist_item_update(
            item=stale, actor=province_office_a, name="Tờ trình khác", basis="", required=False,
            order=1, checked=True, version=old,
        )  # fmt: skip
    assert refused.value.code == "stale"
    item.refresh_from_db()
    assert (item.name, item.required) == ("Tờ trình (mẫu 01)", True)
    assert DossierChange.objects.filter(action="list_changed").count() == 1


def test_an_added_item_reaches_the_dossiers_being_prepared_only(
    commune_a, commune_b, official_a, official_b, province, province_office_a
):
    services.checklist_copy_defaults(province=province, tier="xa_ntm", actor=province_office_a)
    preparing, _ = services.dossier_open(
        commune=commune_a, tier="xa_ntm", year=2025, actor=official_a
    )
    sent, _ = services.dossier_open(commune=commune_a, tier="xa_ntm", year=2024, actor=official_a)
    Dossier.objects.filter(pk=sent.pk).update(state=Dossier.State.SUBMITTED)
    elsewhere, _ = services.dossier_open(
        commune=commune_b, tier="xa_ntm", year=2025, actor=official_b
    )

    services.checklist_add(
        province=province, tier="xa_ntm", actor=province_office_a, name="Bản đồ quy hoạch xã"
    )

    names = lambda d: set(d.items.values_list("checklist_item__name", flat=True))  # noqa: E731
    assert "Bản đồ quy hoạch xã" in names(preparing)
    assert "Bản đồ quy hoạch xã" not in names(sent)
    assert "Bản đồ quy hoạch xã" not in names(elsewhere)
    added = DossierChange.objects.get(action="item_added")
    assert (added.dossier, added.item_name, added.after) == (
        preparing,
        "Bản đồ quy hoạch xã",
        "Chưa có",
    )


def test_a_retired_item_leaves_new_dossiers_and_no_longer_counts(
    commune_a, official_a, province, province_office_a
):
    services.checklist_copy_defaults(province=province, tier="xa_ntm", actor=province_office_a)
    before, _ = services.dossier_open(commune=commune_a, tier="xa_ntm", year=2024, actor=official_a)
    item = ChecklistItem.objects.get(province=province, tier="xa_ntm", order=40)
    today = timezone.localdate()

    services.checklist_item_retire(
        item=item, actor=province_office_a, on=today, version=item.version
    )

    assert selectors.readiness(before.items.all()).total == 8
    assert item.name not in selectors.missing_required(before)
    after, _ = services.dossier_open(commune=commune_a, tier="xa_ntm", year=2025, actor=official_a)
    assert after.items.count() == 10
    assert not after.items.filter(checklist_item=item).exists()
    change = DossierChange.objects.get(action="list_retired")
    assert change.after == f"ngừng áp dụng từ {today:%d/%m/%Y}"
    # a date to come: still in force until then
    later = ChecklistItem.objects.get(province=province, tier="xa_ntm", order=50)
    services.checklist_item_retire(
        item=later,
        actor=province_office_a,
        on=today + timedelta(days=30),
        version=later.version,
    )
    assert selectors.readiness(before.items.all()).total == 8


def test_too_long_a_name_is_refused_in_vietnamese_with_what_was_typed_kept(
    client, province, province_office_a
):
    client.force_login(province_office_a)
    url = reverse("dossiers:checklist-add", args=["xa_ntm", province.pk])
    response = client.post(url, {"name": "T" * 256, "basis": "Căn cứ đã gõ", "required": "on"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tên hồ sơ dài 256 ký tự, tối đa 255 ký tự." in page
    assert "Căn cứ đã gõ" in page and "T" * 256 in page
    assert not ChecklistItem.objects.filter(province=province).exists()
    with pytest.raises(ValidationError, match="Tên hồ sơ dài 256 ký tự"):
        services.checklist_add(
            province=province, tier="xa_ntm", actor=province_office_a, name="T" * 256
        )


@pytest.mark.parametrize(
    ("who", "scope", "expected"),
    [
        ("province_a", "own", 302),
        ("district_a", "own", 403),  # reads the province's list, does not edit it
        ("official_a", "own", 403),
        ("province_b", "own", 404),  # another province's list does not exist for them
        ("national", "own", 403),  # the national office edits the national list only
        ("national", "chung", 302),
        ("province_a", "chung", 403),
        ("admin", "own", 302),
        ("admin", "chung", 302),
    ],
)
def test_who_edits_which_list(
    client, who, scope, expected, province, other_province, official_a, district_officer
):
    users = {
        "province_a": lambda: factories.province_office(province, username="vp_a"),
        "province_b": lambda: factories.province_office(other_province, username="vp_b"),
        "district_a": lambda: district_officer,
        "official_a": lambda: official_a,
        "national": factories.national_office,
        "admin": lambda: factories.UserFactory(username="qt", is_superuser=True),
    }
    client.force_login(users[who]())
    target = province.pk if scope == "own" else "chung"
    count = ChecklistItem.objects.count()

    response = client.post(
        reverse("dossiers:checklist-add", args=["xa_ntm", target]),
        {"name": "Hồ sơ thêm", "required": "on"},
    )

    assert response.status_code == expected
    assert ChecklistItem.objects.count() == count + (1 if expected == 302 else 0)


def test_the_editor_renames_reorders_switches_required_and_retires(
    client, province, province_office_a
):
    client.force_login(province_office_a)
    client.post(reverse("dossiers:checklist-copy", args=["xa_ntm", province.pk]))
    item = ChecklistItem.objects.get(
        province=province, tier="xa_ntm", order=100
    )  # báo cáo thẩm tra
    edit = reverse("dossiers:checklist-item-edit", args=[item.pk])
    assert client.get(edit).status_code == 200

    response = client.post(
        edit,
        {
            "name": "Báo cáo thẩm tra của Sở Nông nghiệp và Môi trường",
            "basis": "",
            "required": "on",
            "order": "5",
            "version": item.version,
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.required, item.order, item.is_default) == (
        "Báo cáo thẩm tra của Sở Nông nghiệp và Môi trường",
        True,
        5,
        True,  # not ticked "đã đối chiếu": still a default to check
    )
    listing = client.get(reverse("dossiers:checklist", args=["xa_ntm", province.pk]))
    names = [c.name for c in listing.context["items"]]
    assert names[0] == "Báo cáo thẩm tra của Sở Nông nghiệp và Môi trường"

    response = client.post(
        reverse("dossiers:checklist-item-retire", args=[item.pk]),
        {"ngung-on": "01/01/2020", "ngung-version": item.version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.retired_on.isoformat() == "2020-01-01"
    # a bad date: Vietnamese, nothing changed
    other = ChecklistItem.objects.get(province=province, tier="xa_ntm", order=10)
    response = client.post(
        reverse("dossiers:checklist-item-retire", args=[other.pk]),
        {"ngung-on": "31/02/2025", "ngung-version": other.version},
    )
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.content.decode()
    other.refresh_from_db()
    assert other.retired_on is None


def test_every_text_field_of_dossiers_is_bounded_in_model_and_form():
    from django.db import models

    from dossiers import forms

    unbounded = [
        f"{m.__name__}.{f.name}"
        for m in apps.get_app_config("dossiers").get_models()
        for f in m._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.max_length
    ]
    assert unbounded == []
    pairs = [
        (forms.ItemForm.base_fields["note"], DossierItem, "note"),
        (forms.ReturnForm.base_fields["comment"], Dossier, "return_comment"),
        (forms.ChecklistItemForm.base_fields["name"], ChecklistItem, "name"),
        (forms.ChecklistItemForm.base_fields["basis"], ChecklistItem, "basis"),
    ]
    for form_field, model, name in pairs:
        assert form_field.max_length == model._meta.get_field(name).max_length
