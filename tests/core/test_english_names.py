"""Issue 16 item 7: reference rows (support types, forms of exploitation, target groups) carry an
English name, filled by their data migrations, shown in English mode; Vietnamese stays Vietnamese
and an empty English name falls back to the Vietnamese one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import display_names, name_shown
from prevention.models import TargetGroup
from support_services.models import SupportType
from victims.models import ExploitationForm

pytestmark = pytest.mark.django_db


def test_the_migrations_fill_english_names():
    assert SupportType.objects.get(regime="legacy", code="travel").name_en == "Travel costs"
    assert ExploitationForm.objects.get(code="forced_labour").name_en == "Forced labour"
    assert TargetGroup.objects.get(code="teachers").name_en == "Teachers"
    assert not SupportType.objects.filter(name_en="").exists()


@pytest.mark.parametrize("model", [SupportType, ExploitationForm, TargetGroup])
def test_every_seeded_reference_row_has_an_english_name(model):
    assert model.objects.exists()
    assert list(model.objects.filter(name_en="").values_list("code", flat=True)) == []


def test_a_reference_row_reads_english_in_english_mode_and_vietnamese_otherwise():
    form = ExploitationForm.objects.get(code="forced_labour")

    with translation.override("en"):
        english = str(form)
    with translation.override("vi"):
        vietnamese = str(form)

    assert (english, vietnamese) == ("Forced labour", "Cưỡng bức lao động")


def test_an_empty_english_name_falls_back_to_the_vietnamese_one():
    group = TargetGroup.objects.get(code="teachers")
    group.name_en = ""

    with translation.override("en"):
        assert group.display_name == "Giáo viên"


def test_the_support_proposal_select_is_english_in_english_mode(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, received=datetime.date(2024, 5, 10))
    client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client_a.get(reverse("support_services:support-propose", args=[case.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Travel costs" in text
    assert "Hỗ trợ chi phí đi lại" not in text


def test_the_case_page_names_the_forms_of_exploitation_in_english(
    client_a, officer_a, units, make_case
):
    case = make_case(officer_a, units.district_a, forms=("forced_labour",))
    client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client_a.get(reverse("victims:case-detail", args=[case.pk]))

    assert "Forced labour" in page.content.decode()


def test_names_read_as_values_follow_the_active_language():
    forms = ExploitationForm.objects.filter(code="forced_labour")

    with translation.override("en"):
        english = display_names(forms, key="code")
        fallback = name_shown("Giáo viên", "")
    with translation.override("vi"):
        vietnamese = display_names(forms, key="code")

    assert english == {"forced_labour": "Forced labour"}
    assert vietnamese == {"forced_labour": "Cưỡng bức lao động"}
    assert fallback == "Giáo viên"
