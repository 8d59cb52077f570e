from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ExportMixin
from import_export.formats.base_formats import XLSX

from common.admin import GuardedAdminForm, ReadOnly

from . import facts, services
from .access import can_import_officials, can_record_unit_facts
from .accounts import tell_old_address
from .models import (
    AccountChange,
    PasswordChange,
    PasswordResetRequest,
    Role,
    RoleChange,
    Unit,
    UnitChange,
    UnitFact,
    UnitFactChange,
    User,
)
from .resources import OfficialResource


def _save_role_formset(request, formset) -> None:
    """Save an inline formset of roles through the services, so each change is on record."""
    formset.save(commit=False)  # fills new/changed/deleted_objects for the change message only
    forms = {id(form.instance): form for form in formset.forms}
    for role in formset.deleted_objects:
        services.role_delete(actor=request.user, role=role)
    for role, _changed in formset.changed_objects:
        services.role_update(
            actor=request.user,
            role=role,
            user=role.user,
            unit=role.unit,
            kind=role.kind,
            criteria=forms[id(role)].cleaned_data["criteria"],
        )
    for role in formset.new_objects:
        created = services.role_create(
            actor=request.user,
            user=role.user,
            unit=role.unit,
            kind=role.kind,
            criteria=forms[id(role)].cleaned_data["criteria"],
        )
        role.pk = created.pk


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["unit"]
    filter_horizontal = ["criteria"]


class UserAdminForm(GuardedAdminForm, UserChangeForm):
    """An account in the admin, with its roles below it: a change of either made elsewhere
    since the form was opened (the person's own contact details, another administrator, the
    officials' import) is not overwritten."""

    WATCHED_LABELS = {"roles": "Vai trò"}

    def watched(self, instance) -> dict:
        roles = sorted(
            (r.pk, r.unit_id, r.kind, tuple(sorted(c.pk for c in r.criteria.all())))
            for r in instance.roles.prefetch_related("criteria")
        )
        return {**services.account_values(instance), "roles": roles}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminForm
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Thông tin cán bộ", {"fields": ("full_name", "position", "phone", "seen")}),
    )
    list_display = ["username", "full_name", "position", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Role:
            _save_role_formset(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        """A new account with a password: that password on record (PasswordChange). A change:
        each followed detail on record (AccountChange, from what to what), and an e-mail
        address replaced hears of it, as when the person changes it themselves."""
        held = User.objects.get(pk=obj.pk) if change else None
        before = services.account_values(held) if change else None
        # groups and permissions are saved after (save_related): what they were, for it
        obj._grants_before = services.account_grants(held) if change else None
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():  # a new account with a password
            services.password_changed(user=obj, actor=request.user, how=PasswordChange.How.ADMIN)
        if before is not None:
            changes = services.account_changes_record(user=obj, before=before, actor=request.user)
            for c in changes:
                if c.field == AccountChange.Field.EMAIL and c.old:
                    tell_old_address(c)

    def has_delete_permission(self, request, obj=None):
        """Only an account never signed in (made by mistake) may be deleted: one that was used
        is named in the history as who did what, and deleting it would blank that. Untick
        «Được đăng nhập» (is_active) instead; the account then signs in no more."""
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.last_login is None)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, each checked as above
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "is_active" in form.base_fields:
            form.base_fields["is_active"].help_text = (
                "Bỏ chọn để tài khoản không đăng nhập được nữa – thay cho xóa: tài khoản đã "
                "dùng không xóa được, vì lịch sử ghi nó là người thực hiện."
            )
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(form.instance, "_grants_before", None)
        if before is not None:  # a change of groups or permissions is on record too
            services.account_grants_record(user=form.instance, before=before, actor=request.user)

    def user_change_password(self, request, id, form_url=""):
        """Django's page, the new password recorded (units.PasswordChange) with it."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            done = request.method == "POST" and response.status_code == 302
            if done and response.url != request.get_full_path():  # not a refusal
                services.password_changed(
                    user=self.get_object(request, unquote(id)),
                    actor=request.user,
                    how=PasswordChange.How.ADMIN,
                )
        return response


class UnitAdminForm(GuardedAdminForm):
    """A unit's record in the admin: what changes is on record (UnitChange) with the basis
    typed here, and a change made elsewhere since the form was opened is not overwritten."""

    change_basis = forms.CharField(
        label="Căn cứ thay đổi",
        max_length=500,
        required=False,
        help_text="Văn bản làm căn cứ cho thay đổi này (số, ngày, cơ quan ban hành), nếu có. "
        "Được ghi vào lịch sử sửa thông tin đơn vị.",
    )

    WATCHED_LABELS = {"basis": "Căn cứ thành lập"}

    def watched(self, instance) -> dict:
        return {
            **services.unit_values(instance),
            "basis": instance.created_by_basis,
            "merged_from": services.merged_from_names(instance),
        }

    def clean(self):
        """The import's rules of placement (units.services.placement_problems): a unit's kind
        stays, it sits under the kinds allowed, and one with years of results is moved by a
        reorganisation, not here. The province follows the parent on saving."""
        data = super().clean()
        kind = data.get("kind")
        if kind and "parent" not in self.errors:
            unit = self.instance if self.instance.pk is not None else None
            problems = services.placement_problems(unit=unit, kind=kind, parent=data.get("parent"))
            for name, messages in problems.items():
                for message in messages:
                    self.add_error(name, message)
        formed_from = data.get("merged_from")
        if kind and formed_from is not None:
            if self.instance.pk is not None and formed_from.filter(pk=self.instance.pk).exists():
                self.add_error("merged_from", "Đơn vị không hình thành từ chính nó.")
            elif formed_from.exclude(kind=kind).exists():
                self.add_error("merged_from", "Chỉ chọn các đơn vị cùng cấp với đơn vị này.")
        return data


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
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
    autocomplete_fields = ["parent", "merged_from"]
    readonly_fields = ["search_name", "province"]  # follows the parent (services.unit_update)

    def save_model(self, request, obj, form, change):
        """Each field changed is on record (units.services.unit_update: UnitChange, with the
        basis typed); the legal basis of creation is written through units.facts (its own
        history row)."""
        basis = form.cleaned_data.get("change_basis", "")
        creation_basis = obj.created_by_basis
        new_creation_basis = change and "created_by_basis" in form.changed_data
        if new_creation_basis:
            obj.created_by_basis = form.initial.get("created_by_basis", "")

        obj._merged_from_before = services.merged_from_names(obj)  # (recorded in save_related)

        def save():
            super(UnitAdmin, self).save_model(request, obj, form, change)

        if change:
            services.unit_update(unit=obj, actor=request.user, basis=basis, save=save)
        else:
            obj.province = services.province_under(obj.parent)
            save()
            services.unit_changes_record(
                unit=obj, before=None, actor=request.user, via=UnitChange.Via.ADMIN, basis=basis
            )
        if new_creation_basis and creation_basis.strip():
            obj.created_by_basis = facts.record_creation_basis(
                actor=request.user, unit=obj, basis=creation_basis
            ).created_by_basis

    def save_related(self, request, form, formsets, change):
        """The units it was formed from are saved after the unit: their change is on record
        too (one UnitChange row, the whole list before and after), in the same transaction."""
        super().save_related(request, form, formsets, change)
        services.unit_merged_from_record(
            unit=form.instance,
            before=form.instance._merged_from_before,
            actor=request.user,
            basis=form.cleaned_data.get("change_basis", ""),
        )


class UnitFactForm(GuardedAdminForm):
    """The service's rules (units.facts.fact_problems) shown on the form, field by field; a
    figure changed elsewhere since the form was opened is not overwritten."""

    class Meta:
        model = UnitFact
        fields = ["unit", "kind", "value", "as_of", "basis"]

    def watched(self, instance) -> dict:
        return {f: getattr(instance, f) for f in ("unit_id", "kind", "value", "as_of", "basis")}

    def clean(self):
        data = super().clean()
        unit = data.get("unit") or getattr(self.instance, "unit", None)
        if unit is not None and not self.errors:
            problems = facts.fact_problems(
                unit,
                data.get("kind") or self.instance.kind,
                data.get("value"),
                data.get("as_of") or self.instance.as_of,
                data.get("basis", ""),
            )
            for name, messages in problems.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return data


@admin.register(UnitFact)
class UnitFactAdmin(admin.ModelAdmin):
    """A unit's dated figures, written through units.facts.record_fact (UnitFactChange on
    record); files of them go through the import pipeline (kind "unit_facts")."""

    list_display = ["unit", "kind", "value", "as_of", "basis", "recorded_by", "recorded_at"]
    list_filter = ["kind"]
    list_select_related = ["unit", "recorded_by"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    fields = ["unit", "kind", "value", "as_of", "basis", "seen"]  # seen: the form's fingerprint
    form = UnitFactForm

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_record_unit_facts(request.user, obj.unit))

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["unit", "kind", "as_of"] if obj else []

    def save_model(self, request, obj, form, change):
        if not can_record_unit_facts(request.user, obj.unit):
            raise PermissionDenied
        saved = facts.record_fact(
            actor=request.user,
            unit=obj.unit,
            kind=obj.kind,
            value=obj.value,
            as_of=obj.as_of,
            basis=obj.basis,
        )
        obj.pk = saved.pk


@admin.register(UnitFactChange)
class UnitFactChangeAdmin(ReadOnly, admin.ModelAdmin):
    """The history of units' figures and legal bases: read only."""

    list_display = ["at", "actor", "action", "unit", "kind", "as_of", "before", "after", "basis"]
    list_filter = ["action", "kind"]
    list_select_related = ["actor", "unit"]
    search_fields = ["unit__name", "unit__code"]


class RoleAdminForm(GuardedAdminForm):
    """A role in the admin: one changed elsewhere since the form was opened (another
    administrator, the officials' import) is not overwritten."""

    def watched(self, instance) -> dict:
        criteria = sorted(instance.criteria.values_list("pk", flat=True))
        return {
            "user": instance.user_id,
            "unit": instance.unit_id,
            "kind": instance.kind,
            "criteria": criteria,
        }


@admin.register(Role)
class RoleAdmin(ExportMixin, admin.ModelAdmin):
    form = RoleAdminForm
    """Roles are written through units.services (RoleChange on record). Officials are imported
    through the import pipeline (imports app, kind "officials"): the list links there."""

    list_display = ["user", "kind", "unit"]
    list_filter = ["kind"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    filter_horizontal = ["criteria"]

    resource_classes = [OfficialResource]
    formats = [XLSX]
    import_export_change_list_template = "admin/units/role/change_list_import_export.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if can_import_officials(request.user):
            extra_context["officials_import_url"] = reverse("imports:import") + "?kind=officials"
        return super().changelist_view(request, extra_context=extra_context)

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm("units.view_user")

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_filename(self, request, queryset, file_format):
        return f"can-bo-vai-tro-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def save_model(self, request, obj, form, change):
        criteria = form.cleaned_data["criteria"]
        if change:
            services.role_update(
                actor=request.user,
                role=obj,
                user=obj.user,
                unit=obj.unit,
                kind=obj.kind,
                criteria=criteria,
            )
        else:
            obj.pk = services.role_create(
                actor=request.user, user=obj.user, unit=obj.unit, kind=obj.kind, criteria=criteria
            ).pk

    def save_related(self, request, form, formsets, change):
        # save_model() set the criteria through the service; form.save_m2m() is not called
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.role_delete(actor=request.user, role=obj)

    def delete_queryset(self, request, queryset):
        for role in queryset:
            services.role_delete(actor=request.user, role=role)


@admin.register(RoleChange)
class RoleChangeAdmin(ReadOnly, admin.ModelAdmin):
    """The record of role changes: written only by units.services, never from the admin."""

    list_display = [
        "at",
        "action",
        "user",
        "kind",
        "unit",
        "criteria_before",
        "criteria_after",
        "actor",
    ]
    list_filter = ["action", ("unit", admin.RelatedOnlyFieldListFilter), "at"]
    list_select_related = ["user", "unit", "actor"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    date_hierarchy = "at"


@admin.register(PasswordChange)
class PasswordChangeAdmin(ReadOnly, admin.ModelAdmin):
    """The record of password changes (never a password): written only by units.services."""

    list_display = ["at", "user", "how", "actor"]
    list_filter = ["how", "at"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__username", "user__full_name"]
    date_hierarchy = "at"


@admin.register(PasswordResetRequest)
class PasswordResetRequestAdmin(ReadOnly, admin.ModelAdmin):
    """«Quên mật khẩu?» requests (who asked for which address, from where): units.services."""

    list_display = ["at", "email", "ip", "letters"]
    search_fields = ["email", "ip"]
    date_hierarchy = "at"


@admin.register(AccountChange)
class AccountChangeAdmin(ReadOnly, admin.ModelAdmin):
    """Contact details people changed on their account page (from what to what): services."""

    list_display = ["at", "user", "field", "old", "new", "actor"]
    list_filter = ["field"]
    list_select_related = ["user", "actor"]
    search_fields = ["user__username", "user__full_name", "old", "new"]
    date_hierarchy = "at"


@admin.register(UnitChange)
class UnitChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "unit", "which", "before", "after", "actor", "via", "basis"]
    list_filter = ["via", "field"]
    list_select_related = ["unit", "actor"]
    search_fields = ["unit__name", "unit__code", "before", "after", "basis"]

    @admin.display(description="mục", ordering="field")
    def which(self, obj):
        return obj.field_label
