"""Security headers, cookies and the deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_pages_of_a_signed_in_user_are_never_stored(client_a, officer_a, units, make_case):
    case = make_case(officer_a, units.district_a)

    for url in ["/", "/victims/", f"/victims/cases/{case.pk}/", "/support/", "/reports/"]:
        response = client_a.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_pages_forbid_framing_and_sniffing(client_a):
    response = client_a.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# Production refuses to start without the field encryption keys (tests/security/
# test_field_encryption.py); these are throwaway keys.
PRODUCTION_FIELD_KEYS = {
    "FIELD_ENCRYPTION_KEYS": "mXcWZqk2s1Qo9Jb4l7oTt0pS5cQnRr2GmKkq3fLr0aE=",
    "FIELD_HASH_KEY": "h" * 40,
}


def test_the_deployment_checklist_passes_with_production_settings(tmp_path):
    """`manage.py check --deploy --fail-level WARNING` with the settings of a real installation
    (HTTPS behind a proxy, a real secret key, no debug)."""
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECURE_COOKIES": "true",
        "BEHIND_HTTPS_PROXY": "true",
        "SECRET_KEY": "x" * 20 + "9Zq#v!Lp2$Wd7&Kc4^Rt6*Hn8(Mb1)Jy3_Gf5+Ds0-Ax",
        "ALLOWED_HOSTS": "nannhan.thanhhoa.gov.vn",
        "VAR_DIR": str(tmp_path),
        **PRODUCTION_FIELD_KEYS,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_are_host_bound_and_secure(tmp_path):
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECURE_COOKIES": "true",
        "SECRET_KEY": "k" * 60,
        "VAR_DIR": str(tmp_path),
        **PRODUCTION_FIELD_KEYS,
    }
    script = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "trafficking_cases.settings"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["__Host-sessionid", "True", "True", "Lax", "True"]
