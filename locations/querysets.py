from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Collate

from locations.collation import COLLATION
from locations.text import search_key

_ROOT = models.Q(parent__isnull=True)
_DEPTH_1 = models.Q(parent__parent__isnull=True)


class AdministrativeUnitQuerySet(models.QuerySet):
    def within(self, unit):
        """`unit` and every unit below it: one indexed prefix query on the path."""
        return self.filter(path__startswith=unit.path)

    def active(self):
        return self.filter(is_active=True)

    def provinces(self):
        return self.filter(level=self.model.Level.PROVINCE)

    def districts(self):
        return self.filter(level=self.model.Level.DISTRICT)

    def communes(self):
        return self.filter(level=self.model.Level.COMMUNE)

    def in_tree_order(self):
        """A tree listing (province, then what lies under it) with the units under one parent
        in Vietnamese order of their names: current communes before legacy districts (each
        followed by its communes). The tree is at most three deep, so each row is ordered by
        the names of its ancestors and its own (README "Vietnamese order")."""

        def name_at(depth):
            own, parent, grandparent = F("name"), F("parent__name"), F("parent__parent__name")
            empty = Value("")
            whens = {
                0: [When(_ROOT, then=own), When(_DEPTH_1, then=parent)],
                1: [When(_ROOT, then=empty), When(_DEPTH_1, then=own)],
                2: [When(_ROOT | _DEPTH_1, then=empty)],
            }[depth]
            default = {0: grandparent, 1: parent, 2: own}[depth]
            return Collate(Case(*whens, default=default), COLLATION)

        legacy_first_level = Case(
            When(_ROOT, then=Value(0)),
            When(_DEPTH_1 & models.Q(is_legacy=True), then=Value(2)),
            When(_DEPTH_1, then=Value(1)),
            When(parent__is_legacy=True, then=Value(2)),
            default=Value(1),
        )
        return self.order_by(name_at(0), legacy_first_level, name_at(1), name_at(2), "path")

    def successors_of(self, unit):
        """The current communes that a legacy unit — a commune, or any commune of a legacy
        district — became on 1 July 2025 (UnitSuccession), each once."""
        succession = self.model.successors.through.objects
        return self.filter(
            pk__in=succession.filter(predecessor__path__startswith=unit.path).values("successor_id")
        )

    def same_place_as(self, unit):
        """`unit` with the units it became on 1 July 2025 and those it was formed from: a legacy
        commune and its successor(s) name the same place (UnitSuccession)."""
        succession = self.model.successors.through.objects
        return self.filter(
            models.Q(pk=unit.pk)
            | models.Q(pk__in=succession.filter(predecessor=unit).values("successor_id"))
            | models.Q(pk__in=succession.filter(successor=unit).values("predecessor_id"))
        )

    def search(self, text: str):
        """Units whose name contains `text`, ignoring case and diacritics ("Đ" included)."""
        key = search_key(text)
        return self.filter(search_name__contains=key) if key else self
