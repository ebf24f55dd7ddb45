"""The Word report, in the structure of a provincial report: the heading of the department, the
situation, the results of reception, verification and support, prevention, an assessment against
the previous period, and the tasks of the next period — with the numbers and tables filled in.

The wording is in the template reports/docx_templates/report.docx (docxtpl), which a province
may edit in Word; scripts/make_report_docx_template.py builds it and says how. This module only
computes the values the template writes, from the indicators (the shape of indicators.json)."""

import io
from pathlib import Path

from django.utils import timezone, translation
from docxtpl import DocxTemplate

from accounts.services import department_for
from core.templatetags.formatting import format_vnd, number
from reports.indicators import TABLES

TEMPLATE = Path(__file__).resolve().parent / "docx_templates" / "report.docx"


def _date(day) -> str:
    return f"{day:%d/%m/%Y}"


def _figure(key: str, value) -> str:
    """A count as "1.234" (a hidden small count stays "<5"); an amount as "1.234.000 ₫"."""
    return format_vnd(value) if key.endswith("_vnd") else number(value)


def _change(value, previous) -> dict:
    """The numbers of the comparison with the previous period; the template words it."""
    if isinstance(value, str) or isinstance(previous, str):  # a small count is hidden
        return {"hidden": True, "up": False, "down": False, "n": ""}
    difference = value - previous
    return {
        "hidden": False,
        "up": difference > 0,
        "down": difference < 0,
        "n": number(abs(difference)),
    }


def heading_context(run) -> dict:
    """The department acting for the province at the end of the period, and today's date."""
    province = run.unit.province()
    profile = department_for(province, run.end) if province else None
    today = timezone.localdate()
    return {
        "governing_body": profile.governing_body if profile else "",
        "department_name": profile.department_name if profile else "",
        "department_abbreviation": profile.department_abbreviation if profile else "",
        "signing_place": profile.signing_place
        if profile
        else (province.short_name if province else ""),
        "day": f"{today.day:02d}",
        "month": f"{today.month:02d}",
        "year": today.year,
    }


def _table(table, content: dict) -> dict:
    keys = [key for key, _label in content["columns"]]
    return {
        "label": str(table.label),
        "columns": [label for _key, label in content["columns"]],
        "rows": [
            {
                "label": row["label"],
                "cells": [
                    {
                        "current": number(row["values"][key]),
                        "previous": number(row["previous"][key]),
                    }
                    for key in keys
                ],
            }
            for row in content["rows"]
        ],
    }


def document_context(run, data: dict) -> dict:
    indicators = data["indicators"]
    directives = data.get("directives", [])
    return {
        **heading_context(run),
        "start": _date(run.start),
        "end": _date(run.end),
        "unit_name": run.unit.name,
        "figures": {key: _figure(key, item["value"]) for key, item in indicators.items()},
        "changes": {
            key: _change(item["value"], item["previous"]) for key, item in indicators.items()
        },
        "tables": {
            table.key: _table(table, data["tables"][table.key])
            for table in TABLES
            if table.key in data["tables"]
        },
        "directives": directives,
        "directive_count": number(len(directives)),
    }


def document_bytes(run, data: dict) -> bytes:
    """The report of `run` from `data` (the shape of indicators.json), always in Vietnamese."""
    template = DocxTemplate(TEMPLATE)
    with translation.override("vi"):
        template.render(document_context(run, data), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
