"""The working calendar (issue 15 item 8): days off and make-up working days as data, each with
its source; the weekend a setting; the seeded years checked against the Government's notices;
the November reminder when next year is empty.

Expected dates are worked out from the notices and the Labour Code, written out here — not read
back from verification.reference_data."""

import datetime
import importlib

import pytest
import time_machine

from accounts.models import Notification
from verification import services
from verification.calendar import working_calendar
from verification.models import CalendarDay, DayKind, VerificationDossier
from verification.reference_data import calendar_correct
from verification.rules import WorkingCalendar

pytestmark = pytest.mark.django_db
D = datetime.date


# --- The arithmetic, on calendars written out from the notices -----------------------------

# 30/4–1/5/2025 (Công văn 8726/VPCP-KGVX): 30/4, 1/5 holidays, Friday 2/5 off in exchange for
# Saturday 26/4 worked.
APRIL_2025 = WorkingCalendar(
    days_off=frozenset({D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2)}),
    working_days=frozenset({D(2025, 4, 26)}),
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 4, 25), True),  # Friday
        (D(2025, 4, 26), True),  # Saturday worked in exchange for 02/05
        (D(2025, 4, 27), False),  # Sunday
        (D(2025, 4, 30), False),  # holiday
        (D(2025, 5, 2), False),  # Friday swapped away
        (D(2025, 5, 3), False),  # an ordinary Saturday
        (D(2025, 5, 5), True),  # Monday
    ],
)
def test_a_make_up_saturday_is_a_working_day_and_a_swapped_friday_is_not(day, working):
    assert APRIL_2025.is_working_day(day) is working


def test_working_days_count_the_make_up_saturday():
    # Thursday 24/04/2025 + 2 working days: Friday 25/04, Saturday 26/04 (worked).
    assert APRIL_2025.add_working_days(D(2025, 4, 24), 2) == D(2025, 4, 26)
    # Tuesday 29/04/2025 + 1 working day: 30/4, 1/5, 2/5 off, 3–4/5 weekend → Monday 05/05.
    assert APRIL_2025.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_a_calendar_deadline_ending_on_a_make_up_saturday_stays_there():
    # Wednesday 23/04/2025 + 3 days = Saturday 26/04/2025, a working day that year.
    assert APRIL_2025.due_date(D(2025, 4, 23), days=3, working_days=False) == D(2025, 4, 26)
    # Without the swap the same Saturday moves to Monday 28/04.
    assert WorkingCalendar().due_date(D(2025, 4, 23), days=3, working_days=False) == D(2025, 4, 28)


def test_the_weekend_is_a_setting_not_a_constant(settings):
    saturday = D(2024, 5, 18)
    assert not working_calendar().is_working_day(saturday)

    settings.WORKING_CALENDAR_WEEKEND = frozenset({6})  # a six-day week: Sunday only

    assert working_calendar().is_working_day(saturday)
    assert not working_calendar().is_working_day(D(2024, 5, 19))


# --- The seeded calendar, against each year's notice --------------------------------------


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        # 2024 — Labour Code 2019 Art 112; Thông báo 5015/TB-LĐTBXH (22/11/2023);
        # Công văn 2450/VPCP-KGVX (12/4/2024).
        (D(2024, 1, 1), False, "Tết Dương lịch"),
        (D(2024, 2, 8), False, "Tết: 29 tháng Chạp Quý Mão"),
        (D(2024, 2, 14), False, "Tết: mùng 5 Giáp Thìn, last day"),
        (D(2024, 2, 15), True, "after Tết"),
        (D(2024, 4, 18), False, "Giỗ Tổ, 10/3 âm lịch"),
        (D(2024, 4, 29), False, "Monday swapped for Saturday 04/05"),
        (D(2024, 4, 30), False, "30/4"),
        (D(2024, 5, 1), False, "1/5"),
        (D(2024, 5, 4), True, "make-up Saturday"),
        (D(2024, 9, 2), False, "Quốc khánh"),
        (D(2024, 9, 3), False, "Quốc khánh, day after"),
        (D(2024, 9, 4), True, "after Quốc khánh"),
        # 2025 — Công văn 8726/VPCP-KGVX (26/11/2024).
        (D(2025, 1, 1), False, "Tết Dương lịch"),
        (D(2025, 1, 27), False, "Tết Ất Tỵ"),
        (D(2025, 1, 31), False, "Tết Ất Tỵ"),
        (D(2025, 2, 3), True, "after Tết"),
        (D(2025, 4, 7), False, "Giỗ Tổ, 10/3 âm lịch"),
        (D(2025, 4, 26), True, "make-up Saturday"),
        (D(2025, 5, 2), False, "Friday swapped for Saturday 26/04"),
        (D(2025, 9, 1), False, "Quốc khánh, day before"),
        (D(2025, 9, 2), False, "Quốc khánh"),
        # 2026 — Công văn 12729/VPCP-KGVX (25/12/2025); Thông báo 9441/TB-BNV (16/10/2025).
        (D(2026, 1, 1), False, "Tết Dương lịch"),
        (D(2026, 1, 2), False, "Friday swapped for Saturday 10/01 (missing before issue 15)"),
        (D(2026, 1, 10), True, "make-up Saturday"),
        (D(2026, 2, 16), False, "Tết Bính Ngọ: 29 tháng Chạp"),
        (D(2026, 2, 20), False, "Tết Bính Ngọ: mùng 4"),
        (D(2026, 2, 23), True, "after Tết"),
        (D(2026, 4, 27), False, "Giỗ Tổ falls on Sunday 26/04: compensatory Monday"),
        (D(2026, 4, 30), False, "30/4"),
        (D(2026, 5, 1), False, "1/5"),
        (D(2026, 8, 31), False, "Quốc khánh break (missing before issue 15)"),
        (D(2026, 9, 1), False, "Quốc khánh, day before"),
        (D(2026, 9, 2), False, "Quốc khánh"),
        (D(2026, 9, 3), True, "after Quốc khánh"),
    ],
)
def test_the_seeded_calendar_follows_the_notices(day, working, why):
    assert working_calendar().is_working_day(day) is working, why


def test_every_seeded_day_names_its_source():
    rows = CalendarDay.objects.filter(date__year__in=(2024, 2025, 2026))
    assert rows.exists()
    assert not rows.filter(source="").exists()
    # The make-up Saturdays of the three years, each a Saturday.
    made_up = list(rows.filter(kind=DayKind.WORKING_DAY).values_list("date", flat=True))
    assert made_up == [D(2024, 5, 4), D(2025, 4, 26), D(2026, 1, 10)]
    assert {day.weekday() for day in made_up} == {5}


def test_a_three_day_deadline_ending_on_02_01_2026_moves_to_monday_05_01():
    # Tuesday 30/12/2025 + 3 days = Friday 02/01/2026, a day off; 03–04/01 weekend.
    assert working_calendar().due_date(D(2025, 12, 30), days=3, working_days=False) == D(2026, 1, 5)


# --- The correction of existing installations ---------------------------------------------


def test_the_correction_adds_the_missing_days_and_is_idempotent():
    # An installation seeded before issue 15: no 02/01/2026, no 31/08/2026, no make-up days,
    # no sources; and a supervisor's own row with its source.
    CalendarDay.objects.filter(
        date__in=[D(2026, 1, 2), D(2026, 8, 31), D(2024, 5, 4), D(2025, 4, 26), D(2026, 1, 10)]
    ).delete()
    CalendarDay.objects.update(source="", note="")
    CalendarDay.objects.filter(date=D(2024, 1, 1)).update(
        name="Tết Dương lịch (tỉnh ghi)", source="Văn bản của tỉnh"
    )
    CalendarDay.objects.create(date=D(2027, 1, 1), name="Tết Dương lịch", source="BLLĐ")

    calendar_correct(CalendarDay)
    count = CalendarDay.objects.count()
    calendar_correct(CalendarDay)

    assert CalendarDay.objects.count() == count
    assert CalendarDay.objects.get(date=D(2026, 1, 2)).kind == DayKind.DAY_OFF
    assert CalendarDay.objects.get(date=D(2026, 8, 31)).kind == DayKind.DAY_OFF
    assert CalendarDay.objects.get(date=D(2025, 4, 26)).kind == DayKind.WORKING_DAY
    assert "8726/VPCP-KGVX" in CalendarDay.objects.get(date=D(2025, 5, 2)).source
    kept = CalendarDay.objects.get(date=D(2024, 1, 1))
    assert (kept.name, kept.source) == ("Tết Dương lịch (tỉnh ghi)", "Văn bản của tỉnh")
    assert CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()  # not listed: left alone


def test_old_dossiers_take_their_first_submission_as_the_notification_date(officer_a, draft):
    with time_machine.travel(datetime.datetime(2024, 5, 16, 9, 0), tick=False):
        services.dossier_submit(actor=officer_a, dossier=draft)
    VerificationDossier.objects.filter(pk=draft.pk).update(notified_on=None)  # a row before 0006
    migration = importlib.import_module("verification.migrations.0006_dossier_notified_on")
    from django.apps import apps

    migration.from_first_submission(apps, None)

    assert VerificationDossier.objects.get(pk=draft.pk).notified_on == D(2024, 5, 16)


# --- The November reminder ----------------------------------------------------------------


def reminders(user):
    return list(Notification.objects.filter(user=user).values_list("message", flat=True))


def test_supervisors_are_reminded_in_november_when_next_year_has_no_day_off(supervisor, officer_a):
    # The seeded calendar ends with 2026: on 01/11/2026, 2027 is empty.
    told = services.calendar_remind_next_year(today=D(2026, 11, 1))

    assert told == 1
    [message] = reminders(supervisor)
    assert "2027" in message
    assert reminders(officer_a) == []


def test_no_reminder_once_a_day_off_of_next_year_is_entered(supervisor):
    CalendarDay.objects.create(date=D(2027, 1, 1), name="Tết Dương lịch", source="BLLĐ 2019")

    assert services.calendar_remind_next_year(today=D(2026, 11, 8)) == 0
    assert reminders(supervisor) == []


def test_a_make_up_working_day_alone_does_not_count_as_next_years_calendar(supervisor):
    CalendarDay.objects.create(
        date=D(2027, 1, 9), kind=DayKind.WORKING_DAY, name="Làm bù", source="thử"
    )

    assert services.calendar_remind_next_year(today=D(2026, 11, 15)) == 1


def test_no_reminder_outside_november(supervisor):
    assert services.calendar_remind_next_year(today=D(2026, 10, 31)) == 0
    assert services.calendar_remind_next_year(today=D(2026, 12, 1)) == 0
    assert reminders(supervisor) == []


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_runs_on_a_real_worker(celery_worker, supervisor):
    from verification.tasks import remind_next_year_calendar

    told = remind_next_year_calendar.delay("2026-11-01").get(timeout=30)

    assert told == 1
    assert len(reminders(supervisor)) == 1


def test_the_reminder_is_in_the_beat_schedule_for_november(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remind-next-year-calendar"]
    assert entry["task"] == "verification.tasks.remind_next_year_calendar"
    assert entry["schedule"].month_of_year == {11}
    assert entry["schedule"].day_of_month == {1, 8, 15, 22, 29}
