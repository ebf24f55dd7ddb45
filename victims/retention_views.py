"""The supervisor's screen of retention: the people due for anonymisation in the supervisor's
area, anonymised after a stated reason and an explicit confirmation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import audit
from accounts.models import AccessAction
from victims import anonymise

MAX_LISTED = 500


class AnonymiseForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Người được chọn"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Lý do ẩn danh"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: hết thời hạn lưu trữ theo quy định của tỉnh."),
    )
    confirm = forms.BooleanField(
        label=_(
            "Tôi xác nhận ẩn danh những người đã chọn: họ tên, giấy tờ, điện thoại, địa chỉ, "
            "ngày sinh, ghi chú và tệp đính kèm sẽ bị xóa vĩnh viễn, không thể khôi phục."
        )
    )

    def __init__(self, *args, due, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = due
        self.fields["people"].label_from_instance = lambda victim: f"#{victim.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def retention(request):
    if not anonymise.may_anonymise(request.user):
        raise PermissionDenied
    due = anonymise.victims_due_for(request.user).order_by("pk")
    form = AnonymiseForm(request.POST if request.method == "POST" else None, due=due)
    if request.method == "POST" and form.is_valid():
        done = 0
        for victim in form.cleaned_data["people"]:
            if anonymise.victim_anonymise(
                actor=request.user, victim=victim, reason=form.cleaned_data["reason"]
            ):
                audit.record(request, AccessAction.ANONYMISE, victim)
                done += 1
        messages.success(
            request,
            ngettext("Đã ẩn danh %(count)s người.", "Đã ẩn danh %(count)s người.", done)
            % {"count": done},
        )
        return redirect("victims:retention")
    audit.record_search(request, "victims.victim", due.count(), purpose="retention")
    people = due.prefetch_related("cases__managing_unit", "cases__closures")[:MAX_LISTED]
    return render(
        request,
        "victims/retention.html",
        {
            "form": form,
            "people": people,
            "years": anonymise.settings.RETENTION_YEARS_AFTER_CLOSURE,
            "cutoff": anonymise.retention_cutoff(),
        },
    )
