"""Admin for tasks: browse and search. Tasks are written through the pages (services), which keep
the version and the history; here the history and the reminder log are read-only."""

from django.contrib import admin

from .models import (
    FundingLine,
    InboxReminderLog,
    ReminderLog,
    ResponsibleParty,
    Task,
    TaskChange,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartyInline(ReadOnlyInline):
    model = ResponsibleParty
    fields = ["role", "kind", "name", "position", "unit_name", "user"]


class FundingInline(ReadOnlyInline):
    model = FundingLine
    fields = ["source", "planned", "disbursed", "note"]


class ChangeInline(ReadOnlyInline):
    model = TaskChange
    fields = ["at", "actor", "action", "changes", "detail"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "criterion", "plan_year", "deadline", "status", "progress"]
    list_filter = ["status", "plan_year", "unit__kind"]
    search_fields = ["title", "unit__name", "unit__code", "parties__name"]
    list_select_related = ["unit", "criterion"]
    inlines = [PartyInline, FundingInline, ChangeInline]
    readonly_fields = [f.name for f in Task._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "task", "sent_at"]
    list_filter = ["date"]
    list_select_related = ["user", "task"]
    search_fields = ["user__username", "task__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InboxReminderLog)
class InboxReminderLogAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "waiting", "sent_at"]
    list_filter = ["date"]
    list_select_related = ["user"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
