from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị hành chính và cán bộ"

    def ready(self):
        from . import accounts  # noqa: F401  (its user_logged_in receiver)
