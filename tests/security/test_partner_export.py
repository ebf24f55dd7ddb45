"""The pseudonymised export for partners (issue 8 item 4): one row per case of the user's area,
nothing that names or dates a person, small combinations generalised."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import Role
from reports.partner_export import KEYS, QUASI, generalise, k_anonymity, quasi_key
from tests.factories import UserFactory
from victims.models import Case, EthnicGroup

D = datetime.date
URL = reverse("reports:partner-export")


@pytest.fixture
def seeded(officer_a, officer_b, units, make_case, settings):
    """Area A: five women born 1990 sent to China (a common combination) and five women born
    1995–1999 sent to China (each year alone is rare); area B: five men born 1985 sent to
    Cambodia. Every person has a phone and a birth date."""
    settings.SMALL_COUNT_THRESHOLD = 5
    cases = []
    for i in range(5):
        cases.append(
            make_case(
                officer_a,
                units.district_a,
                full_name=f"Nguyễn Thị Phổ Biến {i}",
                birth_year=1990,
                date_of_birth=D(1990, 3, 10 + i),
                residence=units.commune_a1,
                received=D(2024, 4, 2 + i),
                destination="CN",
            )
        )
    for i, year in enumerate(range(1995, 2000)):
        cases.append(
            make_case(
                officer_a,
                units.district_a,
                full_name=f"Lò Thị Hiếm {i}",
                birth_year=year,
                date_of_birth=D(year, 7, 1 + i),
                residence=units.commune_a2,
                received=D(2025, 2, 3 + i),
                destination="CN",
            )
        )
    for i in range(5):
        cases.append(
            make_case(
                officer_b,
                units.district_b,
                full_name=f"Trần Văn Khác Vùng {i}",
                sex="male",
                birth_year=1985,
                date_of_birth=D(1985, 1, 20 + i),
                residence=units.commune_b1,
                received=D(2023, 9, 11 + i),
                destination="KH",
            )
        )
    for n, case in enumerate(cases):
        case.victim.phone = f"09770000{n:02d}"
        case.victim.save()
    return [Case.objects.select_related("victim", "reception").get(pk=c.pk) for c in cases]


def _sheets(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    data, documentation = workbook.worksheets
    return [list(row) for row in data.iter_rows(values_only=True)], [
        list(row) for row in documentation.iter_rows(values_only=True)
    ]


def _column(rows, key):
    index = rows[0].index(key)
    return [row[index] for row in rows[1:]]


def test_no_name_id_number_phone_code_or_exact_date_of_the_seeded_people_in_any_cell(
    seeded, provincial_client
):
    data, documentation = _sheets(provincial_client.get(URL))
    assert len(data) == 1 + len(seeded)
    forbidden = set()
    for case in seeded:
        victim = case.victim
        forbidden |= {victim.full_name, victim.id_number, victim.phone, case.code}
        for day in (victim.date_of_birth, case.reception.received_on):
            forbidden |= {day.isoformat(), day.strftime("%d/%m/%Y")}
    date_shape = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}")
    for row in data + documentation:
        for cell in row:
            assert not isinstance(cell, datetime.date | datetime.datetime), row
            text = "" if cell is None else str(cell)
            assert not date_shape.search(text), text
            for value in forbidden:
                assert value not in text.split(), (value, row)
                if len(value) > 6:
                    assert value not in text, (value, row)
    # The pseudonym column is not the case id either.
    assert set(_column(data, "pseudonym")).isdisjoint({case.pk for case in seeded})


def test_columns_carry_htcds_names_and_are_documented_on_the_second_sheet(
    seeded, provincial_client
):
    data, documentation = _sheets(provincial_client.get(URL))
    assert data[0] == KEYS
    assert {"prs_Gender", "prs_MailingState", "hte_Country", "vic_MethodOfRecruitment"} <= set(
        data[0]
    )
    documented = {row[0]: row for row in documentation[1:] if row[0]}
    for key in KEYS:
        assert documented[key][2], key  # a Vietnamese meaning for every column
    assert documented["prs_Gender"][1] == "prs_Gender"
    assert set(_column(data, "prs_MailingState")) == {"Thanh Hóa"}
    assert sorted(set(_column(data, "return_year"))) == [2023, 2024, 2025]


def test_pseudonyms_differ_between_two_exports(seeded, provincial_client):
    first, _doc = _sheets(provincial_client.get(URL))
    second, _doc = _sheets(provincial_client.get(URL))
    first_ids, second_ids = set(_column(first, "pseudonym")), set(_column(second, "pseudonym"))
    assert len(first_ids) == len(second_ids) == len(seeded)
    assert first_ids.isdisjoint(second_ids)


def test_a_rare_combination_is_generalised_to_a_five_year_band(seeded, provincial_client):
    data, _doc = _sheets(provincial_client.get(URL))
    years = sorted(_column(data, "birth_year"), key=str)
    assert years.count(1990) == 5  # five alike: shown as they are
    assert years.count(1985) == 5
    assert years.count("1995–1999") == 5  # each year alone was rarer than five
    assert not {1995, 1996, 1997, 1998, 1999} & set(years)


def quasi_row(year, sex, province, country, *, ethnicity="Kinh", code="01", returned=2024):
    return {
        "birth_year": year,
        "prs_Gender": sex,
        "prs_Nationality": "VN",
        "ethnicity": ethnicity,
        "_ethnic_code": code,
        "prs_MailingState": province,
        "return_year": returned,
        "hte_Country": country,
    }


def test_generalisation_goes_as_far_as_needed_then_leaves_the_row_out():
    rows = [quasi_row(1990, "Female", "Thanh Hóa", "CN") for _ in range(3)]
    rows += [
        quasi_row(1971, "Female", "Thanh Hóa", "TH"),
        quasi_row(2004, "Female", "Thanh Hóa", "MY"),
    ]
    rows += [quasi_row(1960, "Male", "Nghệ An", "RU")]
    kept, left_out = generalise(rows, 2)
    assert [r["birth_year"] for r in kept[:3]] == [1990, 1990, 1990]
    assert [r["generalised"] for r in kept[:3]] == ["", "", ""]
    southeast = [r for r in kept if r["hte_Country"] == "Đông Nam Á"]
    # 1971 and 2004 meet only once both birth years are blank (after the province).
    assert len(southeast) == 2 and {r["birth_year"] for r in southeast} == {""}
    assert {r["prs_MailingState"] for r in southeast} == {""}
    assert "năm sinh → nhóm 5 năm" in southeast[0]["generalised"]
    assert "quốc gia → khu vực" in southeast[0]["generalised"]
    assert left_out == 1  # the only man: rarer than two whatever is blanked


def test_the_one_muong_woman_among_kinh_women_is_not_released_exact():
    rows = [quasi_row(1990, "Female", "Thanh Hóa", "CN") for _ in range(5)]
    rows += [quasi_row(1990, "Female", "Thanh Hóa", "CN", ethnicity="Mường", code="06")]
    rows += [quasi_row(1991, "Female", "Thanh Hóa", "CN", ethnicity="Thái", code="03")]
    kept, left_out = generalise(rows, 2)
    # The two minority women meet as "Dân tộc thiểu số", born 1990–1994: two alike.
    minority = [r for r in kept if r["ethnicity"] == "Dân tộc thiểu số"]
    assert len(minority) == 2 and {r["birth_year"] for r in minority} == {"1990–1994"}
    assert "Mường" not in {r["ethnicity"] for r in kept}
    assert [r["ethnicity"] for r in kept].count("Kinh") == 5 and left_out == 0


# Generated data: small alphabets so that some combinations are common and some rare.
quasi_rows = st.lists(
    st.builds(
        lambda year, sex, group, province, returned, country, foreign: {
            "birth_year": year,
            "prs_Gender": sex,
            "prs_Nationality": "LA" if foreign else "VN",
            "ethnicity": {"01": "Kinh", "06": "Mường", "03": "Thái", "99": "Người nước ngoài"}[
                "99" if foreign else group
            ],
            "_ethnic_code": "99" if foreign else group,
            "prs_MailingState": province,
            "return_year": returned,
            "hte_Country": country,
        },
        st.integers(1975, 2010),
        st.sampled_from(["Female", "Male"]),
        st.sampled_from(["01", "01", "01", "06", "03"]),
        st.sampled_from(["Thanh Hóa", "Thanh Hóa", "Nghệ An"]),
        st.integers(2022, 2026),
        st.sampled_from(["CN", "CN", "LA", "KH", "MY", "RU"]),
        st.sampled_from([False] * 9 + [True]),  # a foreigner now and then
    ),
    max_size=80,
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(rows=quasi_rows, k=st.integers(2, 6))
def test_on_generated_data_no_released_row_is_rarer_than_k(rows, k):
    original = [dict(row) for row in rows]
    counts = Counter(quasi_key(row) for row in original)
    common = Counter(quasi_key(row) for row in original if counts[quasi_key(row)] >= k)

    kept, left_out = generalise([dict(row) for row in rows], k)

    assert len(kept) + left_out == len(rows)
    released = Counter(quasi_key(row) for row in kept)
    assert all(n >= k for n in released.values())  # no row unique, none rarer than k
    # Common rows stay exact: each common combination is still released, unchanged, at least
    # as many times, and those rows say they were not generalised.
    for key, n in common.items():
        exact = [r for r in kept if quasi_key(r) == key and r["generalised"] == ""]
        assert len(exact) >= n


def test_k_comes_from_the_settings_and_is_never_below_two(settings):
    settings.PARTNER_EXPORT_K = 7
    assert k_anonymity() == 7
    settings.PARTNER_EXPORT_K = 1
    assert k_anonymity() == 2


def test_the_export_generalises_the_muong_row_and_says_so(
    officer_a, units, make_case, provincial_client, settings
):
    settings.PARTNER_EXPORT_K = 5
    kinh, muong = (EthnicGroup.objects.get(code_1979=code) for code in ("01", "06"))
    for i in range(6):
        case = make_case(
            officer_a,
            units.district_a,
            full_name=f"Người thứ {i}",
            birth_year=1990,
            residence=units.commune_a1,
            received=D(2024, 4, 2 + i),
        )
        case.victim.ethnic_group = muong if i == 5 else kinh
        case.victim.save()

    data, documentation = _sheets(provincial_client.get(URL))

    assert "Mường" not in _column(data, "ethnicity")
    assert _column(data, "ethnicity").count("Kinh") == 5
    released = Counter(tuple(row[data[0].index(key)] for key in QUASI) for row in data[1:])
    assert all(n >= 5 for n in released.values())
    assert len(data) == 1 + 5  # the Mường woman alone among Kinh women: left out
    rule = next(row for row in documentation if row[0] == "Quy tắc")[2]
    assert "k = 5" in rule and "dân tộc → nhóm" in rule and ": 1." in rule


def test_another_areas_rows_are_absent(seeded, units):
    supervisor_a = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_a)
    client = Client()
    client.force_login(supervisor_a)
    data, _doc = _sheets(client.get(URL))
    assert len(data) == 1 + 10
    assert "KH" not in _column(data, "hte_Country")
    assert 1985 not in _column(data, "birth_year")


@pytest.mark.parametrize("who", ["client_a", "client_colleague_a"])
def test_roles_without_the_right_are_refused(who, request, seeded):
    assert request.getfixturevalue(who).get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(seeded):
    response = Client().get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_reports_page_offers_the_export_to_provincial_staff_only(provincial_client, client_a):
    assert URL in provincial_client.get(reverse("reports:index")).content.decode()
    assert URL not in client_a.get(reverse("reports:index")).content.decode()


def test_the_export_runs_a_constant_number_of_queries(
    seeded, provincial_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):  # 15 cases: a query per case would pass 15
        assert provincial_client.get(URL).status_code == 200


def test_a_generalised_ethnic_group_keeps_no_code_that_names_it_again(
    officer_a, units, make_case, provincial_client, settings
):
    """Four Thái women and one Mường woman become five "Dân tộc thiểu số" rows, which are
    released; the code column must not give their groups back."""
    settings.PARTNER_EXPORT_K = 5
    groups = {code: EthnicGroup.objects.get(code_1979=code) for code in ("01", "03", "06")}
    for i, code in enumerate(["01"] * 5 + ["03"] * 4 + ["06"]):
        case = make_case(
            officer_a,
            units.district_a,
            full_name=f"Người thứ {i}",
            birth_year=1990,
            residence=units.commune_a1,
            received=D(2024, 4, 2 + i),
        )
        case.victim.ethnic_group = groups[code]
        case.victim.save()

    data, _documentation = _sheets(provincial_client.get(URL))

    ethnicity, codes = _column(data, "ethnicity"), _column(data, "ethnicity_code")
    minority = [i for i, name in enumerate(ethnicity) if name == "Dân tộc thiểu số"]
    assert len(minority) == 5
    assert not any(codes[i] for i in minority)  # empty cells
    kinh = [i for i, name in enumerate(ethnicity) if name == "Kinh"]
    assert len(kinh) == 5 and {codes[i] for i in kinh} == {"01"}
