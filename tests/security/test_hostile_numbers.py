"""Digits that are not digits (issue 8, item 9): "²" passes str.isdigit() but int() refuses
it, so every place that checked isdigit() before turning a parameter into an id answered a
server error. Query strings and posted ids and ID numbers with such characters are now
refused or ignored, in Vietnamese where a form shows it."""

import pytest
from django.test import Client

from tests.security import hostile

pytestmark = pytest.mark.django_db
NOT_DIGITS = ["²", "²³", "①", "𝟙"]


@pytest.fixture
def staff_client(provincial_staff):
    client = Client()
    client.force_login(provincial_staff)
    return client


@pytest.mark.parametrize("value", NOT_DIGITS)
@pytest.mark.parametrize(
    "url",
    [
        "/units/picker/?name=unit&unit_province={v}&unit_district={v}&unit_commune={v}",
        "/prevention/activities/new/?directive={v}",
        "/prevention/totals/?unit={v}",
        "/support/followups/?unit={v}",
        "/support/supports/?type={v}",
    ],
)
def test_a_superscript_digit_in_a_query_string_is_no_server_error(staff_client, url, value):
    response = staff_client.get(url.format(v=value))
    assert response.status_code == 200


@pytest.mark.parametrize("value", NOT_DIGITS)
def test_a_superscript_digit_in_a_posted_unit_or_id_number_is_a_vietnamese_error(
    staff_client, units, value
):
    staff_client.get("/victims/new/")  # settings rows made on first use are not the form's
    before = hostile.row_counts()
    response = staff_client.post(
        "/victims/new/",
        {
            "victim-full_name": "Lò Thị Mai",
            "victim-sex": "female",
            "victim-birth_year": "2001",
            "victim-id_number": f"0381{value}01234567"[:12],
            "victim-permanent_province": value,
            "victim-permanent_district": value,
            "victim-permanent_commune": value,
        },
    )
    assert response.status_code == 200
    form = response.context["victim_form"]
    assert form.errors
    messages = [str(m) for errors in form.errors.values() for m in errors]
    assert all(hostile.is_vietnamese(m) for m in messages), messages
    assert hostile.changed(before, hostile.row_counts()) == {}
