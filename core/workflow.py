"""Every status workflow in one shape (CONVENTIONS.md "Workflows"): dossiers, supports,
applications, referrals and follow-up visits each declare their transitions as data in their
`rules.py` — a tuple of `Transition` — and take every step through `Workflow.step`.

A step looks the transition up by its action, re-reads the row under lock, checks the user's
area, the model permission and the policy action the transition names
(`accounts.policy.can`), the version the user's form was opened on and the row's state, changes
the row, saves it so history sees it, and writes an event row (the model's `events` relation
names the event model and its FK) — queuing the workflow's `notify` with it on commit. A refusal
raises the workflow's own error class (a `StepRefused`) with the reason in Vietnamese; two
concurrent steps on one row are serialised by the lock, so the second sees the new state and is
refused. The caller runs inside `transaction.atomic` and queues other side effects with
`on_commit`.

"Which actions may this user take now on this row" is `Workflow.actions_for`, over the same
table; `role_actions_from` answers it for a bare role, in the pure rules.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, partial

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.access import can_change, is_visible
from accounts.fields import user_fk
from accounts.policy import can, role_can
from core import duties
from core.models import PartOfRecord
from core.period_locks import PeriodLocked


class StepRefused(Exception):
    """A step refused: the reason to show the user (in Vietnamese) and the form field it
    concerns, if any. Each workflow's error class is one of these."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def required_text(value: str, error: type[Exception], message: str, field: str = "reason") -> str:
    """`value` without its surrounding spaces; blank, the workflow's refusal `message`."""
    value = value.strip()
    if not value:
        raise error(message, field=field)
    return value


@dataclass(frozen=True)
class Transition:
    """One step as data: from `sources`, `action` leads to `target`; who may take it is the
    policy action `permission` (accounts.roles.ROLE_ACTIONS). `label` names the step in
    messages ("quyết định hỗ trợ"). A workflow whose steps differ from row to row (an
    application's procedure follows its regime) names the `procedure` a transition belongs to."""

    sources: frozenset
    action: str
    permission: str
    target: str
    label: str
    procedure: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


def actions_from(
    transitions: Iterable[Transition],
    status: str,
    may: Callable[[str], bool],
    procedure: str | None = None,
) -> list[str]:
    """The actions of `transitions` that start from `status` (under `procedure`) and whose
    permission `may` allows, each once, in the table's order."""
    return list(
        dict.fromkeys(
            transition.action
            for transition in transitions
            if transition.procedure in (None, procedure)
            and status in transition.sources
            and may(transition.permission)
        )
    )


def role_actions_from(transitions, status: str, role: str, procedure=None) -> list[str]:
    """`actions_from` for a user of `role` (pure rules are given a role, not a user)."""
    return actions_from(transitions, status, partial(role_can, role), procedure)


@dataclass(frozen=True)
class Workflow:
    model: type  # has a `status` field with choices
    error: type[Exception]
    subject: str  # how messages name the row: "hồ sơ", "hỗ trợ", ...
    transitions: tuple[Transition, ...]
    procedure_of: Callable | None = None  # a row -> the procedure its transitions follow
    select_related: tuple[str, ...] = ()  # read with the locked row
    notify: str | None = None  # the dotted path of a task given the event's id on commit
    events: str = "events"  # the related name of the FK of the event rows (a WorkflowEvent)
    # Separation of duties (core.duties): the rule as data, and a row -> {earlier step name:
    # the id of the user who took it}, read from the row's events.
    separations: tuple[duties.Separation, ...] = ()
    steps_taken: Callable | None = None
    # A boolean field of the event model set on a step one person took in spite of the rule
    # (while the organisation allows it), besides the note and the access log; None: none.
    one_person_field: str | None = None

    def __post_init__(self):
        # An action is one decision whatever the procedure: one permission (and the label of
        # its first transition names it).
        for action in dict.fromkeys(t.action for t in self.transitions):
            permissions = {t.permission for t in self._named(action)}
            if len(permissions) > 1:
                raise ValueError(f"{action!r} has several permissions: {permissions}")
            role_can("", permissions.pop())  # a name the policy does not know is an error

    def _named(self, action: str) -> list[Transition]:
        found = [t for t in self.transitions if t.action == action]
        if not found:
            raise KeyError(f"{self.model.__name__} has no action {action!r}")
        return found

    @cached_property
    def _event_relation(self):
        """(the event model, the name of its FK to `model`), read from the reverse relation."""
        relation = self.model._meta.get_field(self.events)
        return relation.related_model, relation.field.name

    def record_event(self, row, actor, *, to_status: str, note="", quiet=False, **fields):
        """Write the event row of `row` reaching `to_status` (a step, or the row's creation),
        and queue `notify` with it on commit unless `quiet`."""
        event_model, event_field = self._event_relation
        event = event_model.objects.create(
            **{event_field: row}, to_status=to_status, actor=actor, note=note, **fields
        )
        if self.notify is not None and not quiet:
            transaction.on_commit(partial(self._queue, event.pk))
        return event

    def _queue(self, event_id: int) -> None:
        # Imported when queued: a task module imports the services that declare the workflow.
        import_string(self.notify).delay(event_id)

    def procedure(self, row) -> str | None:
        return self.procedure_of(row) if self.procedure_of else None

    def label(self, action: str) -> str:
        return self._named(action)[0].label

    def permission(self, action: str) -> str:
        return self._named(action)[0].permission

    def labels(self) -> dict[str, str]:
        """Each action's label, in the table's order."""
        return {
            action: self.label(action)
            for action in dict.fromkeys(t.action for t in self.transitions)
        }

    def transition(self, action: str, row) -> Transition | None:
        """The transition `action` takes on `row` (None when the row's procedure has none)."""
        procedure = self.procedure(row)
        return next((t for t in self._named(action) if t.procedure in (None, procedure)), None)

    def actions_for(self, user, row) -> list[str]:
        """The actions `user` may take now on `row`, in the table's order: the row's state is
        a source of the transition, the policy allows its permission and the user may change
        rows of the model. The row is one the caller already scoped to the user's area."""
        if not can_change(user, self.model):
            return []
        return actions_from(self.transitions, row.status, partial(can, user), self.procedure(row))

    def separation_broken(self, actor, row, action: str) -> duties.Separation | None:
        """The separation of duties `actor` would break by taking `action` on `row`, whatever
        the organisation's setting (core.duties)."""
        if not self.separations or self.steps_taken is None:
            return None
        return duties.check_separation(actor, action, self.separations, self.steps_taken(row))

    def refusals_for(self, user, row, actions: Iterable[str] | None = None) -> dict[str, str]:
        """action -> why `user` may not take it on `row` although their role may: the steps
        the separation of duties keeps from them (none while the organisation lets one person
        take them). The pages show these buttons disabled with the reason."""
        if not self.separations:
            return {}
        actions = self.actions_for(user, row) if actions is None else actions
        broken = {
            action: separation
            for action in actions
            if (separation := self.separation_broken(user, row, action)) is not None
        }
        if not broken or not duties.separation_required():
            return {}
        return {action: str(separation.reason) for action, separation in broken.items()}

    def step_with_reason(
        self, actor, obj, action: str, reason: str, *, kept_in: str, required: str, **kwargs
    ):
        """A step that needs a reason (a refusal, a cancellation): refused with `required` when
        it is blank; kept as the event's note and in the row's field `kept_in`."""
        reason = required_text(reason, self.error, required)
        return self.step(actor, obj, action, note=reason, **{kept_in: reason}, **kwargs)

    def step(
        self,
        actor,
        obj,
        action: str,
        *,
        note: str = "",
        expected_version: int | None = None,
        before: Callable | None = None,
        check_duties: bool = True,
        **changes,
    ):
        """Take `action` on `obj`; returns the saved row (its event row written).

        `expected_version` is the version of the row the user's form was opened on: a step on a
        row saved since is refused (core/concurrency.py). The save bumps the version, so an
        edit form opened before the step cannot write over it.

        `before(locked)` runs once every check has passed, on the locked row, before its state
        changes: the checks and writes a step needs beyond the transition (an approved
        application creates its support). It raises the workflow's error to refuse, or returns
        more field changes."""
        label = self.label(action)
        locked = (
            self.model.objects.select_for_update(of=("self",))
            .select_related(*self.select_related)
            .get(pk=obj.pk)
        )
        if not is_visible(actor, locked):
            raise PermissionDenied
        if not can_change(actor, self.model) or not can(actor, self.permission(action)):
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
        transition = self.transition(action, locked)
        if transition is None or locked.status not in transition.sources:
            raise self.error(
                _("Không thể %(action)s khi %(subject)s đang ở trạng thái “%(status)s”.")
                % {"action": label, "subject": self.subject, "status": locked.get_status_display()}
            )
        separation = self.separation_broken(actor, locked, action) if check_duties else None
        if separation is not None:
            if duties.separation_required():
                raise self.error(str(separation.reason))
            note = duties.override_note(actor, label, note)
        previous = locked.status
        try:
            if before is not None:
                changes.update(before(locked) or {})
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.status = transition.target
            locked._history_user = actor
            locked.save()
        except PeriodLocked as refusal:
            # A row of an approved (locked) report period: the step is refused like any other.
            raise self.error(str(refusal)) from refusal
        flagged = {self.one_person_field: True} if separation and self.one_person_field else {}
        event = self.record_event(
            locked, actor, from_status=previous, to_status=transition.target, note=note, **flagged
        )
        if separation is not None:
            duties.record_override(
                actor, locked, step=action, label=label, separation=separation, event=event
            )
        return locked


class WorkflowEvent(PartOfRecord, models.Model):
    """One step of a workflow (what users see on the case timeline): who, when, a note. Each
    subclass adds its FK to the row and `from_status` / `to_status` (`fields_for`); it is seen
    by whoever sees the row (`PartOfRecord`)."""

    actor = user_fk()
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        row_id = getattr(self, self.record_field().attname)
        return f"{row_id}: {self.from_status} → {self.to_status}"

    @staticmethod
    def fields_for(model):
        """The FK of an event to a row of `model` (its `events`) and `from_status` /
        `to_status` with the choices and length of the row's status (a first step has no
        `from_status`): `dossier, from_status, to_status = WorkflowEvent.fields_for(Dossier)`."""
        status = model._meta.get_field("status")
        return (
            models.ForeignKey(model, on_delete=models.CASCADE, related_name="events"),
            models.CharField(max_length=status.max_length, choices=status.choices, blank=True),
            models.CharField(max_length=status.max_length, choices=status.choices),
        )
