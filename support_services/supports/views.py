from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import audit
from accounts.access import can_change, scope_for
from accounts.models import AccessAction
from core.downloads import attachment_download_view
from core.lists import area_worklist
from core.models import name_shown
from core.spreadsheets import Sheet, workbook_response
from core.workflow_views import WorkflowActionView
from locations.regimes import regime_on
from support_services.models import SupportDocument, SupportRecord, SupportType
from support_services.supports import services
from support_services.supports.filters import SupportFilter
from support_services.supports.forms import (
    ApproveForm,
    DocumentForm,
    ExtensionForm,
    ProposeForm,
    ProvideForm,
    RejectForm,
)
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


class SupportProposeView(WorkflowActionView):
    """Propose a support for a case; a refusal of the eligibility rules is shown next to its
    field."""

    queryset = Case.objects.select_related("victim", "reception")
    pk_url_kwarg = "case_pk"
    single_step = ("propose", ProposeForm, services.support_propose)
    error = services.SupportError
    versioned = False
    prefixed = False
    template_name = "support_services/step_form.html"

    def may_open(self) -> bool:
        return can_change(self.request.user, SupportRecord)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "regime": _case_regime(self.object)}

    def get_context_data(self, **kwargs):
        case = self.object if isinstance(self.object, Case) else self.object.case
        return super().get_context_data(
            case=case,
            title=_("Đề xuất hỗ trợ"),
            record=None,
            earlier_receipts=services.earlier_receipts_shown(case, self.request.user),
            **kwargs,
        )

    def done_message(self) -> str:
        return _("Đã đề xuất %(name)s.") % {"name": self.object.support_type.display_name}


support_propose = SupportProposeView.as_view()


class SupportExtensionView(WorkflowActionView):
    """Record a decision extending a support's maximum days for a case (Decree 162/2025
    Art 17); a refusal is shown next to its field with what was typed kept."""

    queryset = Case.objects.select_related("victim", "reception")
    pk_url_kwarg = "case_pk"
    single_step = ("extend", ExtensionForm, services.support_extension_record)
    error = services.SupportError
    versioned = False
    prefixed = False
    template_name = "support_services/step_form.html"

    def may_open(self) -> bool:
        return services.may_extend(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "regime": _case_regime(self.object)}

    def get_initial(self):
        return {"authority": services.default_authority(self.object)}

    def get_context_data(self, **kwargs):
        case = self.object if isinstance(self.object, Case) else self.object.case
        return super().get_context_data(
            case=case,
            title=_("Gia hạn hỗ trợ"),
            record=None,
            extensions=case.support_extensions.select_related("support_type"),
            **kwargs,
        )

    def done_message(self) -> str:
        return ngettext(
            "Đã ghi quyết định gia hạn %(name)s thêm %(days)s ngày.",
            "Đã ghi quyết định gia hạn %(name)s thêm %(days)s ngày.",
            self.object.days,
        ) % {
            "name": self.object.support_type.display_name,
            "days": self.object.days,
        }


support_extend = SupportExtensionView.as_view()


class SupportStepView(WorkflowActionView):
    """Decide, record as given, or refuse a support; a refusal is shown next to its field."""

    queryset = SupportRecord.objects.select_related(
        "case__victim", "case__reception", "support_type"
    )
    action_forms = STEP_FORMS
    steps = {
        "approve": services.support_approve,
        "provide": services.support_provide,
        "reject": services.support_reject,
    }
    error = services.SupportError
    prefixed = False
    template_name = "support_services/step_form.html"

    @transaction.atomic
    def take_step(self, form):
        """A support recorded as given keeps its receipt when one is attached (both or
        neither)."""
        record = super().take_step(form)
        data = form.cleaned_data
        if self.action == "provide" and data.get("document_file"):
            services.support_document_add(
                actor=self.request.user,
                record=record,
                kind=data["document_kind"],
                number=data["document_number"],
                issued_on=data["provided_on"],
                file=data["document_file"],
            )
        return record

    def may_open(self) -> bool:
        # Only the steps the case page offers on this support.
        return self.action in services.SUPPORT_WORKFLOW.actions_for(self.request.user, self.object)

    def get_initial(self):
        today = timezone.localdate()
        if self.action == "approve":
            return {
                "decision_date": today,
                "authority": services.default_authority(self.object.case),
            }
        if self.action == "provide":
            return {"provided_on": today, "quantity": self.object.quantity}
        return {}

    def get_context_data(self, **kwargs):
        record = self.object
        default = (
            services.default_amount(record, timezone.localdate(), record.quantity)
            if self.action == "provide"
            else None
        )
        return super().get_context_data(
            case=record.case,
            record=record,
            title=STEP_TITLES[self.action],
            default_amount=default,
            multipart=self.action == "provide",
            **kwargs,
        )

    def done_message(self) -> str:
        return _("%(name)s: %(status)s.") % {
            "name": self.object.support_type.display_name,
            "status": self.object.get_status_display(),
        }


support_step = SupportStepView.as_view()


class SupportDocumentView(WorkflowActionView):
    """Attach evidence (a decision, receipt, signed list) to a support."""

    queryset = SupportRecord.objects.select_related("case__victim", "support_type")
    single_step = ("add_document", DocumentForm, services.support_document_add)
    error = services.SupportError
    versioned = False
    prefixed = False
    template_name = "support_services/step_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            case=self.object.case,
            record=self.object,
            title=_("Thêm chứng từ hỗ trợ"),
            multipart=True,
            **kwargs,
        )

    def case_id(self) -> int:
        return self.object.record.case_id

    def done_message(self) -> str:
        return _("Đã thêm chứng từ.")


support_document_add = SupportDocumentView.as_view()


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
    return area_worklist(
        request,
        "support_services/support_list.html",
        SupportFilter,
        SupportRecord.objects.select_related("case__victim", "case__managing_unit", "support_type"),
        order_by=("-proposed_on", "-pk"),
    )


def _labelled(rows, field: str, english: str | None = None) -> list[dict]:
    """The rows of a totals table, each with its `label` (the `field` it is grouped by; in
    English mode the `english` field beside it when filled)."""
    return [
        {**row, "label": name_shown(row[field], row[english]) if english else row[field]}
        for row in rows
    ]


def _totals(request, year):
    visible = scope_for(request.user, SupportRecord.objects.all())
    records = visible.in_year(year)
    unit, support_type = "case__managing_unit__name", "support_type__name"
    by_type = records.totals_by("support_type__regime", support_type, "support_type__name_en")
    return {
        "by_year": list(visible.with_step_year().totals_by("year")),
        "by_unit": _labelled(records.totals_by(unit), unit),
        "by_type": _labelled(by_type, support_type, "support_type__name_en"),
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
            row["label"],
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
    return workbook_response(
        f"ho-tro-{year}.xlsx",
        [
            Sheet(_("Theo năm"), [_("Năm"), *headers], by_year),
            Sheet(_("Theo đơn vị"), [_("Đơn vị quản lý"), *headers], by_unit),
            Sheet(_("Theo chế độ"), [_("Chế độ hỗ trợ"), _("Chế độ pháp lý"), *headers], by_type),
        ],
    )
