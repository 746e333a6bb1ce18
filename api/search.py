"""Search across stories, series and territories with Wagtail's search backend.

The backend ranks; visibility is then checked in the ORM with .visible(), because the index
doesn't know about go_live_at, expire_at, view restrictions or hidden parents.

A request costs the same number of queries whatever the number of hits: the ranking, the
hidden subtrees once, then per kind with candidates one query that checks visibility and reads
the result rows together (and one more for a kind with over MAX_HITS candidates, to find
which of them make the backend's cut).
"""

import json
import re
import unicodedata

from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from series.models import SeriesPage
from stories.models import StoryPage, Territory

from .links import api_url, locale_code, page_url, snippet_url
from .read_model.prepared import as_built, prepared_rows
from .visibility import instant, visible_at

MAX_HITS = 500  # per type: deep pages of a search are not worth their cost
EXCERPT_WORDS = 40
TYPES = ("series", "territory", "story")
MODELS = {"series": SeriesPage, "territory": Territory, "story": StoryPage}
# What a result is made of, read with its visibility (search_results formats it).
ROW_FIELDS = {
    "series": ("title", "locale_id", "url_path", "strapline", "intro"),
    "territory": ("name", "locale_id", "slug", "description"),
    "story": ("title", "locale_id", "url_path", "subtitle"),
}
MAX_WORDS = 20
WORD_RE = re.compile(r"\w+")


def query_words(text: str) -> list[str]:
    """User text as a list of words, and nothing else.

    Full-text engines give meaning to quotes, AND/OR/NOT, parentheses, *, -, :, ^ (and SQLite's
    FTS5 answers an unbalanced quote with a syntax error); a reader types words. Punctuation
    only separates words, and each word reaches the backend as a quoted term."""
    words = WORD_RE.findall(unicodedata.normalize("NFC", text))
    return [word for word in words if word.strip("_")][:MAX_WORDS]


def _ranked(kind: str, locale_id: int):
    """What the backend ranks for a kind. Its best MAX_HITS are cut before visibility is
    checked. Territories are ranked in every locale, then kept in the request's."""
    if kind == "territory":
        return Territory.objects.all()
    return MODELS[kind].objects.live().filter(locale_id=locale_id)


def _shown(kind: str, locale_id: int, now, hidden):
    """The ranked rows of a kind that a result may show (`now`, `hidden`: instant())."""
    if kind == "territory":
        return Territory.objects.filter(locale_id=locale_id)
    return visible_at(MODELS[kind], now, hidden).filter(locale_id=locale_id)


def search_hits(request, query: str, locale_id: int, types=TYPES) -> list[tuple]:
    """(type, id, row) of every visible hit, series first, then territories, then stories;
    search_results turns the rows of a page of hits into results."""
    words = query_words(query)
    kinds = [kind for kind in TYPES if kind in types]
    if not words or not kinds:
        return []
    backend = get_search_backend()
    # A PlainText of plain words: the backend quotes each one; "and" so every word counts.
    search = PlainText(" ".join(words), operator="and")
    ranking = _index_ranking(backend)
    if ranking is None:
        rows = _backend_rows(request, backend, search, locale_id, kinds)
    else:
        candidates, higher_is_better = ranking(backend, search, kinds)
        rows = {
            kind: _candidate_rows(request, kind, locale_id, scores, higher_is_better)
            for kind, scores in candidates.items()
        }
    return [(kind, row[0], row[1:]) for kind in kinds for row in rows[kind]]


def _backend_rows(request, backend, search, locale_id, kinds) -> dict[str, list[tuple]]:
    """Any other backend ranks each kind; visibility and the rows come with its results when
    they are a queryset, which keeps an annotation."""
    found_rows = {}
    for kind in kinds:
        shown = Exists(_shown(kind, locale_id, *instant(request)).filter(pk=OuterRef("pk")))
        ranked = _ranked(kind, locale_id).annotate(shown=shown)
        found = backend.search(search, ranked)[:MAX_HITS]
        if hasattr(found, "get_queryset"):
            rows = found.get_queryset().values_list("pk", "shown", *ROW_FIELDS[kind])
            found_rows[kind] = [(row[0], *row[2:]) for row in rows if row[1]]
        else:
            ids = [obj.pk for obj in found]
            found_rows[kind] = _rows_in_order(request, kind, locale_id, ids)
    return found_rows


def _candidate_rows(request, kind, locale_id, scores: dict[int, float], higher_is_better: bool):
    """(pk, *row) of the shown hits of a kind in the backend's order, from the scores of
    every indexed object of the kind that matches."""
    ids = list(scores)
    if len(ids) > MAX_HITS:
        # Which ones make the cut depends on the ranked scope, not on the index alone.
        ranked = _ranked(kind, locale_id).filter(pk__in=_id_list(json.dumps(ids))).order_by()
        ids = list(ranked.values_list("pk", flat=True))
    # The backend's order: best score first, then the highest pk.
    sign = -1 if higher_is_better else 1
    ids.sort(key=lambda pk: (sign * scores[pk], -pk))
    return _rows_in_order(request, kind, locale_id, ids[:MAX_HITS])


def shown_rows(*, kind, now, hidden, locale_id, ids):
    """(pk, *row) of the shown ones among `ids` (JSON text), in no order (a builder for
    prepared queries: the ids are one parameter whatever their number)."""
    shown = _shown(kind, locale_id, now, hidden).filter(pk__in=_id_list(ids))
    return shown.order_by().values_list("pk", *ROW_FIELDS[kind])


def _rows_in_order(request, kind, locale_id, ids: list[int]) -> list[tuple]:
    """(pk, *row) of the shown ones among ids, in the order of ids."""
    if not ids:
        return []
    now, hidden = instant(request)
    found = prepared_rows(
        as_built,
        shown_rows,
        kind=kind,
        now=now,
        hidden=hidden,
        locale_id=locale_id,
        ids=json.dumps(ids),
    )
    by_pk = {row[0]: row for row in found}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _id_list(ids: str) -> RawSQL:
    """ids (a JSON array) as one parameter: SQLite limits the parameters of a query (999 in
    older builds), a common word is in thousands of pages, and one text parameter keeps one
    prepared SQL whatever their number."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT jsonb_array_elements_text(%s::jsonb)::bigint", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (ids,))


# Wagtail's database backends rank one model at a time, with a query that reads every indexed
# object of the model: on SQLite the full-text match runs once per index entry of the model,
# then again per hit for its score (120 ms for 2,000 stories, 1.5 s for a common word). Here the
# index is read once for every kind, with the backend's own match and score expressions, and
# the backend's order is rebuilt from the scores.


def _index_ranking(backend):
    """The function that scores the candidates of every kind in this backend's index, if it is
    a backend whose index is known here."""
    # Each backend's module only imports on its own database.
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:
            return _sqlite_candidates
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

        if type(backend) is PostgresSearchBackend:
            return _postgres_candidates
    return None


def _content_types(kinds) -> dict[int, str]:
    from modelsearch.utils import get_descendants_content_types_pks

    return {
        content_type: kind
        for kind in kinds
        for content_type in get_descendants_content_types_pks(MODELS[kind])
    }


def _by_kind(entries, kind_of: dict[int, str], kinds) -> dict[str, dict[int, float]]:
    candidates: dict[str, dict[int, float]] = {kind: {} for kind in kinds}
    for content_type, object_id, score in entries:
        candidates[kind_of[content_type]][int(object_id)] = score
    return candidates


def _sqlite_candidates(backend, search, kinds):
    """{kind: {pk: score}} of the matching objects; bm25 is lower for better matches."""
    kind_of = _content_types(kinds)
    sql, params, match_at = _sqlite_compiled(backend, tuple(kind_of))
    params[match_at] = _sqlite_match_string(backend, search)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _by_kind(cursor.fetchall(), kind_of, kinds), False


# The ORM takes ten times longer to build the candidates query than SQLite takes to run it, and
# only the match string changes from one search to the next: it is compiled once per process
# (per backend and content types, which a test database may renumber).
_sqlite_queries: dict[tuple, tuple[str, tuple, int]] = {}


def _sqlite_compiled(backend, content_types: tuple[int, ...]) -> tuple[str, list, int]:
    """The candidates query's SQL, its parameters, and where the match string is in them."""
    key = (type(backend), content_types)
    if key not in _sqlite_queries:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        search = PlainText("placeholder", operator="and")
        compiler, match = _sqlite_match(backend, search)
        score = compiler._build_rank_expression(
            compiler.get_search_vectors(), compiler.get_config(backend)
        )
        entries = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type_id__in=content_types)
            .annotate(score=score)
            .values_list("index_entry__content_type_id", "index_entry__object_id", "score")
        )
        sql, params = entries.query.sql_with_params()
        at = params.index(_sqlite_match_string(backend, search))
        _sqlite_queries[key] = (sql, params, at)
    sql, params, at = _sqlite_queries[key]
    return sql, list(params), at


def _sqlite_match(backend, search):
    """The backend's query compiler for `search`, and its MATCH condition."""
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

    compiler = backend.query_compiler_class(MODELS["story"].objects.none(), search)
    query = compiler.build_search_query(normalize(search), config=compiler.get_config(backend))
    return compiler, MatchExpression(compiler.FTS_TABLE_FIELDS, query)


def _sqlite_match_string(backend, search) -> str:
    """The backend's MATCH string for `search`: a parameter of the query, not SQL."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    _compiler, match = _sqlite_match(backend, search)
    sql_compiler = SQLiteFTSIndexEntry.objects.none().query.get_compiler(connection=connection)
    _template, (string,) = match.as_sql(sql_compiler, connection)
    return string


def _postgres_candidates(backend, search, kinds):
    """{kind: {pk: score}} of the matching objects; ts_rank is higher for better matches."""
    from modelsearch.conf import get_app_config

    entry_model = get_app_config().get_model("IndexEntry")
    compiler = backend.query_compiler_class(MODELS[kinds[0]].objects.none(), search)
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(search, config=config)
    # The backend reaches the index from the model (index_entries__title…): read the same
    # columns on the index entry itself.
    vectors = [
        (_on_entry(vector), _on_entry(weight))
        for vector, weight in compiler.get_index_vectors(tsquery)
    ]
    combined = vectors[0][0]
    for vector, _weight in vectors[1:]:
        combined = combined._combine(vector, "||", False)
    kind_of = _content_types(kinds)
    entries = (
        entry_model.objects.annotate(_vector_=combined)
        .filter(_vector_=tsquery, content_type_id__in=list(kind_of))
        .annotate(score=compiler._build_rank_expression(vectors, config))
        .values_list("content_type_id", "object_id", "score")
    )
    return _by_kind(entries, kind_of, kinds), True


def _on_entry(value):
    if isinstance(value, F):
        return F(value.name.removeprefix("index_entries__"))
    return value


def _excerpt(text: str) -> str:
    return Truncator(strip_tags(text or "")).words(EXCERPT_WORDS)


def search_results(request, hits: list[tuple]) -> list[dict]:
    """Results of hits from search_hits, in their order."""
    return [{"id": pk, "type": kind, **_result(request, kind, pk, row)} for kind, pk, row in hits]


def _result(request, kind: str, pk: int, row: tuple) -> dict:
    if kind == "territory":
        name, locale, slug, description = row
        code = locale_code(locale)
        return {
            "title": name,
            "locale": code,
            "url": snippet_url("territory", slug, code),
            "api_url": api_url(request, "territory-detail", {"locale": code}, slug=slug),
            "excerpt": _excerpt(description),
        }
    if kind == "series":
        title, locale, url_path, strapline, intro = row
        route, excerpt = "series-detail", strapline or intro
    else:
        title, locale, url_path, subtitle = row
        route, excerpt = "story-detail", subtitle
    code = locale_code(locale)
    return {
        "title": title,
        "locale": code,
        "url": page_url(url_path, code),
        "api_url": api_url(request, route, id=pk),
        "excerpt": _excerpt(excerpt),
    }
