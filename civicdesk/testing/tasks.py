"""The production task backend in tests: tasks queued in the database and run by the real worker command."""

from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_task_worker() -> None:
    """`manage.py db_worker --batch`: runs every queued task (and what they queue), then returns."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
