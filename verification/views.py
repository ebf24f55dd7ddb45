from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import get_for_user
from core.downloads import attachment_download_view, document_response
from core.forms import save_with
from core.lists import area_worklist
from core.period_locks import PeriodLocked
from core.workflow_views import WorkflowActionView
from verification import documents, rules, services
from verification.filters import DossierFilter
from verification.forms import (
    EvidenceForm,
    NoteForm,
    ReopenForm,
    ResultForm,
    SendForm,
    SubmitForm,
)
from verification.models import EvidenceDocument, VerificationDossier
from victims.models import Case


@login_required
@require_POST
def dossier_create(request, case_pk):
    case = get_for_user(request.user, Case, case_pk, write=True)
    try:
        services.dossier_create(actor=request.user, case=case)
    except (services.TransitionError, PeriodLocked) as error:
        messages.error(request, str(error))
    return redirect("victims:case-detail", pk=case.pk)


class DossierActionView(WorkflowActionView):
    """One workflow step from the case page (POST only); a refusal comes back on the step's
    form with what was typed."""

    http_method_names = ["post"]
    queryset = VerificationDossier.objects.select_related("case")
    write = False  # the step itself says which roles may take it
    action_forms = {
        "submit": SubmitForm,
        "send": SendForm,
        "record": ResultForm,
        "close": NoteForm,
        "reopen": ReopenForm,
    }
    steps = {
        "submit": services.dossier_submit,
        "send": services.dossier_send,
        "record": services.dossier_record_result,
        "close": services.dossier_close,
        "reopen": services.dossier_reopen,
    }
    error = services.TransitionError
    template_name = "verification/action_form.html"
    context_object_name = "dossier"
    done_status = gettext_lazy("Hồ sơ: %(status)s.")

    def get_prefix(self):
        # The case page renders the forms with fields with a prefix per dossier.
        return super().get_prefix() if self.action in ("submit", "send", "record") else None


dossier_action = DossierActionView.as_view()


@login_required
@require_POST
def evidence_add(request, pk):
    dossier = get_for_user(request.user, VerificationDossier, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        save_with(form, dossier=dossier, added_by=request.user)
        messages.success(request, _("Đã thêm tài liệu căn cứ."))
    else:
        for field, field_errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in field_errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("victims:case-detail", pk=dossier.case_id)


evidence_download = attachment_download_view(
    EvidenceDocument, what="evidence", log_ids={"document": "pk", "dossier": "dossier_id"}
)


@login_required
def worklist(request):
    """Dossiers of the user's area: mine, awaiting my action, due soon, overdue."""
    today = timezone.localdate()

    def each(dossier):
        dossier.days_left = rules.days_left(dossier.due_date, today)

    return area_worklist(
        request,
        "verification/worklist.html",
        DossierFilter,
        VerificationDossier.objects.select_related("case__victim", "case__managing_unit"),
        order_by=("due_date", "pk"),
        each=each,
    )


@login_required
def dossier_document(request, pk, kind):
    """A printable Word document of the dossier, to those who may see the case."""
    dossier = get_for_user(
        request.user, VerificationDossier.objects.select_related("case__victim"), pk
    )
    if kind not in documents.DOCUMENTS:
        raise Http404
    return document_response(request, dossier, kind, documents.render_document)
