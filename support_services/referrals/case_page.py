"""Referrals on the case page: the section and the events on the case timeline."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_change, scope_for
from accounts.policy import can
from support_services.models import Referral, ReferralEvent, ReferralStatus
from support_services.referrals.forms import ACTION_FORMS
from support_services.referrals.services import REFERRAL_WORKFLOW
from support_services.referrals.views import referral_form_for
from victims.registry import Due
from victims.timeline import Event, actor_name


def referrals_section(request, case) -> str:
    today = timezone.localdate()
    referrals = list(
        scope_for(request.user, Referral.objects.filter(case=case))
        .select_related("provider", "consent", "overridden_by")
        .order_by("-sent_on", "-pk")
    )
    may_change = can_change(request.user, Referral)
    for referral in referrals:
        referral.overdue = referral.is_overdue_on(today)
        referral.action_forms = [
            (action, ACTION_FORMS[action](prefix=f"{action}-{referral.pk}", versioned=referral))
            for action in REFERRAL_WORKFLOW.actions_for(request.user, referral)
        ]
    context = {
        "case": case,
        "referrals": referrals,
        "can_change": may_change,
        "may_override": can(request.user, "referral.override_consent"),
    }
    if may_change:
        context["form"] = referral_form_for(request, case)
    return render_to_string(
        "support_services/referrals/_case_section.html", context, request=request
    )


def referrals_events(case) -> list[Event]:
    events = ReferralEvent.objects.filter(referral__case=case).select_related(
        "actor", "referral__provider"
    )
    result = []
    for event in events:
        title = _("Chuyển gửi %(target)s: %(status)s") % {
            "target": event.referral.target_display,
            "status": event.get_to_status_display(),
        }
        changes = []
        if event.consent_override:
            label = _("Chuyển gửi khi chưa có sự đồng ý, lý do")
            changes.append(("", "", f"{label}: {event.note}"))
        elif event.note:
            changes.append(("", "", event.note))
        result.append(
            Event(
                when=event.at,
                title=title,
                actor=actor_name(event.actor),
                changes=changes,
                kind="referral",
            )
        )
    return result


def referrals_due(case) -> list[Due]:
    """Open referrals: a reply awaited by its date, or a service expected to be completed."""
    referrals = Referral.objects.filter(case=case).open().select_related("provider")
    due = []
    for referral in referrals:
        if referral.status == ReferralStatus.SENT:
            label, day = _("Chuyển gửi %(target)s: chờ trả lời"), referral.due_on
        else:
            label, day = (
                _("Chuyển gửi %(target)s: dự kiến hoàn thành"),
                referral.expected_completion_on,
            )
        if day is not None:
            due.append(Due(label % {"target": referral.target_display}, day))
    return due
