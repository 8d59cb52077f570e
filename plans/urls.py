from django.urls import path

from . import library_views, views

app_name = "plans"

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan-list"),
    path("ke-hoach/tao/", views.plan_create, name="plan-create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan-edit"),
    path("ke-hoach/<int:pk>/ban-hanh/", views.plan_issue, name="plan-issue"),
    path("ke-hoach/<int:pk>/cap-nhat-so-lieu/", views.plan_refresh, name="plan-refresh"),
    path("ke-hoach/<int:pk>/sua-doi/", views.plan_revise, name="plan-revise"),
    path("ke-hoach/<int:pk>/in/", views.plan_print, name="plan-print"),
    path("ke-hoach/<int:pk>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("ke-hoach/<int:pk>/docx/", views.plan_docx, name="plan-docx"),
    path("don-vi/<int:pk>/chi-tieu/", views.targets_edit, name="targets-edit"),
    # the library of legal bases, and picking from it into a draft
    path("can-cu/", library_views.library, name="library"),
    path("can-cu/<int:pk>/sua/", library_views.library_edit, name="library-edit"),
    path("ke-hoach/<int:pk>/can-cu/", library_views.plan_bases, name="plan-bases"),
    path("xa/<int:pk>/muc-tieu-giai-phap/", library_views.measures_edit, name="measures-edit"),
    path("don-vi/<int:pk>/noi-dung-ke-hoach/", library_views.defaults_edit, name="defaults-edit"),
    # the terms of a unit's cấp ủy, which number its Party documents
    path("don-vi/<int:pk>/nhiem-ky/", library_views.party_terms, name="party-terms"),
    path("nhiem-ky/<int:pk>/sua/", library_views.party_term_edit, name="party-term-edit"),
]
