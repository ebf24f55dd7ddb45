"""Bad input is refused with a Vietnamese message next to its field, the form comes back with
what was typed, and nothing is saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from prevention.models import ActivityAttachment, ActivityParticipation, Directive
from prevention.models import PreventionActivity as Activity
from tests.prevention.conftest import form_data

pytestmark = pytest.mark.django_db
NEW = reverse("prevention:activity-create")


def test_an_officer_records_an_activity_with_its_participants_by_group(client_a, units, plan):
    response = client_a.post(
        NEW,
        form_data(units, directive=plan.pk, places=[units.commune_a1.pk], cost="12000000"),
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.unit, activity.participants, activity.directive) == (
        units.district_a,
        60,
        plan,
    )
    rows = {row.target_group.code: (row.count, row.female) for row in activity.participations.all()}
    assert rows == {"womens_union": (40, 40), "youth_union": (20, None)}
    assert list(activity.places.all()) == [units.commune_a1]
    assert activity.history.exists()


def assert_refused(response, field, words):
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert words in errors, response.context["form"].errors
    assert Activity.objects.count() == 0
    assert ActivityParticipation.objects.count() == 0


def test_participants_by_group_above_the_total_are_refused(client_a, units):
    response = client_a.post(NEW, form_data(units, participants="50", title="Lớp vượt số"))

    assert_refused(response, "participants", "lớn hơn tổng số người tham gia")
    page = response.content.decode()
    assert 'value="Lớp vượt số"' in page and 'value="09/04/2024"' in page
    assert 'name="group_womens_union" id="id_group_womens_union" value="40"' in page


def test_an_end_before_the_start_is_refused(client_a, units):
    response = client_a.post(NEW, form_data(units, end_date="01/04/2024"))

    assert_refused(response, "end_date", "không được trước ngày bắt đầu")
    assert 'value="01/04/2024"' in response.content.decode()


@pytest.mark.parametrize("field", ["participants", "sessions", "group_youth_union", "cost"])
def test_a_negative_count_is_refused(client_a, units, field):
    response = client_a.post(NEW, form_data(units, **{field: "-5"}))

    assert_refused(response, field, "không được âm")
    assert 'value="-5"' in response.content.decode()


def test_more_women_than_people_in_a_group_is_refused(client_a, units):
    response = client_a.post(NEW, form_data(units, group_youth_union_female="25"))

    assert_refused(response, "group_youth_union_female", "Số nữ")


def test_a_training_without_classes_is_refused(client_a, units):
    response = client_a.post(NEW, form_data(units, sessions="0"))

    assert_refused(response, "sessions", "số lớp")


def test_an_activity_outside_the_officers_area_is_refused(client_a, units):
    response = client_a.post(NEW, form_data(units, unit_district=units.district_b.pk))

    assert_refused(response, "unit_district", "ngoài địa bàn")


def test_the_whole_province_is_outside_a_district_officers_area(client_a, units):
    response = client_a.post(NEW, form_data(units, unit_district=""))

    assert_refused(response, "unit_province", "ngoài địa bàn")


def test_a_provincial_officer_may_record_for_any_unit_of_the_province(provincial_client, units):
    response = provincial_client.post(
        NEW,
        form_data(
            units,
            unit_district="",
            partner_units=[units.district_a.pk],
            partner_organisations="Hội Liên hiệp Phụ nữ tỉnh",
        ),
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.unit == units.province
    assert list(activity.partner_units.all()) == [units.district_a]


def test_an_edit_that_breaks_the_figures_changes_nothing(client_a, activity_a):
    url = reverse("prevention:activity-edit", args=[activity_a.pk])
    units = activity_a.unit

    response = client_a.post(
        url,
        {
            "activity_type": "training",
            "title": "Đổi tên",
            "start_date": "09/04/2024",
            "unit_province": units.parent_id,
            "unit_district": units.pk,
            "sessions": "1",
            "participants": "10",
            "items_produced": "0",
            "items_distributed": "0",
            "establishments_inspected": "0",
            "violations_found": "0",
            "group_village_heads": "40",
        },
    )

    assert response.status_code == 200
    assert "participants" in response.context["form"].errors
    activity_a.refresh_from_db()
    assert (activity_a.title, activity_a.participants) == (
        "Tập huấn cho trưởng thôn xã Thạch Lâm",
        60,
    )
    assert activity_a.participations.count() == 2


def test_an_edit_replaces_the_participants_by_group(client_a, activity_a, units):
    response = client_a.post(
        reverse("prevention:activity-edit", args=[activity_a.pk]),
        form_data(
            units, group_womens_union="", group_womens_union_female="", group_youth_union="15"
        ),
    )

    assert response.status_code == 302
    rows = {row.target_group.code: row.count for row in activity_a.participations.all()}
    assert rows == {"youth_union": 15}


# --- Directives ---------------------------------------------------------------------------

DIRECTIVE_NEW = reverse("prevention:directive-create")


def directive_data(**overrides):
    return {
        "directive_type": "plan",
        "number": "32/KH-SLĐTBXH",
        "issued_on": "21/02/2024",
        "issuing_body": "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa",
        "title": "Kế hoạch hỗ trợ nạn nhân bị mua bán năm 2024",
        "year": "",
        **overrides,
    }


def test_provincial_staff_enter_a_plan_with_its_number_normalised(provincial_client, units):
    response = provincial_client.post(DIRECTIVE_NEW, directive_data(number=" 32 / kh-slđtbxh"))

    assert response.status_code == 302
    directive = Directive.objects.get()
    assert (directive.number, directive.year, directive.issuing_unit) == (
        "32/KH-SLĐTBXH",
        2024,
        units.province,
    )


@pytest.mark.parametrize(
    ("number", "directive_type"),
    [("32-KH-SLĐTBXH", "plan"), ("32/KH-SLĐTBXH", "decision"), ("32/kh-slđtbxh?", "plan")],
)
def test_a_directive_number_of_the_wrong_shape_is_refused(
    provincial_client, units, number, directive_type
):
    response = provincial_client.post(
        DIRECTIVE_NEW, directive_data(number=number, directive_type=directive_type)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    assert f'value="{number}"' in response.content.decode()
    assert Directive.objects.count() == 0


def test_the_same_number_twice_in_a_year_is_refused(provincial_client, plan):
    response = provincial_client.post(
        DIRECTIVE_NEW, directive_data(number="50/KH-SLĐTBXH", issued_on="20/03/2024")
    )

    assert "đã được nhập" in " ".join(response.context["form"].errors["number"])
    assert Directive.objects.count() == 1


def test_a_directive_file_must_be_a_pdf_or_image_by_its_content(provincial_client, units):
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ not a pdf", content_type="application/pdf")

    response = provincial_client.post(DIRECTIVE_NEW, {**directive_data(), "file": fake})

    assert "Chỉ nhận tệp" in " ".join(response.context["form"].errors["file"])
    assert Directive.objects.count() == 0


def test_an_attachment_is_checked_by_its_content(client_a, activity_a):
    fake = SimpleUploadedFile("anh.jpg", b"GIF89a", content_type="image/jpeg")

    response = client_a.post(
        reverse("prevention:attachment-add", args=[activity_a.pk]),
        {"kind": "photo", "description": "Ảnh lớp học", "file": fake},
    )

    assert response.status_code == 200
    assert "Chỉ nhận tệp" in " ".join(response.context["form"].errors["file"])
    assert ActivityAttachment.objects.count() == 0


# --- The database holds the same invariants -------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"end_date": datetime.date(2024, 4, 1)},
        {"participants": 10, "participants_female": 11},
        {"sessions": -1},
    ],
)
def test_the_database_refuses_what_the_forms_refuse(units, fields):
    values = {
        "activity_type": "training",
        "title": "Lớp",
        "start_date": datetime.date(2024, 4, 9),
        "unit": units.district_a,
        "participants": 10,
        **fields,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(**values)


def test_a_group_with_more_women_than_people_is_refused_by_the_database(activity_a):
    row = activity_a.participations.first()
    row.female = row.count + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_number_is_unique_within_its_year_in_the_database(plan, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.create(
            number=plan.number,
            directive_type="plan",
            issued_on=datetime.date(2024, 12, 1),
            issuing_body="Sở",
            issuing_unit=units.province,
            title="Trùng số",
            year=2024,
        )
    Directive.objects.create(
        number=plan.number,
        directive_type="plan",
        issued_on=datetime.date(2025, 3, 15),
        issuing_body="Sở",
        issuing_unit=units.province,
        title="Cùng số, năm sau",
        year=2025,
    )
