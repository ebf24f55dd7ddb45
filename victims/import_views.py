"""The import screens: template, upload and preview, confirmation, the error workbook.

The uploaded file is kept (encrypted, owner-only: victims/import_files.py) by a random token
held in the session between preview and confirmation; the rows are read and checked again on
confirmation, never taken from the browser. Files are removed on confirmation, on the next upload
and after IMPORT_FILE_RETENTION_HOURS (a periodic task).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import audit
from accounts.models import AccessAction
from core.spreadsheets import XLSX
from victims import import_files, importing

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Saving takes some 25 ms a row (case_create with its history rows): a request stays well
# inside the proxy timeout (README: gunicorn --timeout 60); longer lists go through the command.
MAX_WEB_ROWS = 1000
SESSION_KEY = "returnee_import"
ERRORS_SUFFIX = import_files.ERRORS_SUFFIX


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


def _stored_token(request, suffix: str = "") -> str:
    """The token of this session's import (whose upload, or with ERRORS_SUFFIX its errors, is
    kept)."""
    token = request.session.get(SESSION_KEY, "")
    if not import_files.exists(token, suffix):
        raise Http404
    return token


def _forget_files(request) -> None:
    """Remove this session's earlier files and anyone's older than the retention."""
    if token := request.session.pop(SESSION_KEY, ""):
        import_files.forget(token)
    import_files.delete_old()


def _keep_file(request, upload) -> None:
    upload.seek(0)
    request.session[SESSION_KEY] = import_files.keep(upload.read())


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
    """Upload a filled template and see every row checked before anything is saved."""
    _allowed(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.read_rows(upload, max_rows=MAX_WEB_ROWS)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            results = importing.check_rows(rows, user=request.user, request=request)
            _forget_files(request)
            _keep_file(request, upload)
    return render(
        request,
        "victims/import_upload.html",
        {
            "form": form,
            "results": results,
            "counts": importing.summary(results) if results is not None else None,
        },
    )


@login_required
@require_POST
def import_confirm(request):
    """Check the kept file again and save its valid rows; the rows in error are kept for
    download."""
    _allowed(request)
    token = _stored_token(request)
    try:
        with import_files.open_file(token) as handle:
            rows = importing.read_rows(handle, max_rows=MAX_WEB_ROWS)
            results = importing.check_rows(rows, user=request.user, request=request, recheck=True)
        saved = importing.save_rows(results, user=request.user)
    except (importing.ImportFileError, importing.ImportSaveError) as error:
        messages.error(request, str(error))
        return redirect("victims:import")
    counts = importing.summary(results)
    if counts[importing.ERROR]:
        import_files.keep(importing.error_workbook(results), token, ERRORS_SUFFIX)
    import_files.forget_upload(token)
    return render(
        request,
        "victims/import_result.html",
        {"saved": saved, "counts": counts, "has_errors": bool(counts[importing.ERROR])},
    )


@login_required
@require_GET
def import_errors(request):
    _allowed(request)
    token = _stored_token(request, ERRORS_SUFFIX)
    # The rows of the user's own upload (names, ID numbers) leave again: logged as a download.
    audit.record(request, AccessAction.DOWNLOAD, object_type="victims.import", what="import errors")
    response = FileResponse(
        import_files.open_file(token, ERRORS_SUFFIX),
        as_attachment=True,
        filename="dong-loi-nhap-danh-sach.xlsx",
    )
    response["Cache-Control"] = "no-store"
    return response
