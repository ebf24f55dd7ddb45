"""The 12-month application window of re-integration supports (issue 15 item 7): it counts from
the date the person was certified as a victim — the date the dossier stores — not from the day
the result was typed in; without a dossier, from the date recorded on the case; an end on a day
off moves to the next working day (Civil Code 2015 Art 148(5)).

Expected dates are worked out by hand from the Civil Code and the holiday notices."""

import datetime

import pytest
import time_machine

from support_services.applications.services import ApplicationError
from support_services.models import ApplicationStatus, SupportApplication
from support_services.supports.rules import application_window_end, identification_date
from support_services.supports.services import case_facts
from tests.support_services.applications_fixtures import *  # noqa: F403 (the fixtures)
from tests.support_services.applications_fixtures import D, record
from tests.verification.conftest import add_certifying_document
from verification import services as verification_services
from verification.rules import WorkingCalendar
from victims import services as victim_services
from victims.choices import CaseStatus, Poverty

WEEKEND_ONLY = WorkingCalendar()
# Tết Dương lịch 2026 (Công văn 12729/VPCP-KGVX): 01–02/01 off, Saturday 10/01 worked.
# Quốc khánh 2026 (Thông báo 9441/TB-BNV): 31/08, 01/09, 02/09 off.
CALENDAR_2026 = WorkingCalendar(
    days_off=frozenset(
        {D(2026, 1, 1), D(2026, 1, 2), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)}
    ),
    working_days=frozenset({D(2026, 1, 10)}),
)


# --- The window's last day, pure ------------------------------------------------------------


@pytest.mark.parametrize(
    ("certified", "calendar", "last_day"),
    [
        # 14/03/2026 is a Saturday → Monday 16/03/2026.
        (D(2025, 3, 14), WEEKEND_ONLY, D(2026, 3, 16)),
        # 15/03/2025 is a Saturday → Monday 17/03/2025.
        (D(2024, 3, 15), WEEKEND_ONLY, D(2025, 3, 17)),
        # 03/06/2025 is a Tuesday: no move.
        (D(2024, 6, 3), WEEKEND_ONLY, D(2025, 6, 3)),
        # 02/01/2026 is a day off, 03–04/01 the weekend → Monday 05/01/2026.
        (D(2025, 1, 2), CALENDAR_2026, D(2026, 1, 5)),
        # Saturday 10/01/2026 is worked that year: the window ends on it.
        (D(2025, 1, 10), CALENDAR_2026, D(2026, 1, 10)),
        # The same Saturday without the swap → Monday 12/01/2026.
        (D(2025, 1, 10), WEEKEND_ONLY, D(2026, 1, 12)),
        # 31/08/2026, 01/09 and 02/09 off → Thursday 03/09/2026.
        (D(2025, 8, 31), CALENDAR_2026, D(2026, 9, 3)),
        # No 29/02 in 2025: the last day of February (Art 148(3)), a Friday.
        (D(2024, 2, 29), WEEKEND_ONLY, D(2025, 2, 28)),
    ],
)
def test_the_window_ends_12_months_later_on_a_working_day(certified, calendar, last_day):
    assert application_window_end(certified, 12, calendar) == last_day


@pytest.mark.parametrize(
    ("reply", "certificate", "case_date", "prefer", "expected", "label"),
    [
        (D(2024, 6, 3), D(2024, 6, 1), None, "reply", D(2024, 6, 3), "văn bản trả lời"),
        (D(2024, 6, 3), D(2024, 6, 1), None, "certificate", D(2024, 6, 1), "tài liệu xác nhận"),
        (None, D(2024, 6, 1), D(2024, 6, 5), "reply", D(2024, 6, 1), "tài liệu xác nhận"),
        (D(2024, 6, 3), None, None, "certificate", D(2024, 6, 3), "văn bản trả lời"),
        (None, None, D(2024, 6, 5), "reply", D(2024, 6, 5), "ghi trên vụ việc"),
        (None, None, None, "reply", None, ""),
    ],
)
def test_the_certification_date_is_the_first_known_in_the_configured_order(
    reply, certificate, case_date, prefer, expected, label
):
    day, source = identification_date(
        reply_date=reply, certificate_date=certificate, case_date=case_date, prefer=prefer
    )
    assert day == expected
    assert label in source


# --- From the case's records ----------------------------------------------------------------


def identify_later(case, *, officer, staff, typed_on, letter_date, reply_date):
    """The dossier's result typed on `typed_on`, with the police's reply dated `reply_date` and
    a police certificate issued on 01/06/2024."""
    with time_machine.travel(datetime.datetime.combine(typed_on, datetime.time(9)), tick=False):
        dossier = verification_services.dossier_create(actor=officer, case=case)
        dossier = verification_services.dossier_submit(actor=officer, dossier=dossier)
        dossier = verification_services.dossier_send(
            actor=staff,
            dossier=dossier,
            agency="Công an tỉnh Thanh Hóa",
            letter_number="12/SLĐTBXH",
            letter_date=letter_date,
        )
        add_certifying_document(dossier)  # issued 01/06/2024
        verification_services.dossier_record_result(
            actor=staff, dossier=dossier, result="identified", reply_date=reply_date
        )
    case.refresh_from_db()
    return case


@pytest.fixture
def typed_late(officer_a, provincial_staff, units, make_case):
    """Received 10/05/2024; the police replied on 03/06/2024; typed in on 20/06/2024."""
    case = make_case(
        officer_a, units.district_a, received=D(2024, 5, 10), residence=units.commune_a1
    )
    case.victim.poverty_status = Poverty.POOR
    case.victim.save()
    return identify_later(
        case,
        officer=officer_a,
        staff=provincial_staff,
        typed_on=D(2024, 6, 20),
        letter_date=D(2024, 5, 20),
        reply_date=D(2024, 6, 3),
    )


def test_the_window_counts_from_the_reply_date_not_from_the_day_it_was_typed(typed_late):
    facts = case_facts(typed_late)

    assert facts.identified_on == D(2024, 6, 3)
    assert "văn bản trả lời" in facts.identified_from


def test_the_province_may_count_from_the_certificate_instead(typed_late, settings):
    settings.APPLICATION_WINDOW_FROM = "certificate"

    assert case_facts(typed_late).identified_on == D(2024, 6, 1)


def test_without_a_dossier_the_window_counts_from_the_date_recorded_on_the_case(
    officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    case.identified_on = D(2024, 6, 5)
    case.save()
    case = victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)

    facts = case_facts(case)

    assert facts.identified_on == D(2024, 6, 5)
    assert "ghi trên vụ việc" in facts.identified_from


def test_an_application_on_the_day_after_the_typed_window_is_still_refused_by_the_reply_date(
    officer_a, typed_late, units
):
    # From the reply (03/06/2024) the window ends on Tuesday 03/06/2025; counted from the day
    # it was typed (20/06/2024) it would have run until 20/06/2025.
    with pytest.raises(ApplicationError, match="03/06/2025") as refused:
        record(
            officer_a,
            typed_late,
            "legacy",
            "initial_hardship",
            received_on=D(2025, 6, 10),
            certifying_unit=units.commune_a1,
        )

    assert refused.value.field == "received_on"
    assert SupportApplication.objects.count() == 0


@pytest.fixture
def certified_2_january_2025(officer_a, provincial_staff, units, make_case):
    """Received 10/12/2024 (legacy regime), the police's reply dated Thursday 02/01/2025."""
    case = make_case(
        officer_a, units.district_a, received=D(2024, 12, 10), residence=units.commune_a1
    )
    case.victim.poverty_status = Poverty.POOR
    case.victim.save()
    return identify_later(
        case,
        officer=officer_a,
        staff=provincial_staff,
        typed_on=D(2025, 1, 2),
        letter_date=D(2024, 12, 12),
        reply_date=D(2025, 1, 2),
    )


def test_a_window_ending_on_02_01_2026_accepts_an_application_on_monday_05_01(
    officer_a, certified_2_january_2025, units
):
    application = record(
        officer_a,
        certified_2_january_2025,
        "legacy",
        "initial_hardship",
        received_on=D(2026, 1, 5),
        certifying_unit=units.commune_a1,
    )

    assert application.status == ApplicationStatus.RECEIVED


def test_and_refuses_one_on_tuesday_06_01_naming_the_moved_last_day(
    officer_a, certified_2_january_2025, units
):
    with pytest.raises(ApplicationError, match="05/01/2026"):
        record(
            officer_a,
            certified_2_january_2025,
            "legacy",
            "initial_hardship",
            received_on=D(2026, 1, 6),
            certifying_unit=units.commune_a1,
        )
    assert SupportApplication.objects.count() == 0


# --- On screen --------------------------------------------------------------------------------


def test_the_case_page_says_which_date_the_window_counts_from_and_its_last_day(
    client_a, typed_late
):
    page = client_a.get(f"/victims/cases/{typed_late.pk}/").content.decode()

    assert 'data-testid="application-window"' in page
    assert "03/06/2024" in page and "ngày văn bản trả lời kết quả xác minh" in page
    assert "03/06/2025" in page
    assert "có thể cấu hình" in page  # the default is a setting, and the page says so


def test_an_officer_of_another_district_does_not_see_the_window(client_b, typed_late):
    response = client_b.get(f"/victims/cases/{typed_late.pk}/")

    assert response.status_code == 404
    assert "03/06/2024" not in response.content.decode()
