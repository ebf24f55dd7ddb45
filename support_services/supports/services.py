"""Supports of a case: propose → approve → provide, or reject — one locked function per step,
each writing an event; the eligibility rules of `rules.py` decide what may be proposed."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import can_change, is_visible
from core.workflow import StepRefused, Workflow, required_text
from locations.regimes import regime_on
from support_services.models import (
    MAX_AMOUNT,
    SupportRate,
    SupportRecord,
    SupportStatus,
    SupportType,
)
from support_services.supports import rules
from support_services.supports.rules import CaseFacts, eligibility
from verification.calendar import working_calendar
from verification.models import CERTIFYING_KINDS
from victims.choices import CaseStatus


class SupportError(StepRefused):
    """A step refused, with the reason to show the user and the form field it belongs to."""


def case_facts(case) -> CaseFacts:
    """What the rules need to know of a case, read from the registry and its dossier."""
    reception = getattr(case, "reception", None)
    identified = case.status == CaseStatus.IDENTIFIED
    identified_on, identified_from = None, ""
    if identified:
        identified_on, identified_from = rules.identification_date(
            **_dossier_dates(case),
            case_date=case.identified_on,
            prefer=getattr(settings, "APPLICATION_WINDOW_FROM", "reply"),
        )
    return CaseFacts(
        regime=regime_on(reception.received_on) if reception else regime_on(timezone.localdate()),
        person_category=case.person_category,
        identified=identified,
        poverty_status=case.victim.poverty_status,
        identified_on=identified_on,
        identified_from=identified_from,
    )


def _dossier_dates(case) -> dict:
    """The certification dates the case's verification dossier stores: its reply date and the
    latest issue date of its certifying documents (None when it has none)."""
    dossier = getattr(case, "dossier", None)
    if dossier is None:
        return {"reply_date": None, "certificate_date": None}
    certificate_date = dossier.documents.filter(
        kind__in=CERTIFYING_KINDS, issued_on__isnull=False
    ).aggregate(latest=Max("issued_on"))["latest"]
    return {"reply_date": dossier.reply_date, "certificate_date": certificate_date}


def _usage(case, support_type) -> tuple[int, int]:
    """(supports of this type the person had, days of it given in this case), rejected ones
    not counted; a one-off support is once per person, whatever the case."""
    records = SupportRecord.objects.filter(support_type=support_type).exclude(
        status=SupportStatus.REJECTED
    )
    previous = records.filter(case__victim=case.victim_id).count()
    days = records.filter(case=case).aggregate(total=Sum("quantity"))["total"] or 0
    return previous, days


def _check_access(actor, case):
    if not is_visible(actor, case):
        raise PermissionDenied
    if not can_change(actor, SupportRecord):
        raise SupportError(_("Vai trò của bạn không được thực hiện bước này."))


@transaction.atomic
def support_propose(
    *, actor, case, support_type: SupportType, quantity: int = 1, on_date=None, note=""
) -> SupportRecord:
    _check_access(actor, case)
    on_date = on_date or timezone.localdate()
    if on_date > timezone.localdate():
        raise SupportError(_("Ngày đề xuất không được sau ngày hôm nay."), field="proposed_on")
    previous, days = _usage(case, support_type)
    decision = eligibility(
        support_type.facts(),
        case_facts(case),
        on_date=on_date,
        previous_count=previous,
        days_already=days,
        days_requested=quantity if support_type.max_days else 0,
        calendar=working_calendar(),
    )
    if not decision.allowed:
        raise SupportError(decision.reason, field=decision.field)
    record = SupportRecord.objects.create(
        case=case,
        support_type=support_type,
        proposed_on=on_date,
        quantity=quantity,
        created_by=actor,
    )
    SUPPORT_WORKFLOW.record_event(record, actor, to_status=SupportStatus.PROPOSED, note=note)
    return record


SUPPORT_WORKFLOW = Workflow(
    model=SupportRecord,
    error=SupportError,
    subject=gettext_lazy("hỗ trợ"),
    transitions=rules.TRANSITIONS,
    select_related=("case",),
    notify="support_services.tasks.notify_support_event",
)


@transaction.atomic
def support_approve(
    *,
    actor,
    record,
    decision_number: str,
    decision_date: datetime.date,
    authority: str,
    expected_version: int | None = None,
) -> SupportRecord:
    if decision_date < record.proposed_on:
        raise SupportError(
            _("Ngày quyết định không được trước ngày đề xuất."), field="decision_date"
        )
    if decision_date > timezone.localdate():
        raise SupportError(_("Ngày quyết định không được sau ngày hôm nay."), field="decision_date")
    decision_number = required_text(
        decision_number, SupportError, _("Cần ghi số quyết định."), field="decision_number"
    )
    return SUPPORT_WORKFLOW.step(
        actor,
        record,
        "approve",
        expected_version=expected_version,
        decision_number=decision_number,
        decision_date=decision_date,
        deciding_authority=authority.strip(),
    )


def default_amount(record, provided_on, quantity) -> int | None:
    """The rate in force on the day provided × quantity, or None when no rate is set."""
    rate = SupportRate.in_force(record.support_type, provided_on)
    return rate.amount * quantity if rate else None


@transaction.atomic
def support_provide(
    *,
    actor,
    record,
    provided_on: datetime.date,
    quantity: int | None = None,
    amount: int | None = None,
    override_reason: str = "",
    provider: str = "",
    expected_version: int | None = None,
) -> SupportRecord:
    """Record what was given; the amount defaults to the rate × quantity, and another amount
    needs a reason."""
    quantity = quantity or record.quantity
    if record.decision_date and provided_on < record.decision_date:
        raise SupportError(_("Ngày hỗ trợ không được trước ngày quyết định."), field="provided_on")
    if provided_on > timezone.localdate():
        raise SupportError(_("Ngày hỗ trợ không được sau ngày hôm nay."), field="provided_on")
    computed = default_amount(record, provided_on, quantity)
    if amount is None:
        amount = computed
    elif amount != computed and not override_reason.strip():
        raise SupportError(
            _("Số tiền khác mức quy định: cần ghi lý do điều chỉnh."), field="override_reason"
        )
    if amount is not None and not 0 <= amount <= MAX_AMOUNT:
        raise SupportError(_("Số tiền không hợp lý."), field="amount")
    return SUPPORT_WORKFLOW.step(
        actor,
        record,
        "provide",
        expected_version=expected_version,
        provided_on=provided_on,
        quantity=quantity,
        amount=amount,
        amount_override_reason=override_reason.strip() if amount != computed else "",
        provider=provider.strip(),
    )


@transaction.atomic
def support_reject(
    *, actor, record, reason: str, expected_version: int | None = None
) -> SupportRecord:
    return SUPPORT_WORKFLOW.step_with_reason(
        actor,
        record,
        "reject",
        reason,
        kept_in="rejection_reason",
        required=_("Cần ghi lý do không hỗ trợ."),
        expected_version=expected_version,
    )


@transaction.atomic
def support_document_add(*, actor, record, kind: str, file, number="", issued_on=None):
    """Attach evidence (a decision, receipt, signed list) to a support of the user's area."""
    from support_services.models import SupportDocument

    _check_access(actor, record.case)
    document = SupportDocument(
        record=record, kind=kind, number=number.strip(), issued_on=issued_on, file=file
    )
    document.added_by = actor
    document._history_user = actor
    document.save()
    return document


def default_authority(case) -> str:
    """The department deciding supports under the case's regime, as the user would write it."""
    from accounts.services import department_for

    province = case.managing_unit.province()
    reception = getattr(case, "reception", None)
    profile = department_for(province, reception.received_on if reception else None)
    if profile is None:
        return ""
    return f"{profile.department_name} {province.formal_name[:1].lower()}{province.formal_name[1:]}"
