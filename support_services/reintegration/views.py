"""Follow-up visits and case closure over HTTP: the worklist, and the forms reached from the
case page. Thin: the forms validate, followups_services decides and writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_for_user, scope_for
from core.lists import list_page
from support_services.models import CaseClosure, FollowUp
from support_services.reintegration import services
from support_services.reintegration.filters import FollowUpFilter
from support_services.reintegration.forms import ClosureForm, LostContactForm, ReopenForm, VisitForm
from victims.models import Case


def _returned_on(case):
    reception = getattr(case, "reception", None)
    return reception.received_on if reception else None


def _form_errors(form, error: services.FollowUpError) -> None:
    """A refusal of the service goes next to its field when it names one."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


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
    page = list_page(request, rows, logged_as="support_services.followup")
    for followup in page:
        followup.overdue = followup.is_overdue_on(today)
    return render(
        request,
        "support_services/followups/worklist.html",
        {
            "filter": followup_filter,
            "tabs": followup_filter.tabs(followup_filter.tab_counts()),
            "page": page,
            "query": followup_filter.query(),
        },
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
        messages.success(request, _("Đã lập lịch %(count)s lần thăm.") % {"count": len(created)})
    return redirect("victims:case-detail", pk=case.pk)


def _followup_for(request, pk) -> FollowUp:
    return get_for_user(
        request.user,
        FollowUp.objects.select_related("case__reception", "case__managing_unit", "case__victim"),
        pk,
        write=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit(request, pk):
    followup = _followup_for(request, pk)
    case = followup.case
    form = VisitForm(
        request.POST or None,
        case=case,
        returned_on=_returned_on(case),
        user=request.user,
        prefix="visit",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.followup_record_visit(
                actor=request.user,
                followup=followup,
                visited_on=data["visited_on"],
                officer=data["officer"],
                method=data["method"],
                risk=data["risk"],
                situation=form.situation(),
                next_steps=data["next_steps"],
            )
        except services.FollowUpError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("Đã ghi nhận lần thăm %(label)s.") % {"label": followup.label.lower()}
            )
            return redirect("victims:case-detail", pk=case.pk)
    return render(
        request,
        "support_services/followups/visit_form.html",
        {"followup": followup, "case": case, "form": form, "kind": "visit"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lost_contact(request, pk):
    followup = _followup_for(request, pk)
    case = followup.case
    form = LostContactForm(request.POST or None, returned_on=_returned_on(case), prefix="lost")
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record_lost_contact(
                actor=request.user,
                followup=followup,
                attempted_on=form.cleaned_data["visited_on"],
                note=form.cleaned_data["note"],
            )
        except services.FollowUpError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận mất liên lạc."))
            return redirect("victims:case-detail", pk=case.pk)
    return render(
        request,
        "support_services/followups/visit_form.html",
        {"followup": followup, "case": case, "form": form, "kind": "lost_contact"},
    )


def _case_for(request, case_pk) -> Case:
    return get_for_user(
        request.user,
        Case.objects.select_related("reception", "victim", "managing_unit"),
        case_pk,
        write=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request, case_pk):
    case = _case_for(request, case_pk)
    if not services.may_close(request.user):
        raise PermissionDenied
    form = ClosureForm(
        request.POST or None, case=case, returned_on=_returned_on(case), prefix="close"
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_close(
                actor=request.user,
                case=case,
                reason=data["reason"],
                closed_on=data["closed_on"],
                note=data["note"],
                receiving_province=data["receiving_province"],
                receiving_province_name=data["receiving_province_name"],
                receiving_agency=data["receiving_agency"],
                handover_number=data["handover_number"],
                handover_date=data["handover_date"],
                handed_over=data["handed_over"],
            )
        except services.FollowUpError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã đóng hồ sơ vụ việc."))
            return redirect("victims:case-detail", pk=case.pk)
    return render(
        request, "support_services/followups/close_form.html", {"case": case, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, case_pk):
    case = _case_for(request, case_pk)
    if not services.may_reopen(request.user):
        raise PermissionDenied
    closure = CaseClosure.objects.filter(case=case, reopened_at__isnull=True).first()
    form = ReopenForm(request.POST or None, prefix="reopen")
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reopen(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except services.FollowUpError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã mở lại hồ sơ vụ việc."))
            return redirect("victims:case-detail", pk=case.pk)
    return render(
        request,
        "support_services/followups/reopen_form.html",
        {"case": case, "form": form, "closure": closure},
    )
