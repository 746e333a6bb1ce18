"""Public and partner feeds: RSS 2.0 + Media RSS, Atom 1.0, JSON Feed 1.1."""

import datetime
import json

from django.utils import timezone

from wagtail.rich_text import RichText

import feedparser
import pytest

from tests import factories as f

from .syndication_helpers import assert_valid_jsonfeed, auth, isolated  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    region = f.make_territory("Hauts-de-France", kind="region", slug="hauts-de-france")
    town = f.make_territory("Loos-en-Gohelle", parent=region, slug="loos-en-gohelle")
    energy = f.make_theme("Énergie", slug="energie")
    author = f.make_contributor("Jeanne Martin", slug="jeanne-martin")
    photographer = f.make_contributor("Ali Benali", slug="ali-benali")
    series = f.make_series("Bassin minier", slug="bassin-minier")
    image = f.make_image("Terril", credit="Photo : Ali Benali")
    episode = f.make_story(
        "Au pied des terrils",
        parent=series,
        territory=town,
        lead_image=image,
        authors=[(author, "text"), (photographer, "photo")],
        body=[("paragraph", RichText("<p>Le texte intégral, réservé aux partenaires.</p>"))],
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    episode.themes.add(energy)
    episode.save_revision().publish()
    standalone = f.make_story(
        "Hors série", published_at=timezone.now() - datetime.timedelta(days=1)
    )
    draft = f.make_story("Brouillon", publish=False)
    embargoed = f.make_story("Sous embargo", go_live_at=timezone.now() + datetime.timedelta(days=1))
    return {
        "episode": episode,
        "standalone": standalone,
        "draft": draft,
        "embargoed": embargoed,
        "series": series,
    }


def parse(response):
    assert response.status_code == 200, response.content[:500]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def test_rss_carries_media_rss_and_dc_creator(client, content):
    response = client.get("/api/v1/feeds/fr/rss.xml")
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = parse(response)

    assert parsed.version == "rss20"
    assert parsed.feed.title == "Terrain — Tous les récits"
    assert parsed.feed.link == "http://reader.test/fr/"
    assert parsed.feed.language == "fr"
    assert titles(parsed) == ["Hors série", "Au pied des terrils"]
    entry = parsed.entries[1]
    assert entry.link == "http://reader.test/fr/series/bassin-minier/au-pied-des-terrils/"
    assert entry.id == f"urn:terrain:story:{content['episode'].translation_key}:fr"
    assert entry.published_parsed is not None
    assert entry.summary == "Chapeau de « Au pied des terrils »."
    assert "Le texte intégral" not in response.content.decode()
    creators = response.content.decode().count("<dc:creator>")
    assert creators == 2
    assert entry.author  # feedparser maps dc:creator to author
    media = entry.media_content[0]
    assert media["url"].startswith("http://testserver/") and media["medium"] == "image"
    assert entry.media_credit[0]["content"] == "Photo : Ali Benali"
    assert [tag.term for tag in entry.tags] == ["Énergie"]


def test_atom_has_the_rfc_4287_elements(client, content):
    response = client.get("/api/v1/feeds/fr/atom.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = parse(response)

    assert parsed.version == "atom10"
    assert parsed.feed.id and parsed.feed.updated and parsed.feed.author == "Terrain"
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == ["http://testserver/api/v1/feeds/fr/atom.xml"]
    for entry in parsed.entries:
        assert entry.id.startswith("urn:terrain:story:")
        assert entry.updated_parsed is not None
        assert entry.title
        rels = {link.rel: link.href for link in entry.links}
        assert rels["alternate"].startswith("http://reader.test/fr/")
        assert rels["self"].startswith("http://testserver/api/v1/stories/")
    episode = next(e for e in parsed.entries if e.title == "Au pied des terrils")
    assert [a.name for a in episode.authors] == ["Jeanne Martin", "Ali Benali"]


def test_json_feed_is_valid_against_the_schema(client, content):
    response = client.get("/api/v1/feeds/fr/feed.json")
    assert response["Content-Type"] == "application/feed+json"
    document = json.loads(response.content)
    assert_valid_jsonfeed(document)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == "http://testserver/api/v1/feeds/fr/feed.json"
    assert [item["title"] for item in document["items"]] == ["Hors série", "Au pied des terrils"]
    episode = document["items"][1]
    assert episode["authors"] == [{"name": "Jeanne Martin"}, {"name": "Ali Benali"}]
    assert episode["image"].startswith("http://testserver/")
    assert "content_html" not in episode


@pytest.mark.parametrize("filename", ["rss.xml", "atom.xml", "feed.json"])
def test_feeds_per_series_territory_and_theme(client, content, filename):
    for path in ("series/bassin-minier", "territories/hauts-de-france", "themes/energie"):
        response = client.get(f"/api/v1/feeds/fr/{path}/{filename}")
        assert response.status_code == 200, path
        if filename == "feed.json":
            document = json.loads(response.content)
            assert_valid_jsonfeed(document)
            assert [item["title"] for item in document["items"]] == ["Au pied des terrils"]
        else:
            assert titles(parse(response)) == ["Au pied des terrils"], path


def test_no_feed_carries_drafts_or_embargoed_stories(client, content):
    _, key = f.make_partner_key(embargo_access=True)
    responses = [
        client.get(f"/api/v1/feeds/fr/{name}") for name in ("rss.xml", "atom.xml", "feed.json")
    ] + [
        client.get(f"/api/v1/syndication/feeds/{name}", **auth(key))
        for name in ("rss.xml", "atom.xml", "feed.json")
    ]
    for response in responses:
        body = response.content.decode()
        assert response.status_code == 200
        assert "Au pied des terrils" in body
        assert "Brouillon" not in body
        assert "Sous embargo" not in body


def test_english_feed_is_empty_until_translations_exist(client, content):
    document = json.loads(client.get("/api/v1/feeds/en/feed.json").content)
    assert_valid_jsonfeed(document)
    assert document["items"] == []
    assert document["language"] == "en"


def test_partner_feeds_are_full_text_and_need_a_key(client, content):
    assert client.get("/api/v1/syndication/feeds/rss.xml").status_code == 401
    content["standalone"].syndication = "none"
    content["standalone"].save_revision().publish()
    _, key = f.make_partner_key()

    rss = client.get(
        "/api/v1/syndication/feeds/rss.xml", HTTP_ACCEPT="application/rss+xml", **auth(key)
    )
    parsed = parse(rss)
    assert titles(parsed) == ["Au pied des terrils"]
    assert "Le texte intégral" in parsed.entries[0].content[0].value
    assert "CC BY" in rss.content.decode() or "All rights reserved" in rss.content.decode()
    assert "no-store" in rss["Cache-Control"]

    atom = parse(client.get("/api/v1/syndication/feeds/atom.xml", **auth(key)))
    entry = atom.entries[0]
    assert "Le texte intégral" in entry.content[0].value
    self_link = next(link.href for link in entry.links if link.rel == "self")
    assert self_link == f"http://testserver/api/v1/syndication/items/{content['episode'].pk}/"

    document = json.loads(client.get("/api/v1/syndication/feeds/feed.json", **auth(key)).content)
    assert_valid_jsonfeed(document)
    assert "Le texte intégral" in document["items"][0]["content_html"]

    # A feed in one language links to itself in that language.
    french = json.loads(
        client.get("/api/v1/syndication/feeds/feed.json", {"locale": "fr"}, **auth(key)).content
    )
    assert french["feed_url"].endswith("/syndication/feeds/feed.json?locale=fr")
    assert not document["feed_url"].endswith("?locale=fr")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/feeds/de/rss.xml", 404),
        ("/api/v1/feeds/fr/feed.txt", 404),
        ("/api/v1/feeds/fr/series/inconnue/rss.xml", 404),
        ("/api/v1/feeds/fr/planets/mars/rss.xml", 404),
        ("/api/v1/feeds/fr/rss.xml?page=2", 400),
    ],
)
def test_bad_feed_addresses_are_problem_json(client, content, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_public_feeds_answer_304_when_unchanged(client, content):
    first = client.get("/api/v1/feeds/fr/rss.xml")
    assert first["Cache-Control"].startswith("public")
    again = client.get("/api/v1/feeds/fr/rss.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
