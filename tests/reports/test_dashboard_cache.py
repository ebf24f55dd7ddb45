"""The dashboard at scale (issue 17): only the figures the page shows are computed, the same as
the report's; they are kept in the cache per scope, day and data version, and a write starts a
new version. Nothing kept for one area is shown to another."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import scope_for
from reports.dashboard import (
    DASHBOARD_FIGURES,
    dashboard,
    dashboard_figures,
    figures,
    scope_key,
)
from support_services.models import SupportRecord
from tests.reports.test_dashboard import _identified, _supported

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2025, 6, 1)


@pytest.fixture
def installation_supervisor(units):
    from accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(username="toanquoc", role=Role.SUPERVISOR, jurisdiction=None)


@pytest.fixture
def cases(officer_a, officer_b, provincial_staff, units, make_case):
    for index, destination in enumerate(["CN", "LA", "CN"]):
        case = _identified(
            make_case(
                officer_a,
                units.district_a,
                received=D(2025, 1 + index, 1),
                full_name=f"Người {index}",
                destination=destination,
            )
        )
        _supported(case, officer_a, provincial_staff, D(2025, 4, 1 + index))
    other = make_case(officer_b, units.district_b, received=D(2025, 3, 1), full_name="Huyện B")
    _supported(_identified(other), officer_b, provincial_staff, D(2025, 4, 9))


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
@pytest.mark.parametrize(
    "who", ["provincial_staff", "officer_a", "officer_b", "installation_supervisor"]
)
def test_the_figures_shown_are_those_of_every_figure_computed(who, request, cases):
    user = request.getfixturevalue(who)
    start, end = D(2025, 1, 1), TODAY

    every = figures(user, start, end)
    shown = figures(user, start, end, only=DASHBOARD_FIGURES)

    assert set(shown.scalars) | set(shown.tables) <= DASHBOARD_FIGURES
    assert shown.scalars == {key: every.scalars[key] for key in shown.scalars}
    assert shown.tables == {key: every.tables[key] for key in shown.tables}
    # The supports counted through the area's cases are those the doorway gives the user.
    given = scope_for(user, SupportRecord.objects.filter(provided_on__range=(start, end)))
    assert shown.scalars["supports_provided_people"] == (
        given.values("case__victim").distinct().count()
    )
    assert shown.scalars["supports_provided_amount_vnd"] == sum(r.amount for r in given)


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_the_figures_are_kept_until_a_write(provincial_staff, officer_a, units, make_case, cases):
    first = dashboard(provincial_staff, TODAY)
    with CaptureQueriesContext(connection) as again:
        assert dashboard(provincial_staff, TODAY) == first
    assert len(again.captured_queries) <= 2  # the scope's areas, nothing counted

    make_case(officer_a, units.district_a, received=D(2025, 5, 5), full_name="Người mới")

    received = {i["key"]: i["raw"] for i in dashboard(provincial_staff, TODAY)["key_numbers"]}
    assert received["received"] == 5
    assert dashboard(provincial_staff, TODAY) == dashboard_figures(provincial_staff, TODAY)


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_figures_kept_for_one_area_are_never_shown_to_another(
    provincial_staff, officer_a, officer_b, cases
):
    assert len({scope_key(provincial_staff), scope_key(officer_a), scope_key(officer_b)}) == 3

    province = dashboard(provincial_staff, TODAY)
    district_a = dashboard(officer_a, TODAY)
    district_b = dashboard(officer_b, TODAY)

    raw = {
        name: {i["key"]: i["raw"] for i in figures_["key_numbers"]}
        for name, figures_ in (("province", province), ("a", district_a), ("b", district_b))
    }
    assert (raw["province"]["received"], raw["a"]["received"], raw["b"]["received"]) == (4, 3, 1)
    assert district_b == dashboard_figures(officer_b, TODAY)
