"""Story and series filters and orderings. Every value arrives parsed by api.params; each
filter is written out here, so no request data ever reaches the ORM as a keyword name."""

import datetime

from django.db import connection
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Concat

from wagtail.models import Page

from series.models import SeriesPage, SeriesPartner, status_filter
from stories.models import StoryAuthor, StoryPage, StoryTag, Territory

from .search import query_words
from .visibility import visible_at

STORY_ORDERINGS = {
    "-published_at": ("-published_at", "-pk"),
    "published_at": ("published_at", "pk"),
    "title": ("title", "pk"),
    "episode": ("path",),
}
SERIES_ORDERINGS = {
    "-started_on": ("-started_on", "-pk"),
    "started_on": ("started_on", "pk"),
    "title": ("title", "pk"),
    "tree": ("path",),
}


def words_in(text: str, *fields: str) -> Q:
    """Every word of the user's text is in one of the fields (a query of words, as search/:
    punctuation only separates them). Text without any word matches nothing."""
    words = query_words(text)
    if not words:
        return Q(pk__in=[])
    condition = Q()
    for word in words:
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__icontains": word})
        condition &= either
    return condition


def tally(**querysets) -> tuple[dict[str, int], datetime.datetime | None]:
    """The number of pages of each queryset, and the newest publication among them, all in
    one query (one derived table per queryset) rather than one query per figure."""
    # One derived table per queryset, each counted and dated in one pass over its rows.
    tables, params = [], []
    for name, queryset in querysets.items():
        sql, values = queryset.order_by().values("pk", "last_published_at").query.sql_with_params()
        # Only the querysets' own compiled SQL; their values are passed as parameters.
        figures = "COUNT(*) AS n, MAX(last_published_at) AS latest"
        tables.append(f"(SELECT {figures} FROM ({sql}) AS {name}_rows) AS {name}_figures")  # noqa: S608
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + ", ".join(tables), params)  # noqa: S608
        row = cursor.fetchone()
    counts = dict(zip(querysets, row[0::2], strict=True))
    # A raw cursor gives SQLite's dates as text: converted as the ORM would.
    dates = [
        connection.ops.convert_datetimefield_value(value, None, connection)
        if isinstance(value, str)
        else value
        for value in row[1::2]
    ]
    return counts, max((d for d in dates if d is not None), default=None)


def children_of(queryset, parent_id: int):
    """The pages of `queryset` right under the page `parent_id`, in the same query: a range of
    tree paths (indexed) computed from the parent's row, not a query of its own. A child's
    path is its parent's followed by one step of the tree's alphabet (0-9, A-Z)."""
    parent = Page.objects.filter(pk=parent_id)
    path = Subquery(parent.values("path")[:1])
    first, last = "0" * Page.steplen, "Z" * Page.steplen
    return queryset.filter(
        path__range=(Concat(path, Value(first)), Concat(path, Value(last))),
        depth=Subquery(parent.values("depth")[:1]) + 1,
    )


def filter_stories(queryset, params: dict, locale_id: int):
    queryset = queryset.filter(locale_id=locale_id)
    if params.get("series") is not None:
        queryset = children_of(queryset, params["series"])
    if params.get("territory"):
        queryset = queryset.filter(
            territory_id__in=Territory.within(slug=params["territory"], locale_id=locale_id)
        )
    if params.get("theme"):
        tagged = StoryPage.themes.through.objects.filter(
            theme__slug__in=params["theme"], theme__locale_id=locale_id
        ).values("storypage_id")
        queryset = queryset.filter(pk__in=tagged)
    if params.get("tag"):
        tag = params["tag"]
        tagged = StoryTag.objects.filter(Q(tag__slug=tag) | Q(tag__name__iexact=tag)).values(
            "content_object_id"
        )
        queryset = queryset.filter(pk__in=tagged)
    if params.get("contributor"):
        authored = StoryAuthor.objects.filter(
            contributor__slug=params["contributor"], contributor__locale_id=locale_id
        ).values("page_id")
        queryset = queryset.filter(pk__in=authored)
    if params.get("published_after"):
        queryset = queryset.filter(published_at__gte=params["published_after"])
    if params.get("published_before"):
        queryset = queryset.filter(published_at__lt=params["published_before"])
    if params.get("q"):
        queryset = queryset.filter(words_in(params["q"], "title", "subtitle"))
    return queryset.order_by(*STORY_ORDERINGS[params.get("ordering") or "-published_at"])


def stories_at(*, now, hidden, locale_id, **filters):
    """The visible stories a list's filters select (a builder for prepared queries)."""
    return filter_stories(visible_at(StoryPage, now, hidden), filters, locale_id)


def series_at(*, now, hidden, locale_id, today, **filters):
    """The visible series a list's filters select (a builder for prepared queries). `today`
    (the local date of `now`) is an input of its own: a status compares it with the series'
    dates, and a prepared query holds no value it was not given."""
    return filter_series(visible_at(SeriesPage, now, hidden), filters, locale_id, today)


def filter_series(queryset, params: dict, locale_id: int, today=None):
    queryset = queryset.filter(locale_id=locale_id)
    if params.get("territory"):
        queryset = queryset.filter(
            territory_id__in=Territory.within(slug=params["territory"], locale_id=locale_id)
        )
    if params.get("theme"):
        tagged = SeriesPage.themes.through.objects.filter(
            theme__slug__in=params["theme"], theme__locale_id=locale_id
        ).values("seriespage_id")
        queryset = queryset.filter(pk__in=tagged)
    if params.get("partner"):
        linked = SeriesPartner.objects.filter(
            partner__slug=params["partner"], partner__locale_id=locale_id
        ).values("page_id")
        queryset = queryset.filter(pk__in=linked)
    if params.get("kind"):
        queryset = queryset.filter(kind=params["kind"])
    if params.get("status"):
        queryset = queryset.filter(status_filter(params["status"], today))
    if params.get("q"):
        queryset = queryset.filter(words_in(params["q"], "title", "strapline"))
    return queryset.order_by(*SERIES_ORDERINGS[params.get("ordering") or "-started_on"])
