"""The download of a file attached to a record, as one view made per model; the response of
a printable document made from a record."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from accounts import audit
from accounts.access import file_download, get_for_user
from accounts.models import AccessAction


def attachment_download_view(model, *, what: str, log_ids: dict[str, str], file_field="file"):
    """A view serving the file (`file_field`) of one `model` row the user may see
    (accounts.access.get_for_user: 404 outside the user's area) through
    accounts.access.file_download, which logs the download with the ids named in `log_ids`
    (log key -> attribute of the row), never a name."""

    @login_required
    def download(request, pk):
        row = get_for_user(request.user, model, pk)
        ids = {key: getattr(row, attribute) for key, attribute in log_ids.items()}
        return file_download(request, getattr(row, file_field), obj=row, what=what, **ids)

    return download


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_response(request, row, kind: str, render) -> HttpResponse:
    """A printable Word document of `row` (`render(row, kind)` gives its bytes and file name)
    as an attachment never cached; the printing goes into the access log with its kind."""
    content, filename = render(row, kind)
    audit.record(request, AccessAction.DOCUMENT, row, kind=kind)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
