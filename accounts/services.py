import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.models import (
    DepartmentProfile,
    EthnicCodeSet,
    Organisation,
    ServedProvince,
    TransitionalProcedure,
)
from locations.collation import vi_order
from locations.models import AdministrativeUnit
from locations.regimes import LegalRegime
from locations.text import search_key


def served_provinces():
    return Organisation.current().served_provinces.order_by("code")


def department_for(province, day: datetime.date | None = None) -> DepartmentProfile | None:
    """The department acting for `province` under the regime in force on `day` (default today)."""
    return DepartmentProfile.for_date(province, day or timezone.localdate())


def ethnic_code_set() -> EthnicCodeSet:
    """The GSO code set this installation writes in exports and reads in imports (an
    organisation setting; default the 2008 list)."""
    return EthnicCodeSet(Organisation.current().ethnic_code_set)


def transitional_procedure() -> TransitionalProcedure:
    """How a step taken from 1 July 2025 on a legacy-regime application is handled (an
    organisation setting; default: by the bodies that exist on the step's date)."""
    return TransitionalProcedure(Organisation.current().transitional_procedure)


def _header() -> dict:
    organisation = Organisation.current()
    provinces = list(organisation.served_provinces.order_by("code"))
    department = department_for(provinces[0]) if len(provinces) == 1 else None
    return {"name": organisation.name, "provinces": provinces, "department": department}


def organisation_header():
    """Evaluated only when a template uses it."""
    return SimpleLazyObject(_header)


LEGACY_DEPARTMENT = (
    "Sở Lao động - Thương binh và Xã hội",
    "SLĐTBXH",
    "Luật số 66/2011/QH12; Nghị định số 09/2013/NĐ-CP",
)
CURRENT_DEPARTMENT = ("Sở Y tế", "SYT", "Luật số 53/2024/QH15; Nghị định số 162/2025/NĐ-CP")


def department_profiles_ensure(*, province) -> list[DepartmentProfile]:
    """Default profiles of both regimes for a served province (DOMAIN.md: DOLISA before
    1 July 2025, the health department after); existing rows, as supervisors edited them, stay."""
    formal = province.formal_name
    governing_body = f"Ủy ban nhân dân {formal[0].lower()}{formal[1:]}"
    profiles = []
    for regime, (name, abbreviation, basis) in (
        (LegalRegime.LEGACY, LEGACY_DEPARTMENT),
        (LegalRegime.CURRENT, CURRENT_DEPARTMENT),
    ):
        profile, _created = DepartmentProfile.objects.get_or_create(
            province=province,
            regime=regime,
            defaults={
                "governing_body": governing_body,
                "department_name": name,
                "department_abbreviation": abbreviation,
                "signing_place": province.short_name,
                "legal_basis": basis,
            },
        )
        profiles.append(profile)
    return profiles


@transaction.atomic
def organisation_serve(*, province_codes: list[str]) -> Organisation:
    """Make the installation serve these provinces (codes of current provinces)."""
    provinces = list(
        AdministrativeUnit.objects.provinces().filter(is_legacy=False, code__in=province_codes)
    )
    missing = sorted(set(province_codes) - {province.code for province in provinces})
    if missing:
        raise ValueError(f"Unknown province codes: {', '.join(missing)} (run load_units first).")
    organisation = Organisation.current()
    taken = set(ServedProvince.objects.values_list("case_code_prefix", flat=True))
    for province in provinces:
        if not ServedProvince.objects.filter(organisation=organisation, province=province).exists():
            prefix = default_case_code_prefix(province, taken=taken)
            taken.add(prefix)
            ServedProvince.objects.create(
                organisation=organisation, province=province, case_code_prefix=prefix
            )
        department_profiles_ensure(province=province)
    return organisation


def organisation_serve_defaults() -> Organisation:
    """A new installation serves SERVED_PROVINCES until a supervisor changes it in the admin
    (after `load_units`, see accounts.signals); an installation that serves provinces keeps them."""
    organisation = Organisation.current()
    if organisation.served_provinces.exists():
        return organisation
    return organisation_serve(province_codes=settings.SERVED_PROVINCES)


def default_case_code_prefix(province, *, taken=frozenset()) -> str:
    """Initials of the province's name without diacritics ("Thanh Hóa" -> "TH"); the province
    code is appended when two provinces would share initials ("Lào Cai", "Lai Châu")."""
    initials = "".join(word[0] for word in search_key(province.short_name).split()).upper()
    return initials if initials not in taken else f"{initials}{province.code}"[:6]


def notify(*, users, message: str, url: str = "") -> int:
    """Leave `message` for each of `users` in the app, and e-mail it when e-mail is on.
    Messages never carry a person's name or ID number (they travel by e-mail)."""
    from django.conf import settings
    from django.core.mail import send_mass_mail

    from accounts.models import Notification

    users = [user for user in users if user.is_active]
    Notification.objects.bulk_create(
        [Notification(user=user, message=message[:300], url=url) for user in users]
    )
    if settings.EMAIL_NOTIFICATIONS:
        send_mass_mail(
            [
                (message[:78], f"{message}\n{settings.SITE_URL}{url}", None, [user.email])
                for user in users
                if user.email
            ],
            fail_silently=True,
        )
    return len(users)


def users_responsible_for(unit, *, roles) -> list:
    """Active users of `roles` whose jurisdiction contains `unit` (the unit or above it)."""
    from accounts.models import User

    ancestors = [unit.path[: index + 1] for index, char in enumerate(unit.path) if char == "/"]
    return list(
        User.objects.filter(is_active=True, role__in=roles, jurisdiction__path__in=ancestors)
    )


def user_sessions_end(*, user, actor, keep_session_key: str | None = None) -> int:
    """End every session of `user` (in every browser), except `keep_session_key` if given.
    Sessions know their user (accounts.sessions), so this is one indexed delete."""
    import logging

    from accounts.models import UserSession

    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    deleted, _by_model = sessions.delete()
    logging.getLogger("trafficking_cases.security").info(
        "sessions ended: user=%s by=%s sessions=%s", user.pk, actor.pk, deleted
    )
    return deleted


# --- Users of a unit dissolved on 1 July 2025 --------------------------------------------------


def successor_choices(unit: AdministrativeUnit):
    """Where a user whose jurisdiction is the legacy `unit` may be moved: the current communes
    that `unit` (or its communes) became, then its province (README "Users of a dissolved unit")."""
    communes = AdministrativeUnit.objects.successors_of(unit)
    return AdministrativeUnit.objects.filter(
        Q(pk__in=communes.values("pk")) | Q(path=unit.province_path)
    ).order_by("level", vi_order("name"))


def users_move_to_successor(*, users, unit: AdministrativeUnit, actor) -> list:
    """Move every user of `users` — all of one legacy jurisdiction — to `unit`, one of its
    `successor_choices`, in one transaction; simple-history keeps each change with its reason
    and the actor (and the security log a line). Raises ValidationError, saving nothing."""
    import logging

    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from accounts.models import User

    with transaction.atomic():
        moved = list(
            User.objects.select_for_update(of=("self",))
            .filter(pk__in=[user.pk for user in users])
            .select_related("jurisdiction")
            .order_by("pk")
        )
        olds = {user.jurisdiction for user in moved}
        if len(olds) != 1 or None in olds or not next(iter(olds)).is_legacy:
            raise ValidationError(
                _(
                    "Chỉ chuyển được người dùng của cùng một địa bàn cũ (huyện hoặc xã trước "
                    "01/07/2025)."
                )
            )
        old = olds.pop()
        if not successor_choices(old).filter(pk=unit.pk).exists():
            raise ValidationError(
                {
                    "unit": _("%(unit)s không phải đơn vị kế thừa của %(old)s.")
                    % {"unit": unit.name, "old": old.name}
                }
            )
        reason = _("Chuyển sang đơn vị kế thừa: %(old)s → %(new)s") % {
            "old": old.name,
            "new": unit.name,
        }
        for user in moved:
            user.jurisdiction = unit
            user._change_reason = reason
            user._history_user = actor
            user.save()
    logging.getLogger("trafficking_cases.security").info(
        "users moved to successor: users=%s from=%s to=%s by=%s",
        [user.pk for user in moved],
        old.pk,
        unit.pk,
        actor.pk,
    )
    return moved
