from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import JurisdictionScopedAdmin
from core.admin import ReadOnlyInline
from core.concurrency import VersionedAdminMixin
from verification.models import (
    DeadlineRule,
    DossierEvent,
    EvidenceDocument,
    PublicHoliday,
    VerificationDossier,
)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ("step", "regime", "days", "working_days", "is_open_question", "legal_basis")
    list_filter = ("regime", "is_open_question")


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"
    search_fields = ("name",)


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = EvidenceDocument
    fields = ("ground", "kind", "issuing_body", "number", "issued_on")
    readonly_fields = fields


@admin.register(VerificationDossier)
class VerificationDossierAdmin(VersionedAdminMixin, JurisdictionScopedAdmin, SimpleHistoryAdmin):
    """Dossiers change only through the workflow; the admin shows them with their log."""

    list_display = ("case", "status", "due_date", "is_overdue")
    list_filter = ("status", "is_overdue")
    search_fields = ("case__code",)
    list_select_related = ("case",)
    inlines = (DocumentInline, EventInline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
