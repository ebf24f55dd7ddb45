from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from accounts.access import scope_for
from accounts.models import User
from locations.models import AdministrativeUnit
from locations.regimes import regime_on
from verification.models import DossierStatus, VerificationDossier
from victims.choices import CaseStatus
from victims.models import Case


def _overdue_by_unit(user, today):
    """Open dossiers past their due date, counted per managing unit of the user's area."""
    dossiers = scope_for(
        user,
        VerificationDossier.objects.filter(
            status__in=[DossierStatus.SUBMITTED, DossierStatus.SENT], due_date__lt=today
        ),
    )
    return list(
        dossiers.values("case__managing_unit__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "case__managing_unit__name")
    )


@login_required
def home(request):
    """The dashboard: the user's area and, as the registry grows, its key numbers."""
    today = timezone.localdate()
    units = scope_for(request.user, AdministrativeUnit.objects.all())
    cases = scope_for(request.user, Case.objects.all())
    by_status = dict(cases.values_list("status").annotate(count=Count("pk")))
    context = {
        "today": today,
        "regime": regime_on(today),
        "commune_count": units.communes().active().count(),
        "legacy_district_count": units.districts().count(),
        "colleague_count": scope_for(request.user, User.objects.filter(is_active=True)).count(),
        "case_count": sum(by_status.values()),
        "received_this_year": cases.filter(reception__received_on__year=today.year).count(),
        "overdue_by_unit": _overdue_by_unit(request.user, today),
        "cases_by_status": [
            (status.label, by_status.get(status.value, 0), status.value) for status in CaseStatus
        ],
    }
    return render(request, "home.html", context)
