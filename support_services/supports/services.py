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

from accounts.access import can_change, is_visible, scope_for
from accounts.policy import can
from core.workflow import StepRefused, Workflow, required_text
from locations.regimes import LegalRegime, regime_on
from support_services.models import (
    MAX_AMOUNT,
    SupportExtension,
    SupportRate,
    SupportRecord,
    SupportStatus,
    SupportType,
)
from support_services.supports import rules
from support_services.supports.rules import CaseFacts, EarlierReceipt, eligibility
from verification.calendar import working_calendar
from verification.models import CERTIFYING_KINDS
from victims.choices import CaseStatus
from victims.models import Case


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
        receives_social_allowance=case.victim.receives_social_allowance,
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


def earlier_receipts(case, support_type=None, *, user=None) -> list[EarlierReceipt]:
    """The person's one-off supports not refused, in any of their cases and under either regime
    (of `support_type`'s code when given), oldest first — what the officer sees before proposing
    one again, and what `rules.eligibility` counts. Every case counts; for `user`, the code of a
    case outside their area is not shown (accounts.access)."""
    records = (
        SupportRecord.objects.filter(case__victim=case.victim_id, support_type__one_off=True)
        .exclude(status=SupportStatus.REJECTED)
        .select_related("case", "support_type")
        .order_by("proposed_on", "pk")
    )
    if support_type is not None:
        records = records.filter(support_type__code=support_type.code)
    regimes = dict(LegalRegime.choices)
    visible = (
        set(
            scope_for(user, Case.objects.filter(victim=case.victim_id)).values_list("pk", flat=True)
        )
        if user is not None
        else None
    )
    return [
        EarlierReceipt(
            case_code=record.case.code if visible is None or record.case_id in visible else "",
            case_visible=visible is None or record.case_id in visible,
            regime=record.support_type.regime,
            regime_label=str(regimes[record.support_type.regime]),
            type_code=record.support_type.code,
            type_name=record.support_type.display_name,
            status_label=record.get_status_display(),
            on_date=record.provided_on or record.decision_date or record.proposed_on,
            amount=record.amount,
        )
        for record in records
    ]


def earlier_receipts_shown(case, user) -> list[dict]:
    """The person's earlier one-off supports, each with the same support under this case's
    regime and whether the receipt counts for it (`one_off_across_regimes`) — shown on the
    proposal page whatever the setting."""
    regime = case_facts(case).regime
    here = {
        support_type.code: support_type
        for support_type in SupportType.objects.filter(regime=regime, one_off=True)
    }
    shown = []
    for receipt in earlier_receipts(case, user=user):
        type_here = here.get(receipt.type_code)
        counts = type_here is not None and bool(
            rules.counted_receipts(type_here.facts(), [receipt])
        )
        shown.append({"receipt": receipt, "type_here": type_here, "counts": counts})
    return shown


def may_extend(user) -> bool:
    """Whether `user` may record an extension: those who decide supports."""
    return can(user, "support.approve") and can_change(user, SupportRecord)


def _days_given(case, support_type) -> int:
    """Days of `support_type` in this case, rejected ones not counted."""
    records = SupportRecord.objects.filter(case=case, support_type=support_type).exclude(
        status=SupportStatus.REJECTED
    )
    return records.aggregate(total=Sum("quantity"))["total"] or 0


def extension_days(case, support_type) -> int:
    """Days added to the limit of `support_type` for `case` by recorded extensions."""
    extensions = SupportExtension.objects.filter(case=case, support_type=support_type)
    return extensions.aggregate(total=Sum("days"))["total"] or 0


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
    decision = eligibility(
        support_type.facts(),
        case_facts(case),
        on_date=on_date,
        earlier=(
            tuple(earlier_receipts(case, support_type, user=actor)) if support_type.one_off else ()
        ),
        days_already=_days_given(case, support_type),
        days_requested=quantity if support_type.max_days else 0,
        calendar=working_calendar(),
        extension_days=extension_days(case, support_type),
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


def support_steps_taken(record) -> dict[str, int | None]:
    """Who proposed and who decided `record` (rules.steps_taken). A support granted on an
    application was proposed by the officer who recorded the application."""
    application = getattr(record, "application", None)
    return rules.steps_taken(
        record.events.all(),
        proposed_by=application.created_by_id if application is not None else None,
    )


SUPPORT_WORKFLOW = Workflow(
    model=SupportRecord,
    error=SupportError,
    subject=gettext_lazy("hỗ trợ"),
    transitions=rules.TRANSITIONS,
    select_related=("case",),
    notify="support_services.tasks.notify_support_event",
    separations=rules.SEPARATIONS,
    steps_taken=support_steps_taken,
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
    check_duties: bool = True,
) -> SupportRecord:
    """Decide a proposed support. Not by the person who proposed it while the organisation
    keeps duties apart (rules.SEPARATIONS); `check_duties=False` only inside an application's
    approval, which checked its own proposer."""
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
        check_duties=check_duties,
        decision_number=decision_number,
        decision_date=decision_date,
        deciding_authority=authority.strip(),
    )


def rates_applied(records) -> dict:
    """record id -> the rate in force for it (on the day provided, else decided, else
    proposed), with its legal basis, for showing beside the support (issue 15 item 13); one
    query for all the records."""
    records = list(records)
    by_type = {}
    for rate in SupportRate.objects.filter(
        support_type__in={record.support_type_id for record in records}
    ).order_by("-valid_from"):
        by_type.setdefault(rate.support_type_id, []).append(rate)
    applied = {}
    for record in records:
        day = record.provided_on or record.decision_date or record.proposed_on
        applied[record.pk] = next(
            (
                rate
                for rate in by_type.get(record.support_type_id, [])
                if rate.valid_from <= day and (rate.valid_to is None or day <= rate.valid_to)
            ),
            None,
        )
    return applied


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


@transaction.atomic
def support_extension_record(
    *,
    actor,
    case,
    support_type: SupportType,
    days: int,
    reason: str,
    decision_number: str,
    decision_date: datetime.date,
    authority: str = "",
) -> SupportExtension:
    """Record a decision extending the maximum days of a support for a case (Decree 162/2025
    Art 17); the case's limit then follows it. Recorded by those who decide supports."""
    if not is_visible(actor, case):
        raise PermissionDenied
    if not can(actor, "support.approve") or not can_change(actor, SupportRecord):
        raise SupportError(_("Vai trò của bạn không được thực hiện bước này."))
    if support_type.regime != case_facts(case).regime:
        raise SupportError(
            _("“%(name)s” thuộc chế độ khác với chế độ áp dụng cho vụ việc này.")
            % {"name": support_type.display_name},
            field="support_type",
        )
    already = extension_days(case, support_type)
    decision = rules.extension_check(support_type.facts(), days=days, days_extended_already=already)
    if not decision.allowed:
        raise SupportError(decision.reason, field=decision.field)
    if decision_date > timezone.localdate():
        raise SupportError(_("Ngày quyết định không được sau ngày hôm nay."), field="decision_date")
    reason = required_text(reason, SupportError, _("Cần ghi lý do gia hạn."), field="reason")
    decision_number = required_text(
        decision_number,
        SupportError,
        _("Cần ghi số quyết định gia hạn."),
        field="decision_number",
    )
    extension = SupportExtension(
        case=case,
        support_type=support_type,
        days=days,
        reason=reason,
        decision_number=decision_number,
        decision_date=decision_date,
        deciding_authority=authority.strip(),
        created_by=actor,
    )
    extension._history_user = actor
    extension.save()
    return extension


def default_authority(case) -> str:
    """The department deciding supports under the case's regime, as the user would write it."""
    from accounts.services import department_for

    province = case.managing_unit.province()
    reception = getattr(case, "reception", None)
    profile = department_for(province, reception.received_on if reception else None)
    if profile is None:
        return ""
    return f"{profile.department_name} {province.formal_name[:1].lower()}{province.formal_name[1:]}"
