"""Which rows of prevention count in a report period (core/period_locks.py): an activity by its
start date (the report counts it in the period it starts), with its participants by target
group; a plan or document by its issue date. Registered in `PreventionConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from core.period_locks import Counted, register
from prevention.models import ActivityParticipation, Directive, PreventionActivity


def register_all() -> None:
    register(
        PreventionActivity,
        Counted("start_date"),
        unit="unit",
        subject=_("hoạt động phòng ngừa này"),
    )
    register(
        ActivityParticipation,
        Counted("activity__start_date"),
        unit="activity__unit",
        subject=_("số người tham gia của hoạt động này"),
    )
    register(Directive, Counted("issued_on"), unit="issuing_unit", subject=_("văn bản này"))
