from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Vận hành (sao lưu, xuất dữ liệu, dữ liệu mẫu)"
