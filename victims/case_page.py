"""The case page (issue 16 item 6): a summary that reads at a glance, then tabs.

The summary: the case's status, its legal regime (by the reception date), the next step due and
its deadline (the earliest of what the sections report as due, `registry.Due`) and what is open
(`registry.OpenItems`, e.g. the supports not yet given) — one small query per section.

The tabs: "overview" (the person, the case, the reception — victims' own), one per registered
section (the dossier, supports, …), and "timeline" (the history, the costliest to build). Only the
tab asked for (`?tab=`, the overview by default) is rendered with the page; the others load when
opened, from their own URL (`victims:case-section`, an htmx fragment), so the first render no
longer builds every section. Without JavaScript each tab is a link to `?tab=<name>`.
"""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accounts.access import is_visible, scope_for
from victims import registry, timeline

OVERVIEW = "overview"
TIMELINE = "timeline"


@dataclass(frozen=True)
class Tab:
    name: str
    label: str


def tabs() -> list[Tab]:
    return [
        Tab(OVERVIEW, _("Tổng quan")),
        *[Tab(section.name, section.label) for section in registry.case_sections()],
        Tab(TIMELINE, _("Diễn biến")),
    ]


def tab_named(name: str | None) -> Tab | None:
    return next((tab for tab in tabs() if tab.name == name), None)


@dataclass
class Summary:
    due: list[registry.Due] = field(default_factory=list)  # earliest first
    open: list[registry.OpenItems] = field(default_factory=list)
    today: datetime.date | None = None

    @property
    def next_due(self) -> registry.Due | None:
        return self.due[0] if self.due else None

    @property
    def days_left(self) -> int | None:
        """Calendar days from today to the next deadline (negative: overdue)."""
        if self.next_due is None or self.today is None:
            return None
        return (self.next_due.due_on - self.today).days

    @property
    def days_overdue(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0


def case_summary(case, today: datetime.date) -> Summary:
    """What each section reports as due and open, for the top of the page."""
    summary = Summary(today=today)
    for section in registry.case_sections():
        if section.due is not None:
            for due in section.due(case):
                summary.due.append(
                    due if due.section else registry.Due(due.label, due.due_on, section.name)
                )
        if section.open_items is not None:
            items = section.open_items(case)
            if items is not None:
                summary.open.append(items)
    summary.due.sort(key=lambda due: due.due_on)
    return summary


def related_cases(user, case) -> tuple[list, list]:
    """The person's other cases and the children accompanying this case, those `user` may see:
    one query (the overview links both by code)."""
    from django.db.models import Q

    from victims.models import Case

    related = scope_for(
        user,
        Case.objects.filter(Q(victim_id=case.victim_id) | Q(accompanies_id=case.pk))
        .exclude(pk=case.pk)
        .select_related("victim")
        .only("code", "victim_id", "accompanies_id", "victim__full_name"),
    )
    related = list(related)
    other_cases = [other for other in related if other.victim_id == case.victim_id]
    children = [other for other in related if other.accompanies_id == case.pk]
    return other_cases, children


def render_tab(request, case, name: str) -> str:
    """The HTML of one tab's panel."""
    if name == OVERVIEW:
        other_cases, children = related_cases(request.user, case)
        return render_to_string(
            "victims/_case_overview.html",
            {
                "case": case,
                "victim": case.victim,
                "reception": getattr(case, "reception", None),
                "other_cases": other_cases,
                # A child accompanying a victim and the victim's case, each way, within the area.
                "accompanies": (
                    case.accompanies
                    if case.accompanies_id and is_visible(request.user, case.accompanies)
                    else None
                ),
                "accompanying_children": children,
            },
            request=request,
        )
    if name == TIMELINE:
        return render_to_string(
            "victims/_case_timeline.html",
            {"events": timeline.case_events(case)},
            request=request,
        )
    section = registry.case_section(name)
    return section.render(request, case) if section is not None else ""
