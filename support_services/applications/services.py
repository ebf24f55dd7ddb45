"""Applications for re-integration supports: record → (legacy: forward → appraise) → approve or
reject — one locked function per step, each taking its transition of `rules.TRANSITIONS`
through the shared step (core.workflow) and writing an event row.

Approval proposes and approves the SupportRecord of the application through
`support_services.supports.services` in the same transaction, so a refusal there undoes the
whole step.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import can_change, is_visible
from accounts.policy import can
from core.workflow import StepRefused, Workflow, role_actions_from
from support_services.applications import rules
from support_services.applications.models import OPEN_STATUSES, REINTEGRATION_CODES
from support_services.models import (
    ApplicantRelation,
    ApplicationDeadline,
    ApplicationStatus,
    SupportApplication,
    SupportRecord,
    SupportStatus,
    SupportType,
)
from support_services.supports import services as support_services
from support_services.supports.rules import application_window_end, eligibility
from verification.calendar import working_calendar

SUPPORT_FILTERS = [
    ("education", gettext_lazy("Giáo dục")),
    ("vocational", gettext_lazy("Học nghề")),
    ("initial_hardship", gettext_lazy("Trợ cấp khó khăn ban đầu")),
]


class ApplicationError(StepRefused):
    """A step refused, with the reason to show the user and the form field it concerns."""


def _regime(application) -> str:
    return application.support_type.regime


APPLICATION_WORKFLOW = Workflow(
    model=SupportApplication,
    error=ApplicationError,
    subject=gettext_lazy("đơn"),
    transitions=rules.TRANSITIONS,
    procedure_of=_regime,
    select_related=("case__victim", "support_type"),
)


def allowed_actions(application: SupportApplication, role: str) -> list[str]:
    """The steps a user of `role` may take on `application`, in workflow order (the case page
    asks `APPLICATION_WORKFLOW.actions_for` with the user)."""
    return role_actions_from(
        rules.TRANSITIONS, application.status, role, procedure=_regime(application)
    )


def reintegration_types(regime: str):
    """The supports granted on application under `regime`."""
    return SupportType.objects.filter(regime=regime, code__in=REINTEGRATION_CODES).order_by("order")


# --- Deadlines -----------------------------------------------------------------------------


def deadlines_for(regime: str) -> list[rules.DeadlineFacts]:
    rows = {
        row.step: row
        for row in ApplicationDeadline.objects.filter(regime=regime, step__in=rules.STEPS[regime])
    }
    return [
        rules.DeadlineFacts(
            step=step,
            days=rows[step].days,
            working_days=rows[step].working_days,
            legal_basis=rows[step].legal_basis,
            is_open_question=rows[step].is_open_question,
        )
        for step in rules.STEPS[regime]
        if step in rows
    ]


def application_schedule(
    application: SupportApplication, *, deadlines=None, calendar=None, **dates
) -> list[rules.StepDue]:
    """The steps of the application with their due dates; `dates` overrides the dates on the
    row (a step about to be recorded)."""
    regime = application.support_type.regime
    deadlines = deadlines if deadlines is not None else deadlines_for(regime)
    calendar = calendar if calendar is not None else working_calendar()
    done = {
        step: dates.get(field, getattr(application, field))
        for step, field in rules.DONE_FIELD.items()
    }
    return rules.schedule(application.received_on, deadlines, done, calendar)


def legal_basis_of_decision(regime: str) -> str:
    row = ApplicationDeadline.objects.filter(regime=regime, step="decision").first()
    if row is not None:
        return row.legal_basis.split(":", 1)[0]
    return _("quy định hiện hành")


# --- Steps ---------------------------------------------------------------------------------


def _check_area(actor, case):
    if not is_visible(actor, case):
        raise PermissionDenied


def _previous_count(case, support_type) -> int:
    """Supports of this type the person had (not refused): a one-off support is once per person."""
    return (
        SupportRecord.objects.filter(support_type=support_type, case__victim=case.victim_id)
        .exclude(status=SupportStatus.REJECTED)
        .count()
    )


@transaction.atomic
def application_record(
    *,
    actor,
    case,
    support_type: SupportType,
    received_on: datetime.date,
    certified_on: datetime.date,
    certifying_unit,
    certification_number: str = "",
    applicant_relation: str = ApplicantRelation.SELF,
    applicant_name: str = "",
    note: str = "",
) -> SupportApplication:
    """Record an application received for `case`, checked with the eligibility rules of its
    support at the date it was received; refused (nothing saved) with the rule's message."""
    _check_area(actor, case)
    if not can_change(actor, SupportApplication) or not can(actor, "application.record"):
        raise ApplicationError(_("Vai trò của bạn không được ghi nhận đơn đề nghị hỗ trợ."))
    facts = support_services.case_facts(case)
    if support_type.code not in REINTEGRATION_CODES or support_type.regime != facts.regime:
        raise ApplicationError(
            _(
                "Chỉ nhận đơn đề nghị hỗ trợ giáo dục, học nghề, trợ cấp khó khăn ban đầu "
                "theo chế độ áp dụng cho vụ việc này."
            ),
            "support_type",
        )
    reception = getattr(case, "reception", None)
    errors = rules.receipt_errors(
        received_on=received_on,
        certified_on=certified_on,
        returned_on=reception.received_on if reception else None,
        today=timezone.localdate(),
    )
    for field, message in errors.items():
        raise ApplicationError(message, field)
    if certifying_unit is None or certifying_unit.level != "commune":
        raise ApplicationError(_("Chọn UBND xã/phường đã xác nhận đơn."), "certifying")
    applicant_name = " ".join(applicant_name.split())
    if applicant_relation != ApplicantRelation.SELF and not applicant_name:
        raise ApplicationError(_("Cần ghi họ tên người làm đơn thay."), "applicant_name")
    if applicant_relation == ApplicantRelation.SELF:
        applicant_name = ""
    calendar = working_calendar()
    decision = eligibility(
        support_type.facts(),
        facts,
        on_date=received_on,
        previous_count=_previous_count(case, support_type),
        calendar=calendar,
    )
    if not decision.allowed:
        months = support_type.application_window_months
        late = (
            months
            and facts.identified_on
            and received_on > application_window_end(facts.identified_on, months, calendar)
        )
        raise ApplicationError(decision.reason, "received_on" if late else "support_type")
    if SupportApplication.objects.filter(
        case=case, support_type=support_type, status__in=OPEN_STATUSES
    ).exists():
        raise ApplicationError(
            _("Vụ việc này đã có một đơn “%(name)s” đang được giải quyết.")
            % {"name": support_type.name},
            "support_type",
        )
    application = SupportApplication(
        case=case,
        support_type=support_type,
        received_on=received_on,
        applicant_relation=applicant_relation,
        applicant_name=applicant_name,
        certified_on=certified_on,
        certifying_unit=certifying_unit,
        certification_number=certification_number.strip(),
        created_by=actor,
    )
    application.due_date = rules.pending_due(application_schedule(application, calendar=calendar))
    application._history_user = actor
    application.save()
    APPLICATION_WORKFLOW.record_event(
        application, actor, to_status=ApplicationStatus.RECEIVED, note=note.strip()
    )
    return application


def _check_step_date(on_date, earlier, today):
    for day, label in earlier:
        if day is not None:
            error = rules.step_date_error(
                on_date=on_date, after=day, after_label=label, today=today
            )
            if error:
                return error
    return None


@transaction.atomic
def application_forward(
    *, actor, application, forwarded_on: datetime.date, note: str = ""
) -> SupportApplication:
    """Legacy: the commune certified the application and forwarded it to the district."""
    error = _check_step_date(
        forwarded_on,
        [
            (application.received_on, _("ngày nhận đơn")),
            (application.certified_on, _("ngày UBND cấp xã xác nhận đơn")),
        ],
        timezone.localdate(),
    )
    if error:
        raise ApplicationError(error, "forwarded_on")
    due = rules.pending_due(application_schedule(application, forwarded_on=forwarded_on))
    return APPLICATION_WORKFLOW.step(
        actor, application, "forward", note=note, forwarded_on=forwarded_on, due_date=due
    )


@transaction.atomic
def application_appraise(
    *, actor, application, appraised_on: datetime.date, note: str = ""
) -> SupportApplication:
    """Legacy: the district labour division appraised the application."""
    error = _check_step_date(
        appraised_on,
        [(application.forwarded_on, _("ngày xã chuyển hồ sơ"))],
        timezone.localdate(),
    )
    if error:
        raise ApplicationError(error, "appraised_on")
    due = rules.pending_due(application_schedule(application, appraised_on=appraised_on))
    return APPLICATION_WORKFLOW.step(
        actor,
        application,
        "appraise",
        note=note,
        appraised_on=appraised_on,
        appraisal_note=note.strip()[:300],
        due_date=due,
    )


def _check_decision(application, decision_date, decision_number=None):
    error = rules.decision_date_error(
        decision_date=decision_date,
        received_on=application.received_on,
        certified_on=application.certified_on,
        appraised_on=application.appraised_on,
        today=timezone.localdate(),
        legal_basis=legal_basis_of_decision(application.support_type.regime),
    )
    if error:
        raise ApplicationError(error, "decision_date")
    if decision_number is not None and not decision_number.strip():
        raise ApplicationError(_("Cần ghi số quyết định."), "decision_number")


@transaction.atomic
def application_approve(
    *,
    actor,
    application,
    decision_number: str,
    decision_date: datetime.date,
    authority: str,
    note: str = "",
) -> SupportApplication:
    """The support is granted: the SupportRecord of the application's support is proposed (on
    the day the application was received) and approved with the decision, in this transaction,
    once the step's checks have passed on the locked application (so that a refusal reads as
    the workflow's — area, role, state — rather than as the support's)."""

    def grant(locked) -> dict:
        _check_decision(locked, decision_date, decision_number)
        try:
            record = support_services.support_propose(
                actor=actor,
                case=locked.case,
                support_type=locked.support_type,
                on_date=locked.received_on,
                note=_("Theo đơn đề nghị nhận ngày %(day)s.")
                % {"day": locked.received_on.strftime("%d/%m/%Y")},
            )
            record = support_services.support_approve(
                actor=actor,
                record=record,
                decision_number=decision_number,
                decision_date=decision_date,
                authority=authority,
            )
        except support_services.SupportError as error:
            raise ApplicationError(str(error)) from error
        return {"support_record": record}

    return APPLICATION_WORKFLOW.step(
        actor,
        application,
        "approve",
        note=note,
        before=grant,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        deciding_authority=authority.strip(),
        due_date=None,
    )


@transaction.atomic
def application_reject(
    *,
    actor,
    application,
    reason: str,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    authority: str = "",
) -> SupportApplication:
    """The support is refused, with the reason (and the written answer, when there is one)."""

    def check_answer(locked) -> None:
        if not reason.strip():
            raise ApplicationError(_("Cần ghi lý do không hỗ trợ."), "reason")
        if decision_date is not None:
            _check_decision(locked, decision_date)

    return APPLICATION_WORKFLOW.step(
        actor,
        application,
        "reject",
        note=reason.strip(),
        before=check_answer,
        rejection_reason=reason.strip()[:300],
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        deciding_authority=authority.strip(),
        due_date=None,
    )


def default_authority(application) -> str:
    """Who decides, as documents name them: the district chair (legacy, recalled) or the
    department of the case's province under the current regime."""
    from accounts.services import department_for

    unit = application.case.managing_unit
    if application.support_type.regime == "legacy":
        district = unit if unit.level == "district" else None
        if district is None and unit.parent_id and unit.parent.level == "district":
            district = unit.parent
        if district is not None:
            return _("Chủ tịch Ủy ban nhân dân %(district)s") % {"district": district.name}
        return _("Chủ tịch Ủy ban nhân dân cấp huyện")
    province = unit.province()
    profile = department_for(province, application.received_on) if province else None
    return profile.department_name if profile else ""
