import csv

from django.core.management.base import BaseCommand, CommandError

from locations.loaders import LEGACY_CSV_COLUMNS, UnitDataError, legacy_rows_from_old_json


class Command(BaseCommand):
    help = (
        "Write a legacy-units CSV for one province from the three-level nested-divisions.json "
        "that vietnam-provinces 0.6.x published (data/nested-divisions.json in its wheel)."
    )

    def add_arguments(self, parser):
        parser.add_argument("json_file", help="nested-divisions.json of vietnam-provinces 0.6.x")
        parser.add_argument("--province", required=True, help="province code, e.g. 38")
        parser.add_argument("--out", help="CSV file to write (default: standard output)")

    def handle(self, *args, json_file, province, out=None, **options):
        try:
            rows = legacy_rows_from_old_json(json_file, province)
        except (UnitDataError, OSError, KeyError, ValueError) as error:
            raise CommandError(str(error)) from error
        if out:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                self._write(handle, rows)
        else:
            self._write(self.stdout, rows)
        self.stderr.write(f"{len(rows)} rows for province {province}.")

    @staticmethod
    def _write(handle, rows):
        writer = csv.DictWriter(handle, fieldnames=LEGACY_CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
