"""Issue 16 item 4: two rates of one support type never apply on the same day — the database
refuses it (PostgreSQL exclusion constraint), the model's clean() and the admin say which rate
conflicts; a rate's admin page lists the open supports a change of it touches, in the user's
area."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.roles import Role
from support_services.models import SupportRate, SupportType
from support_services.supports import services
from tests.factories import UserFactory
from victims import services as victim_services
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date


def travel():
    return SupportType.objects.get(regime="legacy", code="travel")


def rate(start, end=None, amount=100_000, support_type=None):
    return SupportRate(
        support_type=support_type or travel(),
        amount=amount,
        unit="trip",
        valid_from=start,
        valid_to=end,
        legal_basis="Nghị quyết 05/2024/NQ-HĐND",
    )


def test_the_database_refuses_two_rates_of_one_type_on_the_same_day():
    assert connection.vendor == "postgresql"
    rate(D(2020, 1, 1), D(2024, 6, 30)).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        rate(D(2024, 6, 30), amount=150_000).save()


def test_an_open_rate_overlaps_every_later_one_in_the_database():
    rate(D(2020, 1, 1)).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        rate(D(2030, 1, 1), D(2030, 12, 31)).save()


def test_a_rate_that_starts_the_day_after_another_ends_is_allowed():
    rate(D(2020, 1, 1), D(2024, 6, 30)).save()
    later = rate(D(2024, 7, 1), amount=150_000)
    later.full_clean()
    later.save()

    assert SupportRate.in_force(travel(), D(2024, 7, 1)) == later


def test_rates_of_two_types_may_share_their_days():
    rate(D(2020, 1, 1)).save()
    medical = SupportType.objects.get(regime="legacy", code="medical")
    other = rate(D(2020, 1, 1), support_type=medical)
    other.full_clean()
    other.save()

    assert SupportRate.objects.count() == 2


def test_clean_names_the_conflicting_rate_and_its_dates():
    rate(D(2020, 1, 1), D(2024, 6, 30)).save()

    with pytest.raises(ValidationError) as refused:
        rate(D(2024, 1, 1), amount=150_000).full_clean()

    (message,) = refused.value.message_dict["valid_from"]
    assert "100.000 đ/lượt" in message
    assert "từ 01/01/2020 đến 30/06/2024" in message


def test_changing_a_rate_does_not_conflict_with_itself():
    stored = rate(D(2020, 1, 1), D(2024, 6, 30))
    stored.save()
    stored.valid_to = D(2024, 12, 31)

    stored.full_clean()


def test_the_admin_refuses_an_overlapping_rate_and_keeps_what_was_typed(
    thanh_hoa_served, supervisor_client
):
    rate(D(2020, 1, 1)).save()
    before = SupportRate.objects.count()

    response = supervisor_client.post(
        reverse("admin:support_services_supportrate_add"),
        {
            "support_type": travel().pk,
            "amount": "175000",
            "unit": "trip",
            "valid_from": "01/07/2024",
            "valid_to": "",
            "legal_basis": "Nghị quyết 99/2024/NQ-HĐND",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Thời gian áp dụng trùng với mức" in page
    assert "từ 01/01/2020" in page
    assert "Nghị quyết 99/2024/NQ-HĐND" in page
    assert SupportRate.objects.count() == before


def stretch(pk, start, end):
    return SimpleNamespace(pk=pk, valid_from=start, valid_to=end)


def test_the_data_migration_keeps_the_rate_in_force_on_every_day():
    from importlib import import_module

    migration = import_module("support_services.migrations.0014_rate_periods_do_not_overlap")
    old = stretch(1, D(2020, 1, 1), None)
    mid_year = stretch(2, D(2024, 7, 1), D(2024, 12, 31))
    same_start = stretch(3, D(2026, 1, 1), None)
    newer_same_start = stretch(4, D(2026, 1, 1), D(2026, 6, 30))

    segments = migration.segments([old, mid_year, same_start, newer_same_start])

    assert [(rate.pk, start, end) for rate, start, end in segments] == [
        (1, D(2020, 1, 1), D(2024, 6, 30)),
        (2, D(2024, 7, 1), D(2024, 12, 31)),
        (1, D(2025, 1, 1), D(2025, 12, 31)),
        (4, D(2026, 1, 1), D(2026, 6, 30)),
        (3, D(2026, 7, 1), None),
    ]


@pytest.fixture
def open_supports(officer_a, officer_b, units, make_case):
    """A proposed travel support in district A and one in district B (received 10/05/2024)."""
    records = []
    for officer, unit in [(officer_a, units.district_a), (officer_b, units.district_b)]:
        case = make_case(officer, unit, received=D(2024, 5, 10))
        case = victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
        records.append(
            services.support_propose(
                actor=officer, case=case, support_type=travel(), on_date=D(2024, 5, 20)
            )
        )
    return records


def test_a_rate_lists_the_open_supports_of_its_period(open_supports):
    covering = rate(D(2024, 1, 1), D(2024, 12, 31))
    covering.save()
    earlier = rate(D(2020, 1, 1), D(2023, 12, 31))
    earlier.save()

    assert list(covering.open_supports()) == open_supports
    assert not earlier.open_supports().exists()


def test_the_rate_page_shows_open_supports_only_of_the_users_area(open_supports, units, client):
    covering = rate(D(2024, 1, 1), D(2024, 12, 31))
    covering.save()
    in_a, in_b = open_supports
    district_supervisor = UserFactory(
        username="giamsat.b", role=Role.SUPERVISOR, jurisdiction=units.district_b
    )
    client.force_login(district_supervisor)

    page = client.get(reverse("admin:support_services_supportrate_change", args=[covering.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert in_b.case.code in text
    assert in_a.case.code not in text
    assert page.context["affected_count"] == 1


def test_the_province_supervisor_sees_every_open_support_a_change_touches(
    open_supports, supervisor_client
):
    covering = rate(D(2024, 1, 1), D(2024, 12, 31))
    covering.save()

    page = supervisor_client.get(
        reverse("admin:support_services_supportrate_change", args=[covering.pk])
    )

    text = page.content.decode()
    assert all(record.case.code in text for record in open_supports)
    assert "Hỗ trợ chưa chi trả chịu ảnh hưởng của mức này: 2" in text
