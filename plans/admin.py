from django.contrib import admin

from common.admin import ReadOnly

from .models import (
    CriterionMeasure,
    LegalDocument,
    LegalDocumentChange,
    PartyTerm,
    PartyTermChange,
    Plan,
    PlanBasis,
    PlanEvent,
    PlanItem,
    PlanRecipient,
    PlanSection,
    RecipientList,
    Signatory,
    Target,
    TargetChange,
    UnitDocumentChange,
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


class _ReadOnly(ReadOnly, admin.ModelAdmin):
    """Read here; written on the app's own pages, through the services that keep their
    history (plans.services, plans.library, plans.defaults)."""


@admin.register(PlanEvent)
class PlanEventAdmin(_ReadOnly):
    list_display = ["at", "plan", "action", "actor"]
    list_select_related = ["plan", "actor"]


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
class LegalDocumentAdmin(_ReadOnly):
    """Read here; entered and corrected on the library page (Kế hoạch → Thư viện văn bản căn
    cứ), where every change is recorded."""

    list_display = ["number", "kind", "signed_on", "body", "unit"]
    list_filter = ["kind"]
    list_select_related = ["unit"]
    search_fields = ["number", "title", "body"]
    inlines = [LegalDocumentChangeInline]


@admin.register(CriterionMeasure)
class CriterionMeasureAdmin(_ReadOnly):
    """Written on the commune's page *Mục tiêu, giải pháp* (with its history)."""

    list_display = ["unit", "year", "criterion", "updated_by", "updated_at"]
    list_select_related = ["unit", "criterion", "updated_by"]
    search_fields = ["unit__name", "target", "measures"]


@admin.register(PlanItem)
class PlanItemAdmin(_ReadOnly):
    list_display = ["unit", "year", "part", "position", "heading", "updated_by", "updated_at"]
    list_filter = ["part", "year"]
    list_select_related = ["unit", "updated_by"]
    search_fields = ["unit__name", "heading", "text"]


@admin.register(RecipientList)
class RecipientListAdmin(_ReadOnly):
    list_display = ["unit", "issuer", "updated_by", "updated_at"]
    list_select_related = ["unit", "updated_by"]
    search_fields = ["unit__name", "recipients"]


@admin.register(Signatory)
class SignatoryAdmin(_ReadOnly):
    list_display = ["unit", "issuer", "order", "full_name", "position", "active"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "full_name", "position"]


@admin.register(UnitDocumentChange)
class UnitDocumentChangeAdmin(_ReadOnly):
    list_display = ["at", "unit", "subject", "year", "actor"]
    list_select_related = ["unit", "actor"]
    list_filter = ["subject"]


class PartyTermChangeInline(admin.TabularInline):
    model = PartyTermChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "changes"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartyTerm)
class PartyTermAdmin(_ReadOnly):
    """Read here; recorded and corrected on the unit's page *Nhiệm kỳ cấp ủy* (Kế hoạch), where
    every change is recorded."""

    list_display = ["unit", "congress_closed_on", "name"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "name"]
    inlines = [PartyTermChangeInline]
