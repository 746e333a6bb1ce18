"""The API root, home/, resolve/, sitemap/, and the OpenAPI schema and docs."""

from django.test import override_settings

from wagtail.contrib.redirects.models import Redirect


def test_root_lists_every_endpoint(api, world):
    endpoints = api("").json()["endpoints"]
    for name in (
        "series", "stories", "territories", "themes", "contributors", "partners", "home",
        "resolve", "search", "preview", "sitemap", "schema", "docs",
    ):  # fmt: skip
        assert endpoints[name].startswith("http://testserver/api/v1/")


def test_home_has_featured_series_and_stories_and_latest_per_locale(api, world):
    body = api("home/").json()
    assert body["type"] == "home" and body["url"] == "http://reader.test/fr/"
    assert [s["id"] for s in body["featured_series"]] == [world.series.pk]  # hidden one dropped
    assert [s["id"] for s in body["featured_stories"]] == [world.ep1.pk]  # expired one dropped
    assert [s["id"] for s in body["latest_stories"]] == [s.pk for s in world.public_stories]
    assert body["translations"][0]["locale"] == "en"
    en = api("home/", locale="en").json()
    assert en["url"] == "http://reader.test/en/"
    assert [s["id"] for s in en["latest_stories"]] == [world.ep1_en.pk]


def test_resolve_returns_the_detail_of_each_kind_of_page(api, world):
    story = api("resolve/", path="/fr/series/bassin-minier/episode-un/").json()
    assert story == api(f"stories/{world.ep1.pk}/").json()
    series = api("resolve/", path="/fr/series/bassin-minier/").json()
    assert series == api(f"series/{world.series.pk}/").json()
    assert api("resolve/", path="/fr/series/bassin-minier").json()["id"] == world.series.pk
    en = api("resolve/", path=f"/en/series/{world.series_en.slug}/{world.ep1_en.slug}/").json()
    assert en["id"] == world.ep1_en.pk
    assert api("resolve/", path="/fr/").json()["type"] == "home"
    index = api("resolve/", path="/fr/recits/").json()
    assert index["type"] == "story_index"
    assert index["items_api_url"] == "http://testserver/api/v1/stories/?locale=fr"


def test_resolve_redirects_and_misses(api, world):
    assert api("resolve/", path="/fr/ancien-recit/").json() == {
        "type": "redirect",
        "location": "http://reader.test/fr/series/bassin-minier/episode-un/",
        "permanent": True,
    }
    Redirect.objects.create(
        old_path="/fr/ailleurs", redirect_link="https://example.org/x", is_permanent=False
    )
    assert api("resolve/", path="/fr/ailleurs").json()["permanent"] is False
    for path in ("/fr/vers-cache/", "/fr/nulle-part/", "/de/series/", "/accueil/series/"):
        response = api("resolve/", path=path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"


def test_sitemap_lists_public_urls_with_lastmod_and_translations(api, world):
    body = api("sitemap/").json()
    urls = {item["url"]: item for item in body["items"]}
    assert body["count"] == len(body["items"])
    ep1 = urls["http://reader.test/fr/series/bassin-minier/episode-un/"]
    assert ep1["type"] == "story" and ep1["lastmod"]
    assert ep1["translations"] == [
        {
            "locale": "en",
            "url": f"http://reader.test/en/series/{world.series_en.slug}/{world.ep1_en.slug}/",
        }
    ]
    assert "http://reader.test/fr/" in urls and "http://reader.test/fr/recits/" in urls
    assert "http://reader.test/fr/territoires/loos-en-gohelle/" in urls
    assert "http://reader.test/fr/partenaires/fondation-terre/" in urls
    en = {item["url"] for item in api("sitemap/", locale="en").json()["items"]}
    assert "http://reader.test/en/territories/loos-en-gohelle/" in en
    assert not any(url.startswith("http://reader.test/fr/") for url in en)


def test_schema_and_docs_are_served_without_a_cdn(api, world):
    schema = api("schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/stories/{id}/" in text and "/admin/" not in text
    docs = api("docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn.jsdelivr" not in html and "unpkg.com" not in html


@override_settings(CORS_ALLOWED_ORIGINS=["http://reader.test"])
def test_cors_for_the_reader_site(api, world):
    response = api.client.get("/api/v1/stories/", HTTP_ORIGIN="http://reader.test")
    assert response["Access-Control-Allow-Origin"] == "http://reader.test"
    other = api.client.get("/api/v1/stories/", HTTP_ORIGIN="http://evil.test")
    assert "Access-Control-Allow-Origin" not in other
