"""What the apps built on victims add to a person's case: sections of the case page, sources of
events on the case timeline, and the personal fields of their rows that anonymisation clears.

Each app registers its own in its `AppConfig.ready()`, so that victims imports none of them
(DESIGN.md's arrows), each with an explicit `order` (smaller first), so that the case page does
not depend on the order of INSTALLED_APPS. Registering a name again replaces it (ready() may run
twice in tests); two names may not share an order.

Orders in use — case sections and timeline sources: 100 the dossier (verification); 200
supports, 210 follow-ups and closure, 220 applications, 230 referrals (support_services).

A case section is a tab of the case page (victims.case_page), loaded when opened, at its own URL
(`victims:case-section`); besides its `render` it may give the summary at the top of the page
what is due (`due(case) -> list[Due]`, the earliest is the "next step") and what is open
(`open_items(case) -> OpenItems`, e.g. the supports not yet given). The names "overview" and
"timeline" are the case page's own tabs.
Personal fields: 10–50 victims, 100–120 verification, 200–232 support_services; a model's workflow
events (`events=`) take the order right after it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models


@dataclass(frozen=True)
class Due:
    """A step awaited on a case and the day it is due (a statutory or set deadline)."""

    label: str
    due_on: datetime.date
    section: str = ""


@dataclass(frozen=True)
class OpenItems:
    """What a section has open, for the summary: a heading and one line per item."""

    label: str
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CaseSection:
    """A section (tab) of the case page: `render(request, case)` returns its HTML; `title` is
    the tab's label; `due(case)` and `open_items(case)` feed the summary (one query each)."""

    name: str
    render: Callable
    order: int
    title: str = ""
    due: Callable | None = None
    open_items: Callable | None = None

    @property
    def label(self) -> str:
        return str(self.title or self.name)


@dataclass(frozen=True)
class TimelineSource:
    """Events of the case timeline: `events(case)` returns a list of victims.timeline.Event."""

    name: str
    events: Callable
    order: int


@dataclass(frozen=True)
class PersonalFields:
    """What anonymisation does to one model's rows (victims.anonymise says how): `to_victim` is
    the lookup from the model to the person's id ("id" for Victim itself). ERASE: emptied;
    REDACT: a free text that was there becomes a marker; FILES: deleted from storage, the field
    emptied; `delete`: the rows go. `kept`: the text, file and JSON fields left on purpose;
    `replaced`: those the anonymisation itself rewrites — a test fails when a text field is in
    none of these."""

    model: type[models.Model]
    to_victim: str
    order: int
    erase: tuple[str, ...] = ()
    redact: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    delete: bool = False
    kept: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label


_case_sections: dict[str, CaseSection] = {}
_timeline_sources: dict[str, TimelineSource] = {}
_personal_fields: dict[str, PersonalFields] = {}


def _register(entries: dict, key: str, entry) -> None:
    for other_key, other in entries.items():
        if other.order == entry.order and other_key != key:
            raise ImproperlyConfigured(
                f"{key} and {other_key} are both registered with order {entry.order}."
            )
    entries[key] = entry


def _in_order(entries: dict) -> list:
    return sorted(entries.values(), key=lambda entry: entry.order)


# The case page's own tabs (victims.case_page); no app registers a section by these names.
RESERVED_SECTION_NAMES = ("overview", "timeline")


def register_case_section(
    name: str,
    render: Callable,
    *,
    order: int,
    title: str = "",
    due: Callable | None = None,
    open_items: Callable | None = None,
) -> None:
    if name in RESERVED_SECTION_NAMES:
        raise ImproperlyConfigured(f"{name!r} is a tab of the case page itself.")
    _register(
        _case_sections,
        name,
        CaseSection(name, render, order, title=title, due=due, open_items=open_items),
    )


def register_timeline_source(name: str, events: Callable, *, order: int) -> None:
    _register(_timeline_sources, name, TimelineSource(name, events, order))


# The rows of a workflow (core.workflow.WorkflowEvent): the note is free text, the two statuses
# are the step itself.
EVENT_REDACT = ("note",)
EVENT_KEPT = ("from_status", "to_status")


def register_personal_fields(
    model: type[models.Model],
    *,
    order: int,
    to_victim: str = "case__victim",
    erase: tuple[str, ...] = (),
    redact: tuple[str, ...] = (),
    files: tuple[str, ...] = (),
    delete: bool = False,
    kept: tuple[str, ...] = (),
    replaced: tuple[str, ...] = (),
    events: type[models.Model] | None = None,
) -> None:
    """`to_victim`: a row of a case by default. `events`: the model's workflow events,
    registered with order + 1, reached through their foreign key to `model`: EVENT_REDACT and
    EVENT_KEPT."""
    fields = PersonalFields(
        model, to_victim, order, erase, redact, files, delete, kept=kept, replaced=replaced
    )
    _register(_personal_fields, fields.label, fields)
    if events is not None:
        row = _foreign_key_to(events, model)
        register_personal_fields(
            events,
            to_victim=f"{row}__{to_victim}",
            order=order + 1,
            redact=EVENT_REDACT,
            kept=EVENT_KEPT,
        )


def _foreign_key_to(model: type[models.Model], target: type[models.Model]) -> str:
    names = [
        field.name
        for field in model._meta.get_fields()
        if field.many_to_one and field.concrete and field.related_model is target
    ]
    if len(names) != 1:
        raise ImproperlyConfigured(f"{model._meta.label} needs one foreign key to {target}.")
    return names[0]


def case_sections() -> list[CaseSection]:
    return _in_order(_case_sections)


def case_section(name: str) -> CaseSection | None:
    return _case_sections.get(name)


def timeline_sources() -> list[TimelineSource]:
    return _in_order(_timeline_sources)


def personal_fields() -> list[PersonalFields]:
    return _in_order(_personal_fields)
