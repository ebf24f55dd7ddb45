"""For operators: build a report now, in this process, and write its three files."""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Organisation
from locations.models import AdministrativeUnit
from reports import generation, tasks
from reports.models import ReportEvent, ReportRun, RunStatus
from reports.periods import period_for


class Command(BaseCommand):
    help = "Build the report of a period (annual, six_month, calendar) and write its files."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["annual", "six_month", "calendar"], required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", help="code of the unit (default: the province served)")
        parser.add_argument("--out", help="folder to copy indicators.json, .xlsx and .docx into")

    def handle(self, *args, kind, year, unit=None, out=None, **options):
        scope = self._unit(unit)
        period = period_for(kind, year)
        with transaction.atomic():
            run, _created = ReportRun.objects.get_or_create(
                kind=kind,
                start=period.start,
                end=period.end,
                unit=scope,
                approved_at__isnull=True,
                defaults={"status": RunStatus.QUEUED},
            )
            run.status = RunStatus.QUEUED
            run.save(update_fields=["status"])
            ReportEvent.objects.create(run=run, action="requested", note="manage.py")
        claimed = tasks._claim(run.pk, f"command-{run.pk}")
        if claimed is None:
            raise CommandError("This report is being built elsewhere; try again later.")
        run = generation.build(claimed)
        self.stdout.write(self.style.SUCCESS(f"Report {run.pk} built: {period.label()}, {scope}"))
        if out:
            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            for field in (run.indicators_file, run.excel_file, run.word_file):
                target = folder / Path(field.name).name
                with field.open("rb") as source, open(target, "wb") as copy:
                    shutil.copyfileobj(source, copy)
                self.stdout.write(f"  {target}")

    def _unit(self, code):
        if code:
            unit = AdministrativeUnit.objects.filter(code=code, is_legacy=False).first() or (
                AdministrativeUnit.objects.filter(code=code).first()
            )
            if unit is None:
                raise CommandError(f"Unknown unit code: {code}")
            return unit
        provinces = list(Organisation.current().served_provinces.all())
        if len(provinces) != 1:
            raise CommandError("This installation serves several provinces: give --unit.")
        return provinces[0]
