"""Which rows of victims count in a report period (core/period_locks.py): a reception by its
date; the case and the person by the reception date of the case, for what the report reads of
them. Registered in `VictimsConfig.ready()`.

A case's status is not counted here: it changes through the dossier's decision (verification
registers the dossier) and the case's closure (support_services registers it), each refused or
accepted by the period of its own record. A case's note and a person's contact details and
papers are not in any figure and stay editable."""

from django.utils.translation import gettext_lazy as _

from core.period_locks import Counted, register
from victims.models import Case, Reception, Victim

RECEIVED = "reception__received_on"


def register_all() -> None:
    register(
        Reception, Counted("received_on"), unit="case__managing_unit", subject=_("tiếp nhận này")
    )
    register(
        Case,
        Counted(RECEIVED, exclude=("status", "note")),
        unit="managing_unit",
        subject=_("vụ việc này"),
    )
    register(
        Victim,
        Counted(
            f"cases__{RECEIVED}",
            fields=(
                "sex",
                "date_of_birth",
                "birth_year",
                "ethnic_group",
                "nationality",
                "permanent_unit",
            ),
        ),
        unit="cases__managing_unit",
        subject=_("thông tin của người này"),
    )
