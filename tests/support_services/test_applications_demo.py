"""The demo applications: every state under both regimes, an overdue one, idempotent."""

import pytest
from django.utils import timezone

from support_services.applications import demo as applications_demo
from support_services.models import SupportApplication, SupportRecord


@pytest.mark.django_db
def test_the_demo_applications_cover_every_state_and_running_twice_adds_nothing(seeded_demo):
    # The demo, seeded once per session, has the applications too.
    count, records = SupportApplication.objects.count(), SupportRecord.objects.count()
    second = applications_demo.seed()

    assert count == 9
    assert second == 0
    assert SupportApplication.objects.count() == count
    assert SupportRecord.objects.count() == records
    states = set(SupportApplication.objects.values_list("support_type__regime", "status"))
    assert {
        ("legacy", s) for s in ("received", "forwarded", "appraised", "approved", "rejected")
    } <= states
    assert {("current", s) for s in ("received", "approved", "rejected")} <= states
    today = timezone.localdate()
    assert SupportApplication.objects.overdue(today).filter(support_type__regime="legacy").exists()
    assert SupportApplication.objects.overdue(today).filter(support_type__regime="current").exists()
    assert SupportApplication.objects.open().filter(due_date__gte=today).exists()
    for application in SupportApplication.objects.filter(status="approved"):
        assert application.support_record.status == "approved"
