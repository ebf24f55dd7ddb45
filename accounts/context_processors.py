from django.utils.functional import SimpleLazyObject

from accounts.services import organisation_header


def organisation(request):
    """The installation's name and today's department, for the page header; the user's
    unread notifications (counted only when a page shows them)."""
    context = {"organisation": organisation_header()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = SimpleLazyObject(
            lambda: user.notifications.filter(read_at__isnull=True).count()
        )
    return context
