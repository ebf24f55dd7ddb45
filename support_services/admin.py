"""Each part registers its own models in its admin module; Django's autodiscovery finds this one."""

from support_services.applications import admin as applications_admin  # noqa: F401
from support_services.referrals import admin as referrals_admin  # noqa: F401
from support_services.reintegration import admin as reintegration_admin  # noqa: F401
from support_services.supports import admin as supports_admin  # noqa: F401
