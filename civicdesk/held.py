"""What a process keeps in its own memory for a few seconds in front of the cache (Redis, when shared): an API
client by its key, the catalog's version. A round trip fewer per API call; a change made in another process is
seen here that many seconds later, one made here at once (its signal calls forget).

A value read while something was forgotten here is not kept: that read may have begun before the change
committed, and would keep what the change replaced.
"""

import itertools
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class Held(Generic[Key, Value]):
    def __init__(self, seconds: float, most: int = 1000) -> None:
        self.seconds = seconds
        self.most = most  # past this many, start again (keys come from outside callers)
        self._values: dict[Key, tuple[float, Value]] = {}
        self._forgets = itertools.count(1)  # next() is atomic: threads forgetting at once are all counted
        self._forgotten = 0

    def get_or_read(self, key: Key, read: Callable[[], Value | None]) -> Value | None:
        """The value held for key, else read()'s, then held unless it is None or something was forgotten while it
        was read."""
        held = self._values.get(key)
        if held is not None and held[0] > time.monotonic():
            return held[1]
        read_began = self._forgotten
        value = read()
        if value is None or read_began != self._forgotten:
            return value
        if len(self._values) >= self.most:
            self._values.clear()
        self._values[key] = (time.monotonic() + self.seconds, value)
        return value

    def forget(self, key: Key | None = None) -> None:
        """Drop one value, or all of them."""
        self._forgotten = next(self._forgets)
        if key is None:
            self._values.clear()
        else:
            self._values.pop(key, None)
