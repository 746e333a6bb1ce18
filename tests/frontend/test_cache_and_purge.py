"""API responses cached in process, revalidated with ETags, purged by a signed notification."""

import json
import time
import uuid

import httpx
import pytest
from standardwebhooks.webhooks import Webhook
from starlette.testclient import TestClient

from frontend.api_client import cache_key
from frontend.app import create_app
from frontend.config import ReaderConfig
from frontend.response_cache import ResponseCache

from .conftest import WEBHOOK_SECRET
from .fake_api import API, READER

STORY_PATH = "/fr/series/apres-la-mine/episode-2/"
SERIES_URL = f"{READER}/fr/series/apres-la-mine/"


def signed(payload: dict, secret: str = WEBHOOK_SECRET, timestamp: float | None = None):
    body = json.dumps(payload)
    message_id = f"msg_{uuid.uuid4().hex}"
    stamp = int(timestamp if timestamp is not None else time.time())
    from datetime import UTC, datetime

    signature = Webhook(secret).sign(message_id, datetime.fromtimestamp(stamp, tz=UTC), body)
    headers = {
        "webhook-id": message_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": signature,
        "content-type": "application/json",
    }
    return body, headers


def test_cache_key_is_stable_and_ignores_empty_parameters():
    assert cache_key("/stories/", {"locale": "fr", "series": 3, "theme": ""}) == (
        "stories/?locale=fr&series=3"
    )
    assert cache_key("stories/", {"series": 3, "locale": "fr"}) == "stories/?locale=fr&series=3"


def test_response_cache_is_bounded_and_least_recently_used_goes_first():
    cache = ResponseCache(ttl=60, max_entries=2)
    cache.store("a", None, 1)
    cache.store("b", None, 2)
    cache.get("a")
    cache.store("c", None, 3)
    assert cache.keys() == ["a", "c"]


def test_stale_entries_are_revalidated_with_if_none_match(reader, fake_api):
    reader.get(STORY_PATH)
    first = fake_api.requests[0]
    assert "if-none-match" not in first.headers
    fake_api.requests.clear()
    reader.get(STORY_PATH)  # ttl is 0 in tests: every use revalidates
    resolve = next(r for r in fake_api.requests if "resolve" in r.url.path)
    assert resolve.headers["if-none-match"].startswith('"')


def test_a_304_reuses_the_cached_body(reader_app, reader, fake_api):
    reader.get(STORY_PATH)
    statuses = []
    original = fake_api.handler

    def recording(request):
        response = original(request)
        statuses.append(response.status_code)
        return response

    reader_app.state.api._http._transport = httpx.MockTransport(recording)
    response = reader.get(STORY_PATH)
    assert response.status_code == 200 and "Épisode 2 : le terril" in response.text
    assert statuses and set(statuses) == {304}


def test_fresh_entries_are_served_without_calling_the_api(fake_api):
    config = ReaderConfig(api_base_url=API, site_url=READER, cache_ttl=300)
    app = create_app(config, transport=httpx.MockTransport(fake_api.handler))
    with TestClient(app, base_url=READER) as client:
        client.get(STORY_PATH)
        calls = len(fake_api.requests)
        client.get(STORY_PATH)
        assert len(fake_api.requests) == calls


def test_stale_content_is_served_when_the_api_goes_down_after_caching(reader, fake_api):
    reader.get(STORY_PATH)
    fake_api.down = True
    response = reader.get(STORY_PATH)
    assert response.status_code == 200
    assert "Épisode 2 : le terril" in response.text


def test_concurrent_calls_for_one_page(reader, fake_api):
    reader.get("/fr/territoires/loos-en-gohelle/")
    assert sorted(fake_api.paths()) == sorted(
        ["territories/loos-en-gohelle/", "stories/", "series/", "territories/"]
    )


@pytest.fixture
def warm(reader_app, reader):
    for path in (
        "/fr/",
        STORY_PATH,
        "/fr/series/apres-la-mine/",
        "/fr/territoires/loos-en-gohelle/",
    ):
        assert reader.get(path).status_code == 200
    return reader_app.state.cache


def test_purge_drops_what_the_notification_concerns(reader, warm):
    assert "resolve/?path=%2Ffr%2Fseries%2Fapres-la-mine%2Fepisode-2%2F" in warm
    assert "resolve/?path=%2Ffr%2Fseries%2Fapres-la-mine%2F" in warm
    payload = {
        "type": "page.published",
        "timestamp": "2025-05-14T10:00:00Z",
        "data": {
            "id": 22,
            "type": "story",
            "url": f"{READER}{STORY_PATH}",
            "api_url": f"{API}/stories/22/",
            "series": {"url": f"{READER}/fr/series/apres-la-mine/", "api_url": f"{API}/series/10/"},
        },
    }
    body, headers = signed(payload)
    response = reader.post("/_purge", content=body, headers=headers)
    assert response.status_code == 200
    assert "resolve/?path=%2Ffr%2Fseries%2Fapres-la-mine%2Fepisode-2%2F" not in warm
    assert "resolve/?path=%2Ffr%2Fseries%2Fapres-la-mine%2F" not in warm
    assert not any(
        key.startswith(("home/", "stories/", "territories/")) for key in list(warm.keys())
    )


def test_purge_with_the_payload_the_cms_sends(reader, warm):
    """The shape api/webhook_delivery.py sends (story.published, translations, series)."""
    payload = {
        "type": "story.updated",
        "timestamp": "2025-05-14T10:00:00Z",
        "data": {
            "type": "story",
            "id": 22,
            "locale": "fr",
            "url": f"{READER}{STORY_PATH}",
            "api_url": f"{API}/stories/22/",
            "title": "Épisode 2 : le terril",
            "translations": [
                {
                    "id": 122,
                    "locale": "en",
                    "url": f"{READER}/en/series/after-the-mine/episode-2/",
                    "api_url": f"{API}/stories/122/",
                }
            ],
            "series": {"id": 10, "locale": "fr", "url": SERIES_URL, "api_url": f"{API}/series/10/"},
            "all": False,
            "uri": "urn:terrain:story:22",
        },
    }
    warm.store("resolve/?path=%2Fen%2Fseries%2Fafter-the-mine%2Fepisode-2%2F", None, {})
    warm.store("stories/122/", None, {})
    warm.store("stories/99/", None, {})
    body, headers = signed(payload)
    assert reader.post("/_purge", content=body, headers=headers).status_code == 200
    keys = list(warm.keys())
    assert not any("episode-2" in key for key in keys)
    assert "stories/122/" not in keys
    assert "resolve/?path=%2Ffr%2Fseries%2Fapres-la-mine%2F" not in keys
    assert "stories/99/" in keys


def test_purge_keeps_unrelated_details(reader, warm):
    warm.store("stories/99/", '"x"', {"id": 99})
    body, headers = signed({"type": "page.unpublished", "data": {"url": f"{READER}{STORY_PATH}"}})
    assert reader.post("/_purge", content=body, headers=headers).status_code == 200
    assert "stories/99/" in warm


def test_a_correction_is_visible_at_once_after_the_purge(fake_api):
    config = ReaderConfig(
        api_base_url=API, site_url=READER, cache_ttl=3600, webhook_secret=WEBHOOK_SECRET
    )
    app = create_app(config, transport=httpx.MockTransport(fake_api.handler))
    from .fake_api import STORY

    with TestClient(app, base_url=READER) as client:
        assert "Épisode 2 : le terril" in client.get(STORY_PATH).text
        fake_api.resolve[STORY_PATH] = dict(STORY, title="Épisode 2 : le terril (corrigé)")
        assert "(corrigé)" not in client.get(STORY_PATH).text  # still cached
        body, headers = signed({"type": "page.published", "data": {"url": f"{READER}{STORY_PATH}"}})
        assert client.post("/_purge", content=body, headers=headers).status_code == 200
        assert "(corrigé)" in client.get(STORY_PATH).text


def test_purge_everything(reader, warm):
    body, headers = signed({"type": "site.changed", "data": {"all": True}})
    assert reader.post("/_purge", content=body, headers=headers).status_code == 200
    assert len(warm) == 0


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body, headers: (body + " ", headers),
        lambda body, headers: (body, {**headers, "webhook-id": "msg_other"}),
        lambda body, headers: (body, {**headers, "webhook-signature": "v1,AAAA"}),
        lambda body, headers: (body, {**headers, "webhook-signature": "garbage"}),
        lambda body, headers: (body, {k: v for k, v in headers.items() if k != "webhook-id"}),
    ],
)
def test_purge_refuses_a_bad_signature(reader, warm, tamper):
    before = len(warm)
    body, headers = tamper(*signed({"type": "page.published", "data": {"all": True}}))
    response = reader.post("/_purge", content=body, headers=headers)
    assert response.status_code == 401
    assert len(warm) == before


def test_purge_refuses_an_old_timestamp_and_a_wrong_secret(reader, warm):
    body, headers = signed({"data": {"all": True}}, timestamp=time.time() - 3600)
    assert reader.post("/_purge", content=body, headers=headers).status_code == 401
    body, headers = signed({"data": {"all": True}}, secret="whsec_" + "b3RoZXItc2VjcmV0")
    assert reader.post("/_purge", content=body, headers=headers).status_code == 401
    assert len(warm) > 0


def test_purge_is_refused_when_no_secret_is_configured(fake_api):
    app = create_app(
        ReaderConfig(api_base_url=API, site_url=READER, webhook_secret=""),
        transport=httpx.MockTransport(fake_api.handler),
    )
    body, headers = signed({"data": {"all": True}})
    with TestClient(app, base_url=READER) as client:
        assert client.post("/_purge", content=body, headers=headers).status_code == 401


def test_purge_accepts_only_post(reader):
    assert reader.get("/_purge").status_code in (404, 405)


def test_a_raw_secret_is_accepted_as_the_hmac_key(fake_api):
    app = create_app(
        ReaderConfig(api_base_url=API, site_url=READER, webhook_secret="plain-shared-secret"),
        transport=httpx.MockTransport(fake_api.handler),
    )
    body = json.dumps({"data": {"all": True}})
    stamp = int(time.time())
    from datetime import UTC, datetime

    signature = Webhook(b"plain-shared-secret").sign(
        "msg_1", datetime.fromtimestamp(stamp, tz=UTC), body
    )
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(stamp),
        "webhook-signature": signature,
    }
    with TestClient(app, base_url=READER) as client:
        assert client.post("/_purge", content=body, headers=headers).status_code == 200
