"""Support, referrals and reintegration; one module per part, all models importable from here."""

from support_services.models.referrals import (  # noqa: F401
    Programme,
    ProviderKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)
from support_services.models.supports import (  # noqa: F401
    RateUnit,
    SupportEvent,
    SupportRate,
    SupportRecord,
    SupportStatus,
    SupportType,
)
