"""Who may do what: the one question services, views and templates ask about a user's role.

The answers are the table `accounts.roles.ROLE_ACTIONS` (with `SUPERUSER_ACTIONS`); nothing
else compares `user.role`. An action is named "<subject>.<verb>" ("support.approve",
"case.close"); a name the table does not know is a programming error, not a silent "no".

`can` answers for a signed-in user; `role_can` for a bare role, in the pure rules that are
given a role rather than a user (verification.rules.allowed_actions, the referral consent rule).
The area a user sees is another question, answered by `accounts.access`.
"""

from django.core.exceptions import ImproperlyConfigured

from accounts.roles import ACTIONS, ROLE_ACTIONS, SUPERUSER_ACTIONS


def role_can(role: str, action: str, *, superuser: bool = False) -> bool:
    """Whether a user of `role` (a superuser when `superuser`) may take `action`."""
    if action not in ACTIONS:
        raise ImproperlyConfigured(f"Unknown action {action!r}: add it to accounts.roles.")
    return action in ROLE_ACTIONS.get(role, ()) or (superuser and action in SUPERUSER_ACTIONS)


def can(user, action: str) -> bool:
    """Whether `user`, signed in and active, may take `action`."""
    if user is None or not user.is_authenticated or not user.is_active:
        role_can("", action)  # an unknown name is an error for everyone
        return False
    return role_can(user.role, action, superuser=user.is_superuser)
