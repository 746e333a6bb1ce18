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
