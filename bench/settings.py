"""Benchmark-only settings: production-like (DEBUG off, no query logging), a SQLite copy of
its own, and Wagtail's generic API v2 mounted next to API v1 for the side-by-side."""

from media_site.settings.base import *  # noqa: F403

SECRET_KEY = "bench-only-key-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The benchmark's partner key is never the bottleneck it measures.
PARTNER_RATE_LIMIT_TIERS = {
    tier: {"label": tier, "minute": 10**9, "day": 10**9}
    for tier in ("basic", "standard", "premium")
}
PARTNER_CONCURRENT_REQUESTS = {"basic": 10**6, "standard": 10**6, "premium": 10**6}
