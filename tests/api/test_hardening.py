"""Input at the boundary of the public API: every class of hostile input found by the outside
review answers a 4xx problem (or a normal answer), never a 5xx."""

from django.test import override_settings

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import factories as f

PROBLEM = "application/problem+json"

NASTY_QUERIES = [
    '"',
    '"Bassin',
    'Bassin"',
    '""',
    '"""',
    "'",
    "Bassin AND",
    "AND",
    "OR",
    "NOT",
    "NOT Bassin",
    "Bassin OR OR",
    "(",
    ")",
    "(Bassin",
    "Bassin)",
    "*",
    "Bassin*",
    "*Bassin",
    "-",
    "-Bassin",
    "title:Bassin",
    ":",
    "^",
    "^Bassin",
    "Bassin^2",
    "NEAR(Bassin minier)",
    "Bassin + minier",
    "{Bassin}",
    "[Bassin]",
    "Bassin \\",
    "\\",
    "%",
    "_",
    "__",
    "Bassin; DROP TABLE wagtailcore_page; --",
    "' OR 1=1 --",
    "é\u0301",
    "\u200b",
    "😀 Bassin",
    "Bassin\tminier\nsud",
    "a" * 400,
    " ".join(["mot"] * 100),
]


def assert_not_5xx(response):
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"].startswith(PROBLEM)


@pytest.mark.parametrize("text", NASTY_QUERIES)
def test_search_syntax_is_words_never_a_server_error(api, text):
    for endpoint in ("search/", "stories/", "series/"):
        assert_not_5xx(api(endpoint, q=text))


def test_search_words_still_find_with_punctuation_around(api, world):
    for text in ('"Bassin', "Bassin*", "(Bassin)", "-Bassin", "^Bassin", "Bassin:"):
        response = api("search/", q=text, type="series")
        assert response.status_code == 200
        ids = [item["id"] for item in response.json()["items"]]
        assert world.series.pk in ids, text


def test_list_q_is_a_query_of_words(api, world):
    # Every word, anywhere in the title, in any order; punctuation only separates them.
    response = api("stories/", q="Lille, maraîchers")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [world.lille_story.pk]
    assert api("stories/", q='"(*)"').json()["items"] == []


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from(list("\"'()*-:^+{}[]\\%_~!@#$&|<>=,.;/ ") + ["AND", "OR", "NOT"]),
            st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        ),
        min_size=1,
        max_size=30,
    ).map("".join)
)
def test_any_text_in_q_never_answers_5xx(api, text):
    for endpoint in ("search/", "stories/"):
        assert_not_5xx(api(endpoint, q=text))


@override_settings(DEBUG=False)
def test_search_on_the_database_backend_quotes_every_word(api):
    # FTS5 reads an unquoted NOT or a lone quote as syntax: these were 500s on SQLite.
    for text in ('"', "NOT", 'Bassin "minier', "a AND (b"):
        response = api("search/", q=text)
        assert response.status_code == 200, text


# --- 11: dates at the edges ---------------------------------------------------------------------

EDGE_INSTANTS = [
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999",
    "1899-12-31",
    "2200-01-01T00:00:00+00:00",
]


def edge_cursor(instant: str, pk: int = 1) -> str:
    import base64
    import json

    raw = json.dumps([instant, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("instant", EDGE_INSTANTS)
def test_dates_at_the_edges_are_a_400_problem(api, instant):
    for name in ("published_after", "published_before"):
        response = api("stories/", **{name: instant})
        assert response.status_code == 400, response.content[:300]
        assert response["Content-Type"].startswith(PROBLEM)
        assert response.json()["parameter"] == name


@pytest.mark.parametrize(
    "query",
    [{"since": instant} for instant in EDGE_INSTANTS]
    + [{"cursor": edge_cursor(instant + "T00:00:00+00:00")} for instant in ("0001-01-01",)]
    + [
        {"cursor": edge_cursor("9999-12-31T23:59:59+00:00")},
        {"cursor": edge_cursor("0001-01-01T00:00:00+14:00")},
        {"cursor": edge_cursor("2025-01-01T00:00:00+00:00", 2**40)},
        {"cursor": edge_cursor("2025-01-01T00:00:00+00:00", -1)},
    ],
)
def test_since_and_cursors_at_the_edges_are_a_400_problem(api, query):
    _, key = f.make_partner_key()
    response = api.client.get(
        "/api/v1/syndication/items/", query, HTTP_AUTHORIZATION=f"Api-Key {key}"
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["parameter"] in ("since", "cursor")


def test_dates_inside_the_bounds_still_filter(api, world):
    response = api("stories/", published_after="1900-01-01", published_before="2199-12-31")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == len(world.public_stories)


# --- 12: broken URLs and paths --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["//[", "//[::1", "//example.org/fr/", "/fr/[", "//", "/fr/\\[x"])
def test_resolve_with_a_broken_path_is_a_4xx_problem(api, path):
    response = api("resolve/", path=path)
    assert response.status_code in (400, 404), response.content[:300]
    assert response["Content-Type"].startswith(PROBLEM)


@pytest.mark.parametrize(
    "url",
    ["http://[", "http://[::1", "http://reader.test:port/fr/", "http://]/", "https://[x]/", "//["],
)
def test_oembed_with_a_broken_url_is_a_4xx_problem(api, url):
    response = api("oembed/", url=url)
    assert response.status_code in (400, 404), response.content[:300]
    assert response["Content-Type"].startswith(PROBLEM)


# --- 18: NUL bytes ---------------------------------------------------------------------------


def test_nul_bytes_are_refused_before_the_database(api, world):
    response = api("oembed/", url="http://reader.test/fr/\x00/")
    assert response.status_code == 400 and response.json()["parameter"] == "url"
    for path in (
        "/api/v1/feeds/fr/themes/trans%00ition/rss.xml",
        "/api/v1/feeds/fr/territories/%00/atom.xml",
        "/api/v1/feeds/fr/series/bassin%00minier/feed.json",
    ):
        response = api(path)
        assert response.status_code == 400, (path, response.content[:300])
        assert response["Content-Type"].startswith(PROBLEM)
    # Anything else that is not a slug is simply not found.
    assert api("/api/v1/feeds/fr/themes/trans%C3%A9/rss.xml").status_code == 404
    assert api("/api/v1/feeds/fr/themes/transition/rss.xml").status_code == 200


# --- 22: ASCII digits only ------------------------------------------------------------------------

UNICODE_DIGITS = ["١٠", "१०", "１０", "꘡꘠", "𝟏𝟎"]  # Arabic-Indic, Devanagari, full-width, Vai, math


@pytest.mark.parametrize("digits", UNICODE_DIGITS)
def test_unicode_digits_are_not_numbers(api, world, digits):
    for name in ("limit", "offset"):
        response = api("stories/", **{name: digits})
        assert response.status_code == 400, (name, response.content[:200])
        assert response.json()["parameter"] == name
    assert api("stories/", series=digits).status_code == 400
    assert api(f"stories/{digits}/").status_code == 404
    assert api(f"series/{digits}/").status_code == 404
    assert api("oembed/", url="http://reader.test/fr/", maxwidth=digits + "00").status_code == 400


def test_a_slug_with_a_trailing_newline_is_not_a_slug(api, world):
    assert api("stories/", territory="loos-en-gohelle\n").status_code == 400
    assert api("/api/v1/themes/transition%0A/").status_code == 404
