"""Embed cards: what partners' iframes show (the oEmbed answer points to them)."""


def test_series_card_shows_the_latest_episodes_and_links_out(reader, fake_api):
    response = reader.get("/embed/series/apres-la-mine/?locale=fr")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="fr">' in html
    assert "Après la mine" in html and "Un an en résidence à Loos-en-Gohelle" in html
    assert "En cours depuis mars 2025" in html
    assert html.index("Épisode 3 : le terril") < html.index("Épisode 1 : le terril")
    assert (
        'href="http://reader.test/fr/series/apres-la-mine/episode-1/" target="_blank" '
        'rel="noopener"'
    ) in html
    call = next(r for r in fake_api.requests if "resolve" in r.url.path)
    assert call.url.params["path"] == "/fr/series/apres-la-mine/"


def test_story_card(reader):
    response = reader.get("/embed/story/22/?locale=fr")
    assert response.status_code == 200
    assert "Épisode 2 : le terril" in response.text
    assert "Jeanne Martin, Paul Durand" in response.text


def test_only_embed_cards_may_be_framed(reader):
    card = reader.get("/embed/story/22/")
    assert "frame-ancestors *" in card.headers["content-security-policy"]
    assert "x-frame-options" not in card.headers
    assert card.headers["x-robots-tag"] == "noindex"
    page = reader.get("/fr/series/apres-la-mine/episode-2/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_embed_errors(reader):
    assert reader.get("/embed/story/abc/").status_code == 404
    assert reader.get("/embed/story/999/").status_code == 404
    assert reader.get("/embed/series/nowhere/?locale=fr").status_code == 404
    assert reader.get("/embed/story/22/?locale=xx").status_code == 200
