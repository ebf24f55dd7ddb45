from collections import Counter

import django_celery_beat.admin  # noqa: F401 — registered now, so that it is replaced below
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import NestedObjects, get_fields_from_path, unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import router
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from accounts import audit
from accounts.access import covers_some_province, scope_for, scope_to_province, sees_everything
from accounts.admin_successors import move_to_successor
from accounts.audit import search_digests
from accounts.models import (
    AccessAction,
    AccessLog,
    DepartmentProfile,
    Organisation,
    ServedProvince,
    User,
)
from accounts.policy import can, may_write
from accounts.roles import Reach
from accounts.services import user_sessions_end
from accounts.two_factor import device_reset, is_verified
from locations.forms import succession_text
from locations.models import AdministrativeUnit
from locations.text import search_key

admin.site.site_header = _("Quản trị hệ thống — Bảo vệ nạn nhân")
admin.site.site_title = _("Quản trị hệ thống")
admin.site.index_title = _("Danh mục và người dùng")


def supervisors_only(request) -> bool:
    """The admin site is for supervisors (users, reference data, audit), and only once their
    session is verified with a two-factor code, whatever TWO_FACTOR_ROLES says."""
    user = request.user
    return can(user, "admin.enter") and is_verified(user)


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


class ReadOnlyAdminMixin:
    """Nothing is added or changed from the admin; deleted only where `deletable` says so (a
    mistaken prevention record may be). Works for a ModelAdmin and for an inline alike."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class GuardedAdminMixin:
    """What every ModelAdmin of the site does (issue 18), whatever its model:

    - its `reach` (accounts.roles.Reach) says how far a change reaches, and add, change and
      delete are given only to a user whose role and jurisdiction cover it
      (`accounts.policy.may_write`) — checked on every page, on save (a revert included) and
      on each row of a bulk delete;
    - its history pages (simple-history) show only rows its queryset holds, and a revert is
      a change, under the same rule;
    - its delete confirmation lists only the rows chosen; related rows are counted per kind,
      never named (they may be people of any area); for data shared beyond an area
      (INSTALLATION, PROVINCE) any related row makes the row "in use": it is not deleted, it is
      changed or retired instead (`is_active` where the model has one);
    - `deletable = False` keeps every row (a deadline rule, an organisation).
    """

    reach = Reach.AREA
    owner_field: str | None = None  # PROVINCE: the unit whose province owns the row
    deletable = True

    def owner_unit(self, obj):
        return getattr(obj, self.owner_field) if obj is not None and self.owner_field else None

    def may_write(self, request, obj=None) -> bool:
        if self.reach == Reach.PROVINCE:
            return may_write(request.user, self.reach, unit=self.owner_unit(obj))
        if self.reach == Reach.AREA:
            stored = obj if obj is not None and obj.pk is not None else None
            return may_write(request.user, self.reach, obj=stored)
        return may_write(request.user, self.reach)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self.may_write(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (
            self.deletable
            and super().has_delete_permission(request, obj)
            and self.may_write(request, obj)
        )

    def save_model(self, request, obj, form, change):
        # The row as it will be stored (a revert or a form may move it elsewhere) must still
        # be within the user's reach.
        if self.reach == Reach.PROVINCE and not self.may_write(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """Django's summary of a deletion, with related rows counted, never named."""
        objs = list(objs)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        chosen = {(type(obj), obj.pk) for obj in objs}
        opts = self.model._meta
        to_delete = [f"{capfirst(opts.verbose_name)}: {obj}" for obj in objs]
        model_count, perms_needed, related = {}, set(), Counter()
        for model, instances in collector.model_objs.items():
            model_count[model._meta.verbose_name_plural] = len(instances)
            others = [obj for obj in instances if (model, obj.pk) not in chosen]
            if not others:
                continue
            related[model] += len(others)
            model_admin = self.admin_site._registry.get(model)
            if model_admin is not None and not model_admin.has_delete_permission(request):
                perms_needed.add(model._meta.verbose_name)
        if any(not self.has_delete_permission(request, obj) for obj in objs):
            perms_needed.add(opts.verbose_name)
        protected = Counter(type(obj) for obj in collector.protected)
        if self.reach != Reach.AREA:
            protected.update(related)  # a shared row in use is never deleted
            related = Counter()
        return (
            to_delete + [related_count(model, count) for model, count in related.items()],
            model_count,
            perms_needed,
            [related_count(model, count) for model, count in protected.items()],
        )

    # --- Reference lists: rows are retired (core.Deactivatable), never deleted once used ------

    delete_confirmation_template = "admin/delete_confirmation_in_use.html"

    def retirable(self) -> bool:
        return getattr(self.model, "retired_not_deleted", False)

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if self.retirable() and "is_active" not in shown:
            shown = (*shown, "is_active")
        return shown

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if self.retirable() and "is_active" not in filters:
            filters = (*filters, "is_active")
        return filters

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.retirable() and self.has_change_permission(request):
            for name in ("deactivate_rows", "reactivate_rows"):
                actions[name] = self.get_action(name)
        return actions

    @admin.action(description=_("Ngừng sử dụng"))
    def deactivate_rows(self, request, queryset):
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Dùng lại"))
    def reactivate_rows(self, request, queryset):
        self._set_active(request, queryset, active=True)

    def _set_active(self, request, queryset, *, active: bool) -> None:
        """Retire (or bring back) the chosen rows, each saved so that its history keeps the
        change; refused as a whole if one of them is beyond the user's reach."""
        rows = list(queryset)
        if any(not self.has_change_permission(request, row) for row in rows):
            raise PermissionDenied
        changed = [row for row in rows if row.is_active != active]
        for row in changed:
            row.is_active = active
            row.save()
        count = len(changed)
        if active:
            message = ngettext("Đã dùng lại %(count)s dòng.", "Đã dùng lại %(count)s dòng.", count)
        else:
            message = ngettext(
                "Đã ngừng sử dụng %(count)s dòng.", "Đã ngừng sử dụng %(count)s dòng.", count
            )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def render_delete_form(self, request, context):
        """A row in use is not deleted: its delete page says so and offers to retire it."""
        obj = context.get("object")
        if self.retirable() and context.get("protected") and obj is not None:
            opts = self.model._meta
            context["retire"] = {
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                "allowed": self.has_change_permission(request, obj),
            }
        return super().render_delete_form(request, context)

    def get_form(self, request, obj=None, **kwargs):
        """Choices of a reference list hold its active rows and the value the record has."""
        form = super().get_form(request, obj, **kwargs)
        for name, field in form.base_fields.items():
            queryset = getattr(field, "queryset", None)
            if hasattr(queryset, "usable"):
                field.queryset = queryset.usable(kept_values(obj, name))
        return form

    def _ensure_in_scope(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    # simple-history's views fall back to the history rows of an object the queryset does not
    # hold (and its revert view saves with the view permission alone): both must 404 outside
    # the queryset, and a revert is a change.
    def history_view(self, request, object_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def kept_values(obj, name):
    """The value(s) the stored `obj` has in its relation `name` (None for a new object)."""
    if obj is None or obj.pk is None:
        return None
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_many:
        return getattr(obj, name).all()
    if field.many_to_one:
        return getattr(obj, field.attname)
    return None


def related_count(model, count: int) -> str:
    return _("%(kind)s: %(count)s (không liệt kê từng bản ghi)") % {
        "kind": capfirst(model._meta.verbose_name_plural),
        "count": count,
    }


class GuardedInlineMixin:
    """An inline changes its parent's data: it may do so only where the parent's admin may
    (its reach, its jurisdiction)."""

    def _parent_may_write(self, request, obj) -> bool:
        parent = self.admin_site._registry.get(self.parent_model)
        return parent is None or parent.may_write(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_may_write(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._parent_may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._parent_may_write(request, obj)


class SharedReferenceAdmin(GuardedAdminMixin, SimpleHistoryAdmin):
    """Data shared by every served province — reference lists, deadlines, holidays, rates,
    schedules: read by every supervisor, changed only by one whose jurisdiction holds every
    served province; a row in use is not deleted; every change is kept (simple-history)."""

    reach = Reach.INSTALLATION


class ProvinceOwnedAdmin(GuardedAdminMixin, SimpleHistoryAdmin):
    """A province's own rows (`owner_field` names the unit whose province owns a row): read
    within that province (or by everyone, `public_read`), changed only by a supervisor whose
    jurisdiction holds the whole province; the unit chosen on the form is one of the
    provinces the user holds."""

    reach = Reach.PROVINCE
    public_read = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.public_read:
            return queryset
        return scope_to_province(request.user, queryset, self.owner_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.owner_field:
            units = db_field.related_model._default_manager.all()
            held = covers_some_province(request.user)
            kwargs["queryset"] = scope_for(request.user, units) if held else units.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class JurisdictionScopedAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """Changelists, change views, filters and autocomplete see only the user's area; unit choices
    in forms are limited to it too."""

    def get_queryset(self, request):
        return scope_for(request.user, super().get_queryset(request))

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
        # Choices of any scoped model (units, people, cases, users) hold only the user's area:
        # a select lists nothing of another area, and a foreign id typed in an autocomplete or
        # raw-id field is refused.
        related = db_field.related_model
        if "queryset" not in kwargs and hasattr(related, "scope_unit_field"):
            kwargs["queryset"] = scope_for(request.user, related._default_manager.all())
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, ForeignKeyRawIdWidget):
            formfield.widget = ScopedRawIdWidget(
                formfield.widget.rel, self.admin_site, queryset=formfield.queryset
            )
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if "queryset" not in kwargs and hasattr(related, "scope_unit_field"):
            kwargs["queryset"] = scope_for(request.user, related._default_manager.all())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        """A filter on a relation to a scoped model offers only objects of the user's area."""
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                field = get_fields_from_path(self.model, entry)[-1]
                if field.is_relation and hasattr(field.related_model, "scope_unit_field"):
                    entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped


class ScopedReadOnlyAdmin(ReadOnlyAdminMixin, JurisdictionScopedAdmin, SimpleHistoryAdmin):
    """Records written only through the screens (their services check the rules and write the
    events): shown with their history within the user's area, never added or changed here."""


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field that names the chosen object only if it is inside the user's area (the
    stock widget looks the typed id up in the whole table to show its label)."""

    def __init__(self, rel, admin_site, *, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            self.queryset.get(**{key: value})
        except (ValueError, TypeError, ValidationError, self.queryset.model.DoesNotExist):
            return "", ""
        return super().label_and_url_for_value(value)


class ScopedRelatedFieldListFilter(RelatedOnlyFieldListFilter):
    """Choices: the related objects the (scoped) changelist rows use, inside the user's area."""

    def field_choices(self, field, request, model_admin):
        choices = super().field_choices(field, request, model_admin)
        visible = set(
            scope_for(request.user, field.related_model._default_manager.all()).values_list(
                "pk", flat=True
            )
        )
        return [(pk, label) for pk, label in choices if pk in visible]


@admin.register(User)
class UserAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = (
        "username",
        "get_full_name",
        "role",
        "jurisdiction",
        "is_active",
        "has_two_factor",
        "last_login",
    )
    actions = ("reset_two_factor", "end_sessions", move_to_successor)
    list_filter = ("role", "is_active", "jurisdiction__level")
    list_select_related = ("jurisdiction",)
    # The admin's search travels in the URL (and so in access logs): staff are found by their
    # account name or e-mail, never by their name (issue 18, finding 6).
    search_fields = ("username", "email")
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

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor=Exists(confirmed))

    @admin.display(description=_("xác thực hai bước"), boolean=True, ordering="two_factor")
    def has_two_factor(self, obj):
        return obj.two_factor

    @admin.action(description=_("Đặt lại thiết bị xác thực hai bước của người dùng đã chọn"))
    def reset_two_factor(self, request, queryset):
        # The queryset is the changelist's: only users of the supervisor's area.
        for user in queryset:
            device_reset(user=user, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "Đã đặt lại thiết bị xác thực của %(count)s người dùng; họ sẽ thiết lập lại khi "
                "đăng nhập.",
                "Đã đặt lại thiết bị xác thực của %(count)s người dùng; họ sẽ thiết lập lại khi "
                "đăng nhập.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Đăng xuất người dùng đã chọn khỏi mọi phiên làm việc"))
    def end_sessions(self, request, queryset):
        ended = 0
        for user in queryset:
            keep = request.session.session_key if user.pk == request.user.pk else None
            ended += user_sessions_end(user=user, actor=request.user, keep_session_key=keep)
        self.message_user(
            request,
            ngettext(
                "Đã kết thúc %(sessions)s phiên của %(count)s người dùng.",
                "Đã kết thúc %(sessions)s phiên của %(count)s người dùng.",
                len(queryset),
            )
            % {"sessions": ended, "count": len(queryset)},
            messages.SUCCESS,
        )


class ServedProvinceInline(GuardedInlineMixin, admin.TabularInline):
    model = ServedProvince
    extra = 0
    autocomplete_fields = ("province",)


@admin.register(Organisation)
class OrganisationAdmin(SharedReferenceAdmin):
    """The installation and the provinces it serves: shared by all of them."""

    inlines = (ServedProvinceInline,)
    deletable = False

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DepartmentProfile)
class DepartmentProfileAdmin(ProvinceOwnedAdmin):
    """Printed on the province's letters: seen within the province, changed from the province
    (never deleted: both regimes' profiles of a served province are needed)."""

    owner_field = "province"
    deletable = False
    list_display = ("province", "regime", "department_name", "signatory_title")
    list_filter = ("regime",)
    search_fields = ("department_name", "governing_body", "province__name")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(DiacriticsSearchMixin, JurisdictionScopedAdmin):
    """Units are seen within the user's area; they are shared by every record that names them
    (a person's residence, another area's case), so only the whole installation changes them."""

    reach = Reach.INSTALLATION
    list_display = ("name", "code", "level", "parent", "is_active", "is_legacy")
    list_filter = ("level", "is_active", "is_legacy")
    search_fields = ("code",)
    list_select_related = ("parent",)
    readonly_fields = ("path", "successor_list", "predecessor_list")
    fields = (
        "code",
        "name",
        "division_type",
        "level",
        "parent",
        "is_active",
        "is_legacy",
        "path",
        "successor_list",
        "predecessor_list",
    )
    autocomplete_fields = ("parent",)

    @admin.display(description=_("nay là (từ 01/07/2025)"))
    def successor_list(self, obj):
        return succession_text(AdministrativeUnit.objects.successors_of(obj)) if obj.pk else ""

    @admin.display(description=_("hình thành từ (trước 01/07/2025)"))
    def predecessor_list(self, obj):
        return succession_text(obj.predecessors.select_related("parent")) if obj.pk else ""


@admin.register(TOTPDevice)
class HiddenDeviceAdmin(ReadOnlyAdminMixin, GuardedAdminMixin, admin.ModelAdmin):
    """django-otp's own device admin would show every user's secret key, beyond the
    supervisor's area and in English. Registered first (our apps come first), this one takes its
    place and shows nothing: devices are managed from the user list (the reset action and the
    "two-factor" column)."""

    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return False


# Groups mirror the roles (accounts.roles) and are kept in sync automatically: show, don't edit.
admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(ReadOnlyAdminMixin, GuardedAdminMixin, admin.ModelAdmin):
    list_display = ("name",)
    filter_horizontal = ("permissions",)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, JurisdictionScopedAdmin):
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
            found |= queryset.filter(details__search_digest__in=search_digests(term))
        return found, may_have_duplicates


# The schedule of background jobs (django-celery-beat) runs for the whole installation: its
# admin is django-celery-beat's own, under the same rule as the other shared data.
for _model in (PeriodicTask, IntervalSchedule, CrontabSchedule, SolarSchedule, ClockedSchedule):
    _beat_admin = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(
        _model,
        type(
            f"Shared{_beat_admin.__name__}",
            (GuardedAdminMixin, _beat_admin),
            {
                "reach": Reach.INSTALLATION,
                "__module__": __name__,
                # A schedule's page lists its tasks in an inline: the same rule.
                "inlines": tuple(
                    type(
                        f"Shared{inline.__name__}",
                        (GuardedInlineMixin, inline),
                        {"__module__": __name__},
                    )
                    for inline in _beat_admin.inlines
                ),
            },
        ),
    )
