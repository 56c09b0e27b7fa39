"""Background work of notifications. The periodic ones are scheduled in `schedule.py`; they take an
optional ISO timestamp `now` so tests (and a replay after an outage) can run them for a given moment."""

from datetime import datetime

from django_tasks import task

from civicdesk.notifications import overdue, services


def _moment(now: str | None) -> datetime | None:
    return datetime.fromisoformat(now) if now else None


@task()
def send_event_notifications(event_id: int) -> int:
    """Tell the reporter and followers about one event of a request. Returns how many were sent."""
    return services.send_event_notifications(event_id)


@task()
def resend_notification(notification_id: int, now: str | None = None) -> bool:
    """Try one failed (or abandoned) message again."""
    return services.resend_notification(notification_id, _moment(now))


@task()
def retry_failed_notifications(now: str | None = None) -> int:
    """Queue a resend for every message whose retry time has come. Returns how many were queued."""
    due = services.notifications_due(_moment(now))
    for notification_id in due:
        resend_notification.enqueue(notification_id, now)
    return len(due)


@task()
def send_due_surveys(now: str | None = None) -> int:
    """Send the feedback survey SURVEY_DELAY_DAYS after closure to those who have not answered it."""
    return services.send_due_surveys(_moment(now))


@task()
def check_overdue_requests(now: str | None = None) -> int:
    """Alert supervisors, once per due date, about open requests past their due date."""
    return len(overdue.check_overdue_requests(_moment(now)))
