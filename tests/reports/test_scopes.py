"""Every scope reachable: a report of the province, of a legacy district (its days before 1 July
2025) or of a current commune; each user reports on their own area, whatever its kind, from a
searchable tree with the province first. A scope or period the user may not see is refused next
to its field, never built empty; a report asked again while it is being built joins that run."""

import datetime
import json

import pytest
from django.urls import reverse

from accounts.models import Role
from reports import generation, services, tasks
from reports.forms import ReportRequestForm
from reports.models import ReportEvent, ReportRun, RunStatus
from reports.periods import Period, for_unit, period_for, scope_note
from tests.conftest import _client_for, stored_content
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def commune_officer(units):
    return UserFactory(
        username="canbo.hacthanh",
        role=Role.DISTRICT_OFFICER,
        jurisdiction=units.current_commune,
    )


def scope_choices(user):
    """The picker's options, in order: (label, unit pk, depth)."""
    field = ReportRequestForm(user=user).fields["unit"]
    options = []
    for value, label in field.choices:
        entries = label if isinstance(label, list) else [(value, label)]
        for pk, text in entries:
            depth = int(field.widget.option_data[str(pk)]["data-depth"])
            options.append((text, pk, depth))
    return options


def request_page(client, follow=False, **data):
    return client.post(reverse("reports:index"), {"kind": "annual", **data}, follow=follow)


# --- The scope list ------------------------------------------------------------------------


def test_the_province_comes_first_then_legacy_districts_with_their_communes_then_communes(
    provincial_staff, units
):
    labels = [(label, depth) for label, _pk, depth in scope_choices(provincial_staff)]

    assert labels == [
        ("Tỉnh Thanh Hóa", 0),
        ("Huyện Đông Sơn (huyện cũ, đến 30/06/2025)", 1),
        ("— Xã Đông Hòa (xã cũ, đến 30/06/2025)", 2),
        ("Huyện Thạch Thành (huyện cũ, đến 30/06/2025)", 1),
        ("— Xã Thạch Lâm (xã cũ, đến 30/06/2025)", 2),
        ("— Xã Thạch Quảng (xã cũ, đến 30/06/2025)", 2),
        ("Phường Hạc Thành", 1),
    ]


def test_an_officer_of_a_legacy_district_can_choose_their_district_and_its_communes(
    officer_a, units
):
    form = ReportRequestForm(user=officer_a)

    assert [pk for _label, pk, _depth in scope_choices(officer_a)] == [
        units.district_a.pk,
        units.commune_a1.pk,
        units.commune_a2.pk,
    ]
    assert form.fields["unit"].initial == units.district_a
    assert not form.no_scope


def test_each_user_is_offered_only_the_units_of_their_own_area(officer_b, commune_officer, units):
    assert [pk for _l, pk, _d in scope_choices(officer_b)] == [
        units.district_b.pk,
        units.commune_b1.pk,
    ]
    assert [pk for _l, pk, _d in scope_choices(commune_officer)] == [units.current_commune.pk]


def test_a_supervisor_of_the_whole_installation_is_offered_the_provinces_it_serves(
    units, thanh_hoa_served
):
    from tests.factories import CommuneFactory, ProvinceFactory

    nghe_an = ProvinceFactory(code="40", name="Nghệ An")
    CommuneFactory(code="16681", name="Xã Nghi Lộc", division_type="xã", parent=nghe_an)
    everyone = UserFactory(username="quantri.chung", role=Role.SUPERVISOR, jurisdiction=None)

    options = scope_choices(everyone)

    assert options[0][1] == units.province.pk and len(options) == 7
    assert nghe_an.pk not in {pk for _label, pk, _depth in options}


def test_the_picker_is_a_plain_select_that_a_script_of_the_app_turns_into_a_tree(
    provincial_client, units
):
    page = provincial_client.get(reverse("reports:index")).content.decode()

    assert "data-scope-picker" in page
    assert f'data-parent="{units.district_a.pk}"' in page  # a legacy commune under its district
    assert "/static/js/scope_picker." in page and "/static/css/scope_picker." in page
    assert "<optgroup" in page  # without the script, the plain select is grouped
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]


# --- Each user reports on their own area ----------------------------------------------------


def test_an_officer_of_a_legacy_district_requests_the_report_of_their_district(
    client_a, officer_a, units
):
    response = request_page(client_a, year="2024", unit=units.district_a.pk)

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert (run.unit, run.start, run.end) == (units.district_a, D(2023, 12, 15), D(2024, 12, 14))
    assert run.requested_by == officer_a


def test_an_officer_of_a_current_commune_requests_the_report_of_their_commune(
    commune_officer, units
):
    client = _client_for(commune_officer)

    response = request_page(client, year="2026", unit=units.current_commune.pk)

    assert response.status_code == 302
    assert ReportRun.objects.get().unit == units.current_commune


def test_provincial_staff_report_on_a_legacy_commune(provincial_client, units):
    response = request_page(provincial_client, year="2024", unit=units.commune_a1.pk)

    assert response.status_code == 302
    assert ReportRun.objects.get().unit == units.commune_a1


# --- Legacy units: the days before 1 July 2025 ----------------------------------------------


def test_a_period_spanning_1_july_2025_is_cut_for_a_legacy_district_and_the_report_says_so(
    officer_a, units, make_case
):
    make_case(officer_a, units.district_a, received=D(2025, 5, 10))
    make_case(officer_a, units.district_a, received=D(2025, 8, 10), full_name="Sau ngày")
    make_case(officer_a, units.district_a, received=D(2024, 5, 10), full_name="Năm trước")

    run = services.report_request(
        actor=officer_a, period=period_for("annual", 2025), unit=units.district_a
    )
    run = generation.build(tasks._claim(run.pk, "task-1"))

    assert (run.start, run.end) == (D(2024, 12, 15), D(2025, 6, 30))
    data = json.loads(stored_content(run.indicators_file))
    assert data["period"]["start"] == "2024-12-15" and data["period"]["end"] == "2025-06-30"
    assert data["period"]["full_end"] == "2025-12-14"
    assert "30/06/2025" in data["period"]["note"] and "14/12/2025" in data["period"]["note"]
    assert "Huyện Thạch Thành" in data["period"]["note"]
    received = data["indicators"]["received_total"]
    assert (received["value"], received["previous"]) == (1, 1)


def test_the_province_and_current_communes_report_the_whole_period(units):
    annual = period_for("annual", 2025)

    assert for_unit(annual, units.province) == annual
    assert for_unit(annual, units.current_commune) == annual
    assert scope_note(annual, units.province) == {}
    assert for_unit(period_for("six_month", 2025), units.district_a) == period_for(
        "six_month", 2025
    )
    assert scope_note(period_for("six_month", 2025), units.district_a) == {}
    assert for_unit(period_for("calendar", 2025), units.commune_a1) == Period(
        "calendar", D(2025, 1, 1), D(2025, 6, 30)
    )


def test_a_legacy_district_for_a_period_after_1_july_2025_is_refused_next_to_the_scope(
    client_a, officer_a, units
):
    response = request_page(client_a, year="2026", unit=units.district_a.pk)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["unit"])
    assert "đơn vị hành chính cũ" in errors and "30/06/2025" in errors
    assert not ReportRun.objects.exists()
    with pytest.raises(services.ReportError) as refused:
        services.report_request(
            actor=officer_a,
            period=Period("custom", D(2025, 7, 1), D(2025, 9, 30)),
            unit=units.commune_a1,
        )
    assert refused.value.field == "unit"
    assert not ReportRun.objects.exists()


# --- Bad input ------------------------------------------------------------------------------


def test_a_scope_outside_the_users_area_is_refused_next_to_the_field(client_b, units, officer_a):
    for unit in (units.district_a, units.commune_a1, units.province):
        response = request_page(client_b, year="2024", unit=unit.pk)

        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["unit"])
        assert "không thuộc địa bàn bạn được xem" in errors, unit
    assert not ReportRun.objects.exists()


def test_a_period_that_has_not_begun_is_refused_next_to_the_field(provincial_client, units):
    next_year = datetime.date.today().year + 2

    response = request_page(provincial_client, year=str(next_year), unit=units.province.pk)
    custom = provincial_client.post(
        reverse("reports:index"),
        {
            "kind": "custom",
            "start": f"01/01/{next_year}",
            "end": f"31/01/{next_year}",
            "unit": units.province.pk,
        },
    )

    assert "chưa bắt đầu" in " ".join(response.context["form"].errors["year"])
    assert "chưa bắt đầu" in " ".join(custom.context["form"].errors["start"])
    assert not ReportRun.objects.exists()


def test_a_report_asked_again_while_it_is_queued_joins_the_queued_run(
    provincial_client, provincial_staff, units
):
    first = request_page(provincial_client, year="2024", unit=units.province.pk)
    second = request_page(provincial_client, year="2024", unit=units.province.pk, follow=True)

    run = ReportRun.objects.get()
    assert first.status_code == 302
    assert ReportEvent.objects.filter(run=run, action="requested").count() == 1
    assert "đang được tạo theo một yêu cầu trước" in second.content.decode()


def test_a_report_asked_again_while_it_runs_joins_the_running_run(
    provincial_staff, officer_a, units
):
    run = services.report_request(
        actor=provincial_staff, period=period_for("annual", 2024), unit=units.province
    )
    tasks._claim(run.pk, "task-1")
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING

    again = services.report_request(
        actor=provincial_staff, period=period_for("annual", 2024), unit=units.province
    )

    assert again.pk == run.pk and again.joined
    again.refresh_from_db()
    assert again.status == RunStatus.RUNNING and again.attempts == run.attempts
    assert ReportRun.objects.count() == 1 and run.events.count() == 1


def test_a_regeneration_being_built_is_joined_without_a_second_reason(provincial_staff, units):
    period = period_for("annual", 2024)
    approved = services.report_request(actor=provincial_staff, period=period, unit=units.province)
    approved = generation.build(tasks._claim(approved.pk, "task-1"))
    services.report_approve(actor=provincial_staff, run=approved)
    regeneration = services.report_request(
        actor=provincial_staff, period=period, unit=units.province, reason="Bổ sung hồ sơ"
    )

    again = services.report_request(actor=provincial_staff, period=period, unit=units.province)

    assert again.pk == regeneration.pk and again.joined
    assert ReportRun.objects.count() == 2


def test_a_finished_report_asked_again_is_built_again(provincial_staff, units):
    period = period_for("annual", 2024)
    run = services.report_request(actor=provincial_staff, period=period, unit=units.province)
    generation.build(tasks._claim(run.pk, "task-1"))

    again = services.report_request(actor=provincial_staff, period=period, unit=units.province)

    assert again.pk == run.pk and not again.joined and again.status == RunStatus.QUEUED
    assert run.events.filter(action="requested").count() == 2


# --- The demo -------------------------------------------------------------------------------


def test_every_demo_user_can_report_on_their_own_area(seeded_demo):
    from accounts.models import User

    for user in User.objects.filter(is_active=True).exclude(jurisdiction=None):
        options = scope_choices(user)
        assert options, user.username
        assert options[0][1] == user.jurisdiction_id, user.username
        form = ReportRequestForm(
            {"kind": "annual", "year": "2024", "unit": user.jurisdiction_id}, user=user
        )
        assert form.is_valid(), (user.username, form.errors)
