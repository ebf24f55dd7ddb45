"""Benchmark of the report task on the synthetic province (issue 7, "Performance"; issue 17).

On the dataset of bench/dataset.py (built if missing, in the database DATABASE_URL names — use a
database of its own), measures:

- the bare SQL of the indicators (the exact statements the report runs, captured once, then
  executed alone with a cursor in this process), and
- the report task end to end (indicators for the period and the previous one, indicators.json,
  the Excel workbook and the Word report, written to MEDIA_ROOT),

and the peak memory of the task (Python allocations by tracemalloc, and the process's peak RSS:
bench/run.py runs this module in a process of its own, so that the RSS is the report's).
Goal: task time <= 2 x bare SQL time, peak memory <= 300 MB. `make bench` runs it through
bench/run.py; alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trafficking_bench_100000 \\
        .venv/bin/python bench/report_bench.py --size 100000
"""

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")
    import django

    django.setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext


def timed(function, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def measure(year: int, *, repeat: int = 3) -> dict:
    """The annual report of the province for `year` against its bare SQL."""
    from bench.dataset import PROVINCE_CODE
    from locations.models import AdministrativeUnit
    from reports import generation, tasks
    from reports.indicators import Scope, compute
    from reports.models import ReportRun, RunStatus
    from reports.periods import period_for

    province = AdministrativeUnit.objects.get(code=PROVINCE_CODE, level="province")
    period = period_for("annual", year)
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

    run = ReportRun.objects.filter(
        kind=period.kind, start=period.start, end=period.end, unit=province, approved_at=None
    ).first() or ReportRun.objects.create(
        kind=period.kind, start=period.start, end=period.end, unit=province
    )

    def task():
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
        generation.build(tasks._claim(run.pk, "bench"))

    bare_seconds = timed(bare, repeat)
    task_seconds = timed(task, repeat)
    # The peak RSS before tracemalloc runs: its bookkeeping of every allocation (lxml's and
    # openpyxl's many small objects) would otherwise be counted as the report's memory.
    rss_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    task()
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    run.refresh_from_db()
    return {
        "year": year,
        "statements": len(statements),
        "bare_s": bare_seconds,
        "task_s": task_seconds,
        "ratio": task_seconds / bare_seconds,
        "python_peak_mb": python_peak / 2**20,
        "rss_peak_mb": rss_peak_mb,
        "status": run.status,
    }


def main() -> None:
    from django.core.management import call_command

    from bench import dataset

    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--json", help="write the figures to this file instead of printing")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL (DATABASE_URL).")
    call_command("migrate", verbosity=0)
    dataset.build(args.size)
    result = measure(args.year)
    if args.json:
        Path(args.json).write_text(json.dumps(result))
        return
    print(
        f"bare SQL of the indicators ({result['statements']} statements): {result['bare_s']:.2f} s"
    )
    print(f"report task end to end: {result['task_s']:.2f} s  (ratio {result['ratio']:.2f})")
    print(
        f"peak Python allocations: {result['python_peak_mb']:.1f} MB; "
        f"peak RSS: {result['rss_peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
