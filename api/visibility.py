"""`.visible()` once per model per request, all with one idea of "now".

Finding the hidden subtrees costs a query (VisiblePageQuerySet.hidden_paths); a request pays
it once whatever the models it reads (stories, their series, translations, episodes). The
visible queryset is lazy and each use clones it.
"""

import datetime

from django.db import connection
from django.utils import timezone

from wagtail.models import Page

from stories.models import VisiblePageQuerySet

from .read_model.prepared import as_built, as_datetime, compiled, fetch


def instant(request) -> tuple[datetime.datetime, tuple[str, ...]]:
    """The request's "now", and the paths of the subtrees hidden then (sorted): what
    visibility depends on, as inputs of a prepared query (api.read_model.prepared)."""
    memo = request.__dict__.setdefault("_terrain_visible", {})
    if "hidden" not in memo:
        memo["now"] = timezone.now()
        memo["hidden"], memo["state"] = _hidden_and_state(memo["now"])
    return memo["now"], memo["hidden"]


def publication_state(request) -> tuple | None:
    """(publication stamp, next boundary of the clock) at the request's instant, read with
    its hidden paths: while both are the same, every list selects the same objects
    (api.read_model.lists.counted_rows). None when the stamp is missing."""
    instant(request)
    return request.__dict__["_terrain_visible"]["state"]


# The next go_live_at or expire_at of any page after a moment: a seek on two partial indexes
# (api migration 0004). Lists' totals and documents' validity end there.
NEXT_BOUNDARY_SQL = (
    "SELECT MIN(moment) FROM ("
    "SELECT MIN(go_live_at) AS moment FROM wagtailcore_page WHERE go_live_at > %s"
    " UNION ALL SELECT MIN(expire_at) FROM wagtailcore_page WHERE expire_at > %s) AS boundary"
)
# Appended to the hidden paths' query: the stamp (api.models.PublicationStamp) and the next
# boundary, each marked by a character no tree path holds.
STATE_SQL = (
    " UNION ALL SELECT '#' || value FROM api_publicationstamp WHERE id = 1"  # noqa: S608
    f" UNION ALL SELECT '@' || ({NEXT_BOUNDARY_SQL})"
)


def next_boundary(now) -> datetime.datetime | None:
    """The next go_live_at or expire_at after now, over every page (None if there is none)."""
    moment = connection.ops.adapt_datetimefield_value(now)
    return as_datetime(fetch(NEXT_BOUNDARY_SQL, [moment, moment])[0][0])


def _hidden_and_state(now) -> tuple[tuple[str, ...], tuple | None]:
    sql, params = compiled(as_built, VisiblePageQuerySet.hidden_paths_query, at=now)
    moment = connection.ops.adapt_datetimefield_value(now)
    hidden, stamp, boundary = [], None, None
    for (value,) in fetch(sql + STATE_SQL, [*params, moment, moment]):
        if value is None:  # no boundary ahead
            continue
        if value.startswith("#"):
            stamp = value[1:]
        elif value.startswith("@"):
            boundary = value[1:]
        else:
            hidden.append(value)
    return tuple(sorted(hidden)), None if stamp is None else (stamp, boundary)


def hidden_at(now) -> tuple[str, ...]:
    """instant()'s hidden paths for a moment outside a request."""
    return tuple(sorted(VisiblePageQuerySet.hidden_paths(now)))


def visible_at(model, now, hidden):
    """The visible pages of `model` at `now`, `hidden` being instant()'s paths."""
    queryset = VisiblePageQuerySet(model=Page) if model is Page else model.objects
    return queryset.visible(now, set(hidden))


def visible(request, model):
    memo = request.__dict__.setdefault("_terrain_visible", {})
    if model not in memo:
        memo[model] = visible_at(model, *instant(request))
    return memo[model]
