"""What happened to a case or a person, newest first, from the history tables.

Later apps (verification, support) add their own events to a case's timeline, and their sections
to the case page, through victims.registry, so this module needs no import of theirs.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from victims import registry
from victims.rules import IDENTIFIER_FIELDS, mask_identifier

ACTIONS = {"+": _("Tạo mới"), "~": _("Cập nhật"), "-": _("Xóa")}
HIDDEN_FIELDS = {"search_name", "recorded_on", "updated_at", "created_at"}


def case_sections(request, case) -> list[str]:
    """The HTML of the sections other apps put on the case page (a dossier, supports, ...)."""
    return [section.render(request, case) for section in registry.case_sections()]


@dataclass
class Event:
    when: datetime
    title: str
    actor: str = ""
    changes: list = field(default_factory=list)
    kind: str = "history"
    date_only: bool = False


def actor_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def workflow_event(event, title: str, kind: str) -> Event:
    """A workflow's event row (at, actor, note) as an entry of the case timeline."""
    return Event(
        when=event.at,
        title=title,
        actor=actor_name(event.actor),
        changes=[("", "", event.note)] if event.note else [],
        kind=kind,
    )


def _history_events(records, subject) -> list[Event]:
    events = []
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for record in records:
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                model_field = record.instance_type._meta.get_field(change.field)
                old, new = _display(model_field, change.old), _display(model_field, change.new)
                if change.field in IDENTIFIER_FIELDS:  # masked here too (need-to-know)
                    old, new = (mask_identifier(v) if v != "—" else v for v in (old, new))
                changes.append((model_field.verbose_name, old, new))
        if record.history_type != "~" or changes:
            user = record.history_user
            events.append(
                Event(
                    when=record.history_date,
                    title=f"{ACTIONS.get(record.history_type, '')} {subject}",
                    actor=actor_name(user),
                    changes=changes,
                )
            )
        previous = record
    return events


def _display(model_field, value):
    if value in (None, "", []):
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if model_field.many_to_many:
        # simple-history gives the through rows as dicts: {"case": 1, "exploitationform": 3}.
        key = model_field.related_model._meta.model_name
        ids = [row[key] for row in value if isinstance(row, dict) and key in row]
        names = model_field.related_model._default_manager.filter(pk__in=ids)
        return "; ".join(str(item) for item in names) or "—"
    if model_field.is_relation and value is not None:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else value
    return value


def case_events(case) -> list[Event]:
    from victims.models import Reception

    events = _history_events(case.history.all(), _("vụ việc"))
    events += _history_events(Reception.history.filter(case_id=case.pk), _("thông tin tiếp nhận"))
    reception = getattr(case, "reception", None)
    if reception is not None:
        events.append(
            Event(
                when=datetime.combine(reception.received_on, datetime.min.time()).astimezone(),
                title=_("Trở về, được tiếp nhận: %(channel)s")
                % {"channel": reception.get_channel_display()},
                actor=reception.agency_name or reception.get_agency_type_display(),
                kind="reception",
                date_only=True,
            )
        )
    for source in registry.timeline_sources():
        events += source.events(case)
    return sorted(events, key=lambda event: event.when, reverse=True)


def victim_events(victim) -> list[Event]:
    return sorted(
        _history_events(victim.history.all(), _("thông tin cá nhân")),
        key=lambda event: event.when,
        reverse=True,
    )
