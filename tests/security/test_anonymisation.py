"""Retention and anonymisation (issue 8 item 4): a person whose cases have all been closed for
longer than RETENTION_YEARS_AFTER_CLOSURE is anonymised by a supervisor of their area — every
identifying value gone from the main tables, the history tables and the file storage, once."""

import datetime
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from locations.text import search_key
from reports.indicators import Scope, compare
from reports.periods import period_for
from support_services.models import (
    ApplicationEvent,
    CaseClosure,
    FollowUp,
    FollowUpEvent,
    Referral,
    ReferralEvent,
    ServiceProvider,
    SupportApplication,
    SupportDocument,
    SupportEvent,
    SupportRecord,
    SupportType,
)
from support_services.reintegration import services as followups_services
from tests.factories import UserFactory
from tests.support_services.closures import close_case
from verification.models import DossierEvent, EvidenceDocument, VerificationDossier
from victims import anonymise
from victims.models import Case, Consent, Victim

D = datetime.date
NAME = "Đặng Thị Đào"
OTHER_NAME = "Hà Thị Mận"
ID_NUMBER = "038195012345"
PHONE = "0912345678"
GUARDIAN_PHONE = "0987654321"
PERSONAL = (NAME, search_key(NAME), ID_NUMBER, PHONE, GUARDIAN_PHONE, "Ngõ 12 Lê Lợi")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RETENTION_YEARS_AFTER_CLOSURE = 5
    return tmp_path


def _text_with_secrets() -> str:
    return f"{NAME}, CCCD {ID_NUMBER}, ĐT {PHONE}"


def _close(case, actor, on):
    close_case(actor=actor, case=case, reason="reintegrated", closed_on=on)


@pytest.fixture
def person(officer_a, units, make_case):
    """A person with one case in area A, rows in every app holding their name, ID number and
    phone in free text and file names, an earlier name in the history, closed in 2019."""
    case = make_case(
        officer_a,
        units.district_a,
        full_name="Đặng Thị Đào Cũ",
        birth_year=2000,
        date_of_birth=D(2000, 12, 1),  # not yet 18 on the day received: age needs the date
        id_number=ID_NUMBER,
        residence=units.commune_a1,
        received=D(2018, 3, 10),
    )
    victim = case.victim
    victim.full_name = NAME  # the earlier name stays in the history
    victim.other_names = "Đào"
    victim.phone = PHONE
    victim.permanent_address = "Ngõ 12 Lê Lợi"
    victim.current_address = "Ngõ 12 Lê Lợi"
    victim.guardian_name = "Đặng Văn Tùng"
    victim.guardian_relation = "Bố"
    victim.guardian_phone = GUARDIAN_PHONE
    victim.disability_note = _text_with_secrets()
    victim.occupation = "Làm thuê"
    victim.save()
    case.note = _text_with_secrets()
    case.recruitment_place = _text_with_secrets()
    case.destination_place = _text_with_secrets()
    case.save()
    reception = case.reception
    reception.place = _text_with_secrets()
    reception.record_number = f"BB-{ID_NUMBER}"
    reception.officer = _text_with_secrets()
    reception.save()
    consent = Consent.objects.create(
        victim=victim,
        given_by="person",
        given_on=D(2018, 3, 12),
        purposes=["support"],
        withdrawal_note="",
    )
    consent.evidence.save("dong-y-dang-thi-dao-v1.pdf", ContentFile(b"%PDF-1 first"))
    consent.evidence.save("dong-y-dang-thi-dao-v2.pdf", ContentFile(b"%PDF-1 second"))
    dossier = VerificationDossier.objects.create(case=case, verifying_agency="Công an tỉnh")
    DossierEvent.objects.create(dossier=dossier, to_status="draft", note=_text_with_secrets())
    evidence = EvidenceDocument(
        dossier=dossier, ground="procedural_body", kind="police_certificate", number=ID_NUMBER
    )
    evidence.file.save("xac-nhan-dang-thi-dao.pdf", ContentFile(b"%PDF-1 evidence"))
    support_type = SupportType.objects.filter(regime="legacy").first()
    record = SupportRecord.objects.create(
        case=case,
        support_type=support_type,
        status="rejected",
        proposed_on=D(2018, 3, 15),
        rejection_reason=_text_with_secrets(),
        amount_override_reason=_text_with_secrets(),
    )
    SupportEvent.objects.create(record=record, to_status="rejected", note=_text_with_secrets())
    document = SupportDocument(record=record, kind="receipt", number=PHONE)
    document.file.save("bien-nhan-dang-thi-dao.pdf", ContentFile(b"%PDF-1 receipt"))
    application = SupportApplication.objects.create(
        case=case,
        support_type=support_type,
        status="rejected",
        received_on=D(2018, 4, 1),
        applicant_relation="parent",
        applicant_name=f"Đặng Văn Tùng, bố của {NAME}",
        certified_on=D(2018, 4, 1),
        certifying_unit=units.commune_a1,
        certification_number=ID_NUMBER,
        appraisal_note=_text_with_secrets(),
        rejection_reason=_text_with_secrets(),
    )
    ApplicationEvent.objects.create(
        application=application, to_status="rejected", note=_text_with_secrets()
    )
    provider = ServiceProvider.objects.create(
        kind="social_assistance", name="Trung tâm CTXH", area=units.province
    )
    referral = Referral.objects.create(
        case=case,
        provider=provider,
        service="shelter",
        need=_text_with_secrets(),
        status="cancelled",
        sent_on=D(2018, 4, 2),
        due_on=D(2018, 4, 16),
        cancel_reason=_text_with_secrets(),
        consent=consent,
    )
    ReferralEvent.objects.create(referral=referral, to_status="sent", note=_text_with_secrets())
    followup = FollowUp.objects.create(
        case=case,
        months=1,
        returned_on=D(2018, 3, 10),
        due_date=D(2018, 4, 10),
        status="lost_contact",
        visited_on=D(2018, 4, 12),
        family_note=_text_with_secrets(),
        next_steps=_text_with_secrets(),
        note=_text_with_secrets(),
    )
    FollowUpEvent.objects.create(followup=followup, to_status="lost_contact", note=PHONE)
    LogEntry.objects.create(
        user=officer_a,
        content_type=ContentType.objects.get_for_model(Victim),
        object_id=str(victim.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message="[]",
    )
    _close(case, officer_a, D(2019, 6, 1))
    closure = CaseClosure.objects.get(case=case)
    closure.note = _text_with_secrets()
    closure.save()
    return Victim.objects.get(pk=victim.pk)


@pytest.fixture
def recent(officer_a, units, make_case):
    """A person of area A whose only case was closed two years ago: not due."""
    case = make_case(
        officer_a, units.district_a, full_name=OTHER_NAME, birth_year=1990, received=D(2023, 2, 1)
    )
    _close(case, officer_a, D(2024, 6, 1))
    return case.victim


def _text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')"
        )
        return cursor.fetchall()


def _where_found(value: str) -> list[str]:
    """Every table.column of the whole database where `value` appears (raw SQL)."""
    found = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                [f"%{value}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def _files(media: Path) -> list[str]:
    return sorted(p.name for p in media.rglob("*") if p.is_file())


def _anonymise(person, supervisor, django_capture_on_commit_callbacks, reason="Hết hạn lưu trữ"):
    with django_capture_on_commit_callbacks(execute=True):
        return anonymise.victim_anonymise(actor=supervisor, victim=person, reason=reason)


def test_name_id_number_and_phone_appear_nowhere_in_the_database_after_anonymisation(
    person, recent, supervisor, django_capture_on_commit_callbacks
):
    # Before: the values are there, in the main and the history tables (the check can fail).
    assert "victims_historicalvictim.full_name" in _where_found(NAME)
    assert "victims_historicalvictim.full_name" in _where_found("Đặng Thị Đào Cũ")
    assert "support_services_followup.note" in _where_found(PHONE)
    assert "django_admin_log.object_repr" in _where_found(NAME)
    assert _anonymise(person, supervisor, django_capture_on_commit_callbacks) is True
    for value in PERSONAL:
        assert _where_found(value) == [], value
    # Another person's data is untouched.
    assert "victims_victim.full_name" in _where_found(OTHER_NAME)


def test_the_person_keeps_what_statistics_need_and_is_marked(
    person, supervisor, units, django_capture_on_commit_callbacks
):
    _anonymise(person, supervisor, django_capture_on_commit_callbacks)
    person.refresh_from_db()
    assert person.full_name == f"Đã ẩn danh #{person.pk}"
    assert person.search_name == search_key(person.full_name)
    assert person.date_of_birth is None and person.birth_year == 2000
    assert person.sex == "female" and person.id_number == "" and person.phone == ""
    assert person.permanent_unit == units.province and person.current_unit is None
    assert person.guardian_name == person.guardian_phone == person.guardian_relation == ""
    assert person.disability_note == str(anonymise.REDACTED)
    assert person.anonymised_by == supervisor and person.anonymised_at is not None
    assert person.anonymisation_reason == "Hết hạn lưu trữ"
    case = person.cases.get()
    assert case.status == "closed" and case.code.startswith("TH-2018-")
    assert case.destination_country == "CN" and case.note == str(anonymise.REDACTED)
    assert case.reception.age_on_reception == 17
    assert case.reception.received_on == D(2018, 3, 10)
    assert SupportApplication.objects.get(case=case).applicant_name == str(anonymise.REDACTED)
    assert SupportRecord.objects.get(case=case).status == "rejected"


def test_files_are_deleted_from_storage_and_the_rows_kept_without_them(
    person, supervisor, media, django_capture_on_commit_callbacks
):
    names = _files(media)
    assert len(names) == 4, names  # two consent versions, the evidence, the receipt
    _anonymise(person, supervisor, django_capture_on_commit_callbacks)
    assert _files(media) == []
    assert EvidenceDocument.objects.get(dossier__case__victim=person).file.name == ""
    assert SupportDocument.objects.get(record__case__victim=person).file.name == ""
    assert Consent.objects.get(victim=person).evidence.name == ""
    historical = Consent.history.model.objects.filter(id=Consent.objects.get(victim=person).pk)
    assert set(historical.values_list("evidence", flat=True)) == {""}


def test_anonymising_twice_changes_nothing_more_and_writes_no_second_record(
    person, supervisor, django_capture_on_commit_callbacks
):
    _anonymise(person, supervisor, django_capture_on_commit_callbacks)
    person.refresh_from_db()
    first = (person.anonymised_at, person.anonymisation_reason, person.full_name)
    history_rows = Victim.history.model.objects.filter(id=person.pk).count()
    case_history_rows = Case.history.model.objects.filter(victim_id=person.pk).count()
    again = _anonymise(person, supervisor, django_capture_on_commit_callbacks, reason="Lần hai")
    assert again is False
    person.refresh_from_db()
    assert (person.anonymised_at, person.anonymisation_reason, person.full_name) == first
    assert Victim.history.model.objects.filter(id=person.pk).count() == history_rows
    assert Case.history.model.objects.filter(victim_id=person.pk).count() == case_history_rows


def test_report_indicators_are_the_same_before_and_after(
    person, recent, supervisor, units, django_capture_on_commit_callbacks
):
    scopes = [
        Scope(units.province, period_for("annual", 2018)),
        Scope(units.district_a, period_for("calendar", 2018)),
        Scope(units.province, period_for("annual", 2019)),
    ]
    before = [compare(scope) for scope in scopes]
    assert before[0]["indicators"]["received_under_18"]["value"] == 1  # the birth date counts
    assert before[0]["indicators"]["received_in_province"]["value"] == 1
    _anonymise(person, supervisor, django_capture_on_commit_callbacks)
    assert [compare(scope) for scope in scopes] == before


def test_a_person_is_not_due_before_the_retention_period_has_passed(
    recent, person, supervisor, settings, django_capture_on_commit_callbacks
):
    assert list(anonymise.victims_due_for(supervisor)) == [person]
    with pytest.raises(anonymise.AnonymisationError):
        _anonymise(recent, supervisor, django_capture_on_commit_callbacks)
    settings.RETENTION_YEARS_AFTER_CLOSURE = 10
    assert list(anonymise.victims_due_for(supervisor)) == []
    recent.refresh_from_db()
    assert recent.full_name == OTHER_NAME and recent.anonymised_at is None


def test_a_person_with_a_case_still_open_is_not_due(person, officer_a, units, make_case):
    make_case(officer_a, units.district_a, victim=person, received=D(2025, 1, 5))
    assert not anonymise.victims_due().filter(pk=person.pk).exists()


def test_a_reopened_case_keeps_the_person(person, provincial_staff):
    followups_services.case_reopen(
        actor=provincial_staff, case=person.cases.get(), reason="Có thông tin mới"
    )
    assert not anonymise.victims_due().filter(pk=person.pk).exists()


def test_the_supervisor_anonymises_on_the_screen_with_a_reason_and_a_confirmation(
    person, recent, supervisor_client, django_capture_on_commit_callbacks
):
    url = reverse("victims:retention")
    page = supervisor_client.get(url)
    assert page.status_code == 200
    assert NAME in page.content.decode() and OTHER_NAME not in page.content.decode()
    unconfirmed = supervisor_client.post(url, {"people": [person.pk], "reason": "Hết hạn"})
    assert unconfirmed.status_code == 200
    person.refresh_from_db()
    assert person.anonymised_at is None
    with django_capture_on_commit_callbacks(execute=True):
        done = supervisor_client.post(
            url, {"people": [person.pk], "reason": "Hết hạn", "confirm": "on"}
        )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_at is not None and person.anonymisation_reason == "Hết hạn"


def test_a_supervisor_of_another_area_cannot(person, units, django_capture_on_commit_callbacks):
    other = UserFactory(role=Role.SUPERVISOR, jurisdiction=units.district_b)
    assert list(anonymise.victims_due_for(other)) == []
    with pytest.raises(PermissionDenied):
        _anonymise(person, other, django_capture_on_commit_callbacks)
    from django.test import Client

    client = Client()
    client.force_login(other)
    page = client.get(reverse("victims:retention"))
    assert page.status_code == 200 and NAME not in page.content.decode()
    post = client.post(
        reverse("victims:retention"), {"people": [person.pk], "reason": "x", "confirm": "on"}
    )
    assert post.status_code == 200  # the choice is invalid: not one of theirs
    person.refresh_from_db()
    assert person.full_name == NAME and person.anonymised_at is None


@pytest.mark.parametrize("who", ["provincial_client", "client_a", "client_colleague_a"])
def test_roles_other_than_supervisor_are_refused(who, request, person):
    client = request.getfixturevalue(who)
    assert client.get(reverse("victims:retention")).status_code == 403
    post = client.post(
        reverse("victims:retention"), {"people": [person.pk], "reason": "x", "confirm": "on"}
    )
    assert post.status_code == 403
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_the_command_lists_on_a_dry_run_and_anonymises_with_a_reason(
    person, recent, capsys, django_capture_on_commit_callbacks
):
    call_command("anonymise_due", "--dry-run")
    out = capsys.readouterr().out
    assert str(person.pk) in out and NAME not in out and "1 người" in out
    person.refresh_from_db()
    assert person.anonymised_at is None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_due", "--reason", "Hết hạn lưu trữ năm 2026")
    person.refresh_from_db()
    recent.refresh_from_db()
    assert person.anonymised_at is not None and person.anonymised_by is None
    assert recent.anonymised_at is None


def _person_models():
    """Every model of the registry apps that belongs to a person or one of their cases."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label not in {"victims", "verification", "support_services"}:
            continue
        if model.__name__.startswith("Historical"):
            continue
        path = (getattr(model, "scope_unit_field", None) or "").split("__")
        if model in (Victim, Case) or "case" in path or "victim" in path:
            yield model


def test_every_text_and_file_field_of_a_persons_rows_has_a_decision():
    """A new model or a new text field about a person fails here until anonymise.py decides
    what becomes of it."""
    from django.db import models

    policies = {policy.label: policy for policy in anonymise.POLICIES}
    labels = {model._meta.label for model in _person_models()}
    assert labels == set(policies), labels ^ set(policies)
    undecided = []
    for model in _person_models():
        policy = policies[model._meta.label]
        decided = {
            *policy.erase,
            *policy.redact,
            *policy.files,
            *anonymise.KEPT.get(policy.label, ()),
            *anonymise.REPLACED.get(policy.label, ()),
        }
        for field in model._meta.concrete_fields:
            textual = isinstance(field, models.CharField | models.TextField | models.FileField)
            if (textual or isinstance(field, models.JSONField)) and field.name not in decided:
                undecided.append(f"{model._meta.label}.{field.name}")
    assert undecided == []


def test_the_retention_screen_runs_a_constant_number_of_queries(
    person, recent, officer_a, units, make_case, supervisor_client, django_assert_max_num_queries
):
    for i in range(4):
        case = make_case(
            officer_a, units.district_a, full_name=f"Người {i}", received=D(2018, 1, 2)
        )
        _close(case, officer_a, D(2019, 1, 2))
    with django_assert_max_num_queries(17):  # constant (the access log: count + row)
        page = supervisor_client.get(reverse("victims:retention"))
    assert page.content.decode().count('name="people"') == 5


def test_the_pages_of_an_anonymised_person_still_open_without_their_data(
    person, supervisor, supervisor_client, django_capture_on_commit_callbacks
):
    _anonymise(person, supervisor, django_capture_on_commit_callbacks)
    case = person.cases.get()
    case_url = reverse("victims:case-detail", args=[case.pk])
    tabs = ["overview", "dossier", "supports", "followups", "applications", "referrals", "timeline"]
    for url in (
        reverse("victims:victim-detail", args=[person.pk]),
        *[f"{case_url}?tab={tab}" for tab in tabs],
    ):
        page = supervisor_client.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert f"Đã ẩn danh #{person.pk}" in body
        for value in PERSONAL:
            assert value not in body, (url, value)
    assert (
        "tệp đã xóa khi ẩn danh"
        in supervisor_client.get(f"{case_url}?tab=supports").content.decode()
    )
    document = SupportDocument.objects.get(record__case=case)
    download = reverse("support_services:support-document-download", args=[document.pk])
    assert supervisor_client.get(download).status_code == 404
