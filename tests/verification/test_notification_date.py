"""The three-day step counts from the legal event — the day the department was notified of the
person — not from the day the submission was typed (issue 15 item 12).

The department acts within 3 days (calendar days; DOMAIN.md "Two legal regimes": Law 66/2011
and Decree 62/2012; Law 53/2024 and Decree 162/2025); a limit ending on a day off moves to the
next working day (Civil Code 2015 Art 148(5))."""

import datetime

import pytest
import time_machine

from verification import services
from verification.models import DossierEvent, DossierStatus, VerificationDossier
from verification.services import TransitionError

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_three_days_count_from_the_notification_not_from_the_day_it_was_typed(officer_a, draft):
    # Notified on Monday 13/05/2024, typed in on Thursday 16/05/2024.
    with time_machine.travel(datetime.datetime(2024, 5, 16, 9, 0), tick=False):
        dossier = services.dossier_submit(
            actor=officer_a, dossier=draft, notified_on=D(2024, 5, 13)
        )

    assert dossier.notified_on == D(2024, 5, 13)
    assert dossier.due_date == D(2024, 5, 16)  # 13/05 + 3 days, a Thursday


def test_three_days_from_a_notification_before_the_30_april_break_end_after_it(
    officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=D(2024, 4, 25))
    draft = services.dossier_create(actor=officer_a, case=case)

    # Friday 26/04/2024 + 3 days = Monday 29/04, off (swapped), 30/04 and 01/05 holidays →
    # Thursday 02/05/2024.
    dossier = services.dossier_submit(actor=officer_a, dossier=draft, notified_on=D(2024, 4, 26))

    assert dossier.due_date == D(2024, 5, 2)


def test_a_notification_before_the_person_was_received_is_refused(officer_a, draft):
    # case_a was received on 10/05/2024.
    with pytest.raises(TransitionError, match="10/05/2024") as refused:
        services.dossier_submit(actor=officer_a, dossier=draft, notified_on=D(2024, 5, 9))

    assert refused.value.field == "notified_on"
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT and draft.notified_on is None
    assert not DossierEvent.objects.filter(dossier=draft, to_status="submitted").exists()


# --- Over HTTP: the form on the case page ---------------------------------------------------


def submit_post(dossier, **fields):
    data = {f"submit-{dossier.pk}-version": dossier.version, f"submit-{dossier.pk}-note": ""}
    data.update({f"submit-{dossier.pk}-{name}": value for name, value in fields.items()})
    return data


def test_the_case_page_asks_for_the_notification_date(client_a, draft):
    page = client_a.get(f"/victims/cases/{draft.case_id}/").content.decode()

    assert f'name="submit-{draft.pk}-notified_on"' in page
    assert "Ngày nhận thông báo" in page


def test_an_officer_submits_with_the_notification_date_and_the_page_shows_it(client_a, draft):
    response = client_a.post(
        f"/verification/dossiers/{draft.pk}/submit/", submit_post(draft, notified_on="17/05/2024")
    )

    assert response.status_code == 302
    dossier = VerificationDossier.objects.get(pk=draft.pk)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.notified_on == D(2024, 5, 17)
    # Friday 17/05/2024 + 3 days = Monday 20/05/2024.
    assert dossier.due_date == D(2024, 5, 20)
    page = client_a.get(f"/victims/cases/{draft.case_id}/").content.decode()
    assert 'data-testid="dossier-notified-on"' in page and "17/05/2024" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "bắt buộc"),
        ("31/02/2024", "Nhập một ngày hợp lệ"),
        ("01/01/2099", "không được sau ngày hôm nay"),
        ("09/05/2024", "không được trước ngày tiếp nhận người trở về (10/05/2024)"),
    ],
)
def test_a_wrong_notification_date_comes_back_next_to_the_field_and_nothing_is_saved(
    client_a, draft, typed, message
):
    response = client_a.post(
        f"/verification/dossiers/{draft.pk}/submit/",
        submit_post(draft, notified_on=typed, note="Gửi Sở kèm biên bản"),
    )

    body = response.content.decode()
    assert response.status_code in (200, 400)
    assert message in body
    assert "Gửi Sở kèm biên bản" in body  # what was typed is kept
    dossier = VerificationDossier.objects.get(pk=draft.pk)
    assert dossier.status == DossierStatus.DRAFT and dossier.notified_on is None


def test_an_officer_of_another_district_cannot_submit_the_dossier(client_b, draft):
    response = client_b.post(
        f"/verification/dossiers/{draft.pk}/submit/", submit_post(draft, notified_on="17/05/2024")
    )

    assert response.status_code == 404
    assert VerificationDossier.objects.get(pk=draft.pk).status == DossierStatus.DRAFT
