"""Demo prevention work (seed_demo), through the same services as the screens.

2024 reproduces the prevention part of the Thanh Hóa report behind this project: Plan
32/KH-SLĐTBXH of 21/02/2024 (victim support) and Plan 50/KH-SLĐTBXH of 15/03/2024 (social-evils
prevention programmes); 4 training classes for 240 village and hamlet heads, youth union, women's
union members and veterans with Thạch Thành district; 3 capacity-training classes for 180
reporters, collaborators and commune officials; 10,000 leaflets printed and distributed; the
30/7 national day; counselling on safe migration and job fraud; an inspection of labour-export
services that found no violation. 2025 and 2026 follow the change of 1 July 2025: the
department becomes Sở Y tế and districts are gone (current communes).
"""

import csv
from pathlib import Path

from django.db import transaction

from accounts.demo import DemoSeeder
from prevention import services
from prevention.models import Directive, PreventionActivity, TargetGroup

DEMO_MARK = "Dữ liệu mẫu (demo)."
DATA = Path(__file__).resolve().parent / "demo_data"
# directives.csv: one plan or document a row, columns named after Directive's fields.
# activities.csv: one activity a row, in the order they are recorded; the columns are
# PreventionActivity's fields (an empty cell leaves the field's default) and:
#   by, unit     the demo user who records it and the unit that organises it (DemoSeeder's names)
#   directive    the number of the directive it carries out
#   groups       participants by target group: "code:count:female" (female may be empty)
#   places, partners
#                units: a DemoSeeder name, "commune:N" (the Nth commune of Thạch Thành, counted
#                round; Thạch Thành itself when it has none) or "communes:N" (its first N)
#   venue        "{place}" stands for the name of the first place
RELATIONS = {"by", "unit", "directive", "groups", "places", "partners"}


def rows(name: str, model) -> list[dict]:
    """The rows of a demo table, each cell typed by the model's field of its column (text, a
    number, a date); an empty cell is left out, so the field keeps its default."""
    fields = {field.name: field for field in model._meta.concrete_fields if not field.is_relation}
    with (DATA / name).open(encoding="utf-8", newline="") as table:
        return [
            {
                column: fields[column].to_python(value) if column in fields else value
                for column, value in row.items()
                if value != ""
            }
            for row in csv.DictReader(table)
        ]


def seed() -> int:
    """Create the demo directives and activities once; returns how many were created (0 when
    they are already there)."""
    if PreventionActivity.objects.filter(notes__startswith=DEMO_MARK).exists():
        return 0
    with transaction.atomic():
        return _Seeder().run()


class _Seeder(DemoSeeder):
    def __init__(self):
        super().__init__()
        self.groups = {group.code: group for group in TargetGroup.objects.all()}
        self.directives: dict[str, Directive] = {}
        self.communes = list(self.thach_thanh.children.order_by("code"))
        self.created = 0

    def run(self) -> int:
        for fields in rows("directives.csv", Directive):
            directive = Directive.objects.filter(
                number=fields["number"], issued_on=fields["issued_on"]
            ).first()
            if directive is None:
                directive = services.directive_save(
                    actor=self.staff,
                    directive=Directive(**fields, year=fields["issued_on"].year),
                )
                self.created += 1
            self.directives[directive.number] = directive
        for fields in rows("activities.csv", PreventionActivity):
            self.activity(fields)
        return self.created

    def activity(self, fields: dict) -> PreventionActivity:
        places = self._units(fields.get("places", ""))
        activity = PreventionActivity(
            **{name: value for name, value in fields.items() if name not in RELATIONS},
            unit=getattr(self, fields["unit"]),
            directive=self.directives.get(fields.get("directive")),
            notes=DEMO_MARK,
        )
        if places:
            activity.venue = activity.venue.format(place=places[0].name)
        services.activity_save(
            actor=getattr(self, fields["by"]),
            activity=activity,
            participations=[
                (self.groups[code], int(count), int(female) if female else None)
                for code, count, female in (
                    group.split(":") for group in fields.get("groups", "").split()
                )
            ],
            places=places,
            partner_units=self._units(fields.get("partners", "")),
        )
        self.created += 1
        return activity

    def _units(self, names: str) -> list:
        units = []
        for name in names.split():
            kind, _colon, number = name.partition(":")
            if kind == "commune":
                communes = self.communes or [self.thach_thanh]
                units.append(communes[int(number) % len(communes)])
            elif kind == "communes":
                units += self.communes[: int(number)]
            else:
                units.append(getattr(self, name))
        return units
