"""The worklists' tabs and filters (core.lists.WorklistFilterSet, seen on the support list):
the tab named by ?view= (the first when missing or unknown), the filter chosen kept on the tab
links and the pages, and a support type that names no choice leaving no row."""

import datetime

import pytest
from django.urls import reverse

from support_services.models import SupportType
from support_services.supports import services
from victims import services as victim_services
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = reverse("support_services:support-list")


@pytest.fixture
def proposed(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name="Lò Thị Mai")
    case = victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
    return services.support_propose(
        actor=officer_a, case=case, support_type=travel(), quantity=1, on_date=D(2024, 5, 12)
    )


def travel():
    return SupportType.objects.get(regime="legacy", code="travel")


def rows(client, query):
    return list(client.get(f"{LIST}?{query}").context["page"])


@pytest.mark.parametrize("query", ["", "view=", "view=nonsense"])
def test_a_missing_or_unknown_tab_shows_the_first_one(client_a, proposed, query):
    response = client_a.get(f"{LIST}?{query}")

    assert response.context["filter"].view == "awaiting_decision"
    assert list(response.context["page"]) == [proposed]


def test_a_tab_shows_only_its_status(client_a, proposed):
    assert rows(client_a, "view=awaiting_decision") == [proposed]
    assert rows(client_a, "view=provided") == []
    assert rows(client_a, "view=all") == [proposed]


def test_the_support_type_filters_the_rows(client_a, proposed):
    other = SupportType.objects.get(regime="legacy", code="medical")

    assert rows(client_a, f"view=all&type={travel().pk}") == [proposed]
    assert rows(client_a, f"view=all&type={other.pk}") == []


def test_a_support_type_that_names_no_choice_leaves_no_row(client_a, proposed):
    missing = SupportType.objects.order_by("-pk").first().pk + 1

    assert rows(client_a, f"view=all&type={missing}") == []


def test_the_tab_links_and_the_pages_keep_the_support_type_chosen(client_a, proposed):
    body = client_a.get(f"{LIST}?view=all&type={travel().pk}").content.decode()

    assert f'href="?view=provided&amp;type={travel().pk}"' in body
    assert client_a.get(f"{LIST}?view=all&type={travel().pk}").context["query"] == (
        f"view=all&type={travel().pk}"
    )
