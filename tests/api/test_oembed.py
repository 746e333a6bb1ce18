"""oEmbed provider: rich embeds of reader-site story and series URLs, checked with micawber
(a real consumer library) against the live endpoint."""

import micawber
import pytest

from tests import factories as f

from .syndication_helpers import isolated  # noqa: F401

OEMBED = "/api/v1/oembed/"


@pytest.fixture
def pages(db):
    journalist = f.make_contributor("Jeanne Martin")
    series = f.make_series("Bassin minier", cover_image=f.make_image("Couverture"))
    series.journalists.create(contributor=journalist)
    series.save_revision().publish()
    story = f.make_story("Au pied des terrils", parent=series, authors=[(journalist, "text")])
    draft = f.make_story("Brouillon", publish=False)
    return {"series": series, "story": story, "draft": draft}


def reader(path: str) -> str:
    return f"http://reader.test{path}"


@pytest.mark.django_db
def test_story_embed_is_a_rich_iframe_to_the_reader_card(client, pages):
    url = reader("/fr/series/bassin-minier/au-pied-des-terrils/")
    response = client.get(OEMBED, {"url": url, "format": "json"})
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert data["title"] == "Au pied des terrils"
    assert data["author_name"] == "Jeanne Martin"
    assert data["provider_name"] == "Terrain"
    assert (data["width"], data["height"]) == (600, 420)
    story = pages["story"]
    assert data["html"].startswith(
        f'<iframe src="http://reader.test/embed/story/{story.pk}/?locale=fr" width="600"'
    )
    assert "thumbnail_url" not in data  # no lead image


@pytest.mark.django_db
def test_series_embed_with_size_limits_and_thumbnail(client, pages):
    response = client.get(
        OEMBED, {"url": reader("/fr/series/bassin-minier/"), "maxwidth": 400, "maxheight": 300}
    )
    data = response.json()
    assert (data["width"], data["height"]) == (400, 300)
    assert 'src="http://reader.test/embed/series/bassin-minier/?locale=fr"' in data["html"]
    assert data["thumbnail_url"].startswith("http://testserver/")
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (600, 400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"url": "http://reader.test/fr/recits/brouillon/"}, 404),
        ({"url": "http://reader.test/fr/nulle-part/"}, 404),
        ({"url": "http://reader.test/fr/"}, 404),  # the home page is not embeddable
        ({"url": "https://elsewhere.example/fr/series/bassin-minier/"}, 404),
        ({"url": "http://reader.test/fr/series/bassin-minier/", "format": "xml"}, 501),
        ({"url": "http://reader.test/fr/series/bassin-minier/", "format": "AAA"}, 400),
        ({"url": "http://reader.test/fr/series/bassin-minier/", "maxwidth": "100000"}, 400),
        ({}, 400),
        ({"url": "http://reader.test/fr/series/bassin-minier/", "maxwidth": "huge"}, 400),
        ({"url": "http://reader.test/fr/series/bassin-minier/", "callback": "x"}, 400),
    ],
)
def test_unknown_unpublished_and_unsupported(client, pages, query, status):
    response = client.get(OEMBED, query)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_micawber_consumes_the_live_endpoint(live_server):
    journalist = f.make_contributor("Jeanne Martin")
    series = f.make_series("Vallée de la Drôme")
    f.make_story("La rivière", parent=series, authors=[(journalist, "text")])
    providers = micawber.ProviderRegistry()
    providers.register(r"http://reader\.test/\S+", micawber.Provider(f"{live_server.url}{OEMBED}"))

    data = providers.request("http://reader.test/fr/series/vallee-de-la-drome/la-riviere/")

    assert data["type"] == "rich"
    assert data["title"] == "La rivière"
    assert data["author_name"] == "Jeanne Martin"
    # A URL alone on its line becomes the embed; inside a sentence, a titled link.
    text = "À lire :\nhttp://reader.test/fr/series/vallee-de-la-drome/la-riviere/\n"
    html = micawber.parse_text(text, providers)
    assert '<iframe src="http://reader.test/embed/story/' in html
    with pytest.raises(micawber.ProviderException):
        providers.request("http://reader.test/fr/series/vallee-de-la-drome/inconnue/")
