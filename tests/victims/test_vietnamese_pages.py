"""The registry's pages show no English interface words while the language is Vietnamese."""

import pytest

from tests.test_vietnamese_ui import english_words_in

pytestmark = pytest.mark.django_db


def test_registry_pages_have_no_english_words(client_a, officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, full_name="Đặng Thị Đào")
    from verification import services

    services.dossier_create(actor=officer_a, case=case)
    client_a.post(f"/victims/cases/{case.pk}/edit/", {"case-managing_unit": ""})  # an error page
    pages = [
        "/victims/",
        "/victims/?q=dao&sex=female&ordering=-received",
        "/victims/new/",
        "/victims/import/",
        "/verification/",
        "/verification/?view=overdue",
        f"/victims/cases/{case.pk}/",
        f"/victims/cases/{case.pk}/edit/",
        f"/victims/people/{case.victim.pk}/",
        f"/victims/people/{case.victim.pk}/edit/",
        f"/victims/people/{case.victim.pk}/new-case/",
    ]
    found = {}
    for url in pages:
        response = client_a.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        if words := english_words_in(response.content.decode()):
            found[url] = sorted(words)
    invalid = client_a.post("/victims/new/", {"victim-full_name": ""})
    if words := english_words_in(invalid.content.decode()):
        found["POST /victims/new/"] = sorted(words)

    assert found == {}
