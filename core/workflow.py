"""One step of a status workflow, shared by dossiers, supports, applications and referrals
(CONVENTIONS.md "Workflows"): re-read the row under lock, check the user's area, role and the
row's state, change it, save it so history sees it, and write an event row.

A refusal raises the workflow's own error class with the reason in Vietnamese; two concurrent
steps on one row are serialised by the lock, so the second sees the new state and is refused.
The caller runs inside `transaction.atomic` and queues side effects with `on_commit`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from accounts.access import can_change, scope_for


@dataclass(frozen=True)
class Workflow:
    model: type  # has a `status` field with choices
    event_model: type  # has from_status, to_status, actor, note and a FK to `model`
    event_field: str  # the name of that FK
    error: type[Exception]
    subject: str  # how messages name the row: "hồ sơ", "hỗ trợ", ...

    def step(
        self,
        actor,
        obj,
        *,
        sources,
        target: str,
        label: str,
        roles=None,
        note: str = "",
        select_related=(),
        expected_version: int | None = None,
        **changes,
    ):
        """Move `obj` to `target`; returns (the saved row, the event row).

        `expected_version` is the version of the row the user's form was opened on: a step on a
        row saved since is refused (core/concurrency.py). The save bumps the
        version, so an edit form opened before the step cannot write over it."""
        locked = (
            self.model.objects.select_for_update(of=("self",))
            .select_related(*select_related)
            .get(pk=obj.pk)
        )
        if not scope_for(actor, self.model.objects.filter(pk=locked.pk)).exists():
            raise PermissionDenied
        if not can_change(actor, self.model) or (roles is not None and actor.role not in roles):
            raise self.error(
                _("Vai trò “%(role)s” không được %(action)s.")
                % {"role": actor.get_role_display(), "action": label}
            )
        if expected_version is not None and locked.version != expected_version:
            raise self.error(
                _(
                    "%(subject)s vừa được người khác thay đổi sau khi bạn mở trang (phiên bản bạn "
                    "mở: %(expected)s, hiện tại: %(current)s); chưa thể %(action)s. Hãy xem lại "
                    "nội dung mới."
                )
                % {
                    "subject": str(self.subject).capitalize(),
                    "expected": expected_version,
                    "current": locked.version,
                    "action": label,
                }
            )
        if locked.status not in sources:
            raise self.error(
                _("Không thể %(action)s khi %(subject)s đang ở trạng thái “%(status)s”.")
                % {"action": label, "subject": self.subject, "status": locked.get_status_display()}
            )
        previous = locked.status
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.status = target
        locked._history_user = actor
        locked.save()
        event = self.event_model.objects.create(
            **{self.event_field: locked},
            from_status=previous,
            to_status=target,
            actor=actor,
            note=note,
        )
        return locked, event


class WorkflowEvent(models.Model):
    """One step of a workflow (what users see on the case timeline): who, when, a note. Each
    subclass adds its FK to the row and `from_status` / `to_status` with its own choices."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
