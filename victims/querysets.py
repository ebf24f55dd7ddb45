import datetime

from django.db import models
from django.db.models import Value, When

from locations.regimes import CURRENT_REGIME_START, LegalRegime
from locations.text import search_key


class VictimQuerySet(models.QuerySet):
    def search(self, text: str):
        """Names and other names, ignoring case and diacritics ("Đ" included)."""
        key = search_key(text)
        return self.filter(search_name__contains=key) if key else self

    def with_id_number(self, number: str):
        """The person with this ID number, however it is typed (through its keyed hash: the
        number itself is encrypted)."""
        key = self.model.id_number_key(number)
        return self.filter(id_number_hash=key) if key else self.none()


class CaseQuerySet(models.QuerySet):
    def received_between(self, start: datetime.date, end: datetime.date):
        # The case's copy of the reception date (Case.received_on, indexed): no join.
        return self.filter(received_on__gte=start, received_on__lte=end)

    def under_regime(self, regime: str):
        """Cases whose reception date falls under `regime` (DOMAIN.md: split on 1 July 2025)."""
        if regime == LegalRegime.CURRENT:
            return self.filter(received_on__gte=CURRENT_REGIME_START)
        return self.filter(received_on__lt=CURRENT_REGIME_START)

    def with_regime(self):
        return self.annotate(
            regime_code=models.Case(
                When(
                    received_on__gte=CURRENT_REGIME_START,
                    then=Value(LegalRegime.CURRENT.value),
                ),
                When(received_on__isnull=False, then=Value(LegalRegime.LEGACY.value)),
                default=Value(""),
            )
        )

    def with_age_at_reception(self):
        """The age at reception as computed from the rows it derives from (`computed_age`);
        the stored column `age_at_reception` holds the same (victims/derived.py)."""
        from victims.derived import age_at_reception

        return self.annotate(computed_age=age_at_reception())

    def with_residence_in_province(self):
        """Whether the person lives in the managing unit's province, as computed from the rows
        (`computed_in_province`); the stored column `resides_in_province` holds the same."""
        from victims.derived import resides_in_province

        return self.annotate(computed_in_province=resides_in_province())
