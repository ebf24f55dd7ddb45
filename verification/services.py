"""The dossier workflow: one function per transition (CONVENTIONS.md "Workflows").

Each takes its transition of `rules.TRANSITIONS` through the shared step (core.workflow), which
re-reads the dossier under lock, checks the user's area, the policy and the dossier's state, and
writes an event row; the function sets the deadline of the next step and updates the case's
status through victims. A refused transition raises TransitionError with the reason in
Vietnamese; two concurrent transitions of one dossier are serialised by the lock, so the second
sees the new state and is refused.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import is_visible
from core.workflow import StepRefused, Workflow, required_text
from locations.regimes import regime_on
from verification import documents, rules
from verification.calendar import working_calendar, year_has_days_off
from verification.models import (
    CERTIFYING_KINDS,
    DeadlineRule,
    DeadlineStep,
    DossierStatus,
    VerificationDossier,
)
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.outgoing import outgoing_document_issue

CASE_STATUS_AFTER = {
    DossierStatus.IDENTIFIED: CaseStatus.IDENTIFIED,
    DossierStatus.NOT_VICTIM: CaseStatus.NOT_VICTIM,
}


class TransitionError(StepRefused):
    """A transition refused, with the reason to show the user."""


def dossier_due(dossier: VerificationDossier, step: str, start: datetime.date, *, calendar=None):
    """The due date of `step` started on `start`, under the regime of the case's reception,
    counted with the working calendar (days off, make-up working days, the weekend)."""
    reception = getattr(dossier.case, "reception", None)
    regime = regime_on(reception.received_on if reception else start)
    rule = DeadlineRule.objects.filter(regime=regime, step=step).first()
    if rule is None:
        return None
    calendar = calendar or working_calendar()
    return calendar.due_date(start, days=rule.days, working_days=rule.working_days)


@transaction.atomic
def dossier_create(*, actor, case) -> VerificationDossier:
    """A draft dossier for a case the user may change."""
    if not is_visible(actor, case):
        raise PermissionDenied
    if not actor.can_write:
        raise TransitionError(_("Vai trò của bạn không được lập hồ sơ xác minh."))
    dossier, created = VerificationDossier.objects.get_or_create(
        case=case, defaults={"created_by": actor}
    )
    if created:
        # The creation of a draft is not notified.
        DOSSIER_WORKFLOW.record_event(dossier, actor, to_status=DossierStatus.DRAFT, quiet=True)
    return dossier


DOSSIER_WORKFLOW = Workflow(
    model=VerificationDossier,
    error=TransitionError,
    subject=gettext_lazy("hồ sơ"),
    transitions=rules.TRANSITIONS,
    notify="verification.tasks.notify_dossier_event",
    separations=rules.SEPARATIONS,
    steps_taken=lambda dossier: rules.steps_taken(dossier.events.all()),
)

# The deadline a step starts; after the others nothing is awaited (no due date).
NEXT_DEADLINE = {
    "submit": DeadlineStep.DEPARTMENT_ACTION,
    "send": DeadlineStep.POLICE_REPLY,
    "request_information": DeadlineStep.DEPARTMENT_ACTION,
    "reopen": DeadlineStep.DEPARTMENT_ACTION,
}


def _step(actor, dossier, action, *, start=None, **changes) -> VerificationDossier:
    """A dossier step: the deadline it starts is due from `start` (today unless given), and
    the overdue flag is cleared."""
    deadline = NEXT_DEADLINE.get(action)
    due = dossier_due(dossier, deadline, start or timezone.localdate()) if deadline else None
    return DOSSIER_WORKFLOW.step(actor, dossier, action, due_date=due, is_overdue=False, **changes)


@transaction.atomic
def dossier_submit(
    *,
    actor,
    dossier,
    notified_on: datetime.date | None = None,
    note="",
    expected_version=None,
) -> VerificationDossier:
    """Submit the dossier to the department. The three-day step (DeadlineStep.DEPARTMENT_ACTION)
    counts from the legal event — the day the department was notified of the person
    (`notified_on`; DOMAIN.md "Two legal regimes": Law 66/2011 and Decree 62/2012, the district
    division acts within 3 days; Law 53/2024 and Decree 162/2025, the commune notifies the
    provincial department at once and it verifies within 3 days) — not from the day the
    submission is typed. Without a date (an old caller) it counts from today, as before."""
    today = timezone.localdate()
    if notified_on is not None:
        error = rules.notified_on_error(
            notified_on=notified_on, received_on=_received_on(dossier), today=today
        )
        if error:
            raise TransitionError(error, field="notified_on")
    return _step(
        actor,
        dossier,
        "submit",
        start=notified_on or today,
        note=note,
        expected_version=expected_version,
        notified_on=notified_on or today,
    )


def _received_on(dossier) -> datetime.date | None:
    reception = getattr(dossier.case, "reception", None)
    return reception.received_on if reception else None


@transaction.atomic
def dossier_send(
    *,
    actor,
    dossier,
    agency: str,
    letter_number: str,
    letter_date: datetime.date,
    note="",
    expected_version=None,
) -> VerificationDossier:
    """Send the request for verification (to the district police under the legacy regime, the
    provincial police under the current one — the agency is named by the user). Without a typed
    `letter_number` the letter takes the next number of its issuer's register of outgoing
    documents for the year of `letter_date` (documents.issuer_of, victims.outgoing); a typed
    number is one given outside the system, kept as typed."""
    if not agency.strip():
        raise TransitionError(_("Cần ghi cơ quan được đề nghị xác minh."))
    error = rules.letter_date_error(letter_date=letter_date, today=timezone.localdate())
    if error:
        raise TransitionError(error, field="letter_date")

    def number_the_letter(locked) -> dict:
        if letter_number.strip():
            return {}
        return {"letter_number": _issue(actor, locked, "request-letter", letter_date).symbol}

    return _step(
        actor,
        dossier,
        "send",
        start=letter_date,
        note=note,
        expected_version=expected_version,
        before=number_the_letter,
        verifying_agency=agency.strip(),
        letter_number=letter_number.strip(),
        letter_date=letter_date,
    )


def _issue(actor, dossier, kind: str, day: datetime.date):
    """The register entry of the dossier's document `kind`, taken now when it has none."""
    return outgoing_document_issue(
        actor=actor,
        case=dossier.case,
        record=dossier,
        purpose=kind,
        document_type=documents.NUMBERED[kind],
        issuer=documents.issuer_of(dossier, day),
        issued_on=day,
    )


@transaction.atomic
def dossier_record_result(
    *,
    actor,
    dossier,
    result: str,
    reply_number: str = "",
    reply_date: datetime.date | None = None,
    note="",
    expected_version=None,
) -> VerificationDossier:
    """Record the verification's result: identified, not a victim, or more information needed
    (back to submitted). "Identified" needs a certifying document in the dossier."""
    action = {
        DossierStatus.IDENTIFIED: "record_identified",
        DossierStatus.NOT_VICTIM: "record_not_victim",
        DossierStatus.SUBMITTED: "request_information",
    }[result]
    current = VerificationDossier.objects.get(pk=dossier.pk)
    error = rules.reply_date_error(
        reply_date=reply_date, letter_date=current.letter_date, today=timezone.localdate()
    )
    if error:
        raise TransitionError(error, field="reply_date")
    if (
        result == DossierStatus.IDENTIFIED
        and not current.documents.filter(kind__in=CERTIFYING_KINDS).exists()
    ):
        raise TransitionError(
            _(
                "Chưa có tài liệu xác nhận là nạn nhân (giấy xác nhận của Công an, cơ quan giải "
                "cứu, quyết định của cơ quan điều tra, Viện kiểm sát, Tòa án hoặc giấy tờ nước "
                "ngoài đã hợp pháp hóa): chưa thể ghi nhận là nạn nhân."
            )
        )

    def number_the_notice(locked) -> dict:
        # A result (identified or not a victim) is notified: the notice takes its own number,
        # never the request letter's.
        if result in CASE_STATUS_AFTER:
            _issue(actor, locked, "result-notice", timezone.localdate())
        return {}

    dossier = _step(
        actor,
        current,
        action,
        note=note,
        expected_version=expected_version,
        before=number_the_notice,
        reply_number=reply_number.strip(),
        reply_date=reply_date,
    )
    if result in CASE_STATUS_AFTER:
        victim_services.case_status_set(
            case=dossier.case, status=CASE_STATUS_AFTER[result], actor=actor
        )
    return dossier


@transaction.atomic
def dossier_close(*, actor, dossier, note="", expected_version=None) -> VerificationDossier:
    return _step(actor, dossier, "close", note=note, expected_version=expected_version)


@transaction.atomic
def dossier_reopen(*, actor, dossier, reason: str, expected_version=None) -> VerificationDossier:
    reason = required_text(reason, TransitionError, _("Cần ghi lý do mở lại hồ sơ."), field=None)
    dossier = _step(actor, dossier, "reopen", note=reason, expected_version=expected_version)
    victim_services.case_status_set(case=dossier.case, status=CaseStatus.SUSPECTED, actor=actor)
    return dossier


@transaction.atomic
def dossiers_mark_overdue(*, today: datetime.date | None = None) -> list[int]:
    """Flag every open dossier past its due date (run daily by beat); returns their ids."""
    today = today or timezone.localdate()
    open_states = [DossierStatus.SUBMITTED, DossierStatus.SENT]
    late = VerificationDossier.objects.filter(
        status__in=open_states, due_date__lt=today, is_overdue=False
    )
    flagged = []
    for dossier in late.select_for_update():
        dossier.is_overdue = True
        dossier.save(update_fields=["is_overdue", "updated_at"])
        flagged.append(dossier.pk)
    return flagged


def calendar_remind_next_year(*, today: datetime.date | None = None) -> int:
    """In November (run weekly by beat), when no day off of next year is in the working
    calendar, tell every active supervisor to enter the Government's notices; returns how many
    were told. Outside November, or once a day off of next year is there, nothing."""
    from django.urls import reverse

    from accounts.models import Role, User
    from accounts.services import notify

    today = today or timezone.localdate()
    year = today.year + 1
    if today.month != 11 or year_has_days_off(year):
        return 0
    message = _(
        "Lịch làm việc năm %(year)s chưa có ngày nghỉ lễ, Tết nào: đề nghị nhập các ngày nghỉ "
        "và ngày làm bù theo thông báo của Chính phủ, Bộ Nội vụ để thời hạn được tính đúng."
    ) % {"year": year}
    supervisors = User.objects.filter(role=Role.SUPERVISOR, is_active=True)
    return notify(
        users=list(supervisors),
        message=message,
        url=reverse("admin:verification_calendarday_changelist"),
    )
