"""Exports of personal data: a stated reason, the access log, an optional password.

An export whose rows carry names, ID numbers, phones or addresses goes through
`export_with_reason`: the export link leads to a small form (the reason, required; a password
with its confirmation, optional); a valid form sends the file, with the reason kept on the access
log row of the export; with a password the Office file is encrypted (msoffcrypto-tool, the
standard ECMA-376 agile encryption Excel and Word open with the password). Exports of aggregate
counts only need no reason; they are logged with `accounts.audit.record` directly.
"""

import io
from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render
from msoffcrypto.format.ooxml import OOXMLFile

from accounts import audit
from accounts.forms import ExportReasonForm
from accounts.models import AccessAction


def encrypt_office_file(content: bytes, password: str) -> bytes:
    """An .xlsx or .docx encrypted with `password` (ECMA-376 agile encryption)."""
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(content)).encrypt(password, encrypted)
    return encrypted.getvalue()


def export_with_reason(
    request,
    build: Callable[[], tuple[HttpResponse, int]],
    *,
    title: str,
    back_url: str,
    object_type: str = "",
    **details,
) -> HttpResponse:
    """GET: the reason form. POST: with a valid form, the file `build()` returns (a response
    and its row count), logged with the reason and the filters used, encrypted when a password
    was given; otherwise the form again with its errors and everything typed kept."""
    form = ExportReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response, rows = build()
        password = form.cleaned_data["password"]
        if password:
            response.content = encrypt_office_file(response.content, password)
        audit.record(
            request,
            AccessAction.EXPORT,
            object_type=object_type,
            reason=form.cleaned_data["reason"],
            rows=rows,
            encrypted=bool(password),
            **audit.filters_of(request),
            **details,
        )
        return response
    return render(
        request,
        "accounts/export_reason.html",
        {"form": form, "title": title, "back_url": back_url},
        status=400 if form.errors else 200,
    )
