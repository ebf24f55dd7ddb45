"""Content-Security-Policy (django-csp 4): the header and its directives on every kind of page,
and no inline script or style anywhere — in the templates we ship (ours and our overrides of
the admin's, django-celery-beat's and simple-history's), in HTML our Python code builds, and in
the pages as rendered (widgets, crispy forms, the admin)."""

import ast
import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = [
    "trafficking_cases",
    "core",
    "locations",
    "accounts",
    "victims",
    "verification",
    "support_services",
    "prevention",
    "reports",
]
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*")


def policy_of(response, header="Content-Security-Policy") -> dict[str, list[str]]:
    assert header in response, f"no {header} on {response.request['PATH_INFO']}"
    directives = {}
    for part in response[header].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# --- Scanning HTML for inline code ---------------------------------------------------------------

DJANGO_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.I)
HX_ON = re.compile(r"\b(?:data-)?hx-on", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def inline_code(html: str) -> list[str]:
    """What a strict CSP would block in this HTML (or template source): style attributes and
    elements, scripts with content (JSON data excepted), event handler attributes, hx-on,
    javascript: URLs."""
    found = []
    html = DJANGO_COMMENT.sub("", html)
    if re.search(r"<style\b", html, re.I):
        found.append("<style>")
    for attributes, content in SCRIPT.findall(html):
        is_data = re.search(r"""type\s*=\s*["']?application/(?:ld\+)?json""", attributes, re.I)
        if not is_data and (content.strip() or "src" not in attributes):
            found.append(f"<script{attributes}>{content.strip()[:60]}")
    for tag in TAG.findall(html):
        for pattern in (STYLE_ATTRIBUTE, HANDLER_ATTRIBUTE, HX_ON, JAVASCRIPT_URL):
            if pattern.search(tag):
                found.append(tag[:120])
    return found


def test_the_scanner_finds_each_kind_of_inline_code():
    """The scanner itself: each forbidden form is caught, the allowed ones are not."""
    assert inline_code('<div style="width: 5%">') == ['<div style="width: 5%">']
    assert inline_code("<style>.a{}</style>") == ["<style>"]
    assert inline_code("<script>alert(1)</script>") == ["<script>alert(1)"]
    assert inline_code('<button onclick="go()">') == ['<button onclick="go()">']
    assert inline_code('<form hx-on::after-request="x()">') != []
    assert inline_code('<a href="javascript:void(0)">') != []
    assert inline_code('<script src="/static/a.js" defer></script>') == []
    assert inline_code('<script id="d" type="application/json">{"a": 1}</script>') == []
    assert inline_code('<div class="once" data-one="1">{# style="x" #}</div>') == []


def _shipped_templates() -> list[Path]:
    return sorted(path for path in (ROOT / "templates").rglob("*") if path.is_file())


def test_no_template_we_ship_has_inline_script_or_style():
    """templates/ holds our templates and our overrides of the admin's, django-celery-beat's
    and simple-history's; an inline style, a <style>, a script with code, an on…= handler or
    an hx-on in any of them fails here."""
    templates = _shipped_templates()
    assert len(templates) > 50
    assert (ROOT / "templates/admin/djcelery/change_periodictask_form.html") in templates
    assert (ROOT / "templates/simple_history/object_history_list.html") in templates
    found = {
        str(path.relative_to(ROOT)): inline_code(path.read_text(encoding="utf-8"))
        for path in templates
    }
    assert {name: codes for name, codes in found.items() if codes} == {}


def test_no_html_built_in_our_python_code_has_inline_script_or_style():
    """Strings in our apps that look like HTML (format_html, widgets, template tags)."""
    offenders = []
    for app in OUR_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                text = node.value if isinstance(node, ast.Constant) else None
                if isinstance(text, str) and "<" in text and inline_code(text):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_admin_hides_both_action_bars():
    """Django's change list adds an inline <style> when a ModelAdmin sets both actions_on_top
    and actions_on_bottom to False; none of ours (nor the packages') does."""
    hiding = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not model_admin.actions_on_top and not model_admin.actions_on_bottom
    ]
    assert hiding == []


def test_htmx_is_told_not_to_inject_its_indicator_style_nor_to_evaluate_code(client_a):
    page = client_a.get("/").content.decode()

    config = re.search(r"""<meta name="htmx-config" content='([^']*)'>""", page)
    assert config is not None
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)
    css = (ROOT / "static/css/app.css").read_text()
    assert ".htmx-indicator" in css and ".htmx-request .htmx-indicator" in css


# --- The header ------------------------------------------------------------------------------


def assert_strict(directives: dict[str, list[str]]) -> None:
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert sorted(directives["img-src"]) == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for name, values in directives.items():
        assert not set(values) & set(UNSAFE), (name, values)


def test_the_login_page_of_an_anonymous_user_carries_the_strict_policy(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert_strict(policy_of(response))


def test_pages_of_a_signed_in_officer_carry_the_strict_policy(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a)

    for url in ["/", "/victims/", f"/victims/cases/{case.pk}/", "/victims/new/", "/reports/"]:
        response = client_a.get(url)
        assert response.status_code == 200, url
        assert_strict(policy_of(response))


def test_error_pages_carry_the_policy_too(client_a):
    response = client_a.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert_strict(policy_of(response))


def test_the_admin_site_carries_the_same_policy(supervisor_client):
    for url in ["/admin/", "/admin/victims/case/", "/admin/victims/case/add/"]:
        response = supervisor_client.get(url)
        assert response.status_code == 200, url
        assert_strict(policy_of(response))


def test_report_only_mode_is_chosen_by_the_environment(tmp_path):
    """CSP_REPORT_ONLY=true: the same directives, under the report-only setting only."""
    script = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(hasattr(s, 'CONTENT_SECURITY_POLICY'));"
        "print(s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['script-src'])"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings",
        "CSP_REPORT_ONLY": "true",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["False", "[\"'self'\"]"]


def test_in_report_only_mode_the_policy_goes_under_the_report_only_header(client, settings):
    directives = settings.CONTENT_SECURITY_POLICY
    del settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = directives

    response = client.get("/accounts/login/")

    assert "Content-Security-Policy" not in response
    assert_strict(policy_of(response, "Content-Security-Policy-Report-Only"))


# --- Rendered pages: widgets, crispy forms and the admin render no inline code ----------------


def test_rendered_pages_of_the_application_have_no_inline_code(
    client_a, provincial_client, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a)
    officer_pages = [
        "/",
        "/victims/",
        "/victims/new/",
        f"/victims/cases/{case.pk}/",
        f"/victims/cases/{case.pk}/edit/",
        f"/victims/people/{case.victim_id}/",
        f"/victims/people/{case.victim_id}/edit/",
        "/victims/import/",
        "/verification/",
        "/support/",
        "/support/supports/",
        "/support/supports/totals/",
        "/support/referrals/",
        "/support/followups/",
        "/support/applications/",
        f"/support/cases/{case.pk}/supports/new/",
        f"/support/cases/{case.pk}/referrals/new/",
        "/prevention/",
        "/prevention/directives/",
        "/prevention/totals/",
        "/reports/",
        "/accounts/notifications/",
        "/accounts/password/",
        "/units/picker/?name=permanent_unit&form_prefix=victim&label=x",
    ]
    staff_pages = ["/support/providers/", "/support/providers/new/", "/prevention/activities/new/"]
    found = {}
    for client, urls in ((client_a, officer_pages), (provincial_client, staff_pages)):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found[url] = inline_code(response.content.decode())
    assert {url: codes for url, codes in found.items() if codes} == {}


def test_the_login_page_has_no_inline_code(client):
    assert inline_code(client.get("/accounts/login/").content.decode()) == []


def _admin_urls(model, obj) -> list[str]:
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{prefix}_changelist")]
    with contextlib.suppress(NoReverseMatch):
        urls.append(reverse(f"{prefix}_add"))
    if obj is not None:
        urls.append(reverse(f"{prefix}_change", args=[obj.pk]))
        urls.append(reverse(f"{prefix}_history", args=[obj.pk]))
    return urls


def test_every_admin_page_renders_no_inline_code(supervisor_client, officer_a, units, make_case):
    """For every registered model: its change list, add form, and (when one exists) an object's
    change form and history (simple-history's where the model has it)."""
    make_case(officer_a, units.district_a)
    found, visited = {}, 0
    for url in ["/admin/", "/admin/victims/"]:
        found[url] = inline_code(supervisor_client.get(url).content.decode())
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        for url in _admin_urls(model, obj):
            response = supervisor_client.get(url)
            if response.status_code != 200:
                assert response.status_code in (302, 403), (url, response.status_code)
                continue
            visited += 1
            found[url] = inline_code(response.content.decode())
    assert visited > 40
    assert {url: codes for url, codes in found.items() if codes} == {}


def test_the_periodic_task_form_passes_its_data_as_json_not_as_code(
    supervisor_client, thanh_hoa_served
):
    # The schedule is shared by the installation: its supervisor (here, of the one province
    # served) may add a task (issue 18).
    response = supervisor_client.get("/admin/django_celery_beat/periodictask/add/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="readable-crontabs" type="application/json"' in page
    assert "js/periodic_task_form" in page
    assert inline_code(page) == []
