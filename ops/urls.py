from django.urls import path

from . import views

app_name = "ops"

urlpatterns = [
    path("don-vi/<int:pk>/xuat-du-lieu/", views.unit_export, name="unit-export"),
]
