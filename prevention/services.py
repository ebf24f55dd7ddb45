"""Writes of prevention work: a directive, an activity with its participants by group, an
attachment — each in one transaction, refused whole (a ValidationError keyed by field, in
Vietnamese) when a rule of `rules.py` or the user's area says no."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import can_change, is_visible, scope_for
from accounts.policy import can
from accounts.services import department_for, served_provinces
from locations.models import AdministrativeUnit
from prevention import rules
from prevention.models import (
    ActivityAttachment,
    ActivityParticipation,
    Directive,
    PreventionActivity,
    TargetGroup,
)


def can_edit_directives(user) -> bool:
    """Directives are the department's: provincial staff and supervisors write them."""
    return can_change(user, Directive) and can(user, "directive.edit")


def can_record_activities(user) -> bool:
    return can_change(user, PreventionActivity)


def province_of(user) -> AdministrativeUnit | None:
    """The province of the user's jurisdiction (a supervisor of the whole installation: the
    first province it serves)."""
    if user.jurisdiction_id:
        return user.jurisdiction.province()
    return served_provinces().first()


def default_issuing_body(province, day) -> str:
    """The department acting on `day` as documents name it: "Sở Y tế tỉnh Thanh Hóa"."""
    if province is None:
        return ""
    profile = department_for(province, day)
    name = profile.department_name if profile else ""
    formal = province.formal_name
    return f"{name} {formal[0].lower()}{formal[1:]}".strip() if name else ""


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def directive_save(*, actor, directive: Directive) -> Directive:
    """Create or update a directive; its number is checked and normalised."""
    if not can_edit_directives(actor):
        raise PermissionDenied
    if directive.pk and not is_visible(actor, directive):
        raise PermissionDenied
    _raise(
        {"number": errors}
        if (errors := rules.directive_number_errors(directive.number, directive.directive_type))
        else {}
    )
    directive.number = str(rules.parse_directive_number(directive.number))
    if directive.issuing_unit_id is None:
        directive.issuing_unit = province_of(actor)
    if not directive.year and directive.issued_on:
        directive.year = directive.issued_on.year
    same = Directive.objects.filter(
        number=directive.number, issued_on__year=directive.issued_on.year
    )
    if same.exclude(pk=directive.pk).exists():
        _raise({"number": [_("Văn bản có số, ký hiệu này đã được nhập trong năm ban hành.")]})
    if directive.pk is None:
        directive.created_by = actor
    directive.full_clean(validate_unique=False, validate_constraints=False)
    directive.save()
    return directive


def unit_in_area_errors(actor, unit) -> dict[str, list[str]]:
    if unit is None:
        return {"unit": [_("Chọn đơn vị tổ chức hoạt động.")]}
    if not is_visible(actor, unit):
        return {"unit": [_("Đơn vị này nằm ngoài địa bàn bạn phụ trách.")]}
    return {}


def _group_counts(participations) -> list[rules.GroupCount]:
    return [rules.GroupCount(group.code, count, female) for group, count, female in participations]


@transaction.atomic
def activity_save(
    *,
    actor,
    activity: PreventionActivity,
    participations: list[tuple[TargetGroup, int, int | None]],
    places=(),
    partner_units=(),
) -> PreventionActivity:
    """Create or update an activity with its participants by target group (rows with a count
    of 0 are not kept), places and partner units. The unit must lie in the actor's area, both
    before and after an edit; the figures must add up (rules.py)."""
    if not can_record_activities(actor):
        raise PermissionDenied
    if activity.pk:
        # The stored row, not the edited instance, proves the actor may change it.
        stored = PreventionActivity.objects.select_for_update().filter(pk=activity.pk)
        if not scope_for(actor, stored).exists():
            raise PermissionDenied
    participations = [item for item in participations if item[1]]
    errors = unit_in_area_errors(actor, activity.unit if activity.unit_id else None)
    errors |= rules.period_errors(activity.start_date, activity.end_date)
    for name, messages in rules.participation_errors(
        total=activity.participants,
        total_female=activity.participants_female,
        groups=_group_counts(participations),
    ).items():
        errors.setdefault(name, []).extend(messages)
    for name, messages in rules.activity_figure_errors(
        activity_type=activity.activity_type,
        sessions=activity.sessions or 0,
        participants=activity.participants or 0,
        item_kind=activity.item_kind,
        items_produced=activity.items_produced or 0,
        items_distributed=activity.items_distributed or 0,
        establishments_inspected=activity.establishments_inspected or 0,
    ).items():
        errors.setdefault(name, []).extend(messages)
    if activity.directive_id and not (
        Directive.objects.visible_to(actor).filter(pk=activity.directive_id).exists()
    ):
        errors.setdefault("directive", []).append(_("Không tìm thấy văn bản này."))
    _raise(errors)
    if activity.pk is None:
        activity.created_by = actor
    activity.full_clean(validate_constraints=False)
    activity.save()
    activity.places.set(places)
    activity.partner_units.set(partner_units)
    _participations_replace(activity, participations)
    return activity


def _participations_replace(activity, participations) -> None:
    kept = []
    for group, count, female in participations:
        row, _created = ActivityParticipation.objects.update_or_create(
            activity=activity, target_group=group, defaults={"count": count, "female": female}
        )
        kept.append(row.pk)
    for row in activity.participations.exclude(pk__in=kept):
        row.delete()  # one by one, so that history records each removal


@transaction.atomic
def activity_attachment_add(
    *, actor, activity: PreventionActivity, kind: str, description: str, file
) -> ActivityAttachment:
    if not can_record_activities(actor):
        raise PermissionDenied
    if not is_visible(actor, activity):
        raise PermissionDenied
    return ActivityAttachment.objects.create(
        activity=activity, kind=kind, description=description, file=file, added_by=actor
    )
