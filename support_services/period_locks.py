"""Which rows of support_services count in a report period (core/period_locks.py). Registered in
`SupportServicesConfig.ready()`.

A support counts by three dates: proposed (what was proposed), decided (the decision) and
provided (everything: the report's people, turns and amounts). A support proposed in a locked
period may still be decided and provided in an open one; a support provided in a locked period
no longer changes. An application counts by the day it was received and the day of its
decision; a referral by the day it was sent (its later answer is a column of that period's
table); a visit by the day it took place (visits still to do count nowhere); a closure by its
date (reopening it changes that period's closed cases)."""

from django.utils.translation import gettext_lazy as _

from core.period_locks import Counted, register
from support_services.models import (
    CaseClosure,
    FollowUp,
    Referral,
    SupportApplication,
    SupportRecord,
)

UNIT = "case__managing_unit"


def register_all() -> None:
    register(
        SupportRecord,
        Counted("proposed_on", fields=("case", "support_type", "quantity")),
        Counted(
            "decision_date",
            fields=("case", "support_type", "decision_number", "deciding_authority"),
        ),
        Counted("provided_on"),
        unit=UNIT,
        subject=_("hỗ trợ này"),
    )
    register(
        SupportApplication,
        Counted("received_on", fields=("case", "support_type", "applicant_relation")),
        Counted("decision_date"),
        unit=UNIT,
        subject=_("đơn đề nghị hỗ trợ này"),
    )
    register(Referral, Counted("sent_on"), unit=UNIT, subject=_("chuyển gửi này"))
    register(FollowUp, Counted("visited_on"), unit=UNIT, subject=_("lần thăm này"))
    register(CaseClosure, Counted("closed_on"), unit=UNIT, subject=_("việc đóng hồ sơ này"))
