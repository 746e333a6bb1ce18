"""A Redis cache that is an accelerator, never a dependency.

With a stopped Redis every cache call raises, and with a frozen one each call waits for
redis-py's socket timeout: either way a cached view stops serving. This backend gives Redis
short timeouts and, on the first connection error or timeout, opens a circuit: for
`CIRCUIT_SECONDS` every call goes to a per-process local-memory cache instead, without
touching Redis, then one call tries Redis again. Counters kept meanwhile (throttles, the
refused-key limiter) are per process: the documented safe local rule (docs/deploy.md).
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

CIRCUIT_SECONDS = 10.0
# Short enough that a frozen Redis costs a request a fraction of a second, once per circuit.
DEFAULT_SOCKET_TIMEOUT = 0.25


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.circuit_seconds = float(options.pop("CIRCUIT_SECONDS", CIRCUIT_SECONDS))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("retry_on_timeout", False)
        super().__init__(server, {**params, "OPTIONS": options})
        self.local = LocMemCache(f"fail-open-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_degraded(self) -> bool:
        return time.monotonic() < self._open_until

    def _call(self, name, *args, **kwargs):
        import redis

        if self.is_degraded:
            return getattr(self.local, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
            with self._lock:
                first = not self.is_degraded
                self._open_until = time.monotonic() + self.circuit_seconds
            if first:
                # Logged once per circuit, not once per request.
                logger.warning(
                    "Redis unreachable (%s): local cache for %.0f s",
                    type(error).__name__,
                    self.circuit_seconds,
                )
            return getattr(self.local, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
