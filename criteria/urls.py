from django.urls import path

from . import framework_views, views

app_name = "criteria"

urlpatterns = [
    path("xa/", views.commune_list, name="commune-list"),
    path("xa/<int:pk>/", views.commune_detail, name="commune-detail"),
    path("thon/<int:pk>/", views.village_detail, name="village-detail"),
    path("xa/<int:pk>/mo-nam/", views.assessment_open, name="assessment-open"),
    path("xa/<int:pk>/tieu-chi/<int:number>/", views.criterion_entry, name="criterion-entry"),
    path("chi-tieu/<int:pk>/cap-nhat/", views.status_edit, name="status-edit"),
    path("chi-tieu/<int:pk>/lich-su/", views.status_history, name="status-history"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence-download"),
]
urlpatterns += [
    path("xa/<int:pk>/nhat-ky/", views.commune_trail, name="commune-trail"),
    path("danh-gia/<int:pk>/gui-tham-tra/", views.assessment_submit, name="assessment-submit"),
    path("danh-gia/<int:pk>/rut-lai/", views.assessment_withdraw, name="assessment-withdraw"),
    path("danh-gia/<int:pk>/tham-tra/", views.assessment_review, name="assessment-review"),
]

# Bộ tiêu chí: criteria sets authored in the app (criteria.framework_views).
urlpatterns += [
    path("bo-tieu-chi/", framework_views.framework_list, name="framework-list"),
    path("bo-tieu-chi/tao/", framework_views.framework_create, name="framework-create"),
    path("bo-tieu-chi/<int:pk>/", framework_views.framework_detail, name="framework-detail"),
    path("bo-tieu-chi/<int:pk>/sua/", framework_views.framework_edit, name="framework-edit"),
    path(
        "bo-tieu-chi/<int:pk>/tai-ve.xlsx",
        framework_views.framework_export,
        {"output": "xlsx"},
        name="framework-xlsx",
    ),
    path(
        "bo-tieu-chi/<int:pk>/tai-ve.yaml",
        framework_views.framework_export,
        {"output": "yaml"},
        name="framework-yaml",
    ),
    path(
        "bo-tieu-chi/<int:pk>/ban-hanh/",
        framework_views.framework_publish,
        name="framework-publish",
    ),
    path("bo-tieu-chi/<int:pk>/xoa/", framework_views.framework_delete, name="framework-delete"),
    path(
        "bo-tieu-chi/<int:pk>/xem-thu/",
        framework_views.framework_preview,
        name="framework-preview",
    ),
    path(
        "bo-tieu-chi/<int:pk>/vung-nhom/them/",
        framework_views.category_add,
        name="framework-category-add",
    ),
    path("bo-tieu-chi/<int:pk>/nhom/them/", framework_views.group_add, name="framework-group-add"),
    path(
        "bo-tieu-chi/<int:pk>/tieu-chi/them/", framework_views.criterion_add, name="criterion-add"
    ),
    path(
        "bo-tieu-chi/tieu-chi/<int:pk>/sua/", framework_views.criterion_edit, name="criterion-edit"
    ),
    path(
        "bo-tieu-chi/tieu-chi/<int:pk>/ngung/",
        framework_views.criterion_retire,
        name="criterion-retire",
    ),
    path(
        "bo-tieu-chi/<int:pk>/chi-tieu/them/", framework_views.indicator_add, name="indicator-add"
    ),
    path(
        "bo-tieu-chi/chi-tieu/<int:pk>/sua/", framework_views.indicator_edit, name="indicator-edit"
    ),
    path(
        "bo-tieu-chi/chi-tieu/<int:pk>/ngung/",
        framework_views.indicator_retire,
        name="indicator-retire",
    ),
]

# Nhóm xã theo bộ tiêu chí: communes' groups (or regions) on a set (criteria.group_views).
from . import group_views  # noqa: E402

urlpatterns += [
    path(
        "bo-tieu-chi/<int:pk>/nhom-xa/",
        group_views.unit_category_list,
        name="unit-categories",
    ),
    path(
        "bo-tieu-chi/<int:pk>/nhom-xa/<int:commune_pk>/",
        group_views.unit_category_edit,
        name="unit-category-edit",
    ),
]

# Bảng chuyển đổi chỉ tiêu into a set, authored in the app (criteria.mapping_views).
from . import mapping_views  # noqa: E402

urlpatterns += [
    path("bo-tieu-chi/<int:pk>/chuyen-doi/", mapping_views.mapping_edit, name="mapping-edit"),
    path(
        "bo-tieu-chi/chuyen-doi/<int:pk>/xoa/",
        mapping_views.mapping_row_delete,
        name="mapping-row-delete",
    ),
]
