"""The follow-up demo on top of seed_demo: varied, and idempotent."""

import pytest

from support_services.models import CaseClosure, ClosureReason, FollowUp, FollowUpStatus
from support_services.reintegration import demo as followups_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded_demo):
    """The demo (seeded once per session, the follow-ups too): its cases with visits."""
    return FollowUp.objects.values("case").distinct().count()


def test_the_demo_has_visits_in_every_state_and_closures_with_every_reason(demo):
    assert demo > 0
    states = set(FollowUp.objects.values_list("status", flat=True))
    assert states == {status.value for status in FollowUpStatus}
    assert FollowUp.objects.overdue(followups_demo.timezone.localdate()).exists()
    risks = set(FollowUp.objects.filter(status="done").values_list("risk", flat=True))
    assert risks == {"low", "medium", "high"}
    assert set(CaseClosure.objects.values_list("reason", flat=True)) == set(ClosureReason.values)
    moved = CaseClosure.objects.get(reason="moved")
    assert moved.handover_number and moved.receiving_province_display
    assert CaseClosure.objects.filter(reopened_at__isnull=False).count() == 1


def test_the_demo_closures_are_approved_by_a_second_person_and_one_waits(demo):
    # Issue 16 item 2: a closure is proposed by one person and approved by another.
    approved = CaseClosure.objects.filter(status="approved")
    assert approved.count() >= len(ClosureReason.values)
    for closure in approved:
        assert closure.decided_by_id is not None
        assert closure.decided_by_id != closure.proposed_by_id, closure.pk
        assert closure.case.status == "closed" or closure.reopened_at is not None
    pending = CaseClosure.objects.get(status="proposed")
    # Proposed by a district officer: provincial staff (canbo.tinh) decide it on the case page.
    assert pending.proposed_by.role == "district_officer"
    assert pending.case.status != "closed"
    assert [event.to_status for event in pending.events.all()] == ["proposed"]


def test_the_demo_seeded_twice_adds_nothing(demo):
    before = followups_demo.summary()

    assert followups_demo.seed() == 0
    assert followups_demo.summary() == before
