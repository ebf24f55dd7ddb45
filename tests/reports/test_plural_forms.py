"""Issue 16 item 7: counts read right in English — one case, two cases — in the Word report's
narrative (Vietnamese has one form; its sentences stay as they are)."""

import datetime

import pytest
from django.utils import translation

from reports import word
from reports.periods import Period


def narrative(**values):
    data = {
        "indicators": {key: {"value": value, "previous": 0} for key, value in values.items()},
        "tables": {},
    }
    previous = Period("year", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    return word.Narrative(data, previous)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 case was closed. 1 follow-up visit was made"),
        (2, "2 cases were closed. 2 follow-up visits were made"),
    ],
)
def test_the_english_narrative_counts_one_and_two(count, expected):
    with translation.override("en"):
        text = narrative(followups_done=count, cases_closed=count).reintegration()

    closed, _, visits = expected.partition(". ")
    assert closed + "." in text
    assert visits in text


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "received 1 returnee; identified 1 person as a victim"),
        (2, "received 2 returnees; identified 2 people as victims"),
    ],
)
def test_the_english_situation_counts_people(count, expected):
    with translation.override("en"):
        text = narrative(received_total=count, identified_total=count).situation()

    assert expected in text


def test_a_hidden_small_count_reads_as_several():
    with translation.override("en"):
        text = narrative(cases_closed="<5").reintegration()

    assert "<5 cases were closed." in text


def test_the_vietnamese_narrative_keeps_its_one_form():
    with translation.override("vi"):
        one = narrative(cases_closed=1).reintegration()
        two = narrative(cases_closed=2).reintegration()

    assert one == "Đã đóng 1 hồ sơ."
    assert two == "Đã đóng 2 hồ sơ."


@pytest.mark.parametrize(
    ("singular", "plural", "values", "one", "two"),
    [
        (
            "%(name)s: gia hạn thêm %(days)s ngày (quyết định số %(number)s)",
            None,
            {"name": "X", "number": "1/QĐ"},
            "X: extended by 1 day (decision no. 1/QĐ)",
            "X: extended by 2 days (decision no. 1/QĐ)",
        ),
        ("Đã lập lịch %(count)s lần thăm.", None, {}, "1 visit scheduled.", "2 visits scheduled."),
        ("Đã ẩn danh %(count)s người.", None, {}, "Anonymised 1 person.", "Anonymised 2 people."),
        ("%(count)s vi phạm", None, {}, "1 violation", "2 violations"),
    ],
)
def test_counted_messages_have_an_english_singular_and_plural(singular, plural, values, one, two):
    texts = []
    with translation.override("en"):
        for number in (1, 2):
            counted = {"days": number, "count": number, **values}
            texts.append(translation.ngettext(singular, plural or singular, number) % counted)

    assert texts == [one, two]
