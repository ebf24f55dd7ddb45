"""The download of a file attached to a record, as one view configured per model."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import View

from accounts.access import file_download, get_for_user


class AttachmentDownloadView(LoginRequiredMixin, View):
    """The file of one row the user may see (accounts.access.get_for_user: 404 outside the
    user's area), served by accounts.access.file_download, which logs the download with the ids
    named in `log_ids` (log key -> attribute of the row), never a name.

    urls: `AttachmentDownloadView.as_view(model=..., what=..., log_ids={...})`."""

    model = None
    file_field = "file"
    what = ""
    log_ids: dict[str, str] = {}

    def get(self, request, pk):
        row = get_for_user(request.user, self.model, pk)
        ids = {key: getattr(row, attribute) for key, attribute in self.log_ids.items()}
        return file_download(request, getattr(row, self.file_field), obj=row, what=self.what, **ids)
