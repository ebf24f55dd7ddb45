"""Support, referrals and reintegration; one module per part, all models importable from here."""

from support_services.applications.models import (  # noqa: F401
    ApplicantRelation,
    ApplicationDeadline,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationStep,
    BodyLevel,
    SupportApplication,
    TransitionalVariant,
)
from support_services.referrals.models import (  # noqa: F401
    Programme,
    ProviderKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)
from support_services.reintegration.models import (  # noqa: F401
    DOMAINS,
    CaseClosure,
    ClosureEvent,
    ClosureReason,
    ClosureStatus,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Rating,
    Risk,
    VisitMethod,
)
from support_services.supports.models import (  # noqa: F401
    MAX_AMOUNT,
    MAX_QUANTITY,
    MeansTest,
    RateUnit,
    SupportDocument,
    SupportDocumentKind,
    SupportEvent,
    SupportExtension,
    SupportRate,
    SupportRecord,
    SupportStatus,
    SupportType,
)
