from django.urls import path, register_converter

from . import views

app_name = "dossiers"


class ScopeConverter:
    """Whose list of documents: "chung" (the national defaults, None) or a province's id."""

    regex = r"chung|[0-9]+"

    def to_python(self, value):
        return None if value == "chung" else int(value)

    def to_url(self, value):
        return "chung" if value in (None, "chung") else str(int(value))


register_converter(ScopeConverter, "scope")

urlpatterns = [
    path("", views.readiness, name="readiness"),
    path("xa/<int:pk>/", views.commune_dossiers, name="commune"),
    path("xa/<int:pk>/mo/", views.dossier_open, name="open"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/gui/", views.dossier_submit, name="submit"),
    path("<int:pk>/tra-lai/", views.dossier_return, name="return"),
    path("muc/<int:pk>/", views.item_edit, name="item-edit"),
    path("muc/<int:pk>/tep/", views.item_file, name="item-file"),
    path("danh-muc/", views.checklist_index, name="checklists"),
    # before the lists' paths, whose tier would otherwise match "muc"
    path("danh-muc/muc/<int:pk>/", views.checklist_item_edit, name="checklist-item-edit"),
    path(
        "danh-muc/muc/<int:pk>/ngung/",
        views.checklist_item_retire,
        name="checklist-item-retire",
    ),
    path("danh-muc/<slug:tier>/<scope:scope>/", views.checklist_page, name="checklist"),
    path("danh-muc/<slug:tier>/<scope:scope>/them/", views.checklist_add, name="checklist-add"),
    path(
        "danh-muc/<slug:tier>/<scope:scope>/sao-chep/",
        views.checklist_copy,
        name="checklist-copy",
    ),
]
