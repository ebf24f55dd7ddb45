"""Closing a case in a test as the rule asks (issue 16 item 2): one person proposes the closure,
another approves it. `close_case` keeps the earlier tests' one-line closure."""

from accounts.models import Role
from support_services.reintegration import services
from tests.factories import UserFactory


def approver_for(case, proposer=None):
    """A provincial officer of the case's province other than `proposer` (made once)."""
    province = case.managing_unit.province()
    username = f"pheduyet.{province.code}"
    from accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = UserFactory(username=username, role=Role.PROVINCIAL_STAFF, jurisdiction=province)
    if proposer is not None and user.pk == proposer.pk:  # pragma: no cover - never the same
        raise AssertionError("the approver must be another person")
    return user


def close_case(*, actor, case, approver=None, **closure):
    """`actor` proposes to close `case` (services.case_close_propose's arguments), and
    `approver` (by default a provincial officer of the province) approves; returns the closure."""
    proposed = services.case_close_propose(actor=actor, case=case, **closure)
    approver = approver or approver_for(case, actor)
    return services.case_close_approve(actor=approver, closure=proposed)
