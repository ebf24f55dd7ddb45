"""The login lockout (django-axes) with two limits (issue 18, finding 8).

- `LOGIN_FAILURE_LIMIT` (5) failures of one username *from one address* lock that pair: one
  office behind one address is not locked out as a whole by a colleague's typos.
- `LOGIN_USERNAME_FAILURE_LIMIT` (20) failures of one username *from all addresses together*
  lock the username everywhere, so guessing spread over many addresses (a botnet, or forged
  X-Forwarded-For headers behind a proxy set up differently from the guide) is slowed as well.

Both within `LOGIN_COOLOFF_MINUTES`. axes counts the attempts for each entry of
`AXES_LOCKOUT_PARAMETERS` (settings: `[["username", "ip_address"], ["username"]]`, in this
order); axes itself compares the largest count with one limit, so this handler compares each
count with its own limit. The client's address is `accounts.audit.client_address`
(`TRUSTED_PROXY_COUNT`).
"""

import datetime
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max, Sum
from django.utils import timezone

LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"]]


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures counted against the per-address limit; the limit itself when the
        username is locked across all addresses (`request.axes_username_locked` is then set,
        for the Vietnamese page)."""
        attempts = self.get_user_attempts(request, credentials)
        if len(attempts) != len(LOCKOUT_PARAMETERS):
            raise ImproperlyConfigured(
                f"AXES_LOCKOUT_PARAMETERS must be {LOCKOUT_PARAMETERS} (accounts/lockout.py)."
            )
        per_address, per_username = (_failures(queryset) for queryset in attempts)
        locking = attempts[0]
        if per_username >= settings.LOGIN_USERNAME_FAILURE_LIMIT:
            request.axes_username_locked = True
            locking = attempts[1]
        # For the page: the lock lasts the cool-off from the latest failure it counts (axes
        # counts the failures within the cool-off before now).
        latest = locking.aggregate(latest=Max("attempt_time"))["latest"]
        cool_off = get_cool_off(request)
        if latest is not None and cool_off is not None:
            request.axes_minutes_left = minutes_to_wait(
                locked_at=latest, cool_off=cool_off, now=timezone.now()
            )
        if per_username >= settings.LOGIN_USERNAME_FAILURE_LIMIT:
            return max(per_address, get_failure_limit(request, credentials))
        return per_address


def minutes_to_wait(
    *, locked_at: datetime.datetime, cool_off: datetime.timedelta, now: datetime.datetime
) -> int:
    """Whole minutes, rounded up, until a lock made at `locked_at` lifts (at least 1)."""
    seconds = (locked_at + cool_off - now).total_seconds()
    return max(1, math.ceil(seconds / 60))
