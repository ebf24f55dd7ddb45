"""Rows every database starts with (reference data written by data migrations) and demo rows:
created when missing, left as they are when there (supervisors may have edited them)."""

from collections.abc import Iterable, Sequence


def ensure_rows(model, rows: Iterable[dict], *, key: Sequence[str]) -> None:
    """Each row (field name -> value) is looked up by its `key` fields and created with the
    other values when missing. `model` may be a migration's historical model."""
    for row in rows:
        lookup = {name: row[name] for name in key}
        defaults = {name: value for name, value in row.items() if name not in lookup}
        model.objects.get_or_create(**lookup, defaults=defaults)


def as_rows(columns: Sequence[str], table: Iterable[Sequence]) -> list[dict]:
    """A table of tuples as rows named by `columns`."""
    return [dict(zip(columns, values, strict=True)) for values in table]
