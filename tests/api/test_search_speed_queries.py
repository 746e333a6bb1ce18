"""search/: the cost of a request does not grow with its hits, and the index read once for
every kind (api.search) gives exactly what the backend's own search gives, hidden pages
excluded, including when the MAX_HITS cut falls among hidden or other-locale candidates."""

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

import pytest

from api import search
from api.visibility import visible
from series.models import SeriesPage
from stories.models import StoryPage, Territory
from tests import factories as f

MANY = 30
# Measured: the index (1), the hidden subtrees (1), the rows of each kind with hits (3), the
# site's last change for Last-Modified (1).
ALL_KINDS_BOUND = 6


@pytest.fixture(scope="module")
def many(world):
    stories = [
        f.add_live(
            f.story_index(),
            StoryPage(title=f"Récit animalier {i:02d}", subtitle="Un quokka et un wombat."),
        )
        for i in range(MANY)
    ]
    lone = f.add_live(
        f.story_index(), StoryPage(title="Récit isolé", subtitle="Un ornithorynque seul.")
    )
    hidden = f.hide(f.make_story("Quokka caché", subtitle="Un quokka caché."), "expired")
    english = f.make_story("Quokka abroad", parent=f.story_index("en"), subtitle="A quokka.")
    series = f.make_series("Série wombat", strapline="Le wombat au long cours")
    territory = f.make_territory("Wombat-sur-Mer")
    return {
        "stories": stories,
        "lone": lone,
        "hidden": hidden,
        "english": english,
        "series": series,
        "territory": territory,
    }


def count_queries(client, **params):
    client.get("/api/v1/search/", params)  # per-process memories (locales, content types)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_queries_do_not_grow_with_the_hits(client, many, db):
    one, small = count_queries(client, q="ornithorynque", limit=100)
    thirty, large = count_queries(client, q="quokka", limit=100)
    assert [item["id"] for item in small["items"]] == [many["lone"].pk]
    assert len(large["items"]) == MANY and large["meta"]["total_count"] == MANY
    assert many["hidden"].pk not in {item["id"] for item in large["items"]}
    assert thirty == one, f"{one} queries for 1 hit, {thirty} for {MANY}"


def test_queries_stay_bounded_with_hits_of_every_kind(client, many, db):
    count, body = count_queries(client, q="wombat", limit=100)
    assert {item["type"] for item in body["items"]} == {"series", "territory", "story"}
    assert body["meta"]["total_count"] == MANY + 2
    assert count <= ALL_KINDS_BOUND, f"{count} queries"


def backend_hits(request, text, locale_id, types=search.TYPES, max_hits=search.MAX_HITS):
    """The reference: the backend's own ranking of each kind, cut at max_hits, then the
    visible ones in that order."""
    backend = get_search_backend()
    query = PlainText(" ".join(search.query_words(text)), operator="and")

    def ranked(queryset):
        return [obj.pk for obj in backend.search(query, queryset)[:max_hits]]

    hits = []
    if "series" in types:
        ids = ranked(SeriesPage.objects.live().filter(locale_id=locale_id))
        shown = set(visible(request, SeriesPage).filter(pk__in=ids).values_list("pk", flat=True))
        hits += [("series", pk) for pk in ids if pk in shown]
    if "territory" in types:
        ids = ranked(Territory.objects.all())
        local = set(Territory.objects.filter(locale_id=locale_id).values_list("pk", flat=True))
        hits += [("territory", pk) for pk in ids if pk in local]
    if "story" in types:
        ids = ranked(StoryPage.objects.live().filter(locale_id=locale_id))
        shown = set(visible(request, StoryPage).filter(pk__in=ids).values_list("pk", flat=True))
        hits += [("story", pk) for pk in ids if pk in shown]
    return hits


QUERIES = [
    ("Bassin", "fr"),
    ("Loos", "fr"),
    ("Loos", "en"),
    ("Maraîchers", "fr"),
    ("Épisode", "fr"),
    ("Episode", "en"),
    ("Caché", "fr"),
    ("terrain", "fr"),
    ("Chapeau de", "fr"),
    ("paragraphe terrain", "fr"),
    ("quokka", "fr"),
    ("quokka", "en"),
    ("wombat", "fr"),
    ("zzzz", "fr"),
]


def found(text, code, types=search.TYPES):
    request = RequestFactory().get("/")
    return [(kind, pk) for kind, pk, _row in search.search_hits(request, text, code, types)]


def reference(text, code, types=search.TYPES, max_hits=search.MAX_HITS):
    return backend_hits(RequestFactory().get("/"), text, code, types, max_hits)


@pytest.mark.parametrize(("text", "code"), QUERIES)
def test_same_hits_in_the_same_order_as_the_backend(many, db, text, code):
    locale_id = f.locale(code).pk
    assert found(text, locale_id) == reference(text, locale_id)
    assert found(text, locale_id, ("story",)) == reference(text, locale_id, ("story",))


@pytest.mark.parametrize(("text", "code"), [("quokka", "fr"), ("wombat", "fr"), ("Loos", "fr")])
def test_the_cut_is_made_before_visibility_as_the_backend_does(monkeypatch, many, db, text, code):
    """More candidates than MAX_HITS: the hidden story and the English one are among them."""
    monkeypatch.setattr(search, "MAX_HITS", 3)
    locale_id = f.locale(code).pk
    assert found(text, locale_id) == reference(text, locale_id, max_hits=3)


class ObjectsOnlyBackend:
    """A backend whose results are objects, not a queryset (as a search server's are)."""

    def __init__(self, backend):
        self.backend = backend

    def search(self, query, queryset):
        return list(self.backend.search(query, queryset))


@pytest.mark.parametrize("backend", ["queryset results", "object results"])
def test_other_backends_give_the_same_hits(monkeypatch, many, db, backend):
    if backend == "queryset results":
        monkeypatch.setattr(search, "_index_ranking", lambda backend: None)
    else:
        real = get_search_backend()
        monkeypatch.setattr(search, "get_search_backend", lambda: ObjectsOnlyBackend(real))
    for text, code in QUERIES:
        locale_id = f.locale(code).pk
        assert found(text, locale_id) == reference(text, locale_id), text


def test_results_are_the_rows_of_the_hits(api, many):
    body = api("search/", q="wombat", limit=100).json()
    first = {item["type"]: item for item in reversed(body["items"])}
    assert first["series"]["excerpt"] == "Le wombat au long cours"
    assert first["territory"]["title"] == "Wombat-sur-Mer"
    assert first["territory"]["url"] == "http://reader.test/fr/territoires/wombat-sur-mer/"
    assert first["story"]["excerpt"] == "Un quokka et un wombat."
    assert first["story"]["api_url"].startswith("http://testserver/api/v1/stories/")
