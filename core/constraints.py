"""Database CHECK constraints for the rules several models state alike: a date not before
another, a status that needs its record (a reason, a decision, a date).

Each factory builds the same `CheckConstraint` a model used to spell out (same condition, same
name, so no migration): the rule is written once, the model names only its fields.
"""

from django.db import models
from django.db.models import F, Q


def date_not_before(name, field, other, *, other_optional=False, message=None):
    """The date `field`, when given, is not before the date `other`. When `other_optional`, an
    empty `other` is stated as allowed too (form validation reads the condition in Python,
    where a comparison with an empty date fails)."""
    condition = Q(**{f"{field}__isnull": True})
    if other_optional:
        condition |= Q(**{f"{other}__isnull": True})
    condition |= Q(**{f"{field}__gte": F(other)})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def status_requires(name, status, requirement: Q, *, message=None):
    """A row in `status` (one value, or a list of values) meets `requirement`: a rejected
    support has its reason, a sent dossier its letter."""
    in_status = Q(status__in=status) if isinstance(status, list) else Q(status=status)
    return models.CheckConstraint(
        condition=~in_status | requirement, name=name, violation_error_message=message
    )
