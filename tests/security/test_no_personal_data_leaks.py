"""No name, ID number or phone of a person in a URL, a log line or a Celery task's arguments.

A realistic flow runs through the views — a case entered with a known name, ID number and
phones, searched by name and by number, the list exported, the pages of the person opened, a
page that does not exist, a report requested and built by a real worker — while every log record
reaching the root logger is kept (DEBUG) and every task message sent is recorded at publication.
"""

import logging
import re
import time

import pytest
from celery.signals import before_task_publish
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter

from accounts.models import Organisation, ServedProvince
from locations.text import search_key
from reports.models import ReportRun, RunStatus
from tests.victims.conftest import make_case, thanh_hoa_served  # noqa: F401
from tests.victims.test_create_flow import form_data
from victims.models import Victim

NAME = "Hoàng Thị Bích Ngọc"
ID_NUMBER = "038199004567"
PHONE = "0912 345 678"
GUARDIAN_PHONE = "0987.654.321"
SECRETS = [NAME, search_key(NAME), ID_NUMBER, "0912345678", "0987654321", "345 678", "654.321"]

# Slug parameters that are codes chosen from a fixed list (the view answers 404 to any other
# value: a step, a document's kind, a tab of the case page), and Django admin's own parameters
# (object ids; the app label is a fixed alternation; the catch-all only redirects or 404s).
# Anything else is a free-text parameter.
CODE_PARAMETERS = {"action", "kind", "section"}
ADMIN_PARAMETERS = {"object_id", "content_type_id", "app_label", "url", "id"}


def leaks(text: str) -> list[str]:
    flat = re.sub(r"[\s.\-]", "", text)
    return [s for s in SECRETS if s in text or re.sub(r"[\s.\-]", "", s) in flat]


@pytest.fixture
def sent_tasks():
    """(task name, args, kwargs) of every task message published while the test runs."""
    sent = []

    def record(sender=None, body=None, headers=None, **kwargs):
        args, task_kwargs, _embed = body
        sent.append((sender, args, task_kwargs, headers.get("argsrepr"), headers.get("kwargsrepr")))

    before_task_publish.connect(record, weak=False)
    yield sent
    before_task_publish.disconnect(record)


def test_no_url_pattern_takes_a_free_text_parameter():
    found = []

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            pattern = entry.pattern
            route = prefix + str(pattern)
            converters = getattr(pattern, "converters", {})
            for name in pattern.regex.groupindex:
                converter = converters.get(name)
                if isinstance(converter, IntConverter):
                    continue
                if isinstance(converter, SlugConverter) and name in CODE_PARAMETERS:
                    continue
                if route.startswith("admin/") and name in ADMIN_PARAMETERS:
                    continue
                found.append((route, name))
            if isinstance(entry, URLResolver):
                walk(entry, route)

    walk(get_resolver())

    assert found == []


@pytest.mark.django_db(transaction=True)
def test_a_realistic_flow_leaves_no_personal_data_in_urls_logs_or_task_arguments(
    celery_worker, caplog, sent_tasks, units, client_a, provincial_client
):
    caplog.set_level(logging.DEBUG)
    ServedProvince.objects.create(
        organisation=Organisation.current(), province=units.province, case_code_prefix="TH"
    )
    urls = []

    def visit(method, url, data=None, *, client=client_a):
        """A request; its URL, where it redirects and every link of the page are kept."""
        response = getattr(client, method)(url, data or {})
        urls.append(url)
        if response.status_code in (301, 302):
            urls.append(response["Location"])
        if method == "get" and response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            urls.extend(re.findall(r'(?:href|action|hx-get|hx-post|src)="([^"]*)"', body))
        return response

    # Enter the person and the case.
    created = visit(
        "post",
        "/victims/new/",
        form_data(
            units,
            **{
                "victim-full_name": NAME,
                "victim-birth_year": "1999",
                "victim-id_number": ID_NUMBER,
                "victim-phone": PHONE,
                "victim-guardian_name": "Hoàng Văn Nam",
                "victim-guardian_phone": GUARDIAN_PHONE,
            },
        ),
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    victim = Victim.objects.get()
    case = victim.cases.get()
    assert victim.phone == PHONE

    # Search by name and by number (sent by POST), page through, export.
    for text in ("bich ngoc", ID_NUMBER):
        searched = visit("post", "/victims/", {"q": text, "status": "", "sex": "female"})
        assert searched.status_code == 302
        listing = visit("get", searched["Location"]).content.decode()
        assert case.code in listing
        # The search box itself is sent by POST, so a browser never puts the text in a URL.
        assert re.search(r'<form method="post"[^>]*role="search"', listing)
        export = visit("get", "/victims/export/?" + searched["Location"].split("?", 1)[1])
        assert export.status_code == 200
    # A search typed into the URL by hand is not read.
    assert case.code in visit("get", "/victims/?q=khong+ai").content.decode()

    # The person's pages, an edit, a page that does not exist.
    visit("get", f"/victims/cases/{case.pk}/")
    visit("get", f"/victims/people/{victim.pk}/")
    visit("get", f"/victims/people/{victim.pk}/edit/")
    assert visit("get", "/victims/cases/999999/").status_code == 404

    # A report built in the background by a real worker.
    requested = visit(
        "post",
        reverse("reports:index"),
        {"kind": "annual", "year": "2024", "unit": units.province.pk},
        client=provincial_client,
    )
    assert requested.status_code == 302
    run = ReportRun.objects.get()
    deadline = time.monotonic() + 90
    while run.status not in (RunStatus.DONE, RunStatus.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error

    # URLs: none carries the name, the ID number or a phone.
    assert urls and [url for url in urls if leaks(url)] == []
    # Logs: something was logged (the 404 at least), and nothing of the person.
    messages = [
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    ]
    assert any("999999" in message for message in messages)
    assert [message for message in messages if leaks(message)] == []
    # Tasks: sent with ids only.
    assert [name for name, *_rest in sent_tasks] == ["reports.tasks.generate_report"]
    for _name, args, kwargs, argsrepr, kwargsrepr in sent_tasks:
        assert all(isinstance(arg, int) for arg in args) and kwargs == {}
        assert not leaks(f"{args} {kwargs} {argsrepr} {kwargsrepr}")


@pytest.fixture
def two_people(officer_a, units, make_case):  # noqa: F811
    return (
        make_case(officer_a, units.district_a, full_name="Lò Thị Mai"),
        make_case(officer_a, units.district_a, full_name="Vi Thị Hằng"),
    )


@pytest.mark.django_db
def test_a_search_key_works_in_its_own_session_only(client_a, colleague_a, two_people):
    mai, hang = two_people
    location = client_a.post("/victims/", {"q": "lo thi mai"})["Location"]
    assert "mai" not in location.lower()

    own = client_a.get(location).content.decode()
    colleague = Client()
    colleague.force_login(colleague_a)
    other = colleague.get(location).content.decode()

    assert mai.code in own and hang.code not in own
    assert mai.code in other and hang.code in other  # the key means nothing there


@pytest.mark.django_db
def test_a_stale_search_key_shows_the_unsearched_list(client_a, two_people, settings):
    mai, hang = two_people
    settings.SEARCH_KEY_MINUTES = 0
    location = client_a.post("/victims/", {"q": "lo thi mai"})["Location"]

    listing = client_a.get(location).content.decode()

    assert mai.code in listing and hang.code in listing


@pytest.mark.django_db
def test_the_search_text_is_kept_encrypted_in_the_session(client_a, two_people):
    client_a.post("/victims/", {"q": "lo thi mai"})

    stored = client_a.session.get("victims_search_keys")
    assert stored and "mai" not in str(stored)
