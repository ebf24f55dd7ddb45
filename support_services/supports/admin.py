from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import JurisdictionScopedAdmin
from core.concurrency import VersionedAdminMixin
from support_services.models import (
    SupportDocument,
    SupportEvent,
    SupportRate,
    SupportRecord,
    SupportType,
)
from verification.admin import ReadOnlyInline


class SupportRateInline(admin.TabularInline):
    model = SupportRate
    extra = 0


@admin.register(SupportType)
class SupportTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "regime", "one_off", "max_days", "requires_identified", "legal_basis")
    list_filter = ("regime",)
    inlines = (SupportRateInline,)


@admin.register(SupportRate)
class SupportRateAdmin(SimpleHistoryAdmin):
    list_display = ("support_type", "amount", "unit", "valid_from", "valid_to", "is_demo")
    list_filter = ("support_type__regime", "is_demo")


class SupportEventInline(ReadOnlyInline):
    model = SupportEvent
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class SupportDocumentInline(ReadOnlyInline):
    model = SupportDocument
    fields = ("kind", "number", "issued_on", "added_at")
    readonly_fields = fields


@admin.register(SupportRecord)
class SupportRecordAdmin(VersionedAdminMixin, JurisdictionScopedAdmin, SimpleHistoryAdmin):
    """Supports change only through their steps; the admin shows them with their log."""

    list_display = ("case", "support_type", "status", "proposed_on", "provided_on", "amount")
    list_filter = ("status", "support_type__regime", "support_type")
    search_fields = ("case__code", "decision_number")
    list_select_related = ("case", "support_type")
    inlines = (SupportDocumentInline, SupportEventInline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
