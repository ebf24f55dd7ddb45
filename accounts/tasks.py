from celery import shared_task
from django.utils import timezone

from accounts.models import UserSession


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions (run daily by beat); returns how many were deleted."""
    deleted, _by_model = UserSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
