from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.reorganisation_list, name="reorganisations"),
    path("moi/", views.reorganisation_add, name="reorganisation-add"),
    path("<int:pk>/", views.reorganisation_detail, name="reorganisation"),
]
