"""Issue 16 item 4: two rates of one support type may not be in force on the same day.

Rows entered before the rule may overlap (the demo seed and the reference data never made
overlapping rates; an officer's admin edits may have). The data step rewrites each type's rates
so that every day keeps the rate the application used on it — `SupportRate.in_force`, the rate
that started last (the newest row on a tie) — and no two rows share a day: a row is cut where a
later one starts, continued (as a copy) where a later one ends, and removed when a later one
covers every one of its days. Then PostgreSQL gets btree_gist and the exclusion constraint
(SQLite, the demo's database, leaves it out; `SupportRate.clean()` holds the rule there).

Issue 16 item 7 (same migration, one per app): support types get an English name
(`name_en`), filled for the existing rows.
"""

import datetime

import django.contrib.postgres.fields.ranges
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models

import core.constraints

DAY = datetime.timedelta(days=1)


def segments(rates):
    """[(rate, start, end)] — the days on which each rate is the one in force, merged."""
    points = sorted(
        {rate.valid_from for rate in rates}
        | {rate.valid_to + DAY for rate in rates if rate.valid_to is not None}
    )
    result = []
    for index, start in enumerate(points):
        end = points[index + 1] - DAY if index + 1 < len(points) else None
        covering = [
            rate
            for rate in rates
            if rate.valid_from <= start and (rate.valid_to is None or rate.valid_to >= start)
        ]
        if not covering:
            continue
        winner = max(covering, key=lambda rate: (rate.valid_from, rate.pk))
        if end is None:
            end = winner.valid_to  # after the last boundary only open rates remain
        last = result[-1] if result else None
        if last and last[0] is winner and last[2] is not None and last[2] + DAY == start:
            result[-1] = (winner, last[1], end)
        else:
            result.append((winner, start, end))
    return result


def separate_overlapping_rates(apps, schema_editor):
    SupportRate = apps.get_model("support_services", "SupportRate")
    for type_id in SupportRate.objects.values_list("support_type_id", flat=True).distinct():
        rates = list(SupportRate.objects.filter(support_type_id=type_id).order_by("pk"))
        kept = set()
        for rate, start, end in segments(rates):
            if rate.pk in kept:  # a second stretch of the same rate: a copy of it
                rate = SupportRate.objects.get(pk=rate.pk)
                rate.pk = None
            if rate.pk is None or (rate.valid_from, rate.valid_to) != (start, end):
                rate.valid_from, rate.valid_to = start, end
                rate.save()
            kept.add(rate.pk)
        SupportRate.objects.filter(support_type_id=type_id).exclude(pk__in=kept).delete()


def fill_english_names(apps, schema_editor):
    from core.models import english_names_fill
    from support_services.supports.reference_data import SUPPORT_TYPES_EN

    english_names_fill(apps.get_model('support_services', 'SupportType'), SUPPORT_TYPES_EN)


class Migration(migrations.Migration):
    dependencies = [
        ("support_services", "0013_vi_name_order"),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(separate_overlapping_rates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="supportrate",
            constraint=core.constraints.PostgresOnlyExclusionConstraint(
                expressions=[
                    ("support_type", "="),
                    (
                        core.constraints.DateRangeFunc(
                            "valid_from",
                            "valid_to",
                            django.contrib.postgres.fields.ranges.RangeBoundary(
                                inclusive_upper=True
                            ),
                        ),
                        "&&",
                    ),
                ],
                name="rate_periods_do_not_overlap",
            ),
        ),
        migrations.AddField(
            model_name='historicalsupporttype',
            name='name_en',
            field=models.CharField(blank=True, help_text='Hiện khi người dùng chọn tiếng Anh; để trống thì hiện tên tiếng Việt.', max_length=200, verbose_name='tên tiếng Anh'),
        ),
        migrations.AddField(
            model_name='supporttype',
            name='name_en',
            field=models.CharField(blank=True, help_text='Hiện khi người dùng chọn tiếng Anh; để trống thì hiện tên tiếng Việt.', max_length=200, verbose_name='tên tiếng Anh'),
        ),
        migrations.RunPython(fill_english_names, migrations.RunPython.noop),
    ]
