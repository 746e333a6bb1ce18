"""Every item of the demo content, as partners receive it, is valid against the standards."""

import json

from django.core.management import call_command
from django.test import override_settings

import feedparser
import pytest

from stories.models import StoryPage
from tests import factories as f

from .syndication_helpers import (  # noqa: F401
    assert_valid_jsonfeed,
    assert_valid_ninjs,
    auth,
    isolated,
)

pytestmark = pytest.mark.django_db


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_every_demo_item_is_valid_ninjs_and_every_feed_parses(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _, key = f.make_partner_key()
    # A new partner is chosen by no story: it gets exactly the stories open to all partners.
    open_to_partners = StoryPage.objects.visible().filter(syndication="all").count()
    assert open_to_partners >= 20

    items = []
    for locale in ("fr", "en"):
        body = client.get(
            "/api/v1/syndication/items/", {"limit": 100, "locale": locale}, **auth(key)
        ).json()
        items += body["items"]
    assert len(items) == open_to_partners
    for item in items:
        assert_valid_ninjs(item)
    assert {item["language"] for item in items} == {"fr", "en"}
    assert any(item.get("associations") for item in items)

    changes = client.get(
        "/api/v1/syndication/items/", {"since": "2000-01-01T00:00:00Z"}, **auth(key)
    )
    for item in changes.json()["items"]:
        assert_valid_ninjs(item)

    for locale in ("fr", "en"):
        for name in ("rss.xml", "atom.xml"):
            parsed = feedparser.parse(client.get(f"/api/v1/feeds/{locale}/{name}").content)
            assert not parsed.bozo, parsed.get("bozo_exception")
            assert parsed.entries
        assert_valid_jsonfeed(json.loads(client.get(f"/api/v1/feeds/{locale}/feed.json").content))
    for name in ("rss.xml", "atom.xml"):
        response = client.get(f"/api/v1/syndication/feeds/{name}", **auth(key))
        assert not feedparser.parse(response.content).bozo
    partner_json = client.get("/api/v1/syndication/feeds/feed.json", **auth(key))
    assert_valid_jsonfeed(json.loads(partner_json.content))
