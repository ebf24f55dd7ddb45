"""Applications for re-integration supports over HTTP: record, step, print, and the worklist.
Thin: the rules are in applications_services; access through accounts.access."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.access import get_for_user, scope_for
from accounts.models import AccessAction
from core.lists import list_page
from support_services.applications import documents, services
from support_services.applications.filters import ApplicationFilter
from support_services.applications.forms import ACTION_FORMS, RecordForm
from support_services.models import ApplicationStatus, SupportApplication
from verification.rules import days_left
from victims.models import Case

logger = logging.getLogger("trafficking_cases.access")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACTION_TITLES = {
    "forward": gettext_lazy("Ghi nhận xã đã chuyển hồ sơ"),
    "appraise": gettext_lazy("Ghi nhận kết quả thẩm định"),
    "approve": gettext_lazy("Quyết định hỗ trợ"),
    "reject": gettext_lazy("Quyết định không hỗ trợ"),
}


def _show_error(form, error: services.ApplicationError):
    field = getattr(form, "service_fields", {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, str(error))


@login_required
def application_new(request, case_pk):
    """The form to record an application; the case page opens it in a <details> and a refusal
    comes back here with what was typed and the message next to its field."""
    case = get_for_user(
        request.user, Case.objects.select_related("victim", "reception"), case_pk, write=True
    )
    form = RecordForm(request.POST or None, case=case, prefix="application")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_record(
                actor=request.user,
                case=case,
                support_type=data["support_type"],
                received_on=data["received_on"],
                certified_on=data["certified_on"],
                certifying_unit=data["certifying_unit"],
                certification_number=data["certification_number"],
                applicant_relation=data["applicant_relation"],
                applicant_name=data["applicant_name"],
                note=data["note"],
            )
        except services.ApplicationError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận đơn đề nghị hỗ trợ."))
            return redirect("victims:case-detail", pk=case.pk)
    return render(
        request,
        "support_services/applications/record.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def application_action(request, pk, action):
    """One step of an application (forward, appraise, approve, reject)."""
    if action not in ACTION_FORMS:
        raise Http404
    application = get_for_user(
        request.user,
        SupportApplication.objects.select_related("case__victim", "support_type"),
        pk,
        write=True,
    )
    initial = {}
    if action == "approve":
        initial["authority"] = services.default_authority(application)
    form = ACTION_FORMS[action](
        request.POST or None, prefix=f"{action}-{application.pk}", initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        note = data.get("note", "")
        steps = {
            "forward": lambda: services.application_forward(
                actor=request.user,
                application=application,
                forwarded_on=data["forwarded_on"],
                note=note,
            ),
            "appraise": lambda: services.application_appraise(
                actor=request.user,
                application=application,
                appraised_on=data["appraised_on"],
                note=note,
            ),
            "approve": lambda: services.application_approve(
                actor=request.user,
                application=application,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                authority=data["authority"],
                note=note,
            ),
            "reject": lambda: services.application_reject(
                actor=request.user,
                application=application,
                reason=data["reason"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                authority=data["authority"],
            ),
        }
        try:
            application = steps[action]()
        except services.ApplicationError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                _("Đơn đề nghị “%(name)s”: %(status)s.")
                % {
                    "name": application.support_type.name,
                    "status": application.get_status_display(),
                },
            )
            return redirect("victims:case-detail", pk=application.case_id)
    return render(
        request,
        "support_services/applications/action.html",
        {
            "application": application,
            "case": application.case,
            "form": form,
            "action": action,
            "title": ACTION_TITLES[action],
        },
        status=400 if form.errors else 200,
    )


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
    content, filename = documents.render_document(application, kind)
    audit.record(request, AccessAction.DOCUMENT, application, kind=kind)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def worklist(request):
    """Applications of the user's area: open, due soon, overdue, all."""
    today = timezone.localdate()
    applications = scope_for(
        request.user,
        SupportApplication.objects.select_related(
            "case__victim", "case__managing_unit", "support_type"
        ),
    )
    application_filter = ApplicationFilter(request.GET, queryset=applications)
    page = list_page(
        request,
        application_filter.qs.order_by("due_date", "-received_on", "pk"),
        logged_as="support_services.supportapplication",
    )
    for application in page:
        application.days_left = (
            days_left(application.due_date, today) if application.is_open else None
        )
        application.days_overdue = max(0, -(application.days_left or 0))
    return render(
        request,
        "support_services/applications/worklist.html",
        {"filter": application_filter, "page": page, "query": application_filter.query()},
    )
