"""Issue 16 item 7: forms of exploitation read in English in English mode wherever the registry
shows them — the dashboard's chart, the case page, the list's filter, the Excel export — and in
Vietnamese otherwise."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
D = datetime.date
FORCED_LABOUR_VI, FORCED_LABOUR_EN = "Cưỡng bức lao động", "Forced labour"


def english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.fixture
def forced_labour_case(officer_a, units, make_case):
    return make_case(officer_a, units.district_a, received=D(2025, 2, 1), forms=("forced_labour",))


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_the_dashboard_chart_names_the_forms_in_english(provincial_client, forced_labour_case):
    english(provincial_client)

    page = provincial_client.get("/")

    assert page.context["dashboard"]["charts"]["by_form"] == [
        {"label": FORCED_LABOUR_EN, "value": 1}
    ]
    assert FORCED_LABOUR_EN in page.content.decode()


@time_machine.travel(datetime.datetime(2025, 6, 1, 9))
def test_the_dashboard_chart_stays_vietnamese_in_vietnamese_mode(
    provincial_client, forced_labour_case
):
    page = provincial_client.get("/")

    assert page.context["dashboard"]["charts"]["by_form"] == [
        {"label": FORCED_LABOUR_VI, "value": 1}
    ]


def test_the_case_page_names_the_forms_in_english(client_a, forced_labour_case):
    english(client_a)

    page = client_a.get(reverse("victims:case-detail", args=[forced_labour_case.pk]))

    text = page.content.decode()
    assert FORCED_LABOUR_EN in text and FORCED_LABOUR_VI not in text


def test_the_list_filter_offers_the_forms_in_english(client_a, forced_labour_case):
    english(client_a)

    page = client_a.get(reverse("victims:case-list"))

    choices = dict(page.context["filter"].form.fields["exploitation"].choices)
    assert FORCED_LABOUR_EN in {str(label) for label in choices.values()}
    assert FORCED_LABOUR_VI not in page.content.decode()


def test_the_registry_export_names_the_forms_in_english(client_a, forced_labour_case):
    english(client_a)

    response = client_a.post(
        reverse("victims:case-export"),
        {"reason": "Gửi danh sách cho Công an tỉnh theo Công văn số 123/CV-PC02"},
    )

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    column = rows[0].index("Form of exploitation")
    assert [row[column] for row in rows[1:]] == [FORCED_LABOUR_EN]
