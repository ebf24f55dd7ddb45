"""Deadline arithmetic: weekends, holidays, calendar and working days."""

import datetime

from verification.rules import WorkingCalendar, allowed_actions, days_left

D = datetime.date
TET_2025 = WorkingCalendar(
    days_off=frozenset(D(2025, 1, 25) + datetime.timedelta(days=n) for n in range(9))
)  # 25/01–02/02
WEEKEND_ONLY = WorkingCalendar()


def test_working_days_skip_the_weekend():
    # Thursday 16/05/2024 + 3 working days = Tuesday 21/05/2024.
    assert WEEKEND_ONLY.add_working_days(D(2024, 5, 16), 3) == D(2024, 5, 21)


def test_working_days_skip_holidays():
    # Friday 24/01/2025 + 3 working days, across Tết 2025 = Wednesday 05/02/2025.
    assert TET_2025.add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 5)


def test_a_calendar_deadline_ending_on_a_day_off_moves_to_the_next_working_day():
    # Wednesday 29/01/2025 (Tết) + 3 days = Saturday 01/02 → off until Monday 03/02.
    assert TET_2025.due_date(D(2025, 1, 29), days=3, working_days=False) == D(2025, 2, 3)
    assert WEEKEND_ONLY.due_date(D(2024, 5, 13), days=3, working_days=False) == D(2024, 5, 16)


def test_days_left_is_negative_when_overdue():
    assert days_left(D(2024, 5, 16), D(2024, 5, 14)) == 2
    assert days_left(D(2024, 5, 16), D(2024, 5, 20)) == -4
    assert days_left(None, D(2024, 5, 20)) is None


def test_only_provincial_staff_act_on_a_submitted_dossier():
    assert allowed_actions("draft", "district_officer") == ["submit"]
    assert allowed_actions("submitted", "district_officer") == []
    assert allowed_actions("submitted", "provincial_staff") == ["send"]
    assert allowed_actions("sent", "provincial_staff") == [
        "record_identified",
        "record_not_victim",
        "request_information",
    ]
    assert allowed_actions("sent", "viewer") == []
