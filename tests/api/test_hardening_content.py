"""Hardening tests that need content of their own (the module world of test_hardening.py is
shared and read-only): control characters, Last-Modified, preview locale, JSON Feed text."""

import datetime
import io
import json

from django.core.management import call_command
from django.utils import timezone

import feedparser
import pytest

from stories.models import Contributor, StoryPage, Theme
from tests import factories as f

pytestmark = pytest.mark.django_db


# --- 6: control characters ----------------------------------------------------------------------


def stored_with_controls():
    """A story whose title, subtitle, author and theme carry control characters, stored the
    way older rows (or a raw import) may hold them: behind the models' back."""
    author = f.make_contributor("Jeanne Martin", slug="jeanne-martin")
    theme = f.make_theme("Énergie", slug="energie")
    story = f.make_story(
        "Titre",
        subtitle="Chapeau",
        authors=[(author, "text")],
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    story.themes.add(theme)
    story.save_revision().publish()
    StoryPage.objects.filter(pk=story.pk).update(
        title="Au pied\x0bdes terrils\x1f", subtitle="Un\x0cchapeau\x01"
    )
    Contributor.objects.filter(pk=author.pk).update(name="Jeanne\x0bMartin")
    Theme.objects.filter(pk=theme.pk).update(name="Éner\x08gie")
    # Rows changed behind the models' back send no signal: the stored documents are
    # rendered again as after such an import (docs/deploy.md).
    call_command("rebuild_documents", stdout=io.StringIO())
    return story


@pytest.mark.parametrize("filename", ["rss.xml", "atom.xml", "feed.json"])
def test_a_control_character_never_breaks_a_feed(client, filename):
    stored_with_controls()
    for path in (
        f"/api/v1/feeds/fr/{filename}",
        f"/api/v1/feeds/fr/themes/energie/{filename}",
    ):
        response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        if filename == "feed.json":
            item = json.loads(response.content)["items"][0]
            assert item["title"] == "Au pieddes terrils"
            assert item["authors"] == [{"name": "JeanneMartin"}]
        else:
            parsed = feedparser.parse(response.content)  # bozo if not well-formed XML
            assert not parsed.bozo, parsed.get("bozo_exception")
            assert parsed.entries[0].title == "Au pieddes terrils"


def test_control_characters_are_cleaned_when_content_is_saved():
    theme = f.make_theme("Éner\x0bgie")
    author = f.make_contributor("Jeanne\x0bMartin")
    story = f.make_story("Au pied\x0bdes terrils", subtitle="Un\x1fchapeau")
    theme.refresh_from_db()
    author.refresh_from_db()
    story = StoryPage.objects.get(pk=story.pk)
    assert theme.name == "Éner gie"
    assert author.name == "Jeanne Martin"
    assert story.title == "Au pied des terrils"
    assert story.subtitle == "Un chapeau"


# --- 20: JSON Feed text is plain text -------------------------------------------------------------


def test_json_feed_summary_and_content_text_are_plain_text(client):
    f.make_story(
        "Fish & chips",
        subtitle="Ni <b>gras</b> ni « mou » & c'est tout",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    item = json.loads(client.get("/api/v1/feeds/fr/feed.json").content)["items"][0]
    assert item["summary"] == "Ni <b>gras</b> ni « mou » & c'est tout"
    assert item["content_text"] == item["summary"]
    assert item["title"] == "Fish & chips"
    # RSS and Atom carry HTML in description/summary: there the text is escaped once.
    rss = feedparser.parse(client.get("/api/v1/feeds/fr/rss.xml").content)
    assert rss.entries[0].summary == "Ni &lt;b&gt;gras&lt;/b&gt; ni « mou » &amp; c&#x27;est tout"


# --- 13: Last-Modified tells nothing of hidden pages ---------------------------------------------


@pytest.mark.parametrize("how", ["restricted", "future", "unpublished"])
def test_last_modified_of_a_list_ignores_pages_the_public_cannot_see(client, how):
    from django.utils.http import http_date

    from wagtail.models import Page

    public_time = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)
    secret_time = datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    f.make_story("Public")
    hidden = f.hide(f.make_story("Caché"), how)
    Page.objects.update(last_published_at=public_time)
    Page.objects.filter(pk=hidden.pk).update(
        last_published_at=secret_time, live=how != "unpublished"
    )

    # A list with nothing to show falls back to the site's last change.
    response = client.get("/api/v1/stories/", {"q": "introuvable"})
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(public_time.timestamp())
