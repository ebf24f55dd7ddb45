"""Who hears of a support's step: the deciding staff of a proposal, the proposer and the area's
officers of a decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.services import notify, users_responsible_for
from support_services.models import SupportEvent, SupportStatus

# Who is told of each state, by role: data of its own, not derived from who may act
# (accounts.roles.ROLE_ACTIONS) — the officer hears of a result on which they take no step.
NEXT_ROLES = {
    SupportStatus.PROPOSED: [Role.PROVINCIAL_STAFF],
    SupportStatus.APPROVED: [Role.DISTRICT_OFFICER],
    SupportStatus.REJECTED: [Role.DISTRICT_OFFICER],
}


def notify_event(event_id: int) -> int:
    event = SupportEvent.objects.select_related(
        "record__case__managing_unit", "record__created_by", "record__support_type", "actor"
    ).get(pk=event_id)
    record = event.record
    users = users_responsible_for(
        record.case.managing_unit, roles=NEXT_ROLES.get(event.to_status, [])
    )
    if record.created_by and record.created_by not in users and event.to_status != "proposed":
        users.append(record.created_by)
    # A case code, never a name: messages may travel by e-mail.
    message = _("Vụ việc %(code)s — %(support)s: %(status)s.") % {
        "code": record.case.code,
        "support": record.support_type.name,
        "status": event.get_to_status_display(),
    }
    return notify(
        users=[user for user in users if user != event.actor],
        message=message,
        url=reverse("victims:case-detail", args=[record.case_id]),
    )
