import datetime

import pytest

from reports.periods import Period, last_closed, period_for

D = datetime.date


def test_the_annual_period_runs_from_15_december_to_14_december():
    period = period_for("annual", 2024)
    assert (period.start, period.end) == (D(2023, 12, 15), D(2024, 12, 14))
    assert period.label() == "15/12/2023 – 14/12/2024"


def test_the_six_month_period_ends_on_14_june():
    assert period_for("six_month", 2025) == Period("six_month", D(2024, 12, 15), D(2025, 6, 14))


def test_the_calendar_year():
    assert period_for("calendar", 2026) == Period("calendar", D(2026, 1, 1), D(2026, 12, 31))


def test_each_period_compares_with_the_one_a_year_before():
    assert period_for("annual", 2025).previous() == period_for("annual", 2024)
    assert period_for("six_month", 2025).previous() == period_for("six_month", 2024)


def test_a_custom_period_compares_with_as_many_days_just_before():
    period = Period("custom", D(2025, 3, 1), D(2025, 3, 31))
    assert period.previous() == Period("custom", D(2025, 1, 29), D(2025, 2, 28))


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period("custom", D(2025, 3, 2), D(2025, 3, 1))


def test_the_last_closed_period_is_the_one_ended_before_today():
    assert last_closed("annual", D(2025, 12, 15)) == period_for("annual", 2025)
    assert last_closed("annual", D(2025, 12, 14)) == period_for("annual", 2024)
    assert last_closed("six_month", D(2025, 6, 15)) == period_for("six_month", 2025)
