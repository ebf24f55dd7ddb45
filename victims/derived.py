"""Columns of a case derived from other rows, stored so that the registry's filters use an index
(issue 17): the age at reception ("dưới 16 tuổi") and whether the person lives in the province
of the managing unit ("ngoại tỉnh" otherwise). Like `Case.received_on`, they are written by the
saves that change what they derive from (Case, Reception, Victim — models.py), left out of the
history, and computed by the one expression below on every path (the migration included)."""

from django.db.models import BooleanField, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models import Case as Cases
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Left,
    StrIndex,
)
from django.db.models.lookups import LessThan


def age_at_reception():
    """Completed years at the reception date (`received_on`); the birth year alone when no
    birth date; the age recorded on the reception when the person was anonymised. An
    expression over a case."""
    received, born = "received_on", "victim__date_of_birth"
    before_birthday = LessThan(
        ExtractMonth(received) * 100 + ExtractDay(received),
        ExtractMonth(born) * 100 + ExtractDay(born),
    )
    birthday_not_reached = Cases(
        When(
            **{f"{born}__isnull": False},
            then=Cases(When(before_birthday, then=Value(1)), default=Value(0)),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return Coalesce(
        "reception__age_on_reception",
        ExtractYear(received) - F("victim__birth_year") - birthday_not_reached,
        output_field=IntegerField(),
    )


def resides_in_province():
    """Whether the person's permanent residence lies in the province of the managing unit;
    an unknown residence counts as outside. An expression over a case."""
    province = Left("managing_unit__path", StrIndex("managing_unit__path", Value("/")))
    return Cases(
        When(victim__permanent_unit__path__startswith=province, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def case_derived_refresh(cases) -> None:
    """Write the derived columns of the cases of `cases` (a Case queryset; one UPDATE)."""
    one = cases.model._base_manager.filter(pk=OuterRef("pk"))
    cases.order_by().update(
        age_at_reception=Subquery(one.annotate(value=age_at_reception()).values("value")[:1]),
        resides_in_province=Coalesce(
            Subquery(one.annotate(value=resides_in_province()).values("value")[:1]),
            Value(False),
        ),
    )
