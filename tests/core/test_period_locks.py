"""A report period locked by an approval (core/period_locks.py): every kind of record that counts
in it is refused a change, by any path, with a message naming the approved report; records
outside the period or outside the locked area are not; a supervisor reopens it with a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import period_locks
from core.models import PeriodLock
from core.period_locks import PeriodLocked
from prevention import services as prevention_services
from prevention.models import ActivityParticipation, Directive, PreventionActivity, TargetGroup
from support_services.models import (
    CaseClosure,
    FollowUp,
    Referral,
    ServiceKind,
    SupportRecord,
    SupportType,
)
from support_services.referrals import services as referral_services
from support_services.reintegration import services as followup_services
from support_services.supports import services as support_services
from tests.support_services.closures import close_case
from verification import services as verification_services
from verification.models import VerificationDossier
from victims import services as victim_services
from victims.choices import CaseStatus
from victims.models import Case, Reception, Victim

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2023, 12, 15), D(2024, 12, 14)
LABEL = "Báo cáo năm kỳ 15/12/2023–14/12/2024 của Thanh Hóa"


def lock(unit, actor, start=START, end=END, label=LABEL):
    return period_locks.lock_period(unit=unit, start=start, end=end, label=label, actor=actor)


@pytest.fixture
def province_locked(units, provincial_staff):
    return lock(units.province, provincial_staff)


@pytest.fixture
def case_2024(officer_a, units, make_case):
    """A case of district A received on 10/05/2024, identified (entered before the lock)."""
    case = make_case(officer_a, units.district_a, full_name="Lò Thị Mai", received=D(2024, 5, 10))
    case.victim.poverty_status = "poor"
    case.victim.save()
    return victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)


def assert_names_the_report(refusal):
    text = str(refusal)
    assert LABEL in text
    assert "Nguyễn Thị Lan" in text  # who approved
    assert "mở lại kỳ báo cáo" in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text


# --- Reception and case -------------------------------------------------------------------------


def test_a_case_received_in_a_locked_period_cannot_be_entered(
    officer_a, units, make_case, province_locked
):
    with pytest.raises(PeriodLocked) as refusal:
        make_case(officer_a, units.district_a, received=D(2024, 6, 1))

    assert_names_the_report(refusal.value)
    assert Case.objects.count() == Victim.objects.count() == Reception.objects.count() == 0


def test_a_case_received_after_the_locked_period_is_entered(
    officer_a, units, make_case, province_locked
):
    case = make_case(officer_a, units.district_a, received=D(2024, 12, 15))

    assert case.reception.received_on == D(2024, 12, 15)


def test_a_reception_of_a_locked_period_is_neither_changed_nor_deleted(case_2024, province_locked):
    reception = Reception.objects.get(case=case_2024)
    reception.agency_name = "Đồn Biên phòng Na Mèo"
    with pytest.raises(PeriodLocked):
        reception.save()
    with pytest.raises(PeriodLocked), transaction.atomic():
        Reception.objects.get(case=case_2024).delete()

    assert Reception.objects.get(case=case_2024).agency_name == ""


def test_moving_a_reception_out_of_a_locked_period_is_refused(case_2024, province_locked):
    reception = Reception.objects.get(case=case_2024)
    reception.received_on = D(2024, 12, 20)

    with pytest.raises(PeriodLocked):
        reception.save()
    assert Reception.objects.get(case=case_2024).received_on == D(2024, 5, 10)


def test_moving_a_reception_into_a_locked_period_is_refused(
    officer_a, units, make_case, province_locked
):
    case = make_case(officer_a, units.district_a, received=D(2025, 2, 1))
    reception = Reception.objects.get(case=case)
    reception.received_on = D(2024, 12, 1)

    with pytest.raises(PeriodLocked):
        reception.save()
    assert Reception.objects.get(case=case).received_on == D(2025, 2, 1)


def test_what_the_report_reads_of_a_case_is_locked_and_its_note_is_not(case_2024, province_locked):
    case = Case.objects.get(pk=case_2024.pk)
    case.destination_country = "MY"
    with pytest.raises(PeriodLocked):
        case.save()
    with pytest.raises(PeriodLocked), transaction.atomic():
        case.exploitation_forms.clear()

    case = Case.objects.get(pk=case_2024.pk)
    case.note = "Gia đình đã được thông báo"
    case.save()
    assert Case.objects.get(pk=case_2024.pk).destination_country == "CN"
    assert case.exploitation_forms.count() == 1


def test_the_person_of_a_locked_case_keeps_sex_and_birth_but_may_change_a_phone(
    case_2024, province_locked
):
    victim = Victim.objects.get(pk=case_2024.victim_id)
    victim.sex = "male"
    with pytest.raises(PeriodLocked):
        victim.save()

    victim = Victim.objects.get(pk=case_2024.victim_id)
    victim.phone = "0912345678"
    victim.save()
    assert Victim.objects.get(pk=case_2024.victim_id).sex == "female"


def test_a_lock_covers_only_its_own_area(officer_a, officer_b, units, make_case, provincial_staff):
    lock(units.district_a, provincial_staff, label="Báo cáo năm kỳ … của Huyện Thạch Thành")

    make_case(officer_b, units.district_b, full_name="Ở huyện B", received=D(2024, 6, 1))
    with pytest.raises(PeriodLocked, match="Huyện Thạch Thành"):
        make_case(officer_a, units.commune_a1, full_name="Ở xã A1", received=D(2024, 6, 1))

    assert list(Case.objects.values_list("managing_unit", flat=True)) == [units.district_b.pk]


def test_a_commune_lock_leaves_the_rest_of_its_district_open(
    officer_a, units, make_case, provincial_staff
):
    lock(units.commune_a1, provincial_staff, label="Báo cáo của Xã Thạch Lâm")

    case = make_case(officer_a, units.commune_a2, received=D(2024, 6, 1))

    assert case.managing_unit == units.commune_a2


# --- Verification dossier -------------------------------------------------------------------------


def test_a_dossier_step_on_a_case_of_a_locked_period_is_refused_as_a_workflow_step(
    officer_a, units, make_case, provincial_staff
):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    dossier = verification_services.dossier_create(actor=officer_a, case=case)
    lock(units.province, provincial_staff)

    with pytest.raises(verification_services.TransitionError, match="kỳ báo cáo đã được phê"):
        verification_services.dossier_submit(actor=officer_a, dossier=dossier)

    assert VerificationDossier.objects.get(pk=dossier.pk).status == dossier.status


def test_the_daily_overdue_flag_still_writes_on_a_locked_dossier(
    officer_a, units, make_case, provincial_staff
):
    case = make_case(officer_a, units.district_a, received=D(2024, 5, 10))
    dossier = verification_services.dossier_create(actor=officer_a, case=case)
    lock(units.province, provincial_staff)

    dossier.is_overdue = True
    dossier.save(update_fields=["is_overdue", "updated_at"])

    assert VerificationDossier.objects.get(pk=dossier.pk).is_overdue


# --- Supports, referrals, follow-ups, closure -----------------------------------------------------


def travel():
    return SupportType.objects.get(regime="legacy", code="travel")


def test_a_support_proposed_in_a_locked_period_is_refused(officer_a, case_2024, province_locked):
    with pytest.raises(PeriodLocked, match="kỳ báo cáo đã được phê duyệt"):
        support_services.support_propose(
            actor=officer_a, case=case_2024, support_type=travel(), on_date=D(2024, 6, 1)
        )
    assert not SupportRecord.objects.exists()


def test_a_support_given_in_a_locked_period_no_longer_changes(
    officer_a, provincial_staff, units, case_2024
):
    record = support_services.support_propose(
        actor=officer_a, case=case_2024, support_type=travel(), on_date=D(2024, 6, 1)
    )
    record = support_services.support_approve(
        actor=provincial_staff,
        record=record,
        decision_number="15/QĐ-SLĐTBXH",
        decision_date=D(2024, 6, 3),
        authority="Sở",
    )
    record = support_services.support_provide(
        actor=officer_a,
        record=record,
        provided_on=D(2024, 6, 5),
        amount=200_000,
        override_reason="Theo giá vé thực tế",
    )
    lock(units.province, provincial_staff)

    record.amount = 300_000
    with pytest.raises(PeriodLocked):
        record.save()
    with pytest.raises(PeriodLocked), transaction.atomic():
        SupportRecord.objects.get(pk=record.pk).delete()
    assert SupportRecord.objects.get(pk=record.pk).amount == 200_000


def test_a_support_proposed_in_a_locked_period_may_be_decided_in_an_open_one(
    officer_a, provincial_staff, units, case_2024
):
    record = support_services.support_propose(
        actor=officer_a, case=case_2024, support_type=travel(), on_date=D(2024, 12, 10)
    )
    lock(units.province, provincial_staff)

    record = support_services.support_approve(
        actor=provincial_staff,
        record=record,
        decision_number="2/QĐ-SLĐTBXH",
        decision_date=D(2024, 12, 20),
        authority="Sở",
    )

    assert record.decision_date == D(2024, 12, 20)


def test_a_referral_sent_in_a_locked_period_is_refused_and_one_sent_later_is_not(
    provincial_staff, case_2024, province_locked
):
    def send(on):
        return referral_services.referral_send(
            actor=provincial_staff,
            case=case_2024,
            service=ServiceKind.VOCATIONAL_TRAINING,
            programme="vocational_jobs",
            sent_on=on,
            override_reason="Người được hỗ trợ đồng ý bằng lời, văn bản bổ sung sau",
        )

    with pytest.raises(PeriodLocked):
        send(D(2024, 7, 1))
    assert not Referral.objects.exists()
    assert send(D(2025, 1, 6)).sent_on == D(2025, 1, 6)


def test_a_visit_in_a_locked_period_is_refused(officer_a, units, make_case, provincial_staff):
    case = make_case(officer_a, units.district_a, received=D(2024, 1, 31))
    case = victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
    followup_services.followups_schedule(actor=officer_a, case=case)
    lock(units.province, provincial_staff)  # the visits still to do count nowhere
    followup = case.followups.order_by("months").first()

    with pytest.raises(followup_services.FollowUpError, match="kỳ báo cáo đã được phê duyệt"):
        followup_services.followup_record_visit(
            actor=officer_a,
            followup=followup,
            visited_on=D(2024, 3, 1),
            method="home",
            risk="low",
            situation={"safety": ("stable", "")},
        )
    assert FollowUp.objects.get(pk=followup.pk).visited_on is None


def test_a_closure_dated_in_a_locked_period_is_refused_and_a_later_one_is_not(
    officer_a, case_2024, province_locked
):
    with pytest.raises(PeriodLocked):
        close_case(actor=officer_a, case=case_2024, reason="reintegrated", closed_on=D(2024, 11, 1))
    assert not CaseClosure.objects.exists()

    close_case(actor=officer_a, case=case_2024, reason="reintegrated", closed_on=D(2025, 1, 15))
    assert Case.objects.get(pk=case_2024.pk).status == CaseStatus.CLOSED


# --- Prevention ------------------------------------------------------------------------


def training(actor, unit, start, participations=()):
    return prevention_services.activity_save(
        actor=actor,
        activity=PreventionActivity(
            unit=unit,
            activity_type="training",
            title="Lớp tập huấn phòng, chống mua bán người",
            start_date=start,
            sessions=1,
            participants=60,
        ),
        participations=participations,
    )


def test_an_activity_of_a_locked_period_is_refused_on_the_form_check_and_on_save(
    officer_a, units, province_locked
):
    activity = PreventionActivity(
        unit=units.district_a,
        activity_type="training",
        title="Lớp tập huấn",
        start_date=D(2024, 4, 9),
        sessions=1,
        participants=60,
    )
    with pytest.raises(ValidationError) as refusal:
        activity.full_clean()
    assert LABEL in " ".join(refusal.value.message_dict["__all__"])
    with pytest.raises(ValidationError, match="kỳ báo cáo đã được phê duyệt"):
        training(officer_a, units.district_a, D(2024, 4, 9))
    assert not PreventionActivity.objects.exists()

    assert training(officer_a, units.district_a, D(2025, 4, 9)).pk


def test_the_participants_of_a_locked_activity_do_not_change(officer_a, provincial_staff, units):
    group = TargetGroup.objects.order_by("order").first()
    activity = training(officer_a, units.district_a, D(2024, 4, 9), [(group, 60, 20)])
    lock(units.province, provincial_staff)

    row = ActivityParticipation.objects.get(activity=activity)
    row.count = 70
    with pytest.raises(PeriodLocked):
        row.save()
    activity.title = "Đổi tên"
    with pytest.raises(PeriodLocked):
        activity.save()
    assert ActivityParticipation.objects.get(activity=activity).count == 60


def test_a_directive_issued_in_a_locked_period_is_refused(provincial_staff, province_locked):
    directive = Directive(
        number="51/KH-SLĐTBXH",
        directive_type="plan",
        issued_on=D(2024, 3, 20),
        issuing_body="Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa",
        title="Kế hoạch truyền thông",
    )
    with pytest.raises(ValidationError, match="kỳ báo cáo đã được phê duyệt"):
        prevention_services.directive_save(actor=provincial_staff, directive=directive)
    assert not Directive.objects.exists()


# --- Reopening ------------------------------------------------------------------------


def test_a_supervisor_reopens_with_a_reason_and_the_records_change_again(
    supervisor, case_2024, province_locked
):
    reopened = period_locks.reopen(
        lock=province_locked, actor=supervisor, reason="Bổ sung biên bản tiếp nhận"
    )

    reception = Reception.objects.get(case=case_2024)
    reception.agency_name = "Đồn Biên phòng Na Mèo"
    reception.save()
    assert (reopened.reopened_by, reopened.reopen_reason) == (
        supervisor,
        "Bổ sung biên bản tiếp nhận",
    )
    assert reopened.reopened_at is not None
    history = list(reopened.history.order_by("history_date"))
    assert [row.history_user for row in history] == [province_locked.locked_by, supervisor]
    assert history[-1].reopen_reason == "Bổ sung biên bản tiếp nhận"


def test_a_reopening_needs_a_reason(supervisor, province_locked):
    with pytest.raises(ValidationError) as refusal:
        period_locks.reopen(lock=province_locked, actor=supervisor, reason="  ")

    assert "lý do" in refusal.value.message_dict["reason"][0]
    assert PeriodLock.objects.get().is_active


def test_only_a_supervisor_reopens(provincial_staff, officer_a, province_locked):
    for actor in (provincial_staff, officer_a):
        with pytest.raises(PermissionDenied):
            period_locks.reopen(lock=province_locked, actor=actor, reason="Sửa số liệu")

    assert PeriodLock.objects.get().is_active


def test_locking_again_after_a_reopening_refuses_changes_again(
    supervisor, provincial_staff, units, case_2024, province_locked
):
    period_locks.reopen(lock=province_locked, actor=supervisor, reason="Sửa số liệu")
    lock(units.province, provincial_staff)

    reception = Reception.objects.get(case=case_2024)
    reception.agency_name = "Đồn Biên phòng Na Mèo"
    with pytest.raises(PeriodLocked):
        reception.save()
    assert PeriodLock.objects.count() == 1
    assert PeriodLock.objects.get().history.count() == 3  # locked, reopened, locked again


def test_every_kind_of_counted_record_is_registered():
    labels = {entry.model._meta.label for entry in period_locks.registered()}

    assert {
        "victims.Reception",
        "victims.Case",
        "victims.Victim",
        "verification.VerificationDossier",
        "support_services.SupportRecord",
        "support_services.SupportApplication",
        "support_services.Referral",
        "support_services.FollowUp",
        "support_services.CaseClosure",
        "prevention.PreventionActivity",
        "prevention.ActivityParticipation",
        "prevention.Directive",
    } <= labels
