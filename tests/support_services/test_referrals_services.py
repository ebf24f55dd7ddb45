"""Referrals through the services: consent or override, each transition, dates, overdue."""

import datetime
import logging

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from support_services.models import (
    Programme,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceKind,
)
from support_services.referrals import services
from support_services.referrals.services import ReferralError
from tests.support_services.referrals_fixtures import *  # noqa: F403 - the fixtures
from tests.support_services.referrals_fixtures import SENT, give_consent
from verification.models import CalendarDay

pytestmark = pytest.mark.django_db
D = datetime.date


def send(actor, case, **kwargs):
    values = {"service": ServiceKind.SHELTER, "sent_on": SENT, **kwargs}
    return services.referral_send(actor=actor, case=case, **values)


def test_a_referral_with_consent_is_sent_and_due_in_ten_working_days(sent, consent_a):
    assert sent.status == ReferralStatus.SENT
    assert sent.consent == consent_a and not sent.is_override
    # Monday 03/06/2024 + 10 working days = Monday 17/06/2024.
    assert sent.due_on == D(2024, 6, 17)
    assert list(sent.events.values_list("from_status", "to_status")) == [("", "sent")]


def test_the_response_deadline_skips_public_holidays_and_follows_the_setting(
    officer_a, case_a, provider, consent_a, settings
):
    settings.REFERRAL_RESPONSE_WORKING_DAYS = 3
    CalendarDay.objects.get_or_create(date=D(2024, 6, 4), defaults={"name": "Nghỉ thử"})

    referral = send(officer_a, case_a, provider=provider, consent=consent_a)

    # Monday 03/06 + 3 working days, 04/06 off: 05, 06, 07/06.
    assert referral.due_on == D(2024, 6, 7)


def test_a_district_officer_without_consent_is_refused_and_nothing_is_saved(
    officer_a, case_a, provider
):
    with pytest.raises(ReferralError, match="53/2024/QH15") as refused:
        send(officer_a, case_a, provider=provider, override_reason="Khẩn cấp")

    assert refused.value.field == "consent"
    assert Referral.objects.count() == 0 and ReferralEvent.objects.count() == 0


def test_a_child_with_only_their_own_consent_is_refused(officer_a, units, make_case, provider):
    child = make_case(officer_a, units.district_a, birth_year=2009, full_name="Lò Thị Mai")
    own = give_consent(child.victim, given_by="person")

    with pytest.raises(ReferralError, match="người giám hộ"):
        send(officer_a, child, provider=provider, consent=own)

    guardian = give_consent(child.victim, given_by="guardian")
    assert send(officer_a, child, provider=provider, consent=guardian).consent == guardian


def test_a_provincial_override_is_recorded_in_the_event_and_logged_with_ids_only(
    provincial_staff, case_a, provider, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.INFO, logger="trafficking_cases.access"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        referral = send(
            provincial_staff,
            case_a,
            programme=Programme.CHILD_PROTECTION,
            override_reason="Bị đe dọa, cần tạm lánh ngay",
        )

    assert referral.consent is None
    assert referral.overridden_by == provincial_staff
    event = referral.events.get()
    assert event.consent_override and event.note == "Bị đe dọa, cần tạm lánh ngay"
    lines = [r.getMessage() for r in caplog.records if r.name == "trafficking_cases.access"]
    assert lines == [
        f"referral consent override: user={provincial_staff.pk} referral={referral.pk} "
        f"case={case_a.pk}"
    ]
    assert "Đặng" not in lines[0] and case_a.victim.id_number not in lines[0]


def test_an_override_without_a_reason_is_refused(provincial_staff, case_a, provider):
    with pytest.raises(ReferralError) as refused:
        send(provincial_staff, case_a, provider=provider, override_reason=" ")

    assert refused.value.field == "override_reason"
    assert Referral.objects.count() == 0


def test_the_consent_of_another_person_is_refused(officer_a, case_a, provider, units, make_case):
    other = make_case(officer_a, units.district_a, full_name="Lò Văn Nam")
    theirs = give_consent(other.victim)

    with pytest.raises(ReferralError, match="không phải của người"):
        send(officer_a, case_a, provider=provider, consent=theirs)


def test_a_referral_goes_to_a_provider_or_a_programme_never_both(
    officer_a, case_a, provider, consent_a
):
    with pytest.raises(ReferralError, match="chỉ một trong hai"):
        send(
            officer_a,
            case_a,
            provider=provider,
            programme=Programme.HEALTH_INSURANCE,
            consent=consent_a,
        )
    with pytest.raises(ReferralError, match="chỉ một trong hai"):
        send(officer_a, case_a, consent=consent_a)


def test_the_database_refuses_a_referral_to_both_or_without_consent(sent):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=sent.pk).update(programme=Programme.HEALTH_INSURANCE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=sent.pk).update(consent=None)


def test_an_inactive_provider_cannot_be_chosen(officer_a, case_a, provider, consent_a):
    provider.is_active = False
    provider.save()

    with pytest.raises(ReferralError, match="ngừng hoạt động"):
        send(officer_a, case_a, provider=provider, consent=consent_a)


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [(D(2024, 5, 9), "không được trước ngày 10/05/2024"), (D(2099, 1, 1), "sau ngày hôm nay")],
)
def test_the_referral_date_is_after_reception_and_not_in_the_future(
    officer_a, case_a, provider, consent_a, sent_on, message
):
    with pytest.raises(ReferralError, match=message):
        send(officer_a, case_a, provider=provider, consent=consent_a, sent_on=sent_on)


def test_an_accepted_referral_is_completed_with_its_outcome(officer_a, accepted):
    done = services.referral_complete(
        actor=officer_a,
        referral=accepted,
        completed_on=D(2024, 8, 1),
        outcome="Đã tạm lánh 60 ngày",
    )

    assert done.status == ReferralStatus.COMPLETED
    assert (done.responded_on, done.completed_on) == (D(2024, 6, 7), D(2024, 8, 1))
    assert list(done.events.values_list("to_status", flat=True)) == [
        "sent",
        "accepted",
        "completed",
    ]


def test_a_declined_referral_keeps_its_reason(officer_a, sent):
    declined = services.referral_decline(
        actor=officer_a, referral=sent, responded_on=D(2024, 6, 5), reason="Hết chỗ"
    )

    assert declined.status == ReferralStatus.DECLINED
    assert declined.decline_reason == "Hết chỗ"
    assert declined.events.last().note == "Hết chỗ"


def test_a_decline_needs_a_reason(officer_a, sent):
    with pytest.raises(ReferralError, match="lý do từ chối"):
        services.referral_decline(
            actor=officer_a, referral=sent, responded_on=D(2024, 6, 5), reason=""
        )


def test_an_open_referral_is_cancelled_with_a_reason(officer_a, accepted):
    cancelled = services.referral_cancel(actor=officer_a, referral=accepted, reason="Chuyển đi")

    assert cancelled.status == ReferralStatus.CANCELLED
    assert cancelled.cancel_reason == "Chuyển đi"


def test_a_sent_referral_cannot_be_completed_and_nothing_changes(officer_a, sent):
    with pytest.raises(ReferralError, match="Không thể ghi nhận hoàn thành"):
        services.referral_complete(
            actor=officer_a, referral=sent, completed_on=D(2024, 6, 10), outcome="Xong"
        )

    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT and sent.completed_on is None
    assert sent.events.count() == 1


def test_a_declined_referral_cannot_be_accepted(officer_a, sent):
    services.referral_decline(
        actor=officer_a, referral=sent, responded_on=D(2024, 6, 5), reason="Hết chỗ"
    )

    with pytest.raises(ReferralError, match="Từ chối tiếp nhận"):
        services.referral_accept(actor=officer_a, referral=sent, responded_on=D(2024, 6, 6))


@pytest.mark.parametrize(
    ("responded_on", "message"),
    [(D(2024, 6, 2), "không được trước ngày 03/06/2024"), (D(2099, 6, 2), "sau ngày hôm nay")],
)
def test_the_response_is_not_before_sending_nor_in_the_future(
    officer_a, sent, responded_on, message
):
    with pytest.raises(ReferralError, match=message) as refused:
        services.referral_accept(actor=officer_a, referral=sent, responded_on=responded_on)

    assert refused.value.field == "responded_on"
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


def test_completion_is_not_before_the_response(officer_a, accepted):
    with pytest.raises(ReferralError, match="không được trước ngày 07/06/2024"):
        services.referral_complete(
            actor=officer_a, referral=accepted, completed_on=D(2024, 6, 6), outcome="Xong"
        )


def test_the_overdue_list_holds_sent_past_due_and_accepted_past_expected_completion(
    officer_a, case_a, provider, consent_a, accepted
):
    late = send(officer_a, case_a, provider=provider, consent=consent_a, sent_on=D(2024, 6, 10))
    answered = send(officer_a, case_a, provider=provider, consent=consent_a)
    answered = services.referral_decline(
        actor=officer_a, referral=answered, responded_on=D(2024, 6, 5), reason="Hết chỗ"
    )

    overdue_on = lambda day: set(Referral.objects.overdue(day).values_list("pk", flat=True))  # noqa: E731
    assert overdue_on(D(2024, 6, 24)) == set()  # late is due 24/06
    assert overdue_on(D(2024, 6, 25)) == {late.pk}
    assert overdue_on(D(2024, 10, 1)) == {late.pk, accepted.pk}  # expected by 30/09
    assert late.is_overdue_on(D(2024, 6, 25)) and not answered.is_overdue_on(D(2099, 1, 1))


def test_an_officer_of_another_district_can_neither_send_nor_step(officer_b, case_a, sent):
    with pytest.raises(PermissionDenied):
        send(officer_b, case_a, programme=Programme.HEALTH_INSURANCE, consent=sent.consent)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=officer_b, referral=sent, responded_on=D(2024, 6, 5))
    with pytest.raises(PermissionDenied):
        services.referral_cancel(actor=officer_b, referral=sent, reason="x")
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


def test_a_viewer_cannot_send(colleague_a, case_a, consent_a):
    with pytest.raises(ReferralError, match="Vai trò"):
        send(colleague_a, case_a, programme=Programme.HEALTH_INSURANCE, consent=consent_a)


def test_today_is_the_default_limit_of_dates(officer_a, sent):
    with time_machine.travel(datetime.datetime(2024, 6, 4, 9, 0), tick=False):
        with pytest.raises(ReferralError, match="sau ngày hôm nay"):
            services.referral_accept(actor=officer_a, referral=sent, responded_on=D(2024, 6, 5))
        accepted = services.referral_accept(
            actor=officer_a, referral=sent, responded_on=D(2024, 6, 4)
        )
    assert accepted.status == ReferralStatus.ACCEPTED
