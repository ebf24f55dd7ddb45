"""Follow-up visits and case closure over HTTP: the worklist, and the forms reached from the
case page. Thin: the forms validate, followups_services decides and writes."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit
from accounts.access import get_for_user, scope_for
from locations.models import AdministrativeUnit
from support_services.models import CaseClosure, FollowUp, FollowUpStatus
from support_services.reintegration import services
from support_services.reintegration.forms import ClosureForm, LostContactForm, ReopenForm, VisitForm
from support_services.supports.rules import add_months
from victims.models import Case

PAGE_SIZE = 25
WORKLIST_VIEWS = [
    ("month", gettext_lazy("Đến hạn trong tháng")),
    ("overdue", gettext_lazy("Quá hạn")),
    ("all", gettext_lazy("Tất cả")),
]


def _month_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = today.replace(day=1)
    return first, add_months(first, 1) - datetime.timedelta(days=1)


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
    first, last = _month_bounds(today)
    followups = scope_for(request.user, FollowUp.objects.all())
    units = scope_for(
        request.user,
        AdministrativeUnit.objects.filter(
            Q(level__in=["province", "district"])
            | Q(pk__in=followups.values("case__managing_unit"))
        ).exclude(level="commune", is_legacy=True),
    ).order_by("path")
    unit = None
    if request.GET.get("unit", "").isdecimal():
        unit = units.filter(pk=request.GET["unit"]).first()
    if unit is not None:
        followups = followups.filter(case__managing_unit__path__startswith=unit.path)
    filters = {
        "month": Q(status=FollowUpStatus.SCHEDULED, due_date__gte=first, due_date__lte=last),
        "overdue": Q(status=FollowUpStatus.SCHEDULED, due_date__lt=today),
        "all": Q(),
    }
    view = request.GET.get("view", "month")
    if view not in filters:
        view = "month"
    counts = followups.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in filters.items()}
    )
    rows = (
        followups.filter(filters[view])
        .select_related("case__victim", "case__managing_unit", "officer")
        .order_by("due_date", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record_search(request, "support_services.followup", page.paginator.count)
    for followup in page:
        followup.overdue = followup.is_overdue_on(today)
    query = f"view={view}" + (f"&unit={unit.pk}" if unit else "")
    return render(
        request,
        "support_services/followups/worklist.html",
        {
            "page": page,
            "view": view,
            "views": [(key, label, counts[key]) for key, label in WORKLIST_VIEWS],
            "units": units,
            "unit": unit,
            "query": query,
            "unit_query": f"&unit={unit.pk}" if unit else "",
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
