"""Case codes under concurrent creation, and the rules the database itself holds."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from victims.models import Reception, Victim
from victims.services import case_code_next


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_each_get_their_own_code(units, thanh_hoa_served):
    codes, errors = [], []

    def take_codes():
        try:
            for _ in range(5):
                with transaction.atomic():
                    codes.append(case_code_next(managing_unit=units.district_a, year=2024))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_codes) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(codes) == 30
    assert sorted(codes) == [f"TH-2024-{n:04d}" for n in range(1, 31)]


@pytest.mark.django_db
def test_codes_restart_each_year_and_use_the_province_prefix(units, thanh_hoa_served):
    assert case_code_next(managing_unit=units.commune_a1, year=2024) == "TH-2024-0001"
    assert case_code_next(managing_unit=units.current_commune, year=2024) == "TH-2024-0002"
    assert case_code_next(managing_unit=units.district_b, year=2025) == "TH-2025-0001"


@pytest.mark.django_db
def test_the_database_refuses_a_second_person_with_the_same_id_number(officer_a, units, make_case):
    first = make_case(officer_a, units.district_a)
    twin = Victim(
        full_name="Người khác",
        sex="female",
        birth_year=2000,
        id_type="cccd",
        id_number=first.victim.id_number,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_the_database_refuses_a_reception_dated_in_the_future(officer_a, units, make_case):
    reception = make_case(officer_a, units.district_a).reception
    reception.received_on = datetime.date.today() + datetime.timedelta(days=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        reception.save()


@pytest.mark.django_db
def test_the_database_refuses_a_second_reception_for_a_case(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a)

    with pytest.raises(IntegrityError), transaction.atomic():
        Reception.objects.create(
            case=case,
            received_on=datetime.date(2024, 1, 1),
            channel="rescued",
            agency_type="police",
        )


@pytest.mark.django_db
def test_a_case_cannot_be_added_to_a_person_the_officer_may_not_see(
    officer_a, officer_b, units, make_case
):
    from django.core.exceptions import PermissionDenied

    person = make_case(officer_a, units.district_a).victim

    with pytest.raises(PermissionDenied):
        make_case(officer_b, units.district_b, victim=person, received=datetime.date(2025, 1, 5))
    assert person.cases.count() == 1


@pytest.mark.django_db
def test_identification_makes_a_presumed_victim_a_victim_but_keeps_a_child_a_child(
    officer_a, units, make_case
):
    from victims.choices import CaseStatus, PersonCategory
    from victims.services import case_status_set

    presumed = make_case(officer_a, units.district_a)
    child = make_case(officer_a, units.district_a, full_name="Lò Văn Nam")
    child.person_category = PersonCategory.ACCOMPANYING_CHILD
    child.save()

    assert case_status_set(case=presumed, status=CaseStatus.IDENTIFIED).person_category == "victim"
    assert case_status_set(case=child, status=CaseStatus.IDENTIFIED).person_category == (
        "accompanying_child"
    )
