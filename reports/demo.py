"""Demo of a locked period (seed_demo): the 2023 annual report of Thanh Hóa, built in this
process and approved by the provincial staff, so its period (15/12/2022–14/12/2023) is locked
(core.PeriodLock) and the report page shows the lock and its reopening. The demo's records
begin in 2024: the lock refuses changes to none of them."""

from django.db import transaction

from accounts.models import User
from core.models import PeriodLock
from reports import generation, services, tasks
from reports.models import ReportEvent, ReportRun, RunStatus
from reports.periods import period_for

DEMO_YEAR = 2023


def seed_locked_period() -> int:
    """Build and approve the report once; returns 1 when it was made, 0 when already there."""
    staff = User.objects.get(username="canbo.tinh")
    province = staff.jurisdiction
    period = period_for("annual", DEMO_YEAR)
    if PeriodLock.objects.filter(unit=province, start=period.start, end=period.end).exists():
        return 0
    with transaction.atomic():
        run = ReportRun.objects.create(
            kind=period.kind,
            start=period.start,
            end=period.end,
            unit=province,
            status=RunStatus.QUEUED,
            requested_by=staff,
        )
        ReportEvent.objects.create(run=run, action="requested", actor=staff, note="seed_demo")
    run = generation.build(tasks._claim(run.pk, f"seed-demo-{run.pk}"))
    services.report_approve(actor=staff, run=run)
    return 1
