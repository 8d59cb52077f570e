from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Role, Unit, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["unit"]
    filter_horizontal = ["criteria"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Thông tin cán bộ", {"fields": ("full_name", "position", "phone")}),
    )
    list_display = ["username", "full_name", "position", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "code",
        "kind",
        "parent",
        "province",
        "region",
        "framework",
        "level_goal",
        "valid_to",
    ]
    list_filter = ["kind", "region", "level_goal", "is_synthetic", "province"]
    list_select_related = ["parent", "province", "framework"]
    search_fields = ["name", "search_name", "code"]
    autocomplete_fields = ["parent", "province", "merged_from"]
    readonly_fields = ["search_name"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "unit"]
    list_filter = ["kind"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    filter_horizontal = ["criteria"]
