"""An administrator's change of an account in the admin is on record field by field
(units.AccountChange: name, position, contact details, whether it may sign in or reach the
admin), the old e-mail address hears of a new one, and a form opened before the person (or
another administrator) changed the account is refused, not saved over it."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.admin_forms import admin_form_data, post_data
from units import services
from units.models import AccountChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return factories.UserFactory(
        username="canbo_a", email="canbo.a@camtan.gov.vn", phone="0912000001"
    )


def test_an_administrators_changes_are_on_record_and_the_old_address_hears(
    client, admin_user, person
):
    client.force_login(admin_user)
    url = reverse("admin:units_user_change", args=[person.pk])
    data = admin_form_data(client, url)
    data.pop("is_active")  # unticked: no longer allowed to sign in
    data.update(email="canbo.moi@camtan.gov.vn", position="Công chức Văn hóa - Xã hội")
    assert client.post(url, data).status_code == 302

    rows = {c.field: c for c in person.account_changes.all()}
    assert set(rows) == {"is_active", "email", "position"}
    assert (rows["is_active"].old, rows["is_active"].new) == ("có", "không")
    assert rows["is_active"].get_field_display() == "Được đăng nhập"
    assert (rows["email"].old, rows["email"].new) == (
        "canbo.a@camtan.gov.vn",
        "canbo.moi@camtan.gov.vn",
    )
    assert {c.actor for c in rows.values()} == {admin_user}
    (letter,) = mail.outbox
    assert letter.to == ["canbo.a@camtan.gov.vn"]
    assert "canbo.moi@camtan.gov.vn" in letter.body

    assert client.post(url, admin_form_data(client, url)).status_code == 302  # unchanged
    assert person.account_changes.count() == 3

    # the person reads it on their account page, with who did it
    person.is_active = True
    person.save(update_fields=["is_active"])
    client.force_login(person)
    page = client.get(reverse("password_change")).content.decode()
    history = page.split('id="lich-su-tai-khoan"')[1].split("</details>")[0]
    assert f"Chức vụ: (trống) → Công chức Văn hóa - Xã hội – {admin_user.display_name}" in history
    assert "Được đăng nhập: có → không" in history


def test_a_form_opened_before_the_person_changed_their_phone_is_refused(client, admin_user, person):
    client.force_login(admin_user)
    url = reverse("admin:units_user_change", args=[person.pk])
    stale = admin_form_data(client, url)
    services.contact_update(  # meanwhile, on their account page
        user=person,
        actor=person,
        values={"email": person.email, "phone": "0912000002"},
        was={"email": person.email, "phone": person.phone},
    )
    refused = client.post(url, {**stale, "full_name": "Nguyễn Văn A"})
    assert refused.status_code == 200
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang. Chưa lưu gì" in refused.content.decode()
    person = get_user_model().objects.get(pk=person.pk)
    assert (person.phone, person.full_name) == ("0912000002", person.full_name)
    assert list(person.account_changes.values_list("field", flat=True)) == ["phone"]
    assert not AccountChange.objects.filter(actor=admin_user).exists()

    # what was typed is still there, and Lưu pressed again, having been told, saves it
    shown = {**stale, **post_data(refused.context["adminform"].form)}  # its roles' rows too
    assert shown["full_name"] == "Nguyễn Văn A"
    assert client.post(url, shown).status_code == 302
    person = get_user_model().objects.get(pk=person.pk)
    assert person.full_name == "Nguyễn Văn A"
    assert person.phone == "0912000001"  # the form's phone, saved knowingly over the other


def test_groups_and_admin_permissions_given_are_on_record(client, admin_user, person):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="Biên tập ngưỡng của tỉnh")
    client.force_login(admin_user)
    url = reverse("admin:units_user_change", args=[person.pk])
    data = admin_form_data(client, url)
    change = Permission.objects.get(codename="change_threshold")
    data.update(groups=[editors.pk], user_permissions=[change.pk], is_staff="on")
    assert client.post(url, data).status_code == 302

    rows = {c.field: c for c in person.account_changes.all()}
    assert (rows["groups"].old, rows["groups"].new) == ("(không có)", "Biên tập ngưỡng của tỉnh")
    assert rows["user_permissions"].new == "criteria.change_threshold"
    assert rows["user_permissions"].get_field_display() == "Quyền trên trang quản trị"
    assert (rows["is_staff"].old, rows["is_staff"].new) == ("không", "có")


def test_an_account_that_was_used_is_not_deleted_but_can_be_closed(client, admin_user, person):
    client.force_login(admin_user)
    unused = factories.UserFactory(username="tao_nham")  # made by mistake, never signed in
    assert (
        client.post(
            reverse("admin:units_user_delete", args=[unused.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not get_user_model().objects.filter(pk=unused.pk).exists()

    client.force_login(person)  # it has signed in: its name is in the history
    client.force_login(admin_user)
    delete = reverse("admin:units_user_delete", args=[person.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert get_user_model().objects.filter(pk=person.pk).exists()
    changelist = client.get(reverse("admin:units_user_changelist"))
    assert "delete_selected" not in changelist.content.decode()  # no bulk delete either
    page = client.get(reverse("admin:units_user_change", args=[person.pk])).content.decode()
    assert "thay cho xóa: tài khoản đã dùng không xóa được" in page


def test_a_role_given_elsewhere_since_the_account_form_opened_refuses_it(
    client, admin_user, person, commune_a
):
    from units.models import Role

    client.force_login(admin_user)
    url = reverse("admin:units_user_change", args=[person.pk])
    stale = admin_form_data(client, url)
    services.role_create(actor=None, user=person, unit=commune_a, kind=Role.Kind.COMMUNE_OFFICIAL)
    refused = client.post(url, {**stale, "position": "Công chức Địa chính"})
    assert "vừa được sửa ở nơi khác sau khi bạn mở trang" in refused.content.decode()
    assert person.roles.count() == 1 and not person.account_changes.exists()
