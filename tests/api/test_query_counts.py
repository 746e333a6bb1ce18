"""No N+1: a list costs the same number of queries for 1 item as for 100; a detail stays
under a fixed bound. Built on more than 100 items of every listed kind."""

import datetime
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from series.models import SeriesJournalist, SeriesPage, SeriesPartner
from stories.models import StoryAuthor, StoryPage
from tests import factories as f

N = 105


@pytest.fixture(scope="module")
def many(module_db):
    image = f.make_image("Couverture")
    f.make_renditions(image)
    region = f.make_territory("Région", kind="region", slug="region")
    theme = f.make_theme("Thème", slug="theme")
    contributor = f.make_contributor("Autrice", photo=image)
    partner = f.make_partner("Financeur", logo=image)
    series_list = []
    for i in range(N):
        territory = f.make_territory(f"Commune {i:03d}", parent=region)
        f.make_theme(f"Thème {i:03d}", slug=f"theme-{i:03d}")
        f.make_contributor(f"Contributeur {i:03d}", photo=image)
        f.make_partner(f"Partenaire {i:03d}", logo=image)
        series = SeriesPage(
            title=f"Série {i:03d}",
            slug=f"serie-{i:03d}",
            started_on=datetime.date(2025, 1, 1),
            territory=territory,
            cover_image=image,
        )
        series.themes.set([theme])  # parental many-to-many: saved with the page
        f.add_live(f.series_index(), series)
        SeriesJournalist.objects.create(page=series, contributor=contributor)
        SeriesPartner.objects.create(page=series, partner=partner, role="funder")
        series_list.append(series)
    stories = []
    for i in range(N):
        story = StoryPage(
            title=f"Récit {i:03d}",
            slug=f"recit-{i:03d}",
            subtitle="Chapeau commun",
            lead_image=image,
            territory=region,
            published_at=timezone.now() - datetime.timedelta(hours=i),
        )
        story.themes.set([theme])
        f.add_live(series_list[i % 3], story)
        StoryAuthor.objects.create(page=story, contributor=contributor, role="text")
        stories.append(story)
    return {"series": series_list, "stories": stories, "image": image}


def count_queries(client, url, **params):
    """Queries of a cold request (the cache emptied first). Per-process memories
    (locales, content types) are warmed first, as in a server that has answered once: the
    count must not depend on which test ran before."""
    client.get(url, params)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/stories/", {}),
        ("/api/v1/stories/", {"territory": "region", "theme": "theme"}),
        ("/api/v1/series/", {}),
        ("/api/v1/territories/", {}),
        ("/api/v1/themes/", {}),
        ("/api/v1/contributors/", {}),
        ("/api/v1/partners/", {}),
        ("/api/v1/search/", {"q": "Récit"}),
        ("/api/v1/search/", {"q": "Série"}),
    ],
)
def test_list_queries_do_not_grow_with_the_page_size(client, many, db, url, params):
    client.get(url, {"limit": 1, **params})  # warm the per-process caches (locales, types)
    one, small = count_queries(client, url, limit=1, **params)
    hundred, large = count_queries(client, url, limit=100, **params)
    assert len(small["items"]) == 1
    assert len(large["items"]) == 100, large["meta"]
    assert hundred == one, f"{url}: {one} queries for 1 item, {hundred} for 100"


@pytest.mark.parametrize(
    ("endpoint", "bound"),
    [
        # Stored documents: hidden subtrees, the document, a series' episodes.
        ("story", 3),
        ("series", 3),
        ("home", 2),
        ("resolve-story", 3),
        ("resolve-home", 3),
        # Snippets: hidden subtrees, the document, and one query for what follows the clock
        # (the counts of published pages and the newest publication among them; a
        # partner's series with their episodes counted).
        ("territory", 3),
        ("theme", 3),
        ("contributor", 3),
        ("partner", 3),
    ],
)
def test_detail_queries_stay_under_a_bound(client, many, db, endpoint, bound):
    story, series = many["stories"][0], many["series"][0]
    urls = {
        "story": f"/api/v1/stories/{story.pk}/",
        "series": f"/api/v1/series/{series.pk}/",
        "territory": "/api/v1/territories/region/",
        "theme": "/api/v1/themes/theme/",
        "contributor": "/api/v1/contributors/autrice/",
        "partner": "/api/v1/partners/financeur/",
        "home": "/api/v1/home/",
        "resolve-story": f"/api/v1/resolve/?path=/fr/series/{series.slug}/{story.slug}/",
        "resolve-home": "/api/v1/resolve/?path=/fr/",
    }
    queries, _ = count_queries(client, urls[endpoint])
    assert queries <= bound, f"{endpoint}: {queries} queries"


@pytest.mark.parametrize("filename", ["rss.xml", "atom.xml", "feed.json"])
@pytest.mark.parametrize("partner", [False, True], ids=["public", "partner"])
def test_feed_queries_do_not_grow_with_the_number_of_items(client, many, db, filename, partner):
    """Series, episode, funding and attribution of every item come from one batch per feed:
    a feed of 1 story in a series costs what one of 35 costs."""
    lone_series, crowded_series = many["series"][5], many["series"][0]  # 0: 35 episodes
    # Like the others (lead image, author): only the number of items differs.
    lone = StoryPage(
        title="Seul épisode", slug="seul", lead_image=many["image"], published_at=timezone.now()
    )
    f.add_live(lone_series, lone)
    StoryAuthor.objects.create(
        page=lone, contributor=many["stories"][0].authors.first().contributor
    )

    def cost(series):
        if partner:
            # Partner feeds have no series path: a key scoped to the series does the same.
            _, key = f.make_partner_key(series=[series])
            url, headers = (
                f"/api/v1/syndication/feeds/{filename}",
                {"HTTP_AUTHORIZATION": f"Api-Key {key}"},
            )
        else:
            url, headers = f"/api/v1/feeds/fr/series/{series.slug}/{filename}", {}
        client.get(url, **headers)  # warm the per-process caches (locales, routes, types)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:300]
        body = response.content.decode()
        items = body.count("urn:terrain:story:")
        assert body.count("Financement et soutien") >= items  # what made the batch worth it
        return len(queries), items

    one, items = cost(lone_series)
    assert items == 1
    crowded, items = cost(crowded_series)
    assert items == 35
    assert crowded == one, f"{filename}: {one} queries for 1 item, {crowded} for 35"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"territory": "region", "theme": "theme", "contributor": "autrice"},
        {"series": "SERIES", "ordering": "episode"},
        {"q": "Récit", "published_after": "2020-01-01"},
    ],
    ids=["plain", "taxonomy", "series", "words"],
)
@pytest.mark.parametrize("limit", [1, 100])
def test_a_story_list_reads_its_documents_in_three_queries(client, many, db, params, limit):
    """Hidden subtrees, the count, and the page of stories with their documents: filters are
    subqueries (a territory's whole subtree included), never queries of their own."""
    if params.get("series"):
        params = {**params, "series": many["series"][0].pk}
    queries, data = count_queries(client, "/api/v1/stories/", limit=limit, **params)
    assert data["items"], data
    assert queries <= 3, f"{queries} queries"


@pytest.mark.parametrize(
    "params", [{}, {"territory": "region", "theme": "theme", "status": "ongoing"}]
)
@pytest.mark.parametrize("limit", [1, 100])
def test_a_series_list_reads_its_documents_in_three_queries(client, many, db, params, limit):
    queries, data = count_queries(client, "/api/v1/series/", limit=limit, **params)
    assert data["items"], data
    assert queries <= 3, f"{queries} queries"


def partner_content_queries(queries) -> list[str]:
    """The queries of a partner request past its key: the key's lookup and the day's usage
    count are the same for every endpoint, and are not what a page of items costs."""
    bookkeeping = re.compile(r'(FROM|UPDATE|INTO) "series_(partnerapikey|apikeyusage)"( |$)')
    return [q["sql"] for q in queries if not bookkeeping.search(q["sql"])]


@pytest.mark.parametrize("limit", [1, 100])
@pytest.mark.parametrize("scope", ["everything", "one series, French"])
def test_a_ninjs_page_reads_its_documents_in_three_queries(client, many, db, limit, scope):
    """Hidden subtrees, the count, and the page of stories with their stored documents and
    their place in the change log; the key's scope is subqueries of those."""
    if scope == "everything":
        _, key = f.make_partner_key()
    else:
        _, key = f.make_partner_key(series=[many["series"][0]], locales=["fr"])
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    url = "/api/v1/syndication/items/"
    client.get(url, {"limit": limit}, **headers)  # warm: per-process caches, stored documents
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": limit}, **headers)
    assert response.status_code == 200, response.content
    assert len(response.json()["items"]) == min(limit, 35 if scope != "everything" else N)
    content = partner_content_queries(queries)
    assert len(content) <= 3, "\n".join(content)
