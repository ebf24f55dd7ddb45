from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import audit
from accounts.access import file_download, get_for_user, scope_for
from accounts.models import AccessAction, User
from accounts.policy import can
from core import period_locks
from core.replica import reads_from_replica
from locations.models import AdministrativeUnit
from locations.regimes import regime_on
from reports import generation, partner_export, services
from reports.dashboard import case_counts, dashboard
from reports.forms import PeriodReopenForm, ReportRequestForm
from reports.models import ReportEvent, ReportRun, RunStatus

FILES = {"json": "indicators_file", "xlsx": "excel_file", "docx": "word_file"}
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
def home(request):
    """The dashboard: the user's area, its cases, this year against last year, and charts."""
    today = timezone.localdate()
    units = scope_for(request.user, AdministrativeUnit.objects.all())
    with reads_from_replica():
        counts = case_counts(request.user)
        figures = dashboard(request.user, today)
    context = {
        "today": today,
        "regime": regime_on(today),
        "commune_count": units.communes().active().count(),
        "legacy_district_count": units.districts().count(),
        "colleague_count": scope_for(request.user, User.objects.filter(is_active=True)).count(),
        "case_count": counts["total"],
        "cases_by_status": counts["by_status"],
        "dashboard": figures,
    }
    return render(request, "home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    """Request a report (it is built in the background) and follow the runs of the area."""
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.report_request(
                actor=request.user,
                period=data["period"],
                unit=data["unit"],
                reason=data["reason"],
                with_succession=data["with_succession"],
            )
        except services.ReportError as error:
            form.add_error(error.field, str(error))
        else:
            if getattr(run, "joined", False):
                messages.info(
                    request,
                    _(
                        "Báo cáo của kỳ và phạm vi này đang được tạo theo một yêu cầu trước: "
                        "theo dõi tiến độ ở dòng được đánh dấu."
                    ),
                )
            else:
                messages.success(request, _("Đã yêu cầu tạo báo cáo; báo cáo đang được tạo."))
            return redirect(f"{request.path}?run={run.pk}")
    runs = scope_for(
        request.user,
        ReportRun.objects.select_related("unit", "requested_by", "approved_by"),
    )
    page = Paginator(runs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "page": page,
            "highlight": request.GET.get("run", ""),
            "can_approve": can(request.user, "report.approve"),
            "can_export_for_partners": partner_export.may_export(request.user),
        },
    )


@login_required
def run_status(request, pk):
    """The row of one run, polled by htmx while the run is queued or running."""
    run = get_for_user(request.user, ReportRun.objects.select_related("unit", "requested_by"), pk)
    return render(
        request,
        "reports/_run_row.html",
        {"run": run, "can_approve": can(request.user, "report.approve")},
    )


@login_required
def download(request, pk, kind):
    run = get_for_user(request.user, ReportRun, pk)
    if kind not in FILES:
        raise Http404
    field = getattr(run, FILES[kind])
    if run.status != RunStatus.DONE or not field:
        raise Http404
    ReportEvent.objects.create(run=run, action="downloaded", actor=request.user, note=kind)
    if not generation.suppressed_for(request.user, run):
        return file_download(request, field, obj=run, what="report", kind=kind)
    # Viewers of an area below the province: the same file rebuilt with small counts hidden.
    audit.record(request, AccessAction.DOWNLOAD, run, what="report", kind=kind, suppressed=True)
    response = HttpResponse(generation.suppressed_file(run, kind), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{field.name.rsplit("/", 1)[-1]}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def approve(request, pk):
    run = get_for_user(request.user, ReportRun, pk)
    try:
        services.report_approve(actor=request.user, run=run)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã phê duyệt báo cáo; kỳ báo cáo này đã được khóa."))
    return redirect("reports:index")


def _run_page(request, run, reopen_form=None, status=200):
    differences = run.differences
    if differences and generation.suppressed_for(request.user, run):
        from django.conf import settings

        from reports.indicators import suppressed_copy

        hidden = suppressed_copy(
            {"indicators": {}, "tables": {}, "differences_from_approved": differences["rows"]},
            settings.SMALL_COUNT_THRESHOLD,
        )
        differences = {**differences, "rows": hidden["differences_from_approved"]}
    lock = services.period_lock_of(run)
    return render(
        request,
        "reports/run_detail.html",
        {
            "run": run,
            "lock": lock,
            "differences": differences,
            "events": run.events.select_related("actor"),
            "can_approve": can(request.user, "report.approve"),
            "can_reopen": lock is not None
            and lock.is_active
            and run.is_approved
            and period_locks.may_reopen(request.user),
            "reopen_form": reopen_form or PeriodReopenForm(),
        },
        status=status,
    )


@login_required
def run_detail(request, pk):
    """One run: its files, its approval and the lock of its period (reopened by a supervisor
    with a reason), and how its figures differ from the approved ones of the same period."""
    run = get_for_user(
        request.user, ReportRun.objects.select_related("unit", "requested_by", "approved_by"), pk
    )
    return _run_page(request, run)


@login_required
@require_POST
def reopen(request, pk):
    run = get_for_user(request.user, ReportRun.objects.select_related("unit"), pk)
    form = PeriodReopenForm(request.POST)
    if form.is_valid():
        try:
            services.period_reopen(actor=request.user, run=run, reason=form.cleaned_data["reason"])
        except services.ReportError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request, _("Đã mở lại kỳ báo cáo; dữ liệu của kỳ này có thể được sửa.")
            )
            return redirect("reports:run-detail", pk=run.pk)
    return _run_page(request, run, reopen_form=form, status=200)


@login_required
def partner_export_download(request):
    """The pseudonymised workbook for partners (reports.partner_export): provincial staff and
    supervisors, the cases of their area."""
    if not partner_export.may_export(request.user):
        raise PermissionDenied
    response, rows = partner_export.partner_export_response(request.user)
    audit.record(
        request, AccessAction.EXPORT, object_type="victims.case", rows=rows, pseudonymised=True
    )
    return response
