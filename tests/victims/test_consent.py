"""Consent to process and share a person's data: recorded with evidence, withdrawn, protected."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from victims.models import Consent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def adult(officer_a, units, make_case):
    return make_case(officer_a, units.district_a, birth_year=1995).victim


def consent_data(evidence=None, **overrides):
    data = {"given_by": "person", "given_on": "02/04/2024", "purposes": ["case_management"]}
    if evidence is not None:
        data["evidence"] = evidence
    data.update(overrides)
    return data


def test_a_consent_is_recorded_with_its_evidence(client_a, adult, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("dong-y.pdf", PDF, content_type="application/pdf")

    response = client_a.post(f"/victims/people/{adult.pk}/consents/", consent_data(upload))

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.given_on == datetime.date(2024, 4, 2)
    assert consent.purposes == ["case_management"]
    download = client_a.get(f"/victims/consents/{consent.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(client_a, adult, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("dong-y.pdf", b"<script>alert(1)</script>", "application/pdf")

    response = client_a.post(f"/victims/people/{adult.pk}/consents/", consent_data(fake))

    assert "Chỉ nhận tệp PDF, JPEG, PNG." in response.content.decode()
    assert Consent.objects.count() == 0


def test_a_child_cannot_consent_without_a_guardian(client_a, officer_a, units, make_case):
    child = make_case(officer_a, units.district_a, birth_year=2012, full_name="Lò Thị Mai").victim

    response = client_a.post(f"/victims/people/{child.pk}/consents/", consent_data())

    assert "người giám hộ" in response.content.decode()
    assert Consent.objects.count() == 0
    both = consent_data(given_by="both")
    assert client_a.post(f"/victims/people/{child.pk}/consents/", both).status_code == 302


def test_an_officer_of_another_district_cannot_read_or_withdraw_a_consent(
    client_a, client_b, adult, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("dong-y.pdf", PDF, content_type="application/pdf")
    client_a.post(f"/victims/people/{adult.pk}/consents/", consent_data(upload))
    consent = Consent.objects.get()

    assert client_b.get(f"/victims/consents/{consent.pk}/evidence/").status_code == 404
    assert client_b.post(f"/victims/consents/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawing_a_consent_keeps_it_with_the_date(client_a, adult):
    client_a.post(f"/victims/people/{adult.pk}/consents/", consent_data())
    consent = Consent.objects.get()

    client_a.post(f"/victims/consents/{consent.pk}/withdraw/", {"note": "Không muốn chia sẻ"})

    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    assert consent.withdrawal_note == "Không muốn chia sẻ"
