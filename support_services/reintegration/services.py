"""Reintegration follow-up and case closure: one transactional function per action.

Visits: scheduled from the return date (`followups_schedule`), then recorded as done or as lost
contact through the shared locked workflow step. Closure takes two people (issue 16 item 2):
`case_close_propose` writes a pending CaseClosure row and changes nothing else; another person
approves it (`case_close_approve`, through `Workflow.step`, so the separation of duties and its
recorded override apply as for supports), which sets the case's status to closed through
`victims.services.case_status_set` (the one way to change it) and cancels the visits still
pending, or rejects it with a reason (`case_close_reject`). `case_reopen` restores the previous
status of a case closed by an approved closure and the visits the closure cancelled.

Who may act (accounts.roles.ROLE_ACTIONS): anyone who may change support records in the case's
area schedules and records visits; district officers and provincial staff of the area propose a
closure ("closure.propose"); provincial staff approve or reject it ("closure.approve",
"closure.reject") and reopen a case ("case.reopen").
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import can_change, is_visible
from accounts.policy import can
from core.workflow import StepRefused, Workflow, required_text
from support_services.models import (
    CaseClosure,
    ClosureReason,
    ClosureStatus,
    FollowUp,
    FollowUpStatus,
)
from support_services.reintegration import rules
from support_services.reintegration.models import DOMAINS
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import Case

logger = logging.getLogger("trafficking_cases.access")


class FollowUpError(StepRefused):
    """An action refused, with the reason to show the user (and the field it concerns)."""


FOLLOWUP_WORKFLOW = Workflow(
    model=FollowUp,
    error=FollowUpError,
    subject=gettext_lazy("lần thăm"),
    transitions=rules.TRANSITIONS,
)


def schedule_months() -> tuple[int, ...]:
    return rules.parse_months(settings.FOLLOW_UP_MONTHS)


def _returned_on(case) -> datetime.date | None:
    reception = getattr(case, "reception", None)
    return reception.received_on if reception else None


def _check_case_access(actor, case, *, action=None, model=FollowUp):
    if not is_visible(actor, case):
        raise PermissionDenied
    if not can_change(actor, model) or (action is not None and not can(actor, action)):
        raise FollowUpError(_("Vai trò của bạn không được thực hiện bước này."))


def _lock_case(case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("reception", "managing_unit")
        .get(pk=case.pk)
    )


@transaction.atomic
def followups_schedule(*, case, actor=None) -> list[FollowUp]:
    """Put the missing visits of the schedule on a case; returns the visits added.

    Idempotent: a month already on the schedule is not added again, and a visit done, missed or
    cancelled is never moved; a visit still pending follows a corrected return date."""
    if actor is not None:
        _check_case_access(actor, case)
    case = _lock_case(case)
    if case.status == CaseStatus.CLOSED:
        raise FollowUpError(_("Hồ sơ vụ việc đã đóng: không lập lịch thăm."))
    if case.status == CaseStatus.NOT_VICTIM:
        raise FollowUpError(
            _("Người này đã được xác định không phải nạn nhân: không lập lịch theo dõi.")
        )
    returned_on = _returned_on(case)
    if returned_on is None:
        raise FollowUpError(_("Chưa có ngày trở về: chưa thể lập lịch thăm."))
    existing = {f.months: f for f in FollowUp.objects.filter(case=case)}
    plan = rules.plan_schedule(
        returned_on,
        schedule_months(),
        {months: (f.status, f.due_date) for months, f in existing.items()},
    )
    for months, due in plan.move:
        followup = existing[months]
        followup.returned_on, followup.due_date = returned_on, due
        followup._history_user = actor
        followup.save()
    created = []
    for months, due in plan.create:
        followup = FollowUp(case=case, months=months, returned_on=returned_on, due_date=due)
        followup._history_user = actor
        followup.save()
        FOLLOWUP_WORKFLOW.record_event(followup, actor, to_status=FollowUpStatus.SCHEDULED)
        created.append(followup)
    return created


def followups_missing(case) -> list[int]:
    """Months of the schedule not yet on the case (what "schedule visits" would add)."""
    returned_on = _returned_on(case)
    if returned_on is None:
        return []
    have = set(FollowUp.objects.filter(case=case).values_list("months", flat=True))
    return [months for months in schedule_months() if months not in have]


def _officer_error(officer, case) -> str:
    if officer is None:
        return _("Cần chọn cán bộ thăm.")
    if not officer.is_active or not officer.can_write:
        return _("Cán bộ này không còn làm việc hoặc chỉ có quyền xem.")
    if not is_visible(officer, case):
        return _("Cán bộ thăm phải phụ trách địa bàn của vụ việc.")
    return ""


def _visited_case(followup, day: datetime.date) -> Case:
    """The case of a visit being recorded (done or not) on `day`: still open, and the day
    possible for it."""
    case = Case.objects.select_related("reception").get(pk=followup.case_id)
    if case.status == CaseStatus.CLOSED:
        raise FollowUpError(_("Hồ sơ vụ việc đã đóng: không ghi nhận lần thăm."))
    error = rules.visit_date_error(day, _returned_on(case), timezone.localdate())
    if error:
        raise FollowUpError(error, field="visited_on")
    return case


@transaction.atomic
def followup_record_visit(
    *,
    actor,
    followup: FollowUp,
    visited_on: datetime.date,
    method: str,
    risk: str,
    officer=None,
    situation: dict | None = None,
    next_steps: str = "",
    note: str = "",
) -> FollowUp:
    """Record a visit done. `situation` maps a domain ("safety", "health", ...) to
    (rating, note)."""
    officer = officer or actor
    case = _visited_case(followup, visited_on)
    if error := _officer_error(officer, case):
        raise FollowUpError(error, field="officer")
    if not method:
        raise FollowUpError(_("Cần chọn hình thức thăm."), field="method")
    if not risk:
        raise FollowUpError(_("Cần đánh giá nguy cơ bị mua bán lại."), field="risk")
    changes = {}
    situation = situation or {}
    for name, _label in DOMAINS:
        rating, domain_note = situation.get(name, ("", ""))
        changes[f"{name}_rating"] = rating or ""
        changes[f"{name}_note"] = (domain_note or "").strip()
    return FOLLOWUP_WORKFLOW.step(
        actor,
        followup,
        "visit",
        note=note.strip(),
        visited_on=visited_on,
        officer=officer,
        method=method,
        risk=risk,
        next_steps=next_steps.strip(),
        **changes,
    )


@transaction.atomic
def followup_record_lost_contact(
    *, actor, followup: FollowUp, attempted_on: datetime.date, note: str = ""
) -> FollowUp:
    """The person could not be reached for this visit (the date of the last attempt)."""
    _visited_case(followup, attempted_on)
    return FOLLOWUP_WORKFLOW.step(
        actor,
        followup,
        "lost_contact",
        note=note.strip(),
        visited_on=attempted_on,
        officer=actor if actor.can_write else None,
    )


def _move_case(case, *, actor, visits: tuple[str, str], note, status, logged: str, closure):
    """A closure approved (or reopened): the visits of `case` move from `visits[0]` to
    `visits[1]` with an event each (the actor's role was checked for the case, not per visit),
    the case takes `status` through victims, and the log says it with ids only."""
    source, target = visits
    for followup in FollowUp.objects.select_for_update().filter(case=case, status=source):
        followup.status = target
        followup._history_user = actor
        followup.save()
        FOLLOWUP_WORKFLOW.record_event(
            followup, actor, from_status=source, to_status=target, note=note
        )
    victim_services.case_status_set(case=case, status=status, actor=actor)
    logger.info("case %s: user=%s case=%s closure=%s", logged, actor.pk, case.pk, closure.pk)


CLOSURE_WORKFLOW = Workflow(
    model=CaseClosure,
    error=FollowUpError,
    subject=gettext_lazy("đề nghị đóng hồ sơ"),
    transitions=rules.CLOSURE_TRANSITIONS,
    select_related=("case",),
    separations=rules.CLOSURE_SEPARATIONS,
    steps_taken=lambda closure: rules.closure_steps_taken(closure.events.all()),
    one_person_field="one_person",
    notify="support_services.tasks.notify_closure_event",
)


def _refuse_if_closed_or_pending(case) -> None:
    if case.status == CaseStatus.CLOSED or CaseClosure.objects.filter(case=case).in_force():
        raise FollowUpError(_("Hồ sơ vụ việc này đã đóng."))
    if CaseClosure.objects.filter(case=case).pending().exists():
        raise FollowUpError(_("Vụ việc này đã có đề nghị đóng hồ sơ đang chờ phê duyệt."))


@transaction.atomic
def case_close_propose(
    *,
    actor,
    case,
    reason: str,
    closed_on: datetime.date | None = None,
    note: str = "",
    receiving_province=None,
    receiving_province_name: str = "",
    receiving_agency: str = "",
    handover_number: str = "",
    handover_date: datetime.date | None = None,
    handed_over: str = "",
) -> CaseClosure:
    """Propose to close a case with its reason; "moved to another province" needs the
    hand-over record. Nothing changes on the case until another person approves the proposal
    (`case_close_approve`); a pending proposal blocks a second one."""
    _check_case_access(actor, case, action="closure.propose", model=CaseClosure)
    case = _lock_case(case)
    _refuse_if_closed_or_pending(case)
    if reason not in ClosureReason.values:
        raise FollowUpError(_("Cần chọn lý do đóng hồ sơ."), field="reason")
    closed_on = closed_on or timezone.localdate()
    error = rules.closure_date_error(closed_on, _returned_on(case), timezone.localdate())
    if error:
        raise FollowUpError(error, field="closed_on")
    handover = {
        "receiving_province": receiving_province,
        "receiving_province_name": receiving_province_name.strip(),
        "receiving_agency": receiving_agency.strip(),
        "handover_number": handover_number.strip(),
        "handover_date": handover_date,
        "handed_over": handed_over.strip(),
    }
    if reason == ClosureReason.MOVED:
        if receiving_province is not None and (
            receiving_province.level != "province" or receiving_province.is_legacy
        ):
            raise FollowUpError(_("Cần chọn một tỉnh, thành phố."), field="receiving_province")
        own_province = case.managing_unit.province_path
        if receiving_province is not None and receiving_province.path == own_province:
            raise FollowUpError(
                _("Tỉnh tiếp nhận phải khác tỉnh đang quản lý vụ việc."),
                field="receiving_province",
            )
        errors = rules.handover_errors(**handover, closed_on=closed_on)
        if errors:
            field, message = next(iter(errors.items()))
            raise FollowUpError(message, field=field)
    else:
        # The hand-over belongs to a move only: other reasons keep none of it.
        handover = dict.fromkeys(handover, "")
        handover.update(receiving_province=None, handover_date=None)
    closure = CaseClosure(
        case=case,
        closed_on=closed_on,
        reason=reason,
        note=note.strip(),
        previous_status=case.status,
        proposed_by=actor,
        **handover,
    )
    closure._history_user = actor
    closure.save()
    CLOSURE_WORKFLOW.record_event(closure, actor, to_status=ClosureStatus.PROPOSED)
    logger.info("case close proposed: user=%s case=%s closure=%s", actor.pk, case.pk, closure.pk)
    return closure


@transaction.atomic
def case_close_approve(*, actor, closure: CaseClosure, note: str = "") -> CaseClosure:
    """Approve a pending closure: the case is closed (its status before is kept on the
    closure) and its visits still pending are cancelled. Not by the person who proposed it
    while the organisation keeps duties apart (rules.CLOSURE_SEPARATIONS); otherwise the
    override is recorded (core.duties)."""
    case = _lock_case(closure.case)

    def before(locked):
        if case.status == CaseStatus.CLOSED:
            raise FollowUpError(_("Hồ sơ vụ việc này đã đóng."))
        return {
            "previous_status": case.status,
            "decided_by": actor,
            "decided_at": timezone.now(),
        }

    closure = CLOSURE_WORKFLOW.step(actor, closure, "approve", note=note.strip(), before=before)
    _move_case(
        case,
        actor=actor,
        visits=(FollowUpStatus.SCHEDULED, FollowUpStatus.CANCELLED),
        note=_("Hủy do đóng hồ sơ: %(reason)s") % {"reason": closure.get_reason_display()},
        status=CaseStatus.CLOSED,
        logged="closed",
        closure=closure,
    )
    return closure


@transaction.atomic
def case_close_reject(*, actor, closure: CaseClosure, reason: str) -> CaseClosure:
    """Reject a pending closure with a reason: the case stays as it is, and a new proposal may
    be made."""
    return CLOSURE_WORKFLOW.step_with_reason(
        actor,
        closure,
        "reject",
        reason,
        kept_in="rejection_reason",
        required=_("Cần ghi lý do không phê duyệt."),
        decided_by=actor,
        decided_at=timezone.now(),
    )


@transaction.atomic
def case_reopen(*, actor, case, reason: str) -> CaseClosure:
    """Reopen a closed case with a reason: the status it had before comes back, and so do the
    visits the closure cancelled (still to be done, overdue if their date has passed). Only an
    approved closure is reopened."""
    _check_case_access(actor, case, action="case.reopen", model=CaseClosure)
    reason = required_text(reason, FollowUpError, _("Cần ghi lý do mở lại hồ sơ."))
    case = _lock_case(case)
    closure = CaseClosure.objects.select_for_update().filter(case=case).in_force().first()
    if case.status != CaseStatus.CLOSED or closure is None:
        raise FollowUpError(_("Hồ sơ vụ việc này chưa đóng."))
    closure.reopened_at = timezone.now()
    closure.reopened_by = actor
    closure.reopen_reason = reason
    closure._history_user = actor
    closure.save()
    _move_case(
        case,
        actor=actor,
        visits=(FollowUpStatus.CANCELLED, FollowUpStatus.SCHEDULED),
        note=_("Khôi phục do mở lại hồ sơ."),
        status=closure.previous_status,
        logged="reopened",
        closure=closure,
    )
    return closure


def may_propose_closure(user) -> bool:
    return can_change(user, CaseClosure) and can(user, "closure.propose")


def may_decide_closure(user, closure: CaseClosure) -> bool:
    """Whether `user` may approve or reject `closure` now: pending, their role decides
    closures, and (while the organisation keeps duties apart) they did not propose it. The
    closure is one the caller already scoped to the user's area."""
    actions = CLOSURE_WORKFLOW.actions_for(user, closure)
    if not actions:
        return False
    return "approve" not in CLOSURE_WORKFLOW.refusals_for(user, closure, actions)


def closure_refusals(user, closure: CaseClosure) -> dict[str, str]:
    """action -> why `user` may not take it on `closure` although their role may."""
    return CLOSURE_WORKFLOW.refusals_for(user, closure)


def may_close(user) -> bool:
    return may_propose_closure(user)


def may_reopen(user) -> bool:
    return can_change(user, CaseClosure) and can(user, "case.reopen")
