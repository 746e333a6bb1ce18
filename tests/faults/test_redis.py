"""Redis is an accelerator, never a dependency: killed or frozen under a running CMS, the API
and the partner feed keep answering (no 500, each answer within 2 s), /healthz never touches
it and /readyz answers within its deadline; when Redis comes back nothing needs a restart."""

import time

import httpx
import pytest

pytestmark = [pytest.mark.live, pytest.mark.faults]

API_DEADLINE = 2.0
READY_DEADLINE = 1.5  # READY_DEADLINE_SECONDS is 1 s; the rest is HTTP on a busy machine


def round_of_requests(stack, partner_requests: int = 4) -> list[tuple[str, int, float]]:
    """(what, status, seconds) for a round of reader, partner and probe requests."""
    headers = {"Authorization": f"Api-Key {stack['key']}"}
    calls = [("stories", "/api/v1/stories/?locale=fr", {})] * 6
    calls += [("story", f"/api/v1/stories/{stack['story']}/", {})] * 3
    calls += [("partner", "/api/v1/syndication/items/", headers)] * partner_requests
    calls += [("healthz", "/healthz", {}), ("readyz", "/readyz", {})]
    answers = []
    with httpx.Client(base_url=stack["url"], timeout=10) as client:
        for what, path, extra in calls:
            started = time.monotonic()
            status = client.get(path, headers=extra).status_code
            answers.append((what, status, time.monotonic() - started))
    return answers


def assert_served(answers, *, ready_status: set[int]):
    for what, status, seconds in answers:
        if what == "readyz":
            assert status in ready_status, answers
            assert seconds < READY_DEADLINE, (what, seconds)
            continue
        assert status == 200, (what, status, answers)
        assert seconds < API_DEADLINE, (what, seconds)


def test_redis_killed_then_frozen_never_gives_500_nor_waits(stack, redis_server):
    assert_served(round_of_requests(stack), ready_status={200})

    redis_server.kill()
    assert_served(round_of_requests(stack), ready_status={200, 503})

    redis_server.start()  # back on the same port
    time.sleep(0.5)
    assert_served(round_of_requests(stack), ready_status={200, 503})

    redis_server.freeze()  # the process is there but never answers
    try:
        assert_served(round_of_requests(stack), ready_status={200, 503})
    finally:
        redis_server.thaw()
    # Recovered without a restart: the probe says ready again within its retry pause.
    deadline = time.monotonic() + 15
    while httpx.get(f"{stack['url']}/readyz", timeout=5).status_code != 200:
        assert time.monotonic() < deadline, "readyz never recovered after Redis came back"
        time.sleep(0.5)
    assert stack["web"].process.poll() is None  # gunicorn never restarted
