"""`manage.py createsuperuser`, on record: Django's own command (django.contrib.auth), and the
password it sets is written to units.PasswordChange in the same transaction («Đặt khi tạo tài
khoản quản trị trên máy chủ»; no account is the actor). The first administrator chose that
password at the terminal, so unlike changepassword they are not led to choose another. An
account made without a usable password (non-interactive, no DJANGO_SUPERUSER_PASSWORD) has no
password to record. Found instead of auth's because `units` is listed before
`django.contrib.auth` in INSTALLED_APPS."""

from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction
from django.db.models.signals import post_save

from units import services
from units.models import PasswordChange


class Command(createsuperuser.Command):
    help = (
        "Tạo tài khoản quản trị trên máy chủ. Mật khẩu đặt lúc tạo được ghi vào lịch sử đổi "
        "mật khẩu (không ghi mật khẩu)."
    )

    def handle(self, *args, **options):
        made = []

        def note(sender, instance, created, **kwargs):
            if created:
                made.append(instance)

        post_save.connect(note, sender=self.UserModel, weak=False)
        try:
            with transaction.atomic(using=options["database"]):
                done = super().handle(*args, **options)
                for user in made:
                    if user.has_usable_password():
                        services.password_changed(
                            user=user, actor=None, how=PasswordChange.How.CREATED
                        )
        finally:
            post_save.disconnect(note, sender=self.UserModel)
        return done
