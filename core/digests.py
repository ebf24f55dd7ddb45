"""The registry of keyed digests of personal data: every column that holds a digest of
something about a person (an ID number's blind index, an imported row's fingerprint).

Each is an HMAC-SHA256 with `settings.FIELD_HASH_KEY` (`core.crypto.keyed_hash`,
`core.crypto.keyed_digest`), never a bare hash: with the other fields of a row in plain text, an
unkeyed SHA-256 of an ID number or of a row gives the number back after a brute force of its
serial part. A change of FIELD_HASH_KEY is finished by `manage.py rotate_field_keys`, which
recomputes every registered digest; `tests/security/test_keyed_digests.py` checks that every
column of the schema whose name says "hash", "digest", "fingerprint"… is registered here.

Two ways in:
- a model's `keyed_hash_fields = {hash_field: (source_field, key_method)}` — a digest computed
  from one (encrypted) column of the same row (`Victim.id_number_hash`); found automatically;
- `register(model, field, recompute=)` in an `AppConfig.ready()` — a digest of several columns,
  possibly of related rows; `recompute(queryset)` yields `(pk, digest)` for its rows.
"""

from collections.abc import Callable, Iterable

from django.apps import apps

_registered: dict[tuple[type, str], Callable[..., Iterable[tuple[int, str]]]] = {}


def register(model, field: str, *, recompute: Callable[..., Iterable[tuple[int, str]]]) -> None:
    model._meta.get_field(field)  # a typo fails at start-up
    _registered[(model, field)] = recompute


def _hash_field_models():
    for model in apps.get_models():
        names = {field.name for field in model._meta.concrete_fields}
        for field in getattr(model, "keyed_hash_fields", {}):
            if field in names:
                yield model, field


def registered() -> list[tuple[type, str]]:
    """(model, field name) of every keyed digest column, the registered and the models'
    `keyed_hash_fields` alike."""
    return [*_hash_field_models(), *_registered]


def recompute_registered(model, field: str) -> int:
    """Recompute the digests of one registered column with the current key (plain UPDATEs, no
    save(): the record does not change and no history row is due). Returns the rows changed."""
    recompute = _registered[(model, field)]
    manager = model._base_manager
    changed = 0
    stored = dict(manager.values_list("pk", field))
    for pk, digest in recompute(manager.all()):
        if stored.get(pk) != digest:
            manager.filter(pk=pk).update(**{field: digest})
            changed += 1
    return changed


def recompute_all() -> dict[str, int]:
    return {
        f"{model._meta.label}.{field}": recompute_registered(model, field)
        for model, field in _registered
    }
