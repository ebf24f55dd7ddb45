"""Separation of duties (issue 16 item 2; core.duties): who proposed a support, submitted a
dossier or recorded an application does not decide it; one person does not propose, decide and
record the payment of one support. On by default; a one-person office switches it off, and
then every step one person takes in spite of the rule is recorded."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AccessAction, AccessLog, Organisation
from support_services.applications import services as application_services
from support_services.models import SupportStatus, SupportType
from support_services.supports import services
from tests.support_services.applications_fixtures import record as record_application
from tests.verification.conftest import add_certifying_document
from verification import services as verification_services
from verification.models import DossierStatus
from victims import services as victim_services
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_PERSON = "một người đảm nhiệm do cấu hình của đơn vị"


@pytest.fixture
def case_a(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name="Lò Thị Mai")
    case.victim.poverty_status = "poor"
    case.victim.save()
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


@pytest.fixture
def one_person_office():
    organisation = Organisation.current()
    organisation.separation_of_duties = False
    organisation.save()
    return organisation


def propose(actor, case, code="travel"):
    return services.support_propose(
        actor=actor,
        case=case,
        support_type=SupportType.objects.get(regime="legacy", code=code),
        on_date=D(2024, 5, 12),
    )


def approve(actor, record):
    return services.support_approve(
        actor=actor,
        record=record,
        decision_number="15/QĐ-SLĐTBXH",
        decision_date=D(2024, 5, 15),
        authority="Sở",
    )


def provide(actor, record):
    return services.support_provide(
        actor=actor, record=record, provided_on=D(2024, 5, 20), amount=200_000, override_reason="x"
    )


def test_separation_of_duties_is_on_by_default():
    assert Organisation.current().separation_of_duties is True


# --- Supports --------------------------------------------------------------------------------


def test_the_proposer_of_a_support_cannot_approve_it(provincial_staff, case_a):
    record = propose(provincial_staff, case_a)

    with pytest.raises(services.SupportError, match="Bạn đã đề xuất hỗ trợ này; người khác"):
        approve(provincial_staff, record)

    record.refresh_from_db()
    assert record.status == SupportStatus.PROPOSED
    assert list(record.events.values_list("to_status", flat=True)) == ["proposed"]


def test_another_officer_approves_what_a_colleague_proposed(
    provincial_staff, provincial_colleague, case_a
):
    record = approve(provincial_colleague, propose(provincial_staff, case_a))

    assert record.status == SupportStatus.APPROVED
    assert [e.actor for e in record.events.all()] == [provincial_staff, provincial_colleague]
    assert not AccessLog.objects.filter(action=AccessAction.ONE_PERSON).exists()


def test_one_person_cannot_propose_decide_and_record_the_payment(
    provincial_staff, provincial_colleague, case_a, one_person_office
):
    # Proposed and decided by one person while the office allowed it; then the rule is on.
    record = approve(provincial_staff, propose(provincial_staff, case_a))
    one_person_office.separation_of_duties = True
    one_person_office.save()

    with pytest.raises(services.SupportError, match="người khác phải ghi nhận việc chi trả"):
        provide(provincial_staff, record)
    record.refresh_from_db()
    assert record.status == SupportStatus.APPROVED

    given = provide(provincial_colleague, record)
    assert given.status == SupportStatus.PROVIDED


def test_the_decider_may_record_the_payment_of_what_another_proposed(
    officer_a, provincial_staff, case_a
):
    record = approve(provincial_staff, propose(officer_a, case_a))

    assert provide(provincial_staff, record).status == SupportStatus.PROVIDED


def test_with_the_setting_off_one_person_approves_and_the_override_is_recorded(
    provincial_staff, case_a, one_person_office, client
):
    record = approve(provincial_staff, propose(provincial_staff, case_a))

    assert record.status == SupportStatus.APPROVED
    event = record.events.get(to_status="approved")
    assert ONE_PERSON in event.note
    assert "Nguyễn Thị Lan" in event.note and "quyết định hỗ trợ" in event.note
    entry = AccessLog.objects.get(action=AccessAction.ONE_PERSON)
    assert (entry.user, entry.object_id, entry.case_id) == (provincial_staff, record.pk, case_a.pk)
    assert entry.details["step"] == "approve"
    assert entry.details["earlier_steps"] == ["propose"]
    # On the case timeline.
    client.force_login(provincial_staff)
    page = client.get(reverse("victims:case-detail", args=[case_a.pk]) + "?tab=timeline")
    assert ONE_PERSON in page.content.decode()


# --- Pages -----------------------------------------------------------------------------------


def test_the_proposer_sees_the_approve_button_disabled_with_the_reason(
    provincial_client, provincial_colleague_client, provincial_staff, case_a
):
    record = propose(provincial_staff, case_a)
    step_url = reverse("support_services:support-step", args=[record.pk, "approve"])
    url = reverse("victims:case-detail", args=[case_a.pk]) + "?tab=supports"

    own = provincial_client.get(url).content.decode()
    other = provincial_colleague_client.get(url).content.decode()

    assert "Bạn đã đề xuất hỗ trợ này; người khác phải phê duyệt." in own
    assert step_url not in own
    assert 'data-testid="support-approve"' in own and "disabled" in own
    assert step_url in other
    assert "người khác phải phê duyệt" not in other


def test_the_proposers_step_form_is_refused_with_what_was_typed_kept(
    provincial_client, provincial_staff, case_a
):
    record = propose(provincial_staff, case_a)

    response = provincial_client.post(
        reverse("support_services:support-step", args=[record.pk, "approve"]),
        {"decision_number": "77/QĐ-TEST", "decision_date": "15/05/2024", "authority": "Sở X"},
    )

    body = response.content.decode()
    assert response.status_code != 302
    assert "Bạn đã đề xuất hỗ trợ này; người khác phải phê duyệt." in body
    assert 'value="77/QĐ-TEST"' in body and 'value="Sở X"' in body
    record.refresh_from_db()
    assert record.status == SupportStatus.PROPOSED


# --- Verification dossiers -------------------------------------------------------------------


def _sent_by(actor, case):
    dossier = verification_services.dossier_create(actor=actor, case=case)
    dossier = verification_services.dossier_submit(actor=actor, dossier=dossier)
    dossier = verification_services.dossier_send(
        actor=actor,
        dossier=dossier,
        agency="Công an tỉnh Thanh Hóa",
        letter_number="12/SYT",
        letter_date=D(2024, 5, 20),
    )
    add_certifying_document(dossier)
    return dossier


def test_who_submitted_a_dossier_cannot_record_its_identification(
    provincial_staff, provincial_colleague, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    dossier = _sent_by(provincial_staff, case)

    with pytest.raises(verification_services.TransitionError, match="người khác phải ghi nhận"):
        verification_services.dossier_record_result(
            actor=provincial_staff, dossier=dossier, result=DossierStatus.IDENTIFIED
        )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SENT

    dossier = verification_services.dossier_record_result(
        actor=provincial_colleague, dossier=dossier, result=DossierStatus.IDENTIFIED
    )
    assert dossier.status == DossierStatus.IDENTIFIED


def test_the_dossier_section_shows_the_result_step_disabled_to_its_submitter(
    provincial_client, provincial_staff, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    _sent_by(provincial_staff, case)

    page = provincial_client.get(
        reverse("victims:case-detail", args=[case.pk]) + "?tab=dossier"
    ).content.decode()

    assert "Bạn đã gửi hồ sơ này đề nghị xác định nạn nhân" in page
    assert 'data-testid="action-record"' in page and "disabled" in page


# --- Applications ----------------------------------------------------------------------------


@pytest.fixture
def current_case_identified(officer_a, provincial_colleague, units, make_case):
    from tests.support_services.applications_fixtures import identify

    case = make_case(
        officer_a, units.district_a, received=D(2025, 8, 4), residence=units.current_commune
    )
    return identify(case, officer=officer_a, staff=provincial_colleague, on=D(2025, 8, 20))


def _record(actor, case, units):
    return record_application(
        actor,
        case,
        "current",
        "education",
        received_on=D(2025, 8, 29),
        certifying_unit=units.current_commune,
    )


def _approve_application(actor, application):
    return application_services.application_approve(
        actor=actor,
        application=application,
        decision_number="5/QĐ-SYT",
        decision_date=D(2025, 9, 5),
        authority="Sở Y tế",
    )


def test_who_recorded_an_application_cannot_decide_it(
    provincial_staff, provincial_colleague, current_case_identified, units
):
    application = _record(provincial_staff, current_case_identified, units)

    with pytest.raises(application_services.ApplicationError, match="Bạn đã ghi nhận đơn"):
        _approve_application(provincial_staff, application)
    application.refresh_from_db()
    assert application.status == "received" and application.support_record is None

    application = _approve_application(provincial_colleague, application)
    assert application.status == "approved"
    # The support it grants was proposed by the recorder: the decider may record the payment,
    # the recorder may not decide again — and the recorder may record it, as two did the rest.
    taken = services.support_steps_taken(application.support_record)
    assert taken == {"propose": provincial_staff.pk, "approve": provincial_colleague.pk}


def test_with_the_setting_off_the_recorder_decides_and_it_is_recorded(
    provincial_staff, current_case_identified, units, one_person_office
):
    application = _record(provincial_staff, current_case_identified, units)

    application = _approve_application(provincial_staff, application)

    assert application.status == "approved"
    assert ONE_PERSON in application.events.get(to_status="approved").note
    assert AccessLog.objects.filter(
        action=AccessAction.ONE_PERSON, user=provincial_staff, details__step="approve"
    ).exists()


# --- The setting in the admin ----------------------------------------------------------------


def _organisation_form(organisation, **changes):
    return {
        "name": organisation.name,
        "ethnic_code_set": organisation.ethnic_code_set,
        "transitional_procedure": organisation.transitional_procedure,
        "servedprovince_set-TOTAL_FORMS": "0",
        "servedprovince_set-INITIAL_FORMS": "0",
        **changes,
    }


def test_a_supervisor_covering_the_installation_switches_it_off_with_history(
    supervisor_client, supervisor, thanh_hoa_served
):
    organisation = Organisation.current()

    response = supervisor_client.post(
        f"/admin/accounts/organisation/{organisation.pk}/change/",
        _organisation_form(organisation),  # the checkbox left unticked: off
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.separation_of_duties is False
    latest = organisation.history.first()
    assert (latest.separation_of_duties, latest.history_user) == (False, supervisor)


def test_a_supervisor_of_a_district_cannot_switch_it_off(units, thanh_hoa_served, client):
    from tests.factories import UserFactory

    district_supervisor = UserFactory(
        username="quantri.huyen", role="supervisor", jurisdiction=units.district_a
    )
    client.force_login(district_supervisor)
    organisation = Organisation.current()

    response = client.post(
        f"/admin/accounts/organisation/{organisation.pk}/change/",
        _organisation_form(organisation),
    )

    assert response.status_code in (302, 403)
    organisation.refresh_from_db()
    assert organisation.separation_of_duties is True
