from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("xa/", views.commune_list, name="commune-list"),
    path("xa/<int:pk>/", views.commune_detail, name="commune-detail"),
    path("xa/<int:pk>/mo-nam/", views.assessment_open, name="assessment-open"),
    path("chi-tieu/<int:pk>/cap-nhat/", views.status_edit, name="status-edit"),
    path("chi-tieu/<int:pk>/lich-su/", views.status_history, name="status-history"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence-download"),
]
urlpatterns += [
    path("xa/<int:pk>/nhat-ky/", views.commune_trail, name="commune-trail"),
    path("danh-gia/<int:pk>/gui-tham-tra/", views.assessment_submit, name="assessment-submit"),
    path("danh-gia/<int:pk>/tham-tra/", views.assessment_review, name="assessment-review"),
]
