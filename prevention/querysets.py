"""Read vocabulary of prevention work, for the screens and for the provincial report.

Every sum is one SQL aggregate: `totals_by(*fields)` groups, `totals()` and `indicators()` give
one row for the whole queryset. Participants by target group live in their own table
(ActivityParticipation) and are summed by `participants_by_group()` in one more query.
"""

import datetime

from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from accounts.access import scope_for, scope_to_unit
from prevention.choices import COMMUNICATION_TYPES, TRAINING_TYPES, ActivityType


def _sum(field, **condition):
    return Coalesce(Sum(field, filter=Q(**condition) if condition else None), 0)


def _total_expressions() -> dict:
    return {
        "activities": Count("pk"),
        "sessions": _sum("sessions"),
        "participants": _sum("participants"),
        "participants_female": _sum("participants_female"),
        "items_produced": _sum("items_produced"),
        "items_distributed": _sum("items_distributed"),
        "cost": _sum("cost"),
        "establishments_inspected": _sum("establishments_inspected"),
        "violations_found": _sum("violations_found"),
    }


def _indicator_expressions() -> dict:
    return {
        "activities": Count("pk"),
        "training_classes": _sum("sessions", activity_type__in=TRAINING_TYPES),
        "training_participants": _sum("participants", activity_type__in=TRAINING_TYPES),
        "training_participants_female": _sum(
            "participants_female", activity_type__in=TRAINING_TYPES
        ),
        "communication_events": Count("pk", filter=Q(activity_type__in=COMMUNICATION_TYPES)),
        "communication_participants": _sum("participants", activity_type__in=COMMUNICATION_TYPES),
        "national_day_events": Count("pk", filter=Q(activity_type=ActivityType.NATIONAL_DAY)),
        "media_items": Count("pk", filter=Q(activity_type=ActivityType.MEDIA)),
        "items_produced": _sum("items_produced"),
        "items_distributed": _sum("items_distributed"),
        "counselling_sessions": _sum("sessions", activity_type=ActivityType.COUNSELLING),
        "counselled_people": _sum("participants", activity_type=ActivityType.COUNSELLING),
        "inspections": Count("pk", filter=Q(activity_type=ActivityType.INSPECTION)),
        "establishments_inspected": _sum("establishments_inspected"),
        "violations_found": _sum("violations_found"),
        "cost": _sum("cost"),
    }


class PreventionActivityQuerySet(models.QuerySet):
    def in_period(self, start: datetime.date, end: datetime.date):
        """Activities that started between `start` and `end` (both included): an activity is
        counted in the period of its start date, even when it ends after the period."""
        return self.filter(start_date__gte=start, start_date__lte=end)

    def in_year(self, year: int):
        return self.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def within(self, unit):
        """Activities organised by `unit` or a unit below it (the unit that owns the record)."""
        return scope_to_unit(unit, self)

    def involving(self, unit):
        """Activities organised by, held in or done together with `unit` or a unit below it."""
        condition = (
            Q(unit__path__startswith=unit.path)
            | Q(places__path__startswith=unit.path)
            | Q(partner_units__path__startswith=unit.path)
        )
        return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))

    def of_types(self, *types):
        return self.filter(activity_type__in=types)

    def with_year(self):
        return self.annotate(year=ExtractYear("start_date"))

    def totals_by(self, *fields):
        """Activities, classes or sessions, participants, items, cost and inspection figures
        grouped by `fields` (one SQL aggregate)."""
        return self.values(*fields).annotate(**_total_expressions()).order_by(*fields)

    def totals(self) -> dict:
        """The same figures over the whole queryset."""
        return self.aggregate(**_total_expressions())

    def indicators(self) -> dict:
        """The figures of the annual report (training classes and participants, communication
        and 30/7 events, items distributed, counselling, inspections) in one aggregate."""
        return self.aggregate(**_indicator_expressions())

    def participants_by_group(self, *fields):
        """Participants per target group over these activities (one query): rows with the
        group's code, names (`target_group__name`, `__name_en`), `count` and `female`,
        grouped further by `fields` of the activity (e.g. "activity_type")."""
        from prevention.models import ActivityParticipation

        group_fields = [
            "target_group__order",
            "target_group__code",
            "target_group__name",
            "target_group__name_en",
        ]
        names = [*(f"activity__{field}" for field in fields), *group_fields]
        return (
            ActivityParticipation.objects.filter(activity__in=self.values("pk"))
            .values(*names)
            .annotate(count=Coalesce(Sum("count"), 0), female=Coalesce(Sum("female"), 0))
            .order_by(*names)
        )


class DirectiveQuerySet(models.QuerySet):
    def in_period(self, start: datetime.date, end: datetime.date):
        """Documents issued between `start` and `end` (both included), by their issue date."""
        return self.filter(issued_on__gte=start, issued_on__lte=end)

    def within(self, unit):
        """Documents issued by `unit` or a unit below it."""
        return scope_to_unit(unit, self)

    def visible_to(self, user):
        """Every active user reads the documents issued in their jurisdiction, above it (the
        department's plans for a district officer) or below it."""
        return scope_for(user, self, and_above=True)

    def totals_by(self, *fields):
        return self.values(*fields).annotate(directives=Count("pk")).order_by(*fields)
