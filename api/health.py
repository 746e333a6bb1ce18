"""Health endpoints for load balancers, orchestrators and monitoring.

/healthz says the process answers (no I/O, so a slow database never gets a healthy process
killed). /readyz says whether it can serve: database and media storage reachable; the cache
is an accelerator, so a Redis that is down is reported as degraded, never as not ready. Each
check runs in its own thread and /readyz answers within READY_DEADLINE_SECONDS whatever
hangs. /readyz/background says whether the worker takes tasks and the scheduler ticks, for
monitoring rather than for a load balancer (a web process serves without them).
"""

import datetime
import logging
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

STORAGE_PROBE_NAME = "readyz-probe"
READY_DEADLINE_SECONDS = 0.9
BACKGROUND_STALE_AFTER = datetime.timedelta(minutes=3)


def check_database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # The check runs in a thread of its own: its connection must not outlive it.
        connection.close()


def check_cache() -> str:
    # A round trip through the shared cache: with Redis down, the fail-open backend answers
    # from local memory and says so.
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)
    return "degraded" if getattr(cache, "is_degraded", False) else "ok"


def check_storage() -> None:
    # exists() is one HEAD request on S3 (a listing-free, write-free probe) and a stat() on disk;
    # a missing object is the normal answer, an unreachable endpoint raises.
    default_storage.exists(STORAGE_PROBE_NAME)


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}
# What a process cannot serve without; anything else only degrades it.
REQUIRED = {"database", "storage"}


# One long-lived thread per dependency: its clients (boto3, Redis pools) are made once, and a
# probe that hangs is never stacked behind: the next /readyz waits on the same one.
_probe_threads: dict[str, ThreadPoolExecutor] = {}
_probes_in_flight: dict[str, Future] = {}
_probes_lock = threading.Lock()


def _timed(name: str, check) -> dict:
    started = time.perf_counter()
    try:
        status = check() or "ok"
    except Exception as error:
        # The error class names the failure for the operator without leaking
        # connection strings or credentials to whoever can reach the endpoint.
        logger.warning("readyz: %s is not reachable", name, exc_info=True)
        result = {"status": "error", "error": type(error).__name__}
    else:
        result = {"status": status}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def run_checks(checks: dict) -> dict:
    """Run every check at once; one that has not answered by the deadline is reported as a
    timeout (it finishes on its own, and a later /readyz reads its answer)."""
    futures = {}
    with _probes_lock:
        for name, check in checks.items():
            future = _probes_in_flight.get(name)
            if future is None or future.done():
                if name not in _probe_threads:
                    _probe_threads[name] = ThreadPoolExecutor(1, f"readyz-{name}")
                future = _probe_threads[name].submit(_timed, name, check)
                _probes_in_flight[name] = future
            futures[name] = future
    wait(futures.values(), timeout=READY_DEADLINE_SECONDS)
    return {
        name: future.result() if future.done() else {"status": "error", "error": "Timeout"}
        for name, future in futures.items()
    }


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    report = run_checks(CHECKS)
    failing = [name for name in REQUIRED if report[name]["status"] == "error"]
    failing.sort(key=list(CHECKS).index)
    degraded = [
        name for name, check in report.items() if name not in failing and check["status"] != "ok"
    ]
    status = "error" if failing else "degraded" if degraded else "ok"
    body = {"status": status, "failing": failing, "degraded": degraded, "checks": report}
    return JsonResponse(body, status=503 if failing else 200)


def background_report(now: datetime.datetime | None = None) -> dict:
    """Is the worker taking tasks, is the scheduler ticking? Read from the task queue itself,
    so it needs no heartbeat of its own and holds for any number of worker processes."""
    from django.db.models import Q

    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    cutoff = now - BACKGROUND_STALE_AFTER
    waiting = DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    ticks = DBTaskResult.objects.filter(task_path=settings.SCHEDULED_TASKS[0])
    last_tick = ticks.order_by("-enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "worker": {
            "status": "stale" if oldest else "ok",
            "oldest_waiting_task": oldest.isoformat() if oldest else None,
        },
        "scheduler": {
            "status": "ok" if last_tick and last_tick >= cutoff else "stale",
            "last_tick": last_tick.isoformat() if last_tick else None,
        },
    }


@never_cache
@require_safe
def readyz_background(request):
    report = background_report()
    failing = [name for name, check in report.items() if check["status"] != "ok"]
    body = {"status": "error" if failing else "ok", "failing": failing, "checks": report}
    return JsonResponse(body, status=503 if failing else 200)
