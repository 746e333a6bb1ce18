"""stories/ and stories/{id}/: filters, orderings, translations, the complete story."""

import pytest

from tests import factories as f


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_list_is_newest_first_with_envelope_and_summaries(api, world):
    response = api("stories/")
    body = response.json()
    assert ids(response) == [s.pk for s in world.public_stories]
    assert body["meta"] == {
        "total_count": 4,
        "limit": 20,
        "offset": 0,
        "next": None,
        "previous": None,
    }
    ep1 = body["items"][-1]
    assert ep1["type"] == "story" and ep1["locale"] == "fr"
    assert ep1["url"] == "http://reader.test/fr/series/bassin-minier/episode-un/"
    assert ep1["api_url"] == f"http://testserver/api/v1/stories/{world.ep1.pk}/"
    assert ep1["series"]["id"] == world.series.pk and ep1["episode"] == 1
    assert [a["slug"] for a in ep1["authors"]] == ["jeanne-martin", "paul-durand"]
    assert [a["role"] for a in ep1["authors"]] == ["text", "photo"]
    assert ep1["territory"]["slug"] == "loos-en-gohelle"
    assert [t["slug"] for t in ep1["themes"]] == ["transition"]
    assert ep1["lead_image"]["renditions"]["w480"]["url"].endswith(".webp")
    assert "480w" in ep1["lead_image"]["srcset"]
    assert "body" not in ep1


def test_pagination_links(api, world):
    body = api("stories/", limit=2, offset=1).json()
    assert [i["id"] for i in body["items"]] == [s.pk for s in world.public_stories[1:3]]
    assert body["meta"]["next"].endswith("limit=2&offset=3")
    assert body["meta"]["previous"].endswith("limit=2&offset=0")
    total = body["meta"]["total_count"]
    past = api("stories/", offset=50).json()
    # The total comes with the page's rows; past the end it is counted on its own.
    assert past["items"] == [] and past["meta"]["total_count"] == total
    assert api("stories/", limit=1, offset=total - 1).json()["meta"]["total_count"] == total


def test_translations_link_both_ways(api, world):
    fr = api(f"stories/{world.ep1.pk}/").json()
    assert fr["translations"] == [
        {
            "locale": "en",
            "id": world.ep1_en.pk,
            "url": f"http://reader.test/en/series/{world.series_en.slug}/{world.ep1_en.slug}/",
            "api_url": f"http://testserver/api/v1/stories/{world.ep1_en.pk}/",
        }
    ]
    en = api("stories/", locale="en").json()
    assert [i["id"] for i in en["items"]] == [world.ep1_en.pk]
    assert en["items"][0]["translations"][0]["id"] == world.ep1.pk
    assert en["items"][0]["title"] == "Episode one"


def test_hidden_translation_is_not_listed(api, world):
    f.hide(world.ep1_en, "expired")
    assert api(f"stories/{world.ep1.pk}/").json()["translations"] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"territory": "pas-de-calais"}, ["ep3", "ep1"]),  # a department finds its communes
        ({"territory": "hauts-de-france"}, ["lille_story", "ep3", "ep1"]),
        ({"territory": "lille"}, ["lille_story"]),
        ({"territory": "nowhere"}, []),
        ({"theme": "transition"}, ["ep1"]),
        ({"theme": "industrie,agriculture"}, ["lille_story", "ep3"]),  # comma = OR
        ({"tag": "mines"}, ["ep1"]),
        ({"contributor": "paul-durand"}, ["lille_story", "ep1"]),
        ({"q": "lille"}, ["lille_story"]),
        ({"ordering": "published_at"}, ["ep1", "ep3", "lille_story", "rich"]),
        ({"ordering": "title"}, ["lille_story", "rich", "ep3", "ep1"]),
    ],
)
def test_filters_and_orderings(api, world, params, expected):
    assert ids(api("stories/", **params)) == [getattr(world, name).pk for name in expected]


def test_series_filter_and_episode_ordering(api, world):
    response = api("stories/", series=world.series.pk, ordering="episode")
    assert ids(response) == [world.ep1.pk, world.ep3.pk]
    assert ids(api("stories/", series=999999)) == []


def test_published_after_and_before(api, world):
    after = world.ep3.published_at.date().isoformat()
    assert ids(api("stories/", published_after=after)) == [
        world.rich.pk,
        world.lille_story.pk,
        world.ep3.pk,
    ]
    before = world.ep3.published_at.isoformat()
    assert ids(api("stories/", published_before=before)) == [world.ep1.pk]


def test_detail_of_an_episode_navigates_visible_episodes_only(api, world):
    body = api(f"stories/{world.ep1.pk}/").json()
    assert body["series"] == {
        "id": world.series.pk,
        "title": "Bassin minier",
        "url": "http://reader.test/fr/series/bassin-minier/",
        "api_url": f"http://testserver/api/v1/series/{world.series.pk}/",
    }
    assert body["episode"] == 1 and body["episode_count"] == 2
    assert body["previous"] is None
    assert body["next"]["id"] == world.ep3.pk  # the draft episode two is skipped
    assert body["next"]["episode"] == 2
    third = api(f"stories/{world.ep3.pk}/").json()
    assert third["previous"]["id"] == world.ep1.pk and third["next"] is None
    assert body["tags"] == [{"name": "mines", "slug": "mines"}]


def test_detail_of_a_story_with_every_block(api, world):
    body = api(f"stories/{world.rich.pk}/").json()
    blocks = {block["type"]: block for block in body["body"]}
    assert list(blocks) == [
        "paragraph",
        "heading",
        "image",
        "gallery",
        "quote",
        "embed",
        "audio",
        "key_figures",
        "fact_box",
        "map",
        "document",
        "person",
        "related",
    ]
    html = blocks["paragraph"]["value"]["html"]
    assert 'href="http://reader.test/fr/series/bassin-minier/episode-un/"' in html
    assert f'href="http://testserver/documents/{world.report.pk}/rapport.pdf"' in html
    for unsafe in ("linktype", "<embed", "javascript:", "<script", "onclick"):
        assert unsafe not in html
    assert "<a>un caché</a>" in html  # a link to hidden content keeps its words only
    assert blocks["heading"]["value"] == {"text": "Trente ans", "level": "h2"}
    image = blocks["image"]["value"]
    assert image["layout"] == "wide" and image["credit"] == "Photo : démo"
    assert set(image["image"]) == {
        "id", "alt", "caption", "credit", "width", "height", "renditions", "srcset"
    }  # fmt: skip
    assert [i["caption"] for i in blocks["gallery"]["value"]["images"]] == ["un", ""]
    assert blocks["quote"]["value"]["attribution"] == "Une habitante"
    assert blocks["embed"]["value"]["provider"] == "YouTube"
    assert "youtube-nocookie.com/embed/abcDEF12345" in blocks["embed"]["value"]["html"]
    assert blocks["audio"]["value"]["file"]["extension"] == "mp3"
    assert blocks["audio"]["value"]["transcript"] == "<p>Bonjour.</p>"
    assert blocks["key_figures"]["value"]["figures"] == [{"figure": "6 500", "label": "habitants"}]
    assert blocks["fact_box"]["value"] == {"title": "PETR", "body": "<p>Un pôle.</p>"}
    assert blocks["map"]["value"] == {"lat": 50.457, "lon": 2.793, "label": "Loos"}
    assert blocks["document"]["value"]["document"]["url"].endswith("/rapport.pdf")
    assert blocks["person"]["value"]["portrait"]["id"] == world.portrait.pk
    related = blocks["related"]["value"]["stories"]
    assert [s["id"] for s in related] == [world.ep1.pk]  # expired and draft are dropped
    assert body["lead_image"]["caption"] == "Légende propre"
    assert body["corrections"] == [{"corrected_on": "2025-05-12", "text": "Une date corrigée."}]
    assert body["licence"]["code"] == "cc-by-4.0"
    assert body["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert body["series"] is None and body["previous"] is None
    assert body["reading_time"] >= 1


def test_detail_locale_check_and_unknown_ids(api, world):
    assert api(f"stories/{world.ep1.pk}/", locale="fr").status_code == 200
    assert api(f"stories/{world.ep1.pk}/", locale="en").status_code == 404
    for bad in ("999999", "abc", "99999999999999999999", "-1"):
        response = api(f"stories/{bad}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
