from django.contrib import admin

from accounts.admin import GuardedInlineMixin, ScopedReadOnlyAdmin, SharedReferenceAdmin
from core.admin import EventInline, ReadOnlyInline
from core.concurrency import VersionedAdminMixin
from support_services.models import (
    SupportDocument,
    SupportEvent,
    SupportExtension,
    SupportRate,
    SupportRecord,
    SupportType,
)


class SupportRateInline(GuardedInlineMixin, admin.TabularInline):
    model = SupportRate
    extra = 0


@admin.register(SupportType)
class SupportTypeAdmin(SharedReferenceAdmin):
    list_display = (
        "name",
        "regime",
        "one_off",
        "max_days",
        "extendable",
        "means_test",
        "requires_identified",
        "legal_basis",
    )
    list_filter = ("regime",)
    inlines = (SupportRateInline,)


@admin.register(SupportRate)
class SupportRateAdmin(SharedReferenceAdmin):
    # Rates carry no province (SupportRate): one table for every served province, so they are
    # shared data. A rate that ends is given its "đến ngày", not deleted.
    list_display = (
        "support_type",
        "amount",
        "unit",
        "valid_from",
        "valid_to",
        "is_demo",
        "legal_basis",
    )
    list_filter = ("support_type__regime", "is_demo")


class SupportEventInline(EventInline):
    model = SupportEvent


class SupportDocumentInline(ReadOnlyInline):
    model = SupportDocument
    fields = ("kind", "number", "issued_on", "added_at")


@admin.register(SupportRecord)
class SupportRecordAdmin(VersionedAdminMixin, ScopedReadOnlyAdmin):
    """Supports change only through their steps; the admin shows them with their log."""

    list_display = ("case", "support_type", "status", "proposed_on", "provided_on", "amount")
    list_filter = ("status", "support_type__regime", "support_type")
    search_fields = ("case__code", "decision_number")
    list_select_related = ("case", "support_type")
    inlines = (SupportDocumentInline, SupportEventInline)


@admin.register(SupportExtension)
class SupportExtensionAdmin(ScopedReadOnlyAdmin):
    """Extensions are recorded from the case page (`support_extension_record`)."""

    list_display = ("case", "support_type", "days", "decision_number", "decision_date")
    list_filter = ("support_type",)
    search_fields = ("case__code", "decision_number")
    list_select_related = ("case", "support_type")
