"""Admin of applications: the deadlines are reference data supervisors edit; applications are
read through the area doorway (accounts.access.scope_for)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import JurisdictionScopedAdmin, SharedReferenceAdmin
from support_services.models import ApplicationDeadline, SupportApplication


@admin.register(ApplicationDeadline)
class ApplicationDeadlineAdmin(SharedReferenceAdmin):
    # Every step needs its limit: a rule is changed (with its history), never deleted.
    deletable = False
    list_display = (
        "step",
        "regime",
        "valid_from",
        "valid_to",
        "variant",
        "body",
        "days",
        "is_open_question",
        "legal_basis",
    )
    list_filter = ("regime",)


@admin.register(SupportApplication)
class SupportApplicationAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin):
    """Scoped like every record of people (changelist, history views, and the raw-id fields:
    a case, support or unit of another area is neither named nor accepted)."""

    list_display = ("case", "support_type", "status", "received_on", "due_date")
    list_filter = ("status", "support_type__regime", "support_type__code")
    raw_id_fields = ("case", "support_record", "certifying_unit")
    readonly_fields = ("status", "support_record", "due_date")
