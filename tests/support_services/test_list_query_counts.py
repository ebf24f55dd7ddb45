"""Query counts of the support lists: each page costs a fixed number of queries, whatever the
number of rows on it — no query per row (an N+1 grows with the rows and fails here).

The same world is built small and large (cases in three units: two legacy districts and a current
commune, each case with a support, an application, a referral and its follow-up visits), and
every list — supports, applications, referrals, follow-ups, providers, the support totals and
their export — is read by provincial staff, who sees all of it, under one bound per page: the
count measured when the bound was set, plus a small margin."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from support_services.models import (
    FollowUp,
    ProviderKind,
    Referral,
    ServiceKind,
    ServiceProvider,
    SupportApplication,
    SupportRecord,
    SupportType,
)
from support_services.referrals import services as referrals_services
from support_services.reintegration import services as followups_services
from support_services.supports import services as supports_services
from tests.factories import UserFactory
from tests.support_services.applications_fixtures import identify, record
from tests.support_services.referrals_fixtures import give_consent
from victims.choices import Poverty

pytestmark = pytest.mark.django_db
D = datetime.date
MARGIN = 2
# Page: URL name, query string, the model it lists (every row of it, for provincial staff), and
# the queries it took when the bound was set (the same for both sizes).
PAGES = {
    "supports": ("support_services:support-list", "view=all", SupportRecord, 15),
    "applications": ("support_services:applications-list", "view=all", SupportApplication, 14),
    "referrals": ("support_services:referrals-list", "view=all", Referral, 17),
    "follow-ups": ("support_services:followups-list", "view=all", FollowUp, 16),
    "providers": ("support_services:providers-list", "", ServiceProvider, 16),
    "support totals": ("support_services:support-totals", "year=2024", None, 15),
    "support totals export": ("support_services:support-totals-export", "year=2024", None, 12),
}
SMALL, LARGE = 1, 4  # cases per unit


def _areas(units, officer_a, officer_b):
    """(managing unit, its officer, a commune certifying there, regime, received, identified)."""
    officer_c = UserFactory(
        username="canbo.hacthanh", role=Role.DISTRICT_OFFICER, jurisdiction=units.current_commune
    )
    return [
        (units.district_a, officer_a, units.commune_a1, "legacy", D(2024, 5, 10), D(2024, 6, 3)),
        (units.district_b, officer_b, units.commune_b1, "legacy", D(2024, 5, 13), D(2024, 6, 4)),
        (
            units.current_commune,
            officer_c,
            units.current_commune,
            "current",
            D(2025, 8, 4),
            D(2025, 8, 20),
        ),
    ]


def _provider(number: int, units) -> ServiceProvider:
    return ServiceProvider.objects.create(
        kind=ProviderKind.SOCIAL_ASSISTANCE,
        name=f"Trung tâm Công tác xã hội số {number}",
        area=units.province,
        phone="0237 3000 001",
        services=[ServiceKind.SHELTER, ServiceKind.PSYCHOLOGICAL],
        capacity=40,
    )


@pytest.fixture
def build(units, officer_a, officer_b, provincial_staff, make_case):
    """build(per_unit): that many cases in each of the three units, each with its rows on every
    list; returns the number of cases."""

    def world(per_unit: int) -> int:
        providers = [_provider(number, units) for number in range(per_unit)]
        areas = _areas(units, officer_a, officer_b)
        for index in range(per_unit):
            for unit, officer, commune, regime, received, identified in areas:
                case = make_case(
                    officer,
                    unit,
                    full_name=f"Nguyễn Thị Hoa {index}",
                    received=received,
                    residence=commune,
                )
                case.victim.poverty_status = Poverty.POOR  # vocational training is for the poor
                case.victim.save()
                case = identify(case, officer=officer, staff=provincial_staff, on=identified)
                _rows_of(case, officer, commune, regime, identified, providers[index])
        return per_unit * len(areas)

    return world


def _rows_of(case, officer, commune, regime, identified, provider):
    after = identified + datetime.timedelta(days=4)
    supports_services.support_propose(
        actor=officer,
        case=case,
        support_type=SupportType.objects.get(regime=regime, code="travel"),
        on_date=after,
    )
    record(
        officer,
        case,
        regime,
        "vocational" if regime == "legacy" else "education",
        received_on=after,
        certifying_unit=commune,
    )
    referrals_services.referral_send(
        actor=officer,
        case=case,
        provider=provider,
        service=ServiceKind.SHELTER,
        need="Cần chỗ ở tạm thời",
        sent_on=after,
        consent=give_consent(case.victim, purposes=("support", "sharing"), given_on=identified),
    )
    followups_services.followups_schedule(actor=officer, case=case)


@pytest.mark.parametrize("per_unit", [SMALL, LARGE])
def test_every_support_list_costs_the_same_queries_whatever_its_rows(
    per_unit, build, provincial_client, django_assert_max_num_queries
):
    assert build(per_unit) == 3 * per_unit
    proposed_in_2024 = SupportRecord.objects.filter(proposed_on__year=2024).count()
    assert proposed_in_2024 == 2 * per_unit  # the legacy districts' supports

    for name, (url_name, query, model, measured) in PAGES.items():
        url = reverse(url_name) + (f"?{query}" if query else "")
        with django_assert_max_num_queries(measured + MARGIN):
            response = provincial_client.get(url)
        assert response.status_code == 200, name
        # The page holds the rows (so the bound is about them).
        if model is not None:
            assert response.context["page"].paginator.count == model.objects.count(), name
        elif response.streaming or response.get("Content-Disposition"):
            assert response["Content-Disposition"].endswith('ho-tro-2024.xlsx"'), name
        else:
            assert response.context["overall"]["proposed"] == proposed_in_2024, name
