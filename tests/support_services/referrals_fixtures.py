"""Fixtures of the referral tests (imported by the test_referrals_* modules)."""

import datetime

import pytest

from support_services.models import ProviderKind, ServiceKind, ServiceProvider
from support_services.referrals import services
from victims.models import Consent

D = datetime.date
SENT = D(2024, 6, 3)  # a Monday with no holiday in the next three weeks


@pytest.fixture
def provider(units):
    return ServiceProvider.objects.create(
        kind=ProviderKind.SOCIAL_ASSISTANCE,
        name="Trung tâm Công tác xã hội tỉnh Thanh Hóa",
        area=units.province,
        phone="0237 3000 001",
        services=[ServiceKind.SHELTER, ServiceKind.PSYCHOLOGICAL],
        capacity=40,
    )


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào",
        birth_year=1995,
        received=D(2024, 5, 10),
    )


CONSENT_DAY = D(2024, 5, 12)


def give_consent(victim, *, given_by="person", purposes=("support",), given_on=CONSENT_DAY):
    return Consent.objects.create(
        victim=victim, given_by=given_by, given_on=given_on, purposes=list(purposes)
    )


@pytest.fixture
def consent_a(case_a):
    return give_consent(case_a.victim, purposes=("case_management", "support", "sharing"))


@pytest.fixture
def sent(officer_a, case_a, provider, consent_a):
    return services.referral_send(
        actor=officer_a,
        case=case_a,
        provider=provider,
        service=ServiceKind.SHELTER,
        need="Cần chỗ ở tạm thời",
        sent_on=SENT,
        consent=consent_a,
    )


@pytest.fixture
def accepted(officer_a, sent):
    return services.referral_accept(
        actor=officer_a,
        referral=sent,
        responded_on=D(2024, 6, 7),
        expected_completion_on=D(2024, 9, 30),
    )
