from django.db import models

from locations.text import search_key


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
