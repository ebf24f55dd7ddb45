from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.access import scope_for
from accounts.models import User
from locations.models import AdministrativeUnit
from locations.regimes import regime_on


@login_required
def home(request):
    """The dashboard: the user's area and, as the registry grows, its key numbers."""
    today = timezone.localdate()
    units = scope_for(request.user, AdministrativeUnit.objects.all())
    context = {
        "today": today,
        "regime": regime_on(today),
        "commune_count": units.communes().active().count(),
        "legacy_district_count": units.districts().count(),
        "colleague_count": scope_for(request.user, User.objects.filter(is_active=True)).count(),
    }
    return render(request, "home.html", context)
