from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("xa/", views.commune_list, name="commune-list"),
]
