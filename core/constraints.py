"""Database CHECK constraints for the rules several models state alike: a date not before
another, a status that needs its record (a reason, a decision, a date).

Each factory builds the same `CheckConstraint` a model used to spell out (same condition, same
name, so no migration): the rule is written once, the model names only its fields.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import DEFAULT_DB_ALIAS, models
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


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that PostgreSQL holds and other databases (SQLite, which the
    demo runs on) leave out: its DDL is empty there, and `validate()` is left to the model's
    `clean()`, which states the same rule on every database with a message that names the
    conflicting row (the database's own message could not)."""

    def _on_postgres(self, schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor) if self._on_postgres(schema_editor) else None
        )

    def constraint_sql(self, model, schema_editor):
        if not self._on_postgres(schema_editor):
            return None
        return super().constraint_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor) if self._on_postgres(schema_editor) else None
        )

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        return None


class DateRangeFunc(models.Func):
    """`daterange(start, end, bounds)` for an exclusion constraint over two date columns."""

    function = "DATERANGE"
    output_field = DateRangeField()


def periods_do_not_overlap(name, group_field, start, end):
    """Two rows of one `group_field` may not cover a common day: their periods `start`–`end`
    (both days included; an empty end is open) do not overlap (PostgreSQL, with btree_gist)."""
    return PostgresOnlyExclusionConstraint(
        name=name,
        expressions=[
            (group_field, RangeOperators.EQUAL),
            (
                DateRangeFunc(start, end, RangeBoundary(inclusive_upper=True)),
                RangeOperators.OVERLAPS,
            ),
        ],
    )
