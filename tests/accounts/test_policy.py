"""The role policy (accounts.policy over accounts.roles.ROLE_ACTIONS), pinned by a table written
by hand from the README's roles and each part's rules, and the area check `is_visible`."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template

from accounts.access import is_visible
from accounts.models import Role
from accounts.policy import can, role_can
from accounts.roles import ACTIONS
from tests.factories import UserFactory
from victims.models import Case

pytestmark = pytest.mark.django_db
DISTRICT, PROVINCE, VIEWER, SUPERVISOR = (
    Role.DISTRICT_OFFICER,
    Role.PROVINCIAL_STAFF,
    Role.VIEWER,
    Role.SUPERVISOR,
)
WRITERS = {DISTRICT, PROVINCE, SUPERVISOR}

# action -> the roles that may take it. README "Who uses it": district officers enter their
# area's returnees, provincial staff review, verify, decide supports and approve reports,
# viewers only read, supervisors keep the admin site (and, as provincial users, the directory,
# directives and consent overrides). Each part's rule is named beside it.
EXPECTED = {
    # accounts: the admin site and the whole installation are the supervisors'.
    "admin.enter": {SUPERVISOR},
    "area.whole_installation": {SUPERVISOR},
    "records.write": WRITERS,
    # issue 18: shared and province-owned data is changed in the admin by supervisors (within
    # the reach their jurisdiction covers: tests/security/test_admin_side_doors.py).
    "reference.edit": {SUPERVISOR},
    # verification: the officer submits, the province does the rest.
    "dossier.submit": {DISTRICT, PROVINCE},
    "dossier.send": {PROVINCE},
    "dossier.record_identified": {PROVINCE},
    "dossier.record_not_victim": {PROVINCE},
    "dossier.request_information": {PROVINCE},
    "dossier.close": {PROVINCE},
    "dossier.reopen": {PROVINCE},
    # supports: provincial staff decide; whoever records supports records them as given.
    "support.approve": {PROVINCE},
    "support.reject": {PROVINCE},
    "support.provide": WRITERS,
    # applications: recorded, forwarded and appraised locally, decided by the province.
    "application.record": {DISTRICT, PROVINCE},
    "application.forward": {DISTRICT, PROVINCE},
    "application.appraise": {DISTRICT, PROVINCE},
    "application.approve": {PROVINCE},
    "application.reject": {PROVINCE},
    # referrals: the answers are recorded by whoever records referrals; the directory and a
    # referral without consent are for provincial users.
    "referral.accept": WRITERS,
    "referral.decline": WRITERS,
    "referral.complete": WRITERS,
    "referral.cancel": WRITERS,
    "referral.override_consent": {PROVINCE, SUPERVISOR},
    "provider.edit": {PROVINCE, SUPERVISOR},
    # follow-up visits and closure.
    "followup.visit": WRITERS,
    "followup.lost_contact": WRITERS,
    # a closure takes two people (issue 16 item 2): proposed in the area, decided by the province.
    "closure.propose": {DISTRICT, PROVINCE},
    "closure.approve": {PROVINCE},
    "closure.reject": {PROVINCE},
    "case.reopen": {PROVINCE},
    # victims: anonymisation at the end of retention is the supervisor's.
    "person.anonymise": {SUPERVISOR},
    # Need-to-know (issue 16 item 5): those who enter and verify dossiers see whole numbers.
    "person.reveal_identifiers": {DISTRICT, PROVINCE},
    # prevention: directives are the department's.
    "directive.edit": {PROVINCE, SUPERVISOR},
    # reports: approval and the partner export; viewers see "<5" below the province.
    "report.approve": {PROVINCE, SUPERVISOR},
    "report.partner_export": {PROVINCE, SUPERVISOR},
    "report.see_small_counts": WRITERS,
    # a period locked by an approval is reopened by a supervisor only, with a reason.
    "report.reopen_period": {SUPERVISOR},
    # users of a unit dissolved on 1 July 2025 are moved to its successor by a supervisor.
    "user.move_to_successor": {SUPERVISOR},
}
# What a Django superuser may do whatever their role (the inline rules that used to read
# "user.is_superuser or ...").
SUPERUSER = {
    "admin.enter",
    "reference.edit",
    "area.whole_installation",
    "person.anonymise",
    "directive.edit",
    "report.partner_export",
    "report.reopen_period",
}


def test_every_action_of_the_policy_is_pinned_here():
    assert set(EXPECTED) == ACTIONS


@pytest.mark.parametrize("role", [DISTRICT, PROVINCE, VIEWER, SUPERVISOR])
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_role_may_take_exactly_the_actions_of_the_table(role, action):
    assert role_can(role, action) == (role in EXPECTED[action])


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_a_superuser_of_any_role_may_take_only_the_superuser_actions_beyond_it(units, action):
    user = UserFactory(role=VIEWER, jurisdiction=units.district_a, is_superuser=True)

    assert can(user, action) == (action in SUPERUSER)


def test_a_signed_in_user_is_asked_through_their_role(officer_a, provincial_staff):
    assert can(provincial_staff, "support.approve")
    assert not can(officer_a, "support.approve")
    assert can(officer_a, "dossier.submit")


def test_an_inactive_or_anonymous_user_may_do_nothing(officer_a):
    officer_a.is_active = False

    assert not can(officer_a, "dossier.submit")
    assert not can(AnonymousUser(), "dossier.submit")
    assert not can(None, "dossier.submit")


def test_an_unknown_action_is_an_error_not_a_silent_no(officer_a):
    with pytest.raises(ImproperlyConfigured):
        can(officer_a, "support.aprove")
    with pytest.raises(ImproperlyConfigured):
        can(AnonymousUser(), "support.aprove")
    with pytest.raises(ImproperlyConfigured):
        role_can(DISTRICT, "")


def test_templates_ask_the_policy_through_a_filter(officer_a, supervisor):
    template = Template('{% load policy %}{% if user|can:"person.anonymise" %}yes{% endif %}')

    assert template.render(Context({"user": supervisor})) == "yes"
    assert template.render(Context({"user": officer_a})) == ""


def test_the_roles_writing_and_the_admin_flag_follow_the_policy(officer_a, colleague_a, supervisor):
    assert officer_a.can_write and not colleague_a.can_write
    assert supervisor.is_staff and not officer_a.is_staff


# --- is_visible --------------------------------------------------------------------------------


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(officer_a, units.district_a)


def test_a_row_of_the_users_area_is_visible(officer_a, provincial_staff, case_a):
    assert is_visible(officer_a, case_a)
    assert is_visible(provincial_staff, case_a)
    assert is_visible(officer_a, case_a.victim)


def test_a_row_of_another_area_is_not(officer_b, case_a):
    assert not is_visible(officer_b, case_a)
    assert not is_visible(officer_b, case_a.victim)


def test_units_are_visible_within_the_jurisdiction_only(officer_a, units):
    assert is_visible(officer_a, units.commune_a1)
    assert not is_visible(officer_a, units.district_b)
    assert not is_visible(officer_a, units.province)


def test_the_stored_row_decides_not_the_edited_instance(officer_a, officer_b, units, case_a):
    case_a.managing_unit = units.district_b  # edited, not saved

    assert is_visible(officer_a, case_a)
    assert not is_visible(officer_b, case_a)


def test_a_row_not_saved_yet_is_not_visible(officer_a, units):
    assert not is_visible(officer_a, Case(managing_unit=units.district_a))


def test_nobody_sees_anything_unless_signed_in_and_active(officer_a, case_a):
    assert not is_visible(AnonymousUser(), case_a)
    officer_a.is_active = False
    assert not is_visible(officer_a, case_a)
