"""Admin building blocks shared by the apps, and the admin of core's one table: the report
periods locked by an approval (reopened here by a supervisor, with a reason).

Records of people and of the prevention work are written through the screens, where the
services check the rules and write the events; the admin only shows them. One mixin
(`accounts.admin.ReadOnlyAdminMixin`, beside the scoped admin bases, since accounts' own admin
uses it and accounts sits below core) says so for every such ModelAdmin and inline.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import JurisdictionScopedAdmin, ReadOnlyAdminMixin
from core import period_locks
from core.models import PeriodLock


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


class PeriodLockForm(forms.ModelForm):
    """The only thing a supervisor writes on a lock: the reason to reopen it."""

    class Meta:
        model = PeriodLock
        fields = ["reopen_reason"]

    def clean_reopen_reason(self):
        reason = self.cleaned_data["reopen_reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do mở lại kỳ báo cáo."))
        return reason

    def _post_clean(self):
        pass  # the row is written by period_locks.reopen, not by the form


@admin.register(PeriodLock)
class PeriodLockAdmin(JurisdictionScopedAdmin, SimpleHistoryAdmin):
    """Locked report periods of the supervisor's area; a supervisor reopens one by writing the
    reason (core.period_locks.reopen: who, when and why kept, with the history)."""

    form = PeriodLockForm
    list_display = ("label", "unit", "start", "end", "locked_by", "locked_at", "is_active")
    list_filter = ("reopened_at",)
    readonly_fields = (
        "label",
        "unit",
        "start",
        "end",
        "locked_by",
        "locked_at",
        "reopened_by",
        "reopened_at",
    )

    @admin.display(boolean=True, description=_("đang khóa"))
    def is_active(self, obj):
        return obj.is_active

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj) and period_locks.may_reopen(
            request.user
        )
        return allowed and (obj is None or obj.is_active)

    def save_model(self, request, obj, form, change):
        try:
            period_locks.reopen(
                lock=obj, actor=request.user, reason=form.cleaned_data["reopen_reason"]
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
