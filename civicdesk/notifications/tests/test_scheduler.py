"""Periodic work is scheduled by APScheduler from one list (schedule.py); each job only enqueues its task."""

import inspect
from io import StringIO
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_tasks.base import Task

from civicdesk.notifications.schedule import SCHEDULE, Periodic, add_jobs, enqueue_periodic

EXPECTED = {
    "civicdesk.notifications.tasks.retry_failed_notifications",
    "civicdesk.notifications.tasks.send_due_surveys",
    "civicdesk.notifications.tasks.check_overdue_requests",
    "civicdesk.integrations.tasks.send_due_deliveries",
    "civicdesk.integrations.tasks.poll_department_systems",
    "civicdesk.intake.tasks.close_abandoned_text_conversations",
    "civicdesk.intake.social.tasks.read_social_media",
}


def test_every_scheduled_job_is_a_task_that_needs_no_arguments() -> None:
    assert {periodic.task for periodic in SCHEDULE} == EXPECTED
    for periodic in SCHEDULE:
        task = import_string(periodic.task)
        assert isinstance(task, Task), periodic.task
        required = [parameter for parameter in inspect.signature(task.func).parameters.values()
                    if parameter.default is inspect.Parameter.empty]
        assert required == [], f"{periodic.task} needs {required}"


def test_the_jobs_run_in_the_city_time_zone_and_never_pile_up() -> None:
    scheduler = add_jobs(BackgroundScheduler(timezone=settings.TIME_ZONE))
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == EXPECTED
        surveys = jobs["civicdesk.notifications.tasks.send_due_surveys"]
        assert isinstance(surveys.trigger, CronTrigger) and str(surveys.trigger.timezone) == settings.TIME_ZONE
        assert 9 <= surveys.next_run_time.hour <= 19
        assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())
        assert all(job.args == (job.id,) for job in jobs.values())
    finally:
        scheduler.shutdown(wait=False)


def test_a_misspelt_task_fails_at_start_up() -> None:
    with pytest.raises(ImportError):
        add_jobs(BackgroundScheduler(), [Periodic("civicdesk.notifications.tasks.send_due_survey", "interval",
                                                  {"minutes": 1})])


@pytest.mark.django_db(transaction=True)
def test_a_job_only_enqueues_its_task_for_the_workers(database_tasks: None) -> None:
    from django_tasks_db.models import DBTaskResult

    enqueue_periodic("civicdesk.notifications.tasks.send_due_surveys")

    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.status) == ("civicdesk.notifications.tasks.send_due_surveys", "READY")


def test_run_scheduler_lists_the_schedule() -> None:
    out = StringIO()
    call_command("run_scheduler", "--list", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == len(EXPECTED)
    assert any(line.startswith("send_due_surveys\tcron[hour='9-19', minute='5']\tnext ") for line in lines)


def test_make_run_starts_the_scheduler() -> None:
    procfile = (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines()
    assert "scheduler: .venv/bin/python manage.py run_scheduler" in procfile
