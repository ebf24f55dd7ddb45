"""Follow-up visits and case closure through the services, on PostgreSQL."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from locations.models import AdministrativeUnit
from support_services.models import CaseClosure, FollowUp, FollowUpStatus
from support_services.reintegration import services
from support_services.reintegration.services import FollowUpError
from tests.support_services.closures import close_case
from tests.support_services.followups_fixtures import *  # noqa: F403 - its fixtures
from tests.support_services.followups_fixtures import RETURNED, record_visit
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date


def statuses(case):
    return dict(case.followups.values_list("months", "status"))


# --- Scheduling ---------------------------------------------------------------------------------


def test_the_schedule_falls_1_3_6_and_12_months_after_return_at_month_ends(officer_a, case_a):
    created = services.followups_schedule(actor=officer_a, case=case_a)

    assert [(f.months, f.due_date) for f in created] == [
        (1, D(2025, 2, 28)),
        (3, D(2025, 4, 30)),
        (6, D(2025, 7, 31)),
        (12, D(2026, 1, 31)),
    ]
    assert {f.returned_on for f in created} == {RETURNED}


def test_scheduling_twice_adds_nothing(officer_a, case_a, scheduled):
    again = services.followups_schedule(actor=officer_a, case=case_a)

    assert again == []
    assert case_a.followups.count() == 4


def test_the_months_come_from_the_setting(officer_a, case_a, settings):
    settings.FOLLOW_UP_MONTHS = [2, 24]

    created = services.followups_schedule(actor=officer_a, case=case_a)

    assert [(f.months, f.due_date) for f in created] == [
        (2, D(2025, 3, 31)),
        (24, D(2027, 1, 31)),
    ]


def test_a_longer_schedule_adds_only_the_missing_visits_and_keeps_those_done(
    officer_a, case_a, scheduled, settings
):
    record_visit(officer_a, scheduled[1])
    settings.FOLLOW_UP_MONTHS = [1, 3, 6, 12, 18]

    created = services.followups_schedule(actor=officer_a, case=case_a)

    assert [f.months for f in created] == [18]
    assert statuses(case_a)[1] == "done"
    assert case_a.followups.count() == 5


def test_a_corrected_return_date_moves_pending_visits_but_not_those_done(
    officer_a, case_a, scheduled
):
    record_visit(officer_a, scheduled[1], on=D(2025, 3, 3))
    case_a.reception.received_on = D(2025, 2, 10)
    case_a.reception.save()

    services.followups_schedule(actor=officer_a, case=case_a)

    dues = dict(case_a.followups.values_list("months", "due_date"))
    assert dues[1] == D(2025, 2, 28)  # done: left as it was
    assert dues[3] == D(2025, 5, 10)


def test_a_case_found_not_a_victim_gets_no_schedule(officer_a, case_a):
    from victims import services as victim_services

    victim_services.case_status_set(case=case_a, status=CaseStatus.NOT_VICTIM)

    with pytest.raises(FollowUpError, match="không phải nạn nhân"):
        services.followups_schedule(actor=officer_a, case=case_a)
    assert case_a.followups.count() == 0


def test_an_officer_of_another_district_cannot_schedule(officer_b, case_a):
    with pytest.raises(PermissionDenied):
        services.followups_schedule(actor=officer_b, case=case_a)


def test_a_viewer_cannot_schedule(colleague_a, case_a):
    with pytest.raises(FollowUpError):
        services.followups_schedule(actor=colleague_a, case=case_a)
    assert case_a.followups.count() == 0


# --- Overdue ------------------------------------------------------------------------------------


def test_overdue_visits_are_pending_ones_due_before_today(officer_a, case_a, scheduled):
    record_visit(officer_a, scheduled[1])

    with time_machine.travel(datetime.datetime(2025, 5, 1, 9)):
        overdue = list(FollowUp.objects.overdue(D(2025, 5, 1)).values_list("months", flat=True))

    assert overdue == [3]  # 1 month done; 6 and 12 not yet due


# --- Visits -------------------------------------------------------------------------------------


def test_a_visit_is_recorded_with_its_situation_and_an_event(officer_a, scheduled):
    followup = record_visit(
        officer_a,
        scheduled[1],
        risk="medium",
        situation={"health": ("serious", "Viêm phổi"), "family": ("stable", "")},
        next_steps="Chuyển gửi khám bệnh",
    )

    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE
    assert (followup.officer, followup.method, followup.risk) == (officer_a, "home", "medium")
    assert (followup.health_rating, followup.health_note) == ("serious", "Viêm phổi")
    assert followup.safety_rating == ""
    assert list(followup.events.values_list("from_status", "to_status")) == [
        ("", "scheduled"),
        ("scheduled", "done"),
    ]


@pytest.mark.parametrize(
    ("day", "message"),
    [(D(2025, 1, 30), "trước ngày trở về"), (D(2099, 1, 1), "sau ngày hôm nay")],
)
def test_a_visit_date_before_the_return_or_in_the_future_is_refused(
    officer_a, scheduled, day, message
):
    with pytest.raises(FollowUpError, match=message):
        record_visit(officer_a, scheduled[1], on=day)
    scheduled[1].refresh_from_db()
    assert scheduled[1].status == FollowUpStatus.SCHEDULED


def test_a_visit_recorded_twice_is_refused(officer_a, scheduled):
    record_visit(officer_a, scheduled[1])

    with pytest.raises(FollowUpError, match="Đã thăm"):
        record_visit(officer_a, scheduled[1])


def test_the_visiting_officer_must_cover_the_case(officer_a, officer_b, scheduled):
    with pytest.raises(FollowUpError, match="địa bàn"):
        record_visit(officer_a, scheduled[1], officer=officer_b)


def test_lost_contact_is_recorded_with_the_date_of_the_attempt(officer_a, scheduled):
    followup = services.followup_record_lost_contact(
        actor=officer_a, followup=scheduled[3], attempted_on=D(2025, 5, 2), note="Gọi 3 lần"
    )

    assert followup.status == FollowUpStatus.LOST_CONTACT
    assert followup.visited_on == D(2025, 5, 2)
    assert followup.risk == ""


def test_the_database_refuses_a_visit_done_without_its_date(scheduled):
    followup = scheduled[1]
    followup.status = FollowUpStatus.DONE
    with pytest.raises(IntegrityError), transaction.atomic():
        followup.save()


def test_the_database_refuses_findings_on_a_pending_visit(scheduled):
    followup = scheduled[1]
    followup.risk = "high"
    with pytest.raises(IntegrityError), transaction.atomic():
        followup.save()


def test_the_database_refuses_a_second_visit_for_the_same_month(scheduled, case_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            case=case_a, months=1, returned_on=RETURNED, due_date=D(2025, 2, 28)
        )


# --- Closure ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["reintegrated", "declined", "lost_contact", "deceased"])
def test_a_case_is_closed_with_its_reason_and_pending_visits_are_cancelled(
    officer_a, case_a, scheduled, reason
):
    record_visit(officer_a, scheduled[1])

    closure = close_case(actor=officer_a, case=case_a, reason=reason, closed_on=D(2025, 6, 1))

    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED
    assert (closure.reason, closure.previous_status, closure.proposed_by) == (
        reason,
        "identified",
        officer_a,
    )
    assert statuses(case_a) == {1: "done", 3: "cancelled", 6: "cancelled", 12: "cancelled"}


def moved(units, **overrides):
    fields = {
        "reason": "moved",
        "closed_on": D(2025, 6, 1),
        "receiving_province": None,
        "receiving_province_name": "",
        "receiving_agency": "Sở Y tế tỉnh Nghệ An",
        "handover_number": "15/BB-BG",
        "handover_date": D(2025, 5, 30),
        "handed_over": "Hồ sơ vụ việc, giấy xác nhận nạn nhân",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def nghe_an(units):
    from tests.factories import ProvinceFactory

    return ProvinceFactory(code="40", name="Nghệ An")


def test_a_move_to_another_province_keeps_the_hand_over_record(
    provincial_staff, case_a, units, nghe_an
):
    closure = close_case(
        actor=provincial_staff, case=case_a, **moved(units, receiving_province=nghe_an)
    )

    closure.refresh_from_db()
    assert closure.receiving_province == nghe_an
    assert closure.handover_number == "15/BB-BG"
    assert closure.receiving_province_display == "Nghệ An"


def test_a_province_outside_the_installation_is_named_by_text(provincial_staff, case_a, units):
    closure = close_case(
        actor=provincial_staff,
        case=case_a,
        **moved(units, receiving_province_name="Thành phố Hà Nội"),
    )

    assert closure.receiving_province_display == "Thành phố Hà Nội"


@pytest.mark.parametrize(
    "missing",
    ["receiving_province_name", "receiving_agency", "handover_number", "handed_over"],
)
def test_a_move_without_its_hand_over_record_is_refused(officer_a, case_a, units, missing):
    with pytest.raises(FollowUpError) as refused:
        close_case(
            actor=officer_a,
            case=case_a,
            **moved(units, **{"receiving_province_name": "Hà Nội", missing: ""}),
        )

    expected = "receiving_province" if missing == "receiving_province_name" else missing
    assert refused.value.field == expected
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED
    assert not CaseClosure.objects.exists()


def test_a_closure_for_another_reason_drops_hand_over_fields(officer_a, case_a, units):
    closure = close_case(actor=officer_a, case=case_a, **moved(units, reason="reintegrated"))

    assert (closure.receiving_agency, closure.handover_number, closure.handover_date) == (
        "",
        "",
        None,
    )


def test_a_second_closure_of_a_closed_case_is_refused(officer_a, provincial_staff, case_a):
    close_case(actor=officer_a, case=case_a, reason="reintegrated")

    with pytest.raises(FollowUpError, match="đã đóng"):
        close_case(actor=provincial_staff, case=case_a, reason="deceased")
    assert CaseClosure.objects.count() == 1


def test_the_database_holds_one_open_closure_per_case(officer_a, case_a):
    close_case(actor=officer_a, case=case_a, reason="reintegrated")

    with pytest.raises(IntegrityError), transaction.atomic():
        CaseClosure.objects.create(
            case=case_a, closed_on=D(2025, 6, 1), reason="deceased", previous_status="identified"
        )


def test_the_database_refuses_a_move_without_hand_over(case_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseClosure.objects.create(
            case=case_a, closed_on=D(2025, 6, 1), reason="moved", previous_status="identified"
        )


def test_a_closure_date_in_the_future_is_refused(officer_a, case_a):
    with pytest.raises(FollowUpError, match="sau ngày hôm nay") as refused:
        close_case(actor=officer_a, case=case_a, reason="reintegrated", closed_on=D(2099, 1, 1))
    assert refused.value.field == "closed_on"


def test_a_viewer_and_another_district_cannot_close(colleague_a, officer_b, case_a):
    with pytest.raises(FollowUpError):
        close_case(actor=colleague_a, case=case_a, reason="reintegrated")
    with pytest.raises(PermissionDenied):
        close_case(actor=officer_b, case=case_a, reason="reintegrated")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED


# --- Reopening ----------------------------------------------------------------------------------


def test_reopening_restores_the_previous_status_and_the_cancelled_visits(
    officer_a, provincial_staff, case_a, scheduled
):
    record_visit(officer_a, scheduled[1])
    close_case(actor=officer_a, case=case_a, reason="lost_contact")

    closure = services.case_reopen(
        actor=provincial_staff, case=case_a, reason="Đã liên lạc lại được"
    )

    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED
    assert (closure.reopened_by, closure.reopen_reason) == (
        provincial_staff,
        "Đã liên lạc lại được",
    )
    assert statuses(case_a) == {1: "done", 3: "scheduled", 6: "scheduled", 12: "scheduled"}


def test_a_suspected_case_reopens_as_suspected(officer_a, provincial_staff, units, make_case):
    case = make_case(officer_a, units.district_a, received=D(2025, 3, 1))
    close_case(actor=officer_a, case=case, reason="declined")

    services.case_reopen(actor=provincial_staff, case=case, reason="Đồng ý nhận hỗ trợ")

    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPECTED


def test_reopening_needs_a_reason(officer_a, provincial_staff, case_a):
    close_case(actor=officer_a, case=case_a, reason="reintegrated")

    with pytest.raises(FollowUpError, match="lý do"):
        services.case_reopen(actor=provincial_staff, case=case_a, reason="  ")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED


def test_only_provincial_staff_reopen(officer_a, case_a):
    close_case(actor=officer_a, case=case_a, reason="reintegrated")

    with pytest.raises(FollowUpError, match="Vai trò"):
        services.case_reopen(actor=officer_a, case=case_a, reason="Nhầm")


def test_an_open_case_cannot_be_reopened(provincial_staff, case_a):
    with pytest.raises(FollowUpError, match="chưa đóng"):
        services.case_reopen(actor=provincial_staff, case=case_a, reason="Thử")


def test_a_reopened_case_can_be_closed_again(officer_a, provincial_staff, case_a):
    close_case(actor=officer_a, case=case_a, reason="lost_contact")
    services.case_reopen(actor=provincial_staff, case=case_a, reason="Liên lạc lại")

    close_case(actor=officer_a, case=case_a, reason="reintegrated")

    assert [(c.reason, c.is_open) for c in case_a.closures.all()] == [
        ("reintegrated", True),
        ("lost_contact", False),
    ]


def test_unit_is_a_province_for_the_moved_reason(provincial_staff, case_a, units):
    with pytest.raises(FollowUpError):
        close_case(
            actor=provincial_staff,
            case=case_a,
            **moved(units, receiving_province=AdministrativeUnit.objects.get(code="391")),
        )


def test_a_case_does_not_move_to_its_own_province(provincial_staff, case_a, units):
    with pytest.raises(FollowUpError, match="khác tỉnh"):
        close_case(
            actor=provincial_staff, case=case_a, **moved(units, receiving_province=units.province)
        )
    assert not CaseClosure.objects.exists()
