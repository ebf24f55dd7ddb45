"""The database holds the invariants the forms check (issue 8, item 6): a write that bypasses the
forms and services (a script, the shell, a bug) is refused by a CHECK constraint.

Invariants held by a constraint added for this item:
  victim_birth_year_matches_date      the birth year is the year of the date of birth (VictimForm)
  criminal_case_has_number            a criminal case has its number (CaseForm)
  dossier_sent_has_letter             a dossier sent for verification names the agency, letter
                                      number and date (SendForm, dossier_send)
  support_quantity_at_most_max        at most 1000 units / days (ProposeForm, ProvideForm)
  support_decided_has_decision        a decided or given support has its decision number and
                                      date (ApproveForm, support_approve)
  support_provided_has_date           a given support has the day it was given (support_provide)
  support_rejected_has_reason         a refused support has its reason (support_reject)
  support_amount_plausible            at most 100,000,000 đồng (support_provide)
  referral_expected_after_response    expected completion not before the answer (referral_accept)
Already held before (tested in their apps): amounts, days and counts ≥ 0 (positive integer
columns), the date orders of consents, receptions, dossiers, supports, rates, referrals,
applications, follow-ups, closures and prevention activities, exactly one of provider /
programme, consent or override, female participants within the total, plausible years.

Not expressible as a CHECK (they read other rows or today's date), kept in forms and services:
a date not after today (a CHECK cannot call now(); receptions and closures compare with the day
the row was written); a reception not before the person's birth (Victim vs Reception); a unique
ID number among people (a partial unique index, already there); an amount different from the rate
in force needs a reason (SupportRate rows); eligibility of a support (case, dossier, earlier
supports); consent of a child by a guardian (age from Victim, Consent rows); a directive's number
shape and type code (a parser in prevention/rules.py); participants per group adding up to the
total (ActivityParticipation rows).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from support_services.models import Referral, SupportRecord, SupportType
from support_services.supports import services as support_services
from tests.support_services.referrals_fixtures import *  # noqa: F403 - provider, consent, sent
from verification import services as dossier_services
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import CriminalCase, Victim

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(constraint: str):
    """The save is refused by the database, by this constraint."""
    return pytest.raises(IntegrityError, match=constraint)


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(officer_a, units.district_a, full_name="Hà Thị Lụa", received=D(2024, 5, 10))


def test_a_birth_year_other_than_the_year_of_the_date_of_birth_is_refused(
    officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, date_of_birth=D(2000, 3, 4), birth_year=2000)

    with refused("victim_birth_year_matches_date"), transaction.atomic():
        Victim.objects.filter(pk=case.victim_id).update(birth_year=1999)


def test_the_constraint_message_is_vietnamese_for_a_full_clean(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, date_of_birth=D(2000, 3, 4), birth_year=2000)
    victim = Victim.objects.get(pk=case.victim_id)
    victim.birth_year = 1999

    with pytest.raises(ValidationError) as error:
        victim.validate_constraints()
    assert "Năm sinh khác với năm của ngày sinh." in str(error.value)


def test_a_criminal_case_without_a_number_is_refused(db):
    with refused("criminal_case_has_number"), transaction.atomic():
        CriminalCase.objects.create(number="", investigating_agency="Cơ quan CSĐT Công an tỉnh")


def test_a_dossier_marked_sent_without_its_letter_is_refused(officer_a, case_a):
    dossier = dossier_services.dossier_submit(
        actor=officer_a, dossier=dossier_services.dossier_create(actor=officer_a, case=case_a)
    )
    dossier.status = "sent"

    with refused("dossier_sent_has_letter"), transaction.atomic():
        dossier.save()


@pytest.fixture
def proposed(officer_a, case_a):
    victim_services.case_status_set(case=case_a, status=CaseStatus.IDENTIFIED)
    return support_services.support_propose(
        actor=officer_a,
        case=case_a,
        support_type=SupportType.objects.get(regime="legacy", code="travel"),
        on_date=D(2024, 5, 12),
    )


@pytest.fixture
def approved(provincial_staff, proposed):
    return support_services.support_approve(
        actor=provincial_staff,
        record=proposed,
        decision_number="12/QĐ-SLĐTBXH",
        decision_date=D(2024, 5, 15),
        authority="Sở Lao động - Thương binh và Xã hội",
    )


def test_a_quantity_above_the_forms_limit_is_refused(proposed):
    proposed.quantity = 1001

    with refused("support_quantity_at_most_max"), transaction.atomic():
        proposed.save()


def test_a_support_decided_without_a_decision_number_is_refused(proposed):
    proposed.status = "approved"
    proposed.decision_date = D(2024, 5, 15)

    with refused("support_decided_has_decision"), transaction.atomic():
        proposed.save()


def test_a_support_given_without_the_day_it_was_given_is_refused(approved):
    approved.status = "provided"

    with refused("support_provided_has_date"), transaction.atomic():
        approved.save()


def test_a_support_refused_without_a_reason_is_refused(proposed):
    proposed.status = "rejected"

    with refused("support_rejected_has_reason"), transaction.atomic():
        proposed.save()


def test_an_implausible_amount_is_refused(approved):
    approved.amount = 100_000_001

    with refused("support_amount_plausible"), transaction.atomic():
        approved.save()


def test_the_largest_plausible_amount_is_accepted(approved):
    approved.amount = 100_000_000
    approved.save()

    assert SupportRecord.objects.get(pk=approved.pk).amount == 100_000_000


def test_an_expected_completion_before_the_answer_is_refused(sent):
    referral = Referral.objects.get(pk=sent.pk)
    referral.status = "accepted"
    referral.responded_on = D(2024, 6, 10)
    referral.expected_completion_on = D(2024, 6, 8)  # after sending, before the answer

    with refused("referral_expected_after_response"), transaction.atomic():
        referral.save()
