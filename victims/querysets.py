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
        """Completed years at the reception date; the birth year alone when no birth date (the
        age recorded on the reception when the person was anonymised)."""
        from django.db.models import F, IntegerField
        from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

        received = "received_on"
        born = "victim__date_of_birth"
        birthday_not_reached = models.Case(
            When(
                **{f"{born}__isnull": False},
                then=models.Case(
                    When(
                        condition=models.Q(
                            received_md__lt=ExtractMonth(born) * 100 + ExtractDay(born)
                        ),
                        then=Value(1),
                    ),
                    default=Value(0),
                ),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        from django.db.models.functions import Coalesce

        return self.annotate(
            received_md=ExtractMonth(received) * 100 + ExtractDay(received)
        ).annotate(
            # An anonymised person has no birth date: the age recorded at anonymisation.
            age_at_reception=Coalesce(
                "reception__age_on_reception",
                ExtractYear(received) - F("victim__birth_year") - birthday_not_reached,
                output_field=IntegerField(),
            )
        )

    def with_residence_in_province(self):
        """Whether the person's permanent residence lies in the province of the managing unit
        (DOMAIN.md: "ngoại tỉnh" otherwise); unknown residence counts as outside."""
        from django.db.models import BooleanField
        from django.db.models.functions import Left, StrIndex

        province_prefix = Left("managing_unit__path", StrIndex("managing_unit__path", Value("/")))
        return self.annotate(
            province_prefix=province_prefix,
            resides_in_province=models.Case(
                When(
                    victim__permanent_unit__path__startswith=models.F("province_prefix"),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
