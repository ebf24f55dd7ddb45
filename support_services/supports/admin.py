from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.utils.translation import ngettext

from accounts.access import scope_for
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
        "name_en",
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
    shown_supports = 50

    def affected_supports(self, request, rate):
        """The open supports a change of `rate` touches, as far as the user may see them."""
        return scope_for(request.user, rate.open_supports()).select_related("case")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rate = self.get_object(request, unquote(object_id))
        if rate is not None:
            supports = self.affected_supports(request, rate)
            count = supports.count()
            extra_context = {
                **(extra_context or {}),
                "affected_supports": list(supports[: self.shown_supports]) if count else [],
                "affected_count": count,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            count = self.affected_supports(request, obj).count()
            if count:
                messages.warning(
                    request,
                    ngettext(
                        "Mức mới áp dụng cho %(count)d hỗ trợ chưa chi trả (xem danh sách "
                        "trên trang của mức).",
                        "Mức mới áp dụng cho %(count)d hỗ trợ chưa chi trả (xem danh sách "
                        "trên trang của mức).",
                        count,
                    )
                    % {"count": count},
                )


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
