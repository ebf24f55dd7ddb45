from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import audit
from accounts.access import can_change, get_for_user, scope_for
from accounts.models import AccessAction
from core.downloads import attachment_download_view
from core.lists import list_page
from locations.regimes import regime_on
from support_services.models import SupportDocument, SupportRecord, SupportType
from support_services.supports import services
from support_services.supports.filters import SupportFilter
from support_services.supports.forms import (
    ApproveForm,
    DocumentForm,
    ProposeForm,
    ProvideForm,
    RejectForm,
)
from victims.exports import workbook_response_sheets
from victims.models import Case

STEP_FORMS = {"approve": ApproveForm, "provide": ProvideForm, "reject": RejectForm}
STEP_TITLES = {
    "approve": gettext_lazy("Quyết định hỗ trợ"),
    "provide": gettext_lazy("Ghi nhận đã hỗ trợ"),
    "reject": gettext_lazy("Không hỗ trợ"),
}


@login_required
def overview(request):
    """The support menu's landing page: the worklists of supports, referrals and follow-ups."""
    return render(request, "support_services/overview.html", {})


def _case_regime(case) -> str:
    reception = getattr(case, "reception", None)
    return regime_on(reception.received_on if reception else timezone.localdate())


def _refusal_on_form(form, error: services.SupportError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def support_propose(request, case_pk):
    case = get_for_user(
        request.user, Case.objects.select_related("victim", "reception"), case_pk, write=True
    )
    if not can_change(request.user, SupportRecord):
        raise PermissionDenied
    regime = _case_regime(case)
    form = ProposeForm(request.POST or None, regime=regime)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.support_propose(
                actor=request.user,
                case=case,
                support_type=data["support_type"],
                quantity=data["quantity"],
                on_date=data["proposed_on"],
                note=data["note"],
            )
        except services.SupportError as error:
            _refusal_on_form(form, error)
        else:
            messages.success(
                request, _("Đã đề xuất %(name)s.") % {"name": data["support_type"].name}
            )
            return redirect("victims:case-detail", pk=case.pk)
    return render(
        request,
        "support_services/step_form.html",
        {"case": case, "form": form, "title": _("Đề xuất hỗ trợ"), "record": None},
    )


def _step_initial(action, record) -> dict:
    today = timezone.localdate()
    if action == "approve":
        return {"decision_date": today, "authority": services.default_authority(record.case)}
    if action == "provide":
        return {"provided_on": today, "quantity": record.quantity}
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def support_step(request, pk, action):
    """Decide, record as given, or refuse a support; a refusal is shown next to its field."""
    if action not in STEP_FORMS:
        raise Http404
    record = get_for_user(
        request.user,
        SupportRecord.objects.select_related("case__victim", "case__reception", "support_type"),
        pk,
        write=True,
    )
    form_class = STEP_FORMS[action]
    form = form_class(
        request.POST or None,
        request.FILES or None,
        initial=_step_initial(action, record),
        versioned=record,
    )
    if action not in services.allowed_support_actions(record.status, request.user):
        # A form opened before another user's step is shown with what changed, not refused bare.
        stale = request.method == "POST" and not form.is_valid() and form.version_conflict
        if not stale:
            raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            record = _run_step(
                request.user, record, action, form.cleaned_data, form.expected_version
            )
        except services.SupportError as error:
            _refusal_on_form(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": record.support_type.name, "status": record.get_status_display()},
            )
            return redirect("victims:case-detail", pk=record.case_id)
    default = (
        services.default_amount(record, timezone.localdate(), record.quantity)
        if action == "provide"
        else None
    )
    return render(
        request,
        "support_services/step_form.html",
        {
            "case": record.case,
            "record": record,
            "form": form,
            "title": STEP_TITLES[action],
            "default_amount": default,
            "multipart": action == "provide",
        },
    )


@transaction.atomic
def _run_step(actor, record, action, data, expected_version=None):
    if action == "approve":
        return services.support_approve(
            actor=actor,
            record=record,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            authority=data["authority"],
            expected_version=expected_version,
        )
    if action == "reject":
        return services.support_reject(
            actor=actor, record=record, reason=data["reason"], expected_version=expected_version
        )
    record = services.support_provide(
        actor=actor,
        record=record,
        provided_on=data["provided_on"],
        quantity=data["quantity"],
        amount=data["amount"],
        override_reason=data["override_reason"],
        provider=data["provider"],
        expected_version=expected_version,
    )
    if data.get("document_file"):
        services.support_document_add(
            actor=actor,
            record=record,
            kind=data["document_kind"],
            number=data["document_number"],
            issued_on=data["provided_on"],
            file=data["document_file"],
        )
    return record


@login_required
@require_http_methods(["GET", "POST"])
def support_document_add(request, pk):
    record = get_for_user(
        request.user,
        SupportRecord.objects.select_related("case__victim", "support_type"),
        pk,
        write=True,
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.support_document_add(
            actor=request.user,
            record=record,
            kind=data["kind"],
            number=data["number"],
            issued_on=data["issued_on"],
            file=data["file"],
        )
        messages.success(request, _("Đã thêm chứng từ."))
        return redirect("victims:case-detail", pk=record.case_id)
    return render(
        request,
        "support_services/step_form.html",
        {
            "case": record.case,
            "record": record,
            "form": form,
            "title": _("Thêm chứng từ hỗ trợ"),
            "multipart": True,
        },
    )


support_document_download = attachment_download_view(
    SupportDocument,
    what="support document",
    log_ids={"document": "pk", "record": "record_id"},
)


def _year_from(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def support_list(request):
    """Supports of the user's area awaiting a decision, awaiting provision, given, all."""
    records = scope_for(
        request.user,
        SupportRecord.objects.select_related("case__victim", "case__managing_unit", "support_type"),
    )
    support_filter = SupportFilter(request.GET, queryset=records)
    page = list_page(
        request,
        support_filter.qs.order_by("-proposed_on", "-pk"),
        logged_as="support_services.supportrecord",
    )
    return render(
        request,
        "support_services/support_list.html",
        {"filter": support_filter, "page": page, "query": support_filter.query()},
    )


def _totals(request, year):
    visible = scope_for(request.user, SupportRecord.objects.all())
    records = visible.in_year(year)
    return {
        "by_year": list(visible.with_step_year().totals_by("year")),
        "by_unit": list(records.totals_by("case__managing_unit__name")),
        "by_type": list(records.totals_by("support_type__regime", "support_type__name")),
        "overall": records.totals(),
    }


@login_required
def support_totals(request):
    """Supports per managing unit and per type in a year (counted in the year of their latest
    step), within the user's area."""
    year = _year_from(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "support_services/totals.html",
        {"year": year, "years": range(this_year, this_year - 6, -1), **_totals(request, year)},
    )


TOTAL_HEADERS = [
    gettext_lazy("Đề xuất"),
    gettext_lazy("Đã quyết định"),
    gettext_lazy("Đã hỗ trợ"),
    gettext_lazy("Không hỗ trợ"),
    gettext_lazy("Số người được hỗ trợ"),
    gettext_lazy("Số tiền đã chi (đồng)"),
]
TOTAL_KEYS = ["proposed", "approved", "provided", "rejected", "people", "amount"]


@login_required
def support_totals_export(request):
    year = _year_from(request)
    totals = _totals(request, year)
    regimes = dict(SupportType._meta.get_field("regime").flatchoices)
    headers = [str(header) for header in TOTAL_HEADERS]
    by_unit = [
        [row["case__managing_unit__name"], *(row[k] for k in TOTAL_KEYS)]
        for row in totals["by_unit"]
    ]
    by_type = [
        [
            row["support_type__name"],
            str(regimes.get(row["support_type__regime"], "")),
            *(row[k] for k in TOTAL_KEYS),
        ]
        for row in totals["by_type"]
    ]
    by_year = [[row["year"], *(row[k] for k in TOTAL_KEYS)] for row in totals["by_year"]]
    # Counts and amounts only: no reason is asked, the export is logged.
    audit.record(
        request,
        AccessAction.EXPORT,
        object_type="support_services.supportrecord",
        aggregate=True,
        year=year,
    )
    return workbook_response_sheets(
        f"ho-tro-{year}.xlsx",
        [
            (_("Theo năm"), [_("Năm"), *headers], by_year),
            (_("Theo đơn vị"), [_("Đơn vị quản lý"), *headers], by_unit),
            (_("Theo chế độ"), [_("Chế độ hỗ trợ"), _("Chế độ pháp lý"), *headers], by_type),
        ],
    )
