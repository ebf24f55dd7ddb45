"""Follow-up visits and closure over HTTP: the case page, the forms, the worklist, access."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from support_services.models import CaseClosure, FollowUp, FollowUpStatus
from support_services.reintegration import services
from tests.support_services.closures import close_case
from tests.support_services.followups_fixtures import *  # noqa: F403 - its fixtures
from tests.support_services.followups_fixtures import record_visit
from victims.choices import CaseStatus

pytestmark = pytest.mark.django_db
D = datetime.date


def page_of(client, case, tab="followups") -> str:
    """The case page with one tab rendered (the follow-ups' by default)."""
    response = client.get(f"/victims/cases/{case.pk}/?tab={tab}")
    assert response.status_code == 200
    return response.content.decode()


def visit_data(**overrides):
    data = {
        "visit-visited_on": "03/03/2025",
        "visit-method": "home",
        "visit-risk": "low",
        "visit-safety_rating": "stable",
        "visit-health_rating": "serious",
        "visit-health_note": "Đau dạ dày kéo dài",
        "visit-next_steps": "Đưa đi khám",
    }
    data.update(overrides)
    return data


# --- The case page ------------------------------------------------------------------------------


def test_an_officer_schedules_visits_from_the_case_page(client_a, case_a):
    assert 'data-testid="followups-schedule"' in page_of(client_a, case_a)

    client_a.post(f"/support/cases/{case_a.pk}/followups/schedule/")

    assert case_a.followups.count() == 4
    page = page_of(client_a, case_a)
    assert 'data-testid="followups-schedule"' not in page  # nothing missing any more
    assert "28/02/2025" in page and "Sau 12 tháng" in page
    assert 'data-testid="badge-overdue"' in page  # today is past every due date


def test_a_visit_is_recorded_over_http_and_shown_done(client_a, officer_a, scheduled):
    followup = scheduled[1]
    response = client_a.post(
        f"/support/followups/{followup.pk}/visit/", visit_data(**{"visit-officer": officer_a.pk})
    )

    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE
    assert (followup.health_rating, followup.health_note) == ("serious", "Đau dạ dày kéo dài")
    page = page_of(client_a, followup.case)
    assert 'data-testid="badge-done"' in page
    assert "Đau dạ dày kéo dài" in page
    timeline = page_of(client_a, followup.case, tab="timeline")
    assert "Thăm sau 1 tháng: nguy cơ bị mua bán lại thấp" in timeline


def test_a_visit_date_before_the_return_is_shown_next_to_the_field_with_what_was_typed(
    client_a, officer_a, scheduled
):
    followup = scheduled[1]
    response = client_a.post(
        f"/support/followups/{followup.pk}/visit/",
        visit_data(**{"visit-visited_on": "15/01/2025", "visit-officer": officer_a.pk}),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ngày thăm không được trước ngày trở về (31/01/2025)." in body
    assert "Đau dạ dày kéo dài" in body  # the form keeps what was typed
    assert 'value="15/01/2025"' in body
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.SCHEDULED


def test_a_visit_without_risk_or_date_is_refused_in_vietnamese(client_a, officer_a, scheduled):
    response = client_a.post(
        f"/support/followups/{scheduled[1].pk}/visit/",
        visit_data(**{"visit-visited_on": "", "visit-risk": "", "visit-officer": officer_a.pk}),
    )

    body = response.content.decode()
    assert "Cần đánh giá nguy cơ bị mua bán lại." in body
    assert "Cần ghi ngày thăm." in body
    assert FollowUp.objects.filter(status=FollowUpStatus.DONE).count() == 0


def test_lost_contact_is_recorded_over_http(client_a, scheduled):
    response = client_a.post(
        f"/support/followups/{scheduled[3].pk}/lost-contact/",
        {"lost-visited_on": "02/05/2025", "lost-note": "Số điện thoại không liên lạc được"},
    )

    assert response.status_code == 302
    scheduled[3].refresh_from_db()
    assert scheduled[3].status == FollowUpStatus.LOST_CONTACT
    assert 'data-testid="badge-lost"' in page_of(client_a, scheduled[3].case)


# --- Closure ------------------------------------------------------------------------------------


def test_closing_as_moved_without_hand_over_redisplays_the_form_and_saves_nothing(client_a, case_a):
    response = client_a.post(
        f"/support/cases/{case_a.pk}/close/",
        {"close-closed_on": "01/06/2025", "close-reason": "moved", "close-note": "Về Nghệ An"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Cần ghi số biên bản bàn giao." in body
    assert "Cần ghi cơ quan tiếp nhận." in body
    assert "Về Nghệ An" in body
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED
    assert not CaseClosure.objects.exists()


def test_a_move_with_the_hand_over_closes_the_case_once_approved(
    client_a, provincial_client, case_a, scheduled
):
    response = client_a.post(
        f"/support/cases/{case_a.pk}/close/",
        {
            "close-closed_on": "01/06/2025",
            "close-reason": "moved",
            "close-receiving_province_name": "Tỉnh Nghệ An",
            "close-receiving_agency": "Sở Y tế tỉnh Nghệ An",
            "close-handover_number": "15/BB-BG",
            "close-handover_date": "30/05/2025",
            "close-handed_over": "Hồ sơ vụ việc",
        },
    )

    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED  # proposed: closed once another approves
    pending = page_of(client_a, case_a)
    assert 'data-testid="closure-pending"' in pending and "15/BB-BG" in pending

    closure = CaseClosure.objects.get(case=case_a)
    approved = provincial_client.post(f"/support/closures/{closure.pk}/approve/", {})
    assert approved.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED
    page = page_of(client_a, case_a)
    assert 'data-testid="closure"' in page and "15/BB-BG" in page
    timeline = page_of(client_a, case_a, tab="timeline")
    assert "Đề nghị đóng hồ sơ vụ việc (01/06/2025): Chuyển đến tỉnh khác" in timeline
    assert "Đóng hồ sơ vụ việc (01/06/2025): Chuyển đến tỉnh khác (đã bàn giao)" in timeline
    assert 'data-testid="visit-3"' not in page  # cancelled: nothing to record


def test_provincial_staff_reopen_from_the_case_page(client_a, provincial_client, officer_a, case_a):
    close_case(actor=officer_a, case=case_a, reason="lost_contact")
    assert 'data-testid="case-reopen"' not in page_of(client_a, case_a)  # officers don't
    assert 'data-testid="case-reopen"' in page_of(provincial_client, case_a)

    empty = provincial_client.post(f"/support/cases/{case_a.pk}/reopen/", {"reopen-reason": ""})
    assert "Cần ghi lý do mở lại hồ sơ." in empty.content.decode()
    provincial_client.post(
        f"/support/cases/{case_a.pk}/reopen/", {"reopen-reason": "Đã tìm được người"}
    )

    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED
    page = page_of(provincial_client, case_a, tab="timeline")
    assert "Mở lại hồ sơ vụ việc" in page and "Đã tìm được người" in page


def test_a_district_officer_gets_403_on_reopen(client_a, officer_a, case_a):
    close_case(actor=officer_a, case=case_a, reason="lost_contact")

    response = client_a.post(f"/support/cases/{case_a.pk}/reopen/", {"reopen-reason": "Nhầm"})

    assert response.status_code == 403
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED


# --- Access -------------------------------------------------------------------------------------


def urls(case, followup):
    return [
        ("post", f"/support/cases/{case.pk}/followups/schedule/"),
        ("get", f"/support/followups/{followup.pk}/visit/"),
        ("post", f"/support/followups/{followup.pk}/visit/"),
        ("get", f"/support/followups/{followup.pk}/lost-contact/"),
        ("post", f"/support/followups/{followup.pk}/lost-contact/"),
        ("get", f"/support/cases/{case.pk}/close/"),
        ("post", f"/support/cases/{case.pk}/close/"),
        ("get", f"/support/cases/{case.pk}/reopen/"),
        ("post", f"/support/cases/{case.pk}/reopen/"),
    ]


def test_an_officer_of_another_district_gets_404_on_every_url(client_b, case_a, scheduled):
    for method, url in urls(case_a, scheduled[1]):
        response = getattr(client_b, method)(url, {"close-reason": "deceased"})
        assert response.status_code == 404, url
        assert "Đặng Thị Đào" not in response.content.decode()
        assert case_a.code not in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IDENTIFIED
    assert not FollowUp.objects.exclude(status="scheduled").exists()


def test_another_district_sees_no_row_of_the_worklist(client_b, scheduled, case_a):
    body = client_b.get("/support/followups/?view=all").content.decode()

    assert case_a.code not in body and "Đặng Thị Đào" not in body


def test_a_viewer_reads_the_schedule_but_changes_nothing(
    client_colleague_a, officer_a, case_a, scheduled
):
    record_visit(officer_a, scheduled[1])
    page = page_of(client_colleague_a, case_a)
    assert 'data-testid="followup-schedule"' in page
    assert 'data-testid="visit-3"' not in page
    assert 'data-testid="case-close"' not in page
    assert case_a.code in client_colleague_a.get("/support/followups/?view=all").content.decode()

    for method, url in urls(case_a, scheduled[3]):
        assert getattr(client_colleague_a, method)(url).status_code == 403, url
    assert FollowUp.objects.filter(status="done").count() == 1


# --- The worklist -------------------------------------------------------------------------------


def test_the_worklist_lists_this_months_visits_and_the_overdue_ones(
    provincial_client, provincial_staff, officer_a, units, make_case
):
    this_month = make_case(officer_a, units.district_a, received=D(2025, 4, 15))
    services.followups_schedule(actor=officer_a, case=this_month)
    with time_machine.travel(datetime.datetime(2025, 5, 10, 9)):
        month = provincial_client.get("/support/followups/").content.decode()
        overdue = provincial_client.get("/support/followups/?view=overdue").content.decode()

    assert this_month.code in month  # due 15/05/2025
    assert this_month.code not in overdue
    with time_machine.travel(datetime.datetime(2025, 6, 20, 9)):
        provincial_client.force_login(provincial_staff)  # a month idle signs one out
        overdue = provincial_client.get("/support/followups/?view=overdue").content.decode()
    assert this_month.code in overdue


def test_the_worklist_filters_by_unit(provincial_client, officer_a, officer_b, units, make_case):
    in_a = make_case(officer_a, units.district_a, full_name="Lò Thị Mai")
    in_b = make_case(officer_b, units.district_b, full_name="Vi Văn Sơn")
    for case, officer in ((in_a, officer_a), (in_b, officer_b)):
        services.followups_schedule(actor=officer, case=case)

    body = provincial_client.get(
        f"/support/followups/?view=all&unit={units.district_b.pk}"
    ).content.decode()

    assert in_b.code in body and in_a.code not in body


def test_the_support_menu_links_to_the_worklist(client_a):
    assert "/support/followups/" in client_a.get("/support/").content.decode()


def test_the_worklist_keeps_a_constant_number_of_queries(
    provincial_client, officer_a, units, make_case
):
    def add(count):
        for index in range(count):
            case = make_case(officer_a, units.district_a, full_name=f"Người {index}")
            services.followups_schedule(actor=officer_a, case=case)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert provincial_client.get("/support/followups/?view=all").status_code == 200
        return len(captured.captured_queries)

    add(1)  # 4 rows (one case, four visits)
    queries()  # the first page fills the cache of the unit filter's choices (core.lists)
    few = queries()
    add(5)  # 24 rows
    assert queries() == few


# --- Admin and language -------------------------------------------------------------------------


def test_the_admin_shows_follow_ups_read_only_and_only_inside_the_area(
    client, supervisor, units, scheduled, officer_a, case_a
):
    from accounts.models import Role
    from tests.factories import UserFactory

    close_case(actor=officer_a, case=case_a, reason="reintegrated")
    closure = CaseClosure.objects.get()
    client.force_login(supervisor)
    inside = client.get(f"/admin/support_services/followup/{scheduled[1].pk}/change/")
    assert inside.status_code == 200
    assert 'name="_save"' not in inside.content.decode()  # read-only

    client.force_login(UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b))
    for url in (
        f"/admin/support_services/followup/{scheduled[1].pk}/change/",
        f"/admin/support_services/caseclosure/{closure.pk}/change/",
        f"/admin/support_services/caseclosure/{closure.pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert case_a.code not in response.content.decode()
    assert case_a.code not in client.get("/admin/support_services/followup/").content.decode()


def test_the_follow_up_pages_have_no_english_words(
    client_a, provincial_client, officer_a, case_a, scheduled
):
    from tests.test_vietnamese_ui import english_words_in

    record_visit(officer_a, scheduled[1])
    pages = [
        client_a.get(f"/victims/cases/{case_a.pk}/?tab=followups"),
        client_a.get(f"/support/followups/{scheduled[3].pk}/visit/"),
        client_a.post(f"/support/followups/{scheduled[3].pk}/visit/", {}),
        client_a.get(f"/support/followups/{scheduled[3].pk}/lost-contact/"),
        client_a.get(f"/support/cases/{case_a.pk}/close/"),
        client_a.post(f"/support/cases/{case_a.pk}/close/", {"close-reason": "moved"}),
        provincial_client.get("/support/followups/?view=all"),
        client_a.get("/support/"),
    ]
    for response in pages:
        assert english_words_in(response.content.decode()) == set(), response.request["PATH_INFO"]
