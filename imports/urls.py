from django.urls import path

from . import views

app_name = "imports"

# The paths the import pages had under the dashboards ("tong-hop/…"), kept.
urlpatterns = [
    path("tong-hop/nhap-excel/", views.import_page, name="import"),
    path("tong-hop/nhap-excel/mau/<slug:kind>/", views.import_template, name="import-template"),
    path("tong-hop/nhap-excel/<int:pk>/", views.import_run, name="import-run"),
    path("tong-hop/nhap-excel/<int:pk>/xac-nhan/", views.import_confirm, name="import-confirm"),
    path("tong-hop/nhap-excel/<int:pk>/nhap-lai/", views.import_retry, name="import-retry"),
    path("tong-hop/xuat-excel/", views.data_export, name="data-export"),
]
