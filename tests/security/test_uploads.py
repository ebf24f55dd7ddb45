"""Uploaded files are never executed nor shown inline: nothing serves the media root, every
download is an attachment that the browser must not sniff (and, for uploads, sits under a
policy that runs nothing), and a file is judged by its content — an HTML or SVG page renamed
.pdf is refused with a Vietnamese message."""

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse

from accounts.models import User
from core.forms import check_evidence_file
from prevention.models import ActivityAttachment, Directive, PreventionActivity
from reports.models import ReportRun, RunStatus
from support_services.models import SupportApplication, SupportDocument, SupportRecord
from tests.security.test_every_url import world  # noqa: F401 - a fixture
from verification.models import EvidenceDocument, VerificationDossier
from victims.models import Consent, Victim

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = (
    "accounts",
    "locations",
    "victims",
    "verification",
    "support_services",
    "prevention",
    "reports",
)
REFUSED = "Chỉ nhận tệp PDF, JPEG, PNG."
HOSTILE_FILES = {
    "html": b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
    "html with a BOM": b"\xef\xbb\xbf<html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="9"/></svg>',
    "svg with an xml prolog": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>",
    "pdf header after spaces": b"  %PDF-1.4 <script>alert(1)</script>",
}


def staff_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="canbo.tinh"))
    return client


def uploads() -> dict:
    """One stored upload of each kind in the demo world, by the URL name that downloads it."""
    return {
        "victims:consent-evidence": Consent.objects.exclude(evidence="").first(),
        "verification:evidence-download": EvidenceDocument.objects.exclude(file="").first(),
        "support_services:support-document-download": SupportDocument.objects.first(),
        "prevention:attachment-download": ActivityAttachment.objects.first(),
        "prevention:directive-file": Directive.objects.exclude(file="").first(),
    }


def stored_names() -> list[str]:
    names = [
        field.name
        for obj in uploads().values()
        for field in [getattr(obj, "evidence", None) or obj.file]
    ]
    run = ReportRun.objects.filter(status=RunStatus.DONE).first()
    return [*names, run.excel_file.name, run.word_file.name, run.indicators_file.name]


# --- Nothing serves the media root -----------------------------------------------------------


def test_no_url_maps_the_media_folder():
    for path in ["/media/consents/2025/dong-y.pdf", "/consents/2025/dong-y.pdf"]:
        with pytest.raises(Resolver404):
            resolve(path)
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))
    # The site root whitenoise serves (WHITENOISE_ROOT) holds the favicon and nothing else, and
    # the media root is not inside it.
    webroot = Path(settings.WHITENOISE_ROOT).resolve()
    assert sorted(path.name for path in webroot.iterdir()) == ["favicon.ico"]
    assert not Path(settings.MEDIA_ROOT).resolve().is_relative_to(webroot)


@pytest.mark.usefixtures("world")
def test_an_existing_upload_cannot_be_fetched_by_its_path():
    client = staff_client()
    names = stored_names()
    assert len(names) == 8
    for name in names:
        assert (settings.MEDIA_ROOT / name).exists(), name
        for url in [f"/media/{name}", f"/{name}", f"/static/{name}", f"/static/../media/{name}"]:
            response = client.get(url)
            assert response.status_code == 404, url


def test_a_media_root_inside_the_static_files_is_refused(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import django;django.setup()"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings",
            "VAR_DIR": str(tmp_path),
            "MEDIA_ROOT": str(ROOT / "static" / "media"),
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "MEDIA_ROOT must not be inside a folder of static files" in result.stderr


# --- Every download is an attachment, never sniffed ------------------------------------------


def download_urls() -> dict[str, str]:
    run = ReportRun.objects.filter(status=RunStatus.DONE).first()
    urls = {name: reverse(name, args=[obj.pk]) for name, obj in uploads().items()}
    dossier = VerificationDossier.objects.order_by("pk").first()
    application = SupportApplication.objects.order_by("pk").first()
    return {
        **urls,
        **{
            f"reports:download ({kind})": reverse("reports:download", args=[run.pk, kind])
            for kind in ("xlsx", "docx", "json")
        },
        "verification:dossier-document": reverse(
            "verification:dossier-document", args=[dossier.pk, "summary"]
        ),
        "support_services:applications-document": reverse(
            "support_services:applications-document", args=[application.pk, "application-form"]
        ),
        "victims:case-export": reverse("victims:case-export"),
        "victims:import-template": reverse("victims:import-template"),
        "support_services:support-totals-export": reverse("support_services:support-totals-export"),
        "prevention:activity-export": reverse("prevention:activity-export"),
        "prevention:totals-export": reverse("prevention:totals-export"),
        "reports:partner-export": reverse("reports:partner-export"),
    }


# Downloads not visited here: the import's error file needs an import job of the user (its
# attachment header is checked in test_export_injection.py).
ELSEWHERE = {"victims:import-errors"}
FILE_URL_NAME = ("download", "file", "evidence", "document", "export", "template", "errors")


LISTED = {
    "victims:consent-evidence",
    "verification:evidence-download",
    "support_services:support-document-download",
    "prevention:attachment-download",
    "prevention:directive-file",
    "reports:download",
    "verification:dossier-document",
    "support_services:applications-document",
    "victims:case-export",
    "victims:import-template",
    "support_services:support-totals-export",
    "prevention:activity-export",
    "prevention:totals-export",
    "reports:partner-export",
}

# Exports of personal data are asked for by POST with a stated reason (accounts.exports).
POSTED = {"victims:case-export": {"reason": "Kiểm tra định dạng tệp xuất theo yêu cầu"}}


def test_every_url_that_sends_a_file_is_listed_here():
    """Found by name in the URL configuration: a new download must be listed (and so visited)."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and pattern.name.endswith(FILE_URL_NAME):
                yield f"{namespace}:{pattern.name}"

    names = {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin")}
    assert names - ELSEWHERE == LISTED


@pytest.mark.usefixtures("world")
def test_every_download_is_an_attachment_that_is_not_sniffed_nor_stored():
    client = staff_client()
    urls = download_urls()
    assert {name.split(" ")[0] for name in urls} == LISTED
    failures = []
    for name, url in urls.items():
        posted = POSTED.get(name)
        response = client.post(url, posted) if posted else client.get(url)
        disposition = response.get("Content-Disposition", "")
        if (
            response.status_code != 200
            or not disposition.startswith("attachment")
            or response.get("X-Content-Type-Options") != "nosniff"
            or response.get("Cache-Control") != "no-store"
        ):
            failures.append((name, response.status_code, disposition))
    assert failures == []


@pytest.mark.usefixtures("world")
def test_an_uploaded_file_is_served_under_a_policy_that_runs_nothing():
    client = staff_client()
    for name, obj in uploads().items():
        response = client.get(reverse(name, args=[obj.pk]))
        assert response["Content-Security-Policy"].startswith("default-src 'none'; sandbox"), name
        assert response["Content-Type"] in {"application/pdf", "image/jpeg", "image/png"}, name


@pytest.mark.usefixtures("world")
def test_a_stored_file_named_html_goes_out_as_opaque_bytes():
    """Even a file whose stored name says .html (an old upload, a renamed file) is never labelled
    as a page a browser would render."""
    document = SupportDocument.objects.first()
    document.file.save("trang.html", SimpleUploadedFile("trang.html", b"%PDF-1.4 <html>"))

    response = staff_client().get(
        reverse("support_services:support-document-download", args=[document.pk])
    )

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


# --- Uploads are judged by their content -------------------------------------------------------


@pytest.mark.parametrize("content", HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_an_html_or_svg_file_renamed_pdf_is_refused_in_vietnamese(content):
    upload = SimpleUploadedFile("quyet-dinh.pdf", content, content_type="application/pdf")

    with pytest.raises(forms.ValidationError) as refused:
        check_evidence_file(upload)

    assert refused.value.messages == [REFUSED]


def test_a_real_pdf_jpeg_or_png_passes():
    for content in [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0JFIF", b"\x89PNG\r\n\x1a\n\0\0"]:
        upload = SimpleUploadedFile("tep.pdf", content)
        assert check_evidence_file(upload) is upload


def _forms_of_our_apps():
    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {
        form
        for form in walk(forms.BaseForm)
        if form.__module__.split(".")[0] in OUR_APPS and not form.__module__.startswith("django")
    }


def test_every_file_field_of_our_forms_checks_the_content():
    """A new upload field cannot forget the check (the import's .xlsx is read by the importer,
    which refuses anything that is not a workbook)."""
    checked, missing = 0, []
    for form in _forms_of_our_apps():
        for name, field in form.base_fields.items():
            if not isinstance(field, forms.FileField):
                continue
            if (form.__module__, name) == ("victims.import_views", "file"):
                continue
            cleaner = getattr(form, f"clean_{name}", None)
            # A report template is read by docxtpl, which refuses anything but a Word file
            # (tests/reports/test_report_templates.py); every other upload is evidence.
            check = (
                "template_problems"
                if (form.__module__, name) == ("reports.admin", "upload")
                else "check_evidence_file"
            )
            if cleaner is None or check not in inspect.getsource(cleaner):
                missing.append(f"{form.__module__}.{form.__name__}.{name}")
            else:
                checked += 1
    assert missing == []
    assert checked >= 6


@pytest.mark.usefixtures("world")
def test_each_upload_form_refuses_an_html_page_named_pdf():
    client = staff_client()
    page = HOSTILE_FILES["html"]
    dossier = VerificationDossier.objects.order_by("pk").first()
    record = SupportRecord.objects.filter(status="approved").order_by("pk").first()
    activity = PreventionActivity.objects.order_by("pk").first()
    victim = Victim.objects.order_by("pk").first()
    kind = ActivityAttachment._meta.get_field("kind").choices[0][0]
    before = [model.objects.count() for model in (EvidenceDocument, SupportDocument, Consent)]
    attachments = ActivityAttachment.objects.count()
    posts = [
        (
            reverse("verification:evidence-add", args=[dossier.pk]),
            {"ground": "procedural_body", "kind": "police_certificate"},
            "file",
        ),
        (
            reverse("support_services:support-document-add", args=[record.pk]),
            {"kind": "decision"},
            "file",
        ),
        (reverse("prevention:attachment-add", args=[activity.pk]), {"kind": kind}, "file"),
        (
            reverse("victims:consent-add", args=[victim.pk]),
            {"given_by": "person", "given_on": "01/01/2025", "purposes": ["support"]},
            "evidence",
        ),
    ]
    for url, data, field in posts:
        upload = SimpleUploadedFile("quyet-dinh.pdf", page, content_type="application/pdf")
        response = client.post(url, {**data, field: upload}, follow=True)
        assert REFUSED in response.content.decode(), url

    assert [m.objects.count() for m in (EvidenceDocument, SupportDocument, Consent)] == before
    assert ActivityAttachment.objects.count() == attachments
