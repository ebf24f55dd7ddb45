"""Provider directory and referrals: thin views over referrals_services.

The directory is not personal data: every signed-in user reads it, provincial users keep it.
Referrals touch people: every list goes through scope_for, every object through get_for_user.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import can_change
from core.lists import area_worklist, render_list
from core.workflow_views import WorkflowActionView
from locations.collation import vi_order
from support_services.models import Referral, ReferralStatus, ServiceProvider
from support_services.referrals import services
from support_services.referrals.filters import ProviderFilter, ReferralFilter
from support_services.referrals.forms import ACTION_FORMS, ProviderForm, ReferralForm
from support_services.referrals.rules import best_consent
from victims.models import Case

# --- Provider directory ------------------------------------------------------------------------


@login_required
def providers_list(request):
    provider_filter = ProviderFilter(
        request.GET, queryset=ServiceProvider.objects.select_related("area")
    )
    return render_list(
        request,
        "support_services/referrals/provider_list.html",
        provider_filter,
        provider_filter.qs.order_by(vi_order("name"), "pk"),
        may_edit=services.may_edit_providers(request.user),
    )


@login_required
def provider_detail(request, pk):
    provider = get_object_or_404(ServiceProvider.objects.select_related("area"), pk=pk)
    return render(
        request,
        "support_services/referrals/provider_detail.html",
        {"provider": provider, "may_edit": services.may_edit_providers(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request, pk=None):
    if not services.may_edit_providers(request.user):
        raise PermissionDenied
    provider = get_object_or_404(ServiceProvider, pk=pk) if pk else ServiceProvider()
    if pk and not services.may_edit_provider(request.user, provider):
        raise PermissionDenied  # another province's entry: read it, don't change it
    initial = {} if pk else {"area": request.user.jurisdiction}
    form = ProviderForm(request.POST or None, instance=provider, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and not services.may_edit_provider(request.user, form.instance)
    ):
        form.add_error("area", _("Chỉ chọn được địa bàn thuộc tỉnh mình phụ trách."))
    if request.method == "POST" and form.is_valid():
        provider = form.save(commit=False)
        provider._history_user = request.user
        provider.save()
        messages.success(request, _("Đã lưu cơ sở cung cấp dịch vụ."))
        return redirect("support_services:providers-detail", pk=provider.pk)
    return render(
        request,
        "support_services/referrals/provider_form.html",
        {"form": form, "provider": provider},
    )


# --- Referrals ---------------------------------------------------------------------------------


def case_consents(case):
    return case.victim.consents.order_by("-given_on", "-pk")


def initial_consent(case, consents, on_date):
    """The consent the form proposes: the newest that covers a referral today."""
    return best_consent(
        ((consent, services.consent_facts(consent)) for consent in consents),
        age=case.victim.age_on(on_date),
        on_date=on_date,
    )


def referral_form_for(request, case, data=None):
    consents = case_consents(case)
    form = ReferralForm(data, case=case, user=request.user, consents=consents, prefix="referral")
    if data is None:
        form.initial["consent"] = initial_consent(case, consents, timezone.localdate())
    return form


class ReferralViewMixin:
    error = services.ReferralError
    template_name = "support_services/referrals/referral_action.html"

    def get_success_url(self) -> str:
        return super().get_success_url() + "#referrals"


class ReferralCreateView(ReferralViewMixin, WorkflowActionView):
    queryset = Case.objects.select_related("victim", "reception")
    pk_url_kwarg = "case_pk"
    action = "send"
    steps = {"send": services.referral_send}
    versioned = False
    template_name = "support_services/referrals/referral_form.html"

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return referral_form_for(self.request, self.object, data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.object, **kwargs)

    def done_message(self) -> str:
        return _("Đã chuyển gửi.")


referral_create = ReferralCreateView.as_view()


class ReferralActionView(ReferralViewMixin, WorkflowActionView):
    """Accept, decline, complete or cancel; the case page shows the same forms inline."""

    queryset = Referral.objects.select_related("case", "provider")
    action_forms = ACTION_FORMS
    services_named = (services, "referral")
    context_object_name = "referral"
    done_status = gettext_lazy("Chuyển gửi: %(status)s.")


referral_action = ReferralActionView.as_view()


@login_required
def referrals_list(request):
    """Referrals of the user's area: open, overdue, all; filtered by status, programme,
    provider, service."""
    return area_worklist(
        request,
        "support_services/referrals/referral_list.html",
        ReferralFilter,
        Referral.objects.select_related("case__victim", "case__managing_unit", "provider"),
        overdue_on=timezone.localdate(),
        statuses=ReferralStatus,
        can_change=can_change(request.user, Referral),
    )
