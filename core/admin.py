"""Admin building blocks shared by the apps (this module registers no model).

Records of people and of the prevention work are written through the screens, where the
services check the rules and write the events; the admin only shows them. One mixin
(`accounts.admin.ReadOnlyAdminMixin`, beside the scoped admin bases, since accounts' own admin
uses it and accounts sits below core) says so for every such ModelAdmin and inline.
"""

from django.contrib import admin

from accounts.admin import ReadOnlyAdminMixin


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
