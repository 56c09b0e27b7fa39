"""The production task backends in tests: tasks queued in the database (or in Redis) and run by the real worker
command."""

from collections.abc import Iterator
from typing import Any

from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
REDIS_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def run_task_worker() -> None:
    """`manage.py db_worker --batch`: runs every queued task (and what they queue), then returns."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


REDIS_TEST_DATABASES = range(8, 16)  # Redis databases the tests may use (0-7 are left to the developer)
REDIS_TEST_LOCK = "civicdesk:tests:in-use"


def use_redis_tasks(settings: Any) -> Iterator[str]:
    """TASK_BACKEND=rq as settings.py sets it, on an emptied Redis database of this test's own; yields its URL.

    Several test processes (pytest-xdist workers, two checkouts' suites at once) each take a free database by
    setting a lock key in it, so none empties another's.
    """
    import signal

    redis, url, token = _take_redis_database()
    redis.flushdb()
    redis.set(REDIS_TEST_LOCK, token, ex=900)
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
        redis.flushdb()  # the lock key too: the database is free again
        redis.close()


def _take_redis_database() -> tuple[Any, str, str]:
    import uuid

    from redis import Redis

    token = uuid.uuid4().hex
    for number in REDIS_TEST_DATABASES:
        url = f"redis://127.0.0.1:6379/{number}"
        redis = Redis.from_url(url)
        if redis.set(REDIS_TEST_LOCK, token, nx=True, ex=900):
            return redis, url, token
        redis.close()
    raise RuntimeError(f"Every Redis test database ({REDIS_TEST_DATABASES.start}-{REDIS_TEST_DATABASES.stop - 1}) "
                       f"is in use (key {REDIS_TEST_LOCK}); wait for the other test runs or delete the keys.")
