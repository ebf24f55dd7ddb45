"""Admin plumbing shared by the apps' admin modules (no model of its own is registered here)."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """Rows written through the screens or the workflow (events, documents, figures), shown
    beside their record in the admin and never added or changed there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
