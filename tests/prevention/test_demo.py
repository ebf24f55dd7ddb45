"""The demo reproduces the 2024 prevention figures of the report, and a second run adds
nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from prevention import demo
from prevention.models import Directive, PreventionActivity

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_demo):
    """The demo, seeded once per session (conftest)."""


def as_user(username) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_2024_totals_screen_shows_the_reports_figures(seeded):
    response = as_user("canbo.tinh").get("/prevention/totals/?year=2024")

    by_type = {row["activity_type"]: row for row in response.context["by_type"]}
    assert (by_type["training"]["sessions"], by_type["training"]["participants"]) == (4, 240)
    assert (
        by_type["capacity_training"]["sessions"],
        by_type["capacity_training"]["participants"],
    ) == (3, 180)
    assert by_type["printing"]["items_produced"] == by_type["printing"]["items_distributed"]
    assert by_type["printing"]["items_distributed"] == 10_000
    assert by_type["national_day"]["activities"] >= 1
    assert by_type["counselling"]["participants"] > 0
    page = response.content.decode()
    for text in ("32/KH-SLĐTBXH", "50/KH-SLĐTBXH", "10.000", "240", "180"):
        assert text in page
    groups = {row["target_group__code"] for row in response.context["by_group"]}
    assert {
        "village_heads",
        "youth_union",
        "womens_union",
        "veterans",
        "reporters",
        "commune_officials",
    } <= groups


def test_the_four_classes_were_held_with_thach_thanh_district(seeded):
    classes = PreventionActivity.objects.in_year(2024).filter(activity_type="training")

    assert classes.count() == 4
    for activity in classes:
        assert [unit.code for unit in activity.partner_units.all()] == ["391"]


def test_the_2024_plans_and_the_inspection_without_violation(seeded):
    plans = Directive.objects.filter(issued_on__year=2024).values_list("number", "issued_on")
    assert {(number, day.strftime("%d/%m/%Y")) for number, day in plans} == {
        ("32/KH-SLĐTBXH", "21/02/2024"),
        ("50/KH-SLĐTBXH", "15/03/2024"),
    }
    inspection = PreventionActivity.objects.in_year(2024).get(activity_type="inspection")
    assert inspection.violations_found == 0
    assert inspection.findings == "Không phát hiện vi phạm."


def test_later_years_follow_the_health_department_and_current_communes(seeded):
    assert Directive.objects.filter(number="12/KH-SYT", issuing_body__startswith="Sở Y tế").exists()
    later = PreventionActivity.objects.filter(start_date__gte="2025-07-01")
    assert later.exists()
    assert not later.filter(unit__is_legacy=True).exists()
    assert PreventionActivity.objects.in_year(2026).exists()


def test_the_district_officer_sees_their_own_records_only(seeded):
    response = as_user("canbo.thachthanh").get("/prevention/?year=2024")

    units = {activity.unit.code for activity in response.context["page"]}
    assert units == {"391"}


def test_a_second_run_adds_nothing(seeded):
    before = (PreventionActivity.objects.count(), Directive.objects.count())

    assert demo.seed() == 0
    call_command("seed_demo", stdout=io.StringIO())

    assert (PreventionActivity.objects.count(), Directive.objects.count()) == before
