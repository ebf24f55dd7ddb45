"""The unit tree: materialised paths, subtree queries, codes per level and era."""

import pytest
from django.db import IntegrityError, transaction

from locations.models import AdministrativeUnit
from tests.factories import CommuneFactory, DistrictFactory, LegacyCommuneFactory, ProvinceFactory


def test_path_is_the_chain_of_codes_with_a_trailing_slash(units):
    assert units.province.path == "38/"
    assert units.district_a.path == "38/391/"
    assert units.commune_a1.path == "38/391/15196/"
    assert units.current_commune.path == "38/14797/"


def test_every_unit_knows_the_code_and_path_of_its_province(units):
    for unit in (units.province, units.district_a, units.commune_a1, units.current_commune):
        assert (unit.province_code, unit.province_path) == ("38", "38/")


def test_the_province_of_a_commune_or_district_is_read_by_its_path(
    units, django_assert_num_queries
):
    commune = AdministrativeUnit.objects.get(pk=units.commune_a1.pk)
    with django_assert_num_queries(1):
        assert commune.province() == units.province
    assert units.district_b.province() == units.province
    assert units.current_commune.province() == units.province


def test_a_province_is_its_own_province_without_a_query(units, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert units.province.province() is units.province


def test_the_province_is_not_one_whose_code_starts_with_the_same_digits(units):
    ProvinceFactory(code="3", name="Tỉnh Giả Định")
    other = ProvinceFactory(code="380", name="Tỉnh Giả Định Khác")

    assert units.commune_b1.province() == units.province
    assert CommuneFactory(parent=other).province() == other


def test_within_a_district_returns_the_district_and_its_communes(units):
    subtree = AdministrativeUnit.objects.within(units.district_a)

    assert set(subtree) == {units.district_a, units.commune_a1, units.commune_a2}


def test_within_the_province_returns_the_whole_tree(units):
    assert AdministrativeUnit.objects.within(units.province).count() == 7


def test_within_does_not_return_a_sibling_whose_code_starts_with_the_same_digits(units):
    sibling = DistrictFactory(code="3910", name="Huyện Giả Định", parent=units.province)
    nephew = LegacyCommuneFactory(code="15300", parent=sibling)

    subtree = AdministrativeUnit.objects.within(units.district_a)

    assert sibling not in subtree
    assert nephew not in subtree


def test_within_a_province_does_not_return_a_province_whose_code_starts_with_its_code(units):
    other_province = ProvinceFactory(code="380", name="Tỉnh Giả Định")
    other_commune = CommuneFactory(parent=other_province)

    subtree = AdministrativeUnit.objects.within(units.province)

    assert other_province not in subtree
    assert other_commune not in subtree


def test_moving_a_unit_rebuilds_its_path_on_save(units):
    units.commune_b1.parent = units.district_a
    units.commune_b1.save()

    assert units.commune_b1.path == "38/391/15283/"
    assert units.commune_b1 in AdministrativeUnit.objects.within(units.district_a)


def test_a_legacy_commune_and_a_current_commune_with_the_same_code_coexist(units):
    legacy = LegacyCommuneFactory(code="14797", name="Phường Đông Hải", parent=units.district_a)

    same_code = AdministrativeUnit.objects.communes().filter(code="14797")

    assert set(same_code) == {legacy, units.current_commune}


def test_two_current_communes_cannot_share_a_code(units):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommuneFactory(code="14797", parent=units.province)


def test_a_current_district_cannot_be_saved(units):
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictFactory(code="399", parent=units.province, is_legacy=False)


def test_a_commune_without_a_parent_cannot_be_saved(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.create(code="99999", name="Xã Mồ Côi", level="commune")


def test_full_name_lists_the_unit_and_its_ancestors(units):
    assert units.commune_a1.full_name() == "Xã Thạch Lâm, Huyện Thạch Thành, Thanh Hóa"


def test_a_legacy_unit_is_labelled_as_old(units):
    assert str(units.district_a) == "Huyện Thạch Thành (cũ)"
    assert str(units.current_commune) == "Phường Hạc Thành"


def test_contains_is_true_for_a_descendant_only(units):
    assert units.district_a.contains(units.commune_a1)
    assert not units.district_a.contains(units.commune_b1)


def test_changing_a_districts_code_keeps_its_communes_in_its_subtree(units):
    # A supervisor may correct a code or a parent in the admin; the paths below must follow.
    units.district_a.code = "392"
    units.district_a.save()

    assert set(AdministrativeUnit.objects.within(units.district_a)) == {
        units.district_a,
        units.commune_a1,
        units.commune_a2,
    }


def test_moving_a_district_to_another_province_moves_its_communes_too(units):
    other_province = ProvinceFactory(code="40", name="Nghệ An")
    units.district_a.parent = other_province
    units.district_a.save()

    assert units.commune_a1 in AdministrativeUnit.objects.within(other_province)
    assert units.commune_a1 not in AdministrativeUnit.objects.within(units.province)
