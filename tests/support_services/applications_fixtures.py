"""State for the application tests, built through our own services: a legacy case and a current
case, each identified through its verification dossier on a known day."""

import datetime

import pytest
import time_machine

from support_services.applications import services
from support_services.models import SupportType
from tests.verification.conftest import add_certifying_document
from verification import services as verification_services
from victims.choices import Poverty

D = datetime.date


def identify(case, *, officer, staff, on: datetime.date):
    """Walk the case's dossier to "identified" on the day `on` (the day the rules count from)."""
    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 9, 0), tick=False):
        dossier = verification_services.dossier_create(actor=officer, case=case)
        dossier = verification_services.dossier_submit(actor=officer, dossier=dossier)
        dossier = verification_services.dossier_send(
            actor=staff,
            dossier=dossier,
            agency="Công an tỉnh Thanh Hóa",
            letter_number="12/SYT",
            letter_date=on,
        )
        add_certifying_document(dossier)
        verification_services.dossier_record_result(
            actor=staff, dossier=dossier, result="identified", reply_date=on
        )
    case.refresh_from_db()
    return case


def support(regime: str, code: str) -> SupportType:
    return SupportType.objects.get(regime=regime, code=code)


@pytest.fixture
def legacy_case(officer_a, provincial_staff, units, make_case):
    """Received 10/05/2024 in district A, poor household, identified on Monday 03/06/2024."""
    case = make_case(
        officer_a, units.district_a, received=D(2024, 5, 10), residence=units.commune_a1
    )
    case.victim.poverty_status = Poverty.POOR
    case.victim.save()
    return identify(case, officer=officer_a, staff=provincial_staff, on=D(2024, 6, 3))


@pytest.fixture
def current_case(officer_a, provincial_staff, units, make_case):
    """Received 04/08/2025 (current regime), identified on 20/08/2025."""
    case = make_case(
        officer_a,
        units.district_a,
        full_name="Lò Thị Mai",
        received=D(2025, 8, 4),
        residence=units.current_commune,
    )
    return identify(case, officer=officer_a, staff=provincial_staff, on=D(2025, 8, 20))


def record(actor, case, regime, code, *, received_on, certifying_unit, **extra):
    return services.application_record(
        actor=actor,
        case=case,
        support_type=support(regime, code),
        received_on=received_on,
        certified_on=extra.pop("certified_on", received_on),
        certifying_unit=certifying_unit,
        certification_number=extra.pop("certification_number", "15/XN-UBND"),
        **extra,
    )


@pytest.fixture
def legacy_application(officer_a, legacy_case, units):
    """Vocational training, received on Friday 07/06/2024."""
    return record(
        officer_a,
        legacy_case,
        "legacy",
        "vocational",
        received_on=D(2024, 6, 7),
        certifying_unit=units.commune_a1,
    )


@pytest.fixture
def appraised_application(officer_a, legacy_application):
    application = services.application_forward(
        actor=officer_a, application=legacy_application, forwarded_on=D(2024, 6, 10)
    )
    return services.application_appraise(
        actor=officer_a, application=application, appraised_on=D(2024, 6, 14)
    )


@pytest.fixture
def current_application(officer_a, current_case, units):
    """General education, received on Friday 29/08/2025 (before the 1–2/9 holidays)."""
    return record(
        officer_a,
        current_case,
        "current",
        "education",
        received_on=D(2025, 8, 29),
        certifying_unit=units.current_commune,
    )
