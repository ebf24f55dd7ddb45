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
from accounts.services import department_for, transitional_procedure
from core.workflow import StepRefused, Workflow, role_actions_from
from locations.regimes import CURRENT_REGIME_START
from support_services.applications import rules
from support_services.applications.models import OPEN_STATUSES, REINTEGRATION_CODES
from support_services.models import (
    ApplicantRelation,
    ApplicationDeadline,
    ApplicationStatus,
    BodyLevel,
    SupportApplication,
    SupportType,
)
from support_services.supports import services as support_services
from support_services.supports.rules import application_window_end, eligibility
from verification.calendar import working_calendar
from victims.models import DocumentType
from victims.outgoing import (
    Issuer,
    abbreviation_of,
    legacy_district_of,
    main_successor_of,
    outgoing_document_issue,
    short_place_name,
)

# The purpose of the decision in the register of outgoing documents (victims.OutgoingDocument).
DECISION_DOCUMENT = "decision"

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
    separations=rules.SEPARATIONS,
    steps_taken=lambda application: rules.steps_taken(application.events.all()),
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
    """Every stage of the procedure of `regime`, in step order then by the day it starts."""
    rows = ApplicationDeadline.objects.filter(regime=regime, step__in=rules.STEPS[regime])
    rows = sorted(rows, key=lambda r: (r.order, r.valid_from or datetime.date.min))
    return [
        rules.DeadlineFacts(
            step=row.step,
            days=row.days,
            working_days=row.working_days,
            legal_basis=row.legal_basis,
            is_open_question=row.is_open_question,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            body_level=row.body_level,
            body=row.body,
            variant=row.variant,
        )
        for row in rows
    ]


def application_schedule(
    application: SupportApplication, *, deadlines=None, calendar=None, policy=None, **dates
) -> list[rules.StepDue]:
    """The steps of the application with their stages and due dates; `dates` overrides the
    dates on the row (a step about to be recorded)."""
    regime = application.support_type.regime
    deadlines = deadlines if deadlines is not None else deadlines_for(regime)
    calendar = calendar if calendar is not None else working_calendar()
    done = {
        step: dates.get(field, getattr(application, field))
        for step, field in rules.DONE_FIELD.items()
    }
    return rules.schedule(
        application.received_on,
        deadlines,
        done,
        calendar,
        policy=policy or transitional_procedure(),
        today=timezone.localdate() if application.is_open else None,
    )


def _stage_unit(application, level: str, day: datetime.date):
    """The unit whose body takes a step at `level` on `day`: the certifying commune (from
    1 July 2025 a legacy commune's main successor), or the district of the case
    (victims.outgoing.legacy_district_of); None when the case names none."""
    if level == BodyLevel.COMMUNE:
        commune = application.certifying_unit
        if commune is not None and commune.is_legacy and day >= CURRENT_REGIME_START:
            commune = main_successor_of(commune) or commune
        return commune
    if level == BodyLevel.DISTRICT:
        return legacy_district_of(application.case)
    return None


def _department_issuer(application, day: datetime.date) -> Issuer:
    province = application.case.managing_unit.province()
    profile = department_for(province, day)
    name = profile.department_name if profile else province.formal_name
    return Issuer(
        unit=province,
        name=name,
        abbreviation=(profile.department_abbreviation if profile else "") or abbreviation_of(name),
        governing_body=profile.governing_body if profile else "",
        signatory_title=(profile.signatory_title if profile else "") or "Giám đốc",
        signing_place=(profile.signing_place if profile else "") or province.short_name,
    )


def body_name(application, stage: rules.DeadlineFacts, day: datetime.date) -> str:
    """Who takes a step of `application` under `stage` on `day`, as documents name them: the
    stage's body with `{unit}` replaced by the certifying commune, the district of the case
    ("Ủy ban nhân dân huyện Thạch Thành", the division word in lower case), or the department
    that acts for the province on that day (accounts.DepartmentProfile: the labour department
    before 1 July 2025, the health department after). A case that names no district (managed
    by the province) has its district steps taken by that department — never a "cấp huyện"
    without a name."""
    if stage.body_level in (BodyLevel.COMMUNE, BodyLevel.DISTRICT):
        unit = _stage_unit(application, stage.body_level, day)
        if unit is not None:
            return stage.body.replace("{unit}", unit.name_in_text)
        return _department_issuer(application, day).name
    if stage.body_level == BodyLevel.DEPARTMENT:
        return stage.body.replace("{unit}", _department_issuer(application, day).name)
    return stage.body


def decision_issuer(application, day: datetime.date) -> Issuer:
    """The body that issues the decision on `application` taken on `day` (the decision stage in
    force that day): the named People's Committee of the district or commune whose chair
    decides, or the department of the province (Sở Y tế from 1 July 2025) — with the
    governing body, signatory and place its header and signature need."""
    stage = decision_stage(application, day)
    level = stage.body_level if stage is not None else BodyLevel.DEPARTMENT
    unit = _stage_unit(application, level, day) if level != BodyLevel.DEPARTMENT else None
    if unit is None:
        return _department_issuer(application, day)
    return Issuer(
        unit=unit,
        name=f"Ủy ban nhân dân {unit.name_in_text}",
        abbreviation="UBND",
        governing_body="",
        signatory_title="Chủ tịch",
        signing_place=short_place_name(unit),
    )


def decision_stage(application, day: datetime.date) -> rules.DeadlineFacts | None:
    """The stage of the decision of `application` taken on `day`."""
    return rules.stage_on(
        deadlines_for(application.support_type.regime), "decision", day, transitional_procedure()
    )


def procedure_explained(application, steps: list[rules.StepDue]) -> str:
    """What the page says when an application crossed a change of procedure (issue 15 item 4):
    which rule applied to its steps and why; "" when it did not."""
    change = rules.stage_change_day(steps)
    if change is None:
        return ""
    reception = getattr(application.case, "reception", None)
    received = reception.received_on if reception else application.received_on
    policy = transitional_procedure()
    return _(
        "Vụ việc tiếp nhận ngày %(received)s nên chế độ, mức hỗ trợ theo %(basis)s. Các bước "
        "thực hiện từ ngày %(change)s do cơ quan tồn tại và có thẩm quyền vào ngày thực hiện "
        "bước giải quyết (bảng dưới ghi cơ quan và căn cứ của từng bước). Quy định chuyển tiếp "
        "chưa rõ: đang áp dụng cách “%(policy)s” theo cài đặt của tổ chức (quản trị viên có thể "
        "đổi)."
    ) % {
        "received": received.strftime("%d/%m/%Y"),
        "basis": application.support_type.legal_basis,
        "change": change.strftime("%d/%m/%Y"),
        "policy": policy.label,
    }


def appraisal_body(application) -> str:
    """Who appraised `application` (the body of the appraisal stage on the day it was
    appraised), or "" when it was not appraised."""
    day = application.appraised_on
    if day is None:
        return ""
    stage = rules.stage_on(
        deadlines_for(application.support_type.regime),
        "district_appraisal",
        day,
        transitional_procedure(),
    )
    return body_name(application, stage, day) if stage is not None else ""


def legal_basis_of_decision(application, day: datetime.date | None = None) -> str:
    """The document the decision of `application` on `day` (default: today) follows."""
    stage = decision_stage(application, day or timezone.localdate())
    if stage is not None:
        return stage.legal_basis.split(":", 1)[0]
    return _("quy định hiện hành")


# --- Steps ---------------------------------------------------------------------------------


def _check_area(actor, case):
    if not is_visible(actor, case):
        raise PermissionDenied


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
        # A one-off support is once per person, across their cases and (by default) the two
        # regimes (supports/reference_data.py).
        earlier=tuple(support_services.earlier_receipts(case, support_type, user=actor))
        if support_type.one_off
        else (),
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
            % {"name": support_type.display_name},
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
        legal_basis=legal_basis_of_decision(application, decision_date),
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
    the workflow's — area, role, state — rather than as the support's). Without an
    `authority`, the body of the decision stage in force on `decision_date` decides. Without a
    `decision_number`, the decision takes the next number of that body's register of outgoing
    documents for the year (victims.outgoing); a number typed is one the body gave outside
    the system, kept as typed."""
    authority = authority.strip() or default_authority(application, decision_date)

    def grant(locked) -> dict:
        _check_decision(locked, decision_date)
        number = decision_number.strip()
        if not number:
            # No number typed: the next of the deciding body's register (victims.outgoing).
            number = outgoing_document_issue(
                actor=actor,
                case=locked.case,
                record=locked,
                purpose=DECISION_DOCUMENT,
                document_type=DocumentType.DECISION,
                issuer=decision_issuer(locked, decision_date),
                issued_on=decision_date,
            ).symbol
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
                decision_number=number,
                decision_date=decision_date,
                authority=authority,
                # The application's approval checked the separation of duties against the
                # officer who recorded it (rules.SEPARATIONS), the support's proposer.
                check_duties=False,
            )
        except support_services.SupportError as error:
            raise ApplicationError(str(error)) from error
        return {"support_record": record, "decision_number": number}

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


def default_authority(application, day: datetime.date | None = None) -> str:
    """Who decides `application` on `day`, as documents name them: the body of the decision
    stage in force that day (default: the day the decision step starts, so a legacy file
    entered late names the district chair of its time)."""
    if day is None:
        steps = application_schedule(application)
        decision = next((step for step in steps if step.step == "decision"), None)
        day = decision.runs_on if decision else application.received_on
    stage = decision_stage(application, day)
    return body_name(application, stage, day) if stage is not None else ""
