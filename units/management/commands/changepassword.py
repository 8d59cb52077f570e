"""`manage.py changepassword <tên đăng nhập>`, on record: Django's own command
(django.contrib.auth), whose change is written to units.PasswordChange in the same transaction
(«Đặt bằng lệnh trên máy chủ»; no account is the actor). As after an administrator set a
password in the admin, its person must choose their own at the next sign-in
(units.accounts.must_choose_password). Found instead of auth's because `units` is listed before
`django.contrib.auth` in INSTALLED_APPS (Django takes a command from the first app that has it)."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword
from django.db import transaction

from units import services
from units.models import PasswordChange


class Command(changepassword.Command):
    help = (
        "Đặt mật khẩu mới cho một tài khoản trên máy chủ. Lần đổi được ghi vào lịch sử; người "
        "dùng phải tự chọn mật khẩu của mình ở lần đăng nhập sau."
    )

    def handle(self, *args, **options):
        database = options["database"]
        with transaction.atomic(using=database):
            done = super().handle(*args, **options)
            username = options["username"] or getpass.getuser()
            user = (
                get_user_model()
                ._default_manager.using(database)
                .get(**{get_user_model().USERNAME_FIELD: username})
            )
            services.password_changed(user=user, actor=None, how=PasswordChange.How.COMMAND)
        self.stdout.write("Đã ghi vào lịch sử đổi mật khẩu; người dùng sẽ phải tự đặt lại.")
        return done
