"""One's own password: changed when signed in, set again through an e-mailed link when
forgotten, set by an administrator – each on record (units.PasswordChange: whose, by whom,
when, how; never the password), every message in Vietnamese."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from units import services
from units.models import PasswordChange

NEW = "Ruong-lua-Cam-Tan-2026"


@pytest.fixture
def user_a(db):
    return factories.UserFactory(username="canbo_a", email="canbo.a@camtan.gov.vn")


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_signed_in_person_changes_their_password_and_it_is_on_record(client, user_a):
    other = Client()  # the same account on another phone
    other.force_login(user_a)
    client.force_login(user_a)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()

    refused = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "123", "new_password2": "1234"},
    )
    text = refused.content.decode()
    assert "Mật khẩu cũ không chính xác" in text and "Hai trường mật khẩu không giống nhau" in text
    assert not PasswordChange.objects.exists()

    done = client.post(
        reverse("password_change"),
        {"old_password": "ntm-demo", "new_password1": NEW, "new_password2": NEW},
    )
    assert done.status_code == 302 and done.url == reverse("home")
    user_a.refresh_from_db()
    assert user_a.check_password(NEW)
    assert _signed_in(client)  # this session goes on…
    assert other.get(reverse("assignments:my-tasks")).status_code == 302  # …the others end
    record = PasswordChange.objects.get()
    assert (record.user, record.actor, record.how) == (user_a, user_a, PasswordChange.How.OWN)
    page = client.get(reverse("password_change")).content.decode()
    assert "Lần đổi gần nhất:" in page and "tự đổi mật khẩu" in page  # the page says when


def test_a_common_password_is_refused_in_vietnamese(client, user_a):
    client.force_login(user_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": "ntm-demo", "new_password1": "password", "new_password2": "password"},
    )
    assert "Mật khẩu này quá phổ biến" in response.content.decode()
    user_a.refresh_from_db()
    assert user_a.check_password("ntm-demo") and not PasswordChange.objects.exists()


def test_a_forgotten_password_is_set_again_through_the_emailed_link(client, user_a):
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login_page  # «Quên mật khẩu?»

    sent = client.post(reverse("password_reset"), {"email": "CANBO.A@camtan.gov.vn"})
    assert sent.status_code == 302 and sent.url == reverse("password_reset_done")
    (letter,) = mail.outbox
    assert letter.to == ["canbo.a@camtan.gov.vn"] and letter.subject == "Đặt lại mật khẩu – NTM"
    assert "Kính gửi" in letter.body and "canbo_a" in letter.body
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+)", letter.body)[1]

    form = client.get(link, follow=True)  # Django moves the token out of the address
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    user_a.refresh_from_db()
    assert user_a.check_password(NEW)
    record = PasswordChange.objects.get()
    assert (record.user, record.actor, record.how) == (user_a, user_a, PasswordChange.How.RESET)

    # the link serves once
    again = client.get(link, follow=True).content.decode()
    assert "Đường dẫn này không dùng được nữa" in again


def test_an_unknown_address_gets_the_same_answer_and_no_letter(client, user_a):
    # the page tells no one whether an address has an account
    known = client.post(reverse("password_reset"), {"email": "canbo.a@camtan.gov.vn"})
    unknown = client.post(reverse("password_reset"), {"email": "ai.do@example.com"})
    assert known.url == unknown.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    refused = client.post(reverse("password_reset"), {"email": "khong-phai-thu"})
    assert "Nhập địa chỉ email" in refused.content.decode()


def test_an_administrator_setting_a_password_is_on_record(client, user_a):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[user_a.pk])
    response = client.post(
        url, {"password1": NEW, "password2": NEW, "usable_password": "true"}, follow=False
    )
    assert response.status_code == 302
    user_a.refresh_from_db()
    assert user_a.check_password(NEW)
    record = PasswordChange.objects.get()
    assert (record.user, record.actor, record.how) == (user_a, admin, PasswordChange.How.ADMIN)
    # a refused form writes no record
    client.post(url, {"password1": NEW, "password2": "khac", "usable_password": "true"})
    assert PasswordChange.objects.count() == 1


def test_the_header_name_leads_to_ones_account(client, user_a):
    client.force_login(user_a)
    html = client.get(reverse("assignments:my-tasks")).content.decode()
    assert f'<a class="who" href="{reverse("password_change")}">' in html


def test_an_imported_official_sets_their_first_password_from_the_letter(client, db):
    # the officials' import makes accounts without a password (units.services.official_create)
    new = services.official_create(username="moi_nhap", email="moi.nhap@camtan.gov.vn")
    assert not new.has_usable_password()
    client.post(reverse("password_reset"), {"email": "moi.nhap@camtan.gov.vn"})
    (letter,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+)", letter.body)[1]
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    new.refresh_from_db()
    assert new.check_password(NEW)
    assert (
        client.post(reverse("login"), {"username": "moi_nhap", "password": NEW}).status_code == 302
    )


def test_a_password_closed_after_use_is_not_opened_by_a_letter(client, user_a):
    user_a.set_unusable_password()
    user_a.last_login = timezone.now()  # it was used, then closed by an administrator
    user_a.save()
    client.post(reverse("password_reset"), {"email": "canbo.a@camtan.gov.vn"})
    assert mail.outbox == []
