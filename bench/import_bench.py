"""Benchmark of the Excel import (issue 17: >= 500 rows/s): check and save of a generated
workbook of N rows (default 2,000), as the import's Celery tasks run them, on PostgreSQL.

Builds (once, in the database DATABASE_URL names — use a database of its own) a test province
"98" with ten legacy communes of one district and an officer of that district, then writes a
workbook of N distinct rows (Vietnamese names, one in three with a CCCD, one in five with a
criminal case, exploitation forms, two years of return), and times

- reading the workbook (`read_rows`),
- checking every row (`check_rows`, as the job's check task),
- saving the valid rows (`save_rows`, as the job's save task),

printing rows per second for each and for check + save. Each run imports new people (the names
carry the run's time), so it may run again on the same database. It is not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trafficking_bench \\
        .venv/bin/python bench/import_bench.py --rows 2000
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from locations.models import AdministrativeUnit  # noqa: E402
from victims import importing  # noqa: E402

PROVINCE_CODE = "98"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Lò", "Hà", "Vi", "Lường"]
MIDDLE = ["Thị", "Văn", "Thị Thu", "Đức", "Thị Ngọc", "Minh"]
GIVEN = ["Mai", "Lan", "Hoa", "Nam", "Dũng", "Hương", "Ánh", "Đào", "Sơn", "Thảo", "Yến"]
COUNTRIES = ["Trung Quốc", "Lào", "Campuchia", "Malaysia", "Việt Nam"]
CHANNELS = ["Nước ngoài trao trả qua cửa khẩu", "Tự trở về", "Được giải cứu"]
FORMS = ["Bóc lột tình dục", "Cưỡng bức lao động", "Bóc lột tình dục; cưỡng bức lao động"]


def build_area() -> tuple[User, list[str]]:
    province, _created = AdministrativeUnit.objects.get_or_create(
        code=PROVINCE_CODE,
        level="province",
        defaults={"name": "Tỉnh Thử Nhập", "division_type": "tỉnh", "is_legacy": False},
    )
    district, _created = AdministrativeUnit.objects.get_or_create(
        code="981",
        level="district",
        defaults={"name": "Huyện Thử Nhập", "parent": province, "is_legacy": True},
    )
    communes = []
    for index in range(10):
        commune, _created = AdministrativeUnit.objects.get_or_create(
            code=f"98{index:03d}",
            level="commune",
            defaults={
                "name": f"Xã Nhập Thử {index}",
                "division_type": "xã",
                "parent": district,
                "is_legacy": True,
            },
        )
        communes.append(commune.name)
    officer, _created = User.objects.get_or_create(
        username="bench.import",
        defaults={"role": Role.DISTRICT_OFFICER, "jurisdiction": district},
    )
    return officer, communes


def workbook(rows: int, communes: list[str], run: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(importing.HEADERS)
    for index in range(rows):
        birth_year = 1975 + index % 30
        female = index % 4 != 0
        values = {
            "full_name": (
                f"{SURNAMES[index % 10]} {MIDDLE[index % 6]} {GIVEN[index % 11]} {run}{index}"
            ),
            "other_names": "",
            "sex": "Nữ" if female else "Nam",
            "birth": str(birth_year),
            "ethnic_group": "Thái" if index % 3 else "Kinh",
            "id_number": _cccd(index, run, birth_year, female) if index % 3 == 0 else "",
            "commune": communes[index % len(communes)],
            "district": "Huyện Thử Nhập",
            "province": "Tỉnh Thử Nhập",
            "country": COUNTRIES[index % len(COUNTRIES)],
            "forms": FORMS[index % len(FORMS)],
            "received_on": f"{1 + index % 28:02d}/{1 + index % 12:02d}/{2023 + index % 2}",
            "channel": CHANNELS[index % len(CHANNELS)],
            "agency": "Bộ đội Biên phòng",
            "criminal_case": f"{index % 40}/VA-{run}" if index % 5 == 0 else "",
            "note": "",
            "investigating_agency": "",
        }
        sheet.append([values[key] for key in importing.KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cccd(index: int, run: str, birth_year: int, female: bool) -> str:
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if female else 0)
    serial = (int(run) * 10_000 + index) % 1_000_000
    return f"038{digit}{birth_year % 100:02d}{serial:06d}"


def timed(label: str, rows: int, function):
    """Wall time (what the user waits) and this process's CPU time (the app's own work, less
    affected by other load on the machine)."""
    reset_queries()
    start, cpu = time.perf_counter(), time.process_time()
    value = function()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    queries = len(connection.queries)
    print(
        f"{label:<14} {seconds:7.2f} s  {rows / seconds:7.0f} rows/s   "
        f"cpu {cpu:6.2f} s  {queries:5d} queries"
    )
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own.")
    call_command("migrate", verbosity=0)
    officer, communes = build_area()
    run = str(int(time.time()) % 100_000)
    content = workbook(options.rows, communes, run)
    connection.force_debug_cursor = True  # count the queries

    rows, _seconds = timed("read", options.rows, lambda: importing.read_rows(io.BytesIO(content)))
    results, check = timed(
        "check", options.rows, lambda: importing.check_rows(rows, user=officer, recheck=True)
    )
    savable = sum(result.saves for result in results)
    if savable != options.rows:
        refused = [result.reasons for result in results if not result.saves][:3]
        print(f"{options.rows - savable} rows refused, e.g. {refused}")
    saved, save = timed("save", savable, lambda: importing.save_rows(results, user=officer))
    print(f"{'check + save':<14} {check + save:7.2f} s  {saved / (check + save):7.0f} rows/s")
    print(f"rows saved: {saved} of {options.rows}")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
