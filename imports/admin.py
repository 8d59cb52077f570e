from django.contrib import admin

from common.admin import ReadOnly

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnly, admin.ModelAdmin):
    """The audit trail of Excel imports: read-only."""

    list_display = ["created_at", "user", "kind", "file_name", "rows", "state", "summary"]
    list_filter = ["kind", "state"]
    date_hierarchy = "created_at"
    search_fields = ["file_name", "user__username", "user__full_name"]
    exclude = ["content", "versions"]
    readonly_fields = [
        "user",
        "kind",
        "file_name",
        "file_size",
        "state",
        "rows",
        "created",
        "changed",
        "unchanged",
        "summary",
        "errors",
        "preview",
        "created_at",
        "started_at",
        "heartbeat_at",
        "attempt",
        "finished_at",
    ]
