"""Prevention state built through our own services."""

import datetime

import pytest

from prevention import services
from prevention.models import Directive, PreventionActivity, TargetGroup

D = datetime.date


@pytest.fixture
def plan(provincial_staff):
    """Plan 50/KH-SLĐTBXH of 15/03/2024, issued by the department (the province)."""
    return services.directive_save(
        actor=provincial_staff,
        directive=Directive(
            number="50/KH-SLĐTBXH",
            directive_type="plan",
            issued_on=D(2024, 3, 15),
            issuing_body="Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa",
            title="Kế hoạch thực hiện các chương trình phòng, chống tệ nạn xã hội năm 2024",
        ),
    )


def group(code) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


@pytest.fixture
def make_activity():
    """make_activity(actor, unit, groups=[(code, count, female)], **fields) via the service."""

    def build(actor, unit, *, groups=(), places=(), partners=(), **fields):
        values = {
            "activity_type": "training",
            "title": "Lớp tập huấn phòng, chống mua bán người",
            "start_date": D(2024, 4, 9),
            "sessions": 1,
            "participants": 60,
            **fields,
        }
        return services.activity_save(
            actor=actor,
            activity=PreventionActivity(unit=unit, **values),
            participations=[(group(code), count, female) for code, count, female in groups],
            places=places,
            partner_units=partners,
        )

    return build


@pytest.fixture
def activity_a(officer_a, units, make_activity):
    """A class organised by district A, with its participants by group."""
    return make_activity(
        officer_a,
        units.district_a,
        title="Tập huấn cho trưởng thôn xã Thạch Lâm",
        groups=[("village_heads", 40, 10), ("veterans", 20, 2)],
        places=[units.commune_a1],
    )


@pytest.fixture
def activity_b(officer_b, units, make_activity):
    return make_activity(officer_b, units.district_b, title="Họp dân xã Đông Hòa bí mật")


def form_data(units, **overrides) -> dict:
    """A valid activity form post for district A."""
    data = {
        "activity_type": "training",
        "title": "Lớp tập huấn cho hội viên phụ nữ",
        "start_date": "09/04/2024",
        "end_date": "10/04/2024",
        "unit_province": units.province.pk,
        "unit_district": units.district_a.pk,
        "unit_commune": "",
        "sessions": "1",
        "participants": "60",
        "participants_female": "40",
        "items_produced": "0",
        "items_distributed": "0",
        "establishments_inspected": "0",
        "violations_found": "0",
        "group_womens_union": "40",
        "group_womens_union_female": "40",
        "group_youth_union": "20",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
