"""Every allowed and refused transition of a verification dossier, per role."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection

from tests.verification.conftest import add_certifying_document
from verification import services
from verification.models import CalendarDay, DossierEvent, DossierStatus, VerificationDossier
from verification.services import TransitionError
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db


def test_an_officer_drafts_and_submits_and_the_department_has_three_days(officer_a, draft):
    with time_machine.travel(datetime.datetime(2024, 5, 16, 9, 0), tick=False):
        dossier = services.dossier_submit(actor=officer_a, dossier=draft)

    assert dossier.status == DossierStatus.SUBMITTED
    # Thursday 16/05/2024 + 3 days = Sunday 19/05 → the next working day, Monday 20/05.
    assert dossier.due_date == datetime.date(2024, 5, 20)
    assert list(dossier.events.order_by("pk").values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "submitted"),
    ]


def test_the_police_reply_deadline_counts_working_days_and_skips_a_holiday(
    provincial_staff, submitted
):
    for day in (29, 30):
        CalendarDay.objects.get_or_create(
            date=datetime.date(2024, 4, day), defaults={"name": "30/4"}
        )
    CalendarDay.objects.get_or_create(date=datetime.date(2024, 5, 1), defaults={"name": "1/5"})
    dossier = services.dossier_send(
        actor=provincial_staff,
        dossier=submitted,
        agency="Công an huyện",
        letter_number="1/CV",
        letter_date=datetime.date(2024, 4, 26),
    )

    # Friday 26/04/2024 + 15 working days, skipping 29/04, 30/04 and 01/05 (days off in 2024)
    # and counting Saturday 04/05/2024, worked in exchange for 29/04 (Công văn 2450/VPCP-KGVX):
    # 2, 3, 4, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21/05.
    assert dossier.due_date == datetime.date(2024, 5, 21)


def test_provincial_staff_send_and_record_identified_with_a_certifying_document(
    provincial_staff, sent
):
    add_certifying_document(sent)

    dossier = services.dossier_record_result(
        actor=provincial_staff,
        dossier=sent,
        result=DossierStatus.IDENTIFIED,
        reply_number="45/CAH",
        reply_date=datetime.date(2024, 6, 3),
    )

    assert dossier.status == DossierStatus.IDENTIFIED
    dossier.case.refresh_from_db()
    assert dossier.case.status == CaseStatus.IDENTIFIED
    assert dossier.due_date is None


def test_identified_without_a_certifying_document_is_refused_and_nothing_changes(
    provincial_staff, sent
):
    with pytest.raises(TransitionError, match="Chưa có tài liệu xác nhận là nạn nhân"):
        services.dossier_record_result(
            actor=provincial_staff, dossier=sent, result=DossierStatus.IDENTIFIED
        )

    sent.refresh_from_db()
    assert sent.status == DossierStatus.SENT
    assert sent.case.status == CaseStatus.SUSPECTED


def test_a_reply_dated_before_the_request_is_refused(provincial_staff, sent):
    with pytest.raises(TransitionError, match="không được trước ngày công văn"):
        services.dossier_record_result(
            actor=provincial_staff,
            dossier=sent,
            result=DossierStatus.NOT_VICTIM,
            reply_date=datetime.date(2024, 5, 1),
        )
    sent.refresh_from_db()
    assert sent.status == DossierStatus.SENT


def test_not_a_victim_updates_the_case(provincial_staff, sent):
    services.dossier_record_result(
        actor=provincial_staff, dossier=sent, result=DossierStatus.NOT_VICTIM
    )

    sent.case.refresh_from_db()
    assert sent.case.status == CaseStatus.NOT_VICTIM


def test_more_information_sends_the_dossier_back_to_submitted(provincial_staff, sent):
    dossier = services.dossier_record_result(
        actor=provincial_staff, dossier=sent, result=DossierStatus.SUBMITTED, note="Thiếu lời khai"
    )

    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.events.last().note == "Thiếu lời khai"


def test_close_and_reopen_with_a_reason(provincial_staff, sent):
    services.dossier_record_result(
        actor=provincial_staff, dossier=sent, result=DossierStatus.NOT_VICTIM
    )
    closed = services.dossier_close(actor=provincial_staff, dossier=sent)
    assert closed.status == DossierStatus.CLOSED

    with pytest.raises(TransitionError, match="lý do"):
        services.dossier_reopen(actor=provincial_staff, dossier=closed, reason=" ")
    reopened = services.dossier_reopen(
        actor=provincial_staff, dossier=closed, reason="Có tài liệu mới"
    )

    assert reopened.status == DossierStatus.SUBMITTED
    reopened.case.refresh_from_db()
    assert reopened.case.status == CaseStatus.SUSPECTED


@pytest.mark.parametrize(
    ("who", "stage", "action"),
    [
        ("officer_a", "submitted", "send"),
        ("officer_a", "sent", "record"),
        ("colleague_a", "draft", "submit"),
        ("provincial_staff", "draft", "send"),
        ("provincial_staff", "submitted", "record"),
        ("provincial_staff", "submitted", "close"),
        ("provincial_staff", "sent", "submit"),
    ],
)
def test_a_wrong_role_or_state_is_refused_in_vietnamese_and_nothing_changes(
    request, who, stage, action
):
    user = request.getfixturevalue(who)
    dossier = request.getfixturevalue(stage)
    before = (dossier.status, dossier.events.count())
    call = {
        "submit": lambda: services.dossier_submit(actor=user, dossier=dossier),
        "send": lambda: services.dossier_send(
            actor=user,
            dossier=dossier,
            agency="CA",
            letter_number="1",
            letter_date=datetime.date(2024, 5, 20),
        ),
        "record": lambda: services.dossier_record_result(
            actor=user, dossier=dossier, result=DossierStatus.NOT_VICTIM
        ),
        "close": lambda: services.dossier_close(actor=user, dossier=dossier),
    }[action]

    with pytest.raises(TransitionError, match=r"Không thể|không được"):
        call()

    dossier.refresh_from_db()
    assert (dossier.status, dossier.events.count()) == before


def test_an_officer_of_another_district_cannot_touch_the_dossier(officer_b, draft):
    with pytest.raises(PermissionDenied):
        services.dossier_submit(actor=officer_b, dossier=draft)
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_of_one_dossier_cannot_both_succeed(provincial_staff, submitted):
    outcomes = []

    def send(number):
        try:
            services.dossier_send(
                actor=provincial_staff,
                dossier=submitted,
                agency="Công an huyện",
                letter_number=number,
                letter_date=datetime.date(2024, 5, 20),
            )
            outcomes.append("sent")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(f"{n}/CV",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "refused", "refused", "sent"]
    dossier = VerificationDossier.objects.get(pk=submitted.pk)
    assert DossierEvent.objects.filter(dossier=dossier, to_status="sent").count() == 1


def test_overdue_dossiers_are_flagged_once(officer_a, submitted):
    flagged = services.dossiers_mark_overdue(today=submitted.due_date + datetime.timedelta(days=1))
    again = services.dossiers_mark_overdue(today=submitted.due_date + datetime.timedelta(days=2))

    submitted.refresh_from_db()
    assert (flagged, again, submitted.is_overdue) == ([submitted.pk], [], True)


@pytest.mark.django_db(transaction=True)
def test_the_overdue_task_runs_on_a_real_worker(celery_worker, submitted, provincial_staff):
    from verification.tasks import mark_overdue_dossiers

    VerificationDossier.objects.filter(pk=submitted.pk).update(due_date=datetime.date(2024, 1, 1))

    assert mark_overdue_dossiers.delay().get(timeout=30) == 1
    submitted.refresh_from_db()
    assert submitted.is_overdue
    overdue = provincial_staff.notifications.filter(message__contains="quá hạn").get()
    assert submitted.case.code in overdue.message


def test_those_who_act_next_are_notified_not_the_actor(officer_a, provincial_staff, draft):
    from verification.notifications import notify_event

    dossier = services.dossier_submit(actor=officer_a, dossier=draft)
    notify_event(dossier.events.order_by("pk").last().pk)

    assert provincial_staff.notifications.count() == 1
    assert officer_a.notifications.count() == 0
    note = provincial_staff.notifications.get()
    assert note.url == f"/victims/cases/{dossier.case_id}/"
    assert dossier.case.victim.full_name not in note.message


def test_the_result_reaches_the_officer_who_drafted_the_dossier(
    officer_a, provincial_staff, sent, officer_b
):
    from verification.notifications import notify_event

    dossier = services.dossier_record_result(
        actor=provincial_staff, dossier=sent, result=DossierStatus.NOT_VICTIM
    )
    notify_event(dossier.events.order_by("pk").last().pk)

    assert "Không phải nạn nhân" in officer_a.notifications.get().message
    assert officer_b.notifications.count() == 0


def test_a_transition_queues_its_notification_after_commit(
    officer_a, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.dossier_submit(actor=officer_a, dossier=draft)

    assert len(callbacks) == 1
