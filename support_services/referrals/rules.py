"""Whether a case may be referred: the consent rule — pure functions, no database access.

A referral passes the person's information to a provider or a programme outside the department.
Law 53/2024/QH15 Art 3(10) forbids disclosing information about a victim, or a person being
identified as one, without their consent or that of their legal representative, unless the law
provides otherwise [read in a secondary copy of the law, hethongphapluat.com]. So a referral
needs an active consent of the person for support or sharing, given — for a child under 18 on
the referral date — by the guardian ("guardian" or "both"; DOMAIN.md, a child consents together
with a guardian). Without one, only a role the policy allows ("referral.override_consent":
provincial staff and supervisors) may send it, with a reason that is logged.

Once sent, a referral is accepted or declined by the provider, then completed, or cancelled
while still open (TRANSITIONS).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.policy import role_can
from core.workflow import Transition

ADULT_AGE = 18
# The purposes of victims.choices.ConsentPurpose that cover a referral.
REFERRAL_PURPOSES = frozenset({"support", "sharing"})
# victims.choices.ConsentGiver values that include the guardian.
GUARDIAN_GIVERS = frozenset({"guardian", "both"})
LEGAL_BASIS = "khoản 10 Điều 3 Luật Phòng, chống mua bán người số 53/2024/QH15"


@dataclass(frozen=True)
class ConsentFacts:
    given_by: str
    given_on: datetime.date
    purposes: frozenset
    withdrawn_on: datetime.date | None = None


@dataclass(frozen=True)
class ConsentDecision:
    allowed: bool
    reason: str = ""
    override: bool = False
    field: str = ""  # the form field the reason belongs next to


def consent_problem(consent: ConsentFacts, *, age: int, on_date: datetime.date) -> str:
    """Why `consent` does not cover a referral on `on_date` of a person aged `age` ("" if it
    does)."""
    if consent.given_on > on_date:
        return _("Sự đồng ý được ghi nhận sau ngày chuyển gửi.")
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on_date:
        return _("Sự đồng ý đã bị rút lại ngày %(day)s.") % {
            "day": consent.withdrawn_on.strftime("%d/%m/%Y")
        }
    if not REFERRAL_PURPOSES & set(consent.purposes):
        return _(
            "Sự đồng ý này không bao gồm mục đích hỗ trợ, chuyển gửi dịch vụ hoặc chia sẻ thông "
            "tin với cơ quan, tổ chức liên quan."
        )
    if age < ADULT_AGE and consent.given_by not in GUARDIAN_GIVERS:
        return _("Người dưới 18 tuổi: cần có sự đồng ý của người giám hộ.")
    return ""


def best_consent(consents: Iterable, *, age: int, on_date: datetime.date):
    """The first of `consents` (pairs of (key, ConsentFacts)) that covers a referral, or None."""
    for key, facts in consents:
        if not consent_problem(facts, age=age, on_date=on_date):
            return key
    return None


def referral_consent(
    consent: ConsentFacts | None,
    *,
    age: int,
    on_date: datetime.date,
    role: str,
    override_reason: str = "",
) -> ConsentDecision:
    """Whether a user of `role` may send a referral relying on `consent` (or on nothing), and
    whether it is an override of the consent rule."""
    problem = (
        consent_problem(consent, age=age, on_date=on_date)
        if consent is not None
        else _("Chưa có sự đồng ý của người được hỗ trợ.")
    )
    if not problem:
        return ConsentDecision(True)
    rule = _(
        "Không được chuyển gửi thông tin của nạn nhân khi chưa có sự đồng ý của họ hoặc người "
        "đại diện hợp pháp (%(basis)s)."
    ) % {"basis": LEGAL_BASIS}
    if not role_can(role, "referral.override_consent"):
        return ConsentDecision(
            False,
            f"{problem} {rule} "
            + _("Chỉ cán bộ cấp tỉnh được quyết định chuyển gửi khi chưa có sự đồng ý."),
            field="consent",
        )
    if not override_reason.strip():
        return ConsentDecision(
            False,
            f"{problem} {rule} "
            + _("Để chuyển gửi khi chưa có sự đồng ý, cần ghi lý do (ví dụ: bảo vệ tính mạng)."),
            field="override_reason",
        )
    return ConsentDecision(True, override=True)


# A referral's steps once sent. States are ReferralStatus values.
TRANSITIONS = (
    Transition(
        {"sent"}, "accept", "referral.accept", "accepted", gettext_lazy("ghi nhận đã tiếp nhận")
    ),
    Transition(
        {"sent"},
        "decline",
        "referral.decline",
        "declined",
        gettext_lazy("ghi nhận từ chối tiếp nhận"),
    ),
    Transition(
        {"accepted"},
        "complete",
        "referral.complete",
        "completed",
        gettext_lazy("ghi nhận hoàn thành"),
    ),
    Transition(
        {"sent", "accepted"},
        "cancel",
        "referral.cancel",
        "cancelled",
        gettext_lazy("hủy chuyển gửi"),
    ),
)
