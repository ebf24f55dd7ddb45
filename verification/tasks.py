import datetime

from celery import shared_task

from verification import notifications
from verification.services import calendar_remind_next_year, dossiers_mark_overdue


@shared_task
def mark_overdue_dossiers() -> int:
    """Daily: flag dossiers past their due date and tell the responsible users; returns how
    many were flagged."""
    flagged = dossiers_mark_overdue()
    notifications.notify_overdue(flagged)
    return len(flagged)


@shared_task
def notify_dossier_event(event_id: int) -> int:
    return notifications.notify_event(event_id)


@shared_task
def remind_next_year_calendar(today: str | None = None) -> int:
    """In November: remind supervisors when next year's days off are not entered yet; returns
    how many were told. Beat passes nothing (today); `today` (ISO date) is for a re-run."""
    day = datetime.date.fromisoformat(today) if today else None
    return calendar_remind_next_year(today=day)
