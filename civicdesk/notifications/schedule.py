"""All periodic work of CivicDesk, in one place.

`manage.py run_scheduler` (the `scheduler:` line of the Procfile, so `make run` starts it) runs
APScheduler with these jobs. A job only enqueues its task: the work itself runs on the task workers,
retried and recorded like any other task. Run exactly one scheduler process.

To add periodic work: write a django-tasks task that takes no required arguments, then add a line here.
Triggers are APScheduler's: "interval" (weeks/days/hours/minutes/seconds) or "cron" (year, month, day,
week, day_of_week, hour, minute, second), in the city's time zone (CITY_TIME_ZONE).
"""

from dataclasses import dataclass, field
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Periodic:
    task: str  # dotted path of a django-tasks task
    trigger: str
    when: dict[str, Any] = field(default_factory=dict)


SCHEDULE: list[Periodic] = [
    # Resident messages that failed and are due for their next try (exponential backoff per message).
    Periodic("civicdesk.notifications.tasks.retry_failed_notifications", "interval", {"minutes": 1}),
    # Feedback surveys SURVEY_DELAY_DAYS after closure: hourly in the daytime, so nobody is texted at night.
    Periodic("civicdesk.notifications.tasks.send_due_surveys", "cron", {"hour": "9-19", "minute": 5}),
    # SLA: open requests past their due date, told to supervisors once per due date.
    Periodic("civicdesk.notifications.tasks.check_overdue_requests", "interval", {"minutes": 5}),
    # Department work-order systems: deliveries due for a retry, and status from systems that cannot push.
    Periodic("civicdesk.integrations.tasks.send_due_deliveries", "interval", {"minutes": 1}),
    Periodic("civicdesk.integrations.tasks.poll_department_systems", "interval", {"minutes": 5}),
    # Text conversations nobody finished are counted as abandoned contacts.
    Periodic("civicdesk.intake.tasks.close_abandoned_text_conversations", "interval", {"minutes": 5}),
    # Mentions and direct messages of the city's X account become requests for 311 staff.
    Periodic("civicdesk.intake.social.tasks.read_social_media", "interval", {"minutes": 2}),
]


def enqueue_periodic(task_path: str) -> str:
    """What each job runs: enqueue the task (on the scheduler's thread, with a fresh database connection)."""
    close_old_connections()
    try:
        return str(import_string(task_path).enqueue().id)
    finally:
        close_old_connections()


def add_jobs(scheduler: BaseScheduler, schedule: list[Periodic] = SCHEDULE) -> BaseScheduler:
    """Put every periodic job on `scheduler`; a late job runs once, not once per missed time."""
    for periodic in schedule:
        import_string(periodic.task)  # a typo fails at start-up, not at the first run
        scheduler.add_job(enqueue_periodic, periodic.trigger, args=[periodic.task], id=periodic.task,
                          name=periodic.task.rsplit(".", 1)[1], coalesce=True, max_instances=1,
                          misfire_grace_time=60, timezone=settings.TIME_ZONE, **periodic.when)
    return scheduler
