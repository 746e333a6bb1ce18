"""`.visible()` once per model per request.

VisiblePageQuerySet.visible() runs two queries (hidden branches, view restrictions) each
time it is called; a list needs visible stories, their series, their translations and their
sibling episodes. The visible queryset is lazy and each use clones it, so one call per model
serves every query of the request, all with the same idea of "now".
"""

from wagtail.models import Page

from stories.models import VisiblePageQuerySet


def visible(request, model):
    memo = request.__dict__.setdefault("_terrain_visible", {})
    if model not in memo:
        if model is Page:
            memo[model] = VisiblePageQuerySet(model=Page).visible()
        else:
            memo[model] = model.objects.visible()
    return memo[model]
