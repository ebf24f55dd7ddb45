"""Follow-up visits and closure on the case page: the section and the events on the timeline."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_change
from support_services.models import (
    CaseClosure,
    ClosureEvent,
    ClosureStatus,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
)
from support_services.reintegration import services
from support_services.reintegration.forms import (
    ClosureApproveForm,
    ClosureForm,
    ClosureRejectForm,
    VisitForm,
)
from victims.choices import CaseStatus
from victims.registry import Due, OpenItems
from victims.timeline import Event, actor_name


def followups_section(request, case) -> str:
    today = timezone.localdate()
    followups = list(FollowUp.objects.filter(case=case).select_related("officer"))
    for followup in followups:
        followup.overdue = followup.is_overdue_on(today)
    closures = list(
        CaseClosure.objects.filter(case=case).select_related(
            "receiving_province", "proposed_by", "decided_by", "reopened_by"
        )
    )
    open_closure = next((closure for closure in closures if closure.is_open), None)
    pending_closure = next((closure for closure in closures if closure.is_pending), None)
    is_closed = case.status == CaseStatus.CLOSED
    reception = getattr(case, "reception", None)
    returned_on = reception.received_on if reception else None
    may_record = can_change(request.user, FollowUp) and not is_closed
    scheduled = [f for f in followups if f.status == FollowUpStatus.SCHEDULED]
    have = {f.months for f in followups}
    missing = [m for m in services.schedule_months() if m not in have] if returned_on else []
    context = {
        "case": case,
        "followups": followups,
        "closures": closures,
        "open_closure": open_closure,
        "pending_closure": pending_closure,
        "is_closed": is_closed,
        "returned_on": returned_on,
        "may_record": may_record,
        "may_schedule": may_record and bool(missing) and case.status != CaseStatus.NOT_VICTIM,
        "missing": missing,
        "next_visit": scheduled[0] if scheduled else None,
        "may_close": services.may_propose_closure(request.user)
        and not is_closed
        and pending_closure is None,
        "may_reopen": services.may_reopen(request.user) and open_closure is not None,
    }
    if context["may_record"] and context["next_visit"] is not None:
        context["visit_form"] = VisitForm(
            case=case, returned_on=returned_on, user=request.user, prefix="visit"
        )
    if context["may_close"]:
        context["close_form"] = ClosureForm(case=case, returned_on=returned_on, prefix="close")
    if pending_closure is not None:
        # Approve and reject for who may decide; the proposer is told why not (core.duties).
        refusals = services.closure_refusals(request.user, pending_closure)
        context["closure_refusal"] = refusals.get("approve", "")
        if services.may_decide_closure(request.user, pending_closure):
            actions = services.CLOSURE_WORKFLOW.actions_for(request.user, pending_closure)
            if "approve" in actions:
                context["approve_form"] = ClosureApproveForm(prefix=f"approve-{pending_closure.pk}")
            if "reject" in actions:
                context["reject_form"] = ClosureRejectForm(prefix=f"reject-{pending_closure.pk}")
    return render_to_string(
        "support_services/followups/_case_section.html", context, request=request
    )


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _closure_title(closure, event) -> str:
    values = {
        "day": closure.closed_on.strftime("%d/%m/%Y"),
        "reason": closure.get_reason_display(),
    }
    if event.to_status == ClosureStatus.PROPOSED:
        return _("Đề nghị đóng hồ sơ vụ việc (%(day)s): %(reason)s") % values
    if event.to_status == ClosureStatus.APPROVED:
        return _("Đóng hồ sơ vụ việc (%(day)s): %(reason)s") % values
    return _("Không phê duyệt đề nghị đóng hồ sơ (%(day)s)") % values


def followups_events(case) -> list[Event]:
    events = []
    closures = CaseClosure.objects.filter(case=case).select_related(
        "reopened_by", "receiving_province"
    )
    closure_events = ClosureEvent.objects.filter(closure__case=case).select_related("actor")
    by_closure = {}
    for event in closure_events:
        by_closure.setdefault(event.closure_id, []).append(event)
    for closure in closures:
        for event in by_closure.get(closure.pk, []):
            changes = []
            if event.to_status == ClosureStatus.PROPOSED:
                if closure.receiving_province_display:
                    changes.append(
                        (
                            "",
                            "",
                            _("Bàn giao cho %(agency)s, %(province)s, biên bản số %(number)s")
                            % {
                                "agency": closure.receiving_agency,
                                "province": closure.receiving_province_display,
                                "number": closure.handover_number,
                            },
                        )
                    )
                if closure.note:
                    changes.append(("", "", closure.note))
            elif event.note:
                changes.append(("", "", event.note))
            events.append(
                Event(
                    when=event.at,
                    title=_closure_title(closure, event),
                    actor=actor_name(event.actor),
                    changes=changes,
                    kind="closure",
                )
            )
        if closure.reopened_at:
            events.append(
                Event(
                    when=closure.reopened_at,
                    title=_("Mở lại hồ sơ vụ việc"),
                    actor=actor_name(closure.reopened_by),
                    changes=[("", "", closure.reopen_reason)],
                    kind="closure",
                )
            )
    visits = (
        FollowUpEvent.objects.filter(
            followup__case=case,
            to_status__in=[FollowUpStatus.DONE, FollowUpStatus.LOST_CONTACT],
        )
        .select_related("followup__officer", "actor")
        .order_by("at")
    )
    for event in visits:
        followup = event.followup
        if event.to_status == FollowUpStatus.DONE and followup.status == FollowUpStatus.DONE:
            title = _("Thăm %(label)s: nguy cơ bị mua bán lại %(risk)s") % {
                "label": followup.label.lower(),
                "risk": followup.get_risk_display().lower(),
            }
        else:
            title = _("Thăm %(label)s: mất liên lạc") % {"label": followup.label.lower()}
        events.append(
            Event(
                when=_at(followup.visited_on) if followup.visited_on else event.at,
                title=title,
                actor=actor_name(followup.officer or event.actor),
                changes=[("", "", event.note)] if event.note else [],
                kind="followup",
                date_only=True,
            )
        )
    return events


def followups_due(case) -> list[Due]:
    """The scheduled visits and the day each is due."""
    return [
        Due(_("Thăm theo dõi: %(visit)s") % {"visit": followup.label}, followup.due_date)
        for followup in FollowUp.objects.filter(case=case).scheduled()
    ]


def pending_closure(case) -> OpenItems | None:
    """A closure proposal awaiting approval, for the summary of the case page."""
    closure = CaseClosure.objects.filter(case=case).pending().first()
    if closure is None:
        return None
    return OpenItems(
        str(_("Đề nghị đóng hồ sơ đang chờ phê duyệt")),
        [f"{closure.closed_on:%d/%m/%Y}: {closure.get_reason_display()}"],
    )
