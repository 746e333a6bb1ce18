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
from series.partner_access import RATE_LIMIT_TIERS

WINDOWS = (("minute", 60), ("day", 86_400))


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
            cache.add(cache_key, 0, timeout=seconds + 60)
            try:
                count = cache.incr(cache_key)
            except ValueError:  # evicted between add and incr
                cache.set(cache_key, 1, timeout=seconds + 60)
                count = 1
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
