"""The version check of VersionedModel.save() uses Django's public API only (issue 13): a
conditional UPDATE of the version column, then the ordinary save. What the users' side relies on
is in test_optimistic_locking.py; these are the model-level promises of that save."""

import datetime

import pytest
from django.db import DataError, models, transaction

from core.concurrency import StaleVersionError, VersionedModel
from victims.models import Victim

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def victim(officer_a, units, make_case):
    case = make_case(officer_a, units.district_a, full_name="Hà Thị Lụa", received=D(2024, 5, 10))
    return Victim.objects.get(pk=case.victim_id)


def test_the_version_check_overrides_no_private_method_of_django_models():
    overridden = [
        name
        for name in vars(VersionedModel)
        if name.startswith("_")
        and not name.startswith("__")
        and callable(getattr(models.Model, name, None))
    ]

    assert overridden == []


def test_each_save_writes_one_history_row_carrying_the_new_version(victim):
    rows_before = victim.history.count()

    victim.occupation = "Thợ may"
    victim.save()
    victim.save(update_fields=["occupation"])

    assert victim.history.count() == rows_before + 2
    assert [row.version for row in victim.history.all()[:2]] == [victim.version, victim.version - 1]


def test_a_refused_save_leaves_the_instance_at_the_version_it_was_loaded_with(victim):
    theirs = Victim.objects.get(pk=victim.pk)
    theirs.save()
    opened = victim.version

    with pytest.raises(StaleVersionError), transaction.atomic():
        victim.save(update_fields=["occupation"])

    assert victim.version == opened
    assert Victim.objects.get(pk=victim.pk).version == opened + 1


def test_a_save_that_fails_in_the_database_keeps_the_stored_and_the_instance_version(victim):
    opened = victim.version
    victim.occupation = "x" * 500  # longer than the column: the database refuses the row

    with pytest.raises(DataError), transaction.atomic():
        victim.save()

    assert victim.version == opened
    assert Victim.objects.get(pk=victim.pk).version == opened


def test_a_save_of_no_fields_writes_nothing_and_keeps_the_version(victim):
    opened = victim.version
    rows_before = victim.history.count()

    victim.save(update_fields=[])

    assert Victim.objects.get(pk=victim.pk).version == opened
    assert victim.history.count() == rows_before
