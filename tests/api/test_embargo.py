"""Embargo: a scheduled story reaches only partners whose key allows it, never the public API,
the public feeds or oEmbed — even though Wagtail already knows its content."""

import datetime

from django.utils import timezone

import pytest

from tests import factories as f

from .syndication_helpers import auth, isolated  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_scheduled_story_stays_out_of_every_public_exit(client):
    release = timezone.now() + datetime.timedelta(hours=6)
    scheduled = f.make_story("Sous embargo", go_live_at=release)
    f.make_story("Déjà public")
    _, embargo_key = f.make_partner_key(embargo_access=True)

    partner = client.get("/api/v1/syndication/items/", **auth(embargo_key)).json()["items"]
    assert "Sous embargo" in [item["headlines"][0]["value"] for item in partner]

    public = [
        client.get("/api/v1/stories/", {"locale": "fr"}),
        client.get("/api/v1/search/", {"q": "embargo", "locale": "fr"}),
        client.get("/api/v1/sitemap/", {"locale": "fr"}),
        client.get("/api/v1/feeds/fr/rss.xml"),
        client.get("/api/v1/feeds/fr/feed.json"),
    ]
    for response in public:
        assert response.status_code == 200
        assert "Sous embargo" not in response.content.decode()
    assert client.get(f"/api/v1/stories/{scheduled.pk}/").status_code == 404
    assert client.get("/api/v1/resolve/", {"path": "/fr/recits/sous-embargo/"}).status_code == 404
    oembed = client.get("/api/v1/oembed/", {"url": "http://reader.test/fr/recits/sous-embargo/"})
    assert oembed.status_code == 404
