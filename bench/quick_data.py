# ruff: noqa: E501 - SQL statements read better on long lines
"""A quick dataset for timing the pages (issue 17): two synthetic provinces in the database
DATABASE_URL names (use one of its own), a small one ("98", about 1k people) and a large one
("99", 60k people by default), with their cases, receptions in both legal regimes, supports,
Vietnamese names and ID numbers encrypted and hashed as the app writes them, and three users
(provincial staff of each province, a district officer of the large one). Then the pages are
timed through Django's test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tc_perf .venv/bin/python bench/quick_data.py
    DATABASE_URL=... .venv/bin/python bench/quick_data.py --time-only
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from core import crypto  # noqa: E402
from locations.models import AdministrativeUnit  # noqa: E402
from support_services.models import SupportType  # noqa: E402
from victims.models import ExploitationForm, Victim  # noqa: E402

SURNAMES = [
    ("Nguyễn", "nguyen"),
    ("Trần", "tran"),
    ("Lê", "le"),
    ("Phạm", "pham"),
    ("Hoàng", "hoang"),
    ("Đặng", "dang"),
    ("Vũ", "vu"),
]
MIDDLE = [("Thị", "thi"), ("Văn", "van"), ("Ngọc", "ngoc"), ("Minh", "minh"), ("Thu", "thu")]
GIVEN = [
    ("Lan", "lan"),
    ("Hương", "huong"),
    ("Mai", "mai"),
    ("Hoa", "hoa"),
    ("Tuấn", "tuan"),
    ("Dũng", "dung"),
    ("Thảo", "thao"),
    ("Linh", "linh"),
    ("Yến", "yen"),
    ("Sơn", "son"),
    ("Hà", "ha"),
]


def _unit(code, level, *, is_legacy=True, **defaults):
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code=code, level=level, is_legacy=is_legacy, defaults=defaults
    )
    return unit


def build_units(code: str, districts: int):
    province = _unit(code, "province", is_legacy=False, name=f"Tỉnh {code}", division_type="tỉnh")
    communes, first_district = [], None
    for d in range(districts):
        district = _unit(f"{code}{d:02d}", "district", name=f"Huyện {code}-{d}", parent=province)
        first_district = first_district or district
        for c in range(10):
            communes.append(
                _unit(f"{code}{d:02d}{c}", "commune", name=f"Xã {code}-{d}-{c}", parent=district).pk
            )
    return province, first_district, communes


def fill(prefix: str, people: int, cases: int, supports: int, communes: list[int]) -> None:
    regimes = {
        regime: list(SupportType.objects.filter(regime=regime).values_list("pk", flat=True))
        for regime in ("legacy", "current")
    }
    forms = list(ExploitationForm.objects.values_list("pk", flat=True))
    arrays = {
        "s": [s for s, _ in SURNAMES],
        "sk": [k for _, k in SURNAMES],
        "m": [s for s, _ in MIDDLE],
        "mk": [k for _, k in MIDDLE],
        "g": [s for s, _ in GIVEN],
        "gk": [k for _, k in GIVEN],
    }
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute("SELECT coalesce(max(id), 0) FROM victims_victim")
        before = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO victims_victim (full_name, other_names, search_name, sex, birth_year,
                nationality, id_type, id_number, permanent_address, current_address, phone,
                education, occupation, marital_status, has_disability, disability_note,
                poverty_status, receives_social_allowance, guardian_name, guardian_relation, guardian_phone, created_at,
                updated_at, permanent_unit_id, id_number_hash, version, anonymisation_reason)
            SELECT (%(s)s::text[])[1 + i %% 7] || ' ' || (%(m)s::text[])[1 + (i / 7) %% 5] || ' ' || (%(g)s::text[])[1 + (i / 35) %% 11] || ' ' || i,
                '',
                (%(sk)s::text[])[1 + i %% 7] || ' ' || (%(mk)s::text[])[1 + (i / 7) %% 5] || ' ' || (%(gk)s::text[])[1 + (i / 35) %% 11] || ' ' || i,
                CASE WHEN i %% 5 = 0 THEN 'male' ELSE 'female' END,
                1975 + i %% 40, 'VN', 'cccd', '', '', '', '', 'unknown', '', 'unknown', false, '',
                CASE WHEN i %% 3 = 0 THEN 'poor' ELSE 'neither' END, false, '', '', '', now(), now(),
                (%(communes)s::bigint[])[1 + i %% %(n_communes)s], '', 1, ''
            FROM generate_series(1, %(people)s) AS i
            """,
            {**arrays, "communes": communes, "n_communes": len(communes), "people": people},
        )
        # ID numbers encrypted and hashed as the app writes them.
        cursor.execute("SELECT id FROM victims_victim WHERE id > %s ORDER BY id", [before])
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("CREATE TEMP TABLE ids (id bigint, token text, hash text) ON COMMIT DROP")
        with cursor.copy("COPY ids FROM STDIN") as copy:
            for pk in ids:
                number = f"0{prefix}{pk:09d}"
                copy.write_row((pk, crypto.encrypt(number), Victim.id_number_key(number)))
        cursor.execute(
            "UPDATE victims_victim v SET id_number = ids.token, id_number_hash = ids.hash FROM ids WHERE ids.id = v.id"
        )
        cursor.execute(
            """
            INSERT INTO victims_case (code, status, person_category, recruitment_place,
                recruitment_means, recruitment_channel, trafficker_relation, destination_country,
                destination_place, note, created_at, updated_at, managing_unit_id, victim_id, version)
            SELECT %(prefix)s || '-' || i, (ARRAY['identified','identified','suspected','not_victim'])[1 + i %% 4],
                'victim', '', 'job_offer', 'social_media', '', (ARRAY['CN','LA','KH','TH','MY'])[1 + i %% 5],
                '', '', now(), now(), (%(communes)s::bigint[])[1 + i %% %(n_communes)s],
                %(first)s + 1 + (i %% %(people)s), 1
            FROM generate_series(1, %(cases)s) AS i
            """,
            {
                "prefix": f"BQ{prefix}",
                "communes": communes,
                "n_communes": len(communes),
                "first": ids[0] - 1,
                "people": people,
                "cases": cases,
            },
        )
        like = f"BQ{prefix}-%"
        cursor.execute(
            """
            INSERT INTO victims_reception (received_on, channel, agency_type, agency_name, place,
                record_number, officer, documents, recorded_on, case_id)
            SELECT DATE '2018-06-01' + (c.id %% 3000)::int, (ARRAY['rescued','self_returned','handed_over'])[1 + c.id %% 3],
                'border_guard', '', '', '', '', '[]'::jsonb, CURRENT_DATE, c.id
            FROM victims_case c WHERE c.code LIKE %(like)s
            """,
            {"like": like},
        )
        cursor.execute(
            """
            INSERT INTO victims_case_exploitation_forms (case_id, exploitationform_id)
            SELECT c.id, (%(forms)s::bigint[])[1 + c.id %% %(n_forms)s]
            FROM victims_case c WHERE c.code LIKE %(like)s
            """,
            {"forms": forms, "n_forms": len(forms), "like": like},
        )
        cursor.execute("SELECT min(id) FROM victims_case WHERE code LIKE %s", [like])
        first_case = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO support_services_supportrecord (status, proposed_on, quantity,
                decision_number, decision_date, deciding_authority, provided_on, amount,
                amount_override_reason, provider, rejection_reason, created_at, updated_at,
                case_id, support_type_id, version)
            SELECT s.status, r.received_on + 2, 1, CASE WHEN s.status IN ('approved','provided') THEN 'QĐ-' || g.i ELSE '' END, CASE WHEN s.status IN ('approved','provided')
                THEN r.received_on + 4 END, '', CASE WHEN s.status = 'provided' THEN r.received_on + 9 END,
                CASE WHEN s.status = 'provided' THEN 100000 * (1 + g.i %% 20) END, '', '', CASE WHEN s.status = 'rejected' THEN 'Không đủ điều kiện' ELSE '' END,
                now(), now(), r.case_id,
                CASE WHEN r.received_on >= DATE '2025-07-01'
                    THEN (%(current)s::bigint[])[1 + g.i %% %(n_current)s]
                    ELSE (%(legacy)s::bigint[])[1 + g.i %% %(n_legacy)s] END, 1
            FROM generate_series(1, %(supports)s) AS g(i)
            JOIN LATERAL (SELECT (ARRAY['provided','provided','provided','approved','proposed','rejected'])[1 + g.i %% 6] AS status) s ON true
            JOIN victims_reception r ON r.case_id = %(first_case)s + (g.i %% %(cases)s)
            """,
            {
                "current": regimes["current"],
                "n_current": len(regimes["current"]),
                "legacy": regimes["legacy"],
                "n_legacy": len(regimes["legacy"]),
                "supports": supports,
                "cases": cases,
                "first_case": first_case,
            },
        )
        _after_fill(cursor, like)


def _after_fill(cursor, like: str) -> None:
    """Denormalised columns the app keeps in sync in its services (victims.services)."""
    columns = {
        c.name for c in connection.introspection.get_table_description(cursor, "victims_case")
    }
    if "received_on" in columns:
        cursor.execute(
            "UPDATE victims_case c SET received_on = r.received_on FROM victims_reception r "
            "WHERE r.case_id = c.id AND c.code LIKE %s",
            [like],
        )
    if "age_at_reception" in columns:
        from victims.derived import case_derived_refresh
        from victims.models import Case

        case_derived_refresh(Case.objects.filter(code__startswith=like.rstrip("%")))


def make_user(username, role, unit):
    from accounts.models import User

    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": role, "jurisdiction": unit}
    )
    return user


def build(args):
    call_command("migrate", verbosity=0)
    small, _small_district, small_communes = build_units("98", 2)
    large, large_district, large_communes = build_units("99", 20)
    from victims.models import Case

    if not Case.objects.filter(code__startswith="BQ98-").exists():
        started = time.perf_counter()
        fill("98", 1000, 1500, 10000, small_communes)
        fill("99", args.people, args.cases, args.supports, large_communes)
        print(f"built in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    make_user("bench_small", "provincial_staff", small)
    make_user("bench_large", "provincial_staff", large)
    make_user("bench_district", "district_officer", large_district)


def timings(repeat: int) -> None:
    import logging

    from django.conf import settings
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from victims.models import Case

    setup_test_environment()
    logging.disable(logging.INFO)
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False

    def client_for(username):
        import django_otp
        from django.http import HttpRequest
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        request = HttpRequest()
        request.session = client.session
        request.user = user
        django_otp.login(request, device)
        request.session.save()
        return client

    def search_url(client, text):
        response = client.post(reverse("victims:case-list"), {"q": text})
        return response["Location"]

    list_url = reverse("victims:case-list")
    rows = []
    for username in ("bench_small", "bench_large", "bench_district"):
        client = client_for(username)
        user = User.objects.get(username=username)
        prefix = "BQ98" if username == "bench_small" else "BQ99"
        case = Case.objects.filter(code__startswith=prefix).order_by("pk").last()
        number = f"0{prefix[2:]}{case.victim_id:09d}"
        pages = {
            "list": list_url,
            "age<16": f"{list_url}?age_band=under_16",
            "ngoại tỉnh": f"{list_url}?residence=other_province",
            "search nguyen thi": search_url(client, "nguyen thi"),
            "search ID number": search_url(client, number),
            "page 500": f"{list_url}?page=500",
            "last page": f"{list_url}?page=last",
            "dashboard": reverse("home"),
            "case page": reverse("victims:case-detail", args=[case.pk]),
        }
        for name, url in pages.items():
            durations = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    durations.append((time.perf_counter() - started) * 1000)
            rows.append(
                (
                    user.username,
                    name,
                    response.status_code,
                    statistics.median(durations),
                    len(queries),
                )
            )
    print(f"{'user':16} {'page':20} {'status':>6} {'ms':>8} {'queries':>8}")
    for username, name, status, ms, count in rows:
        print(f"{username:16} {name:20} {status:>6} {ms:8.0f} {count:>8}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=60_000)
    parser.add_argument("--cases", type=int, default=90_000)
    parser.add_argument("--supports", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time-only", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL (DATABASE_URL).")
    if not args.time_only:
        build(args)
    timings(args.repeat)


if __name__ == "__main__":
    main()
