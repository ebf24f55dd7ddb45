# ruff: noqa: E501 - SQL statements read better on long lines
"""Benchmark of the report task on a synthetic province (issue 7, "Performance").

Builds (once, in the database DATABASE_URL names — use a database of its own) a province of
N people, M cases with their receptions and K support records, then measures:

- the bare SQL of the indicators (the exact statements the report runs, captured once, then
  executed alone with a cursor in this process), and
- the report task end to end (indicators for the period and the previous one, indicators.json,
  the Excel workbook and the Word report, written to MEDIA_ROOT),

and the peak memory of the task (Python allocations by tracemalloc, and the process's peak RSS).
Goal: task time <= 2 x bare SQL time, peak memory < 300 MB.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trafficking_bench \\
        .venv/bin/python bench/report_bench.py --people 100000 --cases 150000 --supports 1000000
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from locations.models import AdministrativeUnit  # noqa: E402
from reports import generation, tasks  # noqa: E402
from reports.indicators import Scope, compute  # noqa: E402
from reports.models import ReportRun, RunStatus  # noqa: E402
from reports.periods import period_for  # noqa: E402
from support_services.models import SupportType  # noqa: E402
from victims.models import ExploitationForm  # noqa: E402

PROVINCE_CODE = "99"


def build_units() -> tuple[AdministrativeUnit, list[int]]:
    province = _unit(
        PROVINCE_CODE, "province", is_legacy=False, name="Tỉnh Thử Nghiệm", division_type="tỉnh"
    )
    communes = []
    for district_index in range(20):
        district = _unit(
            f"9{district_index:02d}", "district", name=f"Huyện {district_index}", parent=province
        )
        for commune_index in range(10):
            commune = _unit(
                f"99{district_index:02d}{commune_index}",
                "commune",
                name=f"Xã {district_index}-{commune_index}",
                parent=district,
            )
            communes.append(commune.pk)
    return province, communes


def _unit(code: str, level: str, *, is_legacy: bool = True, **defaults) -> AdministrativeUnit:
    unit, _created = AdministrativeUnit.objects.get_or_create(
        code=code, level=level, is_legacy=is_legacy, defaults=defaults
    )
    return unit


def fill(people: int, cases: int, supports: int, communes: list[int]) -> None:
    """Rows by INSERT ... SELECT generate_series: minutes, not hours, for a million rows."""
    regimes = {
        regime: list(SupportType.objects.filter(regime=regime).values_list("pk", flat=True))
        for regime in ("legacy", "current")
    }
    forms = list(ExploitationForm.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute(
            """
            INSERT INTO victims_victim (full_name, other_names, search_name, sex, birth_year,
                nationality, id_type, id_number, permanent_address, current_address, phone,
                education, occupation, marital_status, has_disability, disability_note,
                poverty_status, guardian_name, guardian_relation, guardian_phone, created_at,
                updated_at, permanent_unit_id, id_number_hash)
            SELECT 'Người ' || i, '', 'nguoi ' || i, CASE WHEN i %% 5 = 0 THEN 'male' ELSE 'female' END,
                1975 + i %% 35, 'VN', 'cccd', '', '', '', '', 'unknown', '', 'unknown', false, '',
                CASE WHEN i %% 3 = 0 THEN 'poor' ELSE 'neither' END, '', '', '', now(), now(),
                (%(communes)s::bigint[])[1 + i %% %(n_communes)s], ''
            FROM generate_series(1, %(people)s) AS i
            """,
            {"communes": communes, "n_communes": len(communes), "people": people},
        )
        cursor.execute("SELECT min(id) FROM victims_victim")
        first_victim = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO victims_case (code, status, person_category, recruitment_place,
                recruitment_means, recruitment_channel, trafficker_relation, destination_country,
                destination_place, note, created_at, updated_at, managing_unit_id, victim_id)
            SELECT 'BN-' || i, (ARRAY['identified','identified','suspected','not_victim'])[1 + i %% 4],
                'victim', '', 'job_offer', 'social_media', '', (ARRAY['CN','LA','KH','TH','MY'])[1 + i %% 5],
                '', '', now(), now(), (%(communes)s::bigint[])[1 + i %% %(n_communes)s],
                %(first)s + (i %% %(people)s)
            FROM generate_series(1, %(cases)s) AS i
            """,
            {
                "communes": communes,
                "n_communes": len(communes),
                "first": first_victim,
                "people": people,
                "cases": cases,
            },
        )
        cursor.execute(
            """
            INSERT INTO victims_reception (received_on, channel, agency_type, agency_name, place,
                record_number, officer, documents, recorded_on, case_id)
            SELECT DATE '2018-06-01' + (c.id % 2900)::int, (ARRAY['rescued','self_returned','handed_over'])[1 + c.id % 3],
                'border_guard', '', '', '', '', '[]'::jsonb, CURRENT_DATE, c.id
            FROM victims_case c WHERE c.code LIKE 'BN-%'
            """
        )
        cursor.execute(
            """
            INSERT INTO victims_case_exploitation_forms (case_id, exploitationform_id)
            SELECT c.id, (%(forms)s::bigint[])[1 + c.id %% %(n_forms)s]
            FROM victims_case c WHERE c.code LIKE 'BN-%%'
            """,
            {"forms": forms, "n_forms": len(forms)},
        )
        cursor.execute(
            """
            INSERT INTO support_services_supportrecord (status, proposed_on, quantity,
                decision_number, decision_date, deciding_authority, provided_on, amount,
                amount_override_reason, provider, rejection_reason, created_at, updated_at,
                case_id, support_type_id)
            SELECT s.status, r.received_on + 2, 1, '', CASE WHEN s.status IN ('approved','provided')
                THEN r.received_on + 4 END, '', CASE WHEN s.status = 'provided' THEN r.received_on + 9 END,
                CASE WHEN s.status = 'provided' THEN 100000 * (1 + g.i %% 20) END, '', '', '',
                now(), now(), r.case_id,
                CASE WHEN r.received_on >= DATE '2025-07-01'
                    THEN (%(current)s::bigint[])[1 + g.i %% %(n_current)s]
                    ELSE (%(legacy)s::bigint[])[1 + g.i %% %(n_legacy)s] END
            FROM generate_series(1, %(supports)s) AS g(i)
            JOIN LATERAL (SELECT (ARRAY['provided','provided','provided','approved','proposed','rejected'])[1 + g.i %% 6] AS status) s ON true
            JOIN victims_reception r ON r.case_id = (SELECT min(id) FROM victims_case WHERE code LIKE 'BN-%%') + (g.i %% %(cases)s)
            """,
            {
                "current": regimes["current"],
                "n_current": len(regimes["current"]),
                "legacy": regimes["legacy"],
                "n_legacy": len(regimes["legacy"]),
                "supports": supports,
                "cases": cases,
            },
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=150_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (DATABASE_URL).")
    call_command("migrate", verbosity=0)
    province, communes = build_units()
    from victims.models import Case

    if not Case.objects.filter(code__startswith="BN-").exists():
        started = time.perf_counter()
        fill(args.people, args.cases, args.supports, communes)
        print(f"built the synthetic province in {time.perf_counter() - started:.0f} s")
    period = period_for("annual", args.year)

    # The statements the report runs, captured once (this also warms the database's caches).
    with CaptureQueriesContext(connection) as captured:
        compute(Scope(province, period))
        compute(Scope(province, period.previous()))
    statements = [query["sql"] for query in captured.captured_queries]

    def bare():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    run, _ = ReportRun.objects.get_or_create(
        kind=period.kind, start=period.start, end=period.end, unit=province, approved_at=None
    )

    def task():
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
        generation.build(tasks._claim(run.pk, "bench"))

    bare_seconds = timed(bare)
    tracemalloc.start()
    task_seconds = timed(task)
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {Case.objects.filter(code__startswith='BN-').count()} cases")
    print(f"bare SQL of the indicators ({len(statements)} statements): {bare_seconds:.2f} s")
    print(
        f"report task end to end: {task_seconds:.2f} s  (ratio {task_seconds / bare_seconds:.2f})"
    )
    print(f"peak Python allocations: {python_peak / 2**20:.1f} MB; peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
