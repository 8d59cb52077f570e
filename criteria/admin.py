"""Admin for the criteria catalogue and the assessment records.

The catalogue (frameworks, criteria, indicators, national thresholds) is shown here but changed
only on the app's "Bộ tiêu chí" pages (criteria.authoring), which keep the record of every change
with its legal basis and carry it to the years in progress. Provincial stricter thresholds
(Threshold with a province) are still entered here: by an administrator, or by a province's NTM
office given the threshold permissions, which then sees and changes only the rows of the
provinces it authors (units.access.authoring_province_ids). The history (StatusChange,
FrameworkChange) is append-only and therefore read-only here.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.text import Truncator

from common.admin import GuardedAdminForm, ReadOnly
from units.access import authoring_province_ids
from units.models import Unit

from . import provincial
from .models import (
    Assessment,
    AssessmentEvent,
    Criterion,
    CriterionGroup,
    Evidence,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    FrameworkMapping,
    Indicator,
    IndicatorStatus,
    Origin,
    StatusChange,
    Threshold,
    UnitCategory,
    WithdrawnYear,
)


def _short(text: str, length: int = 90) -> str:
    return Truncator(text).chars(length)


# -- catalogue ----------------------------------------------------------------------------


class CatalogueReadOnly(ReadOnly):
    """Catalogue rows change on the app's pages, with their record (criteria.authoring)."""


class FrameworkCategoryInline(CatalogueReadOnly, admin.TabularInline):
    model = FrameworkCategory
    extra = 0
    fields = ["order", "key", "name", "description"]
    verbose_name = "vùng/nhóm xã (cột ngưỡng)"
    verbose_name_plural = "vùng/nhóm xã (cột ngưỡng)"


class CriterionGroupInline(CatalogueReadOnly, admin.TabularInline):
    model = CriterionGroup
    extra = 0
    fields = ["order", "code", "name"]


@admin.register(Framework)
class FrameworkAdmin(CatalogueReadOnly, admin.ModelAdmin):
    list_display = [
        "short_name",
        "key",
        "level",
        "decision_number",
        "period_start",
        "period_end",
        "category_kind",
        "criteria_count",
        "indicator_count",
    ]
    list_filter = ["level", "category_kind"]
    search_fields = ["key", "name", "short_name", "decision_number"]
    inlines = [FrameworkCategoryInline, CriterionGroupInline]
    fieldsets = [
        (None, {"fields": ["key", "name", "short_name", "level", "category_kind"]}),
        (
            "Văn bản",
            {
                "fields": [
                    "decision_number",
                    "decision_date",
                    "effective_date",
                    "period_start",
                    "period_end",
                ]
            },
        ),
        ("Ghi chú và nguồn", {"fields": ["notes", "sources"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                criteria_total=Count("criteria", distinct=True),
                indicator_total=Count("indicators", distinct=True),
            )
        )

    @admin.display(description="số tiêu chí", ordering="criteria_total")
    def criteria_count(self, obj):
        return obj.criteria_total

    @admin.display(description="số chỉ tiêu", ordering="indicator_total")
    def indicator_count(self, obj):
        return obj.indicator_total


class IndicatorInline(admin.TabularInline):
    """The criterion's indicators as a list; each is edited on its own page (with thresholds)."""

    model = Indicator
    extra = 0
    fields = ["code", "name", "unit", "kind", "comparator", "verified"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    ordering = ["order"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Criterion)
class CriterionAdmin(CatalogueReadOnly, admin.ModelAdmin):
    list_display = ["number", "name", "framework", "group", "verified"]
    list_display_links = ["number", "name"]
    list_filter = ["framework", "verified"]
    list_select_related = ["framework", "group"]
    search_fields = ["name", "=number"]
    ordering = ["framework", "number"]
    inlines = [IndicatorInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "group" in form.base_fields:
            # only the groups of the criterion's own framework
            form.base_fields["group"].queryset = CriterionGroup.objects.filter(
                framework_id=obj.framework_id
            )
        return form


class ThresholdInline(CatalogueReadOnly, admin.TabularInline):
    """An indicator's bars, read-only (the indicator's page is): the national ones, and the
    provincial ones the user may see in ThresholdAdmin."""

    model = Threshold
    extra = 0
    fields = [
        "province",
        "category",
        "year",
        "comparator",
        "value",
        "unit",
        "text",
        "decision",
        "note",
    ]
    ordering = ["province", "category", "year"]

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(
            Q(province__isnull=True) | Q(province_id__in=authoring_province_ids(request.user))
        )


class ProvincialThresholdFilter(admin.SimpleListFilter):
    title = "Ngưỡng riêng của tỉnh"
    parameter_name = "province__isnull"

    def lookups(self, request, model_admin):
        return [("0", "Ngưỡng riêng của tỉnh"), ("1", "Ngưỡng quốc gia")]

    def queryset(self, request, queryset):
        if self.value() == "0":
            return queryset.filter(province__isnull=False)
        if self.value() == "1":
            return queryset.filter(province__isnull=True)
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(CatalogueReadOnly, admin.ModelAdmin):
    list_display = ["code", "short_name", "unit", "kind", "framework", "verified"]
    list_display_links = ["code", "short_name"]
    list_filter = ["framework", "kind", "verified"]
    list_select_related = ["framework"]
    search_fields = ["code", "name"]
    ordering = ["framework", "order"]
    inlines = [ThresholdInline]
    fieldsets = [
        (None, {"fields": ["framework", "criterion", "code", "name", "order"]}),
        ("Cách đánh giá", {"fields": ["kind", "comparator", "unit", "guidance"]}),
        ("Độ tin cậy", {"fields": ["verified", "confidence", "notes", "sources"]}),
    ]

    @admin.display(description="tên chỉ tiêu", ordering="name")
    def short_name(self, obj):
        return _short(obj.name)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "criterion" in form.base_fields:
            form.base_fields["criterion"].queryset = Criterion.objects.filter(
                framework_id=obj.framework_id
            )
        return form


class ThresholdAdminForm(GuardedAdminForm):
    """A province's own threshold: always a province's (a national row is the catalogue's,
    changed on the set's pages), always with the province's text that sets it (the basis of
    judging its communes again), never saved over a change made since the form was opened."""

    def watched(self, instance) -> dict:
        fields = ("indicator", *ThresholdInline.fields)  # what the form shows
        return {f: getattr(instance, Threshold._meta.get_field(f).attname) for f in fields}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("province"):
            self.add_error(
                "province",
                "Chọn tỉnh: ngưỡng chung của cả nước thuộc bộ tiêu chí, sửa ở trang Bộ tiêu chí.",
            )
        if not (cleaned.get("decision") or "").strip():
            self.add_error(
                "decision",
                "Ghi văn bản của tỉnh quy định ngưỡng này (số, ngày): các xã của tỉnh được đánh "
                "giá lại theo nó.",
            )
        return cleaned


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    form = ThresholdAdminForm
    list_display = [
        "indicator_code",
        "indicator_name",
        "province",
        "category",
        "year",
        "value",
        "text_short",
    ]
    list_filter = [ProvincialThresholdFilter, "indicator__framework"]
    list_select_related = ["indicator__framework", "province"]
    search_fields = ["indicator__code", "indicator__name", "text", "province__name"]
    ordering = ["indicator__framework", "indicator__order", "province", "category", "year"]
    raw_id_fields = ["indicator"]
    fields = [
        "indicator",
        "province",
        "category",
        "year",
        "comparator",
        "value",
        "unit",
        "text",
        "decision",
        "note",
        "origin",
        "seen",  # ThresholdAdminForm's fingerprint (hidden): a page without it saves nothing
    ]
    readonly_fields = ["origin"]

    # Scope. A national row (province empty) is the catalogue's, changed on the set's pages
    # (criteria.authoring): read-only here for everyone. An administrator sees every row and
    # changes the provincial ones; anyone else on the admin sees and changes only the rows of
    # the provinces they author, and creates rows for those provinces only.

    @staticmethod
    def _provinces(request) -> set[int] | None:
        """The provinces whose rows the user may change; None: every province."""
        if request.user.is_superuser:
            return None
        return authoring_province_ids(request.user)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        provinces = self._provinces(request)
        if provinces is None:
            return rows
        return rows.filter(province_id__in=provinces)

    def _in_scope(self, request, obj) -> bool:
        if obj is None:
            return True
        if obj.province_id is None:
            return False
        provinces = self._provinces(request)
        return provinces is None or obj.province_id in provinces

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or request.user.is_superuser or self._in_scope(request, obj)
        )

    def has_add_permission(self, request):
        provinces = self._provinces(request)
        return super().has_add_permission(request) and (provinces is None or bool(provinces))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        provinces = self._provinces(request)
        if provinces is not None:
            field = form.base_fields["province"]
            field.queryset = Unit.objects.filter(pk__in=provinces, kind=Unit.Kind.PROVINCE)
            field.required = True
            field.empty_label = None
            # a national set's indicators, or those of the user's provinces' own sets
            form.base_fields["indicator"].queryset = Indicator.objects.filter(
                Q(framework__province__isnull=True) | Q(framework__province_id__in=provinces)
            )
        return form

    def save_model(self, request, obj, form, change):
        """On record in the set's history, and the province's communes' years in progress
        judged again (criteria.provincial.provincial_threshold_saved)."""
        obj.origin = Origin.APP  # entered here: load_criteria leaves it alone
        before = Threshold.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        changed = provincial.provincial_threshold_saved(
            threshold=obj, before=before, actor=request.user
        )
        if changed:
            self.message_user(
                request, f"Đã đánh giá lại {changed} kết quả chỉ tiêu của các xã theo ngưỡng mới."
            )

    def delete_model(self, request, obj):
        provincial.provincial_threshold_delete(threshold=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for threshold in queryset.select_related("indicator__framework", "province"):
            self.delete_model(request, threshold)

    @admin.display(description="chỉ tiêu", ordering="indicator__order")
    def indicator_code(self, obj):
        return f"{obj.indicator.code} ({obj.indicator.framework})"

    @admin.display(description="tên chỉ tiêu")
    def indicator_name(self, obj):
        return _short(obj.indicator.name, 60)

    @admin.display(description="yêu cầu (diễn giải)")
    def text_short(self, obj):
        return _short(obj.text, 80)


# -- assessments --------------------------------------------------------------------------


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    """Results, evidence and their history change only through the app's services, which check
    versions and write the history in the same transaction; the admin only shows them."""


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["commune", "framework", "year", "state", "headline", "updated_at"]
    list_filter = ["framework", "year", "state"]
    list_select_related = ["commune", "framework"]
    search_fields = ["commune__name", "commune__code"]
    raw_id_fields = ["commune"]
    readonly_fields = [
        "met_count",
        "criteria_count",
        "indicator_met_count",
        "indicator_count",
        "created_at",
        "updated_at",
    ]

    @admin.display(description="số tiêu chí, chỉ tiêu đạt")
    def headline(self, obj):
        return obj.counts_text


@admin.register(AssessmentEvent)
class AssessmentEventAdmin(ReadOnlyAdmin):
    """The review trail: who sent, returned or verified a year, when, and for a review the day
    it took place and who took part."""

    list_display = ["at", "assessment", "action", "actor", "held_on"]
    list_filter = ["action"]
    list_select_related = ["assessment__commune", "assessment__framework", "actor"]
    search_fields = ["assessment__commune__name", "participants", "comment"]
    date_hierarchy = "at"


@admin.register(WithdrawnYear)
class WithdrawnYearAdmin(ReadOnlyAdmin):
    """Years opened by mistake and withdrawn (the year is gone; this row stays)."""

    list_display = ["withdrawn_at", "commune", "year", "framework", "withdrawn_by", "reason"]
    list_select_related = ["commune", "framework", "withdrawn_by"]
    search_fields = ["commune__name", "reason"]
    date_hierarchy = "withdrawn_at"


@admin.register(IndicatorStatus)
class IndicatorStatusAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator_code",
        "assessment",
        "status",
        "value",
        "judged_automatically",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["status", "assessment__framework", "assessment__year"]
    list_select_related = [
        "indicator",
        "assessment__commune",
        "assessment__framework",
        "updated_by",
    ]
    search_fields = ["indicator__code", "assessment__commune__name"]
    raw_id_fields = ["assessment", "indicator"]
    readonly_fields = ["version", "updated_by", "updated_at"]

    @admin.display(description="chỉ tiêu", ordering="indicator__order")
    def indicator_code(self, obj):
        return obj.indicator.code


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Files are uploaded (and checked) through the app; here they are only listed."""

    list_display = ["original_name", "status", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["status__indicator", "uploaded_by"]
    search_fields = ["original_name"]
    fields = ["status", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    """The audit trail: visible to whoever may view it, never written from the admin."""

    list_display = [
        "at",
        "status",
        "action",
        "actor",
        "old_status",
        "new_status",
        "old_value",
        "new_value",
    ]
    list_filter = ["action"]
    list_select_related = ["status__indicator", "actor"]
    search_fields = ["status__indicator__code", "detail"]
    date_hierarchy = "at"


@admin.register(FrameworkChange)
class FrameworkChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "framework", "action", "target", "field", "actor", "legal_basis"]
    list_filter = ["action", "framework"]
    list_select_related = ["framework", "actor"]
    date_hierarchy = "at"


@admin.register(UnitCategory)
class UnitCategoryAdmin(ReadOnlyAdmin):
    list_display = ["unit", "framework", "category", "basis", "valid_from", "valid_to"]
    list_filter = ["framework", "category"]
    list_select_related = ["unit", "framework"]
    search_fields = ["unit__name", "basis"]


@admin.register(FrameworkMapping)
class FrameworkMappingAdmin(ReadOnlyAdmin):
    list_display = ["source", "target", "basis", "created_at"]
    list_select_related = ["source", "target"]
