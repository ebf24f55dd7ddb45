"""Demo follow-up visits and closures (seed_demo), built on the demo cases of victims.demo:
visits done with varied situations and risks, visits missed (lost contact) or overdue, and
closed cases with every reason, each proposed by one person and approved by another, one of
them reopened, and one proposal still waiting for approval. Synthetic data only."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.demo import decider_for
from accounts.models import User
from locations.models import AdministrativeUnit
from support_services.models import CaseClosure, ClosureReason, FollowUp, FollowUpStatus
from support_services.reintegration import services
from victims.choices import CaseStatus
from victims.demo import DEMO_MARK, case_officer
from victims.models import Case

# (risk, {domain: (rating, note)}, next steps) — what the demo visits found.
FINDINGS = [
    ("low", {"safety": ("stable", ""), "family": ("stable", "Gia đình đón nhận")}, ""),
    (
        "medium",
        {
            "income": ("attention", "Chưa có việc làm ổn định"),
            "housing": ("stable", ""),
        },
        "Giới thiệu học nghề may công nghiệp",
    ),
    (
        "low",
        {"health": ("attention", "Mất ngủ, lo âu"), "schooling": ("stable", "Đã đi học lại")},
        "Tư vấn tâm lý thêm 2 buổi",
    ),
    (
        "high",
        {
            "safety": ("serious", "Có người lạ liên lạc rủ đi làm ở nước ngoài"),
            "income": ("serious", "Nợ tiền, không có thu nhập"),
        },
        "Báo Công an xã; thăm lại sau 2 tuần",
    ),
    ("low", {"income": ("stable", "Làm công nhân tại khu công nghiệp")}, ""),
    (
        "medium",
        {"family": ("attention", "Mâu thuẫn với chồng"), "health": ("stable", "")},
        "Hòa giải tại thôn",
    ),
]
METHODS = ["home", "home", "phone", "office"]
# The first 2024 cases are closed with these reasons; the last one is reopened afterwards.
CLOSURES = [
    ClosureReason.REINTEGRATED,
    ClosureReason.MOVED,
    ClosureReason.DECLINED,
    ClosureReason.LOST_CONTACT,
    ClosureReason.DECEASED,
    ClosureReason.LOST_CONTACT,
]


def seed() -> int:
    """Schedules, visits and closures once; returns the number of cases given a schedule
    (0 when the demo already has follow-ups)."""
    if FollowUp.objects.exists() or CaseClosure.objects.exists():
        return 0
    staff = User.objects.get(username="canbo.tinh")
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(note__startswith=DEMO_MARK, reception__isnull=False)
        .exclude(status__in=[CaseStatus.NOT_VICTIM, CaseStatus.CLOSED])
        .select_related("reception", "created_by")
        .order_by("received_on", "pk")
    )
    with transaction.atomic():
        for index, case in enumerate(cases):
            officer = case_officer(case, staff)
            services.followups_schedule(actor=officer, case=case)
            _visit(case, index, officer, today)
        _close(cases, staff, today)
    return len(cases)


def _visit(case, index, officer, today):
    for number, followup in enumerate(case.followups.order_by("months")):
        # The visit of the last two weeks stays pending; older ones are done, a few missed
        # and a few left overdue.
        if followup.due_date > today - datetime.timedelta(days=14):
            break
        pattern = (index + number) % 7
        visited_on = min(followup.due_date + datetime.timedelta(days=(index + number) % 9), today)
        if pattern == 5:
            services.followup_record_lost_contact(
                actor=officer,
                followup=followup,
                attempted_on=visited_on,
                note="Gọi điện 3 lần không được; gia đình cho biết đã đi làm xa",
            )
        elif pattern != 6:
            risk, situation, next_steps = FINDINGS[(index + number) % len(FINDINGS)]
            services.followup_record_visit(
                actor=officer,
                followup=followup,
                visited_on=visited_on,
                method=METHODS[(index + number) % len(METHODS)],
                risk=risk,
                situation=situation,
                next_steps=next_steps,
            )


def _close(cases, staff, today):
    receiving = AdministrativeUnit.objects.filter(
        level="province", code="40", is_legacy=False
    ).first()
    cases_2024 = [case for case in cases if case.reception.received_on.year == 2024]
    for case, reason in zip(cases_2024, CLOSURES, strict=False):
        returned = case.reception.received_on
        last_visit = (
            FollowUp.objects.filter(case=case, visited_on__isnull=False)
            .order_by("-visited_on")
            .values_list("visited_on", flat=True)
            .first()
        )
        closed_on = min(max(last_visit or returned, returned + datetime.timedelta(days=400)), today)
        handover = {}
        if reason == ClosureReason.MOVED:
            handover = {
                "receiving_province": receiving,
                "receiving_province_name": "" if receiving else "Tỉnh Nghệ An",
                "receiving_agency": "Sở Y tế tỉnh Nghệ An",
                "handover_number": f"{case.pk}/BB-BG",
                "handover_date": closed_on - datetime.timedelta(days=2),
                "handed_over": "Hồ sơ vụ việc, giấy xác nhận nạn nhân, quyết định hỗ trợ",
            }
        _close_by_two(case, staff, reason=reason, closed_on=closed_on, **handover)
    reopened = cases_2024[len(CLOSURES) - 1] if len(cases_2024) >= len(CLOSURES) else None
    if reopened is not None:
        services.case_reopen(
            actor=staff,
            case=reopened,
            reason="Gia đình báo người này đã về địa phương; tiếp tục theo dõi",
        )
    # One proposal, by a district officer, waits for the province's approval (issue 16 item 2).
    pending = next(
        (
            case
            for case in [*cases_2024[len(CLOSURES) :], *cases]
            if case not in cases_2024[: len(CLOSURES)] and case_officer(case, staff) != staff
        ),
        None,
    )
    if pending is not None:
        returned = pending.reception.received_on
        services.case_close_propose(
            actor=case_officer(pending, staff),
            case=pending,
            reason=ClosureReason.REINTEGRATED,
            closed_on=min(returned + datetime.timedelta(days=400), today),
            note="Dữ liệu mẫu: đã ổn định, đề nghị Sở phê duyệt đóng hồ sơ",
        )


def _close_by_two(case, staff, **closure):
    """Close `case` as the rule asks: its officer proposes, someone else approves."""
    proposer = case_officer(case, staff)
    proposed = services.case_close_propose(actor=proposer, case=case, note="Dữ liệu mẫu", **closure)
    return services.case_close_approve(actor=decider_for(proposer, staff), closure=proposed)


def summary() -> dict:
    """What the demo holds, for the seed command's message and the test."""
    return {
        "followups": FollowUp.objects.count(),
        "done": FollowUp.objects.filter(status=FollowUpStatus.DONE).count(),
        "closures": CaseClosure.objects.count(),
        "closures_pending": CaseClosure.objects.pending().count(),
    }


RETENTION_NOTE = "Hồ sơ mẫu đã hết thời hạn lưu trữ (demo)."


def seed_retention_due() -> int:
    """A returnee of Thạch Thành received in 2019 whose only case was closed in 2020: past the
    retention period (victims.anonymise), so the supervisor's retention screen lists them.
    Created once; returns 1 when created, 0 when already there."""
    from victims import services as victim_services
    from victims.choices import IdType, PersonCategory, ReceivingAgencyType, ReturnChannel
    from victims.models import EthnicGroup, Reception, Victim

    if Case.objects.filter(note=RETENTION_NOTE).exists():
        return 0
    officer = User.objects.get(username="canbo.thachthanh")
    district = officer.jurisdiction
    with transaction.atomic():
        case = victim_services.case_create(
            actor=officer,
            victim=Victim(
                full_name="Lương Thị Nhàn",
                sex="female",
                birth_year=1990,
                ethnic_group=EthnicGroup.objects.get(code_1979="01"),
                id_type=IdType.CCCD,
                id_number="038190004519",
                permanent_unit=district.children.order_by("code").first() or district,
            ),
            case=Case(
                managing_unit=district,
                person_category=PersonCategory.PRESUMED_ABROAD,
                destination_country="CN",
                note=RETENTION_NOTE,
            ),
            reception=Reception(
                received_on=datetime.date(2019, 4, 12),
                channel=ReturnChannel.HANDED_OVER,
                agency_type=ReceivingAgencyType.BORDER_GUARD,
                agency_name="Đồn Biên phòng cửa khẩu Quốc tế Móng Cái",
            ),
        )
        victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED, actor=officer)
        proposed = services.case_close_propose(
            actor=officer,
            case=case,
            reason=ClosureReason.REINTEGRATED,
            closed_on=datetime.date(2020, 6, 30),
            note="Đã ổn định cuộc sống tại địa phương.",
        )
        staff = User.objects.get(username="canbo.tinh")
        services.case_close_approve(actor=decider_for(officer, staff), closure=proposed)
    return 1
