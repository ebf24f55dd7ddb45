"""Who may do what: the one question services, views and templates ask about a user's role.

The answers are the table `accounts.roles.ROLE_ACTIONS` (with `SUPERUSER_ACTIONS`); nothing
else compares `user.role`. An action is named "<subject>.<verb>" ("support.approve",
"closure.propose"); a name the table does not know is a programming error, not a silent "no".

`can` answers for a signed-in user; `role_can` for a bare role, in the pure rules that are
given a role rather than a user (verification.rules.allowed_actions, the referral consent rule).
The area a user sees is another question, answered by `accounts.access`.
"""

from django.core.exceptions import ImproperlyConfigured

from accounts.roles import ACTIONS, REACH_ACTIONS, ROLE_ACTIONS, SUPERUSER_ACTIONS, Reach


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


def may_write(user, reach: Reach, *, unit=None, obj=None, action: str | None = None) -> bool:
    """Whether `user` may make a change of `reach` (accounts.roles.Reach): their role may take
    the reach's action (or `action`), and their jurisdiction holds everything the change
    affects — every served province (INSTALLATION); the whole province of `unit` (PROVINCE;
    without a unit, at least one whole province: the right to add a row of one's province);
    every unit `obj` belongs to (AREA; without an object, the user's own area)."""
    from accounts import access  # access asks this module for roles: imported late

    if not can(user, action or REACH_ACTIONS[reach]):
        return False
    if reach == Reach.INSTALLATION:
        return access.covers_installation(user)
    if reach == Reach.PROVINCE:
        if unit is None:
            return access.covers_some_province(user)
        return access.covers_province_of(user, unit)
    return obj is None or access.covers_record(user, obj)
