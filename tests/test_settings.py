"""Settings from the environment, Vietnamese formats, the 404 page, no external hosts."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with exactly this environment (plus PATH)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings",
        "VAR_DIR": str(BASE_DIR / "var"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- Start-up checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["not-a-url", "mysql://x", "postgres://host:notaport/db", "postgres://host:5432/", "sqlite"],
)
def test_a_malformed_database_url_stops_start_up_naming_the_variable(url):
    result = run_django("pass", DATABASE_URL=url)

    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_a_well_formed_postgres_url_starts(tmp_path):
    result = run_django(
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/trafficking_cases",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "trafficking_cases"


def test_debug_is_off_in_a_clean_environment():
    result = run_django("from django.conf import settings; print(settings.DEBUG)")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_is_on_only_when_set():
    result = run_django("from django.conf import settings; print(settings.DEBUG)", DEBUG="true")

    assert result.stdout.strip() == "True"


def test_the_defaults_need_no_server():
    result = run_django(
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL)"
    )

    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]


def test_an_idle_timeout_of_zero_stops_start_up():
    result = run_django("pass", SESSION_IDLE_TIMEOUT_MINUTES="0")

    assert result.returncode != 0
    assert "SESSION_IDLE_TIMEOUT_MINUTES" in result.stderr


# --- Language, time zone and formats ------------------------------------------------------------


def test_the_default_language_is_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


def test_the_time_zone_is_ho_chi_minh_city_and_aware():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


def test_the_idle_timeout_defaults_to_30_minutes():
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30


def test_passwords_need_12_characters():
    minimum = next(
        validator
        for validator in settings.AUTH_PASSWORD_VALIDATORS
        if validator["NAME"].endswith("MinimumLengthValidator")
    )
    assert minimum["OPTIONS"]["min_length"] == 12


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_renders_as_dd_mm_yyyy(language):
    with translation.override(language):
        assert render("{{ day }}", day=datetime.date(2025, 3, 5)) == "05/03/2025"
        assert (
            render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=datetime.date(2025, 3, 5))
            == "05/03/2025"
        )


def test_a_datetime_renders_in_ho_chi_minh_time():
    moment = datetime.datetime(2025, 3, 5, 1, 30, tzinfo=datetime.UTC)

    with translation.override("vi"):
        assert render("{{ moment }}", moment=moment) == "08:30 05/03/2025"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_vnd_filter_groups_thousands_with_dots(language):
    with translation.override(language):
        assert render("{% load formatting %}{{ amount|vnd }}", amount=1234567) == "1.234.567 ₫"


def test_the_vnd_filter_handles_small_negative_and_missing_amounts():
    source = "{% load formatting %}{{ a|vnd }}|{{ b|vnd }}|{{ c|vnd }}|{{ d|vnd }}"

    assert render(source, a=0, b=999, c=-1500000, d=None) == "0 ₫|999 ₫|-1.500.000 ₫|"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_counts_are_grouped_the_vietnamese_way_with_the_number_filter(language):
    with translation.override(language):
        assert render("{% load formatting %}{{ n|number }}", n=1234567) == "1.234.567"


def test_a_year_is_never_grouped_like_a_number():
    with translation.override("vi"):
        assert render("{{ year }}", year=2024) == "2024"


# --- The 404 page ----------------------------------------------------------------------------


def test_an_unknown_url_gives_the_vietnamese_404(client, db):
    response = client.get("/khong-co-trang-nay/", HTTP_ACCEPT_LANGUAGE="en-US")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_an_unknown_url_gives_the_vietnamese_404_to_a_logged_in_user(client_a):
    response = client_a.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


# --- Nothing from an external host ---------------------------------------------------------------

EXTERNAL = re.compile(r"https?://|//cdn|(?:src|href)=[\"']//")


def our_template_and_static_files():
    templates = sorted((BASE_DIR / "templates").rglob("*.html"))
    ours = [
        path
        for path in sorted((BASE_DIR / "static").rglob("*"))
        if path.suffix in (".css", ".js", ".html") and "vendor" not in path.parts
    ]
    return templates + ours


def test_there_are_templates_to_check():
    assert any(path.name == "base.html" for path in our_template_and_static_files())


def test_no_template_or_static_file_of_ours_points_to_an_external_host():
    offenders = {
        str(path.relative_to(BASE_DIR)): EXTERNAL.findall(path.read_text(encoding="utf-8"))
        for path in our_template_and_static_files()
    }

    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_pages_load_css_and_js_from_the_app_itself(client_a):
    html = client_a.get("/").content.decode() + client_a.get("/khong-co/").content.decode()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert any(link.startswith("/static/") for link in links)
    assert [link for link in links if re.match(r"(https?:)?//", link)] == []
