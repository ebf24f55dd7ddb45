"""Shared fixtures: a unit tree of Thanh Hóa, the personas, logged-in clients, a Celery worker,
the demo (seeded once per session).

The personas of CONVENTIONS.md: `officer_a` (district officer of area A), `colleague_a` (a
read-only colleague in area A) and `officer_b` (district officer of area B); plus
`provincial_staff` and `supervisor` of the whole province.

Under pytest-xdist every worker has a test database of its own (pytest-django adds the suffix), a
demo database of its own (tests/databases.py), a Celery queue of its own on the shared Redis and
a media folder of its own.
"""

import os
import warnings
from dataclasses import dataclass

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings
from django.utils import translation

from accounts.models import Role
from locations.models import AdministrativeUnit
from tests import databases
from tests.factories import (
    CommuneFactory,
    DistrictFactory,
    LegacyCommuneFactory,
    ProvinceFactory,
    UserFactory,
)

# The registry fixtures (a served province, `make_case`) serve every app built on victims.
from tests.victims.conftest import make_case, thanh_hoa_served  # noqa: F401


def pytest_configure(config):
    _celery_queue_of_this_worker()


def pytest_collection_modifyitems(items):
    """A transactional test (committed data: Celery workers, live servers) leaves an emptied
    database behind. Django's serialized rollback puts back what migrations wrote — reference
    lists, role groups and their permissions, the report schedule — before each of them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = set(getattr(item, "fixturenames", ()))
        transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
            fixtures & {"transactional_db", "live_server", "celery_worker"}
        )
        if transactional:
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
            # Before the test's own marker, so that it is the closest one.
            item.add_marker(pytest.mark.django_db(**kwargs, serialized_rollback=True), append=False)


def _celery_queue_of_this_worker():
    """Under pytest-xdist, tasks sent by a worker's tests go to a queue of that worker, which its
    Celery workers consume: two test processes never run each other's tasks on the wrong
    database. (The fault tests' worker processes are told the queue with -Q.)"""
    xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
    if xdist_worker:
        from trafficking_cases.celery import use_queue_suffix

        use_queue_suffix(f"-{xdist_worker}")


@pytest.fixture(scope="session", autouse=True)
def media_root_of_the_session(tmp_path_factory):
    """Files of tests that choose no MEDIA_ROOT go to a folder of this session (of this xdist
    worker): never into the checkout's var/media, never onto another worker's files."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture
def own_media_root(settings, tmp_path):
    """An empty MEDIA_ROOT of this test: for what reads every stored file (a key rotation), which
    must not meet files other tests of the session left, encrypted with keys of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request, tmp_path_factory):
    """pytest-django's test database; then, when a collected test uses the demo, its copy with the
    demo seeded (tests/databases.py). At the end, nothing may still be connected to them."""
    # What migrations wrote, serialized by Django for the transactional tests' rollback, is kept
    # on the connection object; a test may be handed another object of the same class (a context
    # switch makes a new one), whose flush would then run post_migrate and whose setup would not
    # restore the reference lists. On the class, every connection object of the run has it.
    default = connections["default"]
    content = getattr(default, "_test_serialized_contents", None)
    if content is not None:
        type(default)._test_serialized_contents = content
    with django_db_blocker.unblock():
        if any(databases.wanted_by(item) for item in request.session.items):
            databases.create(media_root=tmp_path_factory.mktemp("demo-media"))
    yield
    with django_db_blocker.unblock():
        left = databases.sessions_left()
        # A session in a transaction or running a query is a real leak: it holds locks and
        # would make the next run's tests wait. An idle one whose last statement was a test's
        # ROLLBACK is a connection object a context switch left behind (seen in about one run
        # in three, not yet traced): it is reported and ended, not counted as a failure.
        busy = [row for row in left if row[3] != "idle"]
        if left:
            databases.sessions_end(left)
        databases.drop()
    if busy:
        pytest.fail(f"connections left open to the test databases: {busy}", pytrace=False)
    if left:
        warnings.warn(f"idle connections left to the test databases: {left}", stacklevel=1)


@pytest.fixture(scope="session")
def demo_database(django_db_setup) -> str:
    """The name of the database holding the demo; the tests that use it run on it."""
    databases.point_at_demo(True)  # this test's setup began before the copy was made
    from django.db import connection

    return connection.settings_dict["NAME"]


@pytest.fixture
def seeded_demo(demo_database, db):
    """The demo of `manage.py seed_demo` (units, users of every role, cases, dossiers, supports,
    referrals, follow-ups, prevention), seeded once per session; this test's changes to it are
    rolled back. Users are found by their demo usernames (`canbo.tinh`, `canbo.hacthanh`, ...)."""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures open their transaction: the default connection points at the
    demo's database for a test that uses the demo, at the suite's own for any other."""
    wanted = databases.wanted_by(item)
    if wanted and databases.flushes_the_database(item):
        pytest.fail(
            "a transactional test would empty the demo database the other tests share: "
            "build the data it needs instead",
            pytrace=False,
        )
    databases.point_at_demo(wanted)


@dataclass
class UnitTree:
    province: AdministrativeUnit
    district_a: AdministrativeUnit
    commune_a1: AdministrativeUnit
    commune_a2: AdministrativeUnit
    district_b: AdministrativeUnit
    commune_b1: AdministrativeUnit
    current_commune: AdministrativeUnit


@pytest.fixture
def units(db) -> UnitTree:
    """Thanh Hóa (38); legacy district A (Thạch Thành) with two communes; legacy district B
    (Đông Sơn) with one; a current commune (Hạc Thành) straight under the province."""
    province = ProvinceFactory(code="38", name="Thanh Hóa")
    district_a = DistrictFactory(code="391", name="Huyện Thạch Thành", parent=province)
    district_b = DistrictFactory(code="397", name="Huyện Đông Sơn", parent=province)
    return UnitTree(
        province=province,
        district_a=district_a,
        commune_a1=LegacyCommuneFactory(
            code="15196", name="Xã Thạch Lâm", division_type="xã", parent=district_a
        ),
        commune_a2=LegacyCommuneFactory(
            code="15199", name="Xã Thạch Quảng", division_type="xã", parent=district_a
        ),
        district_b=district_b,
        commune_b1=LegacyCommuneFactory(
            code="15283", name="Xã Đông Hòa", division_type="xã", parent=district_b
        ),
        current_commune=CommuneFactory(
            code="14797", name="Phường Hạc Thành", division_type="phường", parent=province
        ),
    )


@pytest.fixture
def officer_a(units):
    return UserFactory(
        username="canbo.a",
        last_name="Trần Văn",
        first_name="Đức",
        role=Role.DISTRICT_OFFICER,
        jurisdiction=units.district_a,
    )


@pytest.fixture
def colleague_a(units):
    return UserFactory(
        username="dongnghiep.a",
        last_name="Phạm Thị",
        first_name="Đào",
        role=Role.VIEWER,
        jurisdiction=units.district_a,
    )


@pytest.fixture
def officer_b(units):
    return UserFactory(
        username="canbo.b",
        last_name="Lê Thị",
        first_name="Hoa",
        role=Role.DISTRICT_OFFICER,
        jurisdiction=units.district_b,
    )


@pytest.fixture
def provincial_staff(units):
    return UserFactory(
        username="canbo.tinh",
        last_name="Nguyễn Thị",
        first_name="Lan",
        role=Role.PROVINCIAL_STAFF,
        jurisdiction=units.province,
    )


@pytest.fixture
def provincial_colleague(units):
    """A second provincial officer: decides what `provincial_staff` proposed (separation of
    duties, core.duties)."""
    return UserFactory(
        username="lanhdao.tinh",
        last_name="Vũ Đức",
        first_name="Minh",
        role=Role.PROVINCIAL_STAFF,
        jurisdiction=units.province,
    )


@pytest.fixture
def supervisor(units):
    return UserFactory(
        username="quantri",
        last_name="Lê Văn",
        first_name="Hùng",
        role=Role.SUPERVISOR,
        jurisdiction=units.province,
    )


def stored_content(field_file) -> bytes:
    """The bytes of a stored file, the file closed again (`FieldFile.read()` leaves it open)."""
    with field_file.open("rb") as stored:
        return stored.read()


def two_factor_device(user):
    """The user's confirmed TOTP device (created for tests that need one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def needs_two_factor(user) -> bool:
    """Whether the application asks `user` for a code (their role, a device, or the admin)."""
    from accounts.two_factor import two_factor_required

    return user.is_staff or two_factor_required(user)


def verify_session(client: Client, user) -> None:
    """Mark `client`'s session verified exactly as django-otp does after a good code."""
    import django_otp
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, two_factor_device(user))
    request.session.save()


@pytest.fixture(autouse=True)
def force_login_verifies_two_factor(monkeypatch):
    """`Client.force_login` skips the login form, and with it the two-factor step. For a user
    the application would ask for a code (TWO_FACTOR_ROLES, which stays on in tests, and every
    admin user), the session is also marked verified with a device of the user, the way
    django_otp.login does — so the ~20 direct `force_login` calls across the suite and the
    persona clients behave as a user who passed both steps. Tests of the two-factor step itself
    log in through the login form (tests/security/test_two_factor.py)."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if needs_two_factor(user):
            verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(officer_a) -> Client:
    return _client_for(officer_a)


@pytest.fixture
def client_colleague_a(colleague_a) -> Client:
    return _client_for(colleague_a)


@pytest.fixture
def client_b(officer_b) -> Client:
    return _client_for(officer_b)


@pytest.fixture
def provincial_client(provincial_staff) -> Client:
    return _client_for(provincial_staff)


@pytest.fixture
def provincial_colleague_client(provincial_colleague) -> Client:
    return _client_for(provincial_colleague)


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    return _client_for(supervisor)


def _close_worker_connections(**kwargs):
    # The worker thread keeps its own database connection (CONN_MAX_AGE); close it after each task
    # so that nothing holds the test database open when pytest-django flushes or drops it.
    connections.close_all()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (solo pool, in a thread) on our app and the Redis broker.

    Needs committed data: use it with `@pytest.mark.django_db(transaction=True)`.
    """
    from trafficking_cases.celery import all_queues, app

    app.control.purge()
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=all_queues()
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese: a request that chose English leaves it active in the
    thread (LocaleMiddleware never deactivates), which must not leak into the next test."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 with a million rounds costs a quarter of a second per user; tests don't need it
    (cookiecutter-django's test settings do the same). Validators are unaffected."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
