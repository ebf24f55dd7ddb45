"""The home page's figures, scoped to the user: this year against last year (same days), and the
series the charts draw. Small counts in an area below the province are shown as "<k"."""

import datetime

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django_countries import countries

from accounts.access import scope_for, sees_everything
from locations.models import AdministrativeUnit
from support_services.models import SupportRecord, SupportStatus
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


def _year_to_date(today: datetime.date, years_back: int) -> tuple[datetime.date, datetime.date]:
    year = today.year - years_back
    end = (
        today.replace(year=year)
        if not (today.month == 2 and today.day == 29)
        else (datetime.date(year, 2, 28))
    )
    return datetime.date(year, 1, 1), end


def _key_numbers(user, start, end) -> dict:
    cases = scope_for(user, Case.objects.all()).received_between(start, end)
    figures = cases.aggregate(
        received=Count("victim", distinct=True),
        identified=Count("victim", filter=Q(status=CaseStatus.IDENTIFIED), distinct=True),
    )
    provided = scope_for(user, SupportRecord.objects.all()).filter(
        status=SupportStatus.PROVIDED, provided_on__range=(start, end)
    )
    figures.update(
        provided.aggregate(supported=Count("case__victim", distinct=True), amount=Sum("amount"))
    )
    figures["amount"] = figures["amount"] or 0
    return figures


KEY_LABELS = ["received", "identified", "supported", "amount"]


def dashboard(user, today: datetime.date) -> dict:
    suppress = suppresses(user)
    this_start, this_end = _year_to_date(today, 0)
    last_start, last_end = _year_to_date(today, 1)
    now, before = _key_numbers(user, this_start, this_end), _key_numbers(user, last_start, last_end)
    cases = scope_for(user, Case.objects.all())
    per_month = {
        year: dict(
            cases.filter(reception__received_on__year=year)
            .annotate(month=ExtractMonth("reception__received_on"))
            .values_list("month")
            .annotate(n=Count("victim", distinct=True))
        )
        for year in (today.year, today.year - 1)
    }
    this_year = cases.filter(reception__received_on__year=today.year)
    by_destination = list(
        this_year.values_list("destination_country")
        .annotate(n=Count("victim", distinct=True))
        .order_by("-n")[:8]
    )
    by_form = list(
        this_year.exclude(exploitation_forms=None)
        .values_list("exploitation_forms__name")
        .annotate(n=Count("victim", distinct=True))
        .order_by("-n")
    )
    supports = list(
        scope_for(user, SupportRecord.objects.all())
        .filter(status=SupportStatus.PROVIDED, provided_on__year=today.year)
        .values_list("support_type__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    overdue = list(
        scope_for(
            user,
            VerificationDossier.objects.filter(
                status__in=[DossierStatus.SUBMITTED, DossierStatus.SENT], due_date__lt=today
            ),
        )
        .values_list("case__managing_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "case__managing_unit__name")
    )

    def series(rows, label=lambda value: value):
        return [
            {"label": str(label(key) or "—"), "value": shown(n, suppress=suppress)}
            for key, n in rows
        ]

    return {
        "suppressed": suppress,
        "threshold": settings.SMALL_COUNT_THRESHOLD,
        "key_numbers": [
            {
                "key": key,
                "value": shown(now[key], suppress=suppress and key != "amount"),
                "previous": shown(before[key], suppress=suppress and key != "amount"),
                "raw": now[key],
            }
            for key in KEY_LABELS
        ],
        "charts": {
            "per_month": {
                str(year): [
                    shown(months.get(month, 0), suppress=suppress) for month in range(1, 13)
                ]
                for year, months in per_month.items()
            },
            "by_destination": series(by_destination, lambda code: countries.name(code) or code),
            "by_form": series(by_form),
            "supports_by_type": series(supports),
            "overdue_by_unit": series(overdue),
        },
    }
