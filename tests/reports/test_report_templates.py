"""The Word report's template kept by a supervisor: the template in use is downloaded from the
admin, an edited copy uploaded is checked (invalid tags, unknown variables, a file that is not a
Word document: a Vietnamese message, nothing saved), every version is kept with who, when and a
note, one is active per province and reports use it, the built-in template otherwise."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from accounts.models import Role
from reports import word, word_templates
from reports.models import ReportRun, ReportTemplate
from reports.periods import period_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADMIN = "/admin/reports/reporttemplate/"


def edited(extra: str) -> bytes:
    """The built-in template with one paragraph added at the end."""
    document = Document(io.BytesIO(word_templates.builtin_template_bytes()))
    document.add_paragraph(extra)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def body_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def upload(client, content: bytes, province, note="Sửa lời văn", activate=True):
    data = {
        "province": province.pk,
        "note": note,
        "upload": SimpleUploadedFile("mau.docx", content),
    }
    if activate:
        data["activate"] = "on"
    return client.post(f"{ADMIN}add/", data)


def report_of(units, unit=None) -> bytes:
    period = period_for("annual", 2024)
    unit = unit or units.district_a
    run = ReportRun(kind="annual", start=period.start, end=period.end, unit=unit)
    data = {
        "period": {"kind": "annual", "start": "2023-12-15", "end": "2024-12-14"},
        "indicators": {},
        "tables": {},
        "directives": [],
    }
    return word.document_bytes(run, data)


def test_the_builtin_template_passes_its_own_check():
    assert word_templates.template_problems(word_templates.builtin_template_bytes()) == []


def test_a_supervisor_downloads_the_builtin_template(supervisor_client, units):
    response = supervisor_client.get(f"{ADMIN}current/{units.province.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == word_templates.builtin_template_bytes()


def test_an_uploaded_version_is_kept_active_and_used_by_reports(
    supervisor_client, supervisor, units
):
    response = upload(supervisor_client, edited("Nơi nhận: {{ unit_name }}."), units.province)

    assert response.status_code == 302
    version = ReportTemplate.objects.get()
    assert (version.province, version.version, version.is_active) == (units.province, 1, True)
    assert (version.uploaded_by, version.note, version.filename) == (
        supervisor,
        "Sửa lời văn",
        "mau.docx",
    )
    assert version.history.first().history_user == supervisor
    assert "Nơi nhận: Huyện Thạch Thành." in body_text(report_of(units))
    downloaded = supervisor_client.get(f"{ADMIN}current/{units.province.pk}/download/")
    assert bytes(downloaded.content) == bytes(version.content)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (edited("{{ unknown_value }}"), "biến không có trong dữ liệu báo cáo: unknown_value"),
        (edited("{{ figures.no_such_indicator }}"), "figures.no_such_indicator"),
        (edited("{% if figures.received_total %}"), "Thẻ mẫu không hợp lệ"),
        (edited("{{ figures.received_total | no_such_filter }}"), "no_such_filter"),
        (b"not a word document", "không phải là văn bản Word"),
    ],
    ids=["unknown-variable", "unknown-indicator", "unclosed-tag", "unknown-filter", "not-docx"],
)
def test_a_bad_template_is_refused_with_a_message_and_nothing_is_saved(
    supervisor_client, units, content, message
):
    response = upload(supervisor_client, content, units.province)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_a_template_cannot_reach_python_internals(units):
    content = edited("{{ unit_name.__class__.__mro__ }}")

    assert word_templates.template_problems(content)


def test_versions_are_kept_and_one_is_active(supervisor, units):
    first = word_templates.report_template_upload(
        actor=supervisor,
        province=units.province,
        content=edited("Bản 1"),
        filename="1.docx",
        note="Bản đầu",
    )
    second = word_templates.report_template_upload(
        actor=supervisor,
        province=units.province,
        content=edited("Bản 2"),
        filename="2.docx",
        note="Bản hai",
    )
    first.refresh_from_db()

    assert (first.version, first.is_active, second.version, second.is_active) == (1, False, 2, True)
    assert "Bản 2" in body_text(report_of(units))

    word_templates.report_template_activate(actor=supervisor, template=first)
    assert "Bản 1" in body_text(report_of(units))
    assert ReportTemplate.objects.filter(is_active=True).get() == first

    word_templates.report_template_use_builtin(actor=supervisor, province=units.province)
    assert ReportTemplate.objects.count() == 2 and not ReportTemplate.objects.filter(is_active=True)
    assert "Bản 1" not in body_text(report_of(units))


def test_the_service_refuses_a_bad_template_too(supervisor, units):
    with pytest.raises(ValidationError):
        word_templates.report_template_upload(
            actor=supervisor,
            province=units.province,
            content=edited("{{ x }}"),
            filename="x.docx",
            note="",
        )
    assert not ReportTemplate.objects.exists()


def test_the_admin_action_makes_a_version_active(supervisor_client, supervisor, units):
    first = word_templates.report_template_upload(
        actor=supervisor,
        province=units.province,
        content=edited("Bản 1"),
        filename="1.docx",
        note="",
    )
    word_templates.report_template_upload(
        actor=supervisor,
        province=units.province,
        content=edited("Bản 2"),
        filename="2.docx",
        note="",
    )

    supervisor_client.post(
        ADMIN, {"action": "make_active", "_selected_action": [first.pk], "index": 0}
    )

    first.refresh_from_db()
    assert first.is_active


def test_a_version_is_neither_changed_nor_deleted_in_the_admin(
    supervisor_client, supervisor, units
):
    version = word_templates.report_template_upload(
        actor=supervisor,
        province=units.province,
        content=edited("Bản 1"),
        filename="1.docx",
        note="Ghi chú",
    )

    changed = supervisor_client.post(f"{ADMIN}{version.pk}/change/", {"note": "Khác"})
    deleted = supervisor_client.post(f"{ADMIN}{version.pk}/delete/", {"post": "yes"})

    assert changed.status_code == 403 and deleted.status_code == 403
    version.refresh_from_db()
    assert version.note == "Ghi chú"


def test_a_supervisor_of_another_province_sees_no_version(supervisor, units):
    from tests.factories import ProvinceFactory

    other = ProvinceFactory(code="40", name="Nghệ An")
    version = word_templates.report_template_upload(
        actor=supervisor,
        province=units.province,
        content=edited("Bản 1"),
        filename="1.docx",
        note="",
    )
    client = Client()
    client.force_login(UserFactory(role=Role.SUPERVISOR, jurisdiction=other))

    assert client.get(f"{ADMIN}{version.pk}/download/").status_code == 404
    assert client.get(f"{ADMIN}current/{units.province.pk}/download/").status_code == 404
    assert client.get(f"{ADMIN}{version.pk}/change/").status_code in (302, 404)


def test_the_active_version_of_the_province_serves_its_districts_and_communes(supervisor, units):
    word_templates.report_template_upload(
        actor=supervisor,
        province=units.province,
        content=edited("Mẫu tỉnh"),
        filename="t.docx",
        note="",
    )
    for unit in (units.province, units.commune_a1, units.current_commune):
        assert "Mẫu tỉnh" in body_text(report_of(units, unit))
