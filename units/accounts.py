"""A person's own account: changing their password, and setting a new one through a link sent
by e-mail when it is forgotten. Django's views and forms (their messages are Vietnamese), each
change recorded by units.services.password_changed in the same transaction."""

import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.urls import reverse_lazy

from . import services
from .models import PasswordChange


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        last = self.request.user.password_changes.first()  # «Lần đổi gần nhất: …»
        return {**super().get_context_data(**kwargs), "last": last}

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)  # the new hash; this session stays signed in
            services.password_changed(
                user=form.user, actor=self.request.user, how=PasswordChange.How.OWN
            )
        messages.success(self.request, "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.")
        return response


def _same_address(a: str, b: str) -> bool:
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class ResetForm(PasswordResetForm):
    def get_users(self, email):
        """Django's: the active accounts of that address with a usable password. Here also an
        account never yet signed in whose password was never set (the officials' import makes
        them so): its person sets their first password from the letter. An account that has
        signed in and had its password made unusable since stays closed."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            u
            for u in users
            if (u.has_usable_password() or u.last_login is None) and _same_address(email, u.email)
        )


class PasswordResetView(auth_views.PasswordResetView):
    # the message is the same whether or not the address has an account: it tells no one who
    # has one
    form_class = ResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def get_context_data(self, **kwargs):
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        return {**super().get_context_data(**kwargs), "timeout_days": days}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_changed(user=form.user, actor=form.user, how=PasswordChange.How.RESET)
        return response
