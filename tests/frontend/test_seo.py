"""What search engines and sharing cards read: head tags, JSON-LD, sitemap.xml, robots.txt."""

import json
import re
import xml.etree.ElementTree as ET

from .fake_api import READER

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def meta(html: str, attr: str, name: str) -> str:
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    assert match, f"no <meta {attr}={name}>"
    return match.group(1)


def test_story_json_ld_is_a_news_article_with_the_required_fields(reader):
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    (article,) = json_ld(html)
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Épisode 2 : le terril"
    assert article["image"] == ["http://cms.test/media/images/ep2.width-1200.webp"]
    assert article["datePublished"] == "2025-04-12T09:00:00+02:00"
    assert article["dateModified"] == "2025-05-14T10:00:00+02:00"
    assert [a["name"] for a in article["author"]] == ["Jeanne Martin", "Paul Durand"]
    assert all(a["@type"] == "Person" for a in article["author"])
    assert article["publisher"]["name"] == "Terrain"
    assert article["publisher"]["logo"]["url"] == f"{READER}/static/logo.png"
    assert article["isPartOf"]["@type"] == "CreativeWorkSeries"
    assert article["mainEntityOfPage"] == f"{READER}/fr/series/apres-la-mine/episode-2/"


def test_json_ld_cannot_break_out_of_its_script_element(reader, fake_api):
    from .fake_api import STORY

    fake_api.resolve["/fr/series/apres-la-mine/episode-2/"] = dict(
        STORY, title="</script><script>alert(1)</script>"
    )
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)[0]["headline"] == "</script><script>alert(1)</script>"


def test_series_json_ld_is_a_creative_work_series(reader):
    html = reader.get("/fr/series/apres-la-mine/").text
    (series,) = json_ld(html)
    assert series["@type"] == "CreativeWorkSeries"
    assert series["name"] == "Après la mine"
    assert series["startDate"] == "2025-03-01"
    assert {f["name"] for f in series["funder"]} == {
        "Fondation du Bassin",
        "Ville de Loos-en-Gohelle",
    }


def test_head_tags_title_description_canonical_hreflang_open_graph_twitter(reader):
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert "<title>Épisode 2 : le terril · Terrain</title>" in html
    assert meta(html, "name", "description") == "Chapeau de l&#39;épisode 2."
    canonical = f"{READER}/fr/series/apres-la-mine/episode-2/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<link rel="alternate" hreflang="fr" href="{canonical}">' in html
    assert (
        f'<link rel="alternate" hreflang="en" href="{READER}/en/series/after-the-mine/episode-2/">'
        in html
    )
    assert f'<link rel="alternate" hreflang="x-default" href="{canonical}">' in html
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == canonical
    assert meta(html, "property", "og:image") == "http://cms.test/media/images/ep2.width-1200.webp"
    assert meta(html, "property", "og:image:alt") == "Un terril au soleil"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:title") == "Épisode 2 : le terril · Terrain"


def test_canonical_follows_the_first_publication_elsewhere(reader, fake_api):
    from .fake_api import STORY

    fake_api.resolve["/fr/series/apres-la-mine/episode-2/"] = dict(
        STORY, canonical_url="https://partenaire.example/article"
    )
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert '<link rel="canonical" href="https://partenaire.example/article">' in html


def test_feeds_are_linked_from_every_page(reader):
    for path in ("/fr/", "/en/", "/fr/series/apres-la-mine/", "/fr/nulle-part/"):
        html = reader.get(path).text
        for mime in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
            assert f'<link rel="alternate" type="{mime}"' in html, (path, mime)
    html = reader.get("/en/").text
    assert 'href="http://api.test/api/v1/feeds/en/rss.xml"' in html
    assert 'href="http://api.test/api/v1/feeds/en/feed.json"' in html


def test_series_territory_and_theme_pages_link_their_own_feeds(reader):
    series = reader.get("/fr/series/apres-la-mine/").text
    assert 'href="http://api.test/api/v1/feeds/fr/series/apres-la-mine/rss.xml"' in series
    territory = reader.get("/fr/territoires/loos-en-gohelle/").text
    assert (
        'href="http://api.test/api/v1/feeds/fr/territories/loos-en-gohelle/atom.xml"' in territory
    )
    theme = reader.get("/fr/themes/transition/").text
    assert 'href="http://api.test/api/v1/feeds/fr/themes/transition/feed.json"' in theme


def test_feeds_use_the_public_api_address_when_set(fake_api):
    import httpx
    from starlette.testclient import TestClient

    from frontend.app import create_app
    from frontend.config import ReaderConfig

    from .fake_api import API

    config = ReaderConfig(api_base_url=API, public_api_url="https://api.terrain.example")
    app = create_app(config, transport=httpx.MockTransport(fake_api.handler))
    with TestClient(app, base_url=config.site_url) as client:
        html = client.get("/fr/").text
    assert 'href="https://api.terrain.example/api/v1/feeds/fr/rss.xml"' in html


def test_oembed_discovery_on_story_and_series_pages(reader):
    from urllib.parse import quote

    story = reader.get("/fr/series/apres-la-mine/episode-2/").text
    page = quote(f"{READER}/fr/series/apres-la-mine/episode-2/", safe="")
    assert (
        '<link rel="alternate" type="application/json+oembed" '
        f'href="http://api.test/api/v1/oembed/?url={page}&amp;format=json"'
    ) in story
    assert "application/json+oembed" in reader.get("/fr/series/apres-la-mine/").text
    assert "application/json+oembed" not in reader.get("/fr/").text
    preview = reader.get("/preview?content_type=stories.storypage&token=good-story").text
    assert "application/json+oembed" not in preview


def test_sitemap_xml_structure_and_both_locales(reader, fake_api):
    response = reader.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{SITEMAP_NS}urlset"
    urls = root.findall(f"{SITEMAP_NS}url")
    assert len(urls) == 4
    for url in urls:
        children = [child.tag for child in url]
        assert children[0] == f"{SITEMAP_NS}loc"
        assert f"{SITEMAP_NS}lastmod" in children
        assert set(children) <= {f"{SITEMAP_NS}loc", f"{SITEMAP_NS}lastmod", f"{XHTML_NS}link"}
    locs = [url.find(f"{SITEMAP_NS}loc").text for url in urls]
    assert f"{READER}/fr/" in locs and f"{READER}/en/" in locs
    assert any(loc.startswith(f"{READER}/fr/series/") for loc in locs)
    assert any(loc.startswith(f"{READER}/en/series/") for loc in locs)
    story = urls[locs.index(f"{READER}/fr/series/apres-la-mine/episode-2/")]
    assert story.find(f"{SITEMAP_NS}lastmod").text == "2025-05-14T10:00:00+02:00"
    alternates = {
        link.get("hreflang"): link.get("href") for link in story.findall(f"{XHTML_NS}link")
    }
    assert alternates["en"] == f"{READER}/en/series/after-the-mine/episode-2/"
    assert alternates["fr"] == f"{READER}/fr/series/apres-la-mine/episode-2/"
    sitemap_calls = [r.url.params["locale"] for r in fake_api.requests if "sitemap" in r.url.path]
    assert sorted(sitemap_calls) == ["en", "fr"]


def test_robots_txt_points_to_the_sitemap_and_hides_preview(reader):
    response = reader.get("/robots.txt")
    assert response.status_code == 200
    assert f"Sitemap: {READER}/sitemap.xml" in response.text
    assert "Disallow: /preview" in response.text


def test_list_pages_name_their_counterpart_in_the_other_language(reader):
    html = reader.get("/fr/series/").text
    assert f'<link rel="alternate" hreflang="en" href="{READER}/en/series/">' in html
    html = reader.get("/en/stories/").text
    assert f'<link rel="alternate" hreflang="fr" href="{READER}/fr/recits/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{READER}/fr/recits/">' in html
