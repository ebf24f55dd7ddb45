"""The access log (issue 8, item 3): every view, search, export and download of a person's
record, and every refused access, writes a row in the same request; the rows cannot be changed
or deleted, through the admin or in the database; a supervisor searches them.

The URL walk at the end is generated from the URL configuration: every URL is either shown to
write a row or listed as exempt with a reason, so a new view cannot skip the log."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts import audit
from accounts.models import AccessAction, AccessLog, Notification
from prevention.models import ActivityAttachment, Directive
from reports.models import ReportRun
from support_services.models import ServiceProvider, SupportApplication, SupportDocument
from tests.factories import UserFactory
from tests.security.test_every_url import TARGETS, _outside, world  # noqa: F401
from verification.models import EvidenceDocument, VerificationDossier
from victims.models import Case, Consent, Victim

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 test"


def _rows(**conditions):
    return list(AccessLog.objects.filter(**conditions).order_by("pk"))


def _only_row(**conditions) -> AccessLog:
    rows = _rows(**conditions)
    assert len(rows) == 1, rows
    return rows[0]


@pytest.fixture
def case_a(officer_a, units, make_case):
    return make_case(officer_a, units.commune_a1, full_name="Nguyễn Thị Đào")


# --- Rows with the right fields ------------------------------------------------------------


def test_viewing_a_case_writes_a_row_with_who_where_what_and_from_which_address(
    client_a, officer_a, units, case_a
):
    response = client_a.get(f"/victims/cases/{case_a.pk}/?from=list", REMOTE_ADDR="203.113.131.7")

    assert response.status_code == 200
    row = _only_row(action=AccessAction.VIEW)
    assert row.user == officer_a
    assert row.username == "canbo.a"
    assert row.role == "district_officer"
    assert (row.unit_code, row.unit_path) == (units.district_a.code, units.district_a.path)
    assert (row.object_type, row.object_id) == ("victims.case", case_a.pk)
    assert (row.person_id, row.case_id) == (case_a.victim_id, case_a.pk)
    assert row.path == f"/victims/cases/{case_a.pk}/"  # no query string
    assert row.ip_address == "203.113.131.7"
    assert row.at is not None


def test_the_role_and_area_are_kept_as_they_were_when_the_user_later_moves(
    client_a, officer_a, units, case_a
):
    client_a.get(f"/victims/people/{case_a.victim_id}/")
    officer_a.jurisdiction = units.district_b
    officer_a.role = "viewer"
    officer_a.save()

    row = _only_row(action=AccessAction.VIEW, object_type="victims.victim")
    assert (row.role, row.unit_code) == ("district_officer", units.district_a.code)
    assert row.person_id == case_a.victim_id


def test_behind_the_proxy_the_address_is_the_clients_not_the_proxys(settings, client_a, case_a):
    settings.BEHIND_HTTPS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1

    # The client forged the first address; the proxy (10.0.0.2) appended the real one.
    client_a.get(
        f"/victims/cases/{case_a.pk}/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 113.160.92.5",
    )

    assert _only_row(action=AccessAction.VIEW).ip_address == "113.160.92.5"


def test_a_search_keeps_the_filters_and_row_count_but_never_the_text_typed(
    client_a, officer_a, units, case_a, make_case, caplog
):
    make_case(officer_a, units.commune_a2, full_name="Lê Văn Nam")

    # The search box is sent by POST and the list shown under a search key (no text in a URL).
    location = client_a.post("/victims/", {"q": "Nguyễn Thị Đào", "sex": "female"})["Location"]
    response = client_a.get(location + "&page=1")

    assert response.status_code == 200
    row = _only_row(action=AccessAction.SEARCH)
    assert row.object_type == "victims.case"
    assert row.details["rows"] == 1
    assert row.details["filters"] == {"sex": "female"}
    assert row.details["search_length"] == len("Nguyễn Thị Đào")
    assert row.details["search_digest"] == audit.search_digest("nguyen thi dao")
    assert "Đào" not in str(row.details) and "dao" not in str(row.details).lower()
    assert "Đào" not in caplog.text


def test_a_download_is_logged_once_with_the_file_and_its_person(
    settings, tmp_path, client_a, officer_a, case_a
):
    settings.MEDIA_ROOT = tmp_path
    consent = Consent.objects.create(
        victim=case_a.victim,
        given_by="person",
        given_on=datetime.date(2025, 1, 1),
        purposes=["support"],
        evidence=SimpleUploadedFile("dong-y.pdf", PDF),
    )

    response = client_a.get(f"/victims/consents/{consent.pk}/evidence/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    row = _only_row(action=AccessAction.DOWNLOAD)
    assert (row.object_type, row.object_id) == ("victims.consent", consent.pk)
    assert row.person_id == case_a.victim_id
    assert row.details["what"] == "consent evidence"


def test_a_word_document_of_a_dossier_is_logged_with_its_case(provincial_client, officer_a, case_a):
    from verification import services as verification_services

    dossier = verification_services.dossier_create(actor=officer_a, case=case_a)

    response = provincial_client.get(f"/verification/dossiers/{dossier.pk}/documents/summary/")

    assert response.status_code == 200
    row = _only_row(action=AccessAction.DOCUMENT)
    assert (row.object_type, row.object_id) == ("verification.verificationdossier", dossier.pk)
    assert (row.person_id, row.case_id) == (case_a.victim_id, case_a.pk)
    assert row.details == {"kind": "summary"}


# --- Refusals ------------------------------------------------------------------------------


def test_an_officer_of_another_area_is_refused_and_the_refusal_is_recorded(
    client_b, officer_b, case_a
):
    response = client_b.get(f"/victims/cases/{case_a.pk}/")

    assert response.status_code == 404
    row = _only_row(action=AccessAction.REFUSED)
    assert row.user == officer_b
    assert (row.object_type, row.object_id) == ("victims.case", case_a.pk)
    # The supervisor reading the log sees whose record was tried, by id.
    assert (row.person_id, row.case_id) == (case_a.victim_id, case_a.pk)
    assert row.details["status"] == 404
    assert row.details["url_name"] == "victims:case-detail"
    assert row.details["kwargs"] == {"pk": case_a.pk}
    assert not _rows(action=AccessAction.VIEW)


def test_a_role_without_the_right_is_refused_with_403_and_recorded(
    client_colleague_a, colleague_a, case_a
):
    response = client_colleague_a.get(f"/victims/people/{case_a.victim_id}/edit/")

    assert response.status_code == 403
    row = _only_row(action=AccessAction.REFUSED)
    assert row.user == colleague_a
    assert (row.object_type, row.object_id) == ("victims.victim", case_a.victim_id)
    assert row.details["status"] == 403


@pytest.mark.urls("tests.security.accesslog_urls")
@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_recorded_even_when_the_view_raises_and_its_transaction_rolls_back(
    officer_a,
):
    client = Client()
    client.force_login(officer_a)

    response = client.post("/failing/41/")

    assert response.status_code == 403
    assert not Notification.objects.filter(user=officer_a).exists()  # rolled back
    row = _only_row(action=AccessAction.REFUSED)
    assert row.details["kwargs"] == {"pk": 41}
    assert row.object_id == 41


# --- Nobody edits or deletes the log ---------------------------------------------------------


@pytest.fixture
def log_row(client_a, case_a):
    client_a.get(f"/victims/cases/{case_a.pk}/")
    return _only_row(action=AccessAction.VIEW)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger under test")
def test_the_database_refuses_to_update_or_delete_a_row(log_row):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=log_row.pk).update(action=AccessAction.SEARCH)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=log_row.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE accounts_accesslog SET username = 'x'")
    log_row.refresh_from_db()
    assert (log_row.action, log_row.username) == (AccessAction.VIEW, "canbo.a")


def test_the_admin_offers_no_add_change_or_delete_even_to_a_superuser(log_row, units):
    superuser = UserFactory(
        username="root", role="supervisor", jurisdiction=None, is_superuser=True
    )
    client = Client()
    client.force_login(superuser)
    base = "/admin/accounts/accesslog/"

    changelist = client.get(base)
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert client.get(f"{base}add/").status_code == 403
    page = client.get(f"{base}{log_row.pk}/change/")
    assert page.status_code == 200  # read-only view
    assert 'name="_save"' not in page.content.decode()
    assert client.post(f"{base}{log_row.pk}/change/", {"action": "search"}).status_code == 403
    assert client.post(f"{base}{log_row.pk}/delete/", {"post": "yes"}).status_code == 403
    log_row.refresh_from_db()
    assert log_row.action == AccessAction.VIEW


def test_supervisors_are_given_view_permission_only(supervisor, officer_a):
    assert supervisor.has_perm("accounts.view_accesslog")
    assert not officer_a.has_perm("accounts.view_accesslog")
    codenames = set(
        Permission.objects.filter(
            content_type__app_label="accounts", content_type__model="accesslog"
        ).values_list("codename", flat=True)
    )
    assert codenames == {"view_accesslog"}


def test_a_supervisor_searches_the_log_by_user_object_and_searched_text(
    supervisor_client, client_a, client_b, case_a
):
    client_a.get(f"/victims/cases/{case_a.pk}/")
    client_b.get(f"/victims/cases/{case_a.pk}/")  # refused
    client_b.get("/victims/", {"q": "nguyen thi dao"})

    def found(term):
        response = supervisor_client.get("/admin/accounts/accesslog/", {"q": term})
        assert response.status_code == 200
        return {(row.username, row.action) for row in response.context["cl"].result_list}

    assert found("canbo.a") == {("canbo.a", "view")}
    assert found(str(case_a.pk)) >= {("canbo.a", "view"), ("canbo.b", "refused")}
    # A name typed as it was searched, with or without diacritics, finds that search.
    assert ("canbo.b", "search") in found("Nguyễn Thị Đào")
    refused = supervisor_client.get("/admin/accounts/accesslog/", {"action__exact": "refused"})
    assert {row.username for row in refused.context["cl"].result_list} == {"canbo.b"}


def test_a_persons_page_and_list_in_the_admin_are_logged_too(supervisor_client, supervisor, case_a):
    page = supervisor_client.get(f"/admin/victims/victim/{case_a.victim_id}/change/")
    listing = supervisor_client.get("/admin/victims/victim/", {"q": "dao"})
    supervisor_client.get("/admin/accounts/accesslog/")  # the log itself is not a person

    assert page.status_code == listing.status_code == 200
    view = _only_row(action=AccessAction.VIEW)
    assert (view.user, view.object_type, view.person_id) == (
        supervisor,
        "victims.victim",
        case_a.victim_id,
    )
    assert view.details == {"site": "admin"}
    search = _only_row(action=AccessAction.SEARCH)
    assert (search.object_type, search.details["rows"]) == ("victims.victim", 1)
    assert "search_digest" in search.details


# --- Every URL: logged, or exempt with a reason -------------------------------------------

REASON = "Gửi danh sách cho Công an tỉnh theo công văn số 12"

# URL name -> (how to find the object: model and filter, or None; keyword arguments; method,
# data, the action expected). The staff user of the whole province visits each.
LOGGED = {
    "victims:case-list": (None, {}, "get", {"q": "a"}, AccessAction.SEARCH),
    "victims:case-export": (None, {}, "post", {"reason": REASON}, AccessAction.EXPORT),
    "victims:case-create": (None, {}, None, None, AccessAction.SEARCH),  # its own test below
    "victims:import-errors": (None, {}, None, None, AccessAction.DOWNLOAD),  # tests/victims
    "victims:case-detail": ((Case, {}), {"pk": None}, "get", None, AccessAction.VIEW),
    "victims:case-edit": ((Case, {}), {"pk": None}, "get", None, AccessAction.VIEW),
    "victims:victim-detail": ((Victim, {}), {"pk": None}, "get", None, AccessAction.VIEW),
    "victims:victim-edit": ((Victim, {}), {"pk": None}, "get", None, AccessAction.VIEW),
    "victims:case-section": (
        (Case, {}),
        {"pk": None, "section": "supports"},
        "get",
        None,
        AccessAction.VIEW,
    ),
    "victims:reveal-identifier": (
        (Victim, {"id_number_hash__gt": ""}),
        {"pk": None},
        "post",
        {"field": "id_number"},
        AccessAction.REVEAL,
    ),
    "victims:consent-evidence": (
        (Consent, {"evidence__gt": ""}),
        {"pk": None},
        "get",
        None,
        AccessAction.DOWNLOAD,
    ),
    "verification:worklist": (None, {}, "get", {"view": "all"}, AccessAction.SEARCH),
    "verification:dossier-document": (
        (VerificationDossier, {}),
        {"pk": None, "kind": "summary"},
        "get",
        None,
        AccessAction.DOCUMENT,
    ),
    "verification:evidence-download": (
        (EvidenceDocument, {"file__gt": ""}),
        {"pk": None},
        "get",
        None,
        AccessAction.DOWNLOAD,
    ),
    "support_services:support-list": (None, {}, "get", {"view": "all"}, AccessAction.SEARCH),
    "support_services:support-totals-export": (None, {}, "get", None, AccessAction.EXPORT),
    "support_services:support-document-download": (
        (SupportDocument, {}),
        {"pk": None},
        "get",
        None,
        AccessAction.DOWNLOAD,
    ),
    "support_services:referrals-list": (None, {}, "get", None, AccessAction.SEARCH),
    "support_services:followups-list": (None, {}, "get", None, AccessAction.SEARCH),
    "support_services:applications-list": (None, {}, "get", None, AccessAction.SEARCH),
    "support_services:applications-document": (
        (SupportApplication, {}),
        {"pk": None, "kind": "application-form"},
        "get",
        None,
        AccessAction.DOCUMENT,
    ),
    "prevention:attachment-download": (
        (ActivityAttachment, {}),
        {"pk": None},
        "get",
        None,
        AccessAction.DOWNLOAD,
    ),
    "prevention:directive-file": (
        (Directive, {"file__gt": ""}),
        {"pk": None},
        "get",
        None,
        AccessAction.DOWNLOAD,
    ),
    "reports:partner-export": (None, {}, "get", None, AccessAction.EXPORT),
    "victims:retention": (None, {}, None, None, AccessAction.SEARCH),  # test_anonymisation
    "reports:download": (
        # A run of this test's world (its files are in this test's media root), not the demo's
        # approved 2023 report, whose files were written when the demo database was seeded.
        (ReportRun, {"status": "done", "approved_at__isnull": True}),
        {"pk": None, "kind": "xlsx"},
        "get",
        None,
        AccessAction.DOWNLOAD,
    ),
}

NO_PERSON = "no person's record on this page (reference data, counts or the user's own account)"
CHANGE = (
    "a change, not a view: recorded in the record's history and on the case timeline; the "
    "page it returns to is logged, and a refusal is logged by the middleware"
)
STEP_FORM = (
    "a workflow step form that names the case only (code, name in the title), not the record; "
    "the step itself is an event on the case timeline"
)
EXEMPT = {
    "accounts:account": NO_PERSON,
    "accounts:account-device-regenerate": NO_PERSON,
    "accounts:logout-everywhere": NO_PERSON,
    "accounts:two-factor-enrol": NO_PERSON,
    "accounts:two-factor-verify": NO_PERSON,
    "health": "the health endpoint: three yes/no checks and a time, no person",
    "home": "the dashboard: counts only, small counts suppressed",
    "set_language": NO_PERSON,
    "accounts:login": NO_PERSON,
    "accounts:logout": NO_PERSON,
    "accounts:password-change": NO_PERSON,
    "accounts:notifications": "the user's own messages (a code and a link, no record)",
    "locations:unit-picker": NO_PERSON,
    "victims:import": "the upload form; the user's file becomes a job of their own",
    "victims:import-template": "an empty template",
    "victims:import-job": "the user's own upload, checked: its rows as typed, the registry's "
    "answers without a person of another area (victims/id_checks.py)",
    "victims:import-job-status": "counts of the user's own job",
    "victims:import-confirm": CHANGE,
    "victims:case-add": STEP_FORM,
    "victims:consent-add": CHANGE,
    "victims:consent-withdraw": CHANGE,
    "verification:dossier-create": CHANGE,
    "verification:evidence-add": CHANGE,
    "verification:dossier-action": CHANGE,
    "support_services:overview": NO_PERSON,
    "support_services:support-totals": "counts and amounts per unit and type",
    "support_services:support-propose": STEP_FORM,
    "support_services:support-extend": STEP_FORM,
    "support_services:support-document-add": STEP_FORM,
    "support_services:support-step": STEP_FORM,
    "support_services:providers-list": NO_PERSON,
    "support_services:providers-create": NO_PERSON,
    "support_services:providers-detail": NO_PERSON,
    "support_services:providers-edit": NO_PERSON,
    "support_services:referrals-create": STEP_FORM,
    "support_services:referrals-action": STEP_FORM,
    "support_services:followups-schedule": STEP_FORM,
    "support_services:followup-visit": STEP_FORM,
    "support_services:followup-lost-contact": STEP_FORM,
    "support_services:case-close": STEP_FORM,
    "support_services:case-reopen": STEP_FORM,
    "support_services:closure-step": STEP_FORM,
    "support_services:applications-new": STEP_FORM,
    "support_services:applications-action": STEP_FORM,
    "prevention:activity-list": "prevention activities: no person's record",
    "prevention:activity-export": "prevention activities and their counts: no person's record",
    "prevention:activity-create": NO_PERSON,
    "prevention:activity-detail": "prevention activities: no person's record",
    "prevention:activity-edit": NO_PERSON,
    "prevention:attachment-add": CHANGE,
    "prevention:directive-list": NO_PERSON,
    "prevention:directive-create": NO_PERSON,
    "prevention:directive-detail": NO_PERSON,
    "prevention:directive-edit": NO_PERSON,
    "prevention:totals": "counts only",
    "prevention:totals-export": "counts only",
    "reports:index": "the list of report runs: periods, units and statuses, no person",
    "reports:run-status": "one report run's status",
    "reports:approve": CHANGE,
    "reports:run-detail": "one report run: its period, lock, differences in counts, no person",
    "reports:reopen": CHANGE,
}


def _all_url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                full = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                yield from walk(pattern.url_patterns, full)
            elif not namespace.startswith("admin"):
                yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)

    return set(walk(get_resolver().url_patterns))


def test_every_url_is_either_logged_or_exempt_with_a_reason():
    names = _all_url_names()
    assert not set(LOGGED) & set(EXEMPT)
    assert names == set(LOGGED) | set(EXEMPT), (
        "A new URL: show that it writes an access log row (LOGGED) or say why not (EXEMPT). "
        f"Missing: {sorted(names - set(LOGGED) - set(EXEMPT))}; "
        f"gone: {sorted(set(LOGGED) | set(EXEMPT) - names)}"
    )
    assert all(len(reason) > 10 for reason in EXEMPT.values())


@pytest.mark.usefixtures("world")  # on the demo's database
def test_each_logged_url_writes_its_row_in_the_request(request):
    from accounts.models import User

    request.getfixturevalue("world")  # the demo and its files (test_every_url)
    staff = User.objects.get(username="canbo.tinh")
    client = Client()
    client.force_login(staff)
    failures = []
    for name, (target, kwargs, method, data, action) in sorted(LOGGED.items()):
        if method is None:
            continue  # proved by its own test
        kwargs = dict(kwargs)
        if target is not None:
            model, conditions = target
            found = model.objects.filter(**conditions).order_by("pk").first()
            assert found is not None, name
            kwargs = {key: found.pk if value is None else value for key, value in kwargs.items()}
        before = AccessLog.objects.count()
        response = getattr(client, method)(reverse(name, kwargs=kwargs), data or {})
        if response.streaming:
            b"".join(response.streaming_content)
        written = list(AccessLog.objects.order_by("pk")[before:])
        if response.status_code != 200 or [row.action for row in written] != [action]:
            failures.append((name, response.status_code, [row.action for row in written]))
        elif target is not None and written[0].object_id != kwargs["pk"]:
            failures.append((name, "object", written[0].object_id))
    assert failures == []


@pytest.mark.usefixtures("world")  # on the demo's database
def test_every_refused_url_with_an_id_is_recorded(request):
    # The demo's officer of Phường Hạc Thành (test_every_url).
    foreign = request.getfixturevalue("world")
    client = Client()
    client.force_login(foreign)
    missing = []
    for name, (model, keyword, extra) in sorted(TARGETS.items()):
        if model in (ServiceProvider, Directive):
            continue  # read by every user (test_every_url.PUBLIC_READ)
        target = _outside(foreign, model.objects.all())
        before = AccessLog.objects.count()
        response = client.get(reverse(name, kwargs={keyword: target.pk, **extra}))
        written = list(AccessLog.objects.order_by("pk")[before:])
        if response.status_code in (403, 404):
            if [row.action for row in written] != [AccessAction.REFUSED]:
                missing.append((name, response.status_code, [row.action for row in written]))
        elif response.status_code != 405:
            missing.append((name, response.status_code, "not refused"))
    assert missing == []


def test_entering_a_person_who_may_already_exist_logs_the_search_for_duplicates(
    client_a, officer_a, units, make_case
):
    from tests.victims.test_create_flow import form_data  # the form as the page sends it

    first = make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào",
        birth_year=1998,
        residence=units.commune_a1,
    )

    response = client_a.post("/victims/new/", form_data(units))

    assert 'data-testid="duplicates"' in response.content.decode()
    row = _only_row(action=AccessAction.SEARCH)
    assert row.object_type == "victims.victim"
    assert row.details == {"rows": 1, "duplicates": [first.victim_id]}
    assert "Đào" not in str(row.details)


def test_the_rows_of_an_import_in_error_are_logged_when_downloaded(
    settings, tmp_path, client_a, officer_a
):
    from django.core.files.base import ContentFile

    from victims.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    job = ImportJob(owner=officer_a, status=ImportJob.Status.CHECKED)
    job.errors_file.save("errors.xlsx", ContentFile(b"PK fake"), save=False)
    job.save()

    response = client_a.get(f"/victims/import/{job.pk}/errors/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK fake"
    row = _only_row(action=AccessAction.DOWNLOAD)
    assert (row.object_type, row.details["what"]) == ("victims.import", "import errors")
