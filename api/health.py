"""Health endpoints for load balancers and orchestrators.

/healthz says the process answers (no I/O, so a slow database never gets a healthy process
killed); /readyz says whether it can serve: database, cache and media storage reachable.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

STORAGE_PROBE_NAME = "readyz-probe"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    # A round trip through the shared cache: with Redis down, get() would silently miss
    # and set() raise, so compare what comes back.
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def check_storage() -> None:
    # exists() is one HEAD request on S3 (a listing-free, write-free probe) and a stat() on disk;
    # a missing object is the normal answer, an unreachable endpoint raises.
    default_storage.exists(STORAGE_PROBE_NAME)


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    report = {}
    failing = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:
            # The error class names the failure for the operator without leaking
            # connection strings or credentials to whoever can reach the endpoint.
            logger.warning("readyz: %s is not reachable", name, exc_info=True)
            report[name] = {"status": "error", "error": type(error).__name__}
            failing.append(name)
        else:
            report[name] = {"status": "ok"}
        report[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    body = {"status": "error" if failing else "ok", "failing": failing, "checks": report}
    return JsonResponse(body, status=503 if failing else 200)
