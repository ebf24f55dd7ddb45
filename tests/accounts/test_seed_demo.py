"""seed_demo: the demo province with one user per role, idempotent, every printed login works."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import DepartmentProfile, Organisation, Role, User
from locations.models import AdministrativeUnit


def seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> list[tuple[str, str]]:
    """(username, password) pairs from the lines after "Demo logins"."""
    lines = output.split("Demo logins", 1)[1].splitlines()[1:]
    return [tuple(line.split()[:2]) for line in lines if line.strip()]


@pytest.fixture
def seeded(seeded_demo) -> str:
    """The demo as seed_demo made it for the session, and what seed_demo prints when run on it
    again (the logins, every time)."""
    return seed_demo()


def test_seed_demo_creates_one_user_of_every_role(seeded):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_seed_demo_creates_a_district_officer_of_a_legacy_district(seeded):
    officer = User.objects.get(
        role=Role.DISTRICT_OFFICER, jurisdiction__level=AdministrativeUnit.Level.DISTRICT
    )

    assert officer.jurisdiction.is_legacy
    assert officer.jurisdiction.name == "Huyện Thạch Thành"


def test_seed_demo_creates_a_district_officer_of_a_current_commune(seeded):
    officer = User.objects.get(
        role=Role.DISTRICT_OFFICER, jurisdiction__level=AdministrativeUnit.Level.COMMUNE
    )

    assert not officer.jurisdiction.is_legacy
    assert officer.jurisdiction.is_active
    assert officer.jurisdiction.province_code == "38"


def test_seed_demo_loads_the_units_it_needs(seeded):
    assert AdministrativeUnit.objects.filter(is_legacy=False).count() == 34 + 3321
    assert AdministrativeUnit.objects.districts().count() == 26


def test_seed_demo_makes_the_installation_serve_thanh_hoa(seeded):
    assert list(Organisation.current().served_provinces.values_list("code", flat=True)) == ["38"]
    assert DepartmentProfile.objects.count() == 2


def test_seed_demo_prints_every_username_and_password(seeded):
    logins = printed_logins(seeded)

    assert sorted(username for username, _password in logins) == sorted(
        User.objects.values_list("username", flat=True)
    )
    assert len(logins) == 6  # one per role, and a second provincial officer (lanhdao.tinh)


def test_seed_demo_twice_gives_the_same_users(seeded):
    before = sorted(User.objects.values_list("pk", "username", "role", "jurisdiction_id"))

    second = seed_demo()

    assert sorted(User.objects.values_list("pk", "username", "role", "jurisdiction_id")) == before
    assert printed_logins(second) == printed_logins(seeded)
    assert AdministrativeUnit.objects.count() == 34 + 3321 + 26 + 549


def test_every_printed_demo_login_logs_in_over_http(seeded):
    for username, password in printed_logins(seeded):
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert response["Location"] == "/", username
        if User.objects.get(username=username).role in settings.TWO_FACTOR_ROLES:
            # The demo's device: its code comes from `demo_otp_code`, as the README says.
            assert client.get("/")["Location"].startswith("/accounts/two-factor/"), username
            code = io.StringIO()
            call_command("demo_otp_code", username, stdout=code)
            verified = client.post("/accounts/two-factor/", {"token": code.getvalue().strip()})
            assert verified["Location"] == "/", username
        assert client.get("/").status_code == 200, username


def test_the_logins_only_option_prints_the_logins_without_seeding(seeded):
    out = io.StringIO()

    call_command("seed_demo", logins_only=True, stdout=out)

    assert printed_logins(out.getvalue()) == printed_logins(seeded)


def test_seed_demo_builds_the_2024_report_shape(seeded):
    from victims.models import Case

    received_2024 = Case.objects.filter(
        reception__received_on__year=2024
    ).with_residence_in_province()

    assert received_2024.count() == 19
    # Identified, some of them closed since (reintegrated, moved, ...): still identified victims.
    identified = received_2024.filter(status="identified") | received_2024.filter(
        status="closed",
        closures__status="approved",
        closures__previous_status="identified",
        closures__reopened_at__isnull=True,
    )
    assert identified.filter(criminal_case__isnull=False).distinct().count() == 19
    assert received_2024.filter(resides_in_province=False).count() == 17


def test_seed_demo_has_dossiers_in_every_state_some_overdue(seeded):
    from verification.models import DossierStatus, VerificationDossier

    states = set(VerificationDossier.objects.values_list("status", flat=True))

    assert states == {status.value for status in DossierStatus}
    assert VerificationDossier.objects.filter(is_overdue=True).exists()
    regimes = {
        dossier.case.regime
        for dossier in VerificationDossier.objects.select_related("case__reception")
    }
    assert regimes == {"legacy", "current"}


# --- Issue 16 item 9: the demo shows everything -----------------------------------------------


def test_the_demo_has_a_person_due_for_anonymisation_on_the_supervisors_retention_screen(seeded):
    from support_services.reintegration.demo import RETENTION_NOTE
    from victims.anonymise import victims_due
    from victims.models import Case

    case = Case.objects.get(note=RETENTION_NOTE)
    client = Client()
    client.force_login(User.objects.get(username="quantri"))

    response = client.get("/victims/retention/")

    assert case.victim in victims_due()
    assert response.status_code == 200
    assert case.victim.full_name in response.content.decode()


def test_the_demo_has_an_approved_report_of_a_past_period_whose_period_is_locked(seeded):
    from core.models import PeriodLock
    from reports.models import ReportRun

    lock = PeriodLock.objects.get(start="2022-12-15", end="2023-12-14")
    run = ReportRun.objects.get(start=lock.start, end=lock.end, unit=lock.unit)

    assert lock.is_active
    assert run.is_approved
    assert lock.unit.code == "38"


def test_the_demo_has_a_30_7_event_and_a_leaflet_distribution(seeded):
    from prevention.models import PreventionActivity

    national_days = PreventionActivity.objects.filter(activity_type="national_day")
    leaflets = PreventionActivity.objects.filter(item_kind="leaflet", items_distributed__gt=0)

    assert national_days.filter(start_date__month=7, start_date__day=30).exists()
    assert leaflets.filter(activity_type="printing").exists()


def test_seeding_again_adds_no_second_retention_case_or_lock(seeded):
    from core.models import PeriodLock
    from support_services.reintegration.demo import RETENTION_NOTE
    from victims.models import Case

    assert Case.objects.filter(note=RETENTION_NOTE).count() == 1
    assert PeriodLock.objects.filter(start="2022-12-15").count() == 1


def test_seed_demo_shows_two_person_approvals_and_no_one_person_decision(seeded):
    # Issue 16 items 2 and 9: a support proposed by one demo officer and decided by another,
    # both demo logins; with separation of duties on, no support is decided by its proposer.
    from support_services.models import SupportRecord
    from support_services.supports.services import support_steps_taken

    demo_users = {user.pk: user.username for user in User.objects.all()}
    pairs = set()
    for record in SupportRecord.objects.filter(status__in=["approved", "provided"]):
        taken = support_steps_taken(record)
        assert taken["propose"] != taken["approve"], record.pk
        pairs.add((demo_users[taken["propose"]], demo_users[taken["approve"]]))

    assert ("canbo.thachthanh", "canbo.tinh") in pairs
    assert ("canbo.tinh", "lanhdao.tinh") in pairs
    logins = {username for username, _password in printed_logins(seeded)}
    assert {"canbo.thachthanh", "canbo.tinh", "lanhdao.tinh"} <= logins
