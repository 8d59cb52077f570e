from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("sap-xep/", views.reorganisation_list, name="reorganisations"),
    path("sap-xep/moi/", views.reorganisation_add, name="reorganisation-add"),
    path("sap-xep/<int:pk>/", views.reorganisation_detail, name="reorganisation"),
    path("don-vi/<int:pk>/so-lieu/", views.unit_facts, name="unit-facts"),
]
