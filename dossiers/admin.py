"""Read-only: dossiers and checklists change on the app's pages, with their record."""

from django.contrib import admin

from common.admin import ReadOnly

from .models import ChecklistItem, Dossier, DossierChange, DossierItem


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "tier", "province", "required", "order", "is_default", "retired_on"]
    list_filter = ["tier", "required", "is_default"]
    list_select_related = ["province"]
    search_fields = ["name", "basis"]


class DossierItemInline(ReadOnly, admin.TabularInline):
    model = DossierItem
    extra = 0
    fields = ["checklist_item", "status", "original_name", "note", "updated_by", "updated_at"]


@admin.register(Dossier)
class DossierAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["commune", "tier", "year", "state", "submitted_at"]
    list_filter = ["tier", "state", "year"]
    list_select_related = ["commune"]
    search_fields = ["commune__name", "commune__code"]
    inlines = [DossierItemInline]


@admin.register(DossierChange)
class DossierChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "actor", "action", "dossier", "province", "tier", "item_name"]
    list_filter = ["action", "tier"]
    list_select_related = ["actor", "dossier__commune", "province"]
    date_hierarchy = "at"
