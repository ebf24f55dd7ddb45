"""Activities are seen and written within the user's area only; directives are read by every
user and written by the department; lists keep a constant number of queries."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from prevention import services
from prevention.models import ActivityAttachment, Directive
from tests.prevention.conftest import form_data

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
SECRET = "Họp dân xã Đông Hòa bí mật"


@pytest.fixture
def attachment_b(officer_b, activity_b):
    return services.activity_attachment_add(
        actor=officer_b,
        activity=activity_b,
        kind="attendance",
        description="Danh sách người dự",
        file=SimpleUploadedFile("danh-sach.png", PNG),
    )


@pytest.mark.parametrize("name", ["prevention:activity-detail", "prevention:activity-edit"])
def test_an_officer_of_another_district_gets_404_on_an_activity(client_a, activity_b, name):
    response = client_a.get(reverse(name, args=[activity_b.pk]))

    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_an_officer_of_another_district_cannot_post_an_edit(client_a, activity_b, units):
    response = client_a.post(
        reverse("prevention:activity-edit", args=[activity_b.pk]), form_data(units)
    )

    assert response.status_code == 404
    activity_b.refresh_from_db()
    assert activity_b.title == SECRET


def test_an_officer_of_another_district_gets_404_on_an_attachment(client_a, attachment_b):
    response = client_a.get(reverse("prevention:attachment-download", args=[attachment_b.pk]))

    assert response.status_code == 404
    # The file's own bytes (its signature), not the letters "PNG", which a random CSRF token
    # on the 404 page may contain.
    assert PNG[:8] not in response.content
    assert b"danh-sach" not in response.content


def test_an_officer_of_another_district_cannot_add_an_attachment(client_a, activity_b):
    response = client_a.post(
        reverse("prevention:attachment-add", args=[activity_b.pk]),
        {"kind": "photo", "file": SimpleUploadedFile("a.png", PNG)},
    )

    assert response.status_code == 404
    assert ActivityAttachment.objects.count() == 0


def test_the_owner_downloads_an_attachment(client_b, attachment_b):
    response = client_b.get(reverse("prevention:attachment-download", args=[attachment_b.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_list_totals_and_exports_leave_out_other_districts(client_a, activity_a, activity_b):
    listed = client_a.get(reverse("prevention:activity-list")).content.decode()
    totals = client_a.get(reverse("prevention:totals") + "?year=2024").content.decode()
    export = client_a.get(reverse("prevention:activity-export"))
    totals_export = client_a.get(reverse("prevention:totals-export") + "?year=2024")

    assert activity_a.title in listed and SECRET not in listed
    assert "Huyện Đông Sơn" not in totals
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [row[3] for row in rows[1:]] == [activity_a.title]
    by_unit = load_workbook(io.BytesIO(totals_export.content))["Theo đơn vị"]
    assert [row[0] for row in by_unit.iter_rows(min_row=2, values_only=True)] == [
        "Huyện Thạch Thành (cũ)"
    ]


def test_the_province_sees_every_district(provincial_client, activity_a, activity_b):
    listed = provincial_client.get(reverse("prevention:activity-list")).content.decode()

    assert activity_a.title in listed and SECRET in listed


def test_a_viewer_reads_but_cannot_edit(client_colleague_a, activity_a, units):
    assert (
        client_colleague_a.get(
            reverse("prevention:activity-detail", args=[activity_a.pk])
        ).status_code
        == 200
    )
    assert (
        client_colleague_a.get(
            reverse("prevention:activity-edit", args=[activity_a.pk])
        ).status_code
        == 403
    )
    assert (
        client_colleague_a.post(reverse("prevention:activity-create"), form_data(units)).status_code
        == 403
    )
    page = client_colleague_a.get(reverse("prevention:activity-list")).content.decode()
    assert 'data-testid="new-activity"' not in page


def test_a_district_officer_reads_the_departments_directives_but_cannot_write_them(client_a, plan):
    listed = client_a.get(reverse("prevention:directive-list")).content.decode()
    detail = client_a.get(reverse("prevention:directive-detail", args=[plan.pk]))

    assert "50/KH-SLĐTBXH" in listed and detail.status_code == 200
    assert client_a.get(reverse("prevention:directive-create")).status_code == 403
    assert client_a.get(reverse("prevention:directive-edit", args=[plan.pk])).status_code == 403


def test_a_district_officer_links_an_activity_to_the_departments_plan(client_a, units, plan):
    response = client_a.post(
        reverse("prevention:activity-create"), form_data(units, directive=plan.pk)
    )

    assert response.status_code == 302
    detail = client_a.get(reverse("prevention:directive-detail", args=[plan.pk]))
    assert "Lớp tập huấn cho hội viên phụ nữ" in detail.content.decode()


def test_a_directive_of_another_district_is_not_shown(client_a, officer_b, units, plan):
    other = Directive.objects.create(
        number="9/KH-UBND",
        directive_type="plan",
        issued_on=datetime.date(2024, 5, 2),
        issuing_body="UBND huyện Đông Sơn",
        issuing_unit=units.district_b,
        title="Kế hoạch riêng của huyện Đông Sơn",
        year=2024,
    )

    listed = client_a.get(reverse("prevention:directive-list")).content.decode()

    assert "9/KH-UBND" not in listed
    assert client_a.get(reverse("prevention:directive-detail", args=[other.pk])).status_code == 404
    assert client_a.get(reverse("prevention:directive-edit", args=[other.pk])).status_code == 404


def test_a_directive_lists_only_the_activities_of_the_readers_area(
    client_a, plan, officer_b, units, make_activity
):
    make_activity(officer_b, units.district_b, title=SECRET, directive=plan)

    page = client_a.get(reverse("prevention:directive-detail", args=[plan.pk])).content.decode()

    assert SECRET not in page


def test_a_district_officer_cannot_link_a_directive_they_cannot_see(client_a, units):
    hidden = Directive.objects.create(
        number="9/KH-UBND",
        directive_type="plan",
        issued_on=datetime.date(2024, 5, 2),
        issuing_body="UBND huyện Đông Sơn",
        issuing_unit=units.district_b,
        title="Kế hoạch riêng",
        year=2024,
    )

    response = client_a.post(
        reverse("prevention:activity-create"), form_data(units, directive=hidden.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["directive"]


@pytest.mark.parametrize("url", ["/prevention/", "/prevention/directives/"])
def test_the_lists_keep_a_constant_number_of_queries(
    provincial_client, officer_a, units, make_activity, plan, django_assert_max_num_queries, url
):
    def add(count):
        for index in range(count):
            make_activity(officer_a, units.district_a, title=f"Lớp {index}", directive=plan)
            Directive.objects.create(
                number=f"{100 + Directive.objects.count()}/KH-SYT",
                directive_type="plan",
                issued_on=datetime.date(2026, 1, 2),
                issuing_body="Sở Y tế tỉnh Thanh Hóa",
                issuing_unit=units.province,
                title="Kế hoạch",
                year=2026,
            )

    add(2)
    with django_assert_max_num_queries(30) as few:
        provincial_client.get(url)
    add(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        provincial_client.get(url)


def test_the_totals_page_keeps_a_constant_number_of_queries(
    provincial_client, officer_a, units, make_activity, django_assert_max_num_queries
):
    make_activity(officer_a, units.district_a, groups=[("veterans", 10, None)])
    with django_assert_max_num_queries(30) as few:
        provincial_client.get("/prevention/totals/?year=2024")
    for index in range(5):
        make_activity(
            officer_a,
            units.district_a,
            activity_type="communication",
            sessions=0,
            groups=[("students", 10, 5), ("residents", 10, None)],
            title=f"Sự kiện {index}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        provincial_client.get("/prevention/totals/?year=2024")
