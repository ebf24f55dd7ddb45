"""The dashboard counts the cases of the user's own area only."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def count_cards(client):
    response = client.get("/")
    counts = {value: count for _label, count, value in response.context["cases_by_status"]}
    return response.context["case_count"], counts


def test_each_officer_counts_only_their_area(
    client_a, client_b, provincial_client, officer_a, officer_b, units, make_case, settings
):
    """Below the province small counts are hidden ("<k"), so district A gets k cases: its
    officer sees exactly k (not k + 1 with district B's case), B's officer sees "<k"."""
    k = settings.SMALL_COUNT_THRESHOLD
    for index in range(k):
        make_case(officer_a, units.district_a, full_name=f"Lò Thị Mai {index}")
    make_case(officer_b, units.district_b, received=datetime.date(2025, 9, 1))

    assert count_cards(client_a) == (
        k,
        {"suspected": k, "identified": 0, "not_victim": 0, "closed": 0},
    )
    assert count_cards(client_b)[0] == f"<{k}"
    assert count_cards(provincial_client)[0] == k + 1
