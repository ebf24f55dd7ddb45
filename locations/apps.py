from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = _("Đơn vị hành chính")

    def ready(self):
        from locations.collation import register_sqlite_collation

        # Names are ordered with COLLATE "vi_icu": SQLite gets it as a Python function.
        connection_created.connect(register_sqlite_collation, dispatch_uid="vi_collation")
