"""The reader site's in-process cache of API responses, revalidated with ETags.

An entry is served as-is while fresh; once stale it is revalidated with If-None-Match, so an
unchanged object costs the API a 304 and the reader site no JSON parsing. Purge notifications
drop entries at once so a correction is visible without waiting for staleness.
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class CachedResponse:
    etag: str | None
    data: Any
    stored_at: float


class ResponseCache:
    def __init__(self, ttl: float = 30.0, max_entries: int = 1024, clock=time.monotonic):
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def keys(self) -> list[str]:
        return list(self._entries)

    def get(self, key: str) -> CachedResponse | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def is_fresh(self, entry: CachedResponse) -> bool:
        return self.clock() - entry.stored_at < self.ttl

    def store(self, key: str, etag: str | None, data: Any) -> None:
        self._entries[key] = CachedResponse(etag=etag, data=data, stored_at=self.clock())
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def touch(self, key: str) -> None:
        """A 304 proved the entry current: it is fresh again."""
        entry = self._entries.get(key)
        if entry is not None:
            entry.stored_at = self.clock()

    def drop(self, predicate: Callable[[str], bool]) -> int:
        doomed = [key for key in self._entries if predicate(key)]
        for key in doomed:
            del self._entries[key]
        return len(doomed)

    def clear(self) -> int:
        count = len(self._entries)
        self._entries.clear()
        return count
