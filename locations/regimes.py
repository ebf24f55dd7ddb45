"""The two legal regimes, split on 1 July 2025 (DOMAIN.md "Two legal regimes, chosen by date").

On that day Law 53/2024/QH15 on prevention and combat of human trafficking took effect and
districts were abolished (Decision 19/2025/QĐ-TTg), so the administrative calendar lives beside
the administrative units. A case follows the regime in force on its reception date.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENT_REGIME_START = datetime.date(2025, 7, 1)


class LegalRegime(models.TextChoices):
    LEGACY = "legacy", _("Luật PCMBN 2011 (trước 01/07/2025)")
    CURRENT = "current", _("Luật PCMBN 2024 (từ 01/07/2025)")


def regime_on(day: datetime.date) -> LegalRegime:
    """The regime in force on `day`: Law 66/2011/QH12 before 1 July 2025, Law 53/2024/QH15 after."""
    return LegalRegime.CURRENT if day >= CURRENT_REGIME_START else LegalRegime.LEGACY


def unit_may_manage_on(unit, day: datetime.date | None) -> bool:
    """Whether `unit` may manage a case received on `day`. From 1 July 2025 local government has
    two levels, province and commune: districts were abolished and communes merged (Law on the
    Organisation of Local Government 72/2025/QH15, Decision 19/2025/QĐ-TTg; DOMAIN.md
    "Administrative levels"), so a case received from that day is managed by a current unit,
    never a legacy district or commune. A case received before keeps the unit it had."""
    return day is None or day < CURRENT_REGIME_START or not unit.is_legacy
