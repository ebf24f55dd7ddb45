"""Approving a report locks its period for its area: the screens refuse a change of a record that
counts in it with a message naming the report (the form redisplayed, nothing saved), the import
refuses such a row, a supervisor reopens the period with a reason, the approved figures are kept
and a later run of the period lists how it differs from them."""

import datetime
import json

import pytest
from django.urls import reverse

from core.models import PeriodLock
from prevention.models import Directive, PreventionActivity
from reports import generation, services, tasks
from reports.models import ReportEvent
from reports.periods import period_for
from support_services.models import SupportRecord, SupportType
from tests.conftest import stored_content
from tests.prevention.conftest import form_data as activity_form
from tests.security.test_optimistic_locking import page_form
from tests.victims.conftest import import_checked, import_saved
from tests.victims.test_import import row, workbook
from verification import services as verification_services
from verification.models import VerificationDossier
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import Case, Reception

pytestmark = pytest.mark.django_db
D = datetime.date
ANNUAL_2024 = period_for("annual", 2024)
LABEL = "Báo cáo năm kỳ 15/12/2023–14/12/2024 của Thanh Hóa"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build(run):
    return generation.build(tasks._claim(run.pk, "task-1"))


def approved_run(actor, unit, period=ANNUAL_2024, reason=""):
    run = build(services.report_request(actor=actor, period=period, unit=unit, reason=reason))
    return services.report_approve(actor=actor, run=run)


@pytest.fixture
def case_2024(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, full_name="Lò Thị Mai", received=D(2024, 5, 10))
    case.victim.poverty_status = "poor"
    case.victim.save()
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


@pytest.fixture
def approved_2024(provincial_staff, units, case_2024):
    return approved_run(provincial_staff, units.province)


# --- Approval ------------------------------------------------------------------------------------


def test_approving_a_report_locks_its_period_for_its_area_and_keeps_its_figures(approved_2024):
    lock = PeriodLock.objects.get()

    assert (lock.unit, lock.start, lock.end) == (
        approved_2024.unit,
        D(2023, 12, 15),
        D(2024, 12, 14),
    )
    assert lock.label == LABEL
    assert lock.locked_by == approved_2024.approved_by and lock.is_active
    assert approved_2024.snapshot["indicators"]["received_total"]["value"] == 1
    assert approved_2024.snapshot == json.loads(stored_content(approved_2024.indicators_file))


def test_the_approve_button_then_says_the_period_is_locked(provincial_client, units, case_2024):
    run = build(
        services.report_request(
            actor=Case.objects.get().created_by, period=ANNUAL_2024, unit=units.district_a
        )
    )

    response = provincial_client.post(reverse("reports:approve", args=[run.pk]), follow=True)

    assert "kỳ báo cáo này đã được khóa" in response.content.decode()
    assert PeriodLock.objects.get().unit == units.district_a


# --- The screens -------------------------------------------------------------------------


def test_editing_a_reception_of_the_locked_period_shows_the_message_and_saves_nothing(
    client_a, case_2024, approved_2024
):
    url = reverse("victims:case-edit", args=[case_2024.pk])
    form = page_form(client_a.get(url))
    form["reception-agency_name"] = ["Đồn Biên phòng Na Mèo"]

    response = client_a.post(url, form)

    text = response.content.decode()
    assert response.status_code == 200
    assert LABEL in text and "Nguyễn Thị Lan" in text
    assert 'value="Đồn Biên phòng Na Mèo"' in text  # what the user typed is kept
    assert Reception.objects.get(case=case_2024).agency_name == ""


def test_entering_a_case_received_in_the_locked_period_is_refused_on_the_form(
    client_a, units, approved_2024
):
    from tests.victims.test_create_flow import form_data

    response = client_a.post("/victims/new/", form_data(units, **{"victim-full_name": "Vi Thị Ba"}))

    assert response.status_code == 200
    assert LABEL in response.content.decode()
    assert 'value="Vi Thị Ba"' in response.content.decode()
    assert Case.objects.count() == 1


def test_a_case_received_after_the_locked_period_is_entered_from_the_form(
    client_a, units, approved_2024
):
    from tests.victims.test_create_flow import form_data

    response = client_a.post(
        "/victims/new/", form_data(units, **{"reception-received_on": "20/12/2024"})
    )

    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_proposing_a_support_in_the_locked_period_shows_the_message_next_to_the_form(
    client_a, case_2024, approved_2024
):
    travel = SupportType.objects.get(regime="legacy", code="travel")
    response = client_a.post(
        reverse("support_services:support-propose", args=[case_2024.pk]),
        {"support_type": travel.pk, "proposed_on": "12/05/2024", "quantity": "1"},
    )

    assert response.status_code == 200
    assert LABEL in " ".join(response.context["form"].non_field_errors())
    assert not SupportRecord.objects.exists()


def test_a_dossier_step_of_the_locked_period_is_refused_on_its_form(
    client_a, officer_a, provincial_staff, units, case_2024
):
    dossier = verification_services.dossier_create(actor=officer_a, case=case_2024)
    approved_run(provincial_staff, units.province)

    response = client_a.post(
        reverse("verification:dossier-action", args=[dossier.pk, "submit"]),
        {
            f"submit-{dossier.pk}-notified_on": "02/12/2024",
            f"submit-{dossier.pk}-note": "Gửi tỉnh",
            f"submit-{dossier.pk}-version": dossier.version,
        },
    )

    assert LABEL in response.content.decode()
    assert VerificationDossier.objects.get(pk=dossier.pk).status == dossier.status


def test_an_activity_of_the_locked_period_is_refused_on_its_form_with_what_was_typed(
    client_a, units, approved_2024
):
    response = client_a.post(
        reverse("prevention:activity-create"), activity_form(units, title="Lớp tập huấn mới")
    )

    assert response.status_code == 200
    assert LABEL in response.content.decode()
    assert 'value="Lớp tập huấn mới"' in response.content.decode()
    assert not PreventionActivity.objects.exists()


def test_an_activity_after_the_locked_period_is_saved(client_a, units, approved_2024):
    response = client_a.post(
        reverse("prevention:activity-create"),
        activity_form(units, start_date="09/04/2025", end_date="10/04/2025"),
    )

    assert response.status_code == 302
    assert PreventionActivity.objects.get().start_date == D(2025, 4, 9)


def test_a_directive_of_the_locked_period_is_refused_on_its_form(provincial_client, approved_2024):
    response = provincial_client.post(
        reverse("prevention:directive-create"),
        {
            "number": "32/KH-SLĐTBXH",
            "directive_type": "plan",
            "issued_on": "21/02/2024",
            "issuing_body": "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa",
            "title": "Kế hoạch phòng, chống mua bán người năm 2024",
        },
    )

    assert response.status_code == 200
    assert LABEL in response.content.decode()
    assert not Directive.objects.exists()


def test_a_lock_of_another_area_does_not_touch_an_officers_records(
    client_b, officer_b, provincial_staff, units, make_case, case_2024
):
    approved_run(provincial_staff, units.district_a)

    case = make_case(officer_b, units.district_b, full_name="Vi Thị Ba", received=D(2024, 6, 1))

    assert case.reception.received_on == D(2024, 6, 1)


def test_an_imported_row_of_the_locked_period_is_refused_in_the_import_report(
    client_a, units, approved_2024
):
    job, preview = import_checked(
        client_a,
        workbook(
            row(full_name="Vi Thị Ba"),
            row(full_name="Vi Văn Nam", sex="Nam", received_on="20/12/2024"),
        ),
    )
    assert LABEL in preview.content.decode()
    result = import_saved(client_a, job)

    assert "Đã lưu 1 vụ việc." in result.content.decode()
    assert set(Case.objects.values_list("victim__full_name", flat=True)) == {
        "Lò Thị Mai",
        "Vi Văn Nam",
    }


# --- Reopening and the differences --------------------------------------------------------------


def test_a_supervisor_reopens_the_period_from_the_run_page_with_a_reason(
    supervisor_client, supervisor, case_2024, approved_2024
):
    url = reverse("reports:reopen", args=[approved_2024.pk])
    page = supervisor_client.get(reverse("reports:run-detail", args=[approved_2024.pk]))
    assert 'data-testid="reopen-form"' in page.content.decode()

    refused = supervisor_client.post(url, {"reason": ""})
    assert "Cần ghi lý do mở lại kỳ báo cáo." in refused.content.decode()
    assert PeriodLock.objects.get().is_active

    response = supervisor_client.post(url, {"reason": "Bổ sung biên bản tiếp nhận"}, follow=True)

    lock = PeriodLock.objects.get()
    assert not lock.is_active
    assert (lock.reopened_by, lock.reopen_reason) == (supervisor, "Bổ sung biên bản tiếp nhận")
    assert "Bổ sung biên bản tiếp nhận" in response.content.decode()
    event = ReportEvent.objects.get(action="reopened")
    assert (event.actor, event.note) == (supervisor, "Bổ sung biên bản tiếp nhận")
    reception = Reception.objects.get(case=case_2024)
    reception.agency_name = "Đồn Biên phòng Na Mèo"
    reception.save()


def test_provincial_staff_may_approve_but_not_reopen(provincial_client, approved_2024):
    page = provincial_client.get(reverse("reports:run-detail", args=[approved_2024.pk]))
    assert 'data-testid="reopen-form"' not in page.content.decode()

    response = provincial_client.post(
        reverse("reports:reopen", args=[approved_2024.pk]), {"reason": "Sửa số liệu"}
    )

    assert "Chỉ cán bộ quản trị hệ thống" in response.content.decode()
    assert PeriodLock.objects.get().is_active


def test_a_regenerated_report_shows_the_differences_from_the_approved_figures(
    supervisor, supervisor_client, provincial_staff, officer_a, units, make_case, approved_2024
):
    services.period_reopen(actor=supervisor, run=approved_2024, reason="Bổ sung một người")
    make_case(officer_a, units.district_a, full_name="Vi Thị Ba", received=D(2024, 7, 1))

    new = build(
        services.report_request(
            actor=provincial_staff, period=ANNUAL_2024, unit=units.province, reason="Bổ sung"
        )
    )

    data = json.loads(stored_content(new.indicators_file))
    received = next(
        row for row in data["differences_from_approved"] if row["key"] == "received_total"
    )
    assert (received["label"], received["approved"], received["value"]) == (
        "Số người được tiếp nhận",
        1,
        2,
    )
    assert data["approved_figures"]["run"] == approved_2024.pk
    page = supervisor_client.get(reverse("reports:run-detail", args=[new.pk])).content.decode()
    assert 'data-testid="differences"' in page and "Số người được tiếp nhận" in page
    # Approving the new run locks the period again.
    services.report_approve(actor=provincial_staff, run=new)
    assert PeriodLock.objects.get().is_active


def test_a_regenerated_report_of_an_unchanged_period_has_no_differences(
    provincial_staff, units, approved_2024
):
    new = build(
        services.report_request(
            actor=provincial_staff, period=ANNUAL_2024, unit=units.province, reason="Kiểm tra"
        )
    )

    assert json.loads(stored_content(new.indicators_file))["differences_from_approved"] == []
    assert new.differences["rows"] == []


def test_a_first_report_of_a_period_has_no_comparison(provincial_staff, units, case_2024):
    run = build(
        services.report_request(actor=provincial_staff, period=ANNUAL_2024, unit=units.province)
    )

    assert "differences_from_approved" not in json.loads(stored_content(run.indicators_file))
    assert run.differences is None
