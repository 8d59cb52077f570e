from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("xa/<int:pk>/nhiem-vu/", views.commune_tasks, name="commune-tasks"),
    path("don-vi/<int:pk>/nhiem-vu/them/", views.task_create, name="task-create"),
    path("viec-cua-toi/", views.my_tasks, name="my-tasks"),
    path("nhiem-vu/", views.task_list, name="task-list"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task-detail"),
    path("nhiem-vu/<int:pk>/sua/", views.task_update, name="task-update"),
    path("nhiem-vu/<int:pk>/tien-do/", views.task_progress, name="task-progress"),
    path("nhiem-vu/nhap-excel/", views.task_import, name="task-import"),
    path("nhiem-vu/xuat-excel/", views.task_export, name="task-export"),
    path("nhiem-vu/mau-excel/", views.task_import_template, name="task-import-template"),
]
