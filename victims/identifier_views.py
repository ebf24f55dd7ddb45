"""Need-to-know (issue 16 item 5): ID and phone numbers are masked on every screen
(victims.rules.mask_identifier, the `mask_id` filter); a user whose role needs them
(`person.reveal_identifiers`, accounts.roles) reveals one on demand — a POST, so the number never
travels in a URL — and every reveal is an access-log row (who, when, which person, which field)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.access import get_for_user
from accounts.models import AccessAction
from accounts.policy import can
from victims.models import Victim
from victims.rules import IDENTIFIER_FIELDS

REVEAL_ACTION = "person.reveal_identifiers"


def may_reveal(user) -> bool:
    return can(user, REVEAL_ACTION)


@login_required
@require_POST
def reveal_identifier(request, pk):
    """The full number of one field of one person: an htmx fragment that replaces the masked
    one (or, without JavaScript, a small page with a link back). 404 outside the user's area,
    403 for a role without the action (both logged as refusals by the middleware)."""
    victim = get_for_user(request.user, Victim, pk)
    field = request.POST.get("field", "")
    if field not in IDENTIFIER_FIELDS:
        raise Http404
    if not may_reveal(request.user):
        raise PermissionDenied
    audit.record(request, AccessAction.REVEAL, victim, field=field)
    context = {
        "victim": victim,
        "field": field,
        "label": Victim._meta.get_field(field).verbose_name,
        "value": getattr(victim, field),
    }
    if request.headers.get("HX-Request"):
        return render(request, "victims/_identifier_revealed.html", context)
    return render(request, "victims/identifier_revealed.html", context)
