"""search/: stories, series and territories through Wagtail search, visible content only."""


def hits(api, **params):
    response = api("search/", **params)
    assert response.status_code == 200, response.content
    return [(item["type"], item["id"]) for item in response.json()["items"]]


def test_search_finds_each_type_with_excerpt_and_urls(api, world):
    assert ("series", world.series.pk) in hits(api, q="Bassin")
    assert ("territory", world.loos.pk) in hits(api, q="Loos")
    assert ("story", world.lille_story.pk) in hits(api, q="Maraîchers")
    item = api("search/", q="Maraîchers").json()["items"][0]
    assert item["url"] == "http://reader.test/fr/recits/maraichers-de-lille/"
    assert item["api_url"] == f"http://testserver/api/v1/stories/{world.lille_story.pk}/"
    assert item["excerpt"] == "Chapeau de « Maraîchers de Lille »."


def test_search_by_locale_and_type(api, world):
    assert ("story", world.ep1_en.pk) in hits(api, q="Episode", locale="en")
    assert all(kind == "story" for kind, _ in hits(api, q="Épisode", type="story"))
    assert hits(api, q="Loos", type="series") == []
    hidden = {page.pk for page in world.hidden}
    assert not hidden & {pk for _, pk in hits(api, q="Caché")}


def test_search_requires_q_and_paginates(api, world):
    response = api("search/")
    assert response.status_code == 400 and response.json()["parameter"] == "q"
    everything = hits(api, q="Épisode")
    assert {("story", world.ep1.pk), ("story", world.ep3.pk)} <= set(everything)
    body = api("search/", q="Épisode", limit=1).json()
    assert body["meta"]["total_count"] == len(everything) and len(body["items"]) == 1
    assert body["meta"]["next"] is not None
