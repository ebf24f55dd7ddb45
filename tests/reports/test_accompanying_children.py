"""A child accompanying a victim has a case of their own but is not a victim: the people received,
identified and verified are counted without them, and they have a figure of their own (Law
66/2011 Art 32(3); Law 53/2024 Art 37)."""

import datetime

import pytest

from reports.indicators import Scope, compute
from reports.periods import period_for
from victims import services as victim_services
from victims.choices import CaseStatus, PersonCategory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_accompanying_child_is_not_counted_as_a_victim_received(officer_a, units, make_case):
    mother = make_case(officer_a, units.district_a, received=D(2024, 5, 10), birth_year=1995)
    victim_services.case_status_set(case=mother, status=CaseStatus.IDENTIFIED)
    child = make_case(
        officer_a,
        units.district_a,
        received=D(2024, 5, 10),
        full_name="Lò Văn Tũn",
        sex="male",
        birth_year=2018,
    )
    child.person_category = PersonCategory.ACCOMPANYING_CHILD
    child.accompanies = mother
    child.save()

    figures = compute(Scope(units.province, period_for("annual", 2024)))

    scalars = figures.scalars
    # One victim received (the mother, female, adult, identified); the boy is counted apart.
    assert scalars["received_total"] == 1
    assert (scalars["received_female"], scalars["received_male"]) == (1, 0)
    assert scalars["received_under_18"] == 0
    assert (scalars["identified_total"], scalars["pending_total"]) == (1, 0)
    assert scalars["received_accompanying_children"] == 1
    by_unit = figures.tables["received_by_unit"]
    assert sum(row[2]["value"] for row in by_unit) == 1
