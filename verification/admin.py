from django.contrib import admin

from accounts.admin import ScopedReadOnlyAdmin, SharedReferenceAdmin
from core.admin import EventInline, ReadOnlyInline
from core.concurrency import VersionedAdminMixin
from verification.models import (
    CalendarDay,
    DeadlineRule,
    DossierEvent,
    EvidenceDocument,
    VerificationDossier,
)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SharedReferenceAdmin):
    # Every step needs its limit: a rule is changed (with its history), never deleted.
    deletable = False
    list_display = ("step", "regime", "days", "working_days", "is_open_question", "legal_basis")
    list_filter = ("regime", "is_open_question")


@admin.register(CalendarDay)
class CalendarDayAdmin(SharedReferenceAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name", "source")


class DossierEventInline(EventInline):
    model = DossierEvent


class DocumentInline(ReadOnlyInline):
    model = EvidenceDocument
    fields = ("ground", "kind", "issuing_body", "number", "issued_on")


@admin.register(VerificationDossier)
class VerificationDossierAdmin(VersionedAdminMixin, ScopedReadOnlyAdmin):
    """Dossiers change only through the workflow; the admin shows them with their log."""

    list_display = ("case", "status", "due_date", "is_overdue")
    list_filter = ("status", "is_overdue")
    search_fields = ("case__code",)
    list_select_related = ("case",)
    inlines = (DocumentInline, DossierEventInline)
