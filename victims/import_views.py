"""The import screens: template, upload, the job page with its progress, confirmation, the error
workbook.

An upload becomes an ImportJob (victims.importing.jobs) checked and then saved by Celery tasks:
no request reads more than the file's header and row count. The job page polls its progress
fragment with htmx (a meta refresh and a "Tải lại" link without JavaScript). Every page of a
job is its owner's alone: 404 for anyone else, colleagues and supervisors included.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import audit
from accounts.models import AccessAction
from core.spreadsheets import XLSX
from victims import importing
from victims.importing import jobs
from victims.models import ImportJob

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Seconds between two looks at a job in progress without JavaScript (the meta refresh).
REFRESH_SECONDS = 3


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel danh sách người trở về (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 5 MB."))
        if not upload.name.lower().endswith(".xlsx") or upload.read(2) != b"PK":
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx (dùng tệp mẫu)."))
        upload.seek(0)
        return upload


def _allowed(request):
    reason = importing.import_allowed(request.user)
    if reason:
        raise PermissionDenied(reason)


def _job(request, pk) -> ImportJob:
    _allowed(request)
    return jobs.import_job_for(request.user, pk)


@login_required
@require_GET
def import_template(request):
    _allowed(request)
    response = HttpResponse(importing.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-nguoi-tro-ve.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload a filled template: its rows are checked in the background, nothing is saved."""
    _allowed(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(user=request.user, upload=form.cleaned_data["file"])
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("victims:import-job", job.pk)
    recent = ImportJob.objects.filter(owner=request.user).order_by("-created_at", "-pk")[:10]
    return render(request, "victims/import_upload.html", {"form": form, "recent": recent})


def _progress(job: ImportJob) -> dict:
    """The bar of a job: what is counted, how far, and its Vietnamese label."""
    if job.status == ImportJob.Status.SAVING:
        done, total = job.rows_saved, job.rows_valid
        label = ngettext("Đã lưu %(done)s/%(total)s dòng", "Đã lưu %(done)s/%(total)s dòng", total)
    else:
        done, total = job.rows_checked, job.rows_total
        label = ngettext(
            "Đã kiểm tra %(done)s/%(total)s dòng", "Đã kiểm tra %(done)s/%(total)s dòng", total
        )
    number = lambda value: formats.number_format(value, force_grouping=True)  # noqa: E731
    return {
        "done": done,
        "total": max(total, 1),
        "label": label % {"done": number(done), "total": number(total)},
    }


def _job_context(job: ImportJob) -> dict:
    return {
        "job": job,
        "progress": _progress(job),
        "refresh_seconds": REFRESH_SECONDS,
        "Status": ImportJob.Status,
    }


@login_required
@require_GET
def import_job(request, pk):
    """A job: its progress while it runs, then the checked rows and the confirmation, then
    what was saved."""
    job = _job(request, pk)
    context = _job_context(job)
    if job.status in (ImportJob.Status.CHECKED, ImportJob.Status.SAVED):
        context["rows"] = rows = jobs.preview_rows(job)
        context["counts"] = dict.fromkeys(importing.STATUS_LABELS, 0)
        for row in rows:
            context["counts"][row["status"]] += 1
    return render(request, "victims/import_job.html", context)


@login_required
@require_GET
def import_job_status(request, pk):
    """The progress fragment the job page polls; once the job stops, htmx reloads the page."""
    job = _job(request, pk)
    response = render(request, "victims/_import_progress.html", _job_context(job))
    if not job.in_progress and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_job_confirm(request, pk):
    """Save the valid rows of a checked job (in the background)."""
    job = _job(request, pk)
    try:
        jobs.import_job_confirm(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("victims:import-job", job.pk)


@login_required
@require_GET
def import_job_errors(request, pk):
    job = _job(request, pk)
    if not job.errors_file:
        raise Http404
    # The rows of the user's own upload (names, ID numbers) leave again: logged as a download.
    audit.record(request, AccessAction.DOWNLOAD, object_type="victims.import", what="import errors")
    response = FileResponse(
        job.errors_file.open("rb"), as_attachment=True, filename="dong-loi-nhap-danh-sach.xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response
