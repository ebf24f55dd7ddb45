"""Demo organisation and users for Thanh Hóa (seed_demo). Synthetic people only."""

from dataclasses import dataclass

from django.conf import settings

from accounts.models import Role, User
from accounts.services import organisation_serve
from accounts.two_factor import demo_device_ensure, role_requires_two_factor
from locations.models import AdministrativeUnit

DEMO_PROVINCE_CODE = "38"


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    role: str
    unit_level: str
    unit_code: str
    is_legacy: bool
    job_title: str
    work_unit: str


DEMO_USERS = [
    DemoUser(
        "quantri",
        "Lê Văn",
        "Hùng",
        Role.SUPERVISOR,
        "province",
        "38",
        False,
        "Chuyên viên công nghệ thông tin",
        "Sở Y tế tỉnh Thanh Hóa",
    ),
    DemoUser(
        "canbo.tinh",
        "Nguyễn Thị",
        "Lan",
        Role.PROVINCIAL_STAFF,
        "province",
        "38",
        False,
        "Chuyên viên phòng Bảo trợ xã hội",
        "Sở Y tế tỉnh Thanh Hóa",
    ),
    # The second provincial officer: decides what canbo.tinh proposed, as separation of duties
    # asks (issue 16 item 2; core.duties) — the demo's two-person approvals.
    DemoUser(
        "lanhdao.tinh",
        "Vũ Đức",
        "Minh",
        Role.PROVINCIAL_STAFF,
        "province",
        "38",
        False,
        "Phó Trưởng phòng Bảo trợ xã hội",
        "Sở Y tế tỉnh Thanh Hóa",
    ),
    DemoUser(
        "canbo.thachthanh",
        "Trần Văn",
        "Đức",
        Role.DISTRICT_OFFICER,
        "district",
        "391",
        True,
        "Chuyên viên phòng Lao động - TBXH",
        "UBND huyện Thạch Thành (cũ)",
    ),
    DemoUser(
        "canbo.hacthanh",
        "Phạm Thị",
        "Đào",
        Role.DISTRICT_OFFICER,
        "commune",
        "14797",
        False,
        "Công chức văn hóa - xã hội",
        "UBND phường Hạc Thành",
    ),
    DemoUser(
        "nguoixem",
        "Hoàng Minh",
        "Tuấn",
        Role.VIEWER,
        "province",
        "38",
        False,
        "Chuyên viên theo dõi",
        "Sở Y tế tỉnh Thanh Hóa",
    ),
]


def demo_password() -> str:
    return settings.DEMO_PASSWORD


def seed() -> list[tuple[User, str]]:
    """The organisation serving Thanh Hóa and one user per role; safe to run again."""
    organisation_serve(province_codes=[DEMO_PROVINCE_CODE])
    created = []
    for spec in DEMO_USERS:
        unit = AdministrativeUnit.objects.get(
            level=spec.unit_level, code=spec.unit_code, is_legacy=spec.is_legacy
        )
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "last_name": spec.last_name,
                "first_name": spec.first_name,
                "role": spec.role,
                "jurisdiction": unit,
                "job_title": spec.job_title,
                "work_unit": spec.work_unit,
                "is_active": True,
                "email": f"{spec.username}@demo.invalid",
            },
        )
        user.set_password(demo_password())
        user.save()
        if role_requires_two_factor(user) or user.is_staff:
            # The demo stays usable: a device with the public demo key (`demo_otp_code`).
            demo_device_ensure(user=user)
        created.append((user, demo_password()))
    return created


def decider_for(proposer, staff):
    """Who decides, in the demos, what `proposer` proposed: `staff` (canbo.tinh), unless
    canbo.tinh proposed it — then the second provincial officer (lanhdao.tinh), since the
    person who proposes may not decide (core.duties)."""
    if proposer.pk != staff.pk:
        return staff
    return User.objects.get(username="lanhdao.tinh")


class DemoSeeder:
    """Base of the apps' demo seeders: the provincial staff member and the two officers of the
    demo (accounts.demo.seed), and the areas they work in: the province, the legacy district of
    Thạch Thành and the current ward of Hạc Thành."""

    def __init__(self):
        users = User.objects.select_related("jurisdiction")
        self.staff = users.get(username="canbo.tinh")
        self.officer_legacy = users.get(username="canbo.thachthanh")
        self.officer_current = users.get(username="canbo.hacthanh")
        self.province = self.staff.jurisdiction
        self.thach_thanh = self.officer_legacy.jurisdiction
        self.hac_thanh = self.officer_current.jurisdiction


def demo_logins() -> list[tuple[User, str]]:
    users = User.objects.filter(username__in=[spec.username for spec in DEMO_USERS])
    by_name = {user.username: user for user in users.select_related("jurisdiction")}
    return [
        (by_name[spec.username], demo_password()) for spec in DEMO_USERS if spec.username in by_name
    ]
