"""Every URL that takes an object id, generated from the URL configuration, visited as an
officer of another area and as an anonymous user: no foreign object is returned (302, 403 or
404, and nothing of the people in the body). A new URL with an id must be added to TARGETS, or
this test fails — it cannot be skipped by forgetting it.

The world is the demo (seed_demo) plus a few files; the foreign officer is the demo officer of
Phường Hạc Thành, and each URL is given an object outside that officer's area."""

import datetime

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts.access import scope_for
from accounts.models import Role, ServedProvince, User
from prevention.models import ActivityAttachment, Directive, PreventionActivity
from reports import services as report_services
from reports.models import ReportRun
from reports.periods import period_for
from support_services.models import (
    CaseClosure,
    FollowUp,
    Referral,
    ServiceProvider,
    SupportApplication,
    SupportDocument,
    SupportRecord,
)
from support_services.supports import services as support_services
from tests.factories import UserFactory
from verification.models import EvidenceDocument, VerificationDossier
from victims.models import Case, Consent, ImportJob, Victim

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 test"

# URL name -> (model whose object the id names, the id's keyword, other keywords).
TARGETS = {
    "victims:case-detail": (Case, "pk", {}),
    "victims:case-edit": (Case, "pk", {}),
    "victims:case-section": (Case, "pk", {"section": "supports"}),
    "victims:victim-detail": (Victim, "pk", {}),
    "victims:victim-edit": (Victim, "pk", {}),
    "victims:reveal-identifier": (Victim, "pk", {}),
    "victims:case-add": (Victim, "victim_pk", {}),
    "victims:consent-add": (Victim, "victim_pk", {}),
    "victims:consent-withdraw": (Consent, "pk", {}),
    "victims:consent-evidence": (Consent, "pk", {}),
    "verification:dossier-create": (Case, "case_pk", {}),
    "verification:evidence-add": (VerificationDossier, "pk", {}),
    "verification:dossier-document": (VerificationDossier, "pk", {"kind": "summary"}),
    "verification:dossier-action": (VerificationDossier, "pk", {"action": "submit"}),
    "verification:evidence-download": (EvidenceDocument, "pk", {}),
    "support_services:support-propose": (Case, "case_pk", {}),
    "support_services:support-extend": (Case, "case_pk", {}),
    "support_services:support-document-add": (SupportRecord, "pk", {}),
    "support_services:support-step": (SupportRecord, "pk", {"action": "approve"}),
    "support_services:support-document-download": (SupportDocument, "pk", {}),
    "support_services:providers-detail": (ServiceProvider, "pk", {}),
    "support_services:providers-edit": (ServiceProvider, "pk", {}),
    "support_services:referrals-create": (Case, "case_pk", {}),
    "support_services:referrals-action": (Referral, "pk", {"action": "accept"}),
    "support_services:followups-schedule": (Case, "case_pk", {}),
    "support_services:followup-visit": (FollowUp, "pk", {}),
    "support_services:followup-lost-contact": (FollowUp, "pk", {}),
    "support_services:case-close": (Case, "case_pk", {}),
    "support_services:case-reopen": (Case, "case_pk", {}),
    "support_services:closure-step": (CaseClosure, "pk", {"action": "approve"}),
    "support_services:applications-new": (Case, "case_pk", {}),
    "support_services:applications-document": (
        SupportApplication,
        "pk",
        {"kind": "application-form"},
    ),
    "support_services:applications-action": (SupportApplication, "pk", {"action": "forward"}),
    "prevention:activity-detail": (PreventionActivity, "pk", {}),
    "prevention:activity-edit": (PreventionActivity, "pk", {}),
    "prevention:attachment-add": (PreventionActivity, "pk", {}),
    "prevention:attachment-download": (ActivityAttachment, "pk", {}),
    "prevention:directive-detail": (Directive, "pk", {}),
    "prevention:directive-edit": (Directive, "pk", {}),
    "prevention:directive-file": (Directive, "pk", {}),
    "reports:run-status": (ReportRun, "pk", {}),
    "reports:approve": (ReportRun, "pk", {}),
    "reports:run-detail": (ReportRun, "pk", {}),
    "reports:reopen": (ReportRun, "pk", {}),
    "reports:download": (ReportRun, "pk", {"kind": "xlsx"}),
    # An import job is its owner's alone (victims.importing.jobs): "outside" is someone else's.
    "victims:import-job": (ImportJob, "pk", {}),
    "victims:import-job-status": (ImportJob, "pk", {}),
    "victims:import-confirm": (ImportJob, "pk", {}),
    "victims:import-errors": (ImportJob, "pk", {}),
}
# A directory, not personal data: every user of the installation reads providers and the
# department's documents (only anonymous users are refused).
# (Directives and providers are edited by provincial staff only: a district officer gets 403.)
PUBLIC_READ = {
    "support_services:providers-detail",
    "prevention:directive-detail",
    "prevention:directive-file",
}


def _url_names_with_ids():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                full = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                yield from walk(pattern.url_patterns, full)
            elif "<int:" in str(pattern.pattern) and not namespace.startswith("admin"):
                yield f"{namespace}:{pattern.name}"

    return set(walk(get_resolver().url_patterns))


@pytest.fixture
def world(seeded_demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = User.objects.get(username="canbo.tinh")
    foreign = User.objects.get(username="canbo.hacthanh")
    case = _outside(foreign, Case.objects.filter(supports__isnull=False))
    Consent.objects.create(
        victim=case.victim,
        given_by="person",
        given_on=datetime.date(2025, 1, 1),
        purposes=["support"],
        evidence=SimpleUploadedFile("dong-y.pdf", PDF),
    )
    record = _outside(foreign, SupportRecord.objects.filter(status="approved"))
    support_services.support_document_add(
        actor=staff, record=record, kind="decision", file=SimpleUploadedFile("qd.pdf", PDF)
    )
    if not EvidenceDocument.objects.filter(file__gt="").exists():
        dossier = _outside(foreign, VerificationDossier.objects.all())
        EvidenceDocument.objects.create(
            dossier=dossier,
            ground="procedural_body",
            kind="police_certificate",
            file=SimpleUploadedFile("xn.pdf", PDF),
        )
    directive = Directive.objects.order_by("pk").first()
    directive.file = SimpleUploadedFile("ke-hoach.pdf", PDF)
    directive.save()
    activity = _outside(foreign, PreventionActivity.objects.all())
    ActivityAttachment.objects.create(
        activity=activity, kind=_attachment_kind(), file=SimpleUploadedFile("ds.pdf", PDF)
    )
    run = report_services.report_request(
        actor=staff, period=period_for("annual", 2024), unit=case.managing_unit
    )
    from reports import generation, tasks

    generation.build(tasks._claim(run.pk, "test"))
    # A checked import of the provincial staff, its error workbook kept.
    ImportJob.objects.create(
        owner=staff,
        upload="imports/danh-sach.xlsx",
        errors_file="imports/loi.xlsx",
        status=ImportJob.Status.CHECKED,
    )
    return foreign


def _attachment_kind():
    return ActivityAttachment._meta.get_field("kind").choices[0][0]


def _outside(user, queryset):
    """An object of `queryset` that `user` may not see."""
    if queryset.model is ImportJob:
        return queryset.exclude(owner=user).order_by("pk").first()
    visible = scope_for(user, queryset.model.objects.all()).values("pk")
    found = queryset.exclude(pk__in=visible).order_by("pk").first()
    assert found is not None, f"no {queryset.model.__name__} outside the area"
    return found


def _people_outside(user) -> list[str]:
    hidden = Victim.objects.exclude(pk__in=scope_for(user, Victim.objects.all()).values("pk"))
    codes = Case.objects.exclude(pk__in=scope_for(user, Case.objects.all()).values("pk"))
    return [*hidden.values_list("full_name", flat=True), *codes.values_list("code", flat=True)]


def _url(name, user):
    model, keyword, extra = TARGETS[name]
    queryset = model.objects.all()
    public = name in PUBLIC_READ or model in (ServiceProvider, Directive)
    target = queryset.order_by("pk").first() if public else _outside(user, queryset)
    return reverse(name, kwargs={keyword: target.pk, **extra})


def test_every_url_with_an_id_is_covered_here():
    assert _url_names_with_ids() == set(TARGETS)


def test_an_officer_of_another_area_gets_nothing_and_an_anonymous_user_is_sent_to_log_in(world):
    foreign = world
    officer, anonymous = Client(), Client()
    officer.force_login(foreign)
    secrets = _people_outside(foreign)
    assert len(secrets) > 10
    failures = []
    for name in sorted(TARGETS):
        url = _url(name, foreign)
        for method in ("get", "post"):
            response = getattr(officer, method)(url)
            body = response.content.decode(errors="replace") if not response.streaming else ""
            allowed = {200, 405} if name in PUBLIC_READ else {302, 403, 404, 405}
            leaked = [secret for secret in secrets if secret in body]
            if response.status_code not in allowed or leaked:
                failures.append((method, name, response.status_code, leaked[:2]))
            refused = getattr(anonymous, method)(url)
            sent_to_login = refused.status_code == 302 and "/accounts/login/" in refused["Location"]
            if not sent_to_login and not (method == "post" and refused.status_code == 405):
                failures.append(("anonymous " + method, name, refused.status_code, []))
    assert failures == [], failures


def test_admin_change_views_of_scoped_models_refuse_a_supervisor_of_another_area(world):
    foreign_unit = world.jurisdiction
    supervisor = UserFactory(role=Role.SUPERVISOR, jurisdiction=foreign_unit)
    client = Client()
    client.force_login(supervisor)
    checked = 0
    for model in admin.site._registry:
        if getattr(model, "scope_unit_field", None) in (None, ""):
            continue
        visible = scope_for(supervisor, model.objects.all()).values("pk")
        target = model.objects.exclude(pk__in=visible).order_by("pk").first()
        if target is None:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        assert client.get(url).status_code in (302, 403, 404), url
        checked += 1
    assert checked >= 8


# --- Issue 18: what the independent probe did --------------------------------------------------
# Data in four areas (two legacy districts of Thanh Hóa, a current commune, a commune of a second
# served province: tests/security/probe.py); every URL pattern, the admin's included, requested
# as each kind of actor, GET and POST, with foreign ids in the path, foreign values in the query
# and in the form body; after every POST, a checksum of every row outside the actor's area (and
# of every shared row, which no actor below may change) must be what it was.

# The actors of the probe, by the attribute of tests.security.probe.ProbeWorld.
PROBE_ACTORS = (
    "officer_hac_thanh",  # an officer of another area
    "viewer_hac_thanh",  # a viewer of another area
    "staff_nghe_an",  # another province's staff
    "supervisor_hac_thanh",  # a supervisor of an area
)
# Rows that change on every request whoever makes it (the access log, sessions, the admin's own
# log, the login lockout's records) are not part of the checksum; history tables follow their
# rows, which are.
CHECKSUM_SKIPPED = {
    "accounts.AccessLog",
    "accounts.UserSession",
    "admin.LogEntry",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "sessions.Session",
    "otp_totp.TOTPDevice",
    # Messages to the users who answer for a record (a province's staff) follow a change the
    # actor may make in their own area; they are no record of another area.
    "accounts.Notification",
    # The province's case-number counter moves with any new case of the province.
    "victims.CaseCodeCounter",
    "operations.WorkerHeartbeat",
    "django_celery_beat.PeriodicTasks",  # the schedule's "last changed" stamp
}


def _foreign_rows_sql(user):
    """One SQL statement (with its parameters) giving a checksum per table of the rows `user`
    must not change: for a model scoped to an area, its rows outside `user`'s area; for any
    other model of our apps and the schedule, every row."""
    from django.apps import apps

    parts, params = [], []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if label in CHECKSUM_SKIPPED or model.__name__.startswith("Historical"):
            continue
        if model._meta.app_label in ("contenttypes", "auth", "sessions", "axes", "otp_totp"):
            continue
        table = model._meta.db_table
        where = "TRUE"
        scoped, column = _scoped_through(model)
        if scoped is not None:
            inside, inside_params = (
                scope_for(user, scoped._default_manager.all()).values("pk").query.sql_with_params()
            )
            where = f'NOT (t."{column}" IN ({inside}))'
            params.extend(inside_params)
        parts.append(
            f"SELECT '{label}', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
            f'FROM "{table}" t WHERE {where}'
        )
    return " UNION ALL ".join(parts), params


def _scoped_through(model):
    """The scoped model that decides the area of `model`'s rows and the column holding its id:
    the model itself and its primary key; for the table of a many-to-many field (a case's
    exploitation forms, an activity's places), the scoped model on one side and its column."""
    if getattr(model, "scope_unit_field", None) is not None:
        return model, model._meta.pk.column
    is_link = model._meta.auto_created or any(
        field.remote_field.through is model
        for other in (field.related_model for field in model._meta.fields if field.is_relation)
        for field in other._meta.many_to_many
    )
    if is_link:
        for field in model._meta.fields:
            if (
                field.is_relation
                and getattr(field.related_model, "scope_unit_field", None) is not None
            ):
                return field.related_model, field.column
    return None, None


def _checksum(user) -> dict:
    from django.db import connection

    sql, params = _foreign_rows_sql(user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


@pytest.fixture
def probe_world(world):
    from tests.security import probe

    return probe.build()


def _foreign_values(world, user) -> dict:
    """Ids of objects outside `user`'s area (or another province's), under the names forms and
    filters use for them."""
    from locations.models import AdministrativeUnit

    case = _outside(user, Case.objects.all())
    units = AdministrativeUnit.objects.exclude(
        pk__in=scope_for(user, AdministrativeUnit.objects.all()).values("pk")
    )
    unit = (
        units.filter(path__startswith=world.thanh_hoa.path)
        .exclude(pk=world.thanh_hoa.pk)
        .order_by("pk")
        .first()
        or units.order_by("pk").first()
    )
    province = world.nghe_an if user.jurisdiction.province_code == "38" else world.thanh_hoa
    provider = world.provider_nghe_an if province == world.nghe_an else world.provider_thanh_hoa
    values = {
        "case": case.pk,
        "case_pk": case.pk,
        "victim": case.victim_id,
        "person": case.victim_id,
        "managing_unit": unit.pk,
        "unit": unit.pk,
        "area": unit.pk,
        "permanent_unit": unit.pk,
        "current_unit": unit.pk,
        "issuing_unit": unit.pk,
        "certifying_unit": unit.pk,
        "receiving_province": province.pk,
        "province": province.pk,
        "places": unit.pk,
        "partner_units": unit.pk,
        "provider": provider.pk,
        "criminal_case": case.criminal_case_id or "",
        "support_record": _outside(user, SupportRecord.objects.all()).pk,
        "application": _outside(user, SupportApplication.objects.all()).pk,
        "referral": _outside(user, Referral.objects.all()).pk,
        "dossier": _outside(user, VerificationDossier.objects.all()).pk,
        "activity": _outside(user, PreventionActivity.objects.all()).pk,
        "run": _outside(user, ReportRun.objects.all()).pk,
    }
    return {key: value for key, value in values.items() if value != ""}


def _text_form(values) -> dict:
    """A plausible form body carrying foreign ids: every id field a form of ours names, plus the
    text fields a refusal must not half-save."""
    return {
        **{key: str(value) for key, value in values.items()},
        "full_name": "Nguyễn Văn Thử",
        "name": "Cơ sở thử nghiệm",
        "phone": "0999 999 999",
        "address": "Địa chỉ giả",
        "reason": "Lý do kiểm thử đủ dài để được nhận",
        "note": "Ghi chú thử",
        "post": "yes",
        "confirm": "on",
    }


def _app_urls_without_ids():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                full = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                yield from walk(pattern.url_patterns, full)
            elif (
                "<" not in str(pattern.pattern)
                and not namespace.startswith("admin")
                and pattern.name
                and namespace
            ):
                yield f"{namespace}:{pattern.name}"

    # Signing out or ending every session ends the probe's own session, not anyone else's.
    skipped = {"accounts:logout", "accounts:logout-everywhere", "accounts:login"}
    return sorted(set(walk(get_resolver().url_patterns)) - skipped)


@pytest.mark.parametrize("actor", PROBE_ACTORS)
def test_every_url_with_foreign_ids_values_and_bodies_changes_nothing_of_another_area(
    probe_world, actor
):
    from tests.security import probe

    world = probe_world
    user = getattr(world, actor)
    client = Client()
    client.force_login(user)
    secrets = probe.people_outside(user)
    assert len(secrets) > 10
    values = _foreign_values(world, user)
    body = _text_form(values)
    failures = []

    def check(method, url, response, *, allowed):
        content = response.content.decode(errors="replace") if not response.streaming else ""
        leaked = [secret for secret in secrets if secret in content]
        if response.status_code not in allowed or leaked:
            failures.append((method, url, response.status_code, leaked[:2]))

    before = _checksum(user)  # each POST's "after" is the next one's "before"

    def post(url, allowed):
        nonlocal before
        check("post", url, client.post(url, body), allowed=allowed)
        after = _checksum(user)
        changed = [label for label in after if after[label] != before.get(label)]
        if changed:
            failures.append(("post changed another area", url, changed))
        before = after

    for name in sorted(TARGETS):
        url = _url(name, user)
        public_read = name in PUBLIC_READ
        if public_read and "provider" in name:
            read = {200}  # the directory is read by everyone
        elif public_read:
            read = {200, 302, 403, 404, 405}  # a plan of another province is not shown
        else:
            read = {302, 403, 404, 405}
        check("get", url, client.get(url), allowed=read)
        post(url, {200, 302, 403, 404, 405} if public_read else {302, 403, 404, 405})
    for name in _app_urls_without_ids():
        url = reverse(name)
        check("get", url, client.get(url, values), allowed={200, 302, 400, 403, 404, 405})
        post(url, {200, 302, 400, 403, 404, 405})
    assert failures == []


def _admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _page_form(response) -> dict:
    """What a browser sends back from the page's last form (the admin's change form)."""
    import lxml.html

    forms = lxml.html.fromstring(response.content.decode()).forms if response.content else []
    data: dict = {}
    if forms:
        for name, value in forms[-1].form_values():
            data.setdefault(name, []).append(value)
    return data


def _admin_target(model, user):
    """A row `user` may not change: outside the area for a scoped model, any row otherwise."""
    queryset = model._default_manager.order_by("pk")
    if getattr(model, "scope_unit_field", None) is not None:
        queryset = queryset.exclude(
            pk__in=scope_for(user, model._default_manager.all()).values("pk")
        )
    return queryset.first()


@pytest.mark.parametrize("actor", ["supervisor_hac_thanh", "supervisor_nghe_an"])
def test_the_admin_as_a_supervisor_of_an_area_changes_nothing_beyond_it(probe_world, actor):
    """Every registered ModelAdmin: changelist with foreign query values, change, delete,
    history and revert pages of a row the supervisor may not change, the bulk delete and the
    add form with foreign values — nothing of the people outside the area on any page, and
    nothing outside the area (nor any shared row) changed by any POST."""
    from tests.security import probe

    world = probe_world
    user = getattr(world, actor)
    client = Client()
    client.force_login(user)
    secrets = probe.people_outside(user)
    values = _foreign_values(world, user)
    failures, checked = [], 0

    # The example under the case-code prefix ("mã vụ việc TH-2024-0017") is a help text that
    # happens to name a demo code; it is on the organisation page for everyone.
    example = str(ServedProvince._meta.get_field("case_code_prefix").help_text)

    def look(url, response):
        content = response.content.decode(errors="replace") if not response.streaming else ""
        content = content.replace(example, "")
        leaked = [secret for secret in secrets if secret in content]
        if response.status_code >= 500 or leaked:
            failures.append(("get", url, response.status_code, leaked[:2]))

    state = {"before": _checksum(user)}  # each POST's "after" is the next one's "before"

    def post(url, data):
        response = client.post(url, data)
        after, before = _checksum(user), state["before"]
        state["before"] = after
        if response.status_code >= 500:
            failures.append(("post", url, response.status_code))
        changed = [label for label in after if after[label] != before.get(label)]
        if changed:
            failures.append(("post changed beyond the area", url, changed))

    for model in admin.site._registry:
        target = _admin_target(model, user)
        foreign_query = {"q": values["case"]}
        for field in model._meta.get_fields():
            if field.many_to_one and hasattr(field.related_model, "scope_unit_field"):
                foreign = _admin_target(field.related_model, user)
                if foreign is not None:
                    foreign_query[f"{field.name}__id__exact"] = foreign.pk
        look("changelist", client.get(_admin_url(model, "changelist"), foreign_query))
        post(_admin_url(model, "add"), _text_form(values))
        if target is None:
            continue
        checked += 1
        change_url = _admin_url(model, "change", target.pk)
        page = client.get(change_url)
        look(change_url, page)
        form = _page_form(page) if page.status_code == 200 else {}
        post(change_url, {**_text_form(values), **form, "name": ["Đã sửa"], "phone": ["0999"]})
        delete_url = _admin_url(model, "delete", target.pk)
        look(delete_url, client.get(delete_url))
        post(delete_url, {"post": "yes"})
        post(
            _admin_url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
        )
        history_url = _admin_url(model, "history", target.pk)
        look(history_url, client.get(history_url))
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "filter"):
            version = history.filter(id=target.pk).order_by("history_id").first()
            if version is not None:
                revert_url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                    args=[target.pk, version.history_id],
                )
                revert_page = client.get(revert_url)
                look(revert_url, revert_page)
                revert_form = _page_form(revert_page) if revert_page.status_code == 200 else {}
                post(revert_url, revert_form or _text_form(values))
    assert failures == []
    assert checked >= 25


@pytest.mark.parametrize("actor", ["officer_hac_thanh", "viewer_hac_thanh", "staff_nghe_an"])
def test_the_admin_turns_away_everyone_but_supervisors(probe_world, actor):
    client = Client()
    client.force_login(getattr(probe_world, actor))
    for model in admin.site._registry:
        response = client.get(_admin_url(model, "changelist"))
        assert response.status_code == 302, model
        assert "/admin/login/" in response["Location"]
