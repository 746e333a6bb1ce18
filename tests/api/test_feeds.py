"""Public and partner feeds: RSS 2.0 + Media RSS, Atom 1.0, JSON Feed 1.1."""

import datetime
import json
from xml.etree import ElementTree

from django.utils import timezone

from wagtail.rich_text import RichText

import feedparser
import pytest

from api.ninjs import LICENCE_TERMS
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
    fondation = f.make_partner("Fondation Terre", website="https://fondation.example/")
    series = f.make_series(
        "Bassin minier",
        slug="bassin-minier",
        partners=[(fondation, "funder", "A financé 40 % de la résidence.")],
        methodology="<p>Six mois sur place.</p><p>Ni droit de regard ni relecture.</p>"
        "<p>Terre &amp; Mer</p>",
    )
    image = f.make_image("Terril", credit="Photo : Ali Benali")
    episode = f.make_story(
        "Au pied des terrils",
        parent=series,
        territory=town,
        lead_image=image,
        authors=[(author, "text"), (photographer, "photo")],
        body=[("paragraph", RichText("<p>Le texte intégral, réservé aux partenaires.</p>"))],
        published_at=timezone.now() - datetime.timedelta(days=2),
        licence="cc-by-4.0",
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
    assert entry.summary.startswith("Chapeau de « Au pied des terrils ».<p>")
    assert "Le texte intégral" not in response.content.decode()
    creators = response.content.decode().count("<dc:creator>")
    assert creators == 2
    assert entry.author  # feedparser maps dc:creator to author
    media = entry.media_content[0]
    assert media["url"].startswith("http://testserver/") and media["medium"] == "image"
    assert entry.media_credit[0]["content"] == "Photo : Ali Benali"
    assert [tag.term for tag in entry.tags] == ["Énergie", "Bassin minier"]  # themes, series


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
    assert rss["Cache-Control"].startswith("private")  # never kept by a shared cache

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


# --- what a republisher must show -------------------------------------------------------------

NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "cc": "http://backend.userland.com/creativeCommonsRssModule",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def rss_items(response):
    parse(response)  # well-formed and understood by a real feed reader
    # Our own answer, not untrusted input (defusedxml isn't a dependency of the project).
    channel = ElementTree.fromstring(response.content).find("channel")  # noqa: S314
    return {item.findtext("title"): item for item in channel.findall("item")}


def atom_entries(response):
    parse(response)
    root = ElementTree.fromstring(response.content)  # noqa: S314
    return {
        entry.findtext("atom:title", namespaces=NS): entry
        for entry in root.iterfind("atom:entry", NS)
    }


def json_items(response):
    assert response.status_code == 200, response.content[:500]
    document = json.loads(response.content)
    assert_valid_jsonfeed(document)
    return {item["title"]: item for item in document["items"]}


def year(page):
    page.refresh_from_db()
    return page.published_at.year


def test_public_rss_items_carry_their_own_licence(client, content):
    items = rss_items(client.get("/api/v1/feeds/fr/rss.xml"))
    episode, standalone = items["Au pied des terrils"], items["Hors série"]

    rights = episode.findtext("dc:rights", namespaces=NS)
    assert rights.startswith(f"© {year(content['episode'])} Terrain. ")
    assert LICENCE_TERMS["cc-by-4.0"][0] in rights
    assert episode.findtext("cc:license", namespaces=NS) == CC_BY
    rights = standalone.findtext("dc:rights", namespaces=NS)
    assert rights == (
        f"© {year(content['standalone'])} Terrain. {LICENCE_TERMS['all-rights-reserved'][0]}"
    )
    assert standalone.find("cc:license", NS) is None
    # Not valid RSS 2.0 inside an item: the channel's <copyright> stays the only one.
    assert episode.find("copyright") is None


def test_public_atom_entries_carry_rights_and_a_licence_link(client, content):
    entries = atom_entries(client.get("/api/v1/feeds/fr/atom.xml"))
    episode, standalone = entries["Au pied des terrils"], entries["Hors série"]

    assert LICENCE_TERMS["cc-by-4.0"][0] in episode.findtext("atom:rights", namespaces=NS)
    licence_links = [link.get("href") for link in episode.iterfind("atom:link[@rel='license']", NS)]
    assert licence_links == [CC_BY]
    assert "All rights reserved" in standalone.findtext("atom:rights", namespaces=NS)
    assert standalone.find("atom:link[@rel='license']", NS) is None


@pytest.mark.parametrize("partner", [False, True])
def test_json_feed_items_carry_licence_series_and_funding(client, content, partner):
    if partner:
        _, key = f.make_partner_key()
        response = client.get("/api/v1/syndication/feeds/feed.json", **auth(key))
    else:
        response = client.get("/api/v1/feeds/fr/feed.json")
    items = json_items(response)  # the extension keeps the feed valid JSON Feed 1.1
    episode = items["Au pied des terrils"]["_terrain"]
    standalone = items["Hors série"]["_terrain"]

    assert episode["licence"] == {
        "code": "cc-by-4.0",
        "name": "CC BY 4.0",
        "terms": LICENCE_TERMS["cc-by-4.0"][0],
        "url": CC_BY,
    }
    assert standalone["licence"]["name"] == "Tous droits réservés"  # the story's language
    assert standalone["licence"]["url"] is None
    assert episode["series"] == {
        "title": "Bassin minier",
        "url": "http://reader.test/fr/series/bassin-minier/",
        "episode": 1,
        "episode_count": 1,
    }
    assert episode["funding"] == [
        {
            "partner": "Fondation Terre",
            "role": "funder",
            "role_label": "Financeur",
            "disclosure": "A financé 40 % de la résidence.",
            "website": "https://fondation.example/",
            "sentence": "Fondation Terre (financeur)\xa0: A financé 40 % de la résidence.",
        }
    ]
    # Plain text: no markup, no entity ("&amp;" is how rich text stores "&").
    assert episode["independence"] == (
        "Six mois sur place.\nNi droit de regard ni relecture.\nTerre & Mer"
    )
    attribution = episode["attribution_html"]
    assert attribution.startswith("<p>Publié initialement par Terrain")
    assert "Par Jeanne Martin, Ali Benali (photos)." in attribution
    # The disclosure's own full stop ends the sentence: never "..".
    assert "Fondation Terre (financeur)\xa0: A financé 40 % de la résidence.</p>" in attribution
    assert "Licence\xa0: CC BY 4.0." in attribution
    assert standalone["series"] is None and standalone["funding"] == []
    assert "Licence\xa0: Tous droits réservés." in standalone["attribution_html"]


def test_public_xml_items_show_series_episode_and_funding(client, content):
    rss = rss_items(client.get("/api/v1/feeds/fr/rss.xml"))
    episode = rss["Au pied des terrils"]
    assert [c.text for c in episode.findall("category")] == ["Énergie", "Bassin minier"]
    description = episode.findtext("description")
    assert description.startswith("Chapeau de « Au pied des terrils ».<p>Publié initialement")
    assert "épisode 1 sur 1" in description
    assert "<strong>Financement et soutien\xa0:</strong> Fondation Terre (financeur)" in description
    assert [c.text for c in rss["Hors série"].findall("category")] == []
    # Outside a series: nothing to disclose, the excerpt as it is (rights: dc:rights).
    assert rss["Hors série"].findtext("description") == "Chapeau de « Hors série »."

    atom = atom_entries(client.get("/api/v1/feeds/fr/atom.xml"))["Au pied des terrils"]
    terms = [c.get("term") for c in atom.iterfind("atom:category", NS)]
    assert "Bassin minier" in terms
    assert "A financé 40 % de la résidence." in atom.findtext("atom:summary", namespaces=NS)


def test_partner_full_text_ends_with_the_attribution(client, content):
    _, key = f.make_partner_key()
    attribution = json_items(client.get("/api/v1/syndication/feeds/feed.json", **auth(key)))[
        "Au pied des terrils"
    ]["_terrain"]["attribution_html"]
    assert "Financement et soutien" in attribution

    json_item = json_items(client.get("/api/v1/syndication/feeds/feed.json", **auth(key)))
    assert json_item["Au pied des terrils"]["content_html"].endswith(attribution)
    rss = rss_items(client.get("/api/v1/syndication/feeds/rss.xml", **auth(key)))
    encoded = rss["Au pied des terrils"].findtext("content:encoded", namespaces=NS)
    assert "Le texte intégral" in encoded and encoded.endswith(attribution)
    assert rss["Au pied des terrils"].findtext("cc:license", namespaces=NS) == CC_BY
    atom = atom_entries(client.get("/api/v1/syndication/feeds/atom.xml", **auth(key)))
    assert atom["Au pied des terrils"].findtext("atom:content", namespaces=NS).endswith(attribution)


def test_the_attribution_speaks_the_language_of_the_story(client, content):
    f.translate_page(content["series"], "en", title="Mining basin")
    f.translate_page(content["episode"], "en", title="At the foot of the slag heaps")
    f.translate_page(content["standalone"], "en", title="Stand-alone")

    french = json_items(client.get("/api/v1/feeds/fr/feed.json"))["Au pied des terrils"]
    english = json_items(client.get("/api/v1/feeds/en/feed.json"))["At the foot of the slag heaps"]

    attribution = english["_terrain"]["attribution_html"]
    assert attribution.startswith("<p>First published by Terrain: <a href=")
    series_link = '<a href="http://reader.test/en/series/bassin-minier/">Mining basin</a>'
    assert f"<p>Series {series_link}, episode 1 of 1.</p>" in attribution
    assert "<strong>Funding and support:</strong> Fondation Terre (funder): " in attribution
    assert english["_terrain"]["funding"][0]["role_label"] == "Funder"
    assert "Publié" not in attribution and "Financement" not in attribution
    standalone = json_items(client.get("/api/v1/feeds/en/feed.json"))["Stand-alone"]["_terrain"]
    assert standalone["licence"]["name"] == "All rights reserved"
    assert standalone["attribution_html"].endswith("<p>Licence: All rights reserved.</p>")
    attribution = french["_terrain"]["attribution_html"]
    series_link = '<a href="http://reader.test/fr/series/bassin-minier/">Bassin minier</a>'
    assert f"<p>Série {series_link}, épisode 1 sur 1.</p>" in attribution
    assert "First published" not in attribution and "Funding" not in attribution


def test_a_corrected_story_shows_a_later_modification_date(client, content):
    episode = content["episode"]
    first = timezone.now() - datetime.timedelta(days=10)
    # Its first publication, ten days ago; then a correction published now.
    type(episode).objects.filter(pk=episode.pk).update(
        published_at=first, first_published_at=first, last_published_at=first
    )
    episode.refresh_from_db()
    episode.subtitle = "Chapeau corrigé."
    episode.save_revision().publish()
    episode.refresh_from_db()
    assert episode.last_published_at > first + datetime.timedelta(days=9)

    item = json_items(client.get("/api/v1/feeds/fr/feed.json"))["Au pied des terrils"]
    assert datetime.datetime.fromisoformat(item["date_published"]) == first
    assert datetime.datetime.fromisoformat(item["date_modified"]) == (episode.last_published_at)
    entry = atom_entries(client.get("/api/v1/feeds/fr/atom.xml"))["Au pied des terrils"]
    published = datetime.datetime.fromisoformat(entry.findtext("atom:published", namespaces=NS))
    updated = datetime.datetime.fromisoformat(entry.findtext("atom:updated", namespaces=NS))
    assert published == first
    assert updated == episode.last_published_at
