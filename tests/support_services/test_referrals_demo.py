"""The demo providers and referrals: built on the demo cases, every state, idempotent."""

import pytest
from django.utils import timezone

from support_services.models import Referral, ReferralEvent, ServiceProvider
from support_services.referrals import demo as referrals_demo

pytestmark = pytest.mark.django_db


def test_the_demo_referrals_cover_every_state_and_a_second_run_adds_nothing(seeded_demo):
    # The demo, seeded once per session, has the referrals too.
    assert Referral.objects.count() == len(referrals_demo.PLAN)
    assert ServiceProvider.objects.count() == len(referrals_demo.PROVIDERS)
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"sent", "accepted", "declined", "completed", "cancelled"}
    assert Referral.objects.overdue(timezone.localdate()).filter(status="sent").exists()
    assert Referral.objects.overdue(timezone.localdate()).filter(status="accepted").exists()
    override = Referral.objects.get(consent__isnull=True)
    assert override.overridden_by.username == "canbo.tinh" and override.override_reason
    counts = (ServiceProvider.objects.count(), Referral.objects.count())
    events = ReferralEvent.objects.count()

    assert referrals_demo.seed() == 0
    assert (ServiceProvider.objects.count(), Referral.objects.count()) == counts
    assert ReferralEvent.objects.count() == events
