"""Referrals of a case: sent → accepted / declined → completed (or cancelled) — one function per
step; every status change takes its transition of `rules.TRANSITIONS` through the shared locked
workflow step and writes an event. The consent rule is `referrals_rules.referral_consent`."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import can_change, is_visible, scope_for
from accounts.policy import can, may_write
from accounts.roles import Reach
from core.workflow import StepRefused, Workflow, required_text
from support_services.models import (
    Referral,
    ReferralStatus,
    ServiceProvider,
)
from support_services.referrals import rules
from support_services.referrals.rules import ConsentFacts, referral_consent
from verification.calendar import working_calendar

access_log = logging.getLogger("trafficking_cases.access")


class ReferralError(StepRefused):
    """A step refused, with the reason to show the user (and the form field it concerns)."""


def may_edit_providers(user) -> bool:
    """The directory is kept by the provinces: provincial staff and supervisors whose
    jurisdiction holds a whole province may add an entry of their province."""
    return (
        can(user, "provider.edit")
        and can_change(user, ServiceProvider)
        and may_write(user, Reach.PROVINCE, action="provider.edit")
    )


def may_edit_provider(user, provider: ServiceProvider) -> bool:
    """An entry is changed only by the staff of the province its area lies in (issue 18: a
    false phone number redirects victims' referrals); everyone reads it."""
    return may_edit_providers(user) and may_write(
        user, Reach.PROVINCE, unit=provider.area, action="provider.edit"
    )


def consent_facts(consent) -> ConsentFacts:
    return ConsentFacts(
        given_by=consent.given_by,
        given_on=consent.given_on,
        purposes=frozenset(consent.purposes or ()),
        withdrawn_on=consent.withdrawn_on,
    )


def response_due(sent_on: datetime.date) -> datetime.date:
    """The day the provider should have answered: REFERRAL_RESPONSE_WORKING_DAYS working days
    after sending, counted with verification's working calendar (weekend, days off, make-up
    working days)."""
    days = getattr(settings, "REFERRAL_RESPONSE_WORKING_DAYS", 10)
    return working_calendar().add_working_days(sent_on, days)


def _check_day(day: datetime.date, *, after: datetime.date, field: str, label: str):
    if day > timezone.localdate():
        raise ReferralError(
            _("%(label)s không được sau ngày hôm nay.") % {"label": label}, field=field
        )
    if day < after:
        raise ReferralError(
            _("%(label)s không được trước ngày %(day)s.")
            % {"label": label, "day": after.strftime("%d/%m/%Y")},
            field=field,
        )


REFERRAL_WORKFLOW = Workflow(
    model=Referral,
    error=ReferralError,
    subject=gettext_lazy("chuyển gửi"),
    transitions=rules.TRANSITIONS,
    select_related=("case",),
)


@transaction.atomic
def referral_send(
    *,
    actor,
    case,
    service: str,
    sent_on: datetime.date,
    provider: ServiceProvider | None = None,
    programme: str = "",
    need: str = "",
    consent=None,
    override_reason: str = "",
) -> Referral:
    """Refer `case` to `provider` or to `programme`, relying on `consent` of the person or, for
    a provincial user only, on an override with a reason (logged with ids only)."""
    if not is_visible(actor, case):
        raise PermissionDenied
    if not can_change(actor, Referral):
        raise ReferralError(_("Vai trò của bạn không được chuyển gửi."))
    if (provider is None) == (not programme):
        raise ReferralError(
            _("Chọn một cơ sở tiếp nhận hoặc một chương trình (chỉ một trong hai)."),
            field="provider",
        )
    if provider is not None and not provider.is_active:
        raise ReferralError(_("Cơ sở này đã ngừng hoạt động."), field="provider")
    reception = getattr(case, "reception", None)
    _check_day(
        sent_on,
        after=reception.received_on if reception else datetime.date.min,
        field="sent_on",
        label=_("Ngày chuyển gửi"),
    )
    if consent is not None and consent.victim_id != case.victim_id:
        raise ReferralError(_("Sự đồng ý này không phải của người trong vụ việc."), field="consent")
    decision = referral_consent(
        consent_facts(consent) if consent is not None else None,
        age=case.victim.age_on(sent_on),
        on_date=sent_on,
        role=actor.role,
        override_reason=override_reason,
    )
    if not decision.allowed:
        raise ReferralError(decision.reason, field=decision.field)
    referral = Referral(
        case=case,
        provider=provider,
        programme="" if provider is not None else programme,
        service=service,
        need=need.strip(),
        sent_on=sent_on,
        due_on=response_due(sent_on),
        consent=None if decision.override else consent,
        override_reason=override_reason.strip() if decision.override else "",
        overridden_by=actor if decision.override else None,
        created_by=actor,
    )
    referral._history_user = actor
    referral.save()
    REFERRAL_WORKFLOW.record_event(
        referral,
        actor,
        to_status=ReferralStatus.SENT,
        note=referral.override_reason if decision.override else referral.need,
        consent_override=decision.override,
    )
    if decision.override:
        ids = (actor.pk, referral.pk, case.pk)
        # Ids only: never a name or an ID number in a log line.
        transaction.on_commit(
            lambda: access_log.warning(
                "referral consent override: user=%s referral=%s case=%s", *ids
            )
        )
    return referral


def _current(actor, referral) -> Referral:
    """The referral as stored now, if `actor` may see it (the workflow step checks it again
    under lock); dates are checked against it before the step."""
    current = scope_for(actor, Referral.objects.filter(pk=referral.pk)).first()
    if current is None:
        raise PermissionDenied
    return current


@transaction.atomic
def referral_accept(
    *,
    actor,
    referral,
    responded_on: datetime.date,
    expected_completion_on: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Referral:
    """The provider (or programme) took the person on."""
    current = _current(actor, referral)
    _check_day(responded_on, after=current.sent_on, field="responded_on", label=_("Ngày trả lời"))
    if expected_completion_on is not None and expected_completion_on < responded_on:
        raise ReferralError(
            _("Ngày dự kiến hoàn thành không được trước ngày trả lời."),
            field="expected_completion_on",
        )
    return REFERRAL_WORKFLOW.step(
        actor,
        current,
        "accept",
        expected_version=expected_version,
        note=note.strip(),
        responded_on=responded_on,
        expected_completion_on=expected_completion_on,
    )


@transaction.atomic
def referral_decline(
    *,
    actor,
    referral,
    responded_on: datetime.date,
    reason: str,
    expected_version: int | None = None,
) -> Referral:
    reason = required_text(reason, ReferralError, _("Cần ghi lý do từ chối."))
    current = _current(actor, referral)
    _check_day(responded_on, after=current.sent_on, field="responded_on", label=_("Ngày trả lời"))
    return REFERRAL_WORKFLOW.step(
        actor,
        current,
        "decline",
        expected_version=expected_version,
        note=reason,
        responded_on=responded_on,
        decline_reason=reason,
    )


@transaction.atomic
def referral_complete(
    *,
    actor,
    referral,
    completed_on: datetime.date,
    outcome: str,
    expected_version: int | None = None,
) -> Referral:
    outcome = required_text(outcome, ReferralError, _("Cần ghi kết quả."), field="outcome")
    current = _current(actor, referral)
    _check_day(
        completed_on,
        after=current.responded_on or current.sent_on,
        field="completed_on",
        label=_("Ngày hoàn thành"),
    )
    return REFERRAL_WORKFLOW.step(
        actor,
        current,
        "complete",
        expected_version=expected_version,
        note=outcome,
        completed_on=completed_on,
        outcome=outcome,
    )


@transaction.atomic
def referral_cancel(
    *, actor, referral, reason: str, expected_version: int | None = None
) -> Referral:
    """Withdraw a referral still open (the person moved, changed their mind, ...)."""
    return REFERRAL_WORKFLOW.step_with_reason(
        actor,
        referral,
        "cancel",
        reason,
        kept_in="cancel_reason",
        required=_("Cần ghi lý do hủy."),
        expected_version=expected_version,
    )
