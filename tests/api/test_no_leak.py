"""Drafts, unpublished, view-restricted, embargoed and expired pages, and pages under a hidden
series, never leave the CMS: not in lists, totals, details, episode lists, prev/next, related
stories, counts, search, resolve, sitemap, home or translations."""

import pytest

from api.links import reader_path

HIDDEN = ["draft", "unpublished", "restricted", "future", "expired", "under_hidden", "ep2"]


def all_ids(api, endpoint, **params):
    response = api(endpoint, limit=100, **params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}, response.json()["meta"]["total_count"]


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_story_appears_nowhere(api, world, kind):
    page = getattr(world, kind)
    public = {s.pk for s in world.public_stories}
    for params in ({}, {"territory": "loos-en-gohelle"}, {"theme": "transition"}, {"q": "Caché"}):
        found, total = all_ids(api, "stories/", **params)
        assert page.pk not in found, params
        assert found <= public and total == len(found), params
    assert api(f"stories/{page.pk}/").status_code == 404
    path = reader_path(page.url_path, "fr")
    assert api("resolve/", path=path).status_code == 404
    sitemap = {item["url"] for item in api("sitemap/").json()["items"]}
    assert not any(url.endswith(path) for url in sitemap)
    assert page.pk not in {hit["id"] for hit in api("search/", q=page.title).json()["items"]}
    home = api("home/").json()
    shown = {s["id"] for key in ("featured_stories", "latest_stories") for s in home[key]}
    assert page.pk not in shown


def test_hidden_content_is_not_counted_or_linked(api, world):
    series = api(f"series/{world.series.pk}/").json()
    assert [e["id"] for e in series["episodes"]] == [world.ep1.pk, world.ep3.pk]
    assert series["episode_count"] == 2
    assert api(f"stories/{world.ep1.pk}/").json()["next"]["id"] == world.ep3.pk
    assert api("territories/loos-en-gohelle/").json()["counts"] == {"series": 1, "stories": 2}
    assert api("themes/transition/").json()["counts"] == {"series": 1, "stories": 1}
    rich = api(f"stories/{world.rich.pk}/").json()
    related = next(b for b in rich["body"] if b["type"] == "related")
    assert [s["id"] for s in related["value"]["stories"]] == [world.ep1.pk]
    paragraph = next(b for b in rich["body"] if b["type"] == "paragraph")
    assert reader_path(world.expired.url_path, "fr") not in paragraph["value"]["html"]


def test_hidden_series_appears_nowhere(api, world):
    hidden = world.hidden_series
    assert hidden.pk not in all_ids(api, "series/")[0]
    assert hidden.pk not in all_ids(api, "series/", territory="loos-en-gohelle")[0]
    assert api(f"series/{hidden.pk}/").status_code == 404
    assert api("stories/", series=hidden.pk).json()["items"] == []
    assert api("resolve/", path=reader_path(hidden.url_path, "fr")).status_code == 404
    assert hidden.pk not in {s["id"] for s in api("home/").json()["featured_series"]}
    assert hidden.pk not in {hit["id"] for hit in api("search/", q="cachée").json()["items"]}
    assert api("resolve/", path="/fr/vers-cache/").status_code == 404  # redirect to hidden
