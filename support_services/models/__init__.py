"""Support, referrals and reintegration; one module per part, all models importable from here."""

from support_services.models.applications import (  # noqa: F401
    ApplicantRelation,
    ApplicationDeadline,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationStep,
    SupportApplication,
)
from support_services.models.supports import (  # noqa: F401
    RateUnit,
    SupportEvent,
    SupportRate,
    SupportRecord,
    SupportStatus,
    SupportType,
)
