from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from accounts.access import scope_for
from accounts.models import User
from locations.models import AdministrativeUnit
from locations.regimes import regime_on
from victims.choices import CaseStatus
from victims.models import Case


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
        "cases_by_status": [
            (status.label, by_status.get(status.value, 0), status.value) for status in CaseStatus
        ],
    }
    return render(request, "home.html", context)
