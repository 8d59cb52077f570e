from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = "Bộ tiêu chí và kết quả đánh giá"
