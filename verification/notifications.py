"""Who hears of a dossier's change: those who act next, and whoever drafted it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.services import notify, users_responsible_for
from verification.models import DossierEvent, DossierStatus, VerificationDossier

# Who is told of each state, by role: data of its own, not derived from who may act
# (accounts.roles.ROLE_ACTIONS) — the officer hears of a result on which they take no step.
NEXT_ROLES = {
    DossierStatus.SUBMITTED: [Role.PROVINCIAL_STAFF],
    DossierStatus.SENT: [Role.PROVINCIAL_STAFF],
    DossierStatus.IDENTIFIED: [Role.DISTRICT_OFFICER],
    DossierStatus.NOT_VICTIM: [Role.DISTRICT_OFFICER],
    DossierStatus.CLOSED: [Role.DISTRICT_OFFICER],
}


def _recipients(dossier, status, *, exclude=None):
    unit = dossier.case.managing_unit
    users = users_responsible_for(unit, roles=NEXT_ROLES.get(status, []))
    if dossier.created_by and dossier.created_by not in users:
        users.append(dossier.created_by)
    return [user for user in users if user != exclude]


def notify_event(event_id: int) -> int:
    event = DossierEvent.objects.select_related(
        "dossier__case__managing_unit", "dossier__created_by", "actor"
    ).get(pk=event_id)
    dossier = event.dossier
    # A case code, never a name: messages may travel by e-mail.
    message = _("Hồ sơ xác minh %(code)s: %(status)s.") % {
        "code": dossier.case.code,
        "status": event.get_to_status_display(),
    }
    return notify(
        users=_recipients(dossier, event.to_status, exclude=event.actor),
        message=message,
        url=reverse("victims:case-detail", args=[dossier.case_id]),
    )


def notify_overdue(dossier_ids) -> int:
    sent = 0
    dossiers = VerificationDossier.objects.filter(pk__in=dossier_ids).select_related(
        "case__managing_unit", "created_by"
    )
    for dossier in dossiers:
        message = _("Hồ sơ xác minh %(code)s đã quá hạn xử lý (%(due)s).") % {
            "code": dossier.case.code,
            "due": dossier.due_date.strftime("%d/%m/%Y"),
        }
        sent += notify(
            users=_recipients(dossier, dossier.status),
            message=message,
            url=reverse("victims:case-detail", args=[dossier.case_id]),
        )
    return sent
