"""With REDIS_URL set, a purge received by one reader process reaches every other one; with
Redis gone, the purge still applies where it arrived and nothing fails."""

import json
import time
import uuid

import httpx
import pytest
from starlette.testclient import TestClient

from frontend.app import create_app
from frontend.config import ReaderConfig
from tests.api.server_processes import REDIS_URL

from .conftest import WEBHOOK_SECRET
from .fake_api import API, READER
from .test_cache_and_purge import STORY_PATH, signed

STORY_KEY = "resolve/?path=%2Ffr%2Fseries%2Fapres-la-mine%2Fepisode-2%2F"
PAYLOAD = {
    "type": "story.updated",
    "timestamp": "2026-12-04T10:00:00Z",
    "data": {"id": 22, "url": f"{READER}{STORY_PATH}", "api_url": f"{API}/stories/22/"},
}


def reader_process(fake_api, redis_url: str, channel: str):
    config = ReaderConfig(
        api_base_url=API,
        site_url=READER,
        webhook_secret=WEBHOOK_SECRET,
        cache_ttl=300,  # nothing goes stale during the test: only a purge can drop an entry
        redis_url=redis_url,
    )
    app = create_app(config, transport=httpx.MockTransport(fake_api.handler))
    app.state.broadcast.channel = channel  # one channel per test run
    return app


def wait_for(condition, seconds: float = 2.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.mark.faults
def test_a_purge_reaches_every_reader_process(fake_api):
    channel = f"terrain:test-purge:{uuid.uuid4().hex}"
    first = reader_process(fake_api, REDIS_URL, channel)
    second = reader_process(fake_api, REDIS_URL, channel)
    with (
        TestClient(first, base_url=READER) as one,
        TestClient(second, base_url=READER) as other,
    ):
        assert wait_for(first.state.broadcast.subscribed.is_set)
        assert wait_for(second.state.broadcast.subscribed.is_set)
        for client in (one, other):
            assert client.get(STORY_PATH).status_code == 200
        assert STORY_KEY in first.state.cache and STORY_KEY in second.state.cache

        # A correction is published in the CMS; its webhook reaches the first process only.
        story = fake_api.resolve[STORY_PATH]
        fake_api.resolve[STORY_PATH] = dict(story, title="Épisode 2 : le terril (corrigé)")
        assert "(corrigé)" not in other.get(STORY_PATH).text  # cached for 300 s
        body, headers = signed(PAYLOAD)
        started = time.monotonic()
        assert one.post("/_purge", content=body, headers=headers).status_code == 200
        assert STORY_KEY not in first.state.cache
        # The other process never received the webhook, and shows the correction all the same.
        assert wait_for(lambda: STORY_KEY not in second.state.cache, seconds=2.0)
        assert time.monotonic() - started < 2.0
        assert "(corrigé)" in other.get(STORY_PATH).text
        assert "(corrigé)" in one.get(STORY_PATH).text


@pytest.mark.faults
def test_without_redis_the_purge_still_applies_where_it_arrived(fake_api):
    dead = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    app = reader_process(fake_api, dead, f"terrain:test-purge:{uuid.uuid4().hex}")
    with TestClient(app, base_url=READER) as client:
        assert client.get(STORY_PATH).status_code == 200
        body, headers = signed(PAYLOAD)
        started = time.monotonic()
        response = client.post("/_purge", content=body, headers=headers)
        assert response.status_code == 200
        assert time.monotonic() - started < 1.5  # short timeouts: never waits on Redis
        assert STORY_KEY not in app.state.cache
        assert not app.state.broadcast.subscribed.is_set()
        # Pages keep being served.
        assert client.get(STORY_PATH).status_code == 200


@pytest.mark.parametrize(
    "raw",
    [b"not json", b'{"sender": "x"}', b'{"sender": "x", "payload": {"data": {"all": "yes"}}}'],
)
def test_a_malformed_broadcast_is_ignored(fake_api, raw):
    app = reader_process(fake_api, "redis://127.0.0.1:9/0", "terrain:test-purge:x")
    app.state.cache.store(STORY_KEY, None, {})
    assert app.state.broadcast.receive(raw) is False
    assert STORY_KEY in app.state.cache


def test_a_process_ignores_its_own_broadcast(fake_api):
    app = reader_process(fake_api, "redis://127.0.0.1:9/0", "terrain:test-purge:x")
    app.state.cache.store(STORY_KEY, None, {})
    own = {"sender": app.state.broadcast.sender, "payload": PAYLOAD}
    assert app.state.broadcast.receive(json.dumps(own)) is False
    other = {"sender": "another-process", "payload": PAYLOAD}
    assert app.state.broadcast.receive(json.dumps(other)) is True
    assert STORY_KEY not in app.state.cache
