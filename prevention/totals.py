"""The figures of the totals screen and its Excel export, within a user's area."""

from django.utils.translation import gettext as _

from accounts.access import scope_for
from core.models import name_shown
from prevention.choices import ActivityType
from prevention.models import Directive, PreventionActivity


def totals_for(user, year: int, unit=None) -> dict:
    """Per year (every year), and for `year`: per type, per organising unit, per target group,
    the report's indicators and the directives issued — within `user`'s area, or `unit` in it."""
    visible = scope_for(user, PreventionActivity.objects.all())
    if unit is not None:
        visible = visible.within(unit)
    activities = visible.in_year(year)
    directives = Directive.objects.visible_to(user).filter(issued_on__year=year)
    if unit is not None:
        directives = directives.within(unit)
    labels = dict(ActivityType.choices)
    order = {value: index for index, value in enumerate(ActivityType.values)}
    by_type = sorted(
        (
            {**row, "label": str(labels.get(row["activity_type"], row["activity_type"]))}
            for row in activities.totals_by("activity_type")
        ),
        key=lambda row: order.get(row["activity_type"], len(order)),
    )
    legacy = _("cũ")
    by_unit = [
        {
            **row,
            "label": f"{row['unit__name']} ({legacy})"
            if row["unit__is_legacy"]
            else row["unit__name"],
        }
        for row in activities.totals_by("unit__path", "unit__name", "unit__is_legacy")
    ]
    return {
        "by_year": list(visible.with_year().totals_by("year")),
        "by_type": by_type,
        "by_unit": by_unit,
        "by_group": [
            {**row, "label": name_shown(row["target_group__name"], row["target_group__name_en"])}
            for row in activities.participants_by_group()
        ],
        "indicators": activities.indicators(),
        "overall": activities.totals(),
        "directives": list(directives.order_by("issued_on", "pk")),
    }
