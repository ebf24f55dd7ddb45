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
from accounts.models import Role, User
from prevention.models import ActivityAttachment, Directive, PreventionActivity
from reports import services as report_services
from reports.models import ReportRun
from reports.periods import period_for
from support_services.models import (
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
from victims.models import Case, Consent, Victim

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
    return foreign


def _attachment_kind():
    return ActivityAttachment._meta.get_field("kind").choices[0][0]


def _outside(user, queryset):
    """An object of `queryset` that `user` may not see."""
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
