"""The dossier on the case page: its section and its events on the case timeline."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import can_change
from verification import rules, services
from verification.forms import EvidenceForm, ResultForm, SendForm, SubmitForm
from verification.models import DossierEvent, DossierStatus, Ground, VerificationDossier
from victims.outgoing import outgoing_documents_of
from victims.registry import Due
from victims.timeline import Event, workflow_event


def dossier_section(request, case) -> str:
    dossier = (
        VerificationDossier.objects.filter(case=case)
        .prefetch_related("documents", "events__actor")
        .first()
    )
    context = {"case": case, "dossier": dossier, "can_change": can_change(request.user, case)}
    if dossier is not None:
        documents = list(dossier.documents.all())
        actions = services.DOSSIER_WORKFLOW.actions_for(request.user, dossier)
        # Steps the separation of duties keeps from this user: shown disabled, with why.
        refused = services.DOSSIER_WORKFLOW.refusals_for(request.user, dossier, actions)
        context.update(
            actions=[action for action in actions if action not in refused],
            refused_result=refused.get("record_identified") or refused.get("record_not_victim"),
            action_labels=services.DOSSIER_WORKFLOW.labels(),
            checklist=[
                (label, [d for d in documents if d.ground == value])
                for value, label in Ground.choices
            ],
            days_left=(left := rules.days_left(dossier.due_date, timezone.localdate())),
            days_overdue=-left if left is not None and left < 0 else 0,
            submit_form=SubmitForm(prefix=f"submit-{dossier.pk}", versioned=dossier),
            send_form=SendForm(prefix=f"send-{dossier.pk}", versioned=dossier),
            result_form=ResultForm(prefix=f"record-{dossier.pk}", versioned=dossier),
            evidence_form=EvidenceForm(),
            # Each letter and notice with its own number (victims.outgoing).
            issued=outgoing_documents_of(dossier),
            may_add_evidence=can_change(request.user, VerificationDossier)
            and dossier.status not in (DossierStatus.CLOSED,),
        )
    return render_to_string("verification/_case_section.html", context, request=request)


def dossier_events(case) -> list[Event]:
    events = DossierEvent.objects.filter(dossier__case=case).select_related("actor")
    return [workflow_event(event, event.get_to_status_display(), "dossier") for event in events]


# What the dossier awaits while it is open, for the summary of the case page (the due date is
# the statutory or set deadline of the step, verification.services.NEXT_DEADLINE).
AWAITED = {
    DossierStatus.SUBMITTED: _("Sở xử lý hồ sơ xác minh"),
    DossierStatus.SENT: _("Cơ quan được đề nghị trả lời xác minh"),
}


def dossier_due(case) -> list[Due]:
    dossier = (
        VerificationDossier.objects.filter(case=case, status__in=list(AWAITED))
        .exclude(due_date=None)
        .only("status", "due_date")
        .first()
    )
    if dossier is None:
        return []
    return [Due(str(AWAITED[dossier.status]), dossier.due_date)]
