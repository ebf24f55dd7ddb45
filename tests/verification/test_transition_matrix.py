"""Every action from every state by every role: allowed exactly where the hand-written table
says, taken through the services, and offered on the case page exactly then."""

import datetime

import pytest

from accounts.models import Role
from tests.verification.conftest import add_certifying_document
from verification import rules, services
from verification.models import DossierStatus
from verification.services import TransitionError

pytestmark = pytest.mark.django_db

PATH_TO = {
    "draft": [],
    "submitted": ["submit"],
    "sent": ["submit", "send"],
    "identified": ["submit", "send", "identified"],
    "not_victim": ["submit", "send", "not_victim"],
    "closed": ["submit", "send", "not_victim", "close"],
}


def walk(dossier, steps, officer, staff):
    for step in steps:
        if step == "submit":
            dossier = services.dossier_submit(actor=officer, dossier=dossier)
        elif step == "send":
            dossier = take("send", dossier, staff)
        elif step == "identified":
            add_certifying_document(dossier)
            dossier = take("record_identified", dossier, staff)
        else:
            dossier = take(
                {"not_victim": "record_not_victim", "close": "close"}[step], dossier, staff
            )
    return dossier


def take(action, dossier, user):
    if action == "submit":
        return services.dossier_submit(actor=user, dossier=dossier)
    if action == "send":
        return services.dossier_send(
            actor=user,
            dossier=dossier,
            agency="Công an",
            letter_number="1/CV",
            letter_date=datetime.date(2024, 5, 20),
        )
    if action in ("record_identified", "record_not_victim", "request_information"):
        result = {
            "record_identified": DossierStatus.IDENTIFIED,
            "record_not_victim": DossierStatus.NOT_VICTIM,
            "request_information": DossierStatus.SUBMITTED,
        }[action]
        if result == DossierStatus.IDENTIFIED:
            add_certifying_document(dossier)
        return services.dossier_record_result(actor=user, dossier=dossier, result=result)
    if action == "close":
        return services.dossier_close(actor=user, dossier=dossier)
    return services.dossier_reopen(actor=user, dossier=dossier, reason="Có tài liệu mới")


DISTRICT, PROVINCE, VIEWER, SUPERVISOR = (
    Role.DISTRICT_OFFICER,
    Role.PROVINCIAL_STAFF,
    Role.VIEWER,
    Role.SUPERVISOR,
)
ACTIONS = [
    "submit",
    "send",
    "record_identified",
    "record_not_victim",
    "request_information",
    "close",
    "reopen",
]
# Written from the README ("Verification"): the district/commune officer submits a draft (the
# province may too); provincial staff send it, record the result, close and reopen. Every
# (state, action, role) not listed here is refused.
ALLOWED = {
    ("draft", "submit"): {DISTRICT, PROVINCE},
    ("submitted", "send"): {PROVINCE},
    ("sent", "record_identified"): {PROVINCE},
    ("sent", "record_not_victim"): {PROVINCE},
    ("sent", "request_information"): {PROVINCE},
    ("identified", "close"): {PROVINCE},
    ("not_victim", "close"): {PROVINCE},
    ("identified", "reopen"): {PROVINCE},
    ("not_victim", "reopen"): {PROVINCE},
    ("closed", "reopen"): {PROVINCE},
}
TARGET = {
    "submit": "submitted",
    "send": "sent",
    "record_identified": "identified",
    "record_not_victim": "not_victim",
    "request_information": "submitted",
    "close": "closed",
    "reopen": "submitted",
}


@pytest.mark.parametrize("state", list(PATH_TO))
@pytest.mark.parametrize("role", [DISTRICT, PROVINCE, VIEWER, SUPERVISOR])
def test_each_action_is_allowed_exactly_where_the_table_says(
    state, role, officer_a, colleague_a, provincial_staff, supervisor, units, make_case
):
    user = {
        DISTRICT: officer_a,
        PROVINCE: provincial_staff,
        VIEWER: colleague_a,
        SUPERVISOR: supervisor,
    }[role]
    offered = None
    for action in ACTIONS:
        case = make_case(officer_a, units.district_a, full_name=f"{state} {role} {action}")
        dossier = walk(
            services.dossier_create(actor=officer_a, case=case),
            PATH_TO[state],
            officer_a,
            provincial_staff,
        )
        offered = services.DOSSIER_WORKFLOW.actions_for(user, dossier)
        if role in ALLOWED.get((state, action), ()):
            assert take(action, dossier, user).status == TARGET[action], (state, role, action)
        else:
            with pytest.raises(TransitionError):
                take(action, dossier, user)
            dossier.refresh_from_db()
            assert dossier.status == state, (state, role, action)
    # The case page offers the same actions, in the workflow's order.
    assert offered == [a for a in ACTIONS if role in ALLOWED.get((state, a), ())]
    assert rules.allowed_actions(state, role) == offered


def test_the_deadline_follows_the_regime_of_the_cases_reception(
    officer_a, provincial_staff, units, make_case
):
    from verification.models import DeadlineRule

    DeadlineRule.objects.filter(regime="current", step="police_reply").update(days=10)
    legacy_case = make_case(officer_a, units.district_a, received=datetime.date(2025, 6, 30))
    current_case = make_case(
        officer_a, units.district_a, received=datetime.date(2025, 7, 1), full_name="Lò Thị Mai"
    )
    due = {}
    for case in (legacy_case, current_case):
        dossier = services.dossier_submit(
            actor=officer_a, dossier=services.dossier_create(actor=officer_a, case=case)
        )
        due[case.regime] = take("send", dossier, provincial_staff).due_date

    # Monday 20/05/2024 + 15 working days (legacy) or + 10 working days (current).
    assert due == {"legacy": datetime.date(2024, 6, 10), "current": datetime.date(2024, 6, 3)}
