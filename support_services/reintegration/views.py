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
    ClosureApproveForm,
    ClosureForm,
    ClosureRejectForm,
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
    """Propose to close a case with its reason (and the hand-over record of a move), or reopen
    it (`as_view(action=...)`)."""

    queryset = Case.objects.select_related("reception", "victim", "managing_unit")
    pk_url_kwarg = "case_pk"
    action_forms = {"close": ClosureForm, "reopen": ReopenForm}
    steps = {"close": services.case_close_propose, "reopen": services.case_reopen}
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
            context["closure"] = CaseClosure.objects.filter(case=self.object).in_force().first()
        return super().get_context_data(**context, **kwargs)

    def done_message(self) -> str:
        if self.action == "close":
            return _("Đã gửi đề nghị đóng hồ sơ; hồ sơ được đóng khi người khác phê duyệt.")
        return _("Đã mở lại hồ sơ vụ việc.")

    def case_id(self) -> int:
        return self.object.pk if isinstance(self.object, Case) else self.object.case_id


close = CaseClosureView.as_view(action="close")
reopen = CaseClosureView.as_view(action="reopen")


class ClosureStepView(WorkflowActionView):
    """A pending closure approved or rejected (`closures/<pk>/<approve|reject>/`), by someone
    other than its proposer while the organisation keeps duties apart; a refusal comes back on
    the form with what was typed."""

    queryset = CaseClosure.objects.select_related(
        "case__victim", "case__managing_unit", "proposed_by", "receiving_province"
    )
    action_forms = {"approve": ClosureApproveForm, "reject": ClosureRejectForm}
    steps = {"approve": services.case_close_approve, "reject": services.case_close_reject}
    http_method_names = ["post"]  # the forms are on the case page; a refusal comes back here
    error = services.FollowUpError
    versioned = False
    context_object_name = "closure"
    template_name = "support_services/followups/closure_step_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            case=self.object.case,
            refusal=services.closure_refusals(self.request.user, self.object).get(self.action),
            **kwargs,
        )

    def done_message(self) -> str:
        if self.action == "approve":
            return _("Đã phê duyệt: hồ sơ vụ việc đã đóng.")
        return _("Đã không phê duyệt đề nghị đóng hồ sơ.")


closure_step = ClosureStepView.as_view()
