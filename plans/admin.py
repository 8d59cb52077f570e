from django.contrib import admin

from .models import (
    CriterionMeasure,
    LegalDocument,
    LegalDocumentChange,
    Plan,
    PlanBasis,
    PlanEvent,
    PlanRecipient,
    PlanSection,
    Target,
    TargetChange,
)


class PlanBasisInline(admin.TabularInline):
    model = PlanBasis
    extra = 0


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0


class PlanRecipientInline(admin.TabularInline):
    model = PlanRecipient
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans are written in the app (with their history); the admin lists them read-only."""

    list_display = ["__str__", "unit", "doc_type", "kind", "year_start", "year_end", "status"]
    list_filter = ["status", "doc_type", "kind", "year_start"]
    list_select_related = ["unit"]
    search_fields = ["title", "unit__name"]
    inlines = [PlanBasisInline, PlanSectionInline, PlanRecipientInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PlanEvent)
class PlanEventAdmin(admin.ModelAdmin):
    list_display = ["at", "plan", "action", "actor"]
    list_select_related = ["plan", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TargetChangeInline(admin.TabularInline):
    model = TargetChange
    extra = 0
    fields = ["at", "actor", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Targets are set on the targets page or by the Excel import, which keep their version
    and history (plans.services); the admin lists them read-only with that history."""

    list_display = ["unit", "year", "level", "target_count", "version", "set_by", "updated_at"]
    list_filter = ["year", "level"]
    list_select_related = ["unit", "set_by"]
    search_fields = ["unit__name", "unit__code"]
    inlines = [TargetChangeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class LegalDocumentChangeInline(admin.TabularInline):
    model = LegalDocumentChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "changes"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    """Read here; entered and corrected on the library page (Kế hoạch → Thư viện văn bản căn
    cứ), where every change is recorded."""

    list_display = ["number", "kind", "signed_on", "body", "unit"]
    list_filter = ["kind"]
    list_select_related = ["unit"]
    search_fields = ["number", "title", "body"]
    inlines = [LegalDocumentChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriterionMeasure)
class CriterionMeasureAdmin(admin.ModelAdmin):
    """Read here; written on the commune's page *Mục tiêu, giải pháp* (with its history)."""

    list_display = ["unit", "year", "criterion", "updated_by", "updated_at"]
    list_select_related = ["unit", "criterion", "updated_by"]
    search_fields = ["unit__name", "target", "measures"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
