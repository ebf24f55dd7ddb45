"""The import saves in batches on SQLite too (`make run`'s embedded database): its history rows
are copied by hand-written SQL (victims/importing/history.py), which must speak both
databases."""

import json

from tests.security.ops_helpers import manage

IMPORT_AND_COUNT = """
import io, json, time
from bench import import_bench
from victims import importing
from victims.models import Case, Victim

user, communes = import_bench.build_area()
content = import_bench.workbook(40, communes, str(int(time.time())))
results = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=user)
saved = importing.save_rows(results, user=user)
person = Victim.objects.exclude(id_number="").first()
record = Victim.history.get(id=person.pk)
print(json.dumps({
    "saved": saved,
    "people": Victim.objects.count(),
    "people_history": Victim.history.filter(history_type="+").count(),
    "cases": Case.objects.count(),
    "cases_history": Case.history.filter(history_type="+").count(),
    "same_number": record.id_number == person.id_number,
    "by_importer": record.history_user_id == user.pk,
    "dated": record.history_date.tzinfo is not None,
    # Saved as one batch (a batch the database refuses is saved again row by row, each row at
    # its own moment): one history date for the file's 40 people.
    "history_dates": Victim.history.values("history_date").distinct().count(),
}))
"""


def test_an_import_saves_with_its_history_on_a_fresh_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'run.sqlite3'}"
    env = {"DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")}
    migrated = manage("migrate", "--noinput", timeout=600, **env)
    assert migrated.returncode == 0, migrated.stderr

    ran = manage("shell", "-c", IMPORT_AND_COUNT, timeout=300, **env)

    assert ran.returncode == 0, ran.stderr
    figures = json.loads(ran.stdout.strip().splitlines()[-1])
    assert figures["saved"] == 40
    assert figures["people"] == figures["people_history"] == 40
    assert figures["cases"] == figures["cases_history"] == 40
    assert figures["same_number"] and figures["by_importer"] and figures["dated"]
    assert figures["history_dates"] == 1
