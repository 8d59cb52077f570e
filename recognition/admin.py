"""Read-only: the register changes on its pages and by Excel import, with its record."""

from django.contrib import admin

from common.admin import ReadOnly

from .models import Decision, Recognition, RecognitionChange


class EntryInline(ReadOnly, admin.TabularInline):
    model = Recognition
    fk_name = "decision"
    extra = 0
    fields = ["unit", "tier", "year", "framework", "revokes", "reason", "failing_criteria"]


@admin.register(Decision)
class DecisionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "signed_on", "kind", "body", "original_name", "recorded_by"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "body", "basis"]
    date_hierarchy = "signed_on"
    inlines = [EntryInline]


@admin.register(RecognitionChange)
class RecognitionChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "actor", "action", "unit", "tier", "decision", "source"]
    list_filter = ["action", "tier"]
    list_select_related = ["actor", "unit", "decision"]
    search_fields = ["unit__name", "before", "after", "legal_basis"]
    date_hierarchy = "at"
