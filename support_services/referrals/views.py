"""Provider directory and referrals: thin views over referrals_services.

The directory is not personal data: every signed-in user reads it, provincial users keep it.
Referrals touch people: every list goes through scope_for, every object through get_for_user.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import can_change, get_for_user, scope_for
from core.lists import list_page, query_without_page
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
    page = list_page(request, provider_filter.qs.order_by("name", "pk"))
    return render(
        request,
        "support_services/referrals/provider_list.html",
        {
            "filter": provider_filter,
            "page": page,
            "query": query_without_page(request.GET),
            "may_edit": services.may_edit_providers(request.user),
        },
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
    initial = {} if pk else {"area": request.user.jurisdiction}
    form = ProviderForm(request.POST or None, instance=provider, initial=initial)
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


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request, case_pk):
    case = get_for_user(
        request.user, Case.objects.select_related("victim", "reception"), case_pk, write=True
    )
    form = referral_form_for(request, case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_send(
                actor=request.user,
                case=case,
                provider=data["provider"],
                programme=data["programme"],
                service=data["service"],
                need=data["need"],
                sent_on=data["sent_on"],
                consent=data["consent"],
                override_reason=data.get("override_reason", ""),
            )
        except services.ReferralError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Đã chuyển gửi."))
            return redirect(reverse("victims:case-detail", args=[case.pk]) + "#referrals")
    return render(
        request, "support_services/referrals/referral_form.html", {"form": form, "case": case}
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_action(request, pk, action):
    """Accept, decline, complete or cancel; the case page shows the same forms inline."""
    if action not in ACTION_FORMS:
        raise Http404
    referral = get_for_user(
        request.user,
        Referral.objects.select_related("case", "provider"),
        pk,
        write=True,
    )
    form_class = ACTION_FORMS[action]
    form = form_class(request.POST or None, prefix=f"{action}-{referral.pk}", versioned=referral)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = form.expected_version
        steps = {
            "accept": lambda: services.referral_accept(
                actor=request.user,
                referral=referral,
                responded_on=data["responded_on"],
                expected_completion_on=data["expected_completion_on"],
                note=data["note"],
                expected_version=version,
            ),
            "decline": lambda: services.referral_decline(
                actor=request.user,
                referral=referral,
                responded_on=data["responded_on"],
                reason=data["reason"],
                expected_version=version,
            ),
            "complete": lambda: services.referral_complete(
                actor=request.user,
                referral=referral,
                completed_on=data["completed_on"],
                outcome=data["outcome"],
                expected_version=version,
            ),
            "cancel": lambda: services.referral_cancel(
                actor=request.user,
                referral=referral,
                reason=data["reason"],
                expected_version=version,
            ),
        }
        try:
            referral = steps[action]()
        except services.ReferralError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, _("Chuyển gửi: %(status)s.") % {"status": referral.get_status_display()}
            )
            return redirect(reverse("victims:case-detail", args=[referral.case_id]) + "#referrals")
    return render(
        request,
        "support_services/referrals/referral_action.html",
        {"form": form, "referral": referral, "action": action},
    )


@login_required
def referrals_list(request):
    """Referrals of the user's area: open, overdue, all; filtered by status, programme,
    provider, service."""
    today = timezone.localdate()
    referrals = scope_for(
        request.user,
        Referral.objects.select_related("case__victim", "case__managing_unit", "provider"),
    )
    referral_filter = ReferralFilter(request.GET, queryset=referrals)
    page = list_page(request, referral_filter.qs, logged_as="support_services.referral")
    for referral in page:
        referral.overdue = referral.is_overdue(today)
    return render(
        request,
        "support_services/referrals/referral_list.html",
        {
            "filter": referral_filter,
            "page": page,
            "query": referral_filter.query(),
            "statuses": ReferralStatus,
            "can_change": can_change(request.user, Referral),
        },
    )
