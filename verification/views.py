from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.access import get_for_user, scope_for
from accounts.models import AccessAction
from core.downloads import attachment_download_view
from core.lists import list_page
from verification import documents, rules, services
from verification.filters import DossierFilter
from verification.forms import EvidenceForm, NoteForm, ResultForm, SendForm
from verification.models import EvidenceDocument, VerificationDossier
from victims.models import Case

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACTION_FORMS = {"send": SendForm, "record": ResultForm}


@login_required
@require_POST
def dossier_create(request, case_pk):
    case = get_for_user(request.user, Case, case_pk, write=True)
    try:
        services.dossier_create(actor=request.user, case=case)
    except services.TransitionError as error:
        messages.error(request, str(error))
    return redirect("victims:case-detail", pk=case.pk)


@login_required
@require_POST
def dossier_action(request, pk, action):
    """One workflow step from the case page; a refusal is shown there, nothing changed."""
    dossier = get_for_user(request.user, VerificationDossier.objects.select_related("case"), pk)
    if action in ACTION_FORMS:
        # The case page renders these forms with a prefix per dossier.
        form = ACTION_FORMS[action](
            request.POST, prefix=f"{action}-{dossier.pk}", versioned=dossier
        )
    else:
        form = NoteForm(request.POST, versioned=dossier)
    if not form.is_valid() and form.version_conflict:
        # Saved by someone else since the page was opened: the form again, with what was typed.
        return render(
            request,
            "verification/action_form.html",
            {"dossier": dossier, "form": form, "action": action},
        )
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
        return redirect("victims:case-detail", pk=dossier.case_id)
    data = form.cleaned_data
    note = data.get("note", "")
    version = form.expected_version
    steps = {
        "submit": lambda: services.dossier_submit(
            actor=request.user, dossier=dossier, note=note, expected_version=version
        ),
        "send": lambda: services.dossier_send(
            actor=request.user,
            dossier=dossier,
            agency=data["agency"],
            letter_number=data["letter_number"],
            letter_date=data["letter_date"],
            note=note,
            expected_version=version,
        ),
        "record": lambda: services.dossier_record_result(
            actor=request.user,
            dossier=dossier,
            result=data["result"],
            reply_number=data["reply_number"],
            reply_date=data["reply_date"],
            note=note,
            expected_version=version,
        ),
        "close": lambda: services.dossier_close(
            actor=request.user, dossier=dossier, note=note, expected_version=version
        ),
        "reopen": lambda: services.dossier_reopen(
            actor=request.user, dossier=dossier, reason=note, expected_version=version
        ),
    }
    if action not in steps:
        raise Http404
    try:
        dossier = steps[action]()
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Hồ sơ: %(status)s.") % {"status": dossier.get_status_display()}
        )
    return redirect("victims:case-detail", pk=dossier.case_id)


@login_required
@require_POST
def evidence_add(request, pk):
    dossier = get_for_user(request.user, VerificationDossier, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        document = form.save(commit=False)
        document.dossier = dossier
        document.added_by = request.user
        document.save()
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
    dossiers = scope_for(
        request.user,
        VerificationDossier.objects.select_related("case__victim", "case__managing_unit"),
    )
    dossier_filter = DossierFilter(request.GET, queryset=dossiers, user=request.user)
    page = list_page(
        request,
        dossier_filter.qs.order_by("due_date", "pk"),
        logged_as="verification.verificationdossier",
    )
    for dossier in page:
        dossier.days_left = rules.days_left(dossier.due_date, today)
    return render(
        request,
        "verification/worklist.html",
        {"filter": dossier_filter, "page": page, "query": dossier_filter.query()},
    )


@login_required
def dossier_document(request, pk, kind):
    """A printable Word document of the dossier, to those who may see the case."""
    dossier = get_for_user(
        request.user, VerificationDossier.objects.select_related("case__victim"), pk
    )
    if kind not in documents.DOCUMENTS:
        raise Http404
    content, filename = documents.render_document(dossier, kind)
    audit.record(request, AccessAction.DOCUMENT, dossier, kind=kind)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
