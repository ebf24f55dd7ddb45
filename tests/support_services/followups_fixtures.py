"""Fixtures of the follow-up tests: a case of district A returned on a month's last day, and
its schedule. Imported by the test_followups_* modules (not the shared conftest)."""

import datetime

import pytest

from support_services.reintegration import services
from victims import services as victim_services
from victims.choices import CaseStatus

RETURNED = datetime.date(2025, 1, 31)


@pytest.fixture
def case_a(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, full_name="Đặng Thị Đào", received=RETURNED)
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


@pytest.fixture
def scheduled(officer_a, case_a):
    services.followups_schedule(actor=officer_a, case=case_a)
    return {f.months: f for f in case_a.followups.all()}


def record_visit(actor, followup, *, on=datetime.date(2025, 3, 3), risk="low", **kwargs):
    return services.followup_record_visit(
        actor=actor,
        followup=followup,
        visited_on=on,
        method=kwargs.pop("method", "home"),
        risk=risk,
        situation=kwargs.pop("situation", {"safety": ("stable", ""), "income": ("attention", "")}),
        **kwargs,
    )
