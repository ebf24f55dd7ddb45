# ruff: noqa: E501 - SQL statements read better on long lines
"""A synthetic province for the benchmark (issue 17): Thanh Hóa's units as the project loads
them, N people with 1.5 N cases and 10 N support records, in both legal regimes.

Rows are written by COPY (people, cases and what hangs on one case, generated in Python so that
names, ID numbers and dates are realistic and consistent) and by INSERT ... SELECT (the support
records and the applications built on them), never through the ORM row by row. Every row
satisfies the models' constraints; ID and phone numbers are encrypted and hashed exactly as the
app writes them (core.crypto through the model fields' own methods) so that the registry finds
a person by exact ID number; search keys are the app's (locations.text.search_key).

A table `bench_dataset` marks the database with the size built: `build()` reuses a database that
holds the size asked for and refuses one that holds another (rebuild=True empties it first).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trafficking_bench_1000 \\
        .venv/bin/python bench/dataset.py --size 1000 [--rebuild]
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trafficking_cases.settings")
    import django

    django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from locations.text import search_key

PROVINCE_CODE = "38"
LEGACY_UNITS = (
    Path(__file__).resolve().parent.parent / "locations/data/legacy_units_38_thanh_hoa.csv"
)
REFORM = datetime.date(2025, 7, 1)
FIRST_DAY = datetime.date(2016, 1, 1)
PASSWORD = "Bench@Thanh-Hoa-2026"  # noqa: S105 - a synthetic database's users
# TOTP keys of the benchmark's users (hex, as django-otp stores them): the load generator logs
# in with a code computed from them.
TOTP_KEYS = {
    "bench_tinh": "3132333435363738393031323334353637383930",
    "bench_huyen": "3039383736353433323130393837363534333231",
}
USERS = {"bench_tinh": "provincial_staff", "bench_huyen": "district_officer"}
DISTRICT_CODE = "380"  # Thành phố Thanh Hóa (legacy), the district officer's jurisdiction

SURNAMES = (
    ["Nguyễn"] * 8
    + ["Lê"] * 4
    + ["Trần"] * 3
    + ["Phạm"] * 2
    + [
        "Hoàng",
        "Vũ",
        "Đỗ",
        "Bùi",
        "Đặng",
        "Ngô",
        "Dương",
        "Lò",
        "Hà",
        "Cầm",
        "Lương",
        "Trịnh",
        "Mai",
    ]
)
MIDDLE = {
    "female": ["Thị"] * 6 + ["Ngọc", "Thu", "Hồng", "Thanh", "Kim", "Bích"],
    "male": ["Văn"] * 6 + ["Đức", "Minh", "Quang", "Hữu", "Công", "Thanh"],
}
GIVEN = {
    "female": [
        "Lan",
        "Hương",
        "Mai",
        "Hoa",
        "Thảo",
        "Linh",
        "Yến",
        "Hà",
        "Nhung",
        "Trang",
        "Hằng",
        "Phương",
        "Dung",
        "Huyền",
        "Ngân",
        "Thúy",
        "Nga",
        "Loan",
        "Oanh",
        "Xuân",
        "Ánh",
        "Duyên",
    ],
    "male": [
        "Tuấn",
        "Dũng",
        "Sơn",
        "Hùng",
        "Cường",
        "Long",
        "Nam",
        "Thắng",
        "Đức",
        "Hải",
        "Khánh",
        "Quân",
        "Tùng",
        "Phúc",
        "Lực",
        "Thành",
    ],
}
COUNTRIES = ["CN"] * 10 + ["LA"] * 3 + ["KH"] * 3 + ["MY", "TH", "MM", "KR", "TW", "VN", "VN"]
CHANNELS = ["rescued", "self_returned", "handed_over", "handed_over", "mission", "self_reported"]
AGENCIES = ["border_guard", "border_guard", "police", "commune_committee", "social_facility"]
MEANS = ["job_offer", "job_offer", "marriage", "travel", "debt", "abduction", "other"]
REACH = ["facebook", "zalo", "tiktok", "in_person", "broker", "phone"]
RELATION = ["stranger", "acquaintance", "online", "relative", "neighbour", "unknown"]
SERVICES = ["shelter", "health_care", "psychological", "legal_aid", "vocational_training", "loans"]
PROGRAMMES = ["poverty_reduction", "vocational_jobs", "social_assistance", "health_insurance"]
ACTIVITIES = [
    "communication",
    "national_day",
    "printing",
    "community_meeting",
    "counselling",
    "training",
]
DATA_TABLES = [
    "victims_victim",
    "victims_criminalcase",
    "prevention_preventionactivity",
    "support_services_serviceprovider",
    "victims_casecodecounter",
]


def sizes(size: int) -> dict[str, int]:
    return {"people": size, "cases": size * 3 // 2, "supports": size * 10}


# --- marker ------------------------------------------------------------------------------------


def built_size(cursor) -> int | None:
    cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return None
    cursor.execute("SELECT size FROM bench_dataset ORDER BY built_at DESC LIMIT 1")
    row = cursor.fetchone()
    return row[0] if row else None


def _derived_columns() -> None:
    """The case's columns the app derives on save (victims/derived.py): the raw inserts fill
    `received_on`; the age at reception and the residence in the province are computed here by
    the app's own expression."""
    from victims.derived import case_derived_refresh
    from victims.models import Case

    case_derived_refresh(Case.objects.all())


def build(size: int, *, rebuild: bool = False, seed: int = 17, log=print) -> dict:
    """Build (or reuse) the dataset of `size` people in the default database; returns what the
    marker records (size, seconds, row counts)."""
    with connection.cursor() as cursor:
        existing = built_size(cursor)
        if existing == size and not rebuild:
            cursor.execute(
                "SELECT size, seconds, counts FROM bench_dataset ORDER BY built_at DESC LIMIT 1"
            )
            size_, seconds, counts = cursor.fetchone()
            log(f"dataset of {size:,} people already built (reused)")
            counts = json.loads(counts) if isinstance(counts, str) else counts
            return {"size": size_, "seconds": seconds, "counts": counts, "reused": True}
        if existing is not None and not rebuild:
            raise SystemExit(f"The database holds a dataset of {existing} people; pass --rebuild.")
        if existing is not None or rebuild:
            _empty(cursor)
    started = time.perf_counter()
    ensure_units(log)
    with transaction.atomic():
        counts = _fill(size, random.Random(seed), log)  # noqa: S311 - synthetic data
        _derived_columns()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset (size integer NOT NULL, seconds double precision,"
            " counts jsonb, built_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute(
            "INSERT INTO bench_dataset (size, seconds, counts) VALUES (%s, %s, %s)",
            [size, seconds, json.dumps(counts)],
        )
    log(f"dataset of {size:,} people built in {seconds:.0f} s: {counts}")
    return {"size": size, "seconds": seconds, "counts": counts, "reused": False}


def _empty(cursor) -> None:
    cursor.execute(f"TRUNCATE {', '.join(DATA_TABLES)} CASCADE")
    cursor.execute("DELETE FROM bench_dataset")
    cursor.execute(
        "DELETE FROM otp_totp_totpdevice WHERE user_id IN (SELECT id FROM accounts_user WHERE username LIKE 'bench\\_%%')"
    )


def ensure_units(log=print) -> None:
    from locations.models import AdministrativeUnit

    units = AdministrativeUnit.objects
    if not units.filter(
        is_legacy=True, level="district", path__startswith=f"{PROVINCE_CODE}/"
    ).exists():
        log("loading the units (current, and Thanh Hóa's legacy ones)")
        call_command("load_units", "--legacy", str(LEGACY_UNITS), verbosity=0)


# --- generation --------------------------------------------------------------------------------


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
    return cursor.fetchone()[0]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


def _units():
    from locations.models import AdministrativeUnit

    units = AdministrativeUnit.objects
    province = units.get(code=PROVINCE_CODE, level="province")
    legacy = list(
        units.filter(
            is_legacy=True, level="commune", path__startswith=f"{PROVINCE_CODE}/"
        ).values_list("pk", "parent_id")
    )
    current = list(
        units.filter(
            is_legacy=False, level="commune", path__startswith=f"{PROVINCE_CODE}/"
        ).values_list("pk", flat=True)
    )
    outside = list(
        units.filter(is_legacy=False, level="commune")
        .exclude(path__startswith=f"{PROVINCE_CODE}/")
        .order_by("pk")
        .values_list("pk", flat=True)[::15]
    )
    district = units.get(is_legacy=True, level="district", code=DISTRICT_CODE)
    return province, legacy, current, outside, district


def users(province, district) -> dict[str, int]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    ids = {}
    for username, role in USERS.items():
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role = role
        user.jurisdiction = province if role == "provincial_staff" else district
        user.first_name, user.last_name = (
            ("Lê Thị", "Hồng") if role == "provincial_staff" else ("Trần Văn", "Nam")
        )
        user.set_password(PASSWORD)
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="bench", key=TOTP_KEYS[username], confirmed=True)
        ids[username] = user.pk
    return ids


def _fill(size: int, rng: random.Random, log) -> dict[str, int]:
    from support_services.models import SupportType
    from victims.models import EthnicGroup, ExploitationForm, Victim

    numbers = sizes(size)
    province, legacy, current, outside, district = _units()
    user_ids = users(province, district)
    officer = user_ids["bench_huyen"]
    approver = user_ids["bench_tinh"]
    today = timezone.localdate()
    now = timezone.now()
    span = (today - FIRST_DAY).days - 1
    ethnic = dict(EthnicGroup.objects.values_list("name", "pk"))
    ethnic_pool = (
        [ethnic.get("Kinh")] * 14
        + [ethnic.get("Mường")] * 3
        + [ethnic.get("Thái")] * 2
        + [ethnic.get("Mông")]
    )
    ethnic_pool = [pk for pk in ethnic_pool if pk]
    forms = list(ExploitationForm.objects.values_list("pk", flat=True))
    field = Victim._meta.get_field("id_number")
    phone_field = Victim._meta.get_field("phone")
    counts: dict[str, int] = {}
    encrypt = lambda field_, value: field_.get_db_prep_value(value, connection)  # noqa: E731

    with connection.cursor() as cursor:
        # People, each with the date of the first return (their first case).
        first_victim = _next_id(cursor, "victims_victim")
        people = []
        for i in range(numbers["people"]):
            sex = "female" if rng.random() < 0.82 else "male"
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
            received = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
            age = rng.choice([13, 14, 15, 16, 17]) if rng.random() < 0.12 else rng.randrange(18, 45)
            birth_year = received.year - age
            date_of_birth = (
                datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
                if rng.random() < 0.7
                else None
            )
            if date_of_birth and date_of_birth > received:
                date_of_birth = None
            roll = rng.random()
            if roll < 0.12:
                unit = rng.choice(outside)
            elif received < REFORM:
                unit = rng.choice(legacy)[0]
            else:
                unit = rng.choice(current)
            century = (0 if birth_year < 2000 else 2) + (1 if sex == "female" else 0)
            number = (
                f"0{PROVINCE_CODE}{century}{birth_year % 100:02d}{i:06d}"
                if rng.random() < 0.9
                else ""
            )
            phone = f"09{rng.randrange(10**8):08d}" if rng.random() < 0.6 else ""
            people.append(
                (
                    first_victim + i,
                    sex,
                    name,
                    birth_year,
                    date_of_birth,
                    unit,
                    number,
                    phone,
                    received,
                )
            )

        def victim_rows():
            for pk, sex, name, birth_year, dob, unit, number, phone, _received in people:
                yield (
                    pk,
                    name,
                    "",
                    search_key(name),
                    sex,
                    dob,
                    birth_year,
                    rng.choice(ethnic_pool) if ethnic_pool else None,
                    "VN",
                    "cccd" if number else "",
                    encrypt(field, number),
                    Victim.id_number_key(number),
                    unit,
                    f"Thôn {rng.randint(1, 15)}",
                    None,
                    "",
                    encrypt(phone_field, phone),
                    "unknown",
                    "",
                    "unknown",
                    False,
                    "",
                    rng.choice(["poor", "near_poor", "neither", "neither", "unknown"]),
                    False,
                    "",
                    "",
                    "",
                    now,
                    now,
                    "",
                    1,
                    officer,
                )

        counts["people"] = _copy(
            cursor,
            "victims_victim",
            [
                "id",
                "full_name",
                "other_names",
                "search_name",
                "sex",
                "date_of_birth",
                "birth_year",
                "ethnic_group_id",
                "nationality",
                "id_type",
                "id_number",
                "id_number_hash",
                "permanent_unit_id",
                "permanent_address",
                "current_unit_id",
                "current_address",
                "phone",
                "education",
                "occupation",
                "marital_status",
                "has_disability",
                "disability_note",
                "poverty_status",
                "receives_social_allowance",
                "guardian_name",
                "guardian_relation",
                "guardian_phone",
                "created_at",
                "updated_at",
                "anonymisation_reason",
                "version",
                "created_by_id",
            ],
            victim_rows(),
        )
        log(f"  {counts['people']:,} people")

        # Cases: one per person, then a second one for half of them (trafficked again).
        legacy_district = dict(legacy)
        first_case = _next_id(cursor, "victims_case")
        cases = []
        for j in range(numbers["cases"]):
            person = people[j] if j < len(people) else people[(j - len(people)) * 2 % len(people)]
            received = person[8]
            if j >= len(people):
                received = min(
                    received + datetime.timedelta(days=rng.randint(200, 2500)),
                    today - datetime.timedelta(days=1),
                )
            unit = person[5]
            if received < REFORM:
                manager = legacy_district.get(unit) or rng.choice(legacy)[1]
            else:
                manager = unit if unit in current else rng.choice(current)
            roll = rng.random()
            status = (
                "identified"
                if roll < 0.5
                else "suspected"
                if roll < 0.72
                else "not_victim"
                if roll < 0.8
                else "closed"
            )
            if status == "closed" and (today - received).days < 400:
                status = "identified"
            cases.append([first_case + j, person, received, manager, status])
        counters: dict[int, int] = {}
        case_rows = []
        for pk, person, received, manager, status in sorted(cases, key=lambda c: c[2]):
            counters[received.year] = counters.get(received.year, 0) + 1
            country = rng.choice(COUNTRIES)
            abroad = country != "VN"
            category = (
                "victim"
                if status in ("identified", "closed")
                else ("presumed_abroad" if abroad else "presumed_domestic")
            )
            case_rows.append(
                (
                    pk,
                    f"TH-{received.year}-{counters[received.year]:04d}",
                    status,
                    category,
                    None,
                    "",
                    rng.choice(MEANS),
                    rng.choice(REACH),
                    rng.choice(RELATION),
                    country,
                    "",
                    rng.choice([None, 3, 6, 12, 24]),
                    "",
                    now,
                    now,
                    manager,
                    person[0],
                    1,
                    received if status == "identified" and rng.random() < 0.2 else None,
                    received,
                    officer,
                )
            )
        counts["cases"] = _copy(
            cursor,
            "victims_case",
            [
                "id",
                "code",
                "status",
                "person_category",
                "recruited_on",
                "recruitment_place",
                "recruitment_means",
                "recruitment_channel",
                "trafficker_relation",
                "destination_country",
                "destination_place",
                "exploitation_months",
                "note",
                "created_at",
                "updated_at",
                "managing_unit_id",
                "victim_id",
                "version",
                "identified_on",
                "received_on",
                "created_by_id",
            ],
            case_rows,
        )
        cursor.execute(
            "INSERT INTO victims_casecodecounter (province_id, year, last_number) SELECT %s, y, n"
            " FROM unnest(%s::int[], %s::int[]) AS t(y, n)"
            " ON CONFLICT (province_id, year) DO UPDATE SET last_number = GREATEST(victims_casecodecounter.last_number, EXCLUDED.last_number)",
            [province.pk, list(counters), list(counters.values())],
        )
        log(f"  {counts['cases']:,} cases")

        counts["receptions"] = _copy(
            cursor,
            "victims_reception",
            [
                "case_id",
                "received_on",
                "channel",
                "agency_type",
                "agency_name",
                "place",
                "record_number",
                "record_date",
                "officer",
                "documents",
                "recorded_on",
                "age_on_reception",
            ],
            (
                (
                    pk,
                    received,
                    rng.choice(CHANNELS),
                    rng.choice(AGENCIES),
                    "Đồn Biên phòng cửa khẩu Na Mèo",
                    "Cửa khẩu Na Mèo",
                    f"{pk % 900 + 1}/BB-BP",
                    received,
                    "Lê Văn Hòa",
                    '["certificate_of_return"]',
                    received,
                    max(0, received.year - person[3]),
                )
                for pk, person, received, _m, _s in cases
            ),
        )
        counts["exploitation_links"] = _copy(
            cursor,
            "victims_case_exploitation_forms",
            ["case_id", "exploitationform_id"],
            (
                (pk, form)
                for pk, *_ in cases
                for form in (
                    {rng.choice(forms), rng.choice(forms)}
                    if rng.random() < 0.2
                    else {rng.choice(forms)}
                )
            ),
        )
        # Criminal cases for 2 % of the cases.
        cursor.execute(
            "INSERT INTO victims_criminalcase (number, investigating_agency, opened_on, note)"
            " SELECT 'VA-' || g || '/' || (2016 + g %% 10), 'Cơ quan CSĐT Công an tỉnh Thanh Hóa', DATE '2016-03-01' + (g * 7 %% 3000), ''"
            " FROM generate_series(1, %s) g RETURNING id",
            [max(1, numbers["cases"] // 100)],
        )
        criminal = [row[0] for row in cursor.fetchall()]
        linked = [pk for pk, *_ in cases if rng.random() < 0.02]
        cursor.execute(
            "UPDATE victims_case c SET criminal_case_id = t.cc FROM unnest(%s::bigint[], %s::bigint[]) AS t(id, cc) WHERE c.id = t.id",
            [linked, [rng.choice(criminal) for _ in linked]],
        )

        # Verification dossiers (every decided case, most suspected ones).
        def dossiers():
            for pk, _person, received, _manager, status in cases:
                if status == "suspected" and rng.random() < 0.3:
                    continue
                letter = received + datetime.timedelta(days=5)
                if letter > today:
                    yield (
                        pk,
                        "draft",
                        "",
                        "",
                        None,
                        "",
                        None,
                        None,
                        False,
                        now,
                        now,
                        1,
                        None,
                        officer,
                    )
                    continue
                reply = min(letter + datetime.timedelta(days=rng.randint(10, 40)), today)
                if status == "suspected":
                    due = letter + datetime.timedelta(days=30)
                    yield (
                        pk,
                        "sent",
                        "Công an tỉnh Thanh Hóa",
                        f"{pk % 500 + 1}/CV-UBND",
                        letter,
                        "",
                        None,
                        due,
                        due < today,
                        now,
                        now,
                        1,
                        None,
                        officer,
                    )
                    continue
                result = "not_victim" if status == "not_victim" else "identified"
                yield (
                    pk,
                    result,
                    "Công an tỉnh Thanh Hóa",
                    f"{pk % 500 + 1}/CV-UBND",
                    letter,
                    f"{pk % 700 + 1}/CAT-PC02",
                    reply,
                    letter + datetime.timedelta(days=30),
                    False,
                    now,
                    now,
                    1,
                    min(reply + datetime.timedelta(days=2), today),
                    officer,
                )

        counts["dossiers"] = _copy(
            cursor,
            "verification_verificationdossier",
            [
                "case_id",
                "status",
                "verifying_agency",
                "letter_number",
                "letter_date",
                "reply_number",
                "reply_date",
                "due_date",
                "is_overdue",
                "created_at",
                "updated_at",
                "version",
                "notified_on",
                "created_by_id",
            ],
            dossiers(),
        )

        # Consents of 40 % of the people; referrals for a third of their cases.
        consented = {}
        first_consent = _next_id(cursor, "victims_consent")
        consent_rows = []
        for person in people:
            if rng.random() < 0.4:
                consented[person[0]] = first_consent + len(consent_rows)
                consent_rows.append(
                    (
                        consented[person[0]],
                        person[0],
                        "person",
                        person[8],
                        '["case_management", "support"]',
                        "",
                        None,
                        "",
                        officer,
                    )
                )
        counts["consents"] = _copy(
            cursor,
            "victims_consent",
            [
                "id",
                "victim_id",
                "given_by",
                "given_on",
                "purposes",
                "evidence",
                "withdrawn_on",
                "withdrawal_note",
                "recorded_by_id",
            ],
            consent_rows,
        )
        cursor.execute(
            "INSERT INTO support_services_serviceprovider (kind, name, address, phone, email, contact_person, services, capacity, is_active, note, created_at, updated_at, area_id)"
            " SELECT (ARRAY['social_assistance','hospital','legal_aid','vocational_school','women_union'])[1 + g %% 5],"
            " (ARRAY['Trung tâm Công tác xã hội tỉnh Thanh Hóa','Bệnh viện Đa khoa','Trung tâm Trợ giúp pháp lý nhà nước','Trường Cao đẳng nghề','Hội Liên hiệp Phụ nữ'])[1 + g %% 5] || ' số ' || g,"
            " 'Thành phố Thanh Hóa', '0237385' || lpad(g::text, 4, '0'), '', 'Nguyễn Thị Thu', '[\"shelter\", \"health_care\"]'::jsonb, 50, true, '', now(), now(), %s"
            " FROM generate_series(1, 30) g RETURNING id",
            [province.pk],
        )
        providers = [row[0] for row in cursor.fetchall()]

        def referrals():
            for pk, person, received, _manager, status in cases:
                consent = consented.get(person[0])
                if consent is None or status == "not_victim" or rng.random() < 0.66:
                    continue
                sent = min(received + datetime.timedelta(days=7), today)
                state = rng.choice(["sent", "accepted", "completed", "completed"])
                provider = rng.choice(providers) if rng.random() < 0.6 else None
                yield (
                    pk,
                    "" if provider else rng.choice(PROGRAMMES),
                    rng.choice(SERVICES),
                    "Cần hỗ trợ ổn định cuộc sống",
                    state,
                    sent,
                    sent + datetime.timedelta(days=14),
                    None if state == "sent" else sent,
                    None,
                    "",
                    sent if state == "completed" else None,
                    "Đã hoàn thành" if state == "completed" else "",
                    "",
                    "",
                    now,
                    now,
                    consent,
                    provider,
                    1,
                    officer,
                )

        counts["referrals"] = _copy(
            cursor,
            "support_services_referral",
            [
                "case_id",
                "programme",
                "service",
                "need",
                "status",
                "sent_on",
                "due_on",
                "responded_on",
                "expected_completion_on",
                "decline_reason",
                "completed_on",
                "outcome",
                "cancel_reason",
                "override_reason",
                "created_at",
                "updated_at",
                "consent_id",
                "provider_id",
                "version",
                "created_by_id",
            ],
            referrals(),
        )

        # Follow-up visits of the identified and closed cases (FOLLOW_UP_MONTHS after the return).
        def follow_ups():
            for pk, _person, received, _manager, status in cases:
                if status not in ("identified", "closed"):
                    continue
                for months in settings.FOLLOW_UP_MONTHS:
                    due = _add_months(received, months)
                    empty = ("",) * 12
                    if due <= today and rng.random() < 0.85:
                        yield (
                            pk,
                            months,
                            received,
                            due,
                            "done",
                            due,
                            "home",
                            "stable",
                            "",
                            "stable",
                            "",
                            "stable",
                            "",
                            "attention",
                            "",
                            "stable",
                            "",
                            "stable",
                            "",
                            rng.choice(["low", "low", "medium", "high"]),
                            "Tiếp tục theo dõi",
                            "",
                            today,
                            now,
                            now,
                            officer,
                        )
                    else:
                        yield (
                            pk,
                            months,
                            received,
                            due,
                            "scheduled",
                            None,
                            "",
                            *empty,
                            "",
                            "",
                            "",
                            today,
                            now,
                            now,
                            None,
                        )

        counts["follow_ups"] = _copy(
            cursor,
            "support_services_followup",
            [
                "case_id",
                "months",
                "returned_on",
                "due_date",
                "status",
                "visited_on",
                "method",
                "safety_rating",
                "safety_note",
                "health_rating",
                "health_note",
                "housing_rating",
                "housing_note",
                "income_rating",
                "income_note",
                "schooling_rating",
                "schooling_note",
                "family_rating",
                "family_note",
                "risk",
                "next_steps",
                "note",
                "recorded_on",
                "created_at",
                "updated_at",
                "officer_id",
            ],
            follow_ups(),
        )

        def closures():
            for pk, _person, received, _manager, status in cases:
                if status == "closed":
                    closed = min(received + datetime.timedelta(days=400), today)
                    closed_at = timezone.make_aware(
                        datetime.datetime.combine(closed, datetime.time(9))
                    )
                    yield (
                        pk,
                        closed,
                        rng.choice(["reintegrated", "reintegrated", "lost_contact", "declined"]),
                        "",
                        "",
                        "",
                        None,
                        "",
                        "Đã tái hòa nhập cộng đồng",
                        "identified",
                        "approved",
                        closed_at,
                        officer,
                        closed_at,
                        approver,
                        "",
                        None,
                        "",
                        today,
                    )

        counts["closures"] = _copy(
            cursor,
            "support_services_caseclosure",
            [
                "case_id",
                "closed_on",
                "reason",
                "receiving_province_name",
                "receiving_agency",
                "handover_number",
                "handover_date",
                "handed_over",
                "note",
                "previous_status",
                "status",
                "proposed_at",
                "proposed_by_id",
                "decided_at",
                "decided_by_id",
                "rejection_reason",
                "reopened_at",
                "reopen_reason",
                "recorded_on",
            ],
            closures(),
        )
        log(
            f"  {counts['dossiers']:,} dossiers, {counts['referrals']:,} referrals, {counts['follow_ups']:,} follow-ups, {counts['closures']:,} closures"
        )

        # Support records: 10 per person on average, of the cases that may receive support, in
        # the regime of the case's reception date.
        regimes = {
            r: list(SupportType.objects.filter(regime=r).values_list("pk", flat=True))
            for r in ("legacy", "current")
        }
        cursor.execute(
            "CREATE TEMP TABLE bench_eligible ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY c.id) - 1 AS n, c.id, r.received_on"
            " FROM victims_case c JOIN victims_reception r ON r.case_id = c.id WHERE c.id >= %s AND c.status <> 'not_victim'",
            [first_case],
        )
        cursor.execute("SELECT count(*) FROM bench_eligible")
        eligible = cursor.fetchone()[0]
        cursor.execute("CREATE UNIQUE INDEX ON bench_eligible (n)")
        cursor.execute(
            """
            INSERT INTO support_services_supportrecord (status, proposed_on, quantity, decision_number, decision_date,
                deciding_authority, provided_on, amount, amount_override_reason, provider, rejection_reason, created_at,
                updated_at, case_id, created_by_id, support_type_id, version)
            SELECT s.status, d.proposed, 1,
                CASE WHEN s.status IN ('approved', 'provided') THEN (g.i %% 900 + 1) || '/QĐ-UBND' ELSE '' END,
                CASE WHEN s.status IN ('approved', 'provided') THEN d.decided END,
                CASE WHEN s.status IN ('approved', 'provided') THEN CASE WHEN e.received_on < %(reform)s THEN 'Chủ tịch UBND huyện' ELSE 'Chủ tịch UBND xã' END ELSE '' END,
                CASE WHEN s.status = 'provided' THEN LEAST(d.decided + 5, CURRENT_DATE) END,
                CASE WHEN s.status IN ('approved', 'provided') THEN 200000 * (1 + g.i %% 25) END,
                '', '', CASE WHEN s.status = 'rejected' THEN 'Không thuộc đối tượng được hỗ trợ' ELSE '' END,
                now(), now(), e.id, %(officer)s,
                CASE WHEN e.received_on >= %(reform)s THEN (%(current)s::bigint[])[1 + g.i %% %(n_current)s]
                    ELSE (%(legacy)s::bigint[])[1 + g.i %% %(n_legacy)s] END, 1
            FROM generate_series(0, %(supports)s - 1) AS g(i)
            JOIN bench_eligible e ON e.n = g.i %% %(eligible)s
            CROSS JOIN LATERAL (SELECT (ARRAY['provided','provided','provided','provided','provided','approved','approved','proposed','proposed','rejected'])[1 + (g.i / %(eligible)s + g.i) %% 10] AS status) s
            CROSS JOIN LATERAL (SELECT LEAST(e.received_on + 2 + (g.i / %(eligible)s) * 20, CURRENT_DATE) AS proposed) p
            CROSS JOIN LATERAL (SELECT p.proposed, LEAST(p.proposed + 3, CURRENT_DATE) AS decided) d
            """,
            {
                "reform": REFORM,
                "officer": officer,
                "current": regimes["current"],
                "n_current": len(regimes["current"]),
                "legacy": regimes["legacy"],
                "n_legacy": len(regimes["legacy"]),
                "supports": numbers["supports"],
                "eligible": eligible,
            },
        )
        counts["supports"] = cursor.rowcount
        # Applications (Law 53/2024's procedure) for the current regime's decided supports.
        cursor.execute(
            """
            INSERT INTO support_services_supportapplication (status, received_on, applicant_relation, applicant_name, certified_on,
                certification_number, forwarded_on, appraised_on, appraisal_note, due_date, decision_number, decision_date,
                deciding_authority, rejection_reason, created_at, updated_at, case_id, certifying_unit_id, created_by_id,
                support_record_id, support_type_id)
            SELECT DISTINCT ON (s.case_id) 'approved', s.proposed_on, 'self', '', s.proposed_on, s.case_id %% 800 + 1 || '/XN-UBND',
                s.proposed_on, s.proposed_on, 'Đủ điều kiện', s.decision_date, s.decision_number, s.decision_date,
                s.deciding_authority, '', now(), now(), s.case_id, c.managing_unit_id, %(officer)s, s.id, s.support_type_id
            FROM support_services_supportrecord s JOIN victims_case c ON c.id = s.case_id
            WHERE c.id >= %(first)s AND c.received_on >= %(reform)s AND s.status IN ('approved', 'provided')
            ORDER BY s.case_id, s.id
            """,
            {"officer": officer, "first": first_case, "reform": REFORM},
        )
        counts["applications"] = cursor.rowcount
        log(f"  {counts['supports']:,} supports, {counts['applications']:,} applications")

        # Prevention: one activity per 25 people, by legacy districts before the reform and
        # current communes after, with its participants by target group.
        cursor.execute("SELECT id FROM prevention_targetgroup ORDER BY id")
        groups = [row[0] for row in cursor.fetchall()]
        districts = sorted({d for _c, d in legacy})

        def activities():
            for k in range(max(1, size // 25)):
                start = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
                kind = rng.choice(ACTIVITIES)
                unit = rng.choice(districts) if start < REFORM else rng.choice(current)
                participants = rng.randint(30, 300)
                yield (
                    kind,
                    f"Truyền thông phòng, chống mua bán người năm {start.year} (đợt {k % 4 + 1})",
                    start,
                    start,
                    "Nhà văn hóa thôn",
                    "Hội Liên hiệp Phụ nữ",
                    1,
                    participants,
                    participants // 2,
                    "leaflet" if kind == "printing" else "",
                    500 if kind == "printing" else 0,
                    450 if kind == "printing" else 0,
                    5_000_000,
                    "Ngân sách tỉnh",
                    0,
                    0,
                    "",
                    "",
                    now,
                    now,
                    unit,
                    officer,
                )

        first_activity = _next_id(cursor, "prevention_preventionactivity")
        counts["activities"] = _copy(
            cursor,
            "prevention_preventionactivity",
            [
                "activity_type",
                "title",
                "start_date",
                "end_date",
                "venue",
                "partner_organisations",
                "sessions",
                "participants",
                "participants_female",
                "item_kind",
                "items_produced",
                "items_distributed",
                "cost",
                "funding_source",
                "establishments_inspected",
                "violations_found",
                "findings",
                "notes",
                "created_at",
                "updated_at",
                "unit_id",
                "created_by_id",
            ],
            activities(),
        )
        if groups:
            cursor.execute(
                "INSERT INTO prevention_activityparticipation (activity_id, target_group_id, count, female)"
                " SELECT a.id, (%s::bigint[])[1 + a.id %% %s], a.participants, a.participants_female FROM prevention_preventionactivity a"
                " WHERE a.id >= %s AND a.participants > 0",
                [groups, len(groups), first_activity],
            )
        for table in (
            "victims_victim",
            "victims_case",
            "victims_consent",
            "prevention_preventionactivity",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Build the dataset on PostgreSQL (DATABASE_URL).")
    call_command("migrate", verbosity=0)
    build(args.size, rebuild=args.rebuild)


if __name__ == "__main__":
    main()
