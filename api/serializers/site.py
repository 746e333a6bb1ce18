"""The front page, index pages, search results, the sitemap and redirects."""

from rest_framework import serializers

from home.models import HomePage
from series.models import SeriesIndexPage
from stories.models import StoryIndexPage

from ..links import api_url, locale_code, page_url
from ..richtext import render_one
from .common import ItemSerializer, ListMetaSerializer, page_translations
from .series import SeriesSummarySerializer
from .stories import StorySummarySerializer

INDEX_TYPES = {SeriesIndexPage: "series_index", StoryIndexPage: "story_index"}


class HomeSerializer(ItemSerializer):
    intro = serializers.CharField(allow_blank=True, help_text="Safe HTML.")
    featured_series = SeriesSummarySerializer(many=True)
    featured_stories = StorySummarySerializer(many=True)
    latest_stories = StorySummarySerializer(many=True)


class IndexPageSerializer(ItemSerializer):
    intro = serializers.CharField(allow_blank=True, help_text="Safe HTML.")
    items_api_url = serializers.URLField(help_text="The list endpoint of what it indexes.")


class RedirectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["redirect"])
    location = serializers.URLField()
    permanent = serializers.BooleanField()


class SearchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=["story", "series", "territory"])
    locale = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()
    excerpt = serializers.CharField(allow_blank=True)


class SearchListSerializer(serializers.Serializer):
    meta = ListMetaSerializer()
    items = SearchResultSerializer(many=True)


class SitemapTranslationSerializer(serializers.Serializer):
    locale = serializers.CharField()
    url = serializers.URLField()


class SitemapEntrySerializer(serializers.Serializer):
    url = serializers.URLField()
    type = serializers.CharField()
    lastmod = serializers.DateTimeField(allow_null=True)
    translations = SitemapTranslationSerializer(many=True)


class SitemapSerializer(serializers.Serializer):
    locale = serializers.CharField()
    count = serializers.IntegerField()
    items = SitemapEntrySerializer(many=True)


def page_item(request, page, kind: str, route: str | None, translations) -> dict:
    code = locale_code(page.locale_id)
    from .common import page_api_url

    return {
        "id": page.pk,
        "type": kind,
        "locale": code,
        "title": page.title,
        "url": page_url(page.url_path, code),
        "api_url": page_api_url(request, route, page.pk, page.url_path, code),
        "translations": translations.get(page.pk, []),
        "published_at": page.first_published_at,
        "updated_at": page.last_published_at,
    }


def index_page_detail(request, page) -> dict:
    model = type(page)
    kind = INDEX_TYPES[model]
    translations = page_translations(request, model, [page], None)
    code = locale_code(page.locale_id)
    items_route = "series-list" if kind == "series_index" else "stories-list"
    return {
        **page_item(request, page, kind, None, translations),
        "intro": render_one(request, page.intro),
        "items_api_url": api_url(request, items_route, {"locale": code}),
    }


def home_translations(request, home):
    return page_translations(request, HomePage, [home], "home")


LATEST_STORIES = 12


def home_head(request, home) -> dict:
    return {
        **page_item(request, home, "home", "home", home_translations(request, home)),
        "intro": render_one(request, home.intro),
    }


def home_selection(request, home) -> dict:
    """What the front page shows, visible now, in its order: featured series and stories
    (querysets and the editors' order of ids) and the latest stories of its language."""
    from series.models import SeriesPage
    from stories.models import StoryPage

    from ..visibility import visible

    series_ids = [f.series_id for f in home.featured_series.all()]
    story_ids = [f.story_id for f in home.featured_stories.all()]
    latest = visible(request, StoryPage).filter(locale_id=home.locale_id)
    return {
        "series_ids": series_ids,
        "story_ids": story_ids,
        "featured_series": visible(request, SeriesPage).filter(pk__in=series_ids),
        "featured_stories": visible(request, StoryPage).filter(pk__in=story_ids),
        "latest_stories": latest.order_by("-published_at", "-pk")[:LATEST_STORIES],
    }


def home_detail(request, home) -> dict:
    """The front page with summaries rendered now (a preview of a draft front page)."""
    from ..rows import story_rows
    from .series import series_queryset, series_summaries
    from .stories import story_summaries

    chosen = home_selection(request, home)
    series = series_queryset(request).filter(pk__in=chosen["series_ids"]).in_bulk()
    stories = {row.pk: row for row in story_rows(request, chosen["featured_stories"])}
    return {
        **home_head(request, home),
        "featured_series": series_summaries(
            request, [series[pk] for pk in chosen["series_ids"] if pk in series]
        ),
        "featured_stories": story_summaries(
            request, [stories[pk] for pk in chosen["story_ids"] if pk in stories]
        ),
        "latest_stories": story_summaries(request, story_rows(request, chosen["latest_stories"])),
    }
