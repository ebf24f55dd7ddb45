"""The pure rules of follow-up and closure: the schedule, dates, the hand-over record."""

import datetime

import pytest

from support_services.reintegration import rules

D = datetime.date


def test_the_schedule_counts_months_from_the_return_and_keeps_month_ends():
    assert rules.due_dates(D(2024, 1, 31), "1,3,6,12") == [
        (1, D(2024, 2, 29)),  # leap year
        (3, D(2024, 4, 30)),
        (6, D(2024, 7, 31)),
        (12, D(2025, 1, 31)),
    ]
    assert rules.due_dates(D(2025, 1, 31), [1]) == [(1, D(2025, 2, 28))]
    assert rules.due_dates(D(2025, 11, 30), [3]) == [(3, D(2026, 2, 28))]


@pytest.mark.parametrize(
    ("value", "months"),
    [("1,3,6,12", (1, 3, 6, 12)), ("12, 1,3,3", (1, 3, 12)), ([2, 4], (2, 4)), ("6;18", (6, 18))],
)
def test_the_months_setting_is_read_sorted_and_each_month_once(value, months):
    assert rules.parse_months(value) == months


@pytest.mark.parametrize("value", ["", "0,3", "a,b", "-1", "121"])
def test_a_meaningless_months_setting_is_refused(value):
    with pytest.raises(ValueError):
        rules.parse_months(value)


def test_the_plan_adds_missing_months_and_never_moves_a_visit_done():
    existing = {1: ("done", D(2024, 2, 10)), 3: ("scheduled", D(2024, 4, 10))}

    plan = rules.plan_schedule(D(2024, 1, 31), [1, 3, 6], existing)

    assert plan.create == [(6, D(2024, 7, 31))]
    assert plan.move == [(3, D(2024, 4, 30))]  # pending: follows the corrected return date


def test_the_plan_of_a_complete_schedule_is_empty():
    existing = {1: ("scheduled", D(2024, 2, 29)), 3: ("lost_contact", D(2024, 1, 1))}

    plan = rules.plan_schedule(D(2024, 1, 31), [1, 3], existing)

    assert plan.create == [] and plan.move == []


def test_overdue_means_pending_and_due_before_today():
    today = D(2025, 3, 1)
    assert rules.is_overdue("scheduled", D(2025, 2, 28), today)
    assert not rules.is_overdue("scheduled", today, today)
    assert not rules.is_overdue("done", D(2025, 2, 28), today)


def test_a_visit_date_is_between_the_return_and_today():
    today, returned = D(2025, 3, 1), D(2025, 1, 31)
    assert rules.visit_date_error(D(2025, 2, 10), returned, today) == ""
    assert "sau ngày hôm nay" in rules.visit_date_error(D(2025, 3, 2), returned, today)
    assert "trước ngày trở về (31/01/2025)" in rules.visit_date_error(
        D(2025, 1, 30), returned, today
    )
    assert rules.visit_date_error(None, returned, today) == "Cần ghi ngày thăm."


def test_a_move_needs_every_field_of_the_hand_over_record():
    errors = rules.handover_errors(
        receiving_province=None,
        receiving_province_name="",
        receiving_agency="",
        handover_number="",
        handover_date=None,
        handed_over="",
        closed_on=D(2025, 5, 1),
    )

    assert set(errors) == {
        "receiving_province",
        "receiving_agency",
        "handover_number",
        "handover_date",
        "handed_over",
    }


def test_the_hand_over_is_not_after_the_closure_and_names_one_province():
    errors = rules.handover_errors(
        receiving_province=object(),
        receiving_province_name="Tỉnh Viên Chăn (Lào)",
        receiving_agency="Sở Y tế",
        handover_number="12/BB",
        handover_date=D(2025, 5, 2),
        handed_over="Hồ sơ vụ việc",
        closed_on=D(2025, 5, 1),
    )

    assert set(errors) == {"receiving_province_name", "handover_date"}


@pytest.mark.parametrize(
    ("months", "english", "vietnamese"),
    [
        (1, "After 1 month", "Sau 1 tháng"),
        (3, "After 3 months", "Sau 3 tháng"),
        (12, "After 12 months", "Sau 12 tháng"),
    ],
)
def test_visit_label_has_the_right_plural(months, english, vietnamese):
    from django.utils import translation

    from support_services.reintegration.rules import label

    with translation.override("en"):
        assert label(months) == english
    with translation.override("vi"):
        assert label(months) == vietnamese
