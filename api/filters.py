"""Story and series filters and orderings. Every value arrives parsed by api.params; each
filter is written out here, so no request data ever reaches the ORM as a keyword name."""

from django.db.models import Q
from django.db.models.functions import Length, Substr

from wagtail.models import Page

from series.models import SeriesPage, SeriesPartner, status_filter
from stories.models import StoryAuthor, StoryPage, StoryTag, Territory

from .search import query_words

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


def filter_stories(queryset, params: dict, locale_id: int):
    queryset = queryset.filter(locale_id=locale_id)
    if params.get("series") is not None:
        # The series' children, by their parent's path: a subquery, not a query of its own.
        parent_path = Substr("path", 1, Length("path") - Page.steplen)
        queryset = queryset.alias(parent_path=parent_path).filter(
            parent_path__in=Page.objects.filter(pk=params["series"]).values("path")
        )
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


def filter_series(queryset, params: dict, locale_id: int):
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
        queryset = queryset.filter(status_filter(params["status"]))
    if params.get("q"):
        queryset = queryset.filter(words_in(params["q"], "title", "strapline"))
    return queryset.order_by(*SERIES_ORDERINGS[params.get("ordering") or "-started_on"])
