"""A view that refuses after writing inside its own transaction, for
tests/security/test_access_log.py: the refusal must be recorded although the view's
transaction rolls back."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path

from accounts.models import Notification
from trafficking_cases.urls import urlpatterns as base_urlpatterns


@login_required
def failing_view(request, pk):
    with transaction.atomic():
        Notification.objects.create(user=request.user, message="half-done work")
        raise PermissionDenied


urlpatterns = [*base_urlpatterns, path("failing/<int:pk>/", failing_view, name="failing")]
