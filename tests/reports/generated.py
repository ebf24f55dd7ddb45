"""Random but seeded records of a province for the report properties: cases in every kind of unit
(the province itself, legacy districts and communes before 1 July 2025, current communes after),
people received twice, supports of both regimes, referrals, follow-ups, closures, prevention
activities with participants by group, and plans. Built through our services where a service
exists (cases, statuses, supports, referrals, follow-ups, closures)."""

import datetime
import random

from locations.regimes import regime_on
from prevention.choices import ActivityType
from prevention.models import ActivityParticipation, Directive, PreventionActivity, TargetGroup
from support_services.models import SupportRate, SupportType
from support_services.referrals import services as referrals_services
from support_services.reintegration import services as reintegration_services
from support_services.supports import services as support_services
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory
from tests.support_services.closures import close_case
from victims import services as victim_services
from victims.choices import CaseStatus, ReceivingAgencyType, ReturnChannel
from victims.models import CriminalCase, EthnicGroup

D = datetime.date
FIRST_DAY, LAST_DAY = D(2023, 1, 1), D(2026, 6, 30)
SPLIT = D(2025, 7, 1)
DESTINATIONS = ("CN", "LA", "KH", "MY", "MM", "VN")
SUPPORTED = ("medical", "psychological")


def _day(rng, start=FIRST_DAY, end=LAST_DAY) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _rates() -> None:
    for regime in ("legacy", "current"):
        for code in SUPPORTED:
            SupportRate.objects.create(
                support_type=SupportType.objects.get(regime=regime, code=code),
                amount={"medical": 1_000_000, "psychological": 300_000}[code],
                unit="person",
                valid_from=D(2020, 1, 1),
                legal_basis="Nghị quyết HĐND tỉnh (minh họa)",
            )


def _decider(staff):
    """A second provincial officer of `staff`'s area, who decides what `staff` proposed: the
    proposer may not (separation of duties, core.duties)."""
    return UserFactory(role=staff.role, jurisdiction=staff.jurisdiction)


def _supports(rng, staff, case, received, decider=None) -> None:
    regime = regime_on(received)
    for code in rng.sample(SUPPORTED, rng.randint(0, 2)):
        support_type = SupportType.objects.get(regime=regime, code=code)
        proposed = min(received + datetime.timedelta(days=rng.randint(1, 40)), LAST_DAY)
        record = support_services.support_propose(
            actor=staff, case=case, support_type=support_type, on_date=proposed
        )
        if rng.random() < 0.15:
            continue  # proposed, never decided
        decided = proposed + datetime.timedelta(days=rng.randint(0, 20))
        record = support_services.support_approve(
            actor=decider or staff,
            record=record,
            decision_number=f"{case.pk}/QĐ",
            decision_date=decided,
            authority="Sở",
        )
        support_services.support_provide(
            actor=staff,
            record=record,
            provided_on=decided + datetime.timedelta(days=rng.randint(0, 200)),
        )


def _cases(rng, staff, units, make_case) -> None:
    decider = _decider(staff)
    nghe_an = ProvinceFactory(code="40", name="Nghệ An")
    outside = CommuneFactory(code="16681", name="Xã Nghi Lộc", division_type="xã", parent=nghe_an)
    criminal_cases = [
        CriminalCase.objects.create(number=f"{n}/VA", investigating_agency="CSĐT") for n in (1, 2)
    ]
    before = [
        units.province,
        units.district_a,
        units.commune_a1,
        units.commune_a2,
        units.district_b,
        units.commune_b1,
    ]
    after = [units.province, units.current_commune]
    victims = []
    for index in range(36):
        again = victims and rng.random() < 0.25
        received = _day(rng)
        unit = rng.choice(before if received < SPLIT else after)
        case = make_case(
            staff,
            unit,
            full_name=f"Người {index}",
            sex=rng.choice(("female", "male")),
            birth_year=rng.randint(1985, 2012),
            residence=rng.choice([outside, *before[1:], units.current_commune]),
            received=received,
            destination=rng.choice(DESTINATIONS),
            forms=tuple(
                rng.sample(("sexual", "forced_labour", "forced_marriage"), rng.randint(0, 2))
            ),
            victim=rng.choice(victims) if again else None,
        )
        victims.append(case.victim)
        reception = case.reception
        reception.channel = rng.choice(ReturnChannel.values)
        reception.agency_type = rng.choice(ReceivingAgencyType.values)
        reception.save()
        if rng.random() < 0.4:
            case.criminal_case = rng.choice(criminal_cases)
            case.save()
        outcome = rng.random()
        if outcome < 0.15:
            victim_services.case_status_set(case=case, status=CaseStatus.NOT_VICTIM)
            continue
        if outcome < 0.3:
            continue  # still being verified
        case = victim_services.case_status_set(case=case, status=CaseStatus.IDENTIFIED)
        _supports(rng, staff, case, received, decider)
        if rng.random() < 0.3:
            referrals_services.referral_send(
                actor=staff,
                case=case,
                service="social_assistance",
                programme=rng.choice(("poverty_reduction", "health_insurance", "vocational_jobs")),
                sent_on=_day(rng, received, LAST_DAY),
                override_reason="Người bệnh nặng, cần chuyển gấp",
            )
        if rng.random() < 0.4:
            reintegration_services.followups_schedule(case=case, actor=staff)
        if rng.random() < 0.2:
            close_case(
                actor=staff,
                case=case,
                closed_on=_day(rng, received, LAST_DAY),
                reason=rng.choice(("reintegrated", "declined", "lost_contact")),
            )
    groups = list(EthnicGroup.objects.filter(code_1979__in=("01", "03", "04", "08")))
    for victim in set(victims):
        if rng.random() < 0.7:  # the others' ethnicity is not known
            victim.ethnic_group = rng.choice(groups)
            victim.save()


def _prevention(rng, staff, units) -> None:
    groups = list(TargetGroup.objects.order_by("order")[:5])
    places = [
        units.province,
        units.district_a,
        units.district_b,
        units.commune_a1,
        units.current_commune,
    ]
    for index in range(30):
        day = _day(rng)
        unit = rng.choice(places if day < SPLIT else [units.province, units.current_commune])
        activity_type = rng.choice(ActivityType.values)
        participants = rng.choice((0, 40, 60, 120))
        activity = PreventionActivity.objects.create(
            activity_type=activity_type,
            title=f"Hoạt động {index}",
            start_date=day,
            end_date=day,
            unit=unit,
            sessions=rng.randint(1, 4) if participants else 0,
            participants=participants,
            items_distributed=rng.choice((0, 0, 500, 2_000)),
            cost=rng.choice((0, 5_000_000)),
            created_by=staff,
        )
        if participants:
            remaining = participants - rng.choice((0, 0, 10))  # some people of no group
            for group in rng.sample(groups, 2):
                count = remaining // 2
                ActivityParticipation.objects.create(
                    activity=activity, target_group=group, count=count, female=count // 3
                )
    for index in range(8):
        day = _day(rng)
        Directive.objects.create(
            number=f"{index + 1}/KH-UBND",
            directive_type="KH",
            issued_on=day,
            issuing_body="Ủy ban nhân dân",
            issuing_unit=rng.choice([units.province, units.district_a, units.current_commune]),
            title=f"Kế hoạch {index + 1}",
            year=day.year,
        )


def province_with_records(seed, staff, units, make_case) -> None:
    """Records of the `units` tree, drawn from `random.Random(seed)`."""
    rng = random.Random(seed)
    _rates()
    _cases(rng, staff, units, make_case)
    _prevention(rng, staff, units)
