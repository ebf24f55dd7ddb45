"""Need-to-know (issue 16 item 5): ID and phone numbers masked on every screen; the roles whose
work needs them (district officers, provincial staff) reveal one by a logged POST; viewers and
supervisors cannot."""

import pytest

from accounts.models import AccessAction, AccessLog
from victims.models import Victim
from victims.rules import mask_identifier

ID_NUMBER = "038199001245"
PHONE = "0912345678"


@pytest.fixture
def person(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, id_number=ID_NUMBER, birth_year=1999)
    victim = case.victim
    victim.phone = PHONE
    victim.guardian_name = "Nguyễn Văn Bố"
    victim.guardian_phone = "0388777666"
    victim.save()
    return victim


def reveal(client, victim, field="id_number", **headers):
    return client.post(f"/victims/people/{victim.pk}/reveal/", {"field": field}, **headers)


def reveals():
    return AccessLog.objects.filter(action=AccessAction.REVEAL)


def test_an_id_number_keeps_its_province_code_and_last_two_digits():
    assert mask_identifier("038199001245") == "038*******45"
    assert mask_identifier("0912345678") == "091*****78"
    assert mask_identifier("123456789") == "123****89"  # an old CMND


def test_a_short_or_empty_number_is_never_shown_whole():
    assert mask_identifier("12345") == "*****"
    assert mask_identifier("") == ""
    assert mask_identifier(None) == ""


@pytest.mark.parametrize("client_name", ["client_a", "client_colleague_a", "supervisor_client"])
def test_the_person_page_shows_numbers_masked_to_every_role(request, person, client_name):
    page = request.getfixturevalue(client_name).get(f"/victims/people/{person.pk}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "038*******45" in body and "091*****78" in body and "038*****66" in body
    assert ID_NUMBER not in body and PHONE not in body and "0388777666" not in body


def test_an_officer_is_offered_the_reveal_and_a_viewer_is_not(client_a, client_colleague_a, person):
    officer_page = client_a.get(f"/victims/people/{person.pk}/").content.decode()
    viewer_page = client_colleague_a.get(f"/victims/people/{person.pk}/").content.decode()

    assert 'data-testid="reveal-id_number"' in officer_page
    assert 'data-testid="reveal-phone"' in officer_page
    assert 'data-testid="reveal-' not in viewer_page


def test_an_officer_reveals_the_id_number_and_the_reveal_is_logged(client_a, officer_a, person):
    response = reveal(client_a, person, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert ID_NUMBER in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment for htmx
    row = reveals().get()
    assert (row.user, row.person_id, row.details) == (officer_a, person.pk, {"field": "id_number"})


def test_provincial_staff_reveal_a_phone_without_javascript_on_a_page_of_its_own(
    provincial_client, provincial_staff, person
):
    response = reveal(provincial_client, person, field="phone")

    assert response.status_code == 200
    body = response.content.decode()
    assert PHONE in body and f"/victims/people/{person.pk}/" in body
    assert reveals().get().details == {"field": "phone"}


@pytest.mark.parametrize("client_name", ["client_colleague_a", "supervisor_client"])
def test_a_viewer_or_supervisor_is_refused_the_reveal(request, person, client_name):
    response = reveal(request.getfixturevalue(client_name), person)

    assert response.status_code == 403
    assert ID_NUMBER not in response.content.decode()
    assert not reveals().exists()


def test_an_officer_of_another_area_gets_404_and_nothing_is_revealed(client_b, officer_b, person):
    response = reveal(client_b, person)

    assert response.status_code == 404
    assert ID_NUMBER not in response.content.decode()
    assert not reveals().exists()
    assert AccessLog.objects.filter(action=AccessAction.REFUSED, user=officer_b).count() == 1


def test_the_reveal_is_never_a_get_and_names_only_known_fields(client_a, person):
    assert client_a.get(f"/victims/people/{person.pk}/reveal/?field=id_number").status_code == 405
    assert reveal(client_a, person, field="full_name").status_code == 404
    assert not reveals().exists()


def test_the_history_of_the_person_shows_a_changed_id_number_masked(client_a, person):
    person = Victim.objects.get(pk=person.pk)
    person.id_number = "038199001299"
    person.save()

    body = client_a.get(f"/victims/people/{person.pk}/").content.decode()

    assert "038*******45" in body and "038*******99" in body
    assert ID_NUMBER not in body and "038199001299" not in body


def test_a_supervisor_edits_a_person_without_seeing_or_losing_the_numbers(
    supervisor_client, person, units
):
    url = f"/victims/people/{person.pk}/edit/"
    form_page = supervisor_client.get(url).content.decode()
    assert ID_NUMBER not in form_page and PHONE not in form_page
    assert "038*******45" in form_page and 'name="victim-id_number"' not in form_page
    data = {
        "victim-full_name": "Nguyễn Thị Hoa Mới",
        "victim-sex": "female",
        "victim-birth_year": "1999",
        "victim-nationality": "VN",
        "victim-permanent_province": units.province.pk,
        "victim-permanent_district": units.district_a.pk,
        "victim-permanent_commune": units.commune_a1.pk,
        "victim-education": "unknown",
        "victim-marital_status": "unknown",
        "victim-poverty_status": "unknown",
        "victim-guardian_name": "Nguyễn Văn Bố",
        "victim-version": person.version,
        "victim-id_number": "038190009999",  # ignored: not a field of this form
        "victim-phone": "0000000000",
    }

    response = supervisor_client.post(url, data)

    assert response.status_code == 302, response.context["victim_form"].errors
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Thị Hoa Mới"
    assert (person.id_number, person.phone, person.id_type) == (ID_NUMBER, PHONE, "cccd")
    assert person.guardian_phone == "0388777666"


def test_a_supervisor_changing_the_sex_against_the_kept_cccd_is_refused(
    supervisor_client, person, units
):
    data = {
        "victim-full_name": person.full_name,
        "victim-sex": "male",  # digit 4 of 038199001245 says a woman born in the 1900s
        "victim-birth_year": "1999",
        "victim-nationality": "VN",
        "victim-permanent_province": units.province.pk,
        "victim-permanent_district": units.district_a.pk,
        "victim-permanent_commune": units.commune_a1.pk,
        "victim-education": "unknown",
        "victim-marital_status": "unknown",
        "victim-poverty_status": "unknown",
        "victim-version": person.version,
    }

    response = supervisor_client.post(f"/victims/people/{person.pk}/edit/", data)

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.sex == "female"
