"""Which rows of verification count in a report period (core/period_locks.py): the dossier, by
the reception date of its case — its decision says whether the people received in that period
are counted as identified victims. Registered in `VerificationConfig.ready()`. The overdue flag
written by the daily task is not counted."""

from django.utils.translation import gettext_lazy as _

from core.period_locks import Counted, register
from verification.models import VerificationDossier


def register_all() -> None:
    register(
        VerificationDossier,
        Counted("case__reception__received_on", fields=("case", "status")),
        unit="case__managing_unit",
        subject=_("hồ sơ xác minh này"),
    )
