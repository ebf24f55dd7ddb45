"""Follow-up visits and closures in the admin: read-only and scoped to the user's area; they
change only through followups_services (the case page and the worklist)."""

from django.contrib import admin

from accounts.admin import ScopedReadOnlyAdmin
from core.admin import EventInline
from support_services.models import CaseClosure, ClosureEvent, FollowUp, FollowUpEvent


class FollowUpEventInline(EventInline):
    model = FollowUpEvent


class ClosureEventInline(EventInline):
    model = ClosureEvent


@admin.register(FollowUp)
class FollowUpAdmin(ScopedReadOnlyAdmin):
    list_display = ("case", "months", "due_date", "status", "visited_on", "risk")
    list_filter = ("status", "risk", "method")
    search_fields = ("case__code",)
    list_select_related = ("case",)
    date_hierarchy = "due_date"
    inlines = (FollowUpEventInline,)


@admin.register(CaseClosure)
class CaseClosureAdmin(ScopedReadOnlyAdmin):
    list_display = ("case", "closed_on", "reason", "status", "previous_status", "reopened_at")
    list_filter = ("status", "reason")
    search_fields = ("case__code",)  # not the handover number: it finds the person's papers
    list_select_related = ("case",)
    inlines = (ClosureEventInline,)
