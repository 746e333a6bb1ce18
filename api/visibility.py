"""`.visible()` once per model per request, all with one idea of "now".

Finding the hidden subtrees costs a query (VisiblePageQuerySet.hidden_paths); a request pays
it once whatever the models it reads (stories, their series, translations, episodes). The
visible queryset is lazy and each use clones it.
"""

from django.utils import timezone

from wagtail.models import Page

from stories.models import VisiblePageQuerySet


def visible(request, model):
    memo = request.__dict__.setdefault("_terrain_visible", {})
    if model not in memo:
        if "hidden" not in memo:
            memo["now"] = timezone.now()
            memo["hidden"] = VisiblePageQuerySet.hidden_paths(memo["now"])
        queryset = VisiblePageQuerySet(model=Page) if model is Page else model.objects
        memo[model] = queryset.visible(memo["now"], memo["hidden"])
    return memo[model]
