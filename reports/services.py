"""Requesting, approving and regenerating report runs (CONVENTIONS.md "Workflows")."""

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.access import is_visible
from accounts.policy import can
from core import period_locks
from reports import snapshots
from reports.models import ReportEvent, ReportRun, RunStatus
from reports.periods import Period, for_unit, legacy_last_day

logger = logging.getLogger(__name__)
# A run that has not shown a sign of life for this long is considered stuck; a queued run not
# picked up for this long is sent to the workers again.
STALE_AFTER = datetime.timedelta(minutes=10)
RESEND_AFTER = datetime.timedelta(minutes=5)


class ReportError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def _enqueue(run) -> None:
    transaction.on_commit(lambda: send_to_worker(run.pk))


def send_to_worker(run_id: int) -> bool:
    """Hand the run to a worker; when the broker is down the run stays queued and the watch
    task sends it again later, so the user's request still succeeds."""
    from reports.tasks import generate_report

    try:
        generate_report.delay(run_id)
    except Exception:  # the broker's errors vary by transport
        logger.warning("report run %s: broker unavailable, left queued", run_id, exc_info=True)
        return False
    return True


def request_problem(
    *, period: Period, unit, today=None, with_succession: bool = False
) -> tuple[str, str] | None:
    """Why a report of `unit` for `period` cannot be built — (field, Vietnamese message) — or
    None. A report is refused, never built empty: a period that has not begun, a legacy unit
    (a district or commune abolished on 1 July 2025) for a period that begins on or after that
    day."""
    today = today or timezone.localdate()
    period_field = "start" if period.kind == "custom" else "year"
    if period.start > today:
        return period_field, _(
            "Kỳ báo cáo này chưa bắt đầu (từ ngày %(start)s): chưa có số liệu."
        ) % {"start": f"{period.start:%d/%m/%Y}"}
    if for_unit(period, unit, with_succession=with_succession) is None:
        return "unit", _(
            "%(unit)s là đơn vị hành chính cũ, chỉ có số liệu đến ngày %(last)s: hãy chọn kỳ báo "
            "cáo bắt đầu trước ngày 01/07/2025, hoặc chọn tỉnh hay xã, phường hiện nay."
        ) % {"unit": unit.name, "last": f"{legacy_last_day():%d/%m/%Y}"}
    return None


@transaction.atomic
def report_request(
    *, actor, period: Period, unit, reason: str = "", with_succession: bool = False
) -> ReportRun:
    """Queue the report of `unit`'s area for `period` (the request returns at once). A legacy
    unit reports only the part of the period before 1 July 2025 (`periods.for_unit`): the run
    is of that part. An open run of the same period and area is reused: while it is queued or
    running, the request joins it (`run.joined`); else its files are replaced. When the
    period's report is already approved, generating it again needs a reason, which is logged."""
    if actor is not None and not is_visible(actor, unit):
        raise PermissionDenied
    if problem := request_problem(period=period, unit=unit, with_succession=with_succession):
        field, message = problem
        raise ReportError(message, field=field)
    period = for_unit(period, unit, with_succession=with_succession)
    reason = reason.strip()
    same = ReportRun.objects.select_for_update().filter(
        kind=period.kind,
        start=period.start,
        end=period.end,
        unit=unit,
        with_succession=with_succession,
    )
    run = same.filter(approved_at__isnull=True).first()
    if run is not None and run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        run.joined = True  # already on its way: one result, not two
        return run
    if same.filter(approved_at__isnull=False).exists() and not reason:
        raise ReportError(
            _("Báo cáo kỳ này đã được phê duyệt: cần ghi lý do để tạo lại."), field="reason"
        )
    # A run asked again (also by the scheduled task) writes only what a request sets.
    fields = ["status", "progress", "error", "attempts", "requested_by", "reason", "requested_at"]
    if run is None:
        run = ReportRun(
            kind=period.kind,
            start=period.start,
            end=period.end,
            unit=unit,
            with_succession=with_succession,
        )
        fields = None
    run.status, run.progress, run.error, run.attempts = RunStatus.QUEUED, 0, "", 0
    run.requested_by, run.reason, run.requested_at = actor, reason, timezone.now()
    try:
        with transaction.atomic():
            run.save(update_fields=fields)
    except IntegrityError:
        # Another request created the open run of this period and area at the same moment:
        # this one joins it.
        run = same.get(approved_at__isnull=True)
        run.joined = True
        return run
    run.joined = False
    ReportEvent.objects.create(
        run=run, action="regenerated" if reason else "requested", actor=actor, note=reason
    )
    _enqueue(run)
    return run


REPORT_NAMES = {
    "annual": _lazy("Báo cáo năm"),
    "six_month": _lazy("Báo cáo sáu tháng"),
    "calendar": _lazy("Báo cáo năm dương lịch"),
    "custom": _lazy("Báo cáo"),
}


def report_label(run) -> str:
    """How a locked period names its report: kind, period dd/mm/yyyy–dd/mm/yyyy and unit."""
    with translation.override("vi"):
        return _("%(name)s kỳ %(start)s–%(end)s của %(unit)s") % {
            "name": REPORT_NAMES.get(run.kind, REPORT_NAMES["custom"]),
            "start": f"{run.start:%d/%m/%Y}",
            "end": f"{run.end:%d/%m/%Y}",
            "unit": run.unit.name,
        }


@transaction.atomic
def report_approve(*, actor, run) -> ReportRun:
    """Approve a finished run: its figures are kept with it (`snapshot`) and its period is
    locked for its unit's area (core.period_locks) — the records that count in it no longer
    change until a supervisor reopens the period."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if not is_visible(actor, run):
        raise PermissionDenied
    if not can(actor, "report.approve"):
        raise ReportError(_("Chỉ cán bộ cấp tỉnh được phê duyệt báo cáo."))
    if run.status != RunStatus.DONE or run.is_approved:
        raise ReportError(_("Chỉ phê duyệt được báo cáo đã tạo xong và chưa phê duyệt."))
    run.approved_by, run.approved_at = actor, timezone.now()
    run.snapshot = snapshots.snapshot_of(run)
    run.save(update_fields=["approved_by", "approved_at", "snapshot"])
    period_locks.lock_period(
        unit=run.unit,
        start=run.start,
        end=run.end,
        label=report_label(run),
        actor=actor,
        source=f"{ReportRun._meta.label_lower}:{run.pk}",
    )
    ReportEvent.objects.create(run=run, action="approved", actor=actor)
    return run


def period_lock_of(run):
    """The lock of `run`'s period and area (active or reopened), or None."""
    from core.models import PeriodLock

    return (
        PeriodLock.objects.filter(unit=run.unit_id, start=run.start, end=run.end)
        .select_related("locked_by", "reopened_by")
        .first()
    )


@transaction.atomic
def period_reopen(*, actor, run, reason: str):
    """Reopen the locked period of an approved run: supervisors only, with a reason (kept on the
    lock and its history, and in the run's log). Approving a run of the period locks it again."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if not is_visible(actor, run):
        raise PermissionDenied
    if not period_locks.may_reopen(actor):
        raise ReportError(_("Chỉ cán bộ quản trị hệ thống được mở lại kỳ báo cáo đã phê duyệt."))
    lock = period_lock_of(run)
    if lock is None or not lock.is_active:
        raise ReportError(_("Kỳ báo cáo này không bị khóa."))
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("Cần ghi lý do mở lại kỳ báo cáo."), field="reason")
    lock = period_locks.reopen(lock=lock, actor=actor, reason=reason)
    ReportEvent.objects.create(run=run, action="reopened", actor=actor, note=reason[:300])
    return lock


def runs_flag_stuck(now=None) -> list[int]:
    """Runs "running" with no sign of life for STALE_AFTER are marked failed, with the reason,
    so that nobody waits on them (a beat task; the user may request the report again)."""
    now = now or timezone.now()
    stuck = ReportRun.objects.filter(status=RunStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    flagged = []
    with transaction.atomic():
        for run in stuck.select_for_update(skip_locked=True):
            run.status = RunStatus.FAILED
            run.error = _("Quá trình tạo báo cáo bị gián đoạn; hãy yêu cầu tạo lại.")
            run.save(update_fields=["status", "error"])
            ReportEvent.objects.create(run=run, action="stuck")
            flagged.append(run.pk)
    return flagged


def runs_resend_waiting(now=None) -> list[int]:
    """Queued runs that no worker has started (the broker was down, a message was lost) are
    sent again; the task itself makes a duplicate harmless."""
    now = now or timezone.now()
    waiting = ReportRun.objects.filter(
        status=RunStatus.QUEUED, requested_at__lt=now - RESEND_AFTER
    ).values_list("pk", flat=True)
    return [run_id for run_id in waiting if send_to_worker(run_id)]


def reports_of_last_period(kind: str, today=None) -> list[int]:
    from accounts.models import Organisation
    from reports.periods import last_closed

    period = last_closed(kind, today or timezone.localdate())
    queued = []
    for province in Organisation.current().served_provinces.all():
        try:
            queued.append(report_request(actor=None, period=period, unit=province).pk)
        except ReportError:
            logger.info("report of %s for %s already approved", period.label(), province.code)
    return queued


def report_files_expire(now=None) -> list[int]:
    """Delete the files of runs finished more than REPORT_FILE_RETENTION_DAYS ago, unless
    approved (approved reports stay available); the run and its log stay."""
    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REPORT_FILE_RETENTION_DAYS)
    expired = ReportRun.objects.filter(
        status=RunStatus.DONE, approved_at__isnull=True, finished_at__lt=cutoff
    )
    deleted = []
    for run in expired:
        for field in (run.indicators_file, run.excel_file, run.word_file):
            if field:
                field.delete(save=False)
        run.status = RunStatus.EXPIRED
        run.save(update_fields=["status", "indicators_file", "excel_file", "word_file"])
        ReportEvent.objects.create(run=run, action="expired")
        deleted.append(run.pk)
    return deleted
