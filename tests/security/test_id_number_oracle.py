"""Issue 18, finding 7: the ID-number duplicate check must not be an oracle.

Typing a number that belongs to a person outside the officer's area tells the officer only to
contact the province (never who). Each such answer ("a foreign hit") is written to the access
log with the person it concerns, a burst of them in a window notifies the province's supervisors
once, and past a limit per user and window the check answers nothing at all — hit or miss — with
a Vietnamese refusal next to the field (HTTP 429), so probing numbers is slow, seen and logged.
"""

import io
import uuid

import pytest
from django.core.cache import cache

from accounts.models import AccessLog, Notification
from tests.victims.conftest import cccd_for
from tests.victims.test_create_flow import form_data
from tests.victims.test_import import row, workbook
from victims import id_checks, importing
from victims.models import Victim

pytestmark = pytest.mark.django_db
CONTACT = "Vui lòng liên hệ Sở"
REFUSED = "Bạn đã kiểm tra quá nhiều số định danh"


@pytest.fixture(autouse=True)
def counters_on_redis(settings):
    """The counters in Redis, as in production (CACHE_URL), under a prefix of this test only."""
    broker = settings.CELERY_BROKER_URL
    if broker.startswith("redis://"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": broker,
                "KEY_PREFIX": f"test-id-check-{uuid.uuid4().hex}",
                "TIMEOUT": 600,
            }
        }
    yield
    cache.close()


@pytest.fixture
def limits(settings):
    settings.ID_CHECK_FOREIGN_LIMIT = 3
    settings.ID_CHECK_ALERT_AT = 2
    settings.ID_CHECK_WINDOW_MINUTES = 60
    return settings


@pytest.fixture
def people_of_area_a(officer_a, units, make_case):
    """Three registered people of area A, by ID number."""
    numbers = [cccd_for(sex="female", birth_year=1995) for _ in range(4)]
    for number in numbers:
        make_case(officer_a, units.district_a, id_number=number, birth_year=1995)
    return numbers


def typed(client, units, number):
    return client.post(
        "/victims/new/",
        form_data(
            units,
            **{
                "victim-id_number": number,
                "victim-birth_year": "1995",
                "victim-full_name": "Hà Thị Lụa",
            },
        ),
    )


def test_a_foreign_hit_is_written_to_the_access_log_with_the_person(
    client_b, officer_b, units, people_of_area_a, limits
):
    response = typed(client_b, units, people_of_area_a[0])

    assert CONTACT in response.content.decode()
    person = Victim.objects.with_id_number(people_of_area_a[0]).get()
    row = AccessLog.objects.get(user=officer_b, action="id_check")
    assert row.person_id == person.pk
    assert row.details == {"outcome": "foreign"}
    assert people_of_area_a[0] not in str(row.details)


def test_the_officer_is_told_to_contact_the_province_and_never_who(
    client_b, units, people_of_area_a, limits
):
    response = typed(client_b, units, people_of_area_a[0])

    page = response.content.decode()
    assert CONTACT in page
    assert "Nguyễn Thị Hoa" not in page  # the registered person's name
    assert Victim.objects.filter(full_name="Hà Thị Lụa").count() == 0


def test_past_the_limit_the_check_answers_nothing_with_a_vietnamese_refusal_and_429(
    client_b, units, people_of_area_a, limits
):
    for number in people_of_area_a[:3]:
        assert CONTACT in typed(client_b, units, number).content.decode()

    # A fourth number — registered or not — gets no answer about the registry.
    for number in (people_of_area_a[3], cccd_for(sex="female", birth_year=1995)):
        response = typed(client_b, units, number)
        page = response.content.decode()
        assert response.status_code == 429
        assert REFUSED in page
        assert CONTACT not in page
        assert 'value="Hà Thị Lụa"' in page  # everything typed is shown again
    assert Victim.objects.filter(full_name="Hà Thị Lụa").count() == 0


def test_a_number_of_the_officers_own_area_is_not_counted(
    client_a, units, people_of_area_a, limits
):
    for _ in range(4):
        page = typed(client_a, units, people_of_area_a[0]).content.decode()
        assert REFUSED not in page
        assert "Số định danh này đã có trong hệ thống:" in page


def test_the_limit_is_per_user(
    client_a, client_b, units, people_of_area_a, officer_b, make_case, limits
):
    limits.ID_CHECK_FOREIGN_LIMIT = 1
    number_b = cccd_for(sex="female", birth_year=1995)
    make_case(officer_b, units.district_b, id_number=number_b, birth_year=1995)
    typed(client_b, units, people_of_area_a[0])
    assert typed(client_b, units, people_of_area_a[1]).status_code == 429

    assert CONTACT in typed(client_a, units, number_b).content.decode()


def test_a_burst_notifies_the_provinces_supervisors_once_per_window(
    client_b, units, people_of_area_a, supervisor, officer_a, limits
):
    for number in people_of_area_a[:3]:
        typed(client_b, units, number)

    alerts = Notification.objects.filter(user=supervisor)
    assert alerts.count() == 1
    message = alerts.get().message
    assert "canbo.b" in message and "số định danh" in message
    assert not any(number in message for number in people_of_area_a)
    assert not Notification.objects.filter(user=officer_a).exists()


def test_foreign_hits_of_an_import_are_logged_and_counted(
    officer_b, units, people_of_area_a, limits
):
    rows = [
        row(id_number=number, birth="1995", district="Đông Sơn", commune="Đông Hòa")
        for number in people_of_area_a
    ]
    results = importing.check_rows(importing.read_rows(io.BytesIO(workbook(*rows))), user=officer_b)

    reasons = [" ".join(result.reasons) for result in results]
    assert all("liên hệ Sở" in text for text in reasons[:3])
    assert REFUSED in reasons[3]
    logged = AccessLog.objects.filter(user=officer_b, action="id_check")
    assert logged.filter(details__outcome="foreign").count() == 3
    assert logged.filter(details__outcome="refused").count() == 1


# --- The name check: "a person with the same name may already be registered" ------------------

NAMESAKES = ["Hà Thị Lụa", "Vi Thị Mai", "Lò Thị Én", "Cầm Thị Hoa"]
ELSEWHERE = "Một người ở địa bàn khác có thông tin tương tự"
NAME_REFUSED = "Bạn đã tra cứu quá nhiều người thuộc địa bàn khác"


@pytest.fixture
def namesakes_of_area_a(officer_a, units, make_case):
    """People of area A living in Thạch Lâm, born 1995, one per name of NAMESAKES."""
    return [
        make_case(
            officer_a, units.district_a, full_name=name, birth_year=1995, residence=units.commune_a1
        ).victim
        for name in NAMESAKES
    ]


def entered(client, units, name, managing_unit, **extra):
    """A new person of Thạch Lâm born 1995 entered by an officer for a case of their unit."""
    return client.post(
        "/victims/new/",
        form_data(
            units,
            **{
                "victim-full_name": name,
                "victim-birth_year": "1995",
                "case-managing_unit": managing_unit.pk,
                **extra,
            },
        ),
    )


def test_a_namesake_of_another_area_is_logged_and_counted_and_never_named(
    client_b, officer_b, units, namesakes_of_area_a, limits
):
    response = entered(client_b, units, NAMESAKES[0], units.district_b)

    page = response.content.decode()
    assert ELSEWHERE in page
    assert str(namesakes_of_area_a[0].pk) not in page.split('data-testid="duplicates"')[1][:600]
    row = AccessLog.objects.get(user=officer_b, action="id_check")
    assert row.person_id == namesakes_of_area_a[0].pk
    assert row.details == {"outcome": "foreign", "check": "name"}
    assert id_checks.foreign_hits(officer_b) == 1


def test_past_the_limit_the_name_check_answers_nothing_with_a_refusal_and_429(
    client_b, units, namesakes_of_area_a, limits
):
    for name in NAMESAKES[:3]:
        assert ELSEWHERE in entered(client_b, units, name, units.district_b).content.decode()

    # A fourth entry — a namesake or nobody's name — gets no answer about the registry.
    for name in (NAMESAKES[3], "Mùa Thị Dở"):
        response = entered(client_b, units, name, units.district_b)
        page = response.content.decode()
        assert response.status_code == 429
        assert NAME_REFUSED in page
        assert ELSEWHERE not in page
        assert f'value="{name}"' in page  # everything typed is shown again
    assert Victim.objects.filter(full_name__in=[*NAMESAKES, "Mùa Thị Dở"]).count() == 4
    assert AccessLog.objects.filter(details__outcome="refused", details__check="name").count() == 2


def test_the_name_check_and_the_number_check_share_the_limit(
    client_b, units, people_of_area_a, namesakes_of_area_a, limits
):
    for number in people_of_area_a[:2]:
        typed(client_b, units, number)
    entered(client_b, units, NAMESAKES[0], units.district_b)

    response = entered(client_b, units, NAMESAKES[1], units.district_b)

    assert response.status_code == 429


def test_namesakes_of_the_officers_own_area_are_not_counted(
    client_a, officer_a, units, namesakes_of_area_a, limits
):
    for _ in range(4):
        response = entered(client_a, units, NAMESAKES[0], units.district_a)
        assert response.status_code == 200
        assert NAME_REFUSED not in response.content.decode()
    assert id_checks.foreign_hits(officer_a) == 0


def test_answering_another_person_is_not_counted_again(
    client_b, officer_b, units, namesakes_of_area_a, limits
):
    entered(client_b, units, NAMESAKES[0], units.district_b)

    response = entered(
        client_b, units, NAMESAKES[0], units.district_b, duplicate_decision="different"
    )

    assert response.status_code == 302
    assert id_checks.foreign_hits(officer_b) == 1


def test_a_burst_of_namesakes_notifies_the_provinces_supervisors_once(
    client_b, units, namesakes_of_area_a, supervisor, limits
):
    for name in NAMESAKES[:3]:
        entered(client_b, units, name, units.district_b)

    alerts = Notification.objects.filter(user=supervisor)
    assert alerts.count() == 1
    assert not any(name in alerts.get().message for name in NAMESAKES)


def test_namesakes_of_an_import_are_counted_and_refused_past_the_limit(
    officer_b, units, namesakes_of_area_a, limits
):
    rows = [row(full_name=name, birth="1995", district="Thạch Thành") for name in NAMESAKES]
    results = importing.check_rows(importing.read_rows(io.BytesIO(workbook(*rows))), user=officer_b)

    reasons = [" ".join(result.reasons) for result in results]
    assert all("Có thể trùng" in text for text in reasons[:3])
    assert NAME_REFUSED in reasons[3]
    logged = AccessLog.objects.filter(user=officer_b, action="id_check", details__check="name")
    assert logged.filter(details__outcome="foreign").count() == 3
    assert logged.filter(details__outcome="refused").count() == 1
