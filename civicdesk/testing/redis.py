"""A Redis database of a test's own, on the local Redis (127.0.0.1:6379), emptied before and after.

Several test processes (pytest-xdist workers, two checkouts' suites at once) each take a free database by setting
a lock key in it, so none empties another's.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from redis import Redis

REDIS_TEST_DATABASES = range(8, 16)  # Redis databases the tests may use (0-7 are left to the developer)
REDIS_TEST_LOCK = "civicdesk:tests:in-use"
LOCK_SECONDS = 900  # a test process that dies leaves its database taken this long at most


@contextmanager
def redis_test_database() -> Iterator[str]:
    """Yields the URL of an emptied Redis database no other test process is using."""
    token = uuid.uuid4().hex
    for number in REDIS_TEST_DATABASES:
        url = f"redis://127.0.0.1:6379/{number}"
        redis = Redis.from_url(url)
        if redis.set(REDIS_TEST_LOCK, token, nx=True, ex=LOCK_SECONDS):
            break
        redis.close()
    else:
        raise RuntimeError(f"Every Redis test database ({REDIS_TEST_DATABASES.start}-{REDIS_TEST_DATABASES.stop - 1}) "
                           f"is in use (key {REDIS_TEST_LOCK}); wait for the other test runs or delete the keys.")
    try:
        redis.flushdb()
        redis.set(REDIS_TEST_LOCK, token, ex=LOCK_SECONDS)
        yield url
    finally:
        redis.flushdb()  # the lock key too: the database is free again
        redis.close()
