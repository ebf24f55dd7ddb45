"""Admin building blocks shared by the apps (this module registers no model).

Records of people and of the prevention work are written through the screens, where the
services check the rules and write the events; the admin only shows them. One mixin says so for
every such ModelAdmin and inline, instead of each admin module repeating its permission methods.
"""

from django.contrib import admin


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


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The rows of a record (its events, documents, participations), shown and never edited:
    every listed field is read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class EventInline(ReadOnlyInline):
    """A record's workflow events (core.workflow.WorkflowEvent): who moved it, from which status
    to which, when and why."""

    fields = ("at", "from_status", "to_status", "actor", "note")
