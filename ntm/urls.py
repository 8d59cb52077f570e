from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from criteria import views as criteria_views
from ntm import views as ntm_views
from units import accounts

urlpatterns = [
    path("", criteria_views.home, name="home"),  # a commune's officials: their commune's page
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("quen-mat-khau/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("criteria.urls")),
    path("", include("assignments.urls")),
    path("", include("plans.urls")),
    path("", include("imports.urls")),
    path("", include("dashboards.urls")),
    path("ho-so/", include("dossiers.urls", namespace="dossiers")),
    path("cong-nhan/", include("recognition.urls", namespace="recognition")),
    path("", include("units.urls", namespace="units")),
    # the admin's own «Đổi mật khẩu» would change a password off the record: ours records it
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="password_change"),
        name="admin-password-change",
    ),
    path("admin/", admin.site.urls),
    path("healthz", ntm_views.healthz, name="healthz"),  # no login: for monitors
    path("sw.js", ntm_views.service_worker, name="service-worker"),  # no login: a static file
    path("", include("ops.urls")),
]
