"""The main pages under the real Content-Security-Policy, in Chromium: no `securitypolicyviolation`
event fires and the browser logs no CSP refusal — the dashboard's charts draw, the unit picker's
htmx swap works, the admin (Django's, django-celery-beat's, simple-history's) runs its scripts."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule
from playwright.sync_api import expect

from accounts.two_factor import current_code
from reports import services as report_services
from reports.periods import period_for
from tests.conftest import needs_two_factor, two_factor_device
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every violation of the document is kept in the page (the listener is installed before any
# script of the page runs), and read after each page has settled.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
    (event.sourceFile || "") + ":" + (event.lineNumber || "") + " " + (event.sample || "")
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation collected: the events of each document and the
    refusals Chromium writes to the console."""
    page.add_init_script(LISTEN)
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    page.csp_console = console
    return page


def assert_no_violation(page, where: str) -> None:
    page.wait_for_load_state("networkidle")
    events = page.evaluate("window.__cspViolations || []")
    assert events == [], (where, events)
    assert page.csp_console == [], (where, page.csp_console)


def log_in(page, base, user) -> None:
    device = two_factor_device(user) if needs_two_factor(user) else None
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    assert_no_violation(page, "login")
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("form:has(#id_username) button[type=submit]")
    if device is not None:
        # The code page runs under the policy too.
        expect(page.locator("h1")).to_have_text("Xác thực hai bước")
        assert_no_violation(page, "two-factor")
        page.fill("#id_token", current_code(device))
        page.click("[data-testid=verify]")
    page.wait_for_url(f"{base}/")


def test_the_main_pages_run_under_the_policy_without_a_violation(
    live_server, watched, officer_a, supervisor, units, make_case
):
    page, base = watched, live_server.url
    today = timezone.localdate()
    case = make_case(officer_a, units.district_a, received=today)
    make_case(
        officer_a,
        units.district_a,
        full_name="Lò Thị Mai",
        received=today - datetime.timedelta(days=1),
        destination="KH",
    )
    crontab = CrontabSchedule.objects.create(minute="0", hour="6")
    # A legacy district reports the days before 1 July 2025 (a later period is refused).
    report_services.report_request(
        actor=officer_a, period=period_for("six_month", 2025), unit=units.district_a
    )

    log_in(page, base, officer_a)
    # The dashboard: Chart.js draws every chart that has data (its canvas styles are set
    # through the CSSOM, which the policy allows).
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".filter(c => window.Chart && Chart.getChart(c)).length"
    )
    assert drawn >= 3
    assert page.locator("canvas[data-chart]").count() == drawn
    assert_no_violation(page, "home")

    page.goto(f"{base}/victims/")
    expect(page.locator("[data-testid=case-table]")).to_contain_text(case.code)
    assert_no_violation(page, "case list")

    page.goto(f"{base}/victims/cases/{case.pk}/")
    expect(page.locator("h1")).to_contain_text(case.code)
    # Bootstrap's dropdown (Popper positions it through the CSSOM).
    page.click("#user-menu")
    expect(page.locator("[data-testid=logout]")).to_be_visible()
    assert_no_violation(page, "case detail")

    # The case form: the unit picker swaps its fields through htmx.
    page.goto(f"{base}/victims/new/")
    page.select_option("#id_victim-permanent_province", label="Thanh Hóa")
    expect(
        page.locator("#id_victim-permanent_district option", has_text="Thạch Thành")
    ).to_have_count(1, timeout=20_000)
    page.select_option("#id_victim-permanent_district", label="Huyện Thạch Thành (cũ)")
    expect(page.locator("#id_victim-permanent_commune option", has_text="Thạch Lâm")).to_have_count(
        1, timeout=20_000
    )
    assert_no_violation(page, "case form with the unit picker")

    # The reports page: a queued run shows its progress and is polled by htmx.
    page.goto(f"{base}/reports/")
    expect(page.locator("progress[data-testid=report-progress]")).to_be_visible()
    page.wait_for_timeout(1500)  # at least one htmx poll of the run's row
    # The scope picker: a tree built by the app's own script.
    expect(page.locator("[data-testid=scope-tree] [role=treeitem]").first).to_be_visible()
    assert_no_violation(page, "reports")

    log_in(page, base, supervisor)
    admin_pages = [
        ("/admin/", "#content"),
        ("/admin/victims/case/", "#changelist"),
        (f"/admin/victims/case/{case.pk}/change/", "#case_form"),
        (f"/admin/victims/case/{case.pk}/history/", "#change-history"),
        ("/admin/django_celery_beat/periodictask/add/", "#periodictask_form"),
    ]
    for path, landmark in admin_pages:
        page.goto(f"{base}{path}")
        expect(page.locator(landmark)).to_be_visible()
        assert_no_violation(page, path)

    # django-celery-beat's form script, moved to static/js: the schedule in words.
    page.goto(f"{base}/admin/django_celery_beat/periodictask/add/")
    expect(page.locator(".field-crontab_translation")).to_be_hidden()
    page.select_option("#id_crontab", str(crontab.pk))
    expect(page.locator(".field-crontab .help")).to_contain_text("Diễn giải:")
    assert_no_violation(page, "periodic task form script")

    # The admin's scripts run: select2 on an autocomplete field opens its search box.
    page.goto(f"{base}/admin/victims/case/{case.pk}/change/")
    page.click("#case_form .field-managing_unit .select2-selection")
    expect(page.locator(".select2-search__field")).to_be_visible()
    assert_no_violation(page, "admin autocomplete")


def test_a_violation_would_be_seen(live_server, watched, officer_a, units):
    """The watch itself: an inline style added to a page is refused and reported."""
    page, base = watched, live_server.url
    log_in(page, base, officer_a)

    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">x</div>')"
    )
    page.wait_for_timeout(300)

    events = page.evaluate("window.__cspViolations")
    assert any("style-src" in event for event in events), events
