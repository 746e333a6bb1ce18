"""Search across stories, series and territories with Wagtail's search backend.

The backend ranks; visibility is then checked in the ORM with .visible(), because the index
doesn't know about go_live_at, expire_at, view restrictions or hidden parents.
"""

import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from series.models import SeriesPage
from stories.models import StoryPage, Territory

from .links import api_url, locale_code, page_url, snippet_url
from .visibility import visible

MAX_HITS = 500  # per type: deep pages of a search are not worth their cost
EXCERPT_WORDS = 40
TYPES = ("series", "territory", "story")
MAX_WORDS = 20
WORD_RE = re.compile(r"\w+")


def query_words(text: str) -> list[str]:
    """User text as a list of words, and nothing else.

    Full-text engines give meaning to quotes, AND/OR/NOT, parentheses, *, -, :, ^ (and SQLite's
    FTS5 answers an unbalanced quote with a syntax error); a reader types words. Punctuation
    only separates words, and each word reaches the backend as a quoted term."""
    words = WORD_RE.findall(unicodedata.normalize("NFC", text))
    return [word for word in words if word.strip("_")][:MAX_WORDS]


def ranked_ids(queryset, query: str) -> list[int]:
    words = query_words(query)
    if not words:
        return []
    backend = get_search_backend()
    # A PlainText of plain words: the backend quotes each one; "and" so every word counts.
    found = backend.search(PlainText(" ".join(words), operator="and"), queryset)
    return [obj.pk for obj in found[:MAX_HITS]]


def search_hits(request, query: str, locale_id: int, types=TYPES) -> list[tuple[str, int]]:
    """(type, id) of every visible hit, series first, then territories, then stories."""
    hits: list[tuple[str, int]] = []
    if "series" in types:
        ids = ranked_ids(SeriesPage.objects.live().filter(locale_id=locale_id), query)
        shown = set(visible(request, SeriesPage).filter(pk__in=ids).values_list("pk", flat=True))
        hits += [("series", pk) for pk in ids if pk in shown]
    if "territory" in types:
        ids = ranked_ids(Territory.objects.all(), query)
        local = set(
            Territory.objects.filter(pk__in=ids, locale_id=locale_id).values_list("pk", flat=True)
        )
        hits += [("territory", pk) for pk in ids if pk in local]
    if "story" in types:
        ids = ranked_ids(StoryPage.objects.live().filter(locale_id=locale_id), query)
        shown = set(visible(request, StoryPage).filter(pk__in=ids).values_list("pk", flat=True))
        hits += [("story", pk) for pk in ids if pk in shown]
    return hits


def _excerpt(text: str) -> str:
    return Truncator(strip_tags(text or "")).words(EXCERPT_WORDS)


def search_results(request, hits: list[tuple[str, int]]) -> list[dict]:
    wanted = {kind: [pk for k, pk in hits if k == kind] for kind in TYPES}
    found = {}
    if wanted["series"]:
        for s in SeriesPage.objects.filter(pk__in=wanted["series"]):
            code = locale_code(s.locale_id)
            found[("series", s.pk)] = {
                "title": s.title,
                "locale": code,
                "url": page_url(s.url_path, code),
                "api_url": api_url(request, "series-detail", id=s.pk),
                "excerpt": _excerpt(s.strapline or s.intro),
            }
    if wanted["territory"]:
        for t in Territory.objects.filter(pk__in=wanted["territory"]):
            code = locale_code(t.locale_id)
            found[("territory", t.pk)] = {
                "title": t.name,
                "locale": code,
                "url": snippet_url("territory", t.slug, code),
                "api_url": api_url(request, "territory-detail", {"locale": code}, slug=t.slug),
                "excerpt": _excerpt(t.description),
            }
    if wanted["story"]:
        for s in StoryPage.objects.filter(pk__in=wanted["story"]):
            code = locale_code(s.locale_id)
            found[("story", s.pk)] = {
                "title": s.title,
                "locale": code,
                "url": page_url(s.url_path, code),
                "api_url": api_url(request, "story-detail", id=s.pk),
                "excerpt": _excerpt(s.subtitle),
            }
    return [
        {"id": pk, "type": kind, **found[(kind, pk)]} for kind, pk in hits if (kind, pk) in found
    ]
