"""What a process keeps in its own memory for a few seconds in front of the cache (Redis, when shared): an API
client by its key, the catalog's version. A round trip fewer per API call; a change made in another process is
seen here that many seconds later, one made here at once (its signal calls forget).

A value read while something was forgotten here is not kept: that read may have begun before the change
committed, and would keep what the change replaced.
"""

import itertools
import time
from collections.abc import Hashable
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

    def get(self, key: Key) -> Value | None:
        held = self._values.get(key)
        if held is not None and held[0] > time.monotonic():
            return held[1]
        return None

    def reading(self) -> int:
        """Call before reading what to keep; give the answer to keep()."""
        return self._forgotten

    def keep(self, key: Key, value: Value, read_began: int) -> None:
        if read_began != self._forgotten:  # something was forgotten while that read went on
            return
        if len(self._values) >= self.most:
            self._values.clear()
        self._values[key] = (time.monotonic() + self.seconds, value)

    def forget(self, key: Key | None = None) -> None:
        """Drop one value, or all of them."""
        self._forgotten = next(self._forgets)
        if key is None:
            self._values.clear()
        else:
            self._values.pop(key, None)
