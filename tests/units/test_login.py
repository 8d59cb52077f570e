"""Signing in through the real login form: wrong passwords, the django-axes lockout, passwords.

Every request goes through the whole middleware stack and AxesStandaloneBackend, as in
production; the test client's address is REMOTE_ADDR 127.0.0.1.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests import factories

LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture(autouse=True)
def _documented_limits(settings):
    """The defaults of ntm/settings.py, pinned so a local .env cannot change these tests."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def user_a(db):
    return factories.UserFactory(username="canbo_a")  # password "ntm-demo"


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, **extra):
    return [sign_in(client, username, "sai-mat-khau", **extra).status_code for _ in range(times)]


def test_wrong_password_rerenders_form_with_vietnamese_error(client, user_a):
    response = sign_in(client, "canbo_a", "sai-mat-khau")

    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert 'value="canbo_a"' in response.content.decode()
    assert not is_signed_in(client)


def test_right_password_signs_in(client, user_a):
    response = sign_in(client, "canbo_a", "ntm-demo")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)


def test_five_wrong_passwords_lock_out_even_the_right_one(client, user_a):
    assert fail(client, "canbo_a", 4) == [200] * 4
    fifth = sign_in(client, "canbo_a", "sai-mat-khau")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()

    response = sign_in(client, "canbo_a", "ntm-demo")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not is_signed_in(client)


def test_four_wrong_passwords_do_not_lock_out(client, user_a):
    fail(client, "canbo_a", 4)

    assert sign_in(client, "canbo_a", "ntm-demo").status_code == 302
    assert is_signed_in(client)


def test_lockout_does_not_touch_another_username_at_the_same_address(client, user_a):
    factories.UserFactory(username="canbo_b")
    fail(client, "canbo_a", 5)

    response = sign_in(client, "canbo_b", "ntm-demo")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_lockout_does_not_touch_the_same_username_at_another_address(client, user_a):
    fail(client, "canbo_a", 5)

    response = sign_in(client, "canbo_a", "ntm-demo", REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302


def test_right_password_resets_the_count(client, user_a):
    fail(client, "canbo_a", 4)
    assert sign_in(client, "canbo_a", "ntm-demo").status_code == 302
    client.logout()

    assert fail(client, "canbo_a", 4) == [200] * 4
    assert sign_in(client, "canbo_a", "ntm-demo").status_code == 302


def test_lockout_ends_after_the_cooloff(client, user_a, settings):
    fail(client, "canbo_a", 5)
    assert sign_in(client, "canbo_a", "ntm-demo").status_code == 429

    settings.AXES_COOLOFF_TIME = timedelta(0)  # the 15 minutes have passed

    assert sign_in(client, "canbo_a", "ntm-demo").status_code == 302


def test_without_cooloff_the_lockout_page_sends_to_the_administrator(client, user_a, settings):
    settings.AXES_COOLOFF_TIME = None  # AXES_COOLOFF_MINUTES=0
    fail(client, "canbo_a", 5)

    response = sign_in(client, "canbo_a", "ntm-demo")

    assert response.status_code == 429
    assert "Vui lòng liên hệ quản trị viên để mở khóa." in response.content.decode()


def test_forwarded_for_header_is_ignored_unless_configured(client, user_a):
    """Otherwise a client could choose a fresh address for every guess."""
    for n in range(5):
        sign_in(client, "canbo_a", "sai-mat-khau", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = sign_in(client, "canbo_a", "ntm-demo", HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert response.status_code == 429


def test_forwarded_for_header_is_the_address_behind_a_configured_proxy(client, user_a, settings):
    # what AXES_IPWARE_PROXY_COUNT=0 in the environment sets
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    fail(client, "canbo_a", 5, HTTP_X_FORWARDED_FOR="203.0.113.7")

    locked = sign_in(client, "canbo_a", "ntm-demo", HTTP_X_FORWARDED_FOR="203.0.113.7")
    elsewhere = sign_in(client, "canbo_a", "ntm-demo", HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_admin_login_counts_and_locks_too(client, user_a):
    user_a.is_staff = True
    user_a.save(update_fields=["is_staff"])
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "canbo_a", "password": "sai-mat-khau"})

    response = client.post(url, {"username": "canbo_a", "password": "ntm-demo"})

    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_weak_password_is_rejected_in_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        validate_password("12345678")

    assert "Mật khẩu này quá phổ biến." in raised.value.messages
    assert "Mật khẩu này hoàn toàn là số." in raised.value.messages


@pytest.mark.django_db
def test_an_old_pbkdf2_password_is_rehashed_with_argon2_at_the_next_sign_in(client, settings):
    """Issue 13: Argon2 is the first hasher; existing PBKDF2 hashes upgrade on sign-in."""
    from django.contrib.auth.hashers import make_password
    from django.urls import reverse

    import ntm.settings
    from tests import factories

    settings.PASSWORD_HASHERS = ntm.settings.PASSWORD_HASHERS  # not the tests' fast MD5
    user = factories.UserFactory(username="cu")
    user.password = make_password("mat-khau-cu-2024", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(reverse("login"), {"username": "cu", "password": "mat-khau-cu-2024"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_the_project_hashes_new_passwords_with_argon2():
    import ntm.settings  # the module itself: every test runs with a fast MD5 hasher instead

    assert ntm.settings.PASSWORD_HASHERS[0] == "ntm.hashers.OwaspArgon2PasswordHasher"


ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}  # many phones here are set to English


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_messages(client, user_a):
    """The app's text is Vietnamese only: a browser asking for English must not turn Django's
    own messages (a required field, a password rule, a wrong sign-in) into English beside it."""
    refused = client.post(reverse("login"), {"username": "", "password": ""}, **ENGLISH)
    text = refused.content.decode()
    assert "Trường này là bắt buộc." in text and "This field is required" not in text
    assert "Accept-Language" not in refused.get("Vary", "")  # one page for every browser
    client.force_login(user_a)
    page = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "password", "new_password2": "password"},
        **ENGLISH,
    ).content.decode()
    assert "Mật khẩu cũ không chính xác" in page and "Mật khẩu này quá phổ biến" in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_dates_and_numbers(client, user_a):
    """An English Accept-Language must not turn 06/12/2026 into 12/06/2026 or refuse 95,5."""
    from django.utils import formats

    from units.models import PasswordChange

    PasswordChange.objects.create(
        user=user_a,
        actor=user_a,
        how=PasswordChange.How.OWN,
        at=datetime(2026, 6, 5, 3, 0, tzinfo=UTC),
    )
    client.force_login(user_a)
    page = client.get(reverse("password_change"), **ENGLISH).content.decode()
    assert "Lần đổi gần nhất: 10:00 05/06/2026" in page  # not 06/05/2026; Hà Nội time
    assert formats.get_format("DECIMAL_SEPARATOR") == ","
    assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
