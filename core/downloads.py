"""The download of a file attached to a record, as one view made per model."""

from django.contrib.auth.decorators import login_required

from accounts.access import file_download, get_for_user


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
