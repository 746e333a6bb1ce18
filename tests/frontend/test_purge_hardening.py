"""The purge endpoint: replays change nothing, bodies are bounded before anything else, and a
signed payload of the wrong shape is a 400, never a 500 (issue 10, item 16)."""

import json
import time
import uuid
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from frontend.purge import MAX_BODY_BYTES, SeenMessages

from .conftest import WEBHOOK_SECRET
from .test_cache_and_purge import STORY_PATH, signed, warm  # noqa: F401 (fixture)


def sign_raw(body: str, message_id: str | None = None) -> dict:
    message_id = message_id or f"msg_{uuid.uuid4().hex}"
    stamp = int(time.time())
    signature = Webhook(WEBHOOK_SECRET).sign(
        message_id, datetime.fromtimestamp(stamp, tz=UTC), body
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": signature,
        "content-type": "application/json",
    }


def test_a_replayed_notification_changes_nothing(reader, warm):  # noqa: F811
    body, headers = signed({"type": "site.changed", "data": {"all": True}})
    first = reader.post("/_purge", content=body, headers=headers)
    assert first.status_code == 200
    assert first.text.startswith("dropped ")
    reader.get(STORY_PATH)  # the cache fills again
    before = len(warm)
    assert before > 0
    replay = reader.post("/_purge", content=body, headers=headers)
    assert replay.status_code == 200  # acknowledged: a retry by the CMS is not a failure
    assert replay.text == "already received\n"
    assert len(warm) == before


def test_an_unsigned_request_does_not_use_up_an_id(reader, warm):  # noqa: F811
    body, headers = signed({"data": {"all": True}})
    forged = {**headers, "webhook-signature": "v1,AAAA"}
    assert reader.post("/_purge", content=body, headers=forged).status_code == 401
    response = reader.post("/_purge", content=body, headers=headers)
    assert response.text.startswith("dropped ")


def test_seen_messages_are_forgotten_after_the_window_and_bounded():
    now = [0.0]
    seen = SeenMessages(window=600, max_entries=3, clock=lambda: now[0])
    assert seen.first_time("a")
    assert not seen.first_time("a")
    now[0] = 601
    assert seen.first_time("a")  # its timestamp alone now refuses it
    for name in "bcd":
        assert seen.first_time(name)
    assert len(seen._seen) == 3


def test_a_large_body_is_refused_before_its_signature_is_checked(reader, warm, monkeypatch):  # noqa: F811
    import frontend.pages

    def never(*args, **kwargs):
        raise AssertionError("verify must not run on an oversized body")

    monkeypatch.setattr(frontend.pages, "verify", never)
    before = len(warm)
    big = json.dumps({"data": {"all": True}, "padding": "x" * MAX_BODY_BYTES})
    response = reader.post("/_purge", content=big, headers=sign_raw(big))
    assert response.status_code == 413
    # Without a Content-Length (chunked), the stream is cut at the bound too.
    chunks = (big[i : i + 4096].encode() for i in range(0, len(big), 4096))
    response = reader.post("/_purge", content=chunks, headers=sign_raw(big))
    assert response.status_code == 413
    assert len(warm) == before


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        '"a string"',
        '{"data": "all"}',
        '{"data": {"all": "yes"}}',
        '{"data": {"translations": "fr"}}',
        '{"data": {"translations": [1, 2]}}',
        '{"data": {"series": ["x"]}}',
        '{"data": {"url": 42}}',
        '{"data": {"url": "http://["}}',
        '{"data": {"translations": [{"api_url": "http://[::1"}]}}',
        '{"type": 3, "data": {"all": true}}',
    ],
)
def test_a_malformed_signed_payload_is_a_400(reader, warm, body):  # noqa: F811
    before = len(warm)
    response = reader.post("/_purge", content=body, headers=sign_raw(body))
    assert response.status_code == 400, response.text
    assert response.text.startswith("invalid payload")
    assert len(warm) == before
