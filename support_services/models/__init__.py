"""Support, referrals and reintegration; one module per part, all models importable from here."""

from support_services.models.applications import (  # noqa: F401
    ApplicantRelation,
    ApplicationDeadline,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationStep,
    SupportApplication,
)
from support_services.models.followups import (  # noqa: F401
    DOMAINS,
    CaseClosure,
    ClosureReason,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Rating,
    Risk,
    VisitMethod,
)
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
    MAX_AMOUNT,
    MAX_QUANTITY,
    RateUnit,
    SupportDocument,
    SupportDocumentKind,
    SupportEvent,
    SupportRate,
    SupportRecord,
    SupportStatus,
    SupportType,
)
