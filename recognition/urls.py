from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("", views.index, name="index"),
    path("chua-cong-nhan-lai/", views.lacking, name="lacking"),
    path("don-vi/<int:pk>/", views.unit_register, name="unit"),
    path("don-vi/<int:pk>/ghi/", views.decision_add, name="add"),
    path("muc/<int:pk>/thu-hoi/", views.revoke, name="revoke"),
    path("quyet-dinh/<int:pk>/tep/", views.decision_file, name="file"),
    path("quyet-dinh/<int:pk>/dinh-kem/", views.decision_attach, name="attach"),
    path("quyet-dinh/<int:pk>/sua/", views.decision_correct, name="correct"),
]
