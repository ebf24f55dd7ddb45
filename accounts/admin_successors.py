"""The admin action "Chuyển sang đơn vị kế thừa": users whose jurisdiction is a unit dissolved
on 1 July 2025 moved, in one step, to one of its successors
(accounts.services.users_move_to_successor)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.access import scope_for
from accounts.policy import can
from accounts.services import successor_choices, users_move_to_successor


class SuccessorChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị kế thừa"),
        queryset=None,
        empty_label=gettext_lazy("— Chọn đơn vị —"),
        help_text=gettext_lazy(
            "Xã/phường hiện hành nhận lại địa bàn cũ; chọn tỉnh chỉ khi người dùng phụ trách "
            "toàn bộ huyện cũ, vì cấp tỉnh thấy hồ sơ của cả tỉnh."
        ),
    )

    def __init__(self, *args, old, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choices = scope_for(actor, successor_choices(old), and_above=True)
        self.fields["unit"].queryset = choices
        communes = [unit for unit in choices if unit.level == unit.Level.COMMUNE]
        if len(communes) == 1:
            self.fields["unit"].initial = communes[0]


@admin.action(description=gettext_lazy("Chuyển sang đơn vị kế thừa"))
def move_to_successor(model_admin, request, queryset):
    if not can(request.user, "user.move_to_successor"):
        raise PermissionDenied
    users = list(queryset.select_related("jurisdiction"))  # the changelist's: the supervisor's area
    olds = {user.jurisdiction for user in users}
    old = next(iter(olds)) if len(olds) == 1 else None
    if old is None or not old.is_legacy:
        model_admin.message_user(
            request,
            _("Chọn những người dùng của cùng một địa bàn cũ (huyện hoặc xã trước 01/07/2025)."),
            messages.ERROR,
        )
        return None
    form = SuccessorChoiceForm(
        request.POST if "apply" in request.POST else None, old=old, actor=request.user
    )
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            moved = users_move_to_successor(users=users, unit=unit, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            for user in moved:
                model_admin.log_change(
                    request,
                    user,
                    _("Chuyển sang đơn vị kế thừa: %(old)s → %(new)s")
                    % {"old": old.name, "new": unit.name},
                )
            model_admin.message_user(
                request,
                ngettext(
                    "Đã chuyển %(count)s người dùng từ %(old)s sang %(new)s.",
                    "Đã chuyển %(count)s người dùng từ %(old)s sang %(new)s.",
                    len(moved),
                )
                % {"count": len(moved), "old": old.name, "new": unit.name},
                messages.SUCCESS,
            )
            return None
    return TemplateResponse(
        request,
        "admin/accounts/user/move_to_successor.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Chuyển sang đơn vị kế thừa"),
            "opts": model_admin.model._meta,
            "users": users,
            "old": old,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
