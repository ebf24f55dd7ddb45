"""Settings, read from the environment (django-environ).

Every variable is listed in `.env.example`. The defaults run the demo on one machine with no
server: SQLite under `var/` and Kombu's filesystem transport as the Celery broker.
`DATABASE_URL` and `CELERY_BROKER_URL` switch to PostgreSQL and Redis.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import pgettext_lazy

from core.crypto import (
    check_encryption_keys,
    check_hash_key,
    ensure_key_file,
    new_fernet_key,
    new_hash_key,
)
from trafficking_cases.env_checks import database_from_url, ensure_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Relative paths in settings are relative to the project folder, wherever the command runs.
VAR_DIR = BASE_DIR / env.str("VAR_DIR", default="var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or ensure_secret_key(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps come first so that their templates and translations override Django's.
    "trafficking_cases",
    "locations",
    "accounts",
    "core",
    "victims",
    "verification",
    "support_services",
    "prevention",
    "reports",
    "operations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_countries",
    "django_filters",
    "django_celery_beat",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A request id for the logs (and the X-Request-ID header), with the user id.
    "operations.logs.RequestIdMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    # Records every refused access (404/403 raised by a view) in the access log.
    "accounts.audit.AccessLogMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Vietnamese "locked" page.
    "axes.middleware.AxesMiddleware",
]

# Login lockout (django-axes, accounts/lockout.py): LOGIN_FAILURE_LIMIT failures lock a username
# *from one address*, so that one office behind one address is not locked out as a whole; and
# LOGIN_USERNAME_FAILURE_LIMIT failures from all addresses together lock the username everywhere,
# so that guessing spread over many addresses is slowed too. The locks lift after the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
LOGIN_USERNAME_FAILURE_LIMIT = env.int("LOGIN_USERNAME_FAILURE_LIMIT", default=20)
if LOGIN_USERNAME_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LOGIN_USERNAME_FAILURE_LIMIT must be larger than LOGIN_FAILURE_LIMIT (per address)."
    )
AXES_HANDLER = "accounts.lockout.LockoutHandler"
# In this order: the handler compares the first count with AXES_FAILURE_LIMIT, the second with
# LOGIN_USERNAME_FAILURE_LIMIT.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

ROOT_URLCONF = "trafficking_cases.urls"
WSGI_APPLICATION = "trafficking_cases.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.organisation",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
DATABASES = {
    "default": database_from_url(
        env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env.int("DB_CONN_MAX_AGE", default=60),
        base_dir=BASE_DIR,
    )
}
# DATABASE_REPLICA_URL: a read replica of the same PostgreSQL (streaming replication). The report's
# indicators and the dashboard's figures read there (core/replica.py); everything else, and every
# write, uses "default". Unset: one database.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = database_from_url(
        env.str("DATABASE_REPLICA_URL"),
        conn_max_age=env.int("DB_CONN_MAX_AGE", default=60),
        base_dir=BASE_DIR,
    )
    # Tests read the replica's data through "default" (Django's documented setting for replicas).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: counters shared by every process (the ID-number check's limit) ---------------------
# CACHE_URL: Redis in production (e.g. redis://127.0.0.1:6379/2), so that every gunicorn worker
# counts together; the demo's default is each process's memory.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Accounts and sessions -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Idle expiry is enforced by accounts.middleware.SessionTimeoutMiddleware; the cookie itself
# never outlives the absolute limit.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_ABSOLUTE_TIMEOUT_HOURS = env.int("SESSION_ABSOLUTE_TIMEOUT_HOURS", default=12)
if SESSION_IDLE_TIMEOUT_MINUTES <= 0 or not 0 < SESSION_ABSOLUTE_TIMEOUT_HOURS <= 12:
    raise ImproperlyConfigured(
        "SESSION_IDLE_TIMEOUT_MINUTES must be positive and "
        "SESSION_ABSOLUTE_TIMEOUT_HOURS between 1 and 12."
    )
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_HTTPS_PROXY = env.bool("BEHIND_HTTPS_PROXY", default=False)
# The client's address, for the login lockout and the access log alike
# (accounts.audit.client_address): REMOTE_ADDR unless TRUSTED_PROXY_COUNT reverse proxies, each
# appending the address it received from to X-Forwarded-For, stand in front of the application;
# then the address the outermost one appended, counted from the end. 0 (the default) trusts no
# X-Forwarded-For at all: a header the client sent would otherwise choose its address and reset
# the lockout's count. (django-ipware, which the AXES_IPWARE_* settings configure, is not
# installed; this callable replaces it.)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if not 0 <= TRUSTED_PROXY_COUNT <= 5:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be between 0 and 5.")
AXES_CLIENT_IP_CALLABLE = "accounts.audit.client_address"
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if SECURE_COOKIES:
    # Served over HTTPS only: cookies bound to this host (the __Host- prefix forbids a Domain
    # and requires Secure and Path=/), browsers told to use HTTPS, plain HTTP redirected.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)

# --- Personal data: encrypted at rest, out of URLs and logs (core/crypto.py) -------
# ID numbers and phones of people are stored as Fernet tokens. FIELD_ENCRYPTION_KEYS: Fernet keys,
# comma-separated, the first encrypts and all decrypt (rotation: put a new key first, run
# `manage.py rotate_field_keys`, then drop the old one). FIELD_HASH_KEY keys the HMAC used to
# find an ID number again and keep it unique. Both are independent of SECRET_KEY. Without them
# the demo makes key files under VAR_DIR; in production (SECURE_COOKIES on) they must come from
# the environment: a key file made silently on one server would leave rows another server (or a
# restored backup) cannot read, and a key beside the database is no protection of a copy of it.
_encryption_keys = env.list("FIELD_ENCRYPTION_KEYS", default=[])
_hash_key = env.str("FIELD_HASH_KEY", default="")
if SECURE_COOKIES and not (_encryption_keys and _hash_key):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set in production (SECURE_COOKIES on)."
    )
FIELD_ENCRYPTION_KEYS = check_encryption_keys(
    _encryption_keys or [ensure_key_file(VAR_DIR / "field_encryption_key", make=new_fernet_key)]
)
FIELD_HASH_KEY = check_hash_key(
    _hash_key or ensure_key_file(VAR_DIR / "field_hash_key", make=new_hash_key)
)
# Every digest of personal data is an HMAC with FIELD_HASH_KEY (core/digests.py lists them;
# `rotate_field_keys` recomputes them after a change). The access log cannot be rewritten: the
# previous hash keys, listed here after a change, only let the admin find earlier searches.
FIELD_HASH_KEY_FALLBACKS = [
    check_hash_key(key) for key in env.list("FIELD_HASH_KEY_FALLBACKS", default=[])
]
# The ID-number check (victims/id_checks.py, issue 18 finding 7): an officer learns that a number
# is registered in another area ("a foreign hit", logged) at most ID_CHECK_FOREIGN_LIMIT times per
# ID_CHECK_WINDOW_MINUTES; at ID_CHECK_ALERT_AT hits the supervisors of the area are notified once.
ID_CHECK_FOREIGN_LIMIT = env.int("ID_CHECK_FOREIGN_LIMIT", default=10)
ID_CHECK_ALERT_AT = env.int("ID_CHECK_ALERT_AT", default=3)
ID_CHECK_WINDOW_MINUTES = env.int("ID_CHECK_WINDOW_MINUTES", default=60)
if not 1 <= ID_CHECK_ALERT_AT <= ID_CHECK_FOREIGN_LIMIT or ID_CHECK_WINDOW_MINUTES < 1:
    raise ImproperlyConfigured(
        "ID_CHECK_ALERT_AT must be between 1 and ID_CHECK_FOREIGN_LIMIT; "
        "ID_CHECK_WINDOW_MINUTES at least 1."
    )
# No name, ID number or phone in a URL: the registry's search is sent by POST and the text kept
# (encrypted) in the session under a random key the URL carries, for this many minutes.
SEARCH_KEY_MINUTES = env.int("SEARCH_KEY_MINUTES", default=60)

# --- Two-factor authentication and sessions per user ------------------------------------------
# Users of these roles must confirm a TOTP code (django-otp) after their password; a user of any
# other role who set up a device uses it too. The admin site needs a verified device for everyone.
TWO_FACTOR_ROLES = env.list("TWO_FACTOR_ROLES", default=["supervisor", "provincial_staff"])
if unknown := set(TWO_FACTOR_ROLES) - {
    "supervisor",
    "provincial_staff",
    "district_officer",
    "viewer",
}:
    raise ImproperlyConfigured(f"TWO_FACTOR_ROLES: unknown roles {sorted(unknown)}.")
# The name authenticator apps show for the account.
OTP_TOTP_ISSUER = env.str("TWO_FACTOR_ISSUER", default="Bảo vệ nạn nhân")
# Wrong codes: each failure doubles the wait before the next try (1 s, 2 s, 4 s…).
OTP_TOTP_THROTTLE_FACTOR = 1
# The demo's devices share this public key (hex; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), so that
# the demo stays usable; `manage.py demo_otp_code` prints their code and nothing else's.
DEMO_OTP_KEY = "3132333435363738393031323334353637383930"
# Database sessions that know their user (an indexed column), so that "log out everywhere" deletes
# a user's sessions with one query.
SESSION_ENGINE = "accounts.sessions"

# --- Internationalisation: Vietnamese first, English second ------------------------------------
LANGUAGE_CODE = "vi"
# Each language is named in itself, whatever the current language.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# django-countries' Vietnamese catalogue names two countries alike three times (Iceland and Ireland
# "Ai-len", Austria and Jersey "Áo", Niger and Nigeria "Nigeria"); these names win, in both
# languages (tests/victims/test_country_names.py).
COUNTRIES_OVERRIDE = {
    # A context of ours, so that django-countries' own wrong Vietnamese entry for the same English
    # word ("Jersey" → "Áo") is not picked up.
    "IS": pgettext_lazy("country", "Ai-xơ-len"),
    "JE": pgettext_lazy("country", "Jersey"),
    "NE": pgettext_lazy("country", "Niger"),
}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# dd/mm/yyyy and Vietnamese digit grouping in every language (core/formats/).
FORMAT_MODULE_PATH = ["core.formats"]
# Not for every integer (years, codes): counts and amounts use the `number` and `vnd` filters.
USE_THOUSAND_SEPARATOR = False

# --- Static files: served by the app itself (whitenoise), never from a CDN ----------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico); nothing else lives there.
WHITENOISE_ROOT = BASE_DIR / "webroot"
MEDIA_ROOT = BASE_DIR / env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Attachments: the types accepted (judged by content: pdf, jpeg, png) and the size limit.
UPLOAD_FILE_TYPES = env.list("UPLOAD_FILE_TYPES", default=["pdf", "jpeg", "png"])
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
# Counts below this, in an area below the province, are shown as "<k" on the dashboard and in the
# tables viewers export, so that a small number does not point at a person.
SMALL_COUNT_THRESHOLD = env.int("SMALL_COUNT_THRESHOLD", default=5)
# Lists count their rows exactly up to this many; beyond, the database planner's estimate is
# shown ("Khoảng N kết quả") and pages are read from either end (core/lists.py, issue 17).
LIST_EXACT_COUNT_UP_TO = env.int("LIST_EXACT_COUNT_UP_TO", default=10_000)
# k of the partner export's k-anonymity (reports.partner_export): every released row shares its
# quasi-identifiers (birth year, sex, nationality, ethnic group, province, year of return,
# destination) with at least k - 1 others. Default 5, as the small-count threshold above; a
# value below 2 would release unique rows and is refused.
PARTNER_EXPORT_K = env.int("PARTNER_EXPORT_K", default=5)
if PARTNER_EXPORT_K < 2:
    raise ImproperlyConfigured("PARTNER_EXPORT_K must be 2 or more.")
# Generated report files are deleted after this many days unless the report is approved.
REPORT_FILE_RETENTION_DAYS = env.int("REPORT_FILE_RETENTION_DAYS", default=90)
if unknown := set(UPLOAD_FILE_TYPES) - {"pdf", "jpeg", "png"}:
    raise ImproperlyConfigured(f"UPLOAD_FILE_TYPES: unknown types {sorted(unknown)}.")
# Uploaded files are encrypted at rest with the field keys (core/storage.py) and readable by the
# owner only; the import's files (names and ID numbers) are deleted after
# IMPORT_FILE_RETENTION_HOURS by a periodic task.
STORAGES = {
    "default": {"BACKEND": "core.storage.EncryptedFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
IMPORT_FILE_RETENTION_HOURS = env.int("IMPORT_FILE_RETENTION_HOURS", default=24)
if IMPORT_FILE_RETENTION_HOURS < 1:
    raise ImproperlyConfigured("IMPORT_FILE_RETENTION_HOURS must be at least 1.")

# --- Content-Security-Policy and uploads (issue 8) -------------------------------------------
# Uploaded files live outside everything served: no URL maps MEDIA_URL and whitenoise serves
# STATIC_ROOT only; an upload leaves only through accounts.access.file_download (an attachment,
# after the access check). Refuse a media root inside a static folder, which would serve it.
for _static in [STATIC_ROOT, WHITENOISE_ROOT, *STATICFILES_DIRS]:
    if Path(MEDIA_ROOT).resolve().is_relative_to(Path(_static).resolve()):
        raise ImproperlyConfigured("MEDIA_ROOT must not be inside a folder of static files.")
# Content-Security-Policy (django-csp 4).
# Scripts, styles, images, fonts and forms from this site only; no inline script or style (no
# 'unsafe-inline', no 'unsafe-eval'): behaviour lives in static/js, looks in static/css, data
# travels as json_script. data: images for Bootstrap's icons and a two-factor QR code. The admin
# gets the same policy. CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only
# (the browser reports violations in its console but blocks nothing), to try a change safely.
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

# Every form rendered through core.forms.FormRenderer: its selects carry data-searchable, and
# static/js/searchable_select.js makes the long ones searchable (Tom Select, vendored).
FORM_RENDERER = "core.forms.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Retention and anonymisation (issue 8) -------------------------------------------------
# A person is due for anonymisation when every case of theirs has been closed for longer than this
# many years (victims.anonymise). Five years: the legal basis was not found (DOMAIN.md names none;
# a provincial archive schedule may set another period), so it is a setting.
RETENTION_YEARS_AFTER_CLOSURE = env.int("RETENTION_YEARS_AFTER_CLOSURE", default=5)
if RETENTION_YEARS_AFTER_CLOSURE < 1:
    raise ImproperlyConfigured("RETENTION_YEARS_AFTER_CLOSURE must be at least 1.")

# --- The installation ----------------------------------------------------------------------
# Province codes a new installation serves (Thanh Hóa is 38); supervisors change it in the admin.
SERVED_PROVINCES = [code.zfill(2) for code in env.list("SERVED_PROVINCES", default=["38"])]
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="ThanhHoa@2026")
# Reintegration follow-up visits: months after the return date
# (support_services.reintegration.rules).
FOLLOW_UP_MONTHS = env.list("FOLLOW_UP_MONTHS", cast=int, default=[1, 3, 6, 12])
# Working days a service provider has to answer a referral before it shows as overdue.
REFERRAL_RESPONSE_WORKING_DAYS = env.int("REFERRAL_RESPONSE_WORKING_DAYS", default=10)
# The weekly rest days of the working calendar (0 = Monday … 6 = Sunday): Saturday and Sunday for
# state bodies (Decision 188/1999/QĐ-TTg); the days off and make-up Saturdays of each year are
# rows of verification.CalendarDay.
# Which certification date the 12-month application window of re-integration supports counts from
# when the dossier stores both (support_services.supports.rules.identification_date): "reply" (the
# verifying body's written reply; default) or "certificate" (the certifying document's date).
APPLICATION_WINDOW_FROM = env.str("APPLICATION_WINDOW_FROM", default="reply")
if APPLICATION_WINDOW_FROM not in {"reply", "certificate"}:
    raise ImproperlyConfigured("APPLICATION_WINDOW_FROM must be 'reply' or 'certificate'.")
WORKING_CALENDAR_WEEKEND = frozenset(env.list("WORKING_CALENDAR_WEEKEND", cast=int, default=[5, 6]))

# --- Celery --------------------------------------------------------------------------------
# The default broker needs no server: Kombu's filesystem transport under var/.
BROKER_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_RESULT_BACKEND = (
    env.str(
        "CELERY_RESULT_BACKEND",
        default=f"file://{BROKER_DIR / 'results'}" if CELERY_BROKER_URL == "filesystem://" else "",
    )
    or None
)
if CELERY_BROKER_URL == "filesystem://":
    for folder in ("queue", "processed", "results", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "data_folder_processed": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
    }
else:
    # Long tasks must finish (or hit their hard limit) well inside this window.
    # CELERY_VISIBILITY_TIMEOUT: how long before a message a dead worker took is delivered again
    # (seconds; fault tests use a few).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3 * 3600)
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The schedule lives in the database (django-celery-beat), so supervisors edit it in the admin;
# the jobs below are written into it when beat starts.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs, declared in one place.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=30),
    },
    "mark-overdue-dossiers": {
        "task": "verification.tasks.mark_overdue_dossiers",
        "schedule": crontab(hour=6, minute=0),
    },
    "delete-old-report-files": {
        "task": "reports.tasks.delete_old_report_files",
        "schedule": crontab(hour=3, minute=0),
    },
    # November: tell supervisors when next year's days off are not in the calendar yet.
    "remind-next-year-calendar": {
        "task": "verification.tasks.remind_next_year_calendar",
        "schedule": crontab(hour=7, minute=0, day_of_month="1,8,15,22,29", month_of_year="11"),
    },
    "watch-report-runs": {
        "task": "reports.tasks.watch_report_runs",
        "schedule": crontab(minute="*/5"),
    },
    "delete-old-import-files": {
        "task": "victims.tasks.delete_old_import_files",
        "schedule": crontab(minute=15),
    },
}

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
# Notifications are also e-mailed when this is on (and users have addresses).
EMAIL_NOTIFICATIONS = env.bool("EMAIL_NOTIFICATIONS", default=False)
# The address users reach the application at, for links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Access log and exports of personal data (issue 8) -----------------------------------------
# Every view, search, export and download of a person's record, and every refused access, writes
# an accounts.AccessLog row (accounts/audit.py). An export whose rows carry names, ID numbers,
# phones or addresses needs a stated reason of at least this many characters, kept on that row.
EXPORT_REASON_MIN_LENGTH = env.int("EXPORT_REASON_MIN_LENGTH", default=10)
# Passwords that protect an exported workbook (msoffcrypto-tool, agile encryption): minimum length.
EXPORT_PASSWORD_MIN_LENGTH = env.int("EXPORT_PASSWORD_MIN_LENGTH", default=8)

# --- Operations: health endpoint, structured logs, backups (issue 8, items 7 and 8) -----------
# Logs: plain lines (the demo) or JSON lines (production), each with the request id, the user id
# and the Celery task id (operations.logs); never a name, ID number or phone in a message.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "operations.logs.ContextFilter"}},
    "formatters": {
        "plain": {"()": "operations.logs.PlainFormatter"},
        "json": {"()": "operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # SQL with its parameters (names, search keys) is never logged, even with LOG_LEVEL=DEBUG.
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# /health/ (no login): seconds allowed to the broker check, and how old the last worker
# heartbeat (a beat task every minute) may be before the worker counts as down.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=180)
CELERY_BEAT_SCHEDULE["worker-heartbeat"] = {
    "task": "operations.tasks.record_worker_heartbeat",
    "schedule": 60.0,
    # A heartbeat nobody ran within the minute says nothing about later: dropped, not piled up.
    "options": {"expire_seconds": 55},
}
# Load balancers call /health/ over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# `manage.py backup` writes here unless given --output.
BACKUP_DIR = BASE_DIR / env.str("BACKUP_DIR", default=str(VAR_DIR / "backups"))
