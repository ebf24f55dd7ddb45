from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import audit
from accounts.access import scope_for, sees_everything
from accounts.audit import search_digest
from accounts.models import (
    AccessAction,
    AccessLog,
    DepartmentProfile,
    Organisation,
    Role,
    ServedProvince,
    User,
)
from locations.models import AdministrativeUnit
from locations.text import search_key

admin.site.site_header = _("Quản trị hệ thống — Bảo vệ nạn nhân")
admin.site.site_title = _("Quản trị hệ thống")
admin.site.index_title = _("Danh mục và người dùng")


def supervisors_only(request) -> bool:
    """The admin site is for supervisors: users, reference data, audit."""
    user = request.user
    return user.is_active and (user.is_superuser or user.role == Role.SUPERVISOR)


admin.site.has_permission = supervisors_only


class DiacriticsSearchMixin:
    """Admin search that also matches names without regard to case or diacritics ("Đ" too),
    on the model's diacritics-free `search_name` column."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = search_key(search_term)
        if not key:
            return found, may_have_duplicates
        return found | queryset.filter(search_name__contains=key), may_have_duplicates


class JurisdictionScopedAdmin(admin.ModelAdmin):
    """Changelists, change views, filters and autocomplete see only the user's area; unit choices
    in forms are limited to it too."""

    def get_queryset(self, request):
        return scope_for(request.user, super().get_queryset(request))

    def _ensure_in_scope(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    # simple-history's views fall back to the history rows of an object the queryset does not
    # hold (and its revert view ignores the queryset): both must 404 outside the user's area.
    def history_view(self, request, object_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    # The admin shows people's records too: its lists and pages are in the access log.
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        cl = getattr(response, "context_data", {}).get("cl")
        if cl is not None and audit.concerns_people(self.model):
            opts = self.model._meta
            audit.record_search(request, opts.label_lower, cl.result_count, site="admin")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = request.method == "GET" and response.status_code == 200
        if shown and audit.concerns_people(self.model):
            obj = self.get_object(request, unquote(object_id))
            audit.record(request, AccessAction.VIEW, obj, site="admin")
        return response

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is AdministrativeUnit:
            kwargs["queryset"] = scope_for(request.user, AdministrativeUnit.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "role", "jurisdiction", "is_active", "last_login")
    list_filter = ("role", "is_active", "jurisdiction__level")
    list_select_related = ("jurisdiction",)
    search_fields = ("username", "first_name", "last_name", "email", "work_unit")
    autocomplete_fields = ("jurisdiction",)
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (
            _("Vai trò và địa bàn"),
            {"fields": ("role", "jurisdiction", "job_title", "work_unit", "is_active")},
        ),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "last_name",
                    "first_name",
                    "role",
                    "jurisdiction",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not sees_everything(request.user) and "jurisdiction" in form.base_fields:
            # A supervisor of an area grants access inside that area only: never "everything".
            form.base_fields["jurisdiction"].required = True
        return form

    @admin.display(description=_("họ và tên"))
    def get_full_name(self, obj):
        return obj.get_full_name()


class ServedProvinceInline(admin.TabularInline):
    model = ServedProvince
    extra = 0
    autocomplete_fields = ("province",)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    inlines = (ServedProvinceInline,)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DepartmentProfile)
class DepartmentProfileAdmin(SimpleHistoryAdmin):
    list_display = ("province", "regime", "department_name", "signatory_title")
    list_filter = ("regime",)
    search_fields = ("department_name", "governing_body", "province__name")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(DiacriticsSearchMixin, JurisdictionScopedAdmin):
    list_display = ("name", "code", "level", "parent", "is_active", "is_legacy")
    list_filter = ("level", "is_active", "is_legacy")
    search_fields = ("code",)
    list_select_related = ("parent",)
    readonly_fields = ("path",)
    fields = ("code", "name", "division_type", "level", "parent", "is_active", "is_legacy", "path")
    autocomplete_fields = ("parent",)


# Groups mirror the roles (accounts.roles) and are kept in sync automatically: show, don't edit.
admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(admin.ModelAdmin):
    list_display = ("name",)
    filter_horizontal = ("permissions",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(JurisdictionScopedAdmin):
    """The supervisor's screen of the access log: search, filter, read — never add, change or
    delete (the database refuses it too). A search matches a username or an object, person or
    case id, and a text that someone searched for (by its keyed digest, see accounts.audit)."""

    list_display = ("at", "username", "role", "unit_code", "action", "object_type", "object_id")
    list_filter = ("action", "role", ("at", admin.DateFieldListFilter), "object_type")
    search_fields = ("username", "=unit_code", "path")
    date_hierarchy = "at"
    list_select_related = ()
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = (
        "at",
        "user",
        "username",
        "role",
        "unit_code",
        "unit_path",
        "action",
        "object_type",
        "object_id",
        "person_id",
        "case_id",
        "path",
        "ip_address",
        "details",
    )
    fields = readonly_fields

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit():
            number = int(term)
            found |= queryset.filter(object_id=number)
            found |= queryset.filter(person_id=number)
            found |= queryset.filter(case_id=number)
        if term:
            found |= queryset.filter(details__search_digest=search_digest(term))
        return found, may_have_duplicates

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
