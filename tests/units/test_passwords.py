"""One's own password: changed when signed in, set again through an e-mailed link when
forgotten, set by an administrator – each on record (units.PasswordChange: whose, by whom,
when, how; never the password), every message in Vietnamese."""

import contextlib
import io
import re
import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests import factories
from units import services
from units.accounts import ResetForm
from units.models import AccountChange, PasswordChange, PasswordResetRequest
from units.tasks import send_reset_letter

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


def test_the_admins_own_password_page_leads_to_the_recorded_one(client, db):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    client.force_login(admin)
    response = client.get(reverse("admin:password_change"))
    assert (response.status_code, response.url) == (302, reverse("password_change"))


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


# --- «Quên mật khẩu?» bounded, its letters on the task queue ------------------------------

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _ask(client, email, ip="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_requests_for_one_address_are_bounded_and_the_refusal_says_how_long(client, user_a):
    for _ in range(3):
        assert _ask(client, "canbo.a@camtan.gov.vn").status_code == 302
    assert len(mail.outbox) == 3
    refused = _ask(client, "Canbo.A@camtan.gov.vn").content.decode()
    assert re.search(
        r"Đã có 3 yêu cầu đặt lại mật khẩu từ địa chỉ này trong một giờ qua\..*"
        r"thử lại sau (59|60) phút",
        refused,
    )
    assert len(mail.outbox) == 3 and PasswordResetRequest.objects.count() == 3
    # an address without an account is bounded alike: the refusal tells nothing
    for _ in range(3):
        _ask(client, "ai.do@example.com", ip="10.0.0.2")
    assert "từ địa chỉ này" in _ask(client, "ai.do@example.com", ip="10.0.0.2").content.decode()

    # the oldest request leaves the hour: one more is accepted, and one only
    oldest = PasswordResetRequest.objects.filter(email__iexact="canbo.a@camtan.gov.vn").last()
    PasswordResetRequest.objects.filter(pk=oldest.pk).update(
        at=timezone.now() - timedelta(minutes=61)
    )
    assert _ask(client, "canbo.a@camtan.gov.vn").status_code == 302
    assert len(mail.outbox) == 4
    assert _ask(client, "canbo.a@camtan.gov.vn").status_code == 200


def test_requests_from_one_network_address_are_bounded(client, user_a, settings):
    settings.PASSWORD_RESET_LIMITS = {"address": 3, "ip": 2}
    _ask(client, "mot@example.com")
    _ask(client, "hai@example.com")
    refused = _ask(client, "canbo.a@camtan.gov.vn").content.decode()
    assert "Đã có 2 yêu cầu đặt lại mật khẩu từ máy này" in refused and mail.outbox == []
    assert _ask(client, "canbo.a@camtan.gov.vn", ip="10.0.0.9").status_code == 302
    assert len(mail.outbox) == 1


def test_each_request_is_on_record_with_the_letters_it_queued(client, user_a):
    _ask(client, "canbo.a@camtan.gov.vn", ip="10.0.0.7")
    _ask(client, "ai.do@example.com", ip="10.0.0.8")
    assert list(
        PasswordResetRequest.objects.order_by("pk").values_list("email", "ip", "letters")
    ) == [("canbo.a@camtan.gov.vn", "10.0.0.7", 1), ("ai.do@example.com", "10.0.0.8", 0)]
    # an administrator reads them, and changes none
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    client.force_login(admin)
    listing = client.get(reverse("admin:units_passwordresetrequest_changelist")).content.decode()
    assert "ai.do@example.com" in listing and "10.0.0.7" in listing
    assert client.get(reverse("admin:units_passwordresetrequest_add")).status_code == 403


def test_the_letter_waits_on_the_queue_without_its_link(client, user_a, settings):
    settings.TASKS = DATABASE_QUEUE  # queued; no worker runs it
    assert _ask(client, "canbo.a@camtan.gov.vn").status_code == 302
    assert mail.outbox == []  # the page did not wait for the mail server
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "units.tasks.send_reset_letter"
    args = queued.args_kwargs["args"]
    assert args == [user_a.pk, "canbo.a@camtan.gov.vn", "testserver", "http"]  # no token

    assert send_reset_letter.call(*args) is True  # the worker writes the link
    (letter,) = mail.outbox
    assert re.search(r"http://testserver/dat-lai-mat-khau/\S+/\S+/", letter.body)

    # the address changed before the worker came: the old one gets nothing
    user_a.email = "moi@camtan.gov.vn"
    user_a.save()
    assert send_reset_letter.call(*args) is False and len(mail.outbox) == 1


# --- a password an administrator set is chosen again by its person -------------------------


def _admin_sets_password(admin, user):
    c = Client()
    c.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    assert (
        c.post(url, {"password1": NEW, "password2": NEW, "usable_password": "true"}).status_code
        == 302
    )


def test_a_password_set_by_an_administrator_must_be_changed_before_anything_else(client, user_a):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    _admin_sets_password(admin, user_a)
    assert (
        client.post(reverse("login"), {"username": "canbo_a", "password": NEW}).status_code == 302
    )

    for url in (reverse("home"), reverse("assignments:my-tasks"), "/admin/"):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, reverse("password_change")), url
    page = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu hiện tại do quản trị viên đặt" in page and ">Hủy</a>" not in page
    assert re.search(r'<input[^>]*name="old_password"[^>]*autofocus', page)  # the one task
    assert client.post(reverse("logout")).status_code == 302  # signing out stays open

    client.post(reverse("login"), {"username": "canbo_a", "password": NEW})
    mine = "Ruong-ngo-Cam-Tan-2027"
    done = client.post(
        reverse("password_change"),
        {"old_password": NEW, "new_password1": mine, "new_password2": mine},
    )
    assert done.url == reverse("home")
    assert client.get(reverse("assignments:my-tasks")).status_code == 200  # free again
    assert "Mật khẩu hiện tại do" not in client.get(reverse("password_change")).content.decode()
    # and at the next sign-in too: the last change is the person's own
    other = Client()
    assert other.post(reverse("login"), {"username": "canbo_a", "password": mine}).url != (
        reverse("password_change")
    )
    assert other.get(reverse("assignments:my-tasks")).status_code == 200


def test_an_account_created_with_a_password_in_the_admin_is_on_record_and_chosen_again(client, db):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    client.force_login(admin)
    response = client.post(
        reverse("admin:units_user_add"),
        {
            "username": "canbo_moi",
            "password1": NEW,
            "password2": NEW,
            "usable_password": "true",
            "_save": "1",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = get_user_model().objects.get(username="canbo_moi")
    record = PasswordChange.objects.get(user=new)
    assert (record.actor, record.how) == (admin, PasswordChange.How.ADMIN)
    person = Client()
    person.post(reverse("login"), {"username": "canbo_moi", "password": NEW})
    assert person.get(reverse("home")).url == reverse("password_change")


def test_an_administrator_setting_their_own_password_in_the_admin_is_not_asked_again(client, db):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    _admin_sets_password(admin, admin)
    client.post(reverse("login"), {"username": "quantri", "password": NEW})
    assert client.get("/admin/").status_code == 200


# --- the account page: who one is in the app -----------------------------------------------


def test_the_account_page_shows_ones_details_roles_and_who_changed_them(client, commune_a, f318):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.com", "x")
    person = factories.UserFactory(
        username="canbo_vh", full_name="Lê Thị Hoa", position="Công chức văn hóa", email=""
    )
    from units.models import Role

    role = services.role_create(
        actor=admin,
        user=person,
        unit=commune_a,
        kind=Role.Kind.COMMUNE_OFFICIAL,
        criteria=f318.criteria.filter(number__in=[6, 16]),
    )
    services.role_update(
        actor=admin,
        role=role,
        user=person,
        unit=commune_a,
        kind=Role.Kind.COMMUNE_OFFICIAL,
        criteria=f318.criteria.filter(number__in=[6, 16, 17]),
    )
    client.force_login(person)
    page = client.get(reverse("password_change")).content.decode()
    assert "<h1>Tài khoản của bạn</h1>" in page and "Lê Thị Hoa" in page
    assert "Công chức văn hóa" in page
    assert "chỉ quản trị viên đặt lại được" in page  # no address: no «Quên mật khẩu?»
    roles = page.split('id="vai-tro"')[1].split("</ul>")[0]
    assert "Công chức xã" in roles and str(commune_a) in roles
    assert "phụ trách tiêu chí 6, 16, 17" in roles
    assert f'href="{reverse("criteria:commune-detail", args=[commune_a.pk])}"' in roles
    history = page.split('id="lich-su-vai-tro"')[1].split("</details>")[0]
    assert "Đổi tiêu chí phụ trách" in history and "(tiêu chí 6, 16 → 6, 16, 17)" in history
    assert "Giao vai trò" in history and admin.display_name in history
    assert 'id="doi-mat-khau"' in page  # the password form below…
    assert "autofocus" not in page  # …the page opens on the account, not on it


def test_an_account_without_roles_is_told_whom_to_ask(client, user_a):
    client.force_login(user_a)
    page = client.get(reverse("password_change")).content.decode()
    assert "Chưa được giao vai trò nào: báo quản trị viên." in page
    assert "lich-su-vai-tro" not in page


# --- one's own contact details, on record ---------------------------------------------------


def _contact(client, user, **changed):
    data = {
        "contact": "1",
        "lh-email": user.email,
        "lh-phone": user.phone,
        "lh-email_was": user.email,
        "lh-phone_was": user.phone,
        "lh-password": "ntm-demo",
    }
    data.update({f"lh-{k}": v for k, v in changed.items()})
    return client.post(reverse("password_change"), data)


def test_one_corrects_ones_own_address_and_phone_on_record_and_the_old_address_hears(
    client, user_a
):
    client.force_login(user_a)
    done = _contact(client, user_a, email="hoa.le@camtan.gov.vn", phone="0912  345 678")
    assert (done.status_code, done.url) == (302, reverse("password_change"))
    user_a.refresh_from_db()
    assert (user_a.email, user_a.phone) == ("hoa.le@camtan.gov.vn", "0912 345 678")
    rows = AccountChange.objects.order_by("field")
    assert [(r.field, r.old, r.new, r.actor) for r in rows] == [
        ("email", "canbo.a@camtan.gov.vn", "hoa.le@camtan.gov.vn", user_a),
        ("phone", "", "0912 345 678", user_a),
    ]
    (letter,) = mail.outbox  # to the old address: it was perhaps not its owner who changed it
    assert letter.to == ["canbo.a@camtan.gov.vn"] and "hoa.le@camtan.gov.vn" in letter.body
    page = client.get(reverse("password_change")).content.decode()
    assert "Đã lưu thông tin liên hệ." in page and "hoa.le@camtan.gov.vn" in page
    # the same again changes nothing and writes nothing
    _contact(client, user_a)
    assert AccountChange.objects.count() == 2 and len(mail.outbox) == 1


def test_contact_details_need_the_password_and_bad_ones_are_named_in_vietnamese(client, user_a):
    client.force_login(user_a)
    wrong = _contact(client, user_a, email="moi@camtan.gov.vn", password="sai")
    assert wrong.status_code == 400
    text = wrong.content.decode()
    assert "Mật khẩu hiện tại: Mật khẩu hiện tại không đúng." in text
    assert 'value="moi@camtan.gov.vn"' in text  # what was typed stays
    bad = _contact(client, user_a, email="khong-phai-thu", phone="gọi tôi").content.decode()
    assert "Thư điện tử: Nhập địa chỉ email." in bad and "Số điện thoại chỉ gồm chữ số" in bad
    too_long = _contact(client, user_a, phone="0" * 31).content.decode()
    assert "Điện thoại: Số điện thoại dài quá: tối đa 30 ký tự." in too_long
    user_a.refresh_from_db()
    assert user_a.email == "canbo.a@camtan.gov.vn" and not AccountChange.objects.exists()
    assert mail.outbox == []


def test_contact_details_changed_elsewhere_are_not_overwritten_unseen(client, user_a):
    client.force_login(user_a)
    # another tab (or an administrator) changed the phone after this page was opened
    get_user_model().objects.filter(pk=user_a.pk).update(phone="0239 3856 123")
    refused = _contact(client, user_a, phone="0912 345 678")
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Thông tin liên hệ (điện thoại) vừa được sửa ở nơi khác" in text
    user_a.refresh_from_db()
    assert user_a.phone == "0239 3856 123" and not AccountChange.objects.exists()
    # the page now carries what the account holds: sent again, knowingly, it is saved
    assert 'name="lh-phone_was" value="0239 3856 123"' in text
    again = _contact(
        client, user_a, phone="0912 345 678", phone_was="0239 3856 123", email_was=user_a.email
    )
    assert again.status_code == 302
    user_a.refresh_from_db()
    assert user_a.phone == "0912 345 678"
    assert AccountChange.objects.get().old == "0239 3856 123"


def test_a_password_set_on_the_servers_command_line_is_on_record_and_chosen_again(
    client, user_a, monkeypatch
):
    # the operator types the password twice at the terminal (getpass has no terminal here)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    out = io.StringIO()
    call_command("changepassword", "canbo_a", stdout=out)
    assert "Đã ghi vào lịch sử đổi mật khẩu" in out.getvalue()
    change = user_a.password_changes.get()
    assert (change.how, change.actor) == (PasswordChange.How.COMMAND, None)
    assert change.get_how_display().startswith("Đặt bằng lệnh trên máy chủ")

    client.post(reverse("login"), {"username": "canbo_a", "password": NEW})
    response = client.get(reverse("assignments:my-tasks"))
    assert (response.status_code, response.url) == (302, reverse("password_change"))


def test_a_refused_command_line_password_changes_nothing_and_records_nothing(user_a, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "123")  # too short, three times
    before = get_user_model().objects.get(pk=user_a.pk).password
    with pytest.raises(CommandError):
        call_command("changepassword", "canbo_a", stdout=io.StringIO(), stderr=io.StringIO())
    assert get_user_model().objects.get(pk=user_a.pk).password == before
    assert not user_a.password_changes.exists()


def _valid_request(email, ip="10.0.0.1") -> ResetForm:
    form = ResetForm({"email": email}, ip=ip)
    assert form.is_valid(), form.errors
    return form


def test_two_requests_that_both_passed_the_check_send_one_letter_past_the_bound(rf, user_a):
    for _ in range(2):
        _valid_request(user_a.email).save(request=rf.post("/"))
    first, second = _valid_request(user_a.email), _valid_request(user_a.email)  # both at 2 of 3
    first.save(request=rf.post("/"))
    second.save(request=rf.post("/"))  # counted again when saving: it is the fourth
    assert len(mail.outbox) == 3 and PasswordResetRequest.objects.count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: row locks")
def test_two_simultaneous_requests_at_the_bound_send_one_letter(rf, monkeypatch):
    user = factories.UserFactory(username="canbo_dua", email="canbo.dua@camtan.gov.vn")
    for _ in range(2):
        _valid_request(user.email).save(request=rf.post("/"))
    # Each waits here after recording, before committing, if the lock lets it: without the
    # lock both counted 2 and both commit; with it the other waits, the barrier breaks, and
    # the other then counts 3 and sends nothing.
    before_commit = threading.Barrier(2, timeout=3)
    record = services.password_reset_requested

    def recorded_then_wait(**kwargs):
        row = record(**kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            before_commit.wait()
        return row

    monkeypatch.setattr(services, "password_reset_requested", recorded_then_wait)
    forms = [_valid_request(user.email) for _ in range(2)]

    def ask(form):
        try:
            form.save(request=rf.post("/"))
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert PasswordResetRequest.objects.count() == 3
    assert len(mail.outbox) == 3


def _createsuperuser(username: str) -> None:
    call_command(
        "createsuperuser",
        interactive=False,
        username=username,
        email=f"{username}@example.vn",
        stdout=io.StringIO(),
    )


def test_the_password_of_an_administrator_made_on_the_servers_command_line_is_on_record(
    db, client, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW)
    _createsuperuser("quantri")
    made = get_user_model().objects.get(username="quantri")
    change = made.password_changes.get()
    assert (change.how, change.actor) == (PasswordChange.How.CREATED, None)
    # they chose it at the terminal: not led to choose another
    client.post(reverse("login"), {"username": "quantri", "password": NEW})
    assert client.get(reverse("assignments:my-tasks")).status_code == 200

    # made without a password (none in the environment): nothing to record
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD")
    _createsuperuser("quantri2")
    assert not get_user_model().objects.get(username="quantri2").password_changes.exists()
