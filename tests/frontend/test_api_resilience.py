"""The reader site never waits on a hung API: stale copies are served within the revalidation
grace, concurrent readers of one page share one API call, and a failing API is left alone for
a while (circuit breaker) instead of being asked by every reader."""

import asyncio
import time

import httpx
import pytest

from frontend.api_client import ApiClient, ApiUnavailable
from frontend.response_cache import ResponseCache

API = "http://cms.test/api/v1"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class FakeApi:
    """A transport whose behaviour a test switches: ok, hung, down or failing."""

    def __init__(self):
        self.mode = "ok"
        self.calls = 0
        self.version = 1
        self.release = asyncio.Event()

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.mode == "hung":
            await self.release.wait()
        if self.mode == "down":
            raise httpx.ConnectError("connection refused", request=request)
        if self.mode == "failing":
            return httpx.Response(500, json={"title": "boom"})
        etag = f'"v{self.version}"'
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        await asyncio.sleep(0.01)  # a real answer takes a moment: callers overlap
        return httpx.Response(200, json={"version": self.version}, headers={"ETag": etag})


def client_for(api: FakeApi, clock=None, **options) -> ApiClient:
    clock = clock or Clock()
    return ApiClient(
        API,
        cache=ResponseCache(ttl=30, clock=clock),
        transport=httpx.MockTransport(api.handle),
        clock=clock,
        **options,
    )


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.mark.faults
def test_a_hung_api_gets_the_stale_copy_served_within_200_ms():
    async def scenario():
        api, clock = FakeApi(), Clock()
        client = client_for(api, clock, timeout=5.0, revalidate_timeout=0.1)
        assert await client.get("stories/1/") == {"version": 1}
        clock.now += 60  # stale now
        api.mode = "hung"
        started = time.monotonic()
        data = await client.get("stories/1/")
        waited = time.monotonic() - started
        api.release.set()
        await client.aclose()
        return data, waited

    data, waited = run(scenario())
    assert data == {"version": 1}
    assert waited < 0.2


def test_the_revalidation_goes_on_in_the_background_and_refreshes_the_copy():
    async def scenario():
        api, clock = FakeApi(), Clock()
        client = client_for(api, clock, revalidate_timeout=0.05)
        await client.get("stories/1/")
        clock.now += 60
        api.mode = "hung"
        api.version = 2
        assert await client.get("stories/1/") == {"version": 1}  # served stale
        api.mode = "ok"
        api.release.set()
        for _ in range(100):  # the background revalidation lands
            await asyncio.sleep(0.01)
            if client.cache.get("stories/1/").data == {"version": 2}:
                break
        fresh = await client.get("stories/1/")
        await client.aclose()
        return fresh

    assert run(scenario()) == {"version": 2}


def test_concurrent_readers_of_a_missing_page_share_one_api_call():
    async def scenario():
        api = FakeApi()
        client = client_for(api)
        results = await asyncio.gather(*(client.get("stories/1/") for _ in range(200)))
        await client.aclose()
        return api.calls, results

    calls, results = run(scenario())
    assert calls == 1
    assert all(result == {"version": 1} for result in results)


def test_a_failing_api_opens_the_circuit_then_is_tried_again():
    async def scenario():
        api, clock = FakeApi(), Clock()
        client = client_for(api, clock, failure_threshold=3, open_seconds=120)
        await client.get("stories/1/")  # cached before the failure
        api.mode = "down"
        for path in ("a/", "b/", "c/"):
            with pytest.raises(ApiUnavailable):
                await client.get(path)
        assert client.circuit_open
        calls = api.calls

        # Open: a cached page is served stale and a cold one fails at once, without a call.
        clock.now += 60
        assert await client.get("stories/1/") == {"version": 1}
        with pytest.raises(ApiUnavailable):
            await client.get("d/")
        assert api.calls == calls

        # After the pause the API is asked again, and a success closes the circuit.
        clock.now += 61
        api.mode = "ok"
        assert await client.get("d/") == {"version": 1}
        assert not client.circuit_open
        await client.aclose()

    run(scenario())


def test_a_5xx_serves_stale_and_counts_as_a_failure():
    async def scenario():
        api, clock = FakeApi(), Clock()
        client = client_for(api, clock, failure_threshold=2)
        await client.get("stories/1/")
        clock.now += 60
        api.mode = "failing"
        assert await client.get("stories/1/") == {"version": 1}
        assert await client.get("stories/1/") == {"version": 1}
        assert client.circuit_open
        await client.aclose()

    run(scenario())
