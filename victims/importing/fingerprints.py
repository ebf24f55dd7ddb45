"""The fingerprint of an imported row: which person, born when, living where, returned from
where and when, managed by which unit — so that importing the same file again saves nothing
twice (`ImportedRow`).

It is a keyed digest (HMAC-SHA256 with FIELD_HASH_KEY, `core.crypto.keyed_digest`), never a bare
SHA-256: the other fields are in plain text in the database, so an unkeyed digest would give the
ID number back after a brute force of its serial part (issue 18, finding 2). When the hash key
changes, `rotate_field_keys` recomputes every fingerprint from the case the row created
(`recompute`, registered in `core.digests` by `VictimsConfig.ready`); migration 0007 did the
same once for the unkeyed fingerprints stored before.
"""

import json

from core.crypto import keyed_digest
from locations.text import search_key

PURPOSE = "victims.importedrow"


def fingerprint(
    *,
    full_name,
    date_of_birth,
    birth_year,
    id_number,
    residence_id,
    country,
    received_on,
    managing_unit_id,
) -> str:
    key = {
        "name": search_key(full_name),
        "birth": str(date_of_birth or birth_year),
        "id": id_number or "",
        "residence": residence_id,
        "country": str(country) if country else None,
        "received": str(received_on),
        "managing_unit": managing_unit_id,
    }
    return keyed_digest(PURPOSE, json.dumps(key, sort_keys=True))


def of_row(data, user) -> str:
    """The fingerprint of a checked row (`importing.checks`) imported by `user`."""
    unit = data["permanent_unit"]
    return fingerprint(
        full_name=data["full_name"],
        date_of_birth=data["date_of_birth"],
        birth_year=data["birth_year"],
        id_number=data["id_number"],
        residence_id=unit.pk if unit else None,
        country=data["country"],
        received_on=data["received_on"],
        managing_unit_id=user.jurisdiction_id,
    )


def of_case(case) -> str:
    """The fingerprint of the row that created `case`, from what was saved of it."""
    victim = case.victim
    return fingerprint(
        full_name=victim.full_name,
        date_of_birth=victim.date_of_birth,
        birth_year=victim.birth_year,
        id_number=victim.id_number,
        residence_id=victim.permanent_unit_id,
        country=case.destination_country,
        received_on=case.reception.received_on,
        managing_unit_id=case.managing_unit_id,
    )


def recompute(rows):
    """(pk, fingerprint) of ImportedRow `rows`, recomputed with the current key."""
    rows = rows.select_related("case__victim", "case__reception")
    for row in rows.iterator(chunk_size=500):
        yield row.pk, of_case(row.case)
