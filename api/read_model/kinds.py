"""Every kind of stored document: its renderer, the pages it is for, who has one now."""

from home.models import HomePage
from series.models import SeriesIndexPage, SeriesPage
from stories.models import StoryIndexPage, StoryPage

from ..partner_access import visible_or_embargoed
from .render import render_homes, render_indexes, render_series, render_stories
from .snippets import SNIPPET_MODELS, SNIPPET_RENDERERS
from .syndicated import render_feed_items, render_ninjs

# Kinds in the order a task renders them: a front page includes stories and series as stored.
RENDERERS = {
    "story": render_stories,
    "ninjs": render_ninjs,
    "feed": render_feed_items,
    "series": render_series,
    "index": render_indexes,
    "home": render_homes,
    **SNIPPET_RENDERERS,
}
# The page classes of each kind.
MODELS = {
    "story": (StoryPage,),
    "ninjs": (StoryPage,),
    "feed": (StoryPage,),
    "series": (SeriesPage,),
    "index": (SeriesIndexPage, StoryIndexPage),
    "home": (HomePage,),
}
# The kinds of the documents readers address by a page: a page id names one of them.
PAGE_KINDS = ("story", "series", "index", "home")


def public_ids(kind: str) -> list[int]:
    """Every object that has documents of this kind now."""
    if kind in SNIPPET_MODELS:
        return sorted(SNIPPET_MODELS[kind].objects.values_list("pk", flat=True))
    if kind == "ninjs":
        queryset = visible_or_embargoed()
        return sorted(queryset.values_list("pk", flat=True))
    return sorted(
        pk for model in MODELS[kind] for pk in model.objects.visible().values_list("pk", flat=True)
    )


def page_kind(model) -> str | None:
    """The kind of documents a page of this class has (None: it has none)."""
    return next((kind for kind, base in MODELS.items() if issubclass(model, base)), None)
