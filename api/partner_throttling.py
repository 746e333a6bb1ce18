"""Per-key rate limits, counted in the shared cache so every web process sees one count.

DRF's SimpleRateThrottle keeps a list of timestamps and writes it back (read-modify-write): two
processes can both read the same list and both let a request through. A fixed window counter
with the cache's atomic `incr` (Redis INCR in production) cannot lose an increment.
"""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from series.models import PartnerAPIKey
from series.partner_access import CONCURRENT_REQUESTS, RATE_LIMIT_TIERS

WINDOWS = (("minute", 60), ("day", 86_400))


def count_up(cache_key: str, timeout: int) -> int:
    """Atomic increment of a shared counter, created at zero if absent."""
    cache.add(cache_key, 0, timeout=timeout)
    try:
        return cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=timeout)
        return 1


def tier_limits(tier: str) -> dict:
    # A settings override lets an operator (or a test) tighten a tier without a migration.
    tiers = getattr(settings, "PARTNER_RATE_LIMIT_TIERS", None) or RATE_LIMIT_TIERS
    return tiers.get(tier) or tiers["basic"]


class PartnerKeyRateThrottle(BaseThrottle):
    def __init__(self):
        self._wait = None

    def allow_request(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, PartnerAPIKey):
            return True
        limits = tier_limits(api_key.tier)
        now = time.time()
        tightest = None
        for window, seconds in WINDOWS:
            bucket = int(now // seconds)
            cache_key = f"partner-rate:{api_key.prefix}:{window}:{bucket}"
            count = count_up(cache_key, timeout=seconds + 60)
            reset = max(1, int((bucket + 1) * seconds - now) + 1)
            remaining = max(0, limits[window] - count)
            if tightest is None or remaining < tightest[1]:
                tightest = (limits[window], remaining, reset)
            # Told on every answer (RateLimit-* headers): the window closest to its limit.
            request.rate_limit = tightest
            if count > limits[window]:
                self._wait = reset
                return False
        return True

    def wait(self):
        return self._wait


def concurrency_limit(tier: str) -> int:
    limits = getattr(settings, "PARTNER_CONCURRENT_REQUESTS", None) or CONCURRENT_REQUESTS
    return limits.get(tier) or limits["basic"]


# A process killed mid-request never gives its slot back: the count expires on its own.
IN_FLIGHT_TIMEOUT = 120


class PartnerKeyConcurrencyThrottle(BaseThrottle):
    """At most N requests of one key at a time, counted in the shared cache across processes.
    The slot is given back when the view finishes (PartnerAPIView.dispatch), whatever happens.
    """

    def allow_request(self, request, view):
        api_key = request.auth
        if not isinstance(api_key, PartnerAPIKey):
            return True
        cache_key = f"partner-inflight:{api_key.prefix}"
        count = count_up(cache_key, timeout=IN_FLIGHT_TIMEOUT)
        request.in_flight_key = cache_key
        if count > concurrency_limit(api_key.tier):
            request.concurrency_exceeded = concurrency_limit(api_key.tier)
            return False
        return True

    def wait(self):
        return 1


def release(request) -> None:
    cache_key = getattr(request, "in_flight_key", None)
    if cache_key is None:
        return
    request.in_flight_key = None
    try:
        if cache.decr(cache_key) < 0:
            cache.set(cache_key, 0, timeout=IN_FLIGHT_TIMEOUT)
    except ValueError:  # expired meanwhile: nothing to give back
        pass
