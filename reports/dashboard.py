"""The home page's figures, scoped to the user: this year against last year (same days), and the
series the charts draw. The figures a report also has are computed by the report's own indicator
code (`reports.indicators`), for the user's area and the days shown, so that the dashboard and a
report of the same area and days agree. Small counts in an area below the province are shown as
"<k" on every card.

Only the figures the page shows are computed (`DASHBOARD_FIGURES`), and they are kept in the cache
(`cached`) under the user's scope, the days and the data version: any write to the records they
count (`data_changed`, connected in `ReportsConfig.ready()`) starts a new version. The version
lives in the cache: with several processes, CACHE_URL must name a shared cache (Redis), as it
must for the ID-number check's limit."""

import contextlib
import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractMonth

from accounts.access import scope_for, sees_everything
from core.replica import reading_database
from locations.collation import vi_order
from locations.models import AdministrativeUnit
from reports.indicators import Figures, Scope, reception_figures, support_figures
from reports.periods import Period
from verification.models import DossierStatus, VerificationDossier
from victims.choices import CaseStatus
from victims.models import Case


def suppresses(user) -> bool:
    """Whether this user's figures are those of an area below the province."""
    if sees_everything(user) or user.jurisdiction_id is None:
        return False
    return user.jurisdiction.level != AdministrativeUnit.Level.PROVINCE


def shown(value: int, *, suppress: bool):
    """A count as shown: below the threshold and in a small area, "<k" (zero stays zero: it
    points at nobody)."""
    k = settings.SMALL_COUNT_THRESHOLD
    if suppress and 0 < value < k:
        return f"<{k}"
    return value


def areas(user) -> list:
    """The units whose reports cover what `user` sees: their jurisdiction; for a user with the
    whole installation, the provinces it serves (every province when it names none)."""
    if user.jurisdiction_id is not None and not sees_everything(user):
        return [user.jurisdiction]
    if not sees_everything(user):
        return []
    from accounts.models import Organisation

    served = list(Organisation.current().served_provinces.all())
    return served or list(AdministrativeUnit.objects.provinces())


# The report's figures the page shows (the key numbers and the charts' tables).
DASHBOARD_FIGURES = frozenset(
    {
        "received_total",
        "identified_total",
        "supports_provided_people",
        "supports_provided_amount_vnd",
        "received_by_destination",
        "received_by_exploitation",
        "supports_by_type",
    }
)


def figures(user, start: datetime.date, end: datetime.date, *, only=None) -> Figures:
    """The report's reception and support figures (`indicators.reception_figures`,
    `support_figures`) of the user's area from `start` to `end`: exactly what a report of that
    area and those days says (with `only`, just the figures it names). Several provinces (a user
    with the whole installation) are added up."""
    total = Figures()
    for unit in areas(user):
        scope, part = Scope(unit, Period("custom", start, end)), Figures()
        reception_figures(scope, part, only=only)
        support_figures(scope, part, only=only)
        _add(total, part)
    return total


# Writes to the records of these apps change what the dashboard counts.
COUNTED_APPS = frozenset({"victims", "verification", "support_services", "locations"})
VERSION_KEY = "dashboard:data-version"
CACHE_SECONDS = 300


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new cache (or an evicted key): a version no figure kept so far was stored under.
        version = int(datetime.datetime.now().timestamp() * 1000)
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def data_changed(sender, **kwargs) -> None:
    """A signal receiver: a record the dashboard counts was saved or deleted (or a case's
    exploitation forms changed), so every figure kept is stale."""
    if sender._meta.app_label not in COUNTED_APPS:
        return
    with contextlib.suppress(ValueError):  # no version yet: the next read starts one
        cache.incr(VERSION_KEY)


def scope_key(user) -> str:
    """What the user's figures depend on: their role, jurisdiction and the areas counted —
    two users share kept figures only when they see exactly the same records."""
    units = ",".join(str(unit.pk) for unit in areas(user))
    everything = "all" if sees_everything(user) else "own"
    return f"{user.role}:{int(user.is_superuser)}:{everything}:{user.jurisdiction_id}:{units}"


def cached(user, name: str, today: datetime.date, compute):
    """`compute()` kept for this user's scope, day, language, database read (the replica's
    figures are never served as the primary's) and data version."""
    from django.utils.translation import get_language

    key = ":".join(
        [
            f"dashboard:{name}:{scope_key(user)}:{today:%Y%m%d}:{get_language()}",
            f"{reading_database()}:{data_version()}",
        ]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _add(total: Figures, part: Figures) -> None:
    for key, value in part.scalars.items():
        total.scalars[key] = total.scalars.get(key, 0) + value
    for key, rows in part.tables.items():
        merged = {
            row_key: [row_key, label, dict(values)]
            for row_key, label, values in total.tables.get(key, [])
        }
        for row_key, label, values in rows:
            if row_key in merged:
                kept = merged[row_key][2]
                for column, value in values.items():
                    kept[column] = kept.get(column, 0) + value
            else:
                merged[row_key] = [row_key, label, dict(values)]
        total.tables[key] = [tuple(row) for row in merged.values()]


def case_counts(user) -> dict:
    """The "Vụ việc trên địa bàn" cards: the cases of the user's area by status, and in all,
    small counts hidden as on every card (kept in the cache as the figures are)."""
    return cached(user, "case-counts", datetime.date.today(), lambda: _case_counts(user))


def _case_counts(user) -> dict:
    suppress = suppresses(user)
    by_status = dict(
        scope_for(user, Case.objects.all()).values_list("status").annotate(count=Count("pk"))
    )
    return {
        "total": shown(sum(by_status.values()), suppress=suppress),
        "by_status": [
            (status.label, shown(by_status.get(status.value, 0), suppress=suppress), status.value)
            for status in CaseStatus
        ],
    }


def _year_to_date(today: datetime.date, years_back: int) -> tuple[datetime.date, datetime.date]:
    year = today.year - years_back
    end = (
        today.replace(year=year)
        if not (today.month == 2 and today.day == 29)
        else (datetime.date(year, 2, 28))
    )
    return datetime.date(year, 1, 1), end


# The key numbers: the dashboard's name of each, and the indicator of the report it shows.
KEY_INDICATORS = {
    "received": "received_total",
    "identified": "identified_total",
    "supported": "supports_provided_people",
    "amount": "supports_provided_amount_vnd",
}
KEY_LABELS = list(KEY_INDICATORS)


def dashboard(user, today: datetime.date) -> dict:
    """The page's figures, kept in the cache (`cached`)."""
    return cached(user, "figures", today, lambda: dashboard_figures(user, today))


def dashboard_figures(user, today: datetime.date) -> dict:
    suppress = suppresses(user)
    now = figures(user, *_year_to_date(today, 0), only=DASHBOARD_FIGURES)
    before = figures(user, *_year_to_date(today, 1), only=DASHBOARD_FIGURES)
    cases = scope_for(user, Case.objects.all())
    per_month = {
        year: dict(
            cases.filter(received_on__year=year)
            .annotate(month=ExtractMonth("received_on"))
            .values_list("month")
            .annotate(n=Count("victim", distinct=True))
        )
        for year in (today.year, today.year - 1)
    }

    # This year's breakdowns are the report's tables of the same days.
    def largest_first(key, column="value", named_only=False):
        rows = [
            (label, values[column])
            for row_key, label, values in now.tables.get(key, [])
            if row_key or not named_only
        ]
        return sorted(rows, key=lambda row: -row[1])  # stable: ties keep the table's order

    by_destination = largest_first("received_by_destination")[:8]
    by_form = largest_first("received_by_exploitation", named_only=True)
    supports = largest_first("supports_by_type", column="count")
    overdue = list(
        scope_for(
            user,
            VerificationDossier.objects.filter(
                status__in=[DossierStatus.SUBMITTED, DossierStatus.SENT], due_date__lt=today
            ),
        )
        .values_list("case__managing_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", vi_order("case__managing_unit__name"))
    )

    def series(rows):
        return [
            {"label": str(label or "—"), "value": shown(n, suppress=suppress)} for label, n in rows
        ]

    return {
        "suppressed": suppress,
        "threshold": settings.SMALL_COUNT_THRESHOLD,
        "key_numbers": [
            {
                "key": key,
                "indicator": indicator,
                "value": shown(
                    now.scalars.get(indicator, 0), suppress=suppress and key != "amount"
                ),
                "previous": shown(
                    before.scalars.get(indicator, 0), suppress=suppress and key != "amount"
                ),
                "raw": now.scalars.get(indicator, 0),
                "raw_previous": before.scalars.get(indicator, 0),
            }
            for key, indicator in KEY_INDICATORS.items()
        ],
        "charts": {
            "per_month": {
                str(year): [
                    shown(months.get(month, 0), suppress=suppress) for month in range(1, 13)
                ]
                for year, months in per_month.items()
            },
            "by_destination": series(by_destination),
            "by_form": series(by_form),
            "supports_by_type": series(supports),
            "overdue_by_unit": series(overdue),
        },
    }
