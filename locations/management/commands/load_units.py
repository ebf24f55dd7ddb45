from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from locations.loaders import UnitDataError, load_current_units, load_legacy_units
from locations.signals import units_loaded
from locations.successions import load_successions


class Command(BaseCommand):
    help = (
        "Load the current provinces and communes from vietnam-provinces; with --legacy, also the "
        "pre-July-2025 districts and communes of a province from a CSV file, and which current "
        "communes the legacy units became (vietnamadminunits). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--legacy",
            action="append",
            default=[],
            metavar="FILE.csv",
            help="CSV of legacy units (province_code, district_code, district_name, commune_code, "
            "commune_name); may be given several times.",
        )
        parser.add_argument(
            "--skip-current",
            action="store_true",
            help="Only load the legacy files (the current list must already be loaded).",
        )

    def handle(self, *args, **options):
        try:
            if not options["skip_current"]:
                result = load_current_units()
                self._report("current units", result)
            for csv_file in options["legacy"]:
                path = Path(csv_file)
                if not path.is_file():
                    raise CommandError(f"Legacy units file not found: {path}")
                self._report(f"legacy units from {path.name}", load_legacy_units(path))
            self._report_successions(load_successions())
        except UnitDataError as error:
            raise CommandError(str(error)) from error
        # What the units make possible (a new installation serving its provinces) belongs to the
        # apps above this one: they listen (accounts.signals).
        units_loaded.send(sender=self.__class__)

    def _report_successions(self, result):
        self.stdout.write(
            f"Successions of legacy units — created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged}, deleted {result.deleted}."
        )
        for row in result.unmatched:
            self.stdout.write(
                f"  no current commune for {row.legacy_name} ({row.legacy_code}) → "
                f"{row.commune_name} ({row.province_code}/{row.commune_code})"
            )
        for unit in result.without_successor:
            self.stdout.write(
                f"  legacy commune without successor in the source: {unit.code} {unit}"
            )

    def _report(self, what, result):
        levels = ", ".join(f"{level}: {count}" for level, count in sorted(result.by_level.items()))
        self.stdout.write(
            f"Loaded {what} ({levels}) — created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged}."
        )
