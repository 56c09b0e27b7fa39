"""The per-minute count behind the 429s, in the process's memory and in a shared Redis (several web processes)."""

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache, caches
from redis import Redis
from redis.client import Pipeline

from civicdesk.open311 import services
from civicdesk.open311.services import RateLimited, check_rate_limit
from civicdesk.testing.redis import redis_test_database

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=["local memory", "redis"])
def shared_cache(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    if request.param == "redis":
        with redis_test_database() as url:
            settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
            yield url
    else:
        settings.CACHES = LOCAL
        yield ""
    cache.clear()


def test_the_limit_counts_every_request_of_the_minute(shared_cache: str, settings: Any) -> None:
    settings.OPEN311_ANONYMOUS_PER_MINUTE = 3
    with mock.patch.object(services.time, "time", return_value=600.0):
        for _ in range(3):
            check_rate_limit(None, "203.0.113.5")
        with pytest.raises(RateLimited) as refused:
            check_rate_limit(None, "203.0.113.5")
        check_rate_limit(None, "203.0.113.6")  # another address, its own count
    assert refused.value.retry_after == 60
    with mock.patch.object(services.time, "time", return_value=660.0):
        check_rate_limit(None, "203.0.113.5")  # a new minute


def test_two_first_requests_at_once_are_both_counted(settings: Any) -> None:
    """In local memory: both find no count; one starts it, the other (its add refused) counts on it. (In Redis the
    count starts and grows in one MULTI/EXEC: no such moment; below.)"""
    settings.CACHES = LOCAL
    settings.OPEN311_ANONYMOUS_PER_MINUTE = 2
    real_add = cache.add

    def racing_add(key: str, value: int, timeout: int) -> bool:
        assert real_add(key, value, timeout)  # the other request started the window first
        return bool(real_add(key, value, timeout))  # so this one's add is refused

    with (mock.patch.object(services.time, "time", return_value=600.0),
          mock.patch.object(services.cache, "add", side_effect=racing_add) as add):
        check_rate_limit(None, "203.0.113.7")
    assert add.call_count == 1
    with mock.patch.object(services.time, "time", return_value=600.0), pytest.raises(RateLimited):
        check_rate_limit(None, "203.0.113.7")  # 1 (the other) + 1 (this one) + this third request


def test_on_redis_each_request_is_counted_in_one_round_trip(settings: Any) -> None:
    """Django's cache.incr asks Redis whether the key exists first; the count is one MULTI/EXEC instead, which
    also gives the minute's key its expiry."""
    with redis_test_database() as url:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
        settings.OPEN311_ANONYMOUS_PER_MINUTE = 2
        with (mock.patch.object(Pipeline, "execute", autospec=True, side_effect=Pipeline.execute) as pipelines,
              mock.patch.object(Redis, "execute_command", autospec=True, side_effect=Redis.execute_command) as alone,
              mock.patch.object(services.time, "time", return_value=600.0)):
            check_rate_limit(None, "203.0.113.8")
            check_rate_limit(None, "203.0.113.8")
            with pytest.raises(RateLimited):
                check_rate_limit(None, "203.0.113.8")
        assert (pipelines.call_count, alone.call_count) == (3, 0)
        key = caches["default"].make_and_validate_key("open311:rate:ip:203.0.113.8:10")
        assert cache.get("open311:rate:ip:203.0.113.8:10") == 3  # read back through the cache as it stores it
        assert 60 < Redis.from_url(url).ttl(key) <= 120
        cache.clear()
