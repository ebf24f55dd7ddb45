"""Every step of supports, applications, referrals and follow-up visits, from every state, by
every role: allowed exactly where the hand-written tables below say (from the README and the
design choices reported for each part), taken through the services; and the case page offers
exactly those steps.

A table maps (state, action) to the roles that may take it; every combination not listed is
refused with the workflow's error and leaves the row as it was."""

import datetime

import pytest

from accounts.models import Role
from support_services.applications import services as applications
from support_services.models import Programme, ServiceKind, SupportType
from support_services.referrals import services as referrals
from support_services.reintegration import services as followups
from support_services.supports import services as supports
from tests.support_services.applications_fixtures import identify, record
from tests.support_services.closures import approver_for
from tests.support_services.referrals_fixtures import give_consent
from victims import services as victim_services
from victims.choices import CaseStatus, Poverty

pytestmark = pytest.mark.django_db
D = datetime.date
DISTRICT, PROVINCE, VIEWER, SUPERVISOR = (
    Role.DISTRICT_OFFICER,
    Role.PROVINCIAL_STAFF,
    Role.VIEWER,
    Role.SUPERVISOR,
)
ROLES = [DISTRICT, PROVINCE, VIEWER, SUPERVISOR]
ANY_WRITER = {DISTRICT, PROVINCE, SUPERVISOR}


@pytest.fixture
def users(officer_a, provincial_staff, colleague_a, supervisor):
    return {
        DISTRICT: officer_a,
        PROVINCE: provincial_staff,
        VIEWER: colleague_a,
        SUPERVISOR: supervisor,
    }


def offered_by_table(table, state, role, actions):
    return [action for action in actions if role in table.get((state, action), ())]


def check(take, row, action, role, table, state, error):
    """Take `action` on `row` (in `state`) as `role`: done where the table allows it, refused
    with `error` and nothing changed elsewhere."""
    if role in table.get((state, action), ()):
        assert take(action, row).status != state, (state, role, action)
    else:
        with pytest.raises(error):
            take(action, row)
        row.refresh_from_db()
        assert row.status == state, (state, role, action)


# --- Supports ----------------------------------------------------------------------------------

# README "Support and reintegration": proposed → decided by provincial staff → given (by whoever
# records supports in the area) or refused by provincial staff.
SUPPORT_ACTIONS = ["approve", "provide", "reject"]
SUPPORTS = {
    ("proposed", "approve"): {PROVINCE},
    ("proposed", "reject"): {PROVINCE},
    ("approved", "provide"): ANY_WRITER,
    ("approved", "reject"): {PROVINCE},
}
SUPPORT_PATH = {
    "proposed": [],
    "approved": ["approve"],
    "provided": ["approve", "provide"],
    "rejected": ["reject"],
}


def support_step(actor, record, action):
    if action == "approve":
        return supports.support_approve(
            actor=actor,
            record=record,
            decision_number="15/QĐ-SLĐTBXH",
            decision_date=D(2024, 5, 15),
            authority="Sở Lao động - Thương binh và Xã hội",
        )
    if action == "provide":
        return supports.support_provide(actor=actor, record=record, provided_on=D(2024, 5, 20))
    return supports.support_reject(actor=actor, record=record, reason="Không đủ điều kiện")


@pytest.mark.parametrize("state", list(SUPPORT_PATH))
@pytest.mark.parametrize("role", ROLES)
def test_each_support_step_is_allowed_exactly_where_the_table_says(
    state, role, users, officer_a, provincial_staff, units, make_case
):
    user = users[role]
    for action in SUPPORT_ACTIONS:
        case = make_case(officer_a, units.district_a, full_name=f"Hỗ trợ {state} {role} {action}")
        victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
        row = supports.support_propose(
            actor=officer_a,
            case=case,
            support_type=SupportType.objects.get(regime="legacy", code="medical"),
            on_date=D(2024, 5, 12),
        )
        for step in SUPPORT_PATH[state]:
            row = support_step(provincial_staff, row, step)
        offered = supports.SUPPORT_WORKFLOW.actions_for(user, row)
        assert offered == offered_by_table(SUPPORTS, state, role, SUPPORT_ACTIONS)
        check(
            lambda a, r: support_step(user, r, a),
            row,
            action,
            role,
            SUPPORTS,
            state,
            supports.SupportError,
        )


# --- Applications ------------------------------------------------------------------------------

# README "Applications" and DOMAIN.md "Re-integration supports": under the legacy regime the
# commune forwards and the district appraises (recorded by district officers or provincial
# staff), then the province decides; under the current regime the province decides straight
# after receipt. An open application may be refused at any step of its procedure.
APPLICATION_ACTIONS = ["forward", "appraise", "approve", "reject"]
RECORDERS = {DISTRICT, PROVINCE}
LEGACY_APPLICATIONS = {
    ("received", "forward"): RECORDERS,
    ("forwarded", "appraise"): RECORDERS,
    ("appraised", "approve"): {PROVINCE},
    ("received", "reject"): {PROVINCE},
    ("forwarded", "reject"): {PROVINCE},
    ("appraised", "reject"): {PROVINCE},
}
CURRENT_APPLICATIONS = {
    ("received", "approve"): {PROVINCE},
    ("received", "reject"): {PROVINCE},
}
APPLICATION_PATH = {
    "received": [],
    "forwarded": ["forward"],
    "appraised": ["forward", "appraise"],
    "approved": ["forward", "appraise", "approve"],
    "rejected": ["reject"],
}


def application_step(actor, application, action, *, decided_on):
    if action == "forward":
        return applications.application_forward(
            actor=actor, application=application, forwarded_on=D(2024, 6, 10)
        )
    if action == "appraise":
        return applications.application_appraise(
            actor=actor, application=application, appraised_on=D(2024, 6, 14)
        )
    if action == "approve":
        return applications.application_approve(
            actor=actor,
            application=application,
            decision_number="20/QĐ-UBND",
            decision_date=decided_on,
            authority="Chủ tịch UBND huyện",
        )
    return applications.application_reject(
        actor=actor, application=application, reason="Không thuộc hộ nghèo"
    )


def new_application(regime, officer, staff, units, make_case, name):
    if regime == "legacy":
        case = make_case(
            officer,
            units.district_a,
            full_name=name,
            received=D(2024, 5, 10),
            residence=units.commune_a1,
        )
        case.victim.poverty_status = Poverty.POOR
        case.victim.save()
        identify(case, officer=officer, staff=staff, on=D(2024, 6, 3))
        return record(
            officer,
            case,
            "legacy",
            "vocational",
            received_on=D(2024, 6, 7),
            certifying_unit=units.commune_a1,
        )
    case = make_case(
        officer,
        units.district_a,
        full_name=name,
        received=D(2025, 8, 4),
        residence=units.current_commune,
    )
    identify(case, officer=officer, staff=staff, on=D(2025, 8, 20))
    return record(
        officer,
        case,
        "current",
        "education",
        received_on=D(2025, 8, 29),
        certifying_unit=units.current_commune,
    )


@pytest.mark.parametrize(
    "regime, state",
    [
        *(("legacy", state) for state in APPLICATION_PATH),
        ("current", "received"),
        ("current", "approved"),
        ("current", "rejected"),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_each_application_step_is_allowed_exactly_where_the_table_of_its_regime_says(
    regime, state, role, users, officer_a, provincial_staff, units, make_case
):
    user = users[role]
    table = LEGACY_APPLICATIONS if regime == "legacy" else CURRENT_APPLICATIONS
    decided_on = D(2024, 6, 18) if regime == "legacy" else D(2025, 9, 5)
    path = APPLICATION_PATH[state] if regime == "legacy" else APPLICATION_PATH[state][-1:]
    for action in APPLICATION_ACTIONS:
        row = new_application(
            regime, officer_a, provincial_staff, units, make_case, f"Đơn {state} {role} {action}"
        )
        for step in path:
            row = application_step(provincial_staff, row, step, decided_on=decided_on)
        assert row.status == state
        offered = applications.APPLICATION_WORKFLOW.actions_for(user, row)
        assert offered == offered_by_table(table, state, role, APPLICATION_ACTIONS)
        assert applications.allowed_actions(row, role) == offered
        check(
            lambda a, r: application_step(user, r, a, decided_on=decided_on),
            row,
            action,
            role,
            table,
            state,
            applications.ApplicationError,
        )


# --- Referrals ---------------------------------------------------------------------------------

# README "Referrals": a referral sent is accepted or declined by the provider, then completed, or
# cancelled while still open; whoever records referrals in the area records each answer.
REFERRAL_ACTIONS = ["accept", "decline", "complete", "cancel"]
REFERRALS = {
    ("sent", "accept"): ANY_WRITER,
    ("sent", "decline"): ANY_WRITER,
    ("accepted", "complete"): ANY_WRITER,
    ("sent", "cancel"): ANY_WRITER,
    ("accepted", "cancel"): ANY_WRITER,
}
REFERRAL_PATH = {
    "sent": [],
    "accepted": ["accept"],
    "declined": ["decline"],
    "completed": ["accept", "complete"],
    "cancelled": ["cancel"],
}


def referral_step(actor, referral, action):
    if action == "accept":
        return referrals.referral_accept(actor=actor, referral=referral, responded_on=D(2024, 6, 7))
    if action == "decline":
        return referrals.referral_decline(
            actor=actor, referral=referral, responded_on=D(2024, 6, 7), reason="Hết chỗ"
        )
    if action == "complete":
        return referrals.referral_complete(
            actor=actor, referral=referral, completed_on=D(2024, 7, 1), outcome="Đã hỗ trợ"
        )
    return referrals.referral_cancel(actor=actor, referral=referral, reason="Chuyển đi nơi khác")


@pytest.mark.parametrize("state", list(REFERRAL_PATH))
@pytest.mark.parametrize("role", ROLES)
def test_each_referral_step_is_allowed_exactly_where_the_table_says(
    state, role, users, officer_a, units, make_case
):
    user = users[role]
    for action in REFERRAL_ACTIONS:
        case = make_case(officer_a, units.district_a, full_name=f"Chuyển {state} {role} {action}")
        row = referrals.referral_send(
            actor=officer_a,
            case=case,
            programme=Programme.VOCATIONAL_JOBS,
            service=ServiceKind.VOCATIONAL_TRAINING,
            sent_on=D(2024, 6, 3),
            consent=give_consent(case.victim, purposes=("support",)),
        )
        for step in REFERRAL_PATH[state]:
            row = referral_step(officer_a, row, step)
        offered = referrals.REFERRAL_WORKFLOW.actions_for(user, row)
        assert offered == offered_by_table(REFERRALS, state, role, REFERRAL_ACTIONS)
        check(
            lambda a, r: referral_step(user, r, a),
            row,
            action,
            role,
            REFERRALS,
            state,
            referrals.ReferralError,
        )


# --- Follow-up visits and closure --------------------------------------------------------------

# services docstring of reintegration (the design choice reported to the lead): whoever records
# supports in the area records a scheduled visit as done or as lost contact; district officers
# and provincial staff close a case; only provincial staff reopen it.
FOLLOWUP_ACTIONS = ["visit", "lost_contact"]
FOLLOWUPS = {
    ("scheduled", "visit"): ANY_WRITER,
    ("scheduled", "lost_contact"): ANY_WRITER,
}
FOLLOWUP_PATH = {"scheduled": [], "done": ["visit"], "lost_contact": ["lost_contact"]}


def followup_step(actor, followup, action):
    if action == "visit":
        return followups.followup_record_visit(
            actor=actor, followup=followup, visited_on=D(2025, 3, 3), method="home", risk="low"
        )
    return followups.followup_record_lost_contact(
        actor=actor, followup=followup, attempted_on=D(2025, 3, 3)
    )


@pytest.mark.parametrize("state", list(FOLLOWUP_PATH))
@pytest.mark.parametrize("role", ROLES)
def test_each_visit_step_is_allowed_exactly_where_the_table_says(
    state, role, users, officer_a, units, make_case
):
    user = users[role]
    case = make_case(officer_a, units.district_a, received=D(2025, 1, 31))
    victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
    followups.followups_schedule(actor=officer_a, case=case)
    visits = dict(zip(FOLLOWUP_ACTIONS, case.followups.order_by("months")[:2], strict=True))
    for action, row in visits.items():
        for step in FOLLOWUP_PATH[state]:
            row = followup_step(officer_a, row, step)
        offered = followups.FOLLOWUP_WORKFLOW.actions_for(user, row)
        assert offered == offered_by_table(FOLLOWUPS, state, role, FOLLOWUP_ACTIONS)
        check(
            lambda a, r: followup_step(user, r, a),
            row,
            action,
            role,
            FOLLOWUPS,
            state,
            followups.FollowUpError,
        )


CLOSERS = {"close": {DISTRICT, PROVINCE}, "decide": {PROVINCE}, "reopen": {PROVINCE}}


@pytest.mark.parametrize("role", ROLES)
def test_closing_and_reopening_a_case_are_allowed_exactly_to_the_roles_of_the_table(
    role, users, officer_a, provincial_staff, units, make_case
):
    user = users[role]
    case = make_case(officer_a, units.district_a, received=D(2025, 1, 31))
    victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)

    def propose(actor):
        return followups.case_close_propose(
            actor=actor, case=case, reason="reintegrated", closed_on=D(2025, 6, 2)
        )

    if role in CLOSERS["close"]:
        proposed = propose(user)
    else:
        with pytest.raises(followups.FollowUpError):
            propose(user)
        proposed = propose(officer_a)
    assert followups.may_close(user) == (role in CLOSERS["close"])
    # Deciding is the province's, and never the proposer's (separation of duties).
    other = approver_for(case, proposed.proposed_by)
    assert followups.may_decide_closure(user, proposed) == (
        role in CLOSERS["decide"] and proposed.proposed_by != user
    )
    with pytest.raises(followups.FollowUpError):
        followups.case_close_approve(actor=user, closure=proposed)
    followups.case_close_approve(actor=other, closure=proposed)
    assert other.role == PROVINCE
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    if role in CLOSERS["reopen"]:
        followups.case_reopen(actor=user, case=case, reason="Có thông tin mới")
        case.refresh_from_db()
        assert case.status == CaseStatus.IDENTIFIED
    else:
        with pytest.raises(followups.FollowUpError):
            followups.case_reopen(actor=user, case=case, reason="Có thông tin mới")
        case.refresh_from_db()
        assert case.status == CaseStatus.CLOSED
    assert followups.may_reopen(user) == (role in CLOSERS["reopen"])
