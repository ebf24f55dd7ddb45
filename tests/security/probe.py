"""The world of issue 18's independent probe, on top of the demo (seed_demo): data in four
areas — two legacy districts of Thanh Hóa (Thạch Thành, and the others of the demo), a current
commune (Phường Hạc Thành) and a commune of a second served province (Nghệ An) — and the actors
the probe used: anonymous, an officer and a viewer of another area, another province's staff,
supervisors of an area (a district, a commune of the other province, a province) and the
supervisor of the whole installation.

Built by calling our own services (organisation_serve, case_create), so the second province has
what a served province has: its case-code prefix, its two department profiles, a case with its
person, reception and exploitation forms, and a provider of its own in the directory."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection

from accounts.models import DepartmentProfile, Role
from accounts.services import organisation_serve
from locations.models import AdministrativeUnit
from support_services.models import ServiceProvider
from tests.factories import UserFactory
from victims import choices, services
from victims.models import Case, ExploitationForm, Reception, Victim

SECOND_PROVINCE = "40"  # Nghệ An


@dataclass
class ProbeWorld:
    thanh_hoa: AdministrativeUnit
    thach_thanh: AdministrativeUnit  # a legacy district of Thanh Hóa
    hac_thanh: AdministrativeUnit  # a current commune of Thanh Hóa
    nghe_an: AdministrativeUnit
    nghe_an_commune: AdministrativeUnit
    case_nghe_an: Case
    provider_thanh_hoa: ServiceProvider
    provider_nghe_an: ServiceProvider
    profile_thanh_hoa: DepartmentProfile
    officer_hac_thanh: object  # demo district officer of Phường Hạc Thành
    viewer_hac_thanh: object
    staff_nghe_an: object  # provincial staff of Nghệ An
    supervisor_thach_thanh: object  # supervisor of a legacy district
    supervisor_hac_thanh: object  # supervisor of a commune
    supervisor_nghe_an_commune: object  # supervisor of a commune of the other province
    supervisor_nghe_an: object  # supervisor of the other province
    supervisor_thanh_hoa: object  # demo supervisor of Thanh Hóa (not of Nghệ An)
    root: object  # supervisor of the whole installation (no jurisdiction)


def build() -> ProbeWorld:
    User = get_user_model()
    units = AdministrativeUnit.objects
    thanh_hoa = units.get(code="38", level="province")
    nghe_an = units.get(code=SECOND_PROVINCE, level="province", is_legacy=False)
    nghe_an_commune = (
        units.filter(path__startswith=nghe_an.path, level="commune", is_legacy=False)
        .order_by("code")
        .first()
    )
    organisation_serve(province_codes=["38", SECOND_PROVINCE])
    staff_nghe_an = UserFactory(
        username="canbo.nghean", role=Role.PROVINCIAL_STAFF, jurisdiction=nghe_an
    )
    case = services.case_create(
        actor=staff_nghe_an,
        victim=Victim(
            full_name="Vi Thị Thoan Nghệ",
            sex=choices.Sex.FEMALE,
            birth_year=1999,
            id_type=choices.IdType.CCCD,
            id_number="040199012345",
            permanent_unit=nghe_an_commune,
        ),
        case=Case(managing_unit=nghe_an_commune, destination_country="CN"),
        reception=Reception(
            received_on=datetime.date(2025, 3, 4),
            channel=choices.ReturnChannel.HANDED_OVER,
            agency_type=choices.ReceivingAgencyType.BORDER_GUARD,
        ),
        exploitation_forms=ExploitationForm.objects.filter(cases__isnull=False).distinct(),
    )
    provider_thanh_hoa = (
        ServiceProvider.objects.filter(area__path__startswith=thanh_hoa.path).order_by("pk").first()
    )
    provider_nghe_an = ServiceProvider.objects.create(
        kind="social_assistance",
        name="Trung tâm Công tác xã hội Nghệ An",
        area=nghe_an,
        phone="0238 3844 123",
        address="Số 1 đường Lê Hồng Phong, Vinh",
    )
    officer_hac_thanh = User.objects.get(username="canbo.hacthanh")
    hac_thanh = officer_hac_thanh.jurisdiction
    thach_thanh = User.objects.get(username="canbo.thachthanh").jurisdiction
    return ProbeWorld(
        thanh_hoa=thanh_hoa,
        thach_thanh=thach_thanh,
        hac_thanh=hac_thanh,
        nghe_an=nghe_an,
        nghe_an_commune=nghe_an_commune,
        case_nghe_an=case,
        provider_thanh_hoa=provider_thanh_hoa,
        provider_nghe_an=provider_nghe_an,
        profile_thanh_hoa=DepartmentProfile.objects.filter(province=thanh_hoa).first(),
        officer_hac_thanh=officer_hac_thanh,
        viewer_hac_thanh=UserFactory(
            username="nguoixem.hacthanh", role=Role.VIEWER, jurisdiction=hac_thanh
        ),
        staff_nghe_an=staff_nghe_an,
        supervisor_thach_thanh=UserFactory(
            username="quantri.thachthanh", role=Role.SUPERVISOR, jurisdiction=thach_thanh
        ),
        supervisor_hac_thanh=UserFactory(
            username="quantri.hacthanh", role=Role.SUPERVISOR, jurisdiction=hac_thanh
        ),
        supervisor_nghe_an_commune=UserFactory(
            username="quantri.xa.nghean", role=Role.SUPERVISOR, jurisdiction=nghe_an_commune
        ),
        supervisor_nghe_an=UserFactory(
            username="quantri.nghean", role=Role.SUPERVISOR, jurisdiction=nghe_an
        ),
        supervisor_thanh_hoa=User.objects.get(username="quantri"),
        root=UserFactory(username="quantri.toanbo", role=Role.SUPERVISOR, jurisdiction=None),
    )


def people_outside(user) -> list[str]:
    """Names and case codes of people and cases outside `user`'s area (none of which may appear
    on a page shown to `user`), leaving out any that is part of a visible one."""
    from accounts.access import scope_for

    hidden = Victim.objects.exclude(pk__in=scope_for(user, Victim.objects.all()).values("pk"))
    cases = Case.objects.exclude(pk__in=scope_for(user, Case.objects.all()).values("pk"))
    visible = [
        *scope_for(user, Victim.objects.all()).values_list("full_name", flat=True),
        *scope_for(user, Case.objects.all()).values_list("code", flat=True),
    ]
    texts = [*hidden.values_list("full_name", flat=True), *cases.values_list("code", flat=True)]
    return [text for text in texts if not any(text in shown for shown in visible)]


def table_checksum(table: str, where: str = "TRUE", params=()) -> str:
    """One aggregate over the rows of `table` matching `where`: an md5 of every column of every
    row, in a fixed order (PostgreSQL)."""
    with connection.cursor() as cursor:
        # Table names come from the models, values go as parameters.
        sql = f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t WHERE {where}"  # noqa: E501, S608
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
