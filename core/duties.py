"""Separation of duties (issue 16 item 2): the person who proposes a support, submits a dossier
for identification or records an application may not also decide it, and one person may not
propose, decide and record the payment of one support.

The mechanism is here, in one place; each workflow declares its rule as data in its `rules.py`
(a tuple of `Separation`) and how to read, from a row's events, who took each earlier step
(`Workflow.steps_taken`). `Workflow.step` asks `check_separation` on the locked row before it
changes anything, so every caller — the step pages, the case page, the import, a command — is
held to it; `Workflow.refusals_for` tells the pages which buttons to show disabled, and why.

The rule is on by default. A one-person office switches it off in the admin
(`accounts.Organisation.separation_of_duties`, changed only by a supervisor whose jurisdiction
covers the installation, kept in its history). While it is off, a step one person takes in
spite of the rule is allowed and recorded: the event's note on the case timeline names the
person and the step ("… một người đảm nhiệm do cấu hình của đơn vị"), and the access log gets
an `AccessAction.ONE_PERSON` row.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.models import AccessAction, Organisation

# The words the record of an override carries, on the timeline and in the access log.
ONE_PERSON = gettext_lazy("một người đảm nhiệm do cấu hình của đơn vị")


@dataclass(frozen=True)
class Separation:
    """One person who took every step of `after` (names of a workflow's `steps_taken`) may not
    take `step` (an action of the workflow) on the same row; `reason` says so in Vietnamese,
    to the person refused ("Bạn đã đề xuất hỗ trợ này; người khác phải phê duyệt.")."""

    step: str
    after: tuple[str, ...]
    reason: str

    def __post_init__(self):
        object.__setattr__(self, "after", tuple(self.after))


def separation_required() -> bool:
    """Whether the organisation keeps the duties apart (the default), or lets one person take
    several steps (a one-person office)."""
    return Organisation.current().separation_of_duties


def check_separation(
    actor, step: str, separations: Iterable[Separation], taken: dict[str, int | None]
) -> Separation | None:
    """The separation `actor` would break by taking `step` on a row whose earlier steps were
    taken by `taken` (step name → user id), or None. Whatever the organisation's setting: the
    caller decides whether it refuses or records."""
    for separation in separations:
        if separation.step == step and all(
            taken.get(earlier) == actor.pk for earlier in separation.after
        ):
            return separation
    return None


def override_note(actor, label: str, note: str = "") -> str:
    """The event's note when one person takes a step the rule would keep apart: who, which
    step, and why it was allowed, after the user's own note."""
    name = actor.get_full_name() or actor.get_username()
    recorded = _("%(person)s %(step)s: %(why)s.") % {
        "person": name,
        "step": label,
        "why": ONE_PERSON,
    }
    return f"{note.strip()}\n{recorded}" if note.strip() else recorded


def record_override(actor, row, *, step: str, label: str, separation: Separation, event) -> None:
    """The access-log row of an override: the person, the row, the step, the earlier steps
    they took too."""
    audit.record_for(
        actor,
        AccessAction.ONE_PERSON,
        row,
        step=step,
        step_label=str(label),
        earlier_steps=list(separation.after),
        event_id=event.pk,
        reason=str(ONE_PERSON),
    )
