"""A unit's successors and predecessors shown in the unit picker and on the unit's admin page.

Successors as in Resolution 1686/NQ-UBTVQH15 (16/06/2025): "Hợp nhất các xã Thạch Lâm, xã Thạch
Quảng, xã Thạch Tượng thành xã Thạch Quảng".
"""

import datetime

import pytest

from locations.models import UnitSuccession
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thach_quang(units):
    commune = CommuneFactory(code="15199", name="Xã Thạch Quảng", parent=units.province)
    for legacy in (units.commune_a1, units.commune_a2):
        UnitSuccession.objects.create(
            predecessor=legacy,
            successor=commune,
            kind="whole",
            source="test",
            loaded_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
        )
    return commune


def picker(client, **levels):
    query = {"name": "unit", **{f"unit_{level}": unit.pk for level, unit in levels.items()}}
    response = client.get("/units/picker/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_picker_names_the_successor_of_each_legacy_commune(client_a, units, thach_quang):
    body = picker(client_a, province=units.province, district=units.district_a)

    assert "Xã Thạch Lâm (cũ) → Xã Thạch Quảng" in body


def test_the_picker_says_what_a_chosen_legacy_commune_became(client_a, units, thach_quang):
    body = picker(
        client_a, province=units.province, district=units.district_a, commune=units.commune_a1
    )

    assert "Từ 01/07/2025 nay là: Xã Thạch Quảng." in body


def test_the_picker_says_what_a_chosen_current_commune_was_formed_from(
    client_a, units, thach_quang
):
    body = picker(client_a, province=units.province, commune=thach_quang)

    assert (
        "Hình thành từ (trước 01/07/2025): Xã Thạch Lâm (Huyện Thạch Thành), "
        "Xã Thạch Quảng (Huyện Thạch Thành)." in body
    )


def test_a_commune_without_succession_has_no_note(client_a, units, thach_quang):
    body = picker(client_a, province=units.province, commune=units.current_commune)

    assert "Hình thành từ" not in body and "nay là" not in body


def test_the_unit_admin_page_lists_successors_and_predecessors(
    supervisor_client, units, thach_quang
):
    legacy_page = supervisor_client.get(
        f"/admin/locations/administrativeunit/{units.district_a.pk}/change/"
    ).content.decode()
    current_page = supervisor_client.get(
        f"/admin/locations/administrativeunit/{thach_quang.pk}/change/"
    ).content.decode()

    after_label = legacy_page.split("ay là (từ 01/07/2025)")[1][:400]
    assert "Xã Thạch Quảng" in after_label
    assert "Xã Thạch Lâm (Huyện Thạch Thành)" in current_page
