import datetime

import pytest

from verification import services
from verification.models import DocumentKind, EvidenceDocument, Ground


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(officer_a, units.district_a, received=datetime.date(2024, 5, 10))


@pytest.fixture
def draft(officer_a, case_a):
    return services.dossier_create(actor=officer_a, case=case_a)


@pytest.fixture
def submitted(officer_a, draft):
    return services.dossier_submit(actor=officer_a, dossier=draft)


@pytest.fixture
def sent(provincial_staff, submitted):
    return services.dossier_send(
        actor=provincial_staff,
        dossier=submitted,
        agency="Công an huyện Thạch Thành",
        letter_number="125/SLĐTBXH-BTXH",
        letter_date=datetime.date(2024, 5, 20),
    )


def add_certifying_document(dossier, kind=DocumentKind.POLICE_CERTIFICATE):
    return EvidenceDocument.objects.create(
        dossier=dossier,
        ground=Ground.PROCEDURAL_BODY,
        kind=kind,
        issuing_body="Công an tỉnh Thanh Hóa",
        number="45/XN-CAT",
        issued_on=datetime.date(2024, 6, 1),
    )
