from django.urls import path

from . import views

app_name = "dashboards"


def _outputs(route: str, view, name: str) -> list:
    """A dashboard, its print view, its PDF and its Excel workbook (same GET filters)."""
    return [
        path(route, view, {"output": "html"}, name=name),
        path(f"{route}in/", view, {"output": "print"}, name=f"{name}-print"),
        path(f"{route}pdf/", view, {"output": "pdf"}, name=f"{name}-pdf"),
        path(f"{route}xlsx/", view, {"output": "xlsx"}, name=f"{name}-xlsx"),
    ]


urlpatterns = [
    *_outputs("tong-hop/", views.index, "index"),
    *_outputs("tong-hop/don-vi/<int:pk>/", views.unit_dashboard, "unit"),
    *_outputs("tong-hop/tinh/<int:pk>/", views.province_dashboard, "province"),
    *_outputs("tong-hop/xa/<int:pk>/", views.commune_dashboard, "commune"),
]
