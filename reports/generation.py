"""Build a run's three files from the indicators: indicators.json, the Excel workbook and the
Word report. Files are replaced, never duplicated, so a rerun leaves one set."""

import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from core.replica import reads_from_replica
from reports import excel, snapshots, word
from reports.indicators import Scope, compare
from reports.models import ReportEvent, ReportRun, RunStatus, _report_path


def file_stem(run) -> str:
    return f"bao-cao-{run.kind}-{run.start:%Y%m%d}-{run.end:%Y%m%d}-{run.unit.code}"


def _replace(field, name: str, content: bytes) -> None:
    if field:
        field.delete(save=False)
    field.save(name, ContentFile(content), save=False)


def _remove_strays(run: ReportRun) -> None:
    """Files an interrupted attempt wrote but never recorded (its worker died before the run
    was saved) are deleted, so that a takeover leaves one set of files under their own names."""
    fields = (run.indicators_file, run.excel_file, run.word_file)
    storage = run.indicators_file.storage
    folder = _report_path(run, "")
    recorded = {field.name for field in fields if field}
    if not storage.exists(folder):
        return
    for name in storage.listdir(folder)[1]:
        if f"{folder}{name}" not in recorded:
            storage.delete(f"{folder}{name}")


def build(run: ReportRun, progress=lambda percent: None) -> ReportRun:
    _remove_strays(run)
    # Reports are written in Vietnamese whatever the worker's language.
    with translation.override("vi"):
        with reads_from_replica():
            data = compare(Scope(run.unit, run.period, with_succession=run.with_succession))
        # A period already approved: the files say how these figures differ from the signed ones.
        snapshots.compare_with_approved(run, data)
        progress(40)
        stem = file_stem(run)
        _replace(
            run.indicators_file,
            "indicators.json",
            json.dumps(data, ensure_ascii=False, indent=2).encode(),
        )
        progress(55)
        _replace(run.excel_file, f"{stem}.xlsx", excel.workbook_bytes(run, data))
        progress(75)
        _replace(run.word_file, f"{stem}.docx", word.document_bytes(run, data))
        progress(95)
    with transaction.atomic():
        run.status, run.progress, run.finished_at = RunStatus.DONE, 100, timezone.now()
        run.save(
            update_fields=[
                "status",
                "progress",
                "finished_at",
                "indicators_file",
                "excel_file",
                "word_file",
                "differences",
            ]
        )
        ReportEvent.objects.create(run=run, action="done")
    return run


def suppressed_for(user, run) -> bool:
    """Viewers get the tables of an area below the province with small counts hidden."""
    from accounts.policy import can
    from locations.models import AdministrativeUnit

    return (
        not can(user, "report.see_small_counts")
        and run.unit.level != AdministrativeUnit.Level.PROVINCE
    )


def suppressed_file(run, kind: str) -> bytes:
    """The file of `kind` rebuilt from the run's indicators with small counts hidden."""
    from django.conf import settings

    from reports.indicators import suppressed_copy

    with run.indicators_file.open("rb") as source:
        data = suppressed_copy(json.loads(source.read()), settings.SMALL_COUNT_THRESHOLD)
    with translation.override("vi"):
        if kind == "json":
            return json.dumps(data, ensure_ascii=False, indent=2).encode()
        if kind == "xlsx":
            return excel.workbook_bytes(run, data)
        return word.document_bytes(run, data)
