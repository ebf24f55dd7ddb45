"""The import screens: template, upload and preview, confirmation, the error workbook.

The uploaded file is kept under MEDIA_ROOT/imports/ by a random token held in the session
between preview and confirmation; the rows are checked again on confirmation, never taken
from the browser.
"""

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from victims import importing
from victims.exports import XLSX

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "returnee_import"


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


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _allowed(request):
    reason = importing.import_allowed(request.user)
    if reason:
        raise PermissionDenied(reason)


def _stored_path(request, suffix: str = "") -> Path:
    """The file of this session's import (the upload, or with suffix "-errors" its errors)."""
    token = request.session.get(SESSION_KEY, "")
    path = _folder() / f"{token}{suffix}.xlsx"
    if not token or not path.exists():
        raise Http404
    return path


@login_required
def import_template(request):
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
        try:
            rows = importing.read_rows(form.cleaned_data["file"])
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            results = importing.check_rows(rows, user=request.user)
            token = secrets.token_urlsafe(16)
            form.cleaned_data["file"].seek(0)
            (_folder() / f"{token}.xlsx").write_bytes(form.cleaned_data["file"].read())
            request.session[SESSION_KEY] = token
    return render(
        request,
        "victims/import.html",
        {
            "form": form,
            "results": results,
            "counts": importing.summary(results) if results is not None else None,
        },
    )


@login_required
@require_POST
def import_confirm(request):
    _allowed(request)
    path = _stored_path(request)
    with path.open("rb") as handle:
        results = importing.check_rows(importing.read_rows(handle), user=request.user)
    saved = importing.save_rows(results, user=request.user)
    errors = [result for result in results if result.status == importing.ERROR]
    if errors:
        path.with_name(f"{path.stem}-errors.xlsx").write_bytes(importing.error_workbook(results))
    path.unlink()
    return render(
        request,
        "victims/import_result.html",
        {"saved": saved, "counts": importing.summary(results), "has_errors": bool(errors)},
    )


@login_required
def import_errors(request):
    path = _stored_path(request, "-errors")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename="dong-loi-nhap-danh-sach.xlsx"
    )
