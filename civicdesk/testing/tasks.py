"""The production task backends in tests: tasks queued in the database (or in Redis) and run by the real worker
command."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management import call_command

from civicdesk.testing.redis import redis_test_database

DATABASE_TASKS = {"default": {"BACKEND": settings.TASK_BACKEND_CLASSES["database"], "QUEUES": ["default"]}}
REDIS_TASKS = {"default": {"BACKEND": settings.TASK_BACKEND_CLASSES["rq"], "QUEUES": ["default"]}}


def run_task_worker() -> None:
    """`manage.py run_task_worker --burst`, the Procfile's worker: runs every queued task (and what they queue) with
    the configured backend's worker, then returns."""
    call_command("run_task_worker", "--burst", verbosity=0)


def use_redis_tasks(settings: Any) -> Iterator[str]:
    """TASK_BACKEND=rq as settings.py sets it, on a Redis database of this test's own; yields its URL."""
    import signal

    with redis_test_database() as url:
        missing = [app for app in ("django_rq", "django_tasks_rq") if app not in settings.INSTALLED_APPS]
        if missing:
            settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, *missing]
        settings.RQ_QUEUES = {"default": {"URL": url}}
        settings.TASKS = REDIS_TASKS
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield url
        finally:
            for sig, handler in handlers.items():  # RQ's worker installs its own; Ctrl-C must stop pytest again
                signal.signal(sig, handler)
