"""The figures of an approved run, kept with it (`ReportRun.snapshot`), and how a run of the same
period generated later differs from them (`ReportRun.differences`, and the key
`differences_from_approved` of its indicators.json): one row per indicator or table cell whose
value changed — its key, its label, the approved value and the new one."""

import json

from django.utils import timezone

from reports.models import ReportRun

# Keys of indicators.json that describe a comparison, not the figures themselves.
COMPARISON_KEYS = ("differences_from_approved", "approved_figures")


def snapshot_of(run: ReportRun) -> dict | None:
    """The indicators.json data of a finished run, as approved."""
    if not run.indicators_file:
        return None
    with run.indicators_file.open("rb") as source:
        data = json.loads(source.read())
    for key in COMPARISON_KEYS:
        data.pop(key, None)
    return data


def approved_run(run: ReportRun) -> ReportRun | None:
    """The latest approved run of `run`'s period and area (not `run` itself) with its figures."""
    return (
        ReportRun.objects.filter(
            kind=run.kind,
            start=run.start,
            end=run.end,
            unit=run.unit,
            approved_at__isnull=False,
            snapshot__isnull=False,
        )
        .exclude(pk=run.pk)
        .select_related("approved_by")
        .order_by("-approved_at", "-pk")
        .first()
    )


def differences(approved: dict, data: dict) -> list[dict]:
    """Each indicator and each table cell whose value differs between the approved figures and
    `data` (a figure missing on one side counts as 0)."""
    rows = []
    before = approved.get("indicators", {})
    for key, figure in data.get("indicators", {}).items():
        old = before.get(key, {}).get("value", 0)
        if old != figure["value"]:
            rows.append(_row(key, figure["label"], old, figure["value"]))
    for key, figure in before.items():
        if key not in data.get("indicators", {}):
            rows.append(_row(key, figure["label"], figure["value"], 0))
    old_tables = approved.get("tables", {})
    for key, table in data.get("tables", {}).items():
        rows.extend(_table_differences(key, old_tables.get(key, {}), table))
    return rows


def _table_differences(key: str, old_table: dict, table: dict) -> list[dict]:
    columns = dict(tuple(column) for column in table.get("columns", []))
    columns.update(
        {k: v for k, v in (tuple(c) for c in old_table.get("columns", [])) if k not in columns}
    )
    old_rows = {row["key"]: row for row in old_table.get("rows", [])}
    new_rows = {row["key"]: row for row in table.get("rows", [])}
    found = []
    for row_key in list(new_rows) + [k for k in old_rows if k not in new_rows]:
        new_row, old_row = new_rows.get(row_key), old_rows.get(row_key)
        label = (new_row or old_row)["label"]
        new_values = new_row["values"] if new_row else {}
        old_values = old_row["values"] if old_row else {}
        for column in dict.fromkeys([*new_values, *old_values]):
            old, new = old_values.get(column, 0), new_values.get(column, 0)
            if old != new:
                found.append(
                    _row(
                        f"{key}/{row_key}/{column}",
                        f"{table.get('label', key)} — {label} — {columns.get(column, column)}",
                        old,
                        new,
                    )
                )
    return found


def _row(key, label, approved, value) -> dict:
    return {"key": key, "label": label, "approved": approved, "value": value}


def compare_with_approved(run: ReportRun, data: dict) -> None:
    """Add to `data` (and to `run.differences`, not saved here) how its figures differ from
    those of the approved run of the same period and area, when there is one."""
    approved = approved_run(run)
    if approved is None:
        run.differences = None
        return
    rows = differences(approved.snapshot, data)
    about = {
        "run": approved.pk,
        "approved_by": _name(approved.approved_by),
        "approved_at": f"{timezone.localtime(approved.approved_at):%d/%m/%Y}",
    }
    data["approved_figures"] = about
    data["differences_from_approved"] = rows
    run.differences = {**about, "rows": rows}


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""
