from django.contrib import admin

from accounts.admin import ScopedReadOnlyAdmin, SharedReferenceAdmin
from core.admin import ReadOnlyInline
from prevention.models import (
    ActivityAttachment,
    ActivityParticipation,
    Directive,
    PreventionActivity,
    TargetGroup,
)


@admin.register(TargetGroup)
class TargetGroupAdmin(SharedReferenceAdmin):
    """Reference list edited by supervisors; a group in use is retired (not active), not
    deleted, so past figures keep their group."""

    list_display = ("name", "name_en", "code", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")

    def get_readonly_fields(self, request, obj=None):
        # Reports group by code: it does not change once figures use it.
        return ("code",) if obj is not None else ()


class ReadOnlyRecordAdmin(ScopedReadOnlyAdmin):
    """Records are written through the screens, where the rules are checked; the admin shows
    them with their history within the supervisor's area and may delete a mistaken one."""

    deletable = True


class ParticipationInline(ReadOnlyInline):
    model = ActivityParticipation
    fields = ("target_group", "count", "female")


class AttachmentInline(ReadOnlyInline):
    model = ActivityAttachment
    fields = ("kind", "description", "added_by", "added_at")


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyRecordAdmin):
    list_display = ("number", "directive_type", "issued_on", "issuing_body", "year")
    list_filter = ("directive_type", "year")
    search_fields = ("number", "title")
    date_hierarchy = "issued_on"


@admin.register(PreventionActivity)
class PreventionActivityAdmin(ReadOnlyRecordAdmin):
    list_display = ("title", "activity_type", "start_date", "unit", "sessions", "participants")
    list_filter = ("activity_type",)
    list_select_related = ("unit",)
    search_fields = ("title", "venue")
    date_hierarchy = "start_date"
    inlines = (ParticipationInline, AttachmentInline)
