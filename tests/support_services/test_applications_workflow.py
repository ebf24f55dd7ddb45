"""Applications for re-integration supports: deadlines by regime, the eligibility rules at the
date received, the order of dates, approval creating the support, and who does what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from support_services.applications import rules, services
from support_services.applications.services import ApplicationError
from support_services.models import (
    ApplicantRelation,
    ApplicationDeadline,
    ApplicationStatus,
    SupportApplication,
    SupportRecord,
    SupportStatus,
)
from tests.support_services.applications_fixtures import *  # noqa: F403 (the fixtures)
from tests.support_services.applications_fixtures import D, record
from verification.calendar import working_calendar

pytestmark = pytest.mark.django_db


def holidays():
    return working_calendar()


# --- Deadlines -----------------------------------------------------------------------------


def test_legacy_steps_count_working_days_past_the_weekend_and_the_30_april_holidays():
    deadlines = services.deadlines_for("legacy")
    # Received on Friday 26/04/2024: 27–28/4 weekend, 29/4–1/5 days off, Saturday 04/05/2024
    # worked in exchange for 29/4 (Công văn 2450/VPCP-KGVX ngày 12/4/2024).
    steps = rules.schedule(D(2024, 4, 26), deadlines, {}, holidays())

    assert [step.step for step in steps] == ["commune_forward", "district_appraisal", "decision"]
    assert steps[0].due == D(2024, 5, 4)  # 3 working days: 2/5, 3/5, Saturday 4/5
    assert steps[1].due == D(2024, 5, 10)  # 5 more from 4/5: 6, 7, 8, 9, 10/5
    assert steps[2].due == D(2024, 5, 15)  # 3 more (a limit the province set): 13, 14, 15/5
    assert steps[2].is_open_question


def test_a_legacy_step_counts_from_the_day_the_previous_one_was_done():
    steps = rules.schedule(
        D(2024, 4, 26),
        services.deadlines_for("legacy"),
        {"commune_forward": D(2024, 5, 3)},
        holidays(),
    )

    assert steps[1].start == D(2024, 5, 3)
    # 5 working days from Friday 03/05: Saturday 04/05 (worked in 2024), 6, 7, 8, 9/05.
    assert steps[1].due == D(2024, 5, 9)


def test_the_current_regime_decides_within_9_working_days_skipping_tet():
    # Received on Friday 13/02/2026; Tết 2026 runs from 14 to 22/02.
    steps = rules.schedule(D(2026, 2, 13), services.deadlines_for("current"), {}, holidays())

    assert [step.step for step in steps] == ["decision"]
    assert steps[0].due == D(2026, 3, 5)
    assert "162/2025" in steps[0].legal_basis


def test_a_recorded_application_is_due_on_the_deadline_of_its_first_step(
    current_application, legacy_application
):
    # 29/08/2025 (Fri) + 9 working days, skipping 1–2/9 (National Day): 15/09/2025.
    assert current_application.due_date == D(2025, 9, 15)
    # 07/06/2024 (Fri) + 3 working days: 12/06/2024.
    assert legacy_application.due_date == D(2024, 6, 12)


def test_supervisors_edit_the_day_counts_and_new_applications_follow(
    officer_a, current_case, units
):
    rule = ApplicationDeadline.objects.get(regime="current", step="decision")
    rule.days = 5
    rule.save()

    application = record(
        officer_a,
        current_case,
        "current",
        "vocational",
        received_on=D(2025, 8, 29),
        certifying_unit=units.current_commune,
    )

    assert application.due_date == D(2025, 9, 9)  # 3, 4, 5, 8, 9/9


def test_each_step_moves_the_due_date_to_the_next_one(officer_a, legacy_application):
    forwarded = services.application_forward(
        actor=officer_a, application=legacy_application, forwarded_on=D(2024, 6, 10)
    )
    assert forwarded.due_date == D(2024, 6, 17)  # Mon 10/6 + 5 working days

    appraised = services.application_appraise(
        actor=officer_a, application=forwarded, appraised_on=D(2024, 6, 14)
    )
    assert appraised.status == ApplicationStatus.APPRAISED
    assert appraised.due_date == D(2024, 6, 19)  # Fri 14/6 + 3 working days


def test_overdue_open_applications_are_listed_as_overdue(legacy_application, current_application):
    today = D(2024, 6, 13)
    overdue = SupportApplication.objects.overdue(today)

    assert list(overdue) == [legacy_application]  # due 12/06/2024; the other is due in 2025
    assert legacy_application.is_overdue_on(today)
    assert not current_application.is_overdue_on(today)


# --- Eligibility at the date received ------------------------------------------------------


def test_an_application_after_the_12_month_window_is_refused_naming_its_legal_basis(
    officer_a, legacy_case, units
):
    with pytest.raises(ApplicationError) as refused:
        record(
            officer_a,
            legacy_case,
            "legacy",
            "initial_hardship",
            received_on=D(2025, 6, 4),  # identified 03/06/2024: the last day was 03/06/2025
            certifying_unit=units.commune_a1,
        )

    message = str(refused.value)
    assert "12 tháng" in message
    assert "03/06/2025" in message
    assert "Nghị định 09/2013/NĐ-CP" in message
    assert refused.value.field == "received_on"
    assert SupportApplication.objects.count() == 0


def test_the_last_day_of_the_window_is_still_accepted(officer_a, legacy_case, units):
    application = record(
        officer_a,
        legacy_case,
        "legacy",
        "initial_hardship",
        received_on=D(2025, 6, 3),
        certifying_unit=units.commune_a1,
    )
    assert application.status == ApplicationStatus.RECEIVED


def test_a_legacy_application_of_a_household_not_poor_is_refused(officer_a, legacy_case, units):
    legacy_case.victim.poverty_status = "neither"
    legacy_case.victim.save()

    with pytest.raises(ApplicationError, match="hộ nghèo"):
        record(
            officer_a,
            legacy_case,
            "legacy",
            "education",
            received_on=D(2024, 6, 7),
            certifying_unit=units.commune_a1,
        )
    assert SupportApplication.objects.count() == 0


def test_a_person_not_yet_identified_cannot_apply_for_vocational_training(
    officer_a, units, make_case
):
    presumed = make_case(officer_a, units.district_a, received=D(2025, 8, 1))

    with pytest.raises(ApplicationError, match="53/2024/QH15"):
        record(
            officer_a,
            presumed,
            "current",
            "vocational",
            received_on=D(2025, 8, 5),
            certifying_unit=units.current_commune,
        )
    assert SupportApplication.objects.count() == 0


def test_only_the_reintegration_supports_of_the_case_regime_are_taken(
    officer_a, legacy_case, units
):
    for regime, code in (("legacy", "travel"), ("current", "education")):
        with pytest.raises(ApplicationError) as refused:
            record(
                officer_a,
                legacy_case,
                regime,
                code,
                received_on=D(2024, 6, 7),
                certifying_unit=units.commune_a1,
            )
        assert refused.value.field == "support_type"
    assert SupportApplication.objects.count() == 0


def test_a_second_open_application_for_the_same_support_is_refused(
    officer_a, legacy_application, units
):
    with pytest.raises(ApplicationError, match="đang được giải quyết"):
        record(
            officer_a,
            legacy_application.case,
            "legacy",
            "vocational",
            received_on=D(2024, 6, 8),
            certifying_unit=units.commune_a1,
        )
    assert SupportApplication.objects.count() == 1


def test_an_application_made_for_the_person_names_who_made_it(officer_a, legacy_case, units):
    with pytest.raises(ApplicationError) as refused:
        record(
            officer_a,
            legacy_case,
            "legacy",
            "education",
            received_on=D(2024, 6, 7),
            certifying_unit=units.commune_a1,
            applicant_relation=ApplicantRelation.PARENT,
        )
    assert refused.value.field == "applicant_name"

    application = record(
        officer_a,
        legacy_case,
        "legacy",
        "education",
        received_on=D(2024, 6, 7),
        certifying_unit=units.commune_a1,
        applicant_relation=ApplicantRelation.PARENT,
        applicant_name="Nguyễn Văn  Bình",
    )
    assert application.applicant_display == "Nguyễn Văn Bình (Cha, mẹ)"


def test_an_application_received_before_the_person_returned_or_in_the_future_is_refused(
    officer_a, legacy_case, units
):
    for day in (D(2024, 5, 9), datetime.date.today() + datetime.timedelta(days=1)):
        with pytest.raises(ApplicationError) as refused:
            record(
                officer_a,
                legacy_case,
                "legacy",
                "education",
                received_on=day,
                certified_on=D(2024, 5, 9),
                certifying_unit=units.commune_a1,
            )
        assert refused.value.field == "received_on"
    assert SupportApplication.objects.count() == 0


# --- Decision --------------------------------------------------------------------------------


def test_approval_creates_the_approved_support_with_the_decision(
    provincial_staff, appraised_application
):
    application = services.application_approve(
        actor=provincial_staff,
        application=appraised_application,
        decision_number="125/QĐ-UBND",
        decision_date=D(2024, 6, 18),
        authority="Chủ tịch UBND huyện Thạch Thành",
    )

    support_record = SupportRecord.objects.get()
    assert application.status == ApplicationStatus.APPROVED
    assert application.support_record == support_record
    assert application.due_date is None
    assert support_record.status == SupportStatus.APPROVED
    assert support_record.support_type == application.support_type
    assert support_record.proposed_on == D(2024, 6, 7)
    assert support_record.decision_number == "125/QĐ-UBND"
    assert support_record.decision_date == D(2024, 6, 18)
    assert support_record.deciding_authority == "Chủ tịch UBND huyện Thạch Thành"
    assert list(application.events.values_list("to_status", flat=True)) == [
        "received",
        "forwarded",
        "appraised",
        "approved",
    ]


def test_a_current_application_is_decided_straight_after_receipt(
    provincial_staff, current_application
):
    application = services.application_approve(
        actor=provincial_staff,
        application=current_application,
        decision_number="45/QĐ-SYT",
        decision_date=D(2025, 9, 10),
        authority="Sở Y tế tỉnh Thanh Hóa",
    )
    assert application.support_record.status == SupportStatus.APPROVED


def test_a_decision_dated_before_the_application_was_received_is_refused(
    provincial_staff, current_application
):
    with pytest.raises(ApplicationError) as refused:
        services.application_approve(
            actor=provincial_staff,
            application=current_application,
            decision_number="45/QĐ-SYT",
            decision_date=D(2025, 8, 28),
            authority="Sở Y tế",
        )

    assert "không được trước ngày nhận đơn" in str(refused.value)
    assert "Nghị định 162/2025/NĐ-CP" in str(refused.value)
    assert refused.value.field == "decision_date"
    current_application.refresh_from_db()
    assert current_application.status == ApplicationStatus.RECEIVED
    assert SupportRecord.objects.count() == 0


def test_a_decision_dated_in_the_future_or_before_the_appraisal_is_refused(
    provincial_staff, appraised_application
):
    for day in (datetime.date.today() + datetime.timedelta(days=1), D(2024, 6, 13)):
        with pytest.raises(ApplicationError):
            services.application_approve(
                actor=provincial_staff,
                application=appraised_application,
                decision_number="1/QĐ",
                decision_date=day,
                authority="UBND",
            )
    assert SupportRecord.objects.count() == 0


def test_a_refused_support_undoes_the_whole_approval(
    officer_a, provincial_staff, appraised_application, units
):
    # The initial-hardship allowance is once per person: when one was proposed meanwhile (by
    # another way), approving the application is refused when its support is proposed — and
    # nothing of that approval stays.
    services.application_approve(
        actor=provincial_staff,
        application=appraised_application,
        decision_number="1/QĐ",
        decision_date=D(2024, 6, 18),
        authority="UBND",
    )
    second = record(
        officer_a,
        appraised_application.case,
        "legacy",
        "initial_hardship",
        received_on=D(2024, 7, 1),
        certifying_unit=units.commune_a1,
    )
    SupportRecord.objects.create(
        case=second.case,
        support_type=second.support_type,
        proposed_on=D(2024, 7, 2),
        status=SupportStatus.PROPOSED,
    )
    second = services.application_forward(
        actor=officer_a, application=second, forwarded_on=D(2024, 7, 2)
    )
    second = services.application_appraise(
        actor=officer_a, application=second, appraised_on=D(2024, 7, 3)
    )

    with pytest.raises(ApplicationError, match="một lần"):
        services.application_approve(
            actor=provincial_staff,
            application=second,
            decision_number="2/QĐ",
            decision_date=D(2024, 7, 5),
            authority="UBND",
        )

    second.refresh_from_db()
    assert second.status == ApplicationStatus.APPRAISED
    assert second.support_record is None
    assert SupportRecord.objects.count() == 2  # the first approval's and the one made above


def test_a_rejection_needs_a_reason_and_ends_the_application(provincial_staff, legacy_application):
    with pytest.raises(ApplicationError) as refused:
        services.application_reject(
            actor=provincial_staff, application=legacy_application, reason=" "
        )
    assert refused.value.field == "reason"

    application = services.application_reject(
        actor=provincial_staff,
        application=legacy_application,
        reason="Đã được hỗ trợ học nghề tại địa phương khác.",
    )
    assert application.status == ApplicationStatus.REJECTED
    assert application.due_date is None
    assert SupportRecord.objects.count() == 0


# --- Who does what ---------------------------------------------------------------------------


def test_a_district_officer_records_and_forwards_but_does_not_decide(
    officer_a, appraised_application
):
    with pytest.raises(ApplicationError, match="không được quyết định hỗ trợ"):
        services.application_approve(
            actor=officer_a,
            application=appraised_application,
            decision_number="1/QĐ",
            decision_date=D(2024, 6, 18),
            authority="UBND",
        )
    appraised_application.refresh_from_db()
    assert appraised_application.status == ApplicationStatus.APPRAISED
    assert SupportRecord.objects.count() == 0


def test_a_viewer_records_nothing(colleague_a, legacy_case, units):
    with pytest.raises(ApplicationError):
        record(
            colleague_a,
            legacy_case,
            "legacy",
            "education",
            received_on=D(2024, 6, 7),
            certifying_unit=units.commune_a1,
        )
    assert SupportApplication.objects.count() == 0


def test_an_officer_of_another_district_can_take_no_step(officer_b, legacy_application, units):
    with pytest.raises(PermissionDenied):
        services.application_forward(
            actor=officer_b, application=legacy_application, forwarded_on=D(2024, 6, 10)
        )
    with pytest.raises(PermissionDenied):
        record(
            officer_b,
            legacy_application.case,
            "legacy",
            "education",
            received_on=D(2024, 6, 7),
            certifying_unit=units.commune_a1,
        )
    legacy_application.refresh_from_db()
    assert legacy_application.status == ApplicationStatus.RECEIVED


def test_a_current_application_has_no_commune_or_district_step(officer_a, current_application):
    assert services.allowed_actions(current_application, "district_officer") == []
    with pytest.raises(ApplicationError, match="Không thể"):
        services.application_forward(
            actor=officer_a, application=current_application, forwarded_on=D(2025, 9, 1)
        )


def test_the_database_refuses_an_approval_without_its_support(legacy_application):
    from django.db import IntegrityError, transaction

    legacy_application.status = ApplicationStatus.APPROVED
    legacy_application.decision_number = "1/QĐ"
    legacy_application.decision_date = D(2024, 6, 20)
    with pytest.raises(IntegrityError), transaction.atomic():
        legacy_application.save()
