"""factory_boy factories with Vietnamese data.

Units: `AdministrativeUnit.save()` builds `path` from the parent's path and the code, so a child
is always created with its parent. Districts exist only as legacy units (before 1 July 2025);
a code is unique per level and era. Users: a non-supervisor needs a jurisdiction, and the
password is set with `set_password` (the raw one is kept on `user.raw_password` for logins).
"""

import factory
from factory.django import DjangoModelFactory
from faker import Faker

from accounts.models import Role, User
from locations.models import AdministrativeUnit

fake = Faker("vi_VN")

DEFAULT_PASSWORD = "Rừng-tràm-xanh-2026"


class AdministrativeUnitFactory(DjangoModelFactory):
    """A current commune by default; use the level-specific factories below for the others."""

    class Meta:
        model = AdministrativeUnit

    level = AdministrativeUnit.Level.COMMUNE
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.LazyFunction(lambda: f"Xã {fake.city_name()}")
    division_type = "xã"
    parent = None
    is_legacy = False
    is_active = factory.LazyAttribute(lambda unit: not unit.is_legacy)


class ProvinceFactory(AdministrativeUnitFactory):
    level = AdministrativeUnit.Level.PROVINCE
    code = factory.Sequence(lambda n: f"{50 + n % 50:02d}")
    name = factory.LazyFunction(lambda: fake.province())
    division_type = "tỉnh"
    parent = None


class DistrictFactory(AdministrativeUnitFactory):
    """A legacy district (huyện before 1 July 2025): always legacy, inactive."""

    level = AdministrativeUnit.Level.DISTRICT
    code = factory.Sequence(lambda n: f"{700 + n % 300:03d}")
    name = factory.LazyFunction(lambda: f"Huyện {fake.city_name()}")
    division_type = "huyện"
    parent = factory.SubFactory(ProvinceFactory)
    is_legacy = True


class CommuneFactory(AdministrativeUnitFactory):
    """A current commune directly under a province."""

    parent = factory.SubFactory(ProvinceFactory)


class LegacyCommuneFactory(AdministrativeUnitFactory):
    """A commune of a legacy district."""

    parent = factory.SubFactory(DistrictFactory)
    is_legacy = True


class UserFactory(DjangoModelFactory):
    """A district officer of a fresh legacy district unless told otherwise."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    last_name = factory.LazyFunction(lambda: f"{fake.last_name()} {fake.middle_name()}")
    # vi_VN has no plain `first_names` (Faker falls back to English ones), so pick a gendered one.
    first_name = factory.LazyFunction(
        lambda: fake.random_element([fake.first_name_female, fake.first_name_male])()
    )
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    phone = factory.LazyFunction(lambda: fake.numerify("09########"))
    job_title = "Chuyên viên"
    work_unit = factory.LazyFunction(lambda: f"UBND {fake.city_name()}")
    role = Role.DISTRICT_OFFICER
    jurisdiction = factory.SubFactory(DistrictFactory)
    is_active = True

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.raw_password = extracted or DEFAULT_PASSWORD
        user.set_password(user.raw_password)
        if create:
            user.save()
