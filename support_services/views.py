from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def overview(request):
    """The support menu's landing page: the worklists of supports, referrals and follow-ups."""
    return render(request, "support_services/overview.html", {})
