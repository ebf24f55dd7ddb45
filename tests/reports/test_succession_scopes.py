"""A report of a legacy district "with its successor communes" and of a current commune "with its
predecessors" (Scope.with_succession, ReportRun.with_succession).

Successors as in Resolution 1686/NQ-UBTVQH15 (16/06/2025): "Hợp nhất các xã Thạch Lâm, xã Thạch
Quảng, xã Thạch Tượng thành xã Thạch Quảng".
"""

import datetime

import pytest
from django.urls import reverse

from locations.models import UnitSuccession
from reports import services
from reports.indicators import Scope, compare, compute
from reports.models import ReportRun
from reports.periods import Period, period_for
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db
D = datetime.date
CALENDAR_2025 = period_for("calendar", 2025)


@pytest.fixture
def thach_quang(units):
    commune = CommuneFactory(code="15199", name="Xã Thạch Quảng", parent=units.province)
    for legacy in (units.commune_a1, units.commune_a2):
        UnitSuccession.objects.create(
            predecessor=legacy,
            successor=commune,
            kind="whole",
            source="test",
            loaded_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
        )
    return commune


@pytest.fixture
def received_2025(units, make_case, provincial_staff, thach_quang):
    """March 2025 in legacy Xã Thạch Lâm; September 2025 in the current Xã Thạch Quảng and in the
    unrelated Phường Hạc Thành."""
    make_case(provincial_staff, units.commune_a1, full_name="Một", received=D(2025, 3, 1))
    make_case(
        provincial_staff,
        thach_quang,
        full_name="Hai",
        residence=thach_quang,
        received=D(2025, 9, 1),
    )
    make_case(provincial_staff, units.current_commune, full_name="Ba", received=D(2025, 9, 2))


def received(unit, *, with_succession, period=CALENDAR_2025):
    scope = Scope(unit, period, with_succession=with_succession)
    return compute(scope).scalars["received_total"]


def test_a_legacy_district_with_its_successors_counts_both_sides_of_1_july(units, received_2025):
    assert received(units.district_a, with_succession=False) == 1
    assert received(units.district_a, with_succession=True) == 2


def test_a_current_commune_with_its_predecessors_counts_both_sides_of_1_july(
    thach_quang, received_2025
):
    assert received(thach_quang, with_succession=False) == 1
    assert received(thach_quang, with_succession=True) == 2


def test_the_report_names_the_units_it_counts(units, thach_quang, received_2025):
    data = compare(Scope(units.district_a, CALENDAR_2025, with_succession=True))

    assert data["period"]["note"] == (
        "Số liệu gồm Huyện Thạch Thành (đơn vị hành chính cũ, đến ngày 30/06/2025) và các xã, "
        "phường kế thừa từ ngày 01/07/2025: Xã Thạch Quảng."
    )


def test_a_legacy_district_with_its_successors_may_report_a_period_after_1_july(
    units, provincial_staff, thach_quang, thanh_hoa_served
):
    period = Period("custom", D(2025, 8, 1), D(2025, 8, 31))

    with pytest.raises(services.ReportError):
        services.report_request(actor=provincial_staff, period=period, unit=units.district_a)
    run = services.report_request(
        actor=provincial_staff, period=period, unit=units.district_a, with_succession=True
    )

    assert (run.start, run.end, run.with_succession) == (D(2025, 8, 1), D(2025, 8, 31), True)


def test_the_request_form_asks_for_the_widened_report(
    provincial_client, units, thach_quang, thanh_hoa_served
):
    response = provincial_client.post(
        reverse("reports:index"),
        {"kind": "calendar", "year": "2025", "unit": units.district_a.pk, "with_succession": "on"},
    )

    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert (run.unit, run.with_succession, run.end) == (units.district_a, True, D(2025, 12, 31))
