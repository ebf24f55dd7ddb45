"""Demo prevention work (seed_demo), through the same services as the screens.

2024 reproduces the prevention part of the Thanh Hóa report behind this project: Plan
32/KH-SLĐTBXH of 21/02/2024 (victim support) and Plan 50/KH-SLĐTBXH of 15/03/2024 (social-evils
prevention programmes); 4 training classes for 240 village and hamlet heads, youth union, women's
union members and veterans with Thạch Thành district; 3 capacity-training classes for 180
reporters, collaborators and commune officials; 10,000 leaflets printed and distributed; the
30/7 national day; counselling on safe migration and job fraud; an inspection of labour-export
services that found no violation. 2025 and 2026 follow the change of 1 July 2025: the
department becomes Sở Y tế and districts are gone (current communes).
"""

import datetime

from django.db import transaction

from accounts.demo import DemoSeeder
from prevention import services
from prevention.choices import ActivityType as T
from prevention.choices import DirectiveType, ItemKind
from prevention.models import Directive, PreventionActivity, TargetGroup

DEMO_MARK = "Dữ liệu mẫu (demo)."
D = datetime.date
DOLISA = "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa"
HEALTH = "Sở Y tế tỉnh Thanh Hóa"
PEOPLES_COMMITTEE = "Ủy ban nhân dân tỉnh Thanh Hóa"

# (number, type, issued on, issuing body, title)
DIRECTIVES = [
    (
        "32/KH-SLĐTBXH",
        DirectiveType.PLAN,
        D(2024, 2, 21),
        DOLISA,
        "Kế hoạch hỗ trợ nạn nhân bị mua bán năm 2024",
    ),
    (
        "50/KH-SLĐTBXH",
        DirectiveType.PLAN,
        D(2024, 3, 15),
        DOLISA,
        "Kế hoạch thực hiện các chương trình phòng, chống tệ nạn xã hội năm 2024",
    ),
    (
        "1234/QĐ-UBND",
        DirectiveType.DECISION,
        D(2025, 1, 20),
        PEOPLES_COMMITTEE,
        "Quyết định phê duyệt Kế hoạch thực hiện Chương trình phòng, chống mua bán người "
        "giai đoạn 2021-2025 năm 2025",
    ),
    (
        "45/SLĐTBXH-BTXH",
        DirectiveType.OFFICIAL_LETTER,
        D(2025, 3, 5),
        DOLISA,
        "Về việc tăng cường tuyên truyền phòng, chống mua bán người, lừa đảo việc làm",
    ),
    (
        "15/CT-UBND",
        DirectiveType.DIRECTIVE,
        D(2025, 7, 22),
        PEOPLES_COMMITTEE,
        "Chỉ thị tăng cường công tác phòng, chống mua bán người trong tình hình mới",
    ),
    (
        "12/KH-SYT",
        DirectiveType.PLAN,
        D(2026, 1, 16),
        HEALTH,
        "Kế hoạch phòng, chống mua bán người và hỗ trợ nạn nhân năm 2026",
    ),
    (
        "120/BC-SYT",
        DirectiveType.REPORT,
        D(2026, 6, 18),
        HEALTH,
        "Báo cáo sơ kết 6 tháng đầu năm 2026 công tác phòng, chống mua bán người",
    ),
]


def seed() -> int:
    """Create the demo directives and activities once; returns how many were created (0 when
    they are already there)."""
    if PreventionActivity.objects.filter(notes__startswith=DEMO_MARK).exists():
        return 0
    with transaction.atomic():
        return _Seeder().run()


class _Seeder(DemoSeeder):
    def __init__(self):
        super().__init__()
        self.groups = {group.code: group for group in TargetGroup.objects.all()}
        self.directives: dict[str, Directive] = {}
        self.created = 0

    def run(self) -> int:
        for number, kind, issued_on, body, title in DIRECTIVES:
            directive = Directive.objects.filter(number=number, issued_on=issued_on).first()
            if directive is None:
                directive = services.directive_save(
                    actor=self.staff,
                    directive=Directive(
                        number=number,
                        directive_type=kind,
                        issued_on=issued_on,
                        issuing_body=body,
                        title=title,
                        year=issued_on.year,
                    ),
                )
                self.created += 1
            self.directives[number] = directive
        self._year_2024()
        self._year_2025()
        self._year_2026()
        return self.created

    def activity(self, actor, unit, *, groups=(), places=(), partners=(), **fields):
        activity = PreventionActivity(unit=unit, notes=DEMO_MARK, **fields)
        services.activity_save(
            actor=actor,
            activity=activity,
            participations=[(self.groups[code], count, female) for code, count, female in groups],
            places=places,
            partner_units=partners,
        )
        self.created += 1
        return activity

    def _thach_thanh_communes(self):
        return list(self.thach_thanh.children.order_by("code"))

    def _year_2024(self):
        plan_support, plan_programmes = (
            self.directives["32/KH-SLĐTBXH"],
            self.directives["50/KH-SLĐTBXH"],
        )
        communes = self._thach_thanh_communes()
        # 4 classes for 240 people, with the People's Committee of Thạch Thành district.
        for index, day in enumerate(
            [D(2024, 4, 9), D(2024, 4, 11), D(2024, 4, 16), D(2024, 4, 18)]
        ):
            place = communes[index % len(communes)] if communes else self.thach_thanh
            self.activity(
                self.staff,
                self.province,
                activity_type=T.TRAINING,
                title=(
                    f"Lớp tập huấn kiến thức phòng, chống mua bán người số {index + 1} "
                    "tại huyện Thạch Thành"
                ),
                start_date=day,
                end_date=day,
                directive=plan_programmes,
                venue=f"Hội trường UBND {place.name}",
                partner_organisations="Huyện đoàn, Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh huyện",
                sessions=1,
                participants=60,
                participants_female=28,
                groups=[
                    ("village_heads", 20, 4),
                    ("youth_union", 15, 7),
                    ("womens_union", 15, 15),
                    ("veterans", 10, 2),
                ],
                places=[place],
                partners=[self.thach_thanh],
                cost=12_000_000,
                funding_source="Ngân sách tỉnh (Chương trình phòng, chống mua bán người)",
            )
        # 3 capacity-training classes for 180 reporters, collaborators and commune officials.
        for index, day in enumerate([D(2024, 5, 14), D(2024, 6, 11), D(2024, 8, 20)]):
            self.activity(
                self.staff,
                self.province,
                activity_type=T.CAPACITY_TRAINING,
                title=(
                    "Tập huấn nâng cao năng lực nhận diện, hỗ trợ nạn nhân bị mua bán "
                    f"cho báo cáo viên, cộng tác viên và cán bộ cấp xã (lớp {index + 1})"
                ),
                start_date=day,
                end_date=day + datetime.timedelta(days=1),
                directive=plan_support,
                venue="Hội trường Sở Lao động - Thương binh và Xã hội",
                sessions=1,
                participants=60,
                participants_female=31,
                groups=[("reporters", 30, 14), ("commune_officials", 30, 17)],
                cost=18_000_000,
                funding_source="Ngân sách tỉnh",
            )
        self.activity(
            self.staff,
            self.province,
            activity_type=T.PRINTING,
            title="In và cấp phát tờ rơi tuyên truyền phòng, chống mua bán người",
            start_date=D(2024, 6, 3),
            end_date=D(2024, 7, 31),
            directive=plan_programmes,
            item_kind=ItemKind.LEAFLET,
            items_produced=10_000,
            items_distributed=10_000,
            cost=25_000_000,
            funding_source="Ngân sách tỉnh",
            places=[self.thach_thanh],
        )
        self.activity(
            self.staff,
            self.province,
            activity_type=T.NATIONAL_DAY,
            title=(
                "Lễ mít tinh hưởng ứng Ngày toàn quốc phòng, chống mua bán người (30/7) "
                "và Ngày thế giới phòng, chống mua bán người"
            ),
            start_date=D(2024, 7, 30),
            directive=plan_programmes,
            venue="Nhà văn hóa trung tâm huyện Thạch Thành",
            partner_organisations="Công an tỉnh, Bộ đội Biên phòng tỉnh, Tỉnh đoàn",
            participants=350,
            participants_female=190,
            groups=[("residents", 250, 140), ("students", 100, 50)],
            places=[self.thach_thanh],
            partners=[self.thach_thanh],
            cost=30_000_000,
        )
        self.activity(
            self.staff,
            self.province,
            activity_type=T.MEDIA,
            title="Phóng sự “Cảnh giác với lời mời việc làm nhẹ, lương cao ở nước ngoài”",
            start_date=D(2024, 7, 29),
            directive=plan_programmes,
            partner_organisations="Đài Phát thanh và Truyền hình tỉnh Thanh Hóa",
        )
        self.activity(
            self.officer_legacy,
            self.thach_thanh,
            activity_type=T.COUNSELLING,
            title="Tư vấn di cư an toàn, phòng tránh lừa đảo việc làm ở nước ngoài",
            start_date=D(2024, 9, 10),
            end_date=D(2024, 9, 12),
            directive=plan_programmes,
            sessions=3,
            participants=120,
            participants_female=55,
            groups=[("prospective_migrants", 90, 40), ("youth_union", 30, 15)],
            places=self._thach_thanh_communes()[:3],
        )
        self.activity(
            self.staff,
            self.province,
            activity_type=T.INSPECTION,
            title=(
                "Kiểm tra hoạt động dịch vụ đưa người lao động Việt Nam đi làm việc ở nước "
                "ngoài theo hợp đồng"
            ),
            start_date=D(2024, 10, 15),
            end_date=D(2024, 10, 17),
            directive=plan_programmes,
            establishments_inspected=3,
            violations_found=0,
            findings="Không phát hiện vi phạm.",
            partner_organisations="Công an tỉnh",
        )

    def _year_2025(self):
        letter = self.directives["45/SLĐTBXH-BTXH"]
        decision = self.directives["1234/QĐ-UBND"]
        instruction = self.directives["15/CT-UBND"]
        self.activity(
            self.staff,
            self.province,
            activity_type=T.TRAINING,
            title="Tập huấn phòng, chống mua bán người cho trưởng thôn, bản huyện Thạch Thành",
            start_date=D(2025, 4, 8),
            end_date=D(2025, 4, 9),
            directive=decision,
            sessions=2,
            participants=120,
            participants_female=40,
            groups=[("village_heads", 80, 20), ("commune_officials", 40, 20)],
            places=[self.thach_thanh],
            partners=[self.thach_thanh],
            cost=20_000_000,
        )
        self.activity(
            self.officer_legacy,
            self.thach_thanh,
            activity_type=T.COMMUNITY_MEETING,
            title="Họp dân tuyên truyền phòng, chống lừa đảo việc làm qua mạng",
            start_date=D(2025, 3, 25),
            directive=letter,
            sessions=4,
            participants=200,
            groups=[("residents", 200, None)],
            places=self._thach_thanh_communes()[:2],
        )
        self.activity(
            self.staff,
            self.province,
            activity_type=T.NATIONAL_DAY,
            title="Hưởng ứng Ngày toàn quốc phòng, chống mua bán người 30/7/2025",
            start_date=D(2025, 7, 30),
            directive=instruction,
            venue="Quảng trường Lam Sơn",
            participants=400,
            participants_female=220,
            groups=[("residents", 300, 170), ("students", 100, 50)],
            places=[self.hac_thanh],
            partners=[self.hac_thanh],
            item_kind=ItemKind.LEAFLET,
            items_produced=5_000,
            items_distributed=4_500,
            cost=45_000_000,
        )
        self.activity(
            self.officer_current,
            self.hac_thanh,
            activity_type=T.COUNSELLING,
            title="Tư vấn di cư an toàn cho người có nhu cầu đi làm việc ở nước ngoài",
            start_date=D(2025, 9, 17),
            directive=instruction,
            sessions=2,
            participants=65,
            participants_female=30,
            groups=[("prospective_migrants", 65, 30)],
            places=[self.hac_thanh],
        )

    def _year_2026(self):
        plan = self.directives["12/KH-SYT"]
        self.activity(
            self.staff,
            self.province,
            activity_type=T.CAPACITY_TRAINING,
            title="Tập huấn nghiệp vụ tiếp nhận, xác minh nạn nhân cho công chức cấp xã",
            start_date=D(2026, 3, 17),
            end_date=D(2026, 3, 18),
            directive=plan,
            sessions=2,
            participants=110,
            participants_female=62,
            groups=[("commune_officials", 80, 45), ("police_border", 30, 17)],
            cost=26_000_000,
        )
        self.activity(
            self.staff,
            self.province,
            activity_type=T.PRINTING,
            title="In áp phích cảnh báo lừa đảo việc làm ở nước ngoài",
            start_date=D(2026, 4, 6),
            directive=plan,
            item_kind=ItemKind.POSTER,
            items_produced=2_000,
            items_distributed=1_800,
            cost=9_000_000,
        )
        self.activity(
            self.officer_current,
            self.hac_thanh,
            activity_type=T.NATIONAL_DAY,
            title="Chuỗi hoạt động hưởng ứng Ngày toàn quốc phòng, chống mua bán người 30/7/2026",
            start_date=D(2026, 7, 27),
            end_date=D(2026, 7, 30),
            directive=plan,
            participants=260,
            participants_female=150,
            groups=[("youth_union", 60, 30), ("womens_union", 80, 80), ("residents", 120, 40)],
            places=[self.hac_thanh],
        )
        self.activity(
            self.staff,
            self.province,
            activity_type=T.INSPECTION,
            title="Kiểm tra doanh nghiệp dịch vụ đưa người lao động đi làm việc ở nước ngoài",
            start_date=D(2026, 9, 8),
            directive=plan,
            establishments_inspected=4,
            violations_found=1,
            findings=(
                "01 doanh nghiệp chưa niêm yết công khai chi phí dịch vụ; đã lập biên bản, "
                "yêu cầu khắc phục."
            ),
        )
