"""`.visible()` once per model per request, all with one idea of "now".

Finding the hidden subtrees costs a query (VisiblePageQuerySet.hidden_paths); a request pays
it once whatever the models it reads (stories, their series, translations, episodes). The
visible queryset is lazy and each use clones it.
"""

import datetime

from django.utils import timezone

from wagtail.models import Page

from stories.models import VisiblePageQuerySet


def instant(request) -> tuple[datetime.datetime, tuple[str, ...]]:
    """The request's "now", and the paths of the subtrees hidden then (sorted): what
    visibility depends on, as inputs of a prepared query (api.read_model.prepared)."""
    memo = request.__dict__.setdefault("_terrain_visible", {})
    if "hidden" not in memo:
        memo["now"] = timezone.now()
        memo["hidden"] = tuple(sorted(VisiblePageQuerySet.hidden_paths(memo["now"])))
    return memo["now"], memo["hidden"]


def visible_at(model, now, hidden):
    """The visible pages of `model` at `now`, `hidden` being instant()'s paths."""
    queryset = VisiblePageQuerySet(model=Page) if model is Page else model.objects
    return queryset.visible(now, set(hidden))


def visible(request, model):
    memo = request.__dict__.setdefault("_terrain_visible", {})
    if model not in memo:
        memo[model] = visible_at(model, *instant(request))
    return memo[model]
