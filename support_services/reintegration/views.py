"""Follow-up visits and case closure over HTTP: the worklist, and the forms reached from the
case page. Thin: the forms validate, followups_services decides and writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import get_for_user, scope_for
from core.lists import render_worklist
from core.workflow_views import WorkflowActionView
from support_services.models import CaseClosure, FollowUp
from support_services.reintegration import services
from support_services.reintegration.filters import FollowUpFilter
from support_services.reintegration.forms import (
    ClosureForm,
    LostContactForm,
    ReopenForm,
    VisitForm,
)
from victims.models import Case


def _returned_on(case):
    reception = getattr(case, "reception", None)
    return reception.received_on if reception else None


@login_required
def worklist(request):
    """Visits of the user's area: due this month, overdue, or all; filtered by unit."""
    today = timezone.localdate()
    followup_filter = FollowUpFilter(
        request.GET, queryset=scope_for(request.user, FollowUp.objects.all()), user=request.user
    )
    rows = followup_filter.qs.select_related(
        "case__victim", "case__managing_unit", "officer"
    ).order_by("due_date", "pk")

    return render_worklist(
        request,
        "support_services/followups/worklist.html",
        followup_filter,
        rows,
        overdue_on=today,
        tabs=followup_filter.tabs(followup_filter.tab_counts()),
    )


@login_required
@require_POST
def schedule(request, case_pk):
    case = get_for_user(request.user, Case.objects.select_related("reception"), case_pk, write=True)
    try:
        created = services.followups_schedule(actor=request.user, case=case)
    except services.FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "Đã lập lịch %(count)s lần thăm.", "Đã lập lịch %(count)s lần thăm.", len(created)
            )
            % {"count": len(created)},
        )
    return redirect("victims:case-detail", pk=case.pk)


class FollowUpStepView(WorkflowActionView):
    """A visit recorded as done, or as lost contact (`as_view(action=...)`)."""

    queryset = FollowUp.objects.select_related(
        "case__reception", "case__managing_unit", "case__victim"
    )
    action_forms = {"visit": VisitForm, "lost_contact": LostContactForm}
    steps = {
        "visit": services.followup_record_visit,
        "lost_contact": services.followup_record_lost_contact,
    }
    error = services.FollowUpError
    versioned = False
    template_name = "support_services/followups/visit_form.html"

    def get_prefix(self):
        return {"visit": "visit", "lost_contact": "lost"}[self.action]

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "returned_on": _returned_on(self.object.case)}
        if self.action == "visit":
            kwargs.update(case=self.object.case, user=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            followup=self.object, case=self.object.case, kind=self.action, **kwargs
        )

    def done_message(self) -> str:
        if self.action == "visit":
            return _("Đã ghi nhận lần thăm %(label)s.") % {"label": self.object.label.lower()}
        return _("Đã ghi nhận mất liên lạc.")


visit = FollowUpStepView.as_view(action="visit")
lost_contact = FollowUpStepView.as_view(action="lost_contact")


class CaseClosureView(WorkflowActionView):
    """Close a case with its reason (and the hand-over record of a move), or reopen it
    (`as_view(action=...)`)."""

    queryset = Case.objects.select_related("reception", "victim", "managing_unit")
    pk_url_kwarg = "case_pk"
    action_forms = {"close": ClosureForm, "reopen": ReopenForm}
    services_named = (services, "case")
    error = services.FollowUpError
    versioned = False

    def may_open(self) -> bool:
        may = {"close": services.may_close, "reopen": services.may_reopen}[self.action]
        return may(self.request.user)

    def get_prefix(self):
        return self.action

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.action == "close":
            kwargs.update(case=self.object, returned_on=_returned_on(self.object))
        return kwargs

    def get_template_names(self):
        return [f"support_services/followups/{self.action}_form.html"]

    def get_context_data(self, **kwargs):
        context = {"case": self.object}
        if self.action == "reopen":
            context["closure"] = CaseClosure.objects.filter(
                case=self.object, reopened_at__isnull=True
            ).first()
        return super().get_context_data(**context, **kwargs)

    def done_message(self) -> str:
        if self.action == "close":
            return _("Đã đóng hồ sơ vụ việc.")
        return _("Đã mở lại hồ sơ vụ việc.")


close = CaseClosureView.as_view(action="close")
reopen = CaseClosureView.as_view(action="reopen")
