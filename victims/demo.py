"""Synthetic returnees for the demo (seed_demo). No real person's data.

2024 follows the shape of the Thanh Hóa report behind this project: 19 victims received and
verified through criminal cases, 17 residing in other provinces and 2 in Thanh Hóa. Later
years add cases under both regimes in the demo officers' areas.
"""

import datetime
import random

from django.db import transaction

from accounts.demo import DemoSeeder
from locations.models import AdministrativeUnit
from victims import choices, services
from victims.models import Case, CriminalCase, EthnicGroup, ExploitationForm, Reception, Victim

DEMO_MARK = "Dữ liệu mẫu (demo)"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hà", "Lò", "Vi"]
MIDDLE = {"female": ["Thị", "Thị Thu", "Thị Hồng", "Thị Ngọc"], "male": ["Văn", "Đức", "Minh"]}
GIVEN = {
    "female": ["Đào", "Lan", "Hoa", "Mai", "Hương", "Thảo", "Linh", "Nga", "Yến", "Trang"],
    "male": ["Hùng", "Dũng", "Tuấn", "Đạt", "Nam", "Sơn", "Long"],
}
# (province code, birth-registration code of the old list) of provinces the 17 came from.
OTHER_PROVINCES = [("40", "040"), ("42", "042"), ("14", "014"), ("11", "011"), ("12", "012")]
DESTINATIONS = ["CN", "CN", "CN", "KH", "MM", "LA", "MY"]


def case_officer(case, staff):
    """Who acts on a demo case in the other apps' demos: the officer who recorded it, or `staff`
    when that account may not write."""
    creator = case.created_by
    return creator if creator is not None and creator.can_write else staff


def seed() -> int:
    """Create the demo cases once; returns how many were created (0 when already there)."""
    if Case.objects.filter(note__startswith=DEMO_MARK).exists():
        return 0
    with transaction.atomic():
        return _Seeder(random.Random(2024)).run()  # noqa: S311 - synthetic demo data


class _Seeder(DemoSeeder):
    def __init__(self, rng):
        self.rng = rng
        super().__init__()
        self.kinh = EthnicGroup.objects.get(code_1979="01")
        self.forms = {form.code: form for form in ExploitationForm.objects.all()}
        self.serials = set()

    def run(self) -> int:
        created = self._report_2024()
        created += self._later_years()
        return created

    def _report_2024(self) -> int:
        criminal_cases = [
            CriminalCase.objects.get_or_create(
                number=number, investigating_agency=agency, defaults={"opened_on": opened}
            )[0]
            for number, agency, opened in [
                ("12/VA-2024", "Cơ quan CSĐT Công an tỉnh Thanh Hóa", datetime.date(2024, 3, 2)),
                ("27/VA-2024", "Cơ quan CSĐT Công an tỉnh Thanh Hóa", datetime.date(2024, 6, 18)),
                (
                    "41/VA-2024",
                    "Cơ quan điều tra Bộ đội Biên phòng tỉnh",
                    datetime.date(2024, 9, 5),
                ),
            ]
        ]
        residences = [self._other_province_commune(i) for i in range(17)]
        residences += [
            (self.thach_thanh.children.order_by("code")[3], "038"),
            (self.thach_thanh.children.order_by("code")[7], "038"),
        ]
        count = 0
        for index, (residence, birth_code) in enumerate(residences):
            received = datetime.date(2024, 2, 1) + datetime.timedelta(days=17 * index)
            case = self._case(
                actor=self.staff,
                managing_unit=self.province,
                residence=residence,
                birth_code=birth_code,
                received=received,
                criminal_case=criminal_cases[index % 3],
                channel=choices.ReturnChannel.RESCUED
                if index % 2
                else choices.ReturnChannel.HANDED_OVER,
                # The report says every victim received the initial-hardship allowance, which
                # Decree 09/2013 gives to victims of poor households.
                poverty=choices.Poverty.POOR,
            )
            services.case_status_set(
                case=case, status=choices.CaseStatus.IDENTIFIED, actor=self.staff
            )
            count += 1
        return count

    def _later_years(self) -> int:
        plan = [
            # (actor, managing unit, residence parent, received, status)
            (
                self.officer_legacy,
                self.thach_thanh,
                self.thach_thanh,
                datetime.date(2025, 1, 20),
                "identified",
            ),
            (
                self.officer_legacy,
                self.thach_thanh,
                self.thach_thanh,
                datetime.date(2025, 3, 11),
                "suspected",
            ),
            (
                self.officer_legacy,
                self.thach_thanh,
                self.thach_thanh,
                datetime.date(2025, 5, 28),
                "not_victim",
            ),
            (self.officer_current, self.hac_thanh, None, datetime.date(2025, 8, 14), "identified"),
            (self.officer_current, self.hac_thanh, None, datetime.date(2025, 11, 3), "suspected"),
            (self.officer_current, self.hac_thanh, None, datetime.date(2026, 2, 9), "suspected"),
            (self.officer_current, self.hac_thanh, None, datetime.date(2026, 6, 30), "identified"),
            (self.staff, self.province, None, datetime.date(2026, 9, 15), "suspected"),
        ]
        for actor, unit, parent, received, status in plan:
            residence = (
                (parent.children.order_by("code")[self.rng.randrange(10)], "038")
                if parent
                else (
                    self.hac_thanh,
                    "038",
                )
            )
            case = self._case(
                actor=actor,
                managing_unit=unit,
                residence=residence[0],
                birth_code=residence[1],
                received=received,
                criminal_case=None,
                channel=self.rng.choice(list(choices.ReturnChannel)),
            )
            services.case_status_set(case=case, status=status, actor=actor)
        return len(plan)

    def _other_province_commune(self, index):
        province_code, birth_code = OTHER_PROVINCES[index % len(OTHER_PROVINCES)]
        communes = AdministrativeUnit.objects.filter(
            path__startswith=f"{province_code}/", level="commune"
        )
        return communes.order_by("code")[self.rng.randrange(min(40, communes.count()))], birth_code

    def _case(
        self,
        *,
        actor,
        managing_unit,
        residence,
        birth_code,
        received,
        criminal_case,
        channel,
        poverty=None,
    ):
        sex = "female" if self.rng.random() < 0.85 else "male"
        birth_year = received.year - self.rng.choice([14, 15, 16, 17, 19, 22, 25, 28, 33])
        name = " ".join(
            [self.rng.choice(FAMILY), self.rng.choice(MIDDLE[sex]), self.rng.choice(GIVEN[sex])]
        )
        # Drawn in the order the generator always used, so the demo people stay the same.
        id_number = self._cccd(birth_code, sex, birth_year)
        drawn_poverty = self.rng.choice(list(choices.Poverty))
        victim = Victim(
            full_name=name,
            sex=sex,
            birth_year=birth_year,
            ethnic_group=self.kinh,
            id_type=choices.IdType.CCCD,
            id_number=id_number,
            permanent_unit=residence,
            poverty_status=poverty or drawn_poverty,
        )
        case = Case(
            managing_unit=managing_unit,
            person_category=choices.PersonCategory.PRESUMED_ABROAD,
            destination_country=self.rng.choice(DESTINATIONS),
            recruitment_channel=self.rng.choice(list(choices.RecruitmentChannel)),
            recruitment_means=choices.RecruitmentMeans.JOB_OFFER,
            criminal_case=criminal_case,
            note=DEMO_MARK,
        )
        reception = Reception(
            received_on=received,
            channel=channel,
            agency_type=choices.ReceivingAgencyType.BORDER_GUARD,
            agency_name="Đồn Biên phòng cửa khẩu quốc tế Móng Cái",
            place="Cửa khẩu Móng Cái",
        )
        forms = [self.forms["sexual" if sex == "female" else "forced_labour"]]
        return services.case_create(
            actor=actor, victim=victim, case=case, reception=reception, exploitation_forms=forms
        )

    def _cccd(self, birth_code, sex, birth_year) -> str:
        century_digit = (0 if birth_year < 2000 else 2) + (1 if sex == "female" else 0)
        while True:
            serial = f"{self.rng.randrange(10**6):06d}"
            if serial not in self.serials:
                self.serials.add(serial)
                return f"{birth_code}{century_digit}{birth_year % 100:02d}{serial}"
