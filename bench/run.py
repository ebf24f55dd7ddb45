"""`make bench` (issue 17): the registry, dashboard and case page in-process, the case page and
the registry under gunicorn against a trivial logged-in page, the Excel import, and the annual
report against its bare SQL, on a synthetic province of each size of BENCH_SIZES (default
"1000,100000") in the database `<BENCH_DATABASE_URL>_<size>` (built once by bench/dataset.py,
reused after; --rebuild builds it again).

Writes bench/results.json (the figures), bench/results.md (the issue's table with today's
figures, the goals and whether each is met, the machine, the load average during the run) and
the table of README.md between its `<!-- bench:start -->` and `<!-- bench:end -->` markers.
`--rewrite` renders results.md and the README again from bench/results.json without measuring.

    .venv/bin/python bench/run.py [--sizes 1000,100000] [--rebuild] [--rewrite]

Each size is measured by a child process of its own (`--measure SIZE`), whose Django connects
to that size's database.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS_JSON = BENCH / "results.json"
RESULTS_MD = BENCH / "results.md"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/trafficking_bench"
IN_PROCESS_GOAL = 1.3  # the large size's time at most 1.3 x the small one's
IMPORT_ROWS = 1000  # one upload of a realistic size: one saving batch


# --- orchestration -----------------------------------------------------------------------------


def database_url(base: str, size: int) -> str:
    return f"{base}_{size}"


def ensure_database(url: str) -> None:
    """CREATE DATABASE when missing (connected to the server's `postgres` database)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


class LoadSampler:
    """The 1-minute load average every few seconds while the benchmark runs."""

    def __init__(self, every: float = 5.0):
        self.samples: list[float] = []
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        if not self.samples:
            return {}
        return {
            "min": min(self.samples),
            "mean": statistics.fmean(self.samples),
            "max": max(self.samples),
        }


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text()
        ram_gb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) / 2**20
    except (OSError, AttributeError):
        ram_gb = None
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def orchestrate(args) -> None:
    base = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "sizes": {},
    }
    with LoadSampler() as sampler:
        for size in sizes:
            url = database_url(base, size)
            ensure_database(url)
            out = ROOT / "var" / f"bench-{size}.json"
            out.parent.mkdir(exist_ok=True)
            command = [sys.executable, str(BENCH / "run.py"), "--measure", str(size)]
            command += ["--out", str(out)] + (["--rebuild"] if args.rebuild else [])
            command += ["--skip-load"] if args.skip_load else []
            command += ["--repeat", str(args.repeat), "--load-seconds", str(args.load_seconds)]
            print(f"== size {size:,}: {url}", flush=True)
            env = {**os.environ, "DATABASE_URL": url, "BENCH_DATABASE_URL_SIZE": url}
            env.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))
            subprocess.run(command, check=True, env=env, cwd=ROOT)  # noqa: S603
            results["sizes"][str(size)] = json.loads(out.read_text())
    results["load_average"] = sampler.summary()
    results["load_average_samples"] = len(sampler.samples)
    RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    rewrite()


def rewrite() -> None:
    results = json.loads(RESULTS_JSON.read_text())
    RESULTS_MD.write_text(render_results(results))
    README.write_text(replace_readme_table(README.read_text(), render_table(results)))
    print(f"wrote {RESULTS_MD.relative_to(ROOT)} and the table of README.md")


# --- rendering ---------------------------------------------------------------------------------


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def _pair(values) -> str:
    if any(v is None for v in values):
        return "–"
    return " / ".join(f"{v:,.0f}" for v in values) + " ms"


def _ratio_met(small: list, large: list, goal: float) -> tuple[str, bool | None]:
    if any(v is None for v in small + large) or not small:
        return "–", None
    ratios = [b / a for a, b in zip(small, large, strict=True)]
    worst = max(ratios)
    text = " / ".join(f"{r:.2f}×" for r in ratios)
    return text, worst <= goal


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "not met", None: "not measured"}[met]


IN_PROCESS_ROWS = [
    ("victim list, provincial staff", ["list"]),
    ('filter age < 16 / "ngoại tỉnh"', ["age<16", "ngoại tỉnh"]),
    ('search "nguyen thi" / exact ID number', ["search nguyen thi", "search ID number"]),
    ("page 500 / last page", ["page 500", "last page"]),
    ("dashboard, province / district", ["dashboard province", "dashboard district"]),
    ("case page (in-process)", ["case page"]),
]


def table_rows(results: dict) -> list[list[str]]:
    sizes = sorted(results["sizes"], key=int)
    small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    rows = []
    for label, pages in IN_PROCESS_ROWS:
        cells = [
            _pair([r["pages"].get(p, {}).get("ms") for p in pages])
            for r in map(results["sizes"].get, sizes)
        ]
        ratio, met = _ratio_met(
            [small["pages"].get(p, {}).get("ms") for p in pages],
            [large["pages"].get(p, {}).get("ms") for p in pages],
            IN_PROCESS_GOAL,
        )
        rows.append(
            [
                label,
                *cells,
                f"≤ {IN_PROCESS_GOAL} × the {_size(sizes[0])} time",
                f"{ratio}: {_verdict(met)}",
            ]
        )
    for label, page, goal in [
        ("case page under gunicorn, 16 connections", "case page", 0.40),
        ("victim list under gunicorn, 16 connections", "list", 0.30),
    ]:
        cells, met_text = [], "not measured"
        for size in sizes:
            load = results["sizes"][size].get("load") or {}
            pages = load.get("pages", {})
            if page in pages and "trivial page" in pages:
                share = pages[page]["rps"] / pages["trivial page"]["rps"]
                rps, p50 = pages[page]["rps"], _ms(pages[page]["p50_ms"])
                cells.append(f"{rps:.1f} req/s, p50 {p50} ({share:.0%})")
                if size == sizes[-1]:
                    met_text = f"{share:.0%}: {_verdict(share >= goal)}"
            else:
                cells.append("–")
        rows.append([label, *cells, f"≥ {goal:.0%} of a trivial logged-in page", met_text])
    cells = []
    for size in sizes:
        pages = (results["sizes"][size].get("load") or {}).get("pages", {})
        trivial = pages.get("trivial page")
        cells.append(
            f"{trivial['rps']:.1f} req/s, p50 {_ms(trivial['p50_ms'])}" if trivial else "–"
        )
    rows.append(["trivial logged-in page under gunicorn (reference)", *cells, "", ""])
    cells = []
    for size in sizes:
        imp = results["sizes"][size].get("import") or {}
        cells.append(f"{imp['rows_per_s']:,.0f} rows/s" if imp.get("rows_per_s") else "–")
    last = (large.get("import") or {}).get("rows_per_s")
    rows.append(
        [
            "Excel import",
            *cells,
            "≥ 500 rows/s",
            "not measured" if last is None else _verdict(last >= 500),
        ]
    )
    cells = []
    for size in sizes:
        rep = results["sizes"][size].get("report") or {}
        cells.append(f"{rep['ratio']:.2f} ×, {rep['rss_peak_mb']:.0f} MB" if rep else "–")
    rep = large.get("report") or {}
    met = None if not rep else rep["ratio"] <= 2 and rep["rss_peak_mb"] <= 300
    rows.append(["annual report vs its bare SQL", *cells, "≤ 2 ×, ≤ 300 MB", _verdict(met)])
    return rows


def _size(size: str) -> str:
    size = int(size)
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def render_table(results: dict) -> str:
    sizes = sorted(results["sizes"], key=int)
    lines = [
        "| measured | " + " | ".join(_size(s) for s in sizes) + " | goal | today |",
        "|---|" + "---|" * len(sizes) + "---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(results)]
    m = results["machine"]
    load = results.get("load_average") or {}
    pg = next((r.get("postgresql") for r in results["sizes"].values() if r.get("postgresql")), "")
    lines += [
        "",
        f"Measured {results['date']} by `make bench` on {m['cores']} cores ({m['cpu']}), "
        f"{m['ram_gb']:.0f} GB RAM, {pg}; load average during the run "
        f"{load.get('min', 0):.1f}–{load.get('max', 0):.1f} (mean {load.get('mean', 0):.1f}). "
        "Each database is vacuumed and analysed before it is measured, as autovacuum keeps "
        "one in use. In-process times are medians of warm requests through Django's test "
        "client; the ratios compare the largest size with the smallest.",
    ]
    return "\n".join(lines) + "\n"


def render_results(results: dict) -> str:
    sizes = sorted(results["sizes"], key=int)
    parts = [
        "# Benchmark results (`make bench`)",
        "",
        "Written by `bench/run.py` from `bench/results.json`; do not edit by hand "
        "(`bench/run.py --rewrite` renders it again).",
        "",
        render_table(results),
        "## Datasets",
        "",
        "| size | people | cases | support records | built in |",
        "|---|---|---|---|---|",
    ]
    for size in sizes:
        data = results["sizes"][size].get("dataset", {})
        counts = data.get("counts") or {}
        counts = json.loads(counts) if isinstance(counts, str) else counts
        parts.append(
            f"| {_size(size)} | {counts.get('people', 0):,} | {counts.get('cases', 0):,} | "
            f"{counts.get('supports', 0):,} | {data.get('seconds', 0):,.0f} s |"
        )
    parts += ["", "## Pages in-process (median ms, queries)", ""]
    parts.append("| page | " + " | ".join(_size(s) for s in sizes) + " |")
    parts.append("|---|" + "---|" * len(sizes))
    names = list(results["sizes"][sizes[0]].get("pages", {}))
    for name in names:
        cells = []
        for size in sizes:
            page = results["sizes"][size].get("pages", {}).get(name)
            cells.append(
                f"{page['ms']:,.0f} ms, {page['queries']} q, HTTP {page['status']}" if page else "–"
            )
        parts.append(f"| {name} | " + " | ".join(cells) + " |")
    parts += ["", "## Under gunicorn", ""]
    for size in sizes:
        load = results["sizes"][size].get("load")
        if not load:
            continue
        rss = ", ".join(f"{mb:.0f}" for mb in load.get("worker_rss_mb", []))
        parts.append(
            f"{_size(size)}: {load['workers']} workers, {load['connections']} connections, "
            f"the pages taking turns in {load.get('rounds', 1)} rounds; resident memory of "
            f"each worker after the load: {rss} MB"
        )
        parts.append("")
        parts.append("| page | requests | req/s | p50 | p95 | statuses |")
        parts.append("|---|---|---|---|---|---|")
        for name, page in load["pages"].items():
            parts.append(
                f"| {name} | {page['requests']} | {page['rps']:.1f} | {_ms(page['p50_ms'])} | "
                f"{_ms(page['p95_ms'])} | {page['statuses']} |"
            )
        parts.append("")
    parts += ["## Import and report", ""]
    for size in sizes:
        data = results["sizes"][size]
        imp, rep = data.get("import") or {}, data.get("report") or {}
        if imp:
            parts.append(
                f"- {_size(size)}: import of {imp['rows']} rows in {imp['seconds']:.1f} s "
                f"({imp['rows_per_s']:,.0f} rows/s; {imp['method']})"
            )
        if rep:
            parts.append(
                f"- {_size(size)}: annual report {rep['year']}, {rep['statements']} statements: "
                f"bare SQL {rep['bare_s']:.2f} s, task {rep['task_s']:.2f} s "
                f"({rep['ratio']:.2f} ×), peak Python allocations {rep['python_peak_mb']:.0f} MB, "
                f"peak RSS {rep['rss_peak_mb']:.0f} MB"
            )
    m = results["machine"]
    parts += [
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores",
        f"- RAM: {m['ram_gb']:.1f} GB",
    ]
    pg = next((r.get("postgresql") for r in results["sizes"].values() if r.get("postgresql")), "")
    parts += [f"- {pg}", f"- Python {m['python']}, {m['os']}"]
    load = results.get("load_average") or {}
    parts.append(
        f"- load average (1 min) during the run: min {load.get('min', 0):.2f}, "
        f"mean {load.get('mean', 0):.2f}, max {load.get('max', 0):.2f} "
        f"({results.get('load_average_samples', 0)} samples); other work shared the machine"
    )
    parts.append(f"- date: {results['date']}")
    return "\n".join(parts) + "\n"


def replace_readme_table(readme: str, table: str) -> str:
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md has no {START} … {END} markers")
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table}{END}{after}"


# --- measuring one size (child process) ----------------------------------------------------------


def measure(args) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import dataset

    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL (DATABASE_URL).")
    call_command("migrate", verbosity=0)
    result = {"size": args.measure, "dataset": dataset.build(args.measure, rebuild=args.rebuild)}
    with connection.cursor() as cursor:
        # The state autovacuum keeps a database in use in (visibility map set, statistics
        # fresh): index-only scans depend on it, and this machine kind runs PostgreSQL with
        # autovacuum off. Quick when nothing changed since the last run.
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("SHOW server_version")
        result["postgresql"] = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    pages, targets = in_process(args.repeat)
    result["pages"] = pages
    print("  in-process:", {k: round(v["ms"]) for k, v in pages.items()}, flush=True)
    if not args.skip_load:
        from bench import load

        result["load"] = load.measure(
            os.environ["DATABASE_URL"],
            {
                "trivial page": targets["trivial page"],
                "case page": targets["case page"],
                "list": targets["list"],
            },
            username="bench_tinh",
            password=dataset.PASSWORD,
            totp_key=dataset.TOTP_KEYS["bench_tinh"],
            seconds=args.load_seconds,
        )
        print(
            "  gunicorn:",
            {k: round(v["rps"], 1) for k, v in result["load"]["pages"].items()},
            flush=True,
        )
    result["import"] = import_rate(IMPORT_ROWS)
    print(f"  import: {result['import']['rows_per_s']:.0f} rows/s", flush=True)
    # The report in a process of its own: its peak RSS is then the report's, not the dataset's.
    report_json = Path(args.out).with_suffix(".report.json")
    year = str(datetime.date.today().year - 1)
    script = str(BENCH / "report_bench.py")
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            script,
            "--size",
            str(args.measure),
            "--year",
            year,
            "--json",
            str(report_json),
        ],
        check=True,
        cwd=ROOT,
    )
    result["report"] = json.loads(report_json.read_text())
    print(
        f"  report: {result['report']['ratio']:.2f} x, {result['report']['rss_peak_mb']:.0f} MB",
        flush=True,
    )
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))


def _client_for(username):
    import django_otp
    from django.http import HttpRequest
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, TOTPDevice.objects.get(user=user, confirmed=True))
    request.session.save()
    return client


def in_process(repeat: int) -> tuple[dict, dict]:
    import logging

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from bench.dataset import DISTRICT_CODE
    from victims.models import Case

    setup_test_environment()
    logging.disable(logging.WARNING)
    settings.ALLOWED_HOSTS = ["*"]
    staff, officer = _client_for("bench_tinh"), _client_for("bench_huyen")
    case = (
        Case.objects.filter(
            managing_unit__code=DISTRICT_CODE, managing_unit__is_legacy=True, status="identified"
        )
        .exclude(victim__id_number_hash="")
        .select_related("victim")
        .order_by("-pk")
        .first()
    )
    list_url = reverse("victims:case-list")

    def search(text):
        response = staff.post(list_url, {"q": text})
        return response.get("Location") or f"{list_url}?q={text}"

    targets = {
        "list": list_url,
        "age<16": f"{list_url}?age_band=under_16",
        "ngoại tỉnh": f"{list_url}?residence=other_province",
        "search nguyen thi": search("nguyen thi"),
        "search ID number": search(case.victim.id_number),
        "page 500": f"{list_url}?page=500",
        "last page": f"{list_url}?page=last",
        "dashboard province": reverse("home"),
        "dashboard district": reverse("home"),
        "case page": reverse("victims:case-detail", args=[case.pk]),
        "trivial page": reverse("accounts:notifications"),
    }
    pages = {}
    for name, url in targets.items():
        client = officer if name == "dashboard district" else staff
        client.get(url)  # warm
        durations = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                durations.append((time.perf_counter() - started) * 1000)
        found = None
        if name == "search ID number":
            found = case.code in response.content.decode()
        pages[name] = {
            "ms": statistics.median(durations),
            "min_ms": min(durations),
            "queries": len(queries),
            "status": response.status_code,
            **({"found": found} if found is not None else {}),
        }
    return pages, targets


def import_rate(rows: int) -> dict:
    """The app's import services (read, check, save) on a generated workbook; rolled back."""
    import io

    from django.db import transaction
    from openpyxl import Workbook

    from accounts.models import User
    from locations.models import AdministrativeUnit
    from victims import importing

    if (BENCH / "import_bench.py").exists():
        from bench import import_bench

        if hasattr(import_bench, "measure"):
            return {**import_bench.measure(rows=rows), "method": "bench/import_bench.py"}
    user = User.objects.get(username="bench_tinh")
    legacy = AdministrativeUnit.objects.filter(
        is_legacy=True, level="commune", path__startswith="38/"
    )
    names = Counter(legacy.values_list("name", "parent_id"))
    communes = [
        c
        for c in legacy.select_related("parent").order_by("pk")[:60]
        if names[(c.name, c.parent_id)] == 1
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(importing.HEADERS)
    for i in range(rows):
        commune = communes[i % len(communes)]
        values = {
            "full_name": f"Nguyễn Thị Nhập {i}",
            "other_names": "",
            "sex": "Nữ",
            "birth": str(1985 + i % 14),
            "ethnic_group": "Kinh",
            "id_number": f"0381{(1985 + i % 14) % 100:02d}{900000 + i:06d}",
            "commune": commune.name,
            "district": commune.parent.name,
            "province": "Thanh Hóa",
            "country": "Trung Quốc",
            "forms": "Bóc lột tình dục",
            "received_on": f"{1 + i % 28:02d}/03/2024",
            "channel": "Nước ngoài trao trả qua cửa khẩu",
            "agency": "Bộ đội Biên phòng",
            "criminal_case": "",
            "note": "",
            "investigating_agency": "",
        }
        sheet.append([values[key] for key in importing.KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    with transaction.atomic():
        started = time.perf_counter()
        results = importing.check_rows(importing.read_rows(io.BytesIO(content)), user=user)
        checked = time.perf_counter() - started
        saved = importing.save_rows(results, user=user)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "rows": rows,
        "saved": saved,
        "check_s": checked,
        "seconds": seconds,
        "rows_per_s": saved / seconds if saved else 0,
        "method": "victims.importing read_rows + check_rows + save_rows, in-process",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="make bench (issue 17)")
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,100000"))
    parser.add_argument("--rebuild", action="store_true", help="build the datasets again")
    parser.add_argument("--rewrite", action="store_true", help="render from bench/results.json")
    parser.add_argument("--skip-load", action="store_true", help="no gunicorn measurement")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--load-seconds", type=float, default=15.0)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rewrite:
        rewrite()
    elif args.measure:
        measure(args)
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
