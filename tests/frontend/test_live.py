"""The reader site against a live CMS: pages render what API v1 returned."""

import re
import xml.etree.ElementTree as ET

import httpx
import pytest
from starlette.testclient import TestClient

from frontend.app import create_app
from frontend.config import ReaderConfig

from .live_content import BLOCK_TYPES
from .test_seo import json_ld

pytestmark = [
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def api(live_server, path, **params):
    response = httpx.get(f"{live_server.url}/api/v1/{path}", params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_home_and_series_list(live_reader, live_server, live_cms):
    home = api(live_server, "home/", locale="fr")
    html = live_reader.get("/fr/").text
    for story in home["latest_stories"]:
        assert story["title"] in html
    listing = live_reader.get("/fr/series/?status=ongoing")
    assert listing.status_code == 200
    assert "Après la mine" in listing.text and "En cours depuis mars 2025" in listing.text
    assert "Aucune série" in live_reader.get("/fr/series/?status=concluded").text


def test_series_page_renders_the_api_detail(live_reader, live_server, live_cms):
    detail = api(live_server, f"series/{live_cms.series.pk}/")
    response = live_reader.get(path_of(detail["url"]))
    assert response.status_code == 200
    html, text = response.text, text_of(response.text)
    assert f"<h1>{detail['title']}</h1>" in html
    assert detail["strapline"] in html
    assert "En cours depuis mars 2025" in html
    assert "Fondation du Bassin — Financeur" in text
    assert live_cms.texts["disclosure"] in html
    assert "Aucun partenaire ne relit les textes avant publication." in html
    assert "Jeanne Martin" in html
    titles = [episode["title"] for episode in detail["episodes"]]
    assert titles == [e.title for e in live_cms.episodes]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    cover = detail["cover_image"]
    assert f'alt="{cover["alt"]}"' in html and cover["renditions"]["w800"]["url"] in html
    assert json_ld(html)[0]["@type"] == "CreativeWorkSeries"


def test_episode_renders_every_block_and_its_metadata(live_reader, live_server, live_cms):
    detail = api(live_server, f"stories/{live_cms.episodes[0].pk}/")
    assert {block["type"] for block in detail["body"]} == set(BLOCK_TYPES)
    response = live_reader.get(path_of(detail["url"]))
    assert response.status_code == 200
    html, text = response.text, text_of(response.text)
    for block_type in BLOCK_TYPES:
        assert f"block-{block_type.replace('_', '-')}" in html, block_type
    for expected in (
        "Au pied des <b>terrils</b>, une ville a changé.",
        "Trente ans de transition",
        "Photo : Paul Durand",
        'alt="Une serre sur une friche"',
        "On raconte la transition autant qu&#39;on la fait.",
        'href="https://vimeo.com/76979871"',
        "Entretien avec le maire",
        "<dt>6 500</dt>",
        "Qu&#39;est-ce qu&#39;un PETR ?",
        "Base 11/19",
        "Rapport sur la transition",
        "Samia Benali",
        "Épisode 3 : la mine",
    ):
        assert expected in html, expected
    audio = next(b for b in detail["body"] if b["type"] == "audio")
    assert f'<audio controls preload="none" src="{audio["value"]["file"]["url"]}">' in html
    assert detail["lead_image_credit"] == "Photo : Paul Durand / Terrain"
    assert "Photo : Paul Durand / Terrain" in html
    assert "Jeanne Martin (Texte)" in text and "Paul Durand (Photo)" in text
    assert "Épisode 1 sur 3" in html
    assert "Loos-en-Gohelle" in html and "Énergie" in html and "friches" in html
    assert "Une version précédente se trompait de date." in html
    assert "Publié le 5 mars 2025" in text
    article = json_ld(html)[0]
    assert article["@type"] == "NewsArticle" and article["headline"] == detail["title"]
    assert article["datePublished"].startswith("2025-03-05")


def test_a_reader_follows_the_episodes_in_order(live_reader, live_server, live_cms):
    first = api(live_server, f"stories/{live_cms.episodes[0].pk}/")
    html = live_reader.get(path_of(first["url"])).text
    next_href = re.search(r'href="([^"]+)" rel="next"', html).group(1)
    second = live_reader.get(next_href)
    assert second.status_code == 200
    assert "Épisode 2 : la mine" in second.text and "Épisode 2 sur 3" in second.text
    previous_href = re.search(r'href="([^"]+)" rel="prev"', second.text).group(1)
    assert previous_href == path_of(first["url"])


def test_territory_theme_and_contributor_pages(live_reader, live_cms):
    html = live_reader.get("/fr/territoires/loos-en-gohelle/").text
    assert "<h1>Loos-en-Gohelle</h1>" in html and "62528" in html
    assert '<a href="/fr/territoires/pas-de-calais/">Pas-de-Calais</a>' in html
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert svg.count("<circle") == 2  # the commune (with its stories) and its department
    for episode in live_cms.episodes:
        assert episode.title in html
    department = live_reader.get("/fr/territoires/pas-de-calais/").text
    assert '<a href="/fr/territoires/loos-en-gohelle/">Loos-en-Gohelle</a>' in department
    assert "Épisode 1 : la mine" in department  # stories of the places within it
    theme = live_reader.get("/fr/themes/energie/").text
    assert "<h1>Énergie</h1>" in theme and "Après la mine" in theme
    person = live_reader.get("/fr/contributeurs/jeanne-martin/").text
    assert "<h1>Jeanne Martin</h1>" in person and "Épisode 2 : la mine" in person


def test_language_switch_goes_to_the_right_translation(live_reader, live_server, live_cms):
    first = api(live_server, f"stories/{live_cms.episodes[0].pk}/")
    english = next(t for t in first["translations"] if t["locale"] == "en")
    html = live_reader.get(path_of(first["url"])).text
    link = re.search(r'class="language-switch"><a href="([^"]+)"', html).group(1)
    assert link == path_of(english["url"])
    page = live_reader.get(link)
    assert page.status_code == 200
    assert '<html lang="en"' in page.text and "Episode 1: the mine" in page.text
    assert "Episode 1 of 2" in page.text
    # the third episode has no translation: the switch falls back to the English home
    third = api(live_server, f"stories/{live_cms.episodes[2].pk}/")
    html = live_reader.get(path_of(third["url"])).text
    assert re.search(r'class="language-switch"><a href="/en/"', html)


def test_search_finds_published_stories(live_reader, live_cms):
    html = live_reader.get("/fr/recherche/?q=mine").text
    assert "Épisode 2 : la mine" in html or "Après la mine" in html


def test_404_and_sitemap(live_reader, live_cms):
    assert live_reader.get("/fr/series/nulle-part/").status_code == 404
    assert live_reader.get("/fr/territoires/atlantide/").status_code == 404
    sitemap = live_reader.get("/sitemap.xml")
    root = ET.fromstring(sitemap.content)  # noqa: S314 - our own output
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [url.findtext(f"{ns}loc") for url in root.findall(f"{ns}url")]
    assert any("/fr/series/apres-la-mine/" in loc for loc in locs)
    assert any(loc.startswith("http://reader.test/en/") for loc in locs)
    xhtml = "{http://www.w3.org/1999/xhtml}"
    series = next(
        u
        for u in root.findall(f"{ns}url")
        if u.findtext(f"{ns}loc").endswith("/fr/series/apres-la-mine/")
    )
    alternates = {link.get("hreflang"): link.get("href") for link in series.findall(f"{xhtml}link")}
    assert alternates == {
        "fr": "http://reader.test/fr/series/apres-la-mine/",
        "en": "http://reader.test/en/series/after-the-mine/",
    }
    # pages carry their last publication date (snippets may have none: lastmod is optional)
    for url in root.findall(f"{ns}url"):
        if "/series/apres-la-mine/" in url.findtext(f"{ns}loc"):
            assert url.findtext(f"{ns}lastmod")


def test_preview_renders_a_draft_noindex(live_reader, live_cms):
    episode = live_cms.episodes[1]
    episode.title = "Brouillon jamais publié"
    episode.save_revision()
    preview = episode.create_page_preview()
    response = live_reader.get(
        "/preview",
        params={"content_type": episode.get_content_type_str(), "token": preview.token},
    )
    assert response.status_code == 200
    assert "Brouillon jamais publié" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response.headers["cache-control"] == "no-store"
    # the published page is unchanged
    assert (
        "Brouillon jamais publié"
        not in live_reader.get("/fr/series/apres-la-mine/episode-2-la-mine/").text
    )
    forged = live_reader.get("/preview", params={"content_type": "stories.storypage", "token": "x"})
    assert forged.status_code == 404


def test_503_when_the_cms_is_down():
    config = ReaderConfig(api_base_url="http://127.0.0.1:9/api/v1")
    with TestClient(create_app(config), base_url=config.site_url) as client:
        response = client.get("/fr/series/apres-la-mine/")
    assert response.status_code == 503
    assert "Traceback" not in response.text


def test_a_correction_published_in_the_cms_is_visible_at_once(
    live_server, live_cms, serve_reader, settings
):
    """The CMS's signed purge webhook reaches the reader site, which forgets the stale page
    even though it would otherwise keep it for an hour."""
    from .conftest import WEBHOOK_SECRET

    config = ReaderConfig(
        api_base_url=f"{live_server.url}/api/v1", webhook_secret=WEBHOOK_SECRET, cache_ttl=3600
    )
    reader = serve_reader(config)
    settings.READER_WEBHOOK_URL = f"{reader}/_purge"
    settings.READER_WEBHOOK_SECRET = WEBHOOK_SECRET
    episode = live_cms.episodes[1]
    page = f"{reader}/fr/series/apres-la-mine/{episode.slug}/"
    assert "Épisode 2 : la mine" in httpx.get(page).text
    assert "(corrigé)" not in httpx.get(f"{reader}/fr/series/apres-la-mine/").text
    episode.title = "Épisode 2 : la mine (corrigé)"
    episode.save_revision().publish()
    assert "Épisode 2 : la mine (corrigé)" in httpx.get(page).text
    # the series page lists the episode: it was forgotten too
    assert "(corrigé)" in httpx.get(f"{reader}/fr/series/apres-la-mine/").text


def test_every_url_of_the_sitemap_is_served(live_reader, live_cms):
    """The API's sitemap names reader URLs for pages and snippets: each must be a page."""
    root = ET.fromstring(live_reader.get("/sitemap.xml").content)  # noqa: S314 - our own output
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [url.findtext(f"{ns}loc") for url in root.findall(f"{ns}url")]
    assert len(locs) > 10
    kinds = {loc.split("/")[4] for loc in locs if loc.count("/") > 4}
    assert {"series", "territoires", "themes", "contributeurs", "partenaires"} <= kinds
    for loc in locs:
        assert live_reader.get(path_of(loc)).status_code == 200, loc
