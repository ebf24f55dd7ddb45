"""Issue 16 item 7: English says "1 month" and "2 months". Vietnamese has one form, so a message
written with `gettext` reads right in Vietnamese whatever the number, and wrong in English ("After
1 months"). Every message that counts something is a plural entry of the English catalogue
(`ngettext`, `{% blocktranslate count %}`), with its singular and plural; a message with several
counts takes counted phrases (core.counts) in its placeholders.

The catalogue is compiled from locale/en/LC_MESSAGES/django.po (msgfmt, as `make translations`
does) and walked: a message whose placeholder is named as our code names counts, and which is not
a plural entry, fails the test. Then real pages in English mode are read for one and two."""

import datetime
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core import counts
from support_services.referrals.models import ServiceProvider
from support_services.supports import rules
from tests.victims.conftest import import_checked, import_saved
from tests.victims.test_import import row, workbook

# The names our messages give a number of things (or of days, months, people...).
COUNT_PLACEHOLDERS = {
    "count",
    "counter",
    "n",
    "days",
    "months",
    "years",
    "weeks",
    "hours",
    "minutes",
    "seconds",
    "people",
    "rows",
    "cases",
    "classes",
    "violations",
    "provided",
    "already",
    "saved",
    "total",
    "max",
    "k",
}
# Messages where such a number is not followed by a noun it must agree with.
NOT_COUNTED = {
    # A label and its figure after a colon ("Cases: 3") reads right for any number.
    "%(kind)s: %(count)s (không liệt kê từng bản ghi)",
    # A threshold below which figures are hidden, not a number of things.
    "Số dưới %(k)s được hiển thị là “&lt;%(k)s” để bảo vệ danh tính.",
    # A page number and the number of pages: "Page 1 of 3".
    "Trang %(number)s/%(total)s",
    "Trang khoảng %(number)s/%(total)s",
    # Figures in parentheses after the noun they count ("the participants in total (1)").
    "Tổng số người theo nhóm đối tượng (%(groups)s) lớn hơn tổng số người tham gia (%(total)s).",
    "Tổng số nữ theo nhóm đối tượng (%(groups)s) lớn hơn số nữ tham gia (%(total)s).",
    # Django's own admin wording, kept in our override of its search form: "3 total".
    "%(full_result_count)s total",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def english_catalogue(tmp_path_factory) -> dict:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (gettext) is needed to compile the catalogue: make system-deps"
    source = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
    compiled = tmp_path_factory.mktemp("catalogue") / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(source)], check=True)
    with compiled.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def counted(msgid: str) -> bool:
    names = set(PLACEHOLDER.findall(msgid))
    return bool(names & COUNT_PLACEHOLDERS) or any(name.endswith("_count") for name in names)


def test_every_counted_message_is_a_plural_entry(english_catalogue):
    single = [key for key in english_catalogue if isinstance(key, str) and key]
    bare = sorted(key for key in single if counted(key) and key not in NOT_COUNTED)

    assert bare == [], "Messages with a count but one form:\n" + "\n".join(bare)


def test_the_allow_list_names_only_messages_that_exist(english_catalogue):
    assert NOT_COUNTED - set(english_catalogue) == set()


def test_counted_entries_have_an_english_singular_and_plural(english_catalogue):
    plural_ids = {key[0] for key in english_catalogue if isinstance(key, tuple)}
    one_form = sorted(
        msgid
        for msgid in plural_ids
        if not english_catalogue.get((msgid, 0)) or not english_catalogue.get((msgid, 1))
    )

    assert plural_ids and one_form == []


@pytest.mark.parametrize(
    ("phrase", "one", "two"),
    [(counts.days, "1 day", "2 days"), (counts.minutes, "1 minute", "2 minutes")],
)
def test_counted_phrases_agree_with_their_number(phrase, one, two):
    with translation.override("en"):
        assert (phrase(1), phrase(2)) == (one, two)
    with translation.override("vi"):
        assert phrase(2).endswith(("ngày", "phút"))


def test_a_refused_number_of_days_counts_in_english():
    support = rules.SupportTypeFacts(
        name="Shelter",
        regime="legacy",
        legal_basis="Decree 09/2013 Art 13",
        categories=frozenset({"victim"}),
        max_days=1,
    )
    case = rules.CaseFacts(
        regime="legacy", person_category="victim", identified=True, poverty_status="neither"
    )

    with translation.override("en"):
        one = rules.eligibility(
            support, case, on_date=datetime.date(2024, 5, 10), days_already=1, days_requested=1
        ).reason
        two = rules.eligibility(
            support, case, on_date=datetime.date(2024, 5, 10), days_already=2, days_requested=1
        ).reason

    assert "“Shelter” is limited to 1 day; 1 day already given" in one
    assert "“Shelter” is limited to 1 day; 2 days already given" in two


def english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def case_with_months(officer, units, make_case, months):
    case = make_case(officer, units.district_a)
    case.exploitation_months = months
    case.save()
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(("months", "shown"), [(1, "(1 month)"), (2, "(2 months)")])
def test_the_case_page_counts_the_months_of_exploitation(
    client_a, officer_a, units, make_case, months, shown
):
    case = case_with_months(officer_a, units, make_case, months)
    english(client_a)

    page = client_a.get(reverse("victims:case-detail", args=[case.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert shown in text
    if months == 1:
        assert "1 months" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(("capacity", "shown"), [(1, "1 person"), (2, "2 people")])
def test_a_providers_capacity_counts_people(client_a, units, capacity, shown):
    provider = ServiceProvider.objects.create(
        name="Cơ sở trợ giúp xã hội tỉnh Thanh Hóa",
        kind="social_assistance",
        area=units.province,
        capacity=capacity,
    )
    english(client_a)

    page = client_a.get(reverse("support_services:providers-detail", args=[provider.pk]))

    assert page.status_code == 200
    assert shown in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("years", "shown"), [(1, "more than 1 year ago"), (2, "2 years ago")])
def test_the_retention_page_counts_years(supervisor_client, settings, years, shown):
    settings.RETENTION_YEARS_AFTER_CLOSURE = years
    english(supervisor_client)

    page = supervisor_client.get(reverse("victims:retention"))

    assert page.status_code == 200
    assert shown in page.content.decode()


@pytest.mark.django_db
def test_the_import_counts_its_rows_in_english(client_a, thanh_hoa_served, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    english(client_a)
    job, preview = import_checked(client_a, workbook(row(), row(full_name="")))
    preview = preview.content.decode()
    result = import_saved(client_a, job).content.decode()

    counts = preview.split('data-testid="import-counts">')[1].split("</p>")[0]
    counts_line = " ".join(counts.split())
    assert counts_line == (
        "1 valid row · 0 rows with warnings · 1 row with errors · 0 rows imported before"
    )
    assert "Confirm import of 1 row</button>" in preview
    assert "1 case saved." in result
    assert "1 row with errors was not saved." in result
