"""Support types in the database and the rate in force on a date."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from support_services.models import SupportRate, SupportType
from support_services.supports.rules import CaseFacts, eligibility

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_ten_current_and_nine_legacy_types():
    assert SupportType.objects.filter(regime="current").count() == 10
    assert SupportType.objects.filter(regime="legacy").count() == 9


def test_a_type_from_the_database_feeds_the_rules():
    hardship = SupportType.objects.get(regime="current", code="initial_hardship")
    child = CaseFacts(
        regime="current",
        person_category="accompanying_child",
        identified=True,
        poverty_status="poor",
    )

    assert not eligibility(hardship.facts(), child, on_date=datetime.date(2025, 9, 1)).allowed


def test_the_rate_in_force_follows_a_mid_year_change():
    travel_meals = SupportType.objects.get(regime="legacy", code="travel")
    for start, end, amount in [
        (datetime.date(2020, 1, 1), datetime.date(2024, 6, 30), 100_000),
        (datetime.date(2024, 7, 1), None, 150_000),
    ]:
        SupportRate.objects.create(
            support_type=travel_meals,
            amount=amount,
            unit="day",
            valid_from=start,
            valid_to=end,
            legal_basis="Nghị quyết HĐND tỉnh (minh họa)",
            is_demo=True,
        )

    assert SupportRate.in_force(travel_meals, datetime.date(2024, 6, 30)).amount == 100_000
    assert SupportRate.in_force(travel_meals, datetime.date(2024, 7, 1)).amount == 150_000
    assert SupportRate.in_force(travel_meals, datetime.date(2019, 12, 31)) is None


def test_a_rate_cannot_end_before_it_starts():
    medical = SupportType.objects.get(regime="current", code="medical")

    with pytest.raises(IntegrityError), transaction.atomic():
        SupportRate.objects.create(
            support_type=medical,
            amount=1,
            unit="person",
            legal_basis="x",
            valid_from=datetime.date(2025, 7, 1),
            valid_to=datetime.date(2025, 6, 30),
        )
