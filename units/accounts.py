"""A person's own account: changing their password, and setting a new one through a link sent
by e-mail when it is forgotten. Django's views and forms (their messages are Vietnamese), each
change recorded by units.services.password_changed in the same transaction.

A password set by an administrator is theirs to know, so whoever signs in with it chooses their
own before anything else (ChosenPasswordMiddleware). «Quên mật khẩu?» is bounded per address and
per network address (settings.PASSWORD_RESET_LIMITS) and its letters go through the task queue."""

import math
import unicodedata
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.signals import user_logged_in
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import InterfaceError, OperationalError, transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from . import selectors, services
from .models import PasswordChange, PasswordResetRequest
from .tasks import send_letter, send_reset_letter

# set at sign-in while the password is one an administrator chose (must_choose_password)
CHOOSE = "ntm_chon_mat_khau"


def must_choose_password(user) -> bool:
    """Whether the account's password was last set by someone else (an administrator, when
    creating the account or setting a new password, or on the server's command line), so its
    person has yet to choose one."""
    last = user.password_changes.first()
    set_for = (PasswordChange.How.ADMIN, PasswordChange.How.COMMAND)
    return last is not None and last.how in set_for and last.actor_id != user.pk


@receiver(user_logged_in, dispatch_uid="units.accounts.choose")
def _remember_password_to_choose(sender, request, user, **kwargs):
    if must_choose_password(user):
        request.session[CHOOSE] = True


class ChosenPasswordMiddleware:
    """While the session is marked CHOOSE, every request but changing the password and signing
    out leads to «Đổi mật khẩu». (An administrator setting the password again ends the session:
    Django checks the password's hash on each request, so the mark is never stale.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            choose = request.session.get(CHOOSE) and request.user.is_authenticated
        except (OperationalError, InterfaceError):
            choose = False  # the database is down: the view meets it too and answers 503
        if choose and request.path not in (reverse("password_change"), reverse("logout")):
            return redirect("password_change")
        return self.get_response(request)


PHONE = RegexValidator(
    r"^\+?[0-9][0-9 .()-]{5,28}$",
    "Số điện thoại chỉ gồm chữ số, có thể có dấu cách, dấu chấm, dấu gạch hoặc dấu + ở đầu, "
    "ví dụ 0912 345 678.",
)


class ContactForm(forms.Form):
    """One's own e-mail address and phone, confirmed with one's password (an address is the
    way to a new password: a session left open must not be enough to change it)."""

    prefix = "lh"  # beside the password form on the same page
    email = forms.EmailField(
        label="Thư điện tử",
        max_length=254,
        required=False,
        help_text="Để nhận thư nhắc việc và đặt lại mật khẩu khi quên.",
        error_messages={"max_length": "Địa chỉ dài quá: tối đa 254 ký tự."},
    )
    phone = forms.CharField(
        label="Điện thoại",
        max_length=30,
        required=False,
        validators=[PHONE],
        error_messages={"max_length": "Số điện thoại dài quá: tối đa 30 ký tự."},
    )
    email_was = forms.CharField(widget=forms.HiddenInput, required=False, max_length=254)
    phone_was = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)
    password = forms.CharField(
        label="Mật khẩu hiện tại",
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        initial = {"email": user.email, "phone": user.phone}
        initial |= {"email_was": user.email, "phone_was": user.phone}
        super().__init__(*args, initial=initial, **kwargs)
        self.user = user

    def clean_phone(self):
        return " ".join(self.cleaned_data["phone"].split())

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mật khẩu hiện tại không đúng.")
        return password


def tell_old_address(change) -> None:
    """The old address hears of the new one, in case it was not its owner (queued in the
    change's transaction: the database queue's row commits or rolls back with it)."""
    user = change.user
    body = (
        f"Kính gửi {user.display_name},\n\n"
        f"Địa chỉ thư điện tử của tài khoản {user.get_username()} trên hệ thống theo dõi xây "
        f"dựng nông thôn mới vừa được đổi từ {change.old} sang {change.new or '(để trống)'} "
        f"lúc {timezone.localtime(change.at):%H:%M ngày %d/%m/%Y}.\n\n"
        "Nếu không phải bạn đổi, hãy báo ngay cho quản trị viên của hệ thống.\n"
    )
    send_letter.enqueue("Đổi địa chỉ thư điện tử – NTM", body, change.old)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The account page (the person's name in the header): who they are in the app, their
    contact details (theirs to correct), their roles and who changed them, then the password
    form. Both forms post here; the contact form's button is named "contact"."""

    success_url = reverse_lazy("home")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "contact" in self.request.POST:  # the contact form was sent: this one shows empty
            kwargs.pop("data", None)
            kwargs.pop("files", None)
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.session.get(CHOOSE):  # the page opens on the account, not the form
            form.fields["old_password"].widget.attrs.pop("autofocus", None)
        return form

    def get_context_data(self, **kwargs):
        last = self.request.user.password_changes.first()  # «Lần đổi gần nhất: …»
        choose = bool(self.request.session.get(CHOOSE))
        roles, role_changes = selectors.own_roles(self.request.user)
        kwargs.setdefault("contact", ContactForm(user=self.request.user))
        return {
            **super().get_context_data(**kwargs),
            "last": last,
            "choose": choose,
            "roles": roles,
            "role_changes": role_changes,
            "account_changes": selectors.own_account_changes(self.request.user),
        }

    def post(self, request, *args, **kwargs):
        if "contact" not in request.POST:
            return super().post(request, *args, **kwargs)
        contact = ContactForm(request.POST, user=request.user)
        if contact.is_valid():
            data = contact.cleaned_data
            try:
                with transaction.atomic():
                    changes = services.contact_update(
                        user=request.user,
                        actor=request.user,
                        values={"email": data["email"], "phone": data["phone"]},
                        was={"email": data["email_was"], "phone": data["phone_was"]},
                    )
                    for change in changes:
                        if change.field == "email" and change.old:
                            tell_old_address(change)
            except ValidationError as e:
                contact.add_error(None, e)
                # the page shows what the account holds now: sent again, it is over that
                request.user.refresh_from_db(fields=["email", "phone"])
                contact.data = contact.data.copy()
                contact.data[contact.add_prefix("email_was")] = request.user.email
                contact.data[contact.add_prefix("phone_was")] = request.user.phone
            else:
                said = "Đã lưu thông tin liên hệ." if changes else "Thông tin liên hệ không đổi."
                messages.success(request, said)
                return redirect("password_change")
        context = self.get_context_data(form=self.get_form(), contact=contact)
        return self.render_to_response(context, status=400)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)  # the new hash; this session stays signed in
            services.password_changed(
                user=form.user, actor=self.request.user, how=PasswordChange.How.OWN
            )
        self.request.session.pop(CHOOSE, None)
        messages.success(self.request, "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.")
        return response


def _same_address(a: str, b: str) -> bool:
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class ResetForm(PasswordResetForm):
    def __init__(self, *args, ip: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ip = ip

    def clean_email(self):
        """Refused, with the minutes to wait, past PASSWORD_RESET_LIMITS requests in the last
        hour for this address or from this network address. Counted for every address alike,
        so the refusal tells no one whether the address has an account."""
        email = self.cleaned_data["email"]
        refusal = self._refusal(email)
        if refusal:
            raise forms.ValidationError(refusal)
        return email

    def _refusal(self, email: str) -> str | None:
        hour_ago = timezone.now() - timedelta(hours=1)
        recent = PasswordResetRequest.objects.filter(at__gt=hour_ago)
        limits = settings.PASSWORD_RESET_LIMITS
        for asked, limit, whose in (
            (recent.filter(email__iexact=email), limits["address"], "địa chỉ này"),
            (recent.filter(ip=self.ip) if self.ip else None, limits["ip"], "máy này"),
        ):
            if asked is None or asked.count() < limit:
                continue
            oldest = asked.order_by("at").values_list("at", flat=True)[asked.count() - limit]
            minutes = max(1, math.ceil((oldest - hour_ago).total_seconds() / 60))
            return (
                f"Đã có {limit} yêu cầu đặt lại mật khẩu từ {whose} trong một giờ qua. Hãy xem "
                f"hộp thư (cả mục thư rác), hoặc thử lại sau {minutes} phút."
            )
        return None

    def save(self, *, request, use_https=False, **kwargs):
        """Queues a letter for each account of the address (units.tasks.send_reset_letter) and
        records the request, in one transaction: a worker never sends for an unrecorded one.
        The address's accounts are locked and the bound counted again first: of two requests
        at the same instant that both passed clean_email, the second waits for the first and,
        past the bound, sends and records nothing (its page says only that a letter goes if
        the address has an account, so it tells nothing either)."""
        email = self.cleaned_data["email"]
        domain = get_current_site(request).domain
        protocol = "https" if use_https else "http"
        with transaction.atomic():
            users = list(self.get_users(email, lock=True))
            if self._refusal(email):
                return
            services.password_reset_requested(email=email, ip=self.ip, letters=len(users))
            for user in users:
                send_reset_letter.enqueue(user.pk, user.email, domain, protocol)

    def get_users(self, email, *, lock: bool = False):
        """Django's: the active accounts of that address with a usable password. Here also an
        account never yet signed in whose password was never set (the officials' import makes
        them so): its person sets their first password from the letter. An account that has
        signed in and had its password made unusable since stays closed. `lock`: their rows
        are locked until the caller's transaction ends."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        if lock:
            users = users.select_for_update().order_by("pk")
        return (
            u
            for u in users
            if (u.has_usable_password() or u.last_login is None) and _same_address(email, u.email)
        )


class PasswordResetView(auth_views.PasswordResetView):
    # the message is the same whether or not the address has an account: it tells no one who
    # has one; the letter is written by the worker (units.tasks: its templates)
    form_class = ResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ip": get_client_ip_address(self.request)}

    def get_context_data(self, **kwargs):
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        return {**super().get_context_data(**kwargs), "timeout_days": days}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_changed(user=form.user, actor=form.user, how=PasswordChange.How.RESET)
        return response
