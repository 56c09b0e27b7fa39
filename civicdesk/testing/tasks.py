"""The production task backends in tests: tasks queued in the database (or in Redis) and run by the real worker
command."""

import os
from collections.abc import Iterator
from typing import Any

from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
REDIS_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def run_task_worker() -> None:
    """`manage.py db_worker --batch`: runs every queued task (and what they queue), then returns."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def redis_test_url() -> str:
    """A Redis database of this test process's own (pytest-xdist runs several at once; each empties its own)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    number = 8 + int(worker) % 8 if worker.isdigit() else 8
    return f"redis://127.0.0.1:6379/{number}"


def use_redis_tasks(settings: Any) -> Iterator[str]:
    """TASK_BACKEND=rq as settings.py sets it, on an emptied Redis database; yields its URL."""
    from redis import Redis

    url = redis_test_url()
    redis = Redis.from_url(url)
    redis.flushdb()
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq", "django_tasks_rq"]
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = REDIS_TASKS
    try:
        yield url
    finally:
        redis.flushdb()
        redis.close()
