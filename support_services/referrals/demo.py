"""Demo service providers in Thanh Hóa and referrals in every state (seed_demo).

Names are of the kinds of bodies a province has; addresses, phones and contacts are invented.
Referrals are made on the demo cases of victims.demo through the services, so they follow the
rules: a consent of the person (with the guardian for a child) or a provincial override.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from locations.models import AdministrativeUnit
from support_services.models import (
    Programme,
    ProviderKind,
    Referral,
    ServiceKind,
    ServiceProvider,
)
from support_services.referrals import services
from victims.demo import case_officer
from victims.models import Case, Consent

DEMO_NOTE = "Dữ liệu mẫu (demo): địa chỉ, điện thoại, người liên hệ là giả định."
PROVINCE, THACH_THANH, HAC_THANH = "province", "thach_thanh", "hac_thanh"
S = ServiceKind

# (name, kind, area, address, services, capacity)
PROVIDERS = [
    (
        "Trung tâm Công tác xã hội tỉnh Thanh Hóa",
        ProviderKind.SOCIAL_ASSISTANCE,
        PROVINCE,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.SHELTER, S.ESSENTIAL_NEEDS, S.PSYCHOLOGICAL, S.SOCIAL_ASSISTANCE, S.CHILD_PROTECTION],
        40,
    ),
    (
        "Cơ sở hỗ trợ nạn nhân tỉnh Thanh Hóa",
        ProviderKind.VICTIM_SUPPORT,
        PROVINCE,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.SHELTER, S.ESSENTIAL_NEEDS, S.PSYCHOLOGICAL, S.HEALTH_CARE],
        20,
    ),
    (
        "Bệnh viện Đa khoa tỉnh Thanh Hóa",
        ProviderKind.HOSPITAL,
        PROVINCE,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.HEALTH_CARE, S.PSYCHOLOGICAL],
        None,
    ),
    (
        "Bệnh viện Tâm thần tỉnh Thanh Hóa",
        ProviderKind.HOSPITAL,
        PROVINCE,
        "Tỉnh Thanh Hóa",
        [S.PSYCHOLOGICAL, S.HEALTH_CARE, S.DRUG_TREATMENT],
        None,
    ),
    (
        "Trung tâm Y tế huyện Thạch Thành",
        ProviderKind.HEALTH_STATION,
        THACH_THANH,
        "Thị trấn Kim Tân, huyện Thạch Thành (cũ)",
        [S.HEALTH_CARE, S.HEALTH_INSURANCE],
        None,
    ),
    (
        "Trạm Y tế phường Hạc Thành",
        ProviderKind.HEALTH_STATION,
        HAC_THANH,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.HEALTH_CARE],
        None,
    ),
    (
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Thanh Hóa",
        ProviderKind.LEGAL_AID,
        PROVINCE,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.LEGAL_AID],
        None,
    ),
    (
        "Ngân hàng Chính sách xã hội chi nhánh tỉnh Thanh Hóa",
        ProviderKind.SOCIAL_POLICY_BANK,
        PROVINCE,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.LOANS],
        None,
    ),
    (
        "Hội Liên hiệp Phụ nữ tỉnh Thanh Hóa",
        ProviderKind.WOMEN_UNION,
        PROVINCE,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.PSYCHOLOGICAL, S.SHELTER, S.EMPLOYMENT, S.LOANS],
        8,
    ),
    (
        "Nhà tạm lánh Ánh Dương (tổ chức phi chính phủ)",
        ProviderKind.NGO_SHELTER,
        PROVINCE,
        "Tỉnh Thanh Hóa",
        [S.SHELTER, S.PSYCHOLOGICAL, S.SCHOOLING],
        12,
    ),
    (
        "Trường Cao đẳng Nghề Thanh Hóa",
        ProviderKind.VOCATIONAL_SCHOOL,
        PROVINCE,
        "Tỉnh Thanh Hóa",
        [S.VOCATIONAL_TRAINING, S.EMPLOYMENT],
        30,
    ),
    (
        "Trung tâm Dịch vụ việc làm Thanh Hóa",
        ProviderKind.OTHER,
        PROVINCE,
        "Phường Hạc Thành, tỉnh Thanh Hóa",
        [S.EMPLOYMENT, S.VOCATIONAL_TRAINING],
        None,
    ),
    (
        "Trường Trung học cơ sở thị trấn Kim Tân",
        ProviderKind.SCHOOL,
        THACH_THANH,
        "Thị trấn Kim Tân, huyện Thạch Thành (cũ)",
        [S.SCHOOLING],
        None,
    ),
]

# (case code, provider name or programme, service, days after reception, states, override)
PLAN = [
    (
        "TH-2025-0001",
        "Trung tâm Công tác xã hội tỉnh Thanh Hóa",
        S.SHELTER,
        3,
        ["accepted", "completed"],
        False,
    ),
    (
        "TH-2025-0001",
        "Ngân hàng Chính sách xã hội chi nhánh tỉnh Thanh Hóa",
        S.LOANS,
        40,
        ["declined"],
        False,
    ),
    ("TH-2025-0002", "Trung tâm Y tế huyện Thạch Thành", S.HEALTH_CARE, 5, [], False),
    ("TH-2025-0004", "Bệnh viện Đa khoa tỉnh Thanh Hóa", S.HEALTH_CARE, 4, ["accepted"], False),
    ("TH-2025-0004", Programme.VOCATIONAL_JOBS, S.VOCATIONAL_TRAINING, 30, [], False),
    (
        "TH-2026-0001",
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Thanh Hóa",
        S.LEGAL_AID,
        10,
        [],
        True,
    ),
    ("TH-2026-0002", Programme.POVERTY_REDUCTION, S.SOCIAL_ASSISTANCE, 12, ["cancelled"], False),
    (
        "TH-2026-0003",
        "Hội Liên hiệp Phụ nữ tỉnh Thanh Hóa",
        S.PSYCHOLOGICAL,
        None,  # sent today: open, not yet due
        [],
        False,
    ),
    (
        "TH-2024-0003",
        Programme.HEALTH_INSURANCE,
        S.HEALTH_INSURANCE,
        20,
        ["accepted", "completed"],
        False,
    ),
    (
        "TH-2024-0005",
        "Trường Cao đẳng Nghề Thanh Hóa",
        S.VOCATIONAL_TRAINING,
        60,
        ["accepted_late"],
        False,
    ),
]


def seed() -> int:
    """Create the demo providers and referrals once; returns how many referrals were made."""
    with transaction.atomic():
        providers = _providers()
        demo_cases = Case.objects.filter(code__in={row[0] for row in PLAN})
        if Referral.objects.filter(case__in=demo_cases).exists():
            return 0
        staff = User.objects.filter(username="canbo.tinh").first()
        if staff is None:
            return 0
        cases = {case.code: case for case in demo_cases.select_related("victim", "reception")}
        made = 0
        for code, target, service, days, states, override in PLAN:
            case = cases.get(code)
            if case is None or not hasattr(case, "reception"):
                continue
            _walk(case, providers, staff, target, service, days, states, override)
            made += 1
        return made


def _providers() -> dict[str, ServiceProvider]:
    province = AdministrativeUnit.objects.filter(
        level="province", code="38", is_legacy=False
    ).first()
    if province is None:
        return {}
    areas = {
        PROVINCE: province,
        THACH_THANH: AdministrativeUnit.objects.filter(
            level="district", code="391", is_legacy=True
        ).first()
        or province,
        HAC_THANH: AdministrativeUnit.objects.filter(
            level="commune", code="14797", is_legacy=False
        ).first()
        or province,
    }
    providers = {}
    for index, (name, kind, area, address, offered, capacity) in enumerate(PROVIDERS, start=1):
        providers[name], _created = ServiceProvider.objects.get_or_create(
            name=name,
            area=areas[area],
            defaults={
                "kind": kind,
                "address": address,
                "phone": f"0237 3{index:03d} 000",
                "contact_person": "Cán bộ tiếp nhận (giả định)",
                "services": [str(code) for code in offered],
                "capacity": capacity,
                "note": DEMO_NOTE,
            },
        )
    return providers


def _consent(case, officer, given_on):
    """A consent of the person for support and sharing (with the guardian for a child)."""
    victim = case.victim
    return Consent.objects.create(
        victim=victim,
        given_by="both" if victim.age_on(given_on) < 18 else "person",
        given_on=given_on,
        purposes=["case_management", "support", "sharing"],
        recorded_by=officer,
    )


def _walk(case, providers, staff, target, service, days, states, override):
    today = timezone.localdate()
    received = case.reception.received_on
    sent_on = today if days is None else min(received + datetime.timedelta(days=days), today)
    officer = case_officer(case, staff)
    provider = providers.get(target)
    common = {
        "case": case,
        "service": service,
        "sent_on": sent_on,
        "provider": provider,
        "programme": "" if provider else target,
        "need": "Dữ liệu mẫu (demo).",
    }
    if override:
        referral = services.referral_send(
            actor=staff,
            **common,
            override_reason=(
                "Người được hỗ trợ đang bị đe dọa, cần trợ giúp pháp lý gấp; chưa liên lạc được "
                "để lấy ý kiến đồng ý (dữ liệu mẫu)."
            ),
        )
    else:
        consent = _consent(case, officer, min(received + datetime.timedelta(days=1), sent_on))
        referral = services.referral_send(actor=officer, consent=consent, **common)
    answered = min(sent_on + datetime.timedelta(days=6), today)
    for state in states:
        if state == "accepted":
            referral = services.referral_accept(
                actor=officer,
                referral=referral,
                responded_on=answered,
                expected_completion_on=max(answered + datetime.timedelta(days=90), today),
            )
        elif state == "accepted_late":
            referral = services.referral_accept(
                actor=officer,
                referral=referral,
                responded_on=answered,
                expected_completion_on=answered + datetime.timedelta(days=1),
            )
        elif state == "completed":
            referral = services.referral_complete(
                actor=officer,
                referral=referral,
                completed_on=min(answered + datetime.timedelta(days=30), today),
                outcome="Đã được hỗ trợ theo nhu cầu (dữ liệu mẫu).",
            )
        elif state == "declined":
            referral = services.referral_decline(
                actor=officer,
                referral=referral,
                responded_on=answered,
                reason="Chưa đủ điều kiện vay vốn theo quy định (dữ liệu mẫu).",
            )
        elif state == "cancelled":
            referral = services.referral_cancel(
                actor=officer,
                referral=referral,
                reason="Người được hỗ trợ chuyển nơi ở (dữ liệu mẫu).",
            )
    return referral
