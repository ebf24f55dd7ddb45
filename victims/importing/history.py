"""History rows of the records an import writes in bulk, copied by the database from the rows
just inserted (issue 17: the import at >= 500 rows/s).

They are the rows simple-history's `bulk_history_create` writes — every tracked column, one
history date, the importer as the history user, no change reason — but one INSERT … SELECT
builds them instead of a historical object per row, built, validated, encrypted again and sent
from Python (about half of the saving's time). The values are the table's own, so an encrypted
column holds the same ciphertext as its row, which decrypts to the same value.
"""

from django.conf import settings
from django.db import connections, router


def _placeholders(values) -> str:
    # IN with one parameter per value: PostgreSQL and SQLite (`make run`) alike; a batch holds
    # at most a few hundred rows.
    return ", ".join(["%s"] * len(values))


def copy_history(model, pks, *, user, date, history_type: str = "+") -> dict[int, int]:
    """A history row of type `history_type` ("+" created, "~" changed) for each row `pks` of
    `model`, as its table now holds it; returns {row id: history id}. One query."""
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return {}
    history = model.history.model
    own, copy = model._meta, history._meta
    connection = connections[router.db_for_write(history)]
    quote = connection.ops.quote_name
    tracked = [(field.column, own.get_field(field.name).column) for field in history.tracked_fields]
    labels = ["history_date", "history_change_reason", "history_type", "history_user"]
    targets = [quote(column) for column, _source in tracked]
    targets += [quote(copy.get_field(label).column) for label in labels]
    sources = ", ".join(quote(source) for _column, source in tracked)
    pk = quote(own.pk.column)
    sql = (
        f"INSERT INTO {quote(copy.db_table)} ({', '.join(targets)}) "  # noqa: S608 (names)
        f"SELECT {sources}, %s, %s, %s, %s FROM {quote(own.db_table)} "
        f"WHERE {pk} IN ({_placeholders(pks)}) ORDER BY {pk} "
        f"RETURNING {quote(copy.pk.column)}, {quote(copy.get_field('id').column)}"
    )
    moment = connection.ops.adapt_datetimefield_value(date)  # SQLite stores it as text
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment, None, history_type, user.pk, *pks])
        return {row_id: history_id for history_id, row_id in cursor.fetchall()}


def copy_links_history(history_links, *, owner: str, history_ids) -> None:
    """The history's copy (`history_links`, e.g. HistoricalCaseExploitationForm) of the m2m
    links of the records `history_ids` point to, as simple-history writes them when the field is
    set: each link's columns, its own id included, and its record. `owner`: the link's foreign
    key to the recorded model ("case"). One query."""
    if not history_ids:
        return
    copy = history_links._meta
    links = history_links.instance_type._meta  # the through model it copies
    records = copy.get_field("history").related_model._meta
    connection = connections[router.db_for_write(history_links)]
    quote = connection.ops.quote_name
    columns = [
        field.column
        for field in copy.concrete_fields
        if field.name not in ("history", copy.pk.name)
    ]
    own = quote(links.get_field(owner).column)
    record_id = f"record.{quote(records.pk.column)}"
    sql = (
        f"INSERT INTO {quote(copy.db_table)} "  # noqa: S608 (the models' names)
        f"({', '.join(quote(c) for c in columns)}, {quote(copy.get_field('history').column)}) "
        f"SELECT {', '.join('link.' + quote(c) for c in columns)}, {record_id} "
        f"FROM {quote(links.db_table)} link JOIN {quote(records.db_table)} record "
        f"ON record.{quote(records.get_field('id').column)} = link.{own} "
        f"WHERE {record_id} IN ({_placeholders(history_ids)}) "
        f"ORDER BY {record_id}, link.{quote(links.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(history_ids))
