"""Follow-up visits and closures in the admin: read-only and scoped to the user's area; they
change only through followups_services (the case page and the worklist)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import JurisdictionScopedAdmin
from support_services.models import CaseClosure, FollowUp, FollowUpEvent


class ReadOnlyAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FollowUpEventInline(admin.TabularInline):
    model = FollowUpEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("case", "months", "due_date", "status", "visited_on", "risk")
    list_filter = ("status", "risk", "method")
    search_fields = ("case__code",)
    list_select_related = ("case",)
    date_hierarchy = "due_date"
    inlines = (FollowUpEventInline,)


@admin.register(CaseClosure)
class CaseClosureAdmin(ReadOnlyAdmin):
    list_display = ("case", "closed_on", "reason", "previous_status", "reopened_at")
    list_filter = ("reason",)
    search_fields = ("case__code", "handover_number")
    list_select_related = ("case",)
