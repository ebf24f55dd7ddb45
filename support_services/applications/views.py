"""Applications for re-integration supports over HTTP: record, step, print, and the worklist.
Thin: the rules are in applications_services; access through accounts.access."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import get_for_user
from accounts.policy import can
from core.downloads import document_response
from core.lists import area_worklist
from core.workflow_views import WorkflowActionView
from support_services.applications import documents, services
from support_services.applications.filters import ApplicationFilter
from support_services.applications.forms import ACTION_FORMS, RecordForm
from support_services.models import ApplicationStatus, SupportApplication
from verification.rules import days_left
from victims.models import Case

logger = logging.getLogger("trafficking_cases.access")
ACTION_TITLES = {
    "forward": gettext_lazy("Ghi nhận xã đã chuyển hồ sơ"),
    "appraise": gettext_lazy("Ghi nhận kết quả thẩm định"),
    "approve": gettext_lazy("Quyết định hỗ trợ"),
    "reject": gettext_lazy("Quyết định không hỗ trợ"),
}


class ApplicationNewView(WorkflowActionView):
    """The form to record an application; the case page opens it in a <details> and a refusal
    comes back here with what was typed and the message next to its field."""

    queryset = Case.objects.select_related("victim", "reception")
    pk_url_kwarg = "case_pk"
    single_step = ("record", RecordForm, services.application_record)
    error = services.ApplicationError
    versioned = False
    refused_status = 400
    template_name = "support_services/applications/record.html"

    def get_prefix(self):
        return "application"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            case=self.object,
            earlier_receipts=services.support_services.earlier_receipts_shown(
                self.object, self.request.user
            ),
            **kwargs,
        )

    def done_message(self) -> str:
        return _("Đã ghi nhận đơn đề nghị hỗ trợ.")


application_new = ApplicationNewView.as_view()


class ApplicationActionView(WorkflowActionView):
    """One step of an application (forward, appraise, approve, reject)."""

    queryset = SupportApplication.objects.select_related("case__victim", "support_type")
    action_forms = ACTION_FORMS
    services_named = (services, "application")
    error = services.ApplicationError
    versioned = False  # applications carry no version
    refused_status = 400
    template_name = "support_services/applications/action.html"

    def get_initial(self):
        if self.action == "approve":
            return {"authority": services.default_authority(self.object)}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.object,
            case=self.object.case,
            action=self.action,
            title=ACTION_TITLES[self.action],
            **kwargs,
        )

    def done_message(self) -> str:
        return _("Đơn đề nghị “%(name)s”: %(status)s.") % {
            "name": self.object.support_type.display_name,
            "status": self.object.get_status_display(),
        }


application_action = ApplicationActionView.as_view()


@login_required
def application_document(request, pk, kind):
    """A printable Word document of the application, to those who may see the case."""
    application = get_for_user(
        request.user,
        SupportApplication.objects.select_related(
            "case__victim__permanent_unit",
            "case__managing_unit",
            "support_type",
            "certifying_unit",
            "support_record",
        ),
        pk,
    )
    if kind not in documents.DOCUMENTS:
        raise Http404
    if kind == "decision" and application.status != ApplicationStatus.APPROVED:
        raise Http404
    # The whole ID and phone numbers only for roles whose work needs them (documents.py).
    shown = can(request.user, "person.reveal_identifiers")
    return document_response(
        request,
        application,
        kind,
        lambda row, kind: documents.render_document(row, kind, identifiers_shown=shown),
    )


@login_required
def worklist(request):
    """Applications of the user's area: open, due soon, overdue, all."""
    today = timezone.localdate()

    def each(application):
        application.days_left = (
            days_left(application.due_date, today) if application.is_open else None
        )
        application.days_overdue = max(0, -(application.days_left or 0))

    return area_worklist(
        request,
        "support_services/applications/worklist.html",
        ApplicationFilter,
        SupportApplication.objects.select_related(
            "case__victim", "case__managing_unit", "support_type"
        ),
        order_by=("due_date", "-received_on", "pk"),
        each=each,
    )
