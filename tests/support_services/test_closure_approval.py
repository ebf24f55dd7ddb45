"""Closing a case takes two people (issue 16 item 2): one proposes the closure, another approves
or rejects it; the case counts as closed only once the closure is approved. The proposer may
not approve while the organisation keeps duties apart; a one-person office may, and the
override is recorded."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import AccessAction, AccessLog, Organisation
from reports.indicators import Scope, compute
from reports.periods import period_for
from support_services.models import CaseClosure, ClosureStatus, FollowUpStatus
from support_services.reintegration import services
from support_services.reintegration.services import FollowUpError
from tests.support_services.closures import close_case
from tests.support_services.followups_fixtures import *  # noqa: F403 - its fixtures
from victims.anonymise import cases_past_retention
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_PERSON = "một người đảm nhiệm do cấu hình của đơn vị"
SELF_APPROVAL = "Người đề nghị không được tự phê duyệt"


@pytest.fixture
def one_person_office():
    organisation = Organisation.current()
    organisation.separation_of_duties = False
    organisation.save()
    return organisation


def propose(actor, case, **kwargs):
    kwargs.setdefault("reason", "reintegrated")
    kwargs.setdefault("closed_on", D(2025, 6, 2))
    return services.case_close_propose(actor=actor, case=case, **kwargs)


def page_of(client, case) -> str:
    response = client.get(f"/victims/cases/{case.pk}/?tab=followups")
    assert response.status_code == 200
    return response.content.decode()


# --- Services --------------------------------------------------------------------------------


def test_a_proposal_changes_nothing_on_the_case_until_it_is_approved(officer_a, case_a, scheduled):
    closure = propose(officer_a, case_a, note="Đã ổn định")

    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED
    assert closure.status == ClosureStatus.PROPOSED
    assert (closure.proposed_by, closure.decided_by, closure.decided_at) == (officer_a, None, None)
    assert set(case_a.followups.values_list("status", flat=True)) == {FollowUpStatus.SCHEDULED}
    assert [(e.to_status, e.actor) for e in closure.events.all()] == [("proposed", officer_a)]


def test_another_person_approves_and_the_case_closes(
    officer_a, provincial_staff, case_a, scheduled
):
    closure = services.case_close_approve(
        actor=provincial_staff, closure=propose(officer_a, case_a), note="Đồng ý"
    )

    closure.refresh_from_db()
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED
    assert closure.status == ClosureStatus.APPROVED
    assert (closure.proposed_by, closure.decided_by) == (officer_a, provincial_staff)
    assert closure.decided_at is not None and closure.previous_status == CaseStatus.IDENTIFIED
    assert set(case_a.followups.values_list("status", flat=True)) == {FollowUpStatus.CANCELLED}
    steps = [(e.from_status, e.to_status, e.actor, e.one_person) for e in closure.events.all()]
    assert steps == [
        ("", "proposed", officer_a, False),
        ("proposed", "approved", provincial_staff, False),
    ]
    assert not AccessLog.objects.filter(action=AccessAction.ONE_PERSON).exists()


def test_the_proposer_cannot_approve_their_own_closure(provincial_staff, case_a):
    closure = propose(provincial_staff, case_a)

    with pytest.raises(FollowUpError, match=SELF_APPROVAL):
        services.case_close_approve(actor=provincial_staff, closure=closure)

    closure.refresh_from_db()
    case_a.refresh_from_db()
    assert closure.status == ClosureStatus.PROPOSED and closure.decided_by is None
    assert case_a.status == CaseStatus.IDENTIFIED
    assert services.may_decide_closure(provincial_staff, closure) is False


def test_a_district_officer_may_propose_but_not_decide(officer_a, provincial_colleague, case_a):
    closure = propose(provincial_colleague, case_a)

    with pytest.raises(FollowUpError, match="không được phê duyệt đóng hồ sơ"):
        services.case_close_approve(actor=officer_a, closure=closure)
    with pytest.raises(FollowUpError, match="không được từ chối đề nghị đóng hồ sơ"):
        services.case_close_reject(actor=officer_a, closure=closure, reason="Chưa đủ")
    assert services.may_decide_closure(officer_a, closure) is False
    closure.refresh_from_db()
    assert closure.status == ClosureStatus.PROPOSED


def test_with_separation_off_one_person_closes_and_the_override_is_recorded(
    provincial_staff, case_a, one_person_office
):
    closure = propose(provincial_staff, case_a)
    assert services.may_decide_closure(provincial_staff, closure) is True

    services.case_close_approve(actor=provincial_staff, closure=closure)

    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED
    event = closure.events.get(to_status="approved")
    assert event.one_person is True
    assert ONE_PERSON in event.note and "phê duyệt đóng hồ sơ" in event.note
    entry = AccessLog.objects.get(action=AccessAction.ONE_PERSON)
    assert (entry.user, entry.object_id, entry.case_id) == (provincial_staff, closure.pk, case_a.pk)
    assert entry.details["step"] == "approve"
    assert entry.details["earlier_steps"] == ["propose"]


def test_a_rejection_needs_a_reason_and_leaves_the_case_open(
    officer_a, provincial_staff, case_a, scheduled
):
    closure = propose(officer_a, case_a)
    with pytest.raises(FollowUpError, match="Cần ghi lý do không phê duyệt"):
        services.case_close_reject(actor=provincial_staff, closure=closure, reason="   ")
    closure.refresh_from_db()
    assert closure.status == ClosureStatus.PROPOSED

    services.case_close_reject(
        actor=provincial_staff, closure=closure, reason="Chưa thăm lần 6 tháng"
    )

    closure.refresh_from_db()
    case_a.refresh_from_db()
    assert closure.status == ClosureStatus.REJECTED
    assert (closure.rejection_reason, closure.decided_by) == (
        "Chưa thăm lần 6 tháng",
        provincial_staff,
    )
    assert case_a.status == CaseStatus.IDENTIFIED
    assert set(case_a.followups.values_list("status", flat=True)) == {FollowUpStatus.SCHEDULED}
    assert closure.events.get(to_status="rejected").note == "Chưa thăm lần 6 tháng"
    # A rejected proposal does not block a new one.
    assert propose(officer_a, case_a, reason="declined").status == ClosureStatus.PROPOSED


def test_a_pending_proposal_blocks_a_second_one(officer_a, provincial_staff, case_a):
    propose(officer_a, case_a)

    with pytest.raises(FollowUpError, match="đang chờ phê duyệt"):
        propose(provincial_staff, case_a, reason="declined")
    assert CaseClosure.objects.filter(case=case_a).count() == 1


def test_a_pending_proposal_is_not_reopened_and_a_reopened_case_keeps_its_approved_closure(
    officer_a, provincial_staff, case_a
):
    closure = propose(officer_a, case_a)
    with pytest.raises(FollowUpError, match="chưa đóng"):
        services.case_reopen(actor=provincial_staff, case=case_a, reason="Có thông tin mới")

    services.case_close_approve(actor=provincial_staff, closure=closure)
    reopened = services.case_reopen(actor=provincial_staff, case=case_a, reason="Có tin mới")

    case_a.refresh_from_db()
    assert reopened.pk == closure.pk and reopened.status == ClosureStatus.APPROVED
    assert case_a.status == CaseStatus.IDENTIFIED
    assert reopened.is_open is False


def test_reports_and_retention_count_a_case_closed_only_once_approved(
    officer_a, provincial_staff, case_a, units
):
    closure = propose(officer_a, case_a)
    scope = Scope(units.province, period_for("annual", 2025))
    far_future = D(2060, 1, 1)

    assert compute(scope).scalars["cases_closed"] == 0
    assert not cases_past_retention(far_future).filter(pk=case_a.pk).exists()

    services.case_close_approve(actor=provincial_staff, closure=closure)

    figures = compute(scope)
    assert figures.scalars["cases_closed"] == 1
    assert [row[0] for row in figures.tables["closures_by_reason"]] == ["reintegrated"]
    assert cases_past_retention(far_future).filter(pk=case_a.pk).exists()


def test_a_rejected_closure_is_not_counted(officer_a, provincial_staff, case_a, units):
    services.case_close_reject(
        actor=provincial_staff, closure=propose(officer_a, case_a), reason="Chưa đủ điều kiện"
    )

    assert compute(Scope(units.province, period_for("annual", 2025))).scalars["cases_closed"] == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "approved"},  # approved without a decision time
        {"status": "rejected", "decided_at": "now"},  # rejected without a reason
        {"rejection_reason": "Chưa đủ"},  # a reason on a pending proposal
        {"reopened_at": "now", "reopen_reason": "Nhầm"},  # a pending proposal reopened
        {"status": "closed"},  # not a status of a closure
    ],
)
def test_the_database_holds_the_states_of_a_closure(officer_a, case_a, changes):
    closure = propose(officer_a, case_a)
    values = {name: timezone.now() if value == "now" else value for name, value in changes.items()}

    with pytest.raises(IntegrityError), transaction.atomic():
        CaseClosure.objects.filter(pk=closure.pk).update(**values)


def test_the_database_holds_one_pending_or_approved_closure_per_case(officer_a, case_a):
    closure = propose(officer_a, case_a)
    second = CaseClosure(
        case=case_a,
        closed_on=closure.closed_on,
        reason="declined",
        previous_status=closure.previous_status,
        proposed_by=officer_a,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


# --- Pages -----------------------------------------------------------------------------------


def test_the_case_page_offers_the_decision_to_another_provincial_officer(
    officer_a, client_a, provincial_client, case_a
):
    propose(officer_a, case_a, note="Gia đình đã ổn định")

    decider = page_of(provincial_client, case_a)
    assert 'data-testid="closure-pending"' in decider
    assert "Gia đình đã ổn định" in decider
    assert 'data-testid="closure-approve"' in decider
    assert 'data-testid="closure-reject"' in decider
    proposer = page_of(client_a, case_a)
    assert 'data-testid="closure-pending"' in proposer
    assert 'data-testid="closure-approve"' not in proposer
    assert 'data-testid="case-close"' not in proposer  # a pending proposal blocks a second


def test_the_proposer_is_told_why_they_cannot_approve(provincial_staff, provincial_client, case_a):
    propose(provincial_staff, case_a)

    page = page_of(provincial_client, case_a)

    assert SELF_APPROVAL in page
    assert 'data-testid="closure-approve"' not in page


def test_approving_over_http_closes_the_case(officer_a, provincial_client, case_a):
    closure = propose(officer_a, case_a)

    response = provincial_client.post(
        f"/support/closures/{closure.pk}/approve/", {f"approve-{closure.pk}-note": "Đồng ý"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/victims/cases/{case_a.pk}/"
    case_a.refresh_from_db()
    closure.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED
    assert closure.events.get(to_status="approved").note == "Đồng ý"


def test_a_refused_approval_keeps_what_was_typed(provincial_staff, provincial_client, case_a):
    closure = propose(provincial_staff, case_a)
    note = "Đã kiểm tra biên bản thăm lần cuối"

    response = provincial_client.post(
        f"/support/closures/{closure.pk}/approve/", {f"approve-{closure.pk}-note": note}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert SELF_APPROVAL in body
    assert note in body
    closure.refresh_from_db()
    assert closure.status == ClosureStatus.PROPOSED


def test_a_rejection_without_a_reason_is_refused_beside_the_field(
    officer_a, provincial_client, case_a
):
    closure = propose(officer_a, case_a)

    blank = provincial_client.post(
        f"/support/closures/{closure.pk}/reject/", {f"reject-{closure.pk}-reason": "  "}
    )
    assert blank.status_code == 200
    assert "Cần ghi lý do không phê duyệt." in blank.content.decode()
    closure.refresh_from_db()
    assert closure.status == ClosureStatus.PROPOSED

    done = provincial_client.post(
        f"/support/closures/{closure.pk}/reject/", {f"reject-{closure.pk}-reason": "Chưa đủ"}
    )
    assert done.status_code == 302
    closure.refresh_from_db()
    assert (closure.status, closure.rejection_reason) == (ClosureStatus.REJECTED, "Chưa đủ")


def test_a_refused_proposal_keeps_what_was_typed(officer_a, client_a, case_a):
    propose(officer_a, case_a)
    posted = {
        "close-closed_on": "02/06/2025",
        "close-reason": "declined",
        "close-note": "Người này không muốn tiếp tục",
    }

    response = client_a.post(f"/support/cases/{case_a.pk}/close/", posted)

    body = response.content.decode()
    assert response.status_code == 200
    assert "đang chờ phê duyệt" in body
    assert "Người này không muốn tiếp tục" in body and 'value="02/06/2025"' in body
    assert CaseClosure.objects.filter(case=case_a).count() == 1


def test_an_officer_of_another_district_gets_404_on_every_closure_url(
    officer_a, provincial_staff, client_b, case_a
):
    pending = propose(officer_a, case_a)
    urls = [
        f"/support/cases/{case_a.pk}/close/",
        f"/support/cases/{case_a.pk}/reopen/",
        f"/support/closures/{pending.pk}/approve/",
        f"/support/closures/{pending.pk}/reject/",
    ]
    for url in urls:
        response = client_b.post(url, {})
        assert response.status_code == 404, url
    for url in urls[:2]:
        assert client_b.get(url).status_code == 404, url
    pending.refresh_from_db()
    assert pending.status == ClosureStatus.PROPOSED


def test_an_unknown_step_is_404(officer_a, provincial_client, case_a):
    closure = propose(officer_a, case_a)

    assert provincial_client.post(f"/support/closures/{closure.pk}/delete/").status_code == 404


def test_the_timeline_shows_the_proposal_and_the_decision(
    officer_a, provincial_staff, provincial_client, case_a
):
    close_case(actor=officer_a, case=case_a, reason="reintegrated", approver=provincial_staff)

    response = provincial_client.get(f"/victims/cases/{case_a.pk}/?tab=timeline")

    body = response.content.decode()
    assert "Đề nghị đóng hồ sơ vụ việc" in body
    assert "Đóng hồ sơ vụ việc (" in body


# --- The data migration ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_approves_the_closures_recorded_before_it(
    officer_a, provincial_staff, case_a
):
    close_case(actor=officer_a, case=case_a, reason="lost_contact", approver=provincial_staff)
    executor = MigrationExecutor(connection)
    executor.migrate([("support_services", "0016_support_date_indexes")])
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT closed_by_id FROM support_services_caseclosure")
            assert cursor.fetchall() == [(officer_a.pk,)]
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    closure = CaseClosure.objects.get()
    # Recorded by one person before closures took two: approved, decided by that person.
    assert closure.status == ClosureStatus.APPROVED
    assert (closure.proposed_by, closure.decided_by) == (officer_a, officer_a)
    assert closure.decided_at == closure.proposed_at
    assert [(e.to_status, e.actor) for e in closure.events.all()] == [
        ("proposed", officer_a),
        ("approved", officer_a),
    ]
    assert closure.is_open


def test_the_case_summary_shows_a_pending_proposal(officer_a, provincial_staff, client_a, case_a):
    closure = propose(officer_a, case_a)
    summary = client_a.get(f"/victims/cases/{case_a.pk}/").content.decode()
    assert "Đề nghị đóng hồ sơ đang chờ phê duyệt" in summary

    services.case_close_approve(actor=provincial_staff, closure=closure)
    closed = client_a.get(f"/victims/cases/{case_a.pk}/").content.decode()
    assert "Đề nghị đóng hồ sơ đang chờ phê duyệt" not in closed


# --- Notifications ----------------------------------------------------------------------------


def test_a_proposal_tells_the_area_s_deciding_staff_never_the_proposer(
    officer_a, officer_b, provincial_staff, case_a, scheduled
):
    from support_services.reintegration.notifications import notify_event

    closure = propose(officer_a, case_a)
    notify_event(closure.events.order_by("pk").last().pk)

    note = provincial_staff.notifications.get()
    assert case_a.code in note.message and "đề nghị đóng hồ sơ" in note.message.lower()
    assert case_a.victim.full_name not in note.message
    assert note.url == f"/victims/cases/{case_a.pk}/?tab=followups"
    assert officer_a.notifications.count() == 0
    assert officer_b.notifications.count() == 0


@pytest.mark.parametrize("step", ["approve", "reject"])
def test_a_decision_reaches_the_proposer(officer_a, provincial_staff, case_a, scheduled, step):
    from support_services.reintegration.notifications import notify_event

    closure = propose(officer_a, case_a)
    if step == "approve":
        closure = services.case_close_approve(actor=provincial_staff, closure=closure)
    else:
        closure = services.case_close_reject(
            actor=provincial_staff, closure=closure, reason="Chưa đủ điều kiện"
        )
    notify_event(closure.events.order_by("pk").last().pk)

    assert case_a.code in officer_a.notifications.get().message
    assert provincial_staff.notifications.count() == 0


def test_closure_notifications_go_to_the_notifications_queue():
    from trafficking_cases.celery import NOTIFICATIONS_QUEUE, ROUTES

    assert ROUTES["support_services.tasks.notify_closure_event"] == NOTIFICATIONS_QUEUE
    assert services.CLOSURE_WORKFLOW.notify == "support_services.tasks.notify_closure_event"
