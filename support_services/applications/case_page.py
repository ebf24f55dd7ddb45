"""Applications on the case page: their section and their events on the case timeline."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_change
from accounts.policy import can
from accounts.services import transitional_procedure
from support_services.applications import services
from support_services.applications.forms import (
    AppraiseForm,
    ApproveForm,
    ForwardForm,
    RecordForm,
    RejectForm,
)
from support_services.models import ApplicationEvent, ApplicationStep, SupportApplication
from support_services.supports.rules import IDENTIFICATION_DATE_NOTES, application_window_end
from verification.calendar import working_calendar
from verification.rules import days_left
from victims.registry import Due
from victims.timeline import Event, workflow_event


def application_rows(user, applications, today, *, calendar=None) -> list[dict]:
    """What the section shows of each application: its steps with due dates and the forms of
    the steps this user may take."""
    rows = []
    deadlines = {}
    policy = transitional_procedure()
    applications = list(applications)
    # One query for the working calendar of every application shown (not one per application).
    if calendar is None and applications:
        calendar = working_calendar()
    for application in applications:
        regime = application.support_type.regime
        if regime not in deadlines:
            deadlines[regime] = services.deadlines_for(regime)
        steps = services.application_schedule(
            application,
            deadlines=deadlines[regime],
            calendar=calendar,
            policy=policy,
        )
        actions = services.APPLICATION_WORKFLOW.actions_for(user, application)
        # Steps the separation of duties keeps from this user: shown disabled, with why.
        refused = services.APPLICATION_WORKFLOW.refusals_for(user, application, actions)
        actions = [action for action in actions if action not in refused]
        pk = application.pk
        forms = {}
        if "forward" in actions:
            forms["forward"] = ForwardForm(prefix=f"forward-{pk}")
        if "appraise" in actions:
            forms["appraise"] = AppraiseForm(prefix=f"appraise-{pk}")
        if "approve" in actions:
            forms["approve"] = ApproveForm(
                prefix=f"approve-{pk}",
                initial={"authority": services.default_authority(application)},
            )
        if "reject" in actions:
            forms["reject"] = RejectForm(prefix=f"reject-{pk}")
        left = days_left(application.due_date, today) if application.is_open else None
        rows.append(
            {
                "application": application,
                "steps": [
                    {
                        "step": step,
                        "label": ApplicationStep(step.step).label,
                        "body": services.body_name(application, step.stage, step.runs_on),
                        "later_body": services.body_name(
                            application,
                            step.later_stage,
                            step.later_stage.valid_from or step.due,
                        )
                        if step.later_stage
                        else "",
                        "overdue": step.done_on is None
                        and application.is_open
                        and step.due < today,
                    }
                    for step in steps
                ],
                "procedure_note": services.procedure_explained(application, steps),
                "days_left": left,
                "days_overdue": -left if left is not None and left < 0 else 0,
                "forms": forms,
                "refused": refused,
            }
        )
    return rows


def applications_section(request, case) -> str:
    applications = (
        SupportApplication.objects.filter(case=case)
        .select_related(
            "support_type",
            "certifying_unit",
            "support_record",
            "case__victim",
            "case__reception",
            "case__managing_unit__parent",
        )
        .order_by("-received_on", "-pk")
    )
    user = request.user
    may_record = can(user, "application.record") and can_change(user, SupportApplication)
    record_form = RecordForm(case=case, prefix="application") if may_record else None
    calendar = working_calendar()  # once for the section: its steps and the window
    facts = services.support_services.case_facts(case)
    months = max(
        (t.application_window_months or 0 for t in services.reintegration_types(facts.regime)),
        default=0,
    )
    window_unchecked = record_form is not None and facts.identified and not facts.identified_on
    window_unchecked = window_unchecked and bool(months)
    window = None
    if months and facts.identified_on:
        # Which date the window counts from, and its last day, are shown (issue 15 item 7).
        window = {
            "months": months,
            "start": facts.identified_on,
            "source": facts.identified_from,
            "end": application_window_end(facts.identified_on, months, calendar),
            "rule_note": IDENTIFICATION_DATE_NOTES[settings.APPLICATION_WINDOW_FROM],
        }
    context = {
        "window_unchecked": window_unchecked,
        "window": window,
        "case": case,
        "rows": application_rows(user, applications, timezone.localdate(), calendar=calendar),
        "record_form": record_form,
    }
    return render_to_string(
        "support_services/applications/_case_section.html", context, request=request
    )


def applications_events(case) -> list[Event]:
    events = ApplicationEvent.objects.filter(application__case=case).select_related(
        "actor", "application__support_type"
    )
    return [
        workflow_event(
            event,
            f"{event.application.support_type.display_name}: {event.get_to_status_display()}",
            "application",
        )
        for event in events
    ]


def applications_due(case) -> list[Due]:
    """The open applications and the due date of the step each awaits (services.pending_due)."""
    applications = (
        SupportApplication.objects.filter(case=case)
        .open()
        .exclude(due_date=None)
        .select_related("support_type")
    )
    return [
        Due(
            _("Đơn đề nghị %(support)s (%(status)s)")
            % {
                "support": application.support_type.display_name,
                "status": application.get_status_display(),
            },
            application.due_date,
        )
        for application in applications
    ]
