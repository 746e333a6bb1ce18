"""Per-key rate limits: 429 problem+json with Retry-After, counted in the shared cache, so the
limit holds across processes (two real servers sharing Redis)."""

import subprocess
import time
from pathlib import Path

from django.test import override_settings

import httpx
import pytest

from series.models import APIKeyUsage
from tests import factories as f

from .server_processes import (
    REDIS_URL,
    database_url_for_subprocesses,
    free_port,
    process_env,
    start,
    stop,
)
from .syndication_helpers import auth

ITEMS = "/api/v1/syndication/items/"
TINY = {
    "basic": {"label": "tiny", "minute": 3, "day": 1000},
    "standard": {"label": "small", "minute": 5, "day": 1000},
    "premium": {"label": "daily", "minute": 1000, "day": 2},
}
REDIS_CACHE = {
    "default": {
        "BACKEND": "media_site.cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "terrain-tests",
    }
}


@pytest.mark.django_db
@override_settings(PARTNER_RATE_LIMIT_TIERS=TINY)
def test_over_the_limit_is_429_problem_json_with_retry_after(client):
    api_key, key = f.make_partner_key(tier="basic")
    _, other_key = f.make_partner_key(tier="basic")

    statuses = [client.get(ITEMS, **auth(key)).status_code for _ in range(3)]
    refused = client.get(ITEMS, **auth(key))

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert refused.json()["status"] == 429
    # Per key: another partner's key is not slowed down.
    assert client.get(ITEMS, **auth(other_key)).status_code == 200
    usage = APIKeyUsage.objects.get(key=api_key)
    assert (usage.requests, usage.throttled) == (3, 1)


@pytest.mark.django_db
@override_settings(PARTNER_RATE_LIMIT_TIERS=TINY)
def test_every_answer_says_how_much_of_the_limit_is_left(client):
    _, key = f.make_partner_key(tier="basic")
    answers = [client.get(ITEMS, **auth(key)) for _ in range(4)]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a["RateLimit-Limit"] for a in answers} == {"3"}
    assert all(1 <= int(a["RateLimit-Reset"]) <= 61 for a in answers)
    assert answers[-1].status_code == 429


@pytest.mark.django_db
@override_settings(PARTNER_RATE_LIMIT_TIERS=TINY)
def test_the_daily_limit_says_when_to_come_back(client):
    _, key = f.make_partner_key(tier="premium")
    assert [client.get(ITEMS, **auth(key)).status_code for _ in range(2)] == [200, 200]
    refused = client.get(ITEMS, **auth(key))
    assert refused.status_code == 429
    assert 60 < int(refused["Retry-After"]) <= 86_401


@pytest.mark.django_db
@override_settings(PARTNER_RATE_LIMIT_TIERS=TINY, CACHES=REDIS_CACHE)
def test_counts_live_in_redis_when_it_is_configured(client):
    from django.core.cache import cache

    api_key, key = f.make_partner_key(tier="basic")
    for _ in range(2):
        client.get(ITEMS, **auth(key))
    counters = [k for k in cache._cache.get_client().keys(f"terrain-tests:*{api_key.prefix}*")]
    assert counters, "the throttle did not write to Redis"


def start_server(port: int, database_url: str, log_path):
    return start(
        ["-m", "gunicorn", "media_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        process_env(database_url),
        log_path,
    )


def wait_until_up(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log_path.read_text()[-2000:]}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"server did not start: {log_path.read_text()[-2000:]}")


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_limit_holds_across_two_server_processes_sharing_redis(tmp_path):
    api_key, key = f.make_partner_key(tier="basic")
    limit = 30  # the basic tier's requests per minute
    database_url = database_url_for_subprocesses(tmp_path)
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"server-{n}.log" for n in range(2)]
    servers = [start_server(port, database_url, log) for port, log in zip(ports, logs, strict=True)]
    try:
        for port, server, log in zip(ports, servers, logs, strict=True):
            wait_until_up(port, server, log)
        # Stay inside one minute window: the count starts again at each minute.
        if time.time() % 60 > 50:
            time.sleep(61 - time.time() % 60)
        headers = {"Authorization": f"Api-Key {key}"}
        statuses = []
        with httpx.Client(timeout=10) as http:
            for n in range(limit + 4):
                port = ports[n % 2]
                response = http.get(f"http://127.0.0.1:{port}{ITEMS}?limit=1", headers=headers)
                statuses.append((port, response.status_code))
                if response.status_code == 429:
                    assert response.headers["content-type"] == "application/problem+json"
                    assert int(response.headers["retry-after"]) >= 1
    finally:
        for server in servers:
            stop(server)

    served = [port for port, status in statuses if status == 200]
    refused = [port for port, status in statuses if status == 429]
    assert len(served) == limit, statuses
    assert statuses[:limit] == [(ports[n % 2], 200) for n in range(limit)]
    # Each server alone saw only half the limit, and both refuse once it is reached.
    assert set(refused) == set(ports) and len(refused) == 4


@pytest.mark.django_db
@override_settings(PARTNER_RATE_LIMIT_TIERS=TINY)
def test_429_speaks_one_language_whatever_the_client_asks(client):
    _, key = f.make_partner_key(tier="basic")
    for _ in range(3):
        client.get(ITEMS, **auth(key))
    for language in ("fr", "en", "de"):
        refused = client.get(ITEMS, HTTP_ACCEPT_LANGUAGE=language, **auth(key)).json()
        assert refused["type"] == "urn:terrain:problem:rate-limited"
        assert refused["detail"].startswith("This key has made its 3 requests allowed")
        assert "Requête" not in refused["detail"] and "Expected" not in refused["detail"]


@pytest.mark.django_db
@override_settings(PARTNER_CONCURRENT_REQUESTS={"basic": 2, "standard": 2, "premium": 2})
def test_one_key_may_not_hold_more_than_its_concurrent_requests(client):
    """A request-per-minute count lets one key hold every web worker with slow requests: each
    key also has a number of requests in progress at once, shared by all processes."""
    from django.core.cache import cache

    api_key, key = f.make_partner_key(tier="premium")
    _, other_key = f.make_partner_key(tier="premium")
    in_flight = f"partner-inflight:{api_key.prefix}"
    cache.set(in_flight, 2, timeout=60)  # two requests of this key are being served elsewhere

    refused = client.get(ITEMS, **auth(key))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert refused.json()["detail"].startswith("This key already has 2 requests in progress")
    assert client.get(ITEMS, **auth(other_key)).status_code == 200  # others are not slowed
    assert cache.get(in_flight) == 2  # the refused request gave its slot back

    cache.set(in_flight, 1, timeout=60)  # one of them ended
    assert client.get(ITEMS, **auth(key)).status_code == 200
    # Whatever the answer, the slot is given back: success, 400, 404.
    for url in (ITEMS, ITEMS + "?limit=0", ITEMS + "999999/"):
        client.get(url, **auth(key))
    assert cache.get(in_flight) == 1
