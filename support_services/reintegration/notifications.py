"""Who hears of a closure's step: the area's deciding staff of a proposal, the proposer of a
decision (issue 16 item 2: a closure waits for a second person, who must learn of it)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.services import notify, users_responsible_for
from support_services.models import ClosureEvent, ClosureStatus


def notify_event(event_id: int) -> int:
    event = ClosureEvent.objects.select_related(
        "closure__case__managing_unit", "closure__proposed_by", "actor"
    ).get(pk=event_id)
    closure = event.closure
    if event.to_status == ClosureStatus.PROPOSED:
        users = users_responsible_for(closure.case.managing_unit, roles=[Role.PROVINCIAL_STAFF])
        # A case code, never a name: messages may travel by e-mail.
        message = _("Vụ việc %(code)s: đề nghị đóng hồ sơ chờ phê duyệt.")
    else:
        users = [closure.proposed_by] if closure.proposed_by else []
        message = _("Vụ việc %(code)s — đề nghị đóng hồ sơ: %(status)s.")
    url = reverse("victims:case-detail", args=[closure.case_id]) + "?tab=followups"
    return notify(
        users=[user for user in users if user != event.actor],
        message=message % {"code": closure.case.code, "status": event.get_to_status_display()},
        url=url,
    )
