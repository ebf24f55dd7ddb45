"""The demo: rates marked as demo, supports of every type under both regimes in every state, the
2024 report's supports to each victim — and a second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from support_services.models import SupportRate, SupportRecord, SupportType

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_demo):
    """The demo, seeded once per session (conftest)."""


def test_every_demo_rate_says_it_is_a_demo(seeded):
    rates = SupportRate.objects.all()
    assert rates.count() >= 18
    assert not rates.filter(is_demo=False).exists()
    assert all("demo" in rate.legal_basis for rate in rates)


def test_supports_of_every_type_of_both_regimes_in_every_state(seeded):
    used = set(SupportRecord.objects.values_list("support_type__regime", "support_type__code"))
    every = set(SupportType.objects.values_list("regime", "code"))
    assert every - used == set()
    states = set(SupportRecord.objects.values_list("status", flat=True))
    assert states == {"proposed", "approved", "provided", "rejected"}


def test_each_2024_victim_received_the_supports_of_the_report(seeded):
    provided = SupportRecord.objects.filter(case__code__startswith="TH-2024-", status="provided")
    for code in ("initial_hardship", "psychological", "legal_aid", "medical"):
        people = provided.filter(support_type__code=code).values("case__victim").distinct()
        assert people.count() == 19, code
    assert not provided.filter(amount__isnull=True).exists()


def test_a_second_run_adds_nothing(seeded):
    before = (SupportRecord.objects.count(), SupportRate.objects.count())

    call_command("seed_demo", stdout=io.StringIO())

    assert (SupportRecord.objects.count(), SupportRate.objects.count()) == before
