"""Every page type of the reader site, rendered from canned API v1 JSON."""

import re
from html import unescape

import pytest

from .fake_api import EPISODES, READER, SERIES, STORY


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_root_redirects_by_accept_language_french_by_default(reader):
    assert reader.get("/").headers["location"] == "/fr/"
    assert reader.get("/", headers={"Accept-Language": "de-DE, de"}).headers["location"] == "/fr/"
    english = reader.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})
    assert english.status_code == 302
    assert english.headers["location"] == "/en/"
    assert "Accept-Language" in english.headers["vary"]


def test_home_shows_featured_series_and_latest_stories(reader, fake_api):
    response = reader.get("/fr/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="fr"' in html
    assert "Séries à la une" in html and "Après la mine" in html
    assert "Derniers récits" in html
    # featured story is not repeated among the latest
    assert html.count("Épisode 1 : le terril") == 1
    assert "Épisode 3 : le terril" in html
    # home/ carries the latest stories: one API call for the whole page
    assert fake_api.paths() == ["home/"]


def test_home_fetches_latest_stories_when_home_has_none(reader, fake_api):
    fake_api.routes["home/"] = lambda q: {"title": "Terrain", "featured_series": []}
    html = reader.get("/fr/").text
    assert fake_api.paths() == ["home/", "stories/"]
    assert "Épisode 3 : le terril" in html


def test_english_home_uses_english_interface(reader):
    html = reader.get("/en/").text
    assert '<html lang="en"' in html
    assert "Latest stories" in html and "Skip to content" in html


def test_series_list_passes_filters_and_shows_options(reader, fake_api):
    response = reader.get("/fr/series/?territory=loos-en-gohelle&theme=transition&status=ongoing")
    assert response.status_code == 200
    series_call = next(r for r in fake_api.requests if r.url.path.endswith("/series/"))
    assert series_call.url.params["territory"] == "loos-en-gohelle"
    assert series_call.url.params["theme"] == "transition"
    assert series_call.url.params["status"] == "ongoing"
    assert series_call.url.params["locale"] == "fr"
    assert '<option value="loos-en-gohelle" selected>Loos-en-Gohelle</option>' in response.text
    assert '<option value="ongoing" selected>En cours</option>' in response.text
    assert "En cours depuis mars 2025" in response.text


def test_series_list_ignores_an_unknown_status_and_reports_api_400(reader, fake_api):
    reader.get("/fr/series/?status=everything")
    call = next(r for r in fake_api.requests if r.url.path.endswith("/series/"))
    assert "status" not in call.url.params
    response = reader.get("/fr/series/?territory=nowhere")
    assert response.status_code == 400
    assert "No territory “nowhere”." in response.text


def test_series_page(reader):
    response = reader.get("/fr/series/apres-la-mine/")
    assert response.status_code == 200
    html = response.text
    text = text_of(html)
    assert "<h1>Après la mine</h1>" in html
    assert "Un an en résidence à Loos-en-Gohelle" in html
    assert "En cours depuis mars 2025" in html
    assert "Comment une ville minière se réinvente." in html
    assert 'alt="Les deux terrils jumeaux"' in html
    assert "Journalistes en résidence" in html and "Jeanne Martin" in html
    # partners with role and the funding disclosure in plain view (not hidden in <details>)
    assert "Fondation du Bassin — Financeur" in text
    assert (
        "A financé la résidence à hauteur de 12 000 euros, sans droit de regard éditorial." in html
    )
    assert "Ville de Loos-en-Gohelle — Territoire d'accueil" in text
    assert "<details" not in html.split('id="partners"')[1].split("</section>")[0]
    assert "Aucun partenaire ne relit les textes." in html
    positions = [html.index(e["title"]) for e in EPISODES]
    assert positions == sorted(positions)
    assert "Épisode 1" in html and "Épisode 3" in html


def test_series_page_in_english_says_ongoing_since(reader, fake_api):
    fake_api.resolve["/en/series/after-the-mine/"] = dict(
        SERIES, locale="en", title="After the mine"
    )
    html = reader.get("/en/series/after-the-mine/").text
    assert "Ongoing since March 2025" in html
    assert "Funder" in html


def test_series_without_episodes_in_detail_fetches_them_in_order(reader, fake_api):
    fake_api.resolve["/fr/series/apres-la-mine/"] = dict(SERIES, episodes=None)
    html = reader.get("/fr/series/apres-la-mine/").text
    call = next(r for r in fake_api.requests if r.url.path.endswith("/stories/"))
    assert call.url.params["series"] == "10"
    assert call.url.params["ordering"] == "episode"
    assert html.index("Épisode 1 : le terril") < html.index("Épisode 2 : le terril")


def test_story_page_header_and_metadata(reader):
    response = reader.get("/fr/series/apres-la-mine/episode-2/")
    assert response.status_code == 200
    html = response.text
    text = text_of(html)
    assert "<h1>Épisode 2 : le terril</h1>" in html
    assert "Chapeau de l&#39;épisode 2." in html
    assert "Épisode 2 sur 3" in html
    # lead image with its own caption and credit, eager (above the fold) with dimensions
    lead = html.split('class="figure lead"')[1].split("</figure>")[0]
    assert "Photo : Paul Durand / Terrain" in lead and "Le carreau de fosse au petit matin" in lead
    assert 'fetchpriority="high"' in lead and 'width="800" height="533"' in lead
    assert "loading=" not in lead
    assert "Jeanne Martin (Texte)" in text and "Paul Durand (Photo)" in text
    assert "Publié le 12 avril 2025" in text and "Mis à jour le 14 mai 2025" in text
    assert "6 minutes de lecture" in text
    assert '<a href="/fr/territoires/loos-en-gohelle/">Loos-en-Gohelle</a>' in html
    assert '<a href="/fr/themes/transition/">Transition</a>' in html
    assert "<li>énergie</li>" in html and "<li>friches</li>" in html
    assert "Correction du 14 mai 2025 :" in text
    assert "Une version précédente donnait une population erronée." in html
    assert 'rel="license">CC BY 4.0</a>' in html


def test_episode_navigation(reader):
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    nav = html.split('class="episode-nav"')[1].split("</nav>")[0]
    assert 'href="/fr/series/apres-la-mine/episode-1/" rel="prev"' in nav
    assert 'href="/fr/series/apres-la-mine/episode-3/" rel="next"' in nav
    assert 'href="/fr/series/apres-la-mine/"' in nav
    first = reader.get("/fr/series/apres-la-mine/episode-1/").text
    first_nav = first.split('class="episode-nav"')[1].split("</nav>")[0]
    assert 'rel="prev"' not in first_nav and "episode-2/" in first_nav
    assert "Épisode 1 sur 3" in first


def test_story_page_uses_episode_position_from_the_api_when_given(reader, fake_api):
    fake_api.resolve["/fr/series/apres-la-mine/episode-2/"] = dict(
        STORY, episode=3, episode_count=8, previous=EPISODES[0], next=None
    )
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert "Épisode 3 sur 8" in html
    assert not any(r.url.path.endswith("/stories/") for r in fake_api.requests)


def test_territory_portrait(reader, fake_api):
    response = reader.get("/fr/territoires/loos-en-gohelle/")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Loos-en-Gohelle</h1>" in html
    assert "6\u202f500" in html and "62528" in html
    assert '<a href="/fr/territoires/pas-de-calais/">Pas-de-Calais</a>' in html
    assert '<a href="/fr/territoires/cite-5/">Cité 5</a>' in html
    svg = html.split("<svg")[1].split("</svg>")[0]
    # one marker per distinct place: the commune (with its 3 stories) and the place within it
    assert svg.count("<circle") == 2
    assert re.search(r"<text [^>]*class=\"map-count\"[^>]*>3</text>", svg)
    legend = html.split('class="map-legend"')[1].split("</ul>")[0]
    for episode in EPISODES:
        assert f'<a href="{episode["url"].removeprefix("http://reader.test")}">' in legend
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tile service
    assert "Séries à Loos-en-Gohelle" in html and "Après la mine" in html
    calls = {r.url.path.rsplit("/v1/", 1)[1]: r.url.params for r in fake_api.requests}
    assert calls["stories/"]["territory"] == "loos-en-gohelle"
    assert calls["series/"]["territory"] == "loos-en-gohelle"


def test_theme_page(reader):
    html = reader.get("/fr/themes/transition/").text
    assert "<h1>Transition</h1>" in html
    assert "Ce qui change quand une ville change d&#39;énergie." in html
    assert "Épisode 3 : le terril" in html


def test_contributor_page(reader, fake_api):
    html = reader.get("/fr/contributeurs/jeanne-martin/").text
    assert "<h1>Jeanne Martin</h1>" in html
    assert "Journaliste en résidence dans le bassin minier." in html
    assert 'href="https://example.org/@jeanne" rel="me noopener">Mastodon' in html
    assert "Récits de Jeanne Martin" in html
    call = next(r for r in fake_api.requests if r.url.path.endswith("/stories/"))
    assert call.url.params["contributor"] == "jeanne-martin"
    english = reader.get("/fr/contributeurs/jeanne-martin/").text
    assert 'href="/en/contributors/jeanne-martin/"' in english


def test_search_groups_results_by_type(reader, fake_api):
    html = reader.get("/fr/recherche/?q=mine").text
    assert "3 résultats pour « mine »" in html
    assert (
        html.index('id="results-series"')
        < html.index('id="results-story"')
        < html.index('id="results-territory"')
    )
    assert '<meta name="robots" content="noindex, nofollow">' in html
    call = next(r for r in fake_api.requests if r.url.path.endswith("/search/"))
    assert call.url.params["q"] == "mine" and call.url.params["locale"] == "fr"


def test_empty_search_does_not_call_the_api(reader, fake_api):
    html = reader.get("/en/search/").text
    assert '<input id="search-q" type="search" name="q" value=""' in html
    assert fake_api.paths() == []


def test_story_list(reader):
    html = reader.get("/fr/recits/").text
    assert "<h1>Récits</h1>" in html and "Épisode 2 : le terril" in html


def test_redirect_from_the_cms(reader):
    response = reader.get("/fr/ancienne-adresse/")
    assert response.status_code == 301
    assert response.headers["location"] == "/fr/series/apres-la-mine/"


def test_path_without_trailing_slash_is_redirected(reader):
    response = reader.get("/fr/series/apres-la-mine")
    assert response.status_code == 301
    assert response.headers["location"] == "/fr/series/apres-la-mine/"


@pytest.mark.parametrize(
    "path",
    ["/fr/nulle-part/", "/de/", "/fr/territoires/atlantide/", "/fr/themes/nothing/", "/nope/"],
)
def test_404_page(reader, path):
    response = reader.get(path)
    assert response.status_code == 404
    assert "Page introuvable" in response.text or "Page not found" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert "Traceback" not in response.text


def test_404_in_english_under_en(reader):
    response = reader.get("/en/nowhere/")
    assert response.status_code == 404
    assert "Page not found" in response.text and '<html lang="en"' in response.text


@pytest.mark.parametrize(
    "path",
    ["/fr/", "/fr/series/apres-la-mine/", "/fr/territoires/loos-en-gohelle/", "/sitemap.xml"],
)
def test_503_when_the_api_is_unreachable(reader, fake_api, path):
    fake_api.down = True
    response = reader.get(path)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "30"
    assert response.headers["cache-control"] == "no-store"
    assert "momentanément indisponible" in response.text
    assert "Traceback" not in response.text and "ConnectError" not in response.text


def test_503_when_the_api_fails(reader, fake_api):
    fake_api.routes["home/"] = lambda q: (500, {"title": "boom"})
    response = reader.get("/fr/")
    assert response.status_code == 503


def test_unknown_block_type_is_skipped_not_fatal(reader, fake_api):
    fake_api.resolve["/fr/series/apres-la-mine/episode-2/"] = dict(
        STORY, body=[{"type": "hologram", "id": "x", "value": {"a": 1}}, *STORY["body"][:1]]
    )
    response = reader.get("/fr/series/apres-la-mine/episode-2/")
    assert response.status_code == 200
    assert "Au pied des <b>terrils</b>" in response.text


def test_escapes_text_from_the_api(reader, fake_api):
    fake_api.resolve["/fr/series/apres-la-mine/episode-2/"] = dict(
        STORY, title="<script>alert(1)</script>", subtitle='"><img src=x onerror=alert(1)>'
    )
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x onerror" not in html


def test_page_weight_html_css_js_under_100_kb_compressed(reader):
    import gzip

    html = reader.get("/fr/series/apres-la-mine/episode-2/")
    css = reader.get("/static/site.css")
    assert css.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', html.text)
    total = len(gzip.compress(html.content)) + len(gzip.compress(css.content))
    total += sum(len(gzip.compress(reader.get(src).content)) for src in scripts)
    assert total < 100 * 1024


def test_an_unexpected_answer_gives_a_500_page_not_a_traceback(reader_app, fake_api):
    from starlette.testclient import TestClient

    fake_api.resolve["/fr/series/apres-la-mine/"] = ["not", "an", "object"]
    with TestClient(reader_app, base_url=READER, raise_server_exceptions=False) as client:
        response = client.get("/fr/series/apres-la-mine/")
    assert response.status_code == 500
    assert "Quelque chose s&#39;est mal passé" in response.text
    assert "Traceback" not in response.text and "AttributeError" not in response.text


def test_pages_are_compressed_for_clients_that_accept_it(reader):
    response = reader.get(
        "/fr/series/apres-la-mine/episode-2/", headers={"Accept-Encoding": "gzip"}
    )
    assert response.headers["content-encoding"] == "gzip"
    assert "Épisode 2 : le terril" in response.text  # httpx decodes it
    assert "content-security-policy" in response.headers


def test_partner_page_discloses_what_it_funded(reader, fake_api):
    response = reader.get("/fr/partenaires/fondation-du-bassin/")
    assert response.status_code == 200
    text = text_of(response.text)
    assert "Fondation du Bassin" in text and "Fondation" in text
    assert "Après la mine — Financeur" in text
    assert "A financé la résidence à hauteur de 12 000 euros." in text
    series = reader.get("/fr/series/apres-la-mine/").text
    assert '<a href="/fr/partenaires/fondation-du-bassin/">Fondation du Bassin</a>' in series
    assert reader.get("/en/partners/nobody/").status_code == 404


def test_only_the_first_card_image_loads_eagerly(reader):
    html = reader.get("/fr/").text
    images = re.findall(r"<img [^>]+>", html.split("<main")[1])
    assert 'fetchpriority="high"' in images[0] and "loading=" not in images[0]
    assert all('loading="lazy"' in image for image in images[1:])
    assert all(re.search(r'width="\d+" height="\d+"', image) for image in images)
