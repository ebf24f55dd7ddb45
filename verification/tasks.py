from celery import shared_task

from verification.services import dossiers_mark_overdue


@shared_task
def mark_overdue_dossiers() -> int:
    """Daily: flag dossiers past their due date; returns how many were flagged."""
    return dossiers_mark_overdue()
