"""A person's own account: changing their password, and setting a new one through a link sent
by e-mail when it is forgotten. Django's views and forms (their messages are Vietnamese), each
change recorded by units.services.password_changed in the same transaction."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from . import services
from .models import PasswordChange


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "last": self._last()}

    def _last(self):
        return self.request.user.password_changes.select_related("actor").first()

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)  # the new hash; this session stays signed in
            services.password_changed(
                user=form.user, actor=self.request.user, how=PasswordChange.How.OWN
            )
        messages.success(self.request, "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    # the message is the same whether or not the address has an account: it tells no one who
    # has one
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
