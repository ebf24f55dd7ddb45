"""A child accompanying a victim: their own case, linked on the case form to the victim's case of
the officer's area (Law 66/2011 Art 32(3); Law 53/2024 Art 37)."""

import datetime

import pytest
from django.urls import reverse

from tests.security.test_optimistic_locking import page_form
from victims.choices import PersonCategory
from victims.models import Case

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def mother(officer_a, units, make_case):
    return make_case(officer_a, units.district_a, full_name="Lò Thị Mai", birth_year=1995)


@pytest.fixture
def boy(officer_a, units, make_case):
    return make_case(
        officer_a, units.district_a, full_name="Lò Văn Tũn", sex="male", birth_year=2018
    )


def test_the_case_form_links_a_child_to_the_victims_case(client_a, mother, boy):
    url = reverse("victims:case-edit", args=[boy.pk])
    form = page_form(client_a.get(url))
    form["case-person_category"] = [PersonCategory.ACCOMPANYING_CHILD]
    form["case-accompanies"] = [str(mother.pk)]

    assert client_a.post(url, form).status_code == 302
    boy.refresh_from_db()
    assert boy.accompanies == mother


def test_a_link_for_a_person_who_is_not_an_accompanying_child_is_refused_next_to_the_field(
    client_a, mother, boy
):
    url = reverse("victims:case-edit", args=[boy.pk])
    form = page_form(client_a.get(url))
    form["case-person_category"] = [PersonCategory.VICTIM]
    form["case-accompanies"] = [str(mother.pk)]
    form["case-note"] = ["Đi cùng mẹ"]

    response = client_a.post(url, form)

    assert response.status_code == 200
    assert response.context["case_form"].errors["accompanies"] == [
        "Chỉ người dưới 18 tuổi đi cùng nạn nhân mới gắn với vụ việc của nạn nhân."
    ]
    assert "Đi cùng mẹ" in response.content.decode()
    assert Case.objects.get(pk=boy.pk).accompanies is None


def test_only_cases_of_the_officers_area_can_be_accompanied(
    client_a, officer_b, units, make_case, boy
):
    elsewhere = make_case(officer_b, units.district_b, full_name="Hà Thị Lan")
    url = reverse("victims:case-edit", args=[boy.pk])
    form = page_form(client_a.get(url))
    form["case-person_category"] = [PersonCategory.ACCOMPANYING_CHILD]
    form["case-accompanies"] = [str(elsewhere.pk)]

    response = client_a.post(url, form)

    assert response.status_code == 200
    assert response.context["case_form"].errors["accompanies"]
    assert Case.objects.get(pk=boy.pk).accompanies is None
