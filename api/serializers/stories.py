"""Stories: summaries for lists, the complete story for its detail (body, episode navigation)."""

from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.db.models import Prefetch, Q
from django.utils import translation
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from stories.models import LICENCES, Contributor, StoryAuthor, StoryPage, Territory, Theme

from ..images import image_data, prefetch_renditions, renditions_prefetch
from ..links import InDocumentLocale, api_url, locale_code, page_url
from ..streamfield import render_body
from ..visibility import visible
from .common import ImageSerializer, ItemSerializer, page_translations
from .taxonomy import (
    ContributorRefSerializer,
    TerritoryRefSerializer,
    ThemeRefSerializer,
    contributor_ref,
    territory_ref,
    theme_ref,
)

# Lazy labels, rendered in the story's language (the reader site shows them as they come).
LICENCE_NAMES = dict(LICENCES)
LICENCE_URLS = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nc-nd-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
}


class SeriesRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()


class AuthorSerializer(ContributorRefSerializer):
    role = serializers.ChoiceField(choices=StoryAuthor.ROLES)


class StorySummarySerializer(ItemSerializer):
    subtitle = serializers.CharField(allow_blank=True, help_text="The standfirst.")
    lead_image = ImageSerializer(allow_null=True)
    series = SeriesRefSerializer(allow_null=True, help_text="Set when the story is an episode.")
    episode = serializers.IntegerField(allow_null=True, help_text="Episode number in its series.")
    territory = TerritoryRefSerializer(allow_null=True)
    themes = ThemeRefSerializer(many=True)
    authors = AuthorSerializer(many=True)
    reading_time = serializers.IntegerField(help_text="Minutes.")


# --- body blocks -----------------------------------------------------------------------------


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    filename = serializers.CharField()
    extension = serializers.CharField(allow_blank=True)
    size = serializers.IntegerField(allow_null=True)


class StoryLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    locale = serializers.CharField()
    title = serializers.CharField()
    subtitle = serializers.CharField(allow_blank=True)
    url = serializers.URLField()
    api_url = serializers.URLField()
    lead_image = ImageSerializer(allow_null=True)


class ParagraphValue(serializers.Serializer):
    html = serializers.CharField(help_text="Safe HTML.")


class HeadingValue(serializers.Serializer):
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=["h2", "h3"])


class ImageValue(serializers.Serializer):
    image = ImageSerializer()
    caption = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)
    layout = serializers.ChoiceField(choices=["inline", "wide", "full"])


class GalleryItemValue(serializers.Serializer):
    image = ImageSerializer()
    caption = serializers.CharField(allow_blank=True)


class GalleryValue(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    images = GalleryItemValue(many=True)


class QuoteValue(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    attribution = serializers.CharField(allow_blank=True)
    role = serializers.CharField(allow_blank=True)


class EmbedValue(serializers.Serializer):
    url = serializers.CharField()
    provider = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    caption = serializers.CharField(allow_blank=True)
    html = serializers.CharField(
        allow_null=True, help_text="A player built locally for known platforms, else null."
    )


class AudioValue(serializers.Serializer):
    file = DocumentSerializer()
    title = serializers.CharField(allow_blank=True)
    duration = serializers.CharField(allow_blank=True)
    transcript = serializers.CharField(allow_blank=True, help_text="Safe HTML.")


class KeyFigureValue(serializers.Serializer):
    figure = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)


class KeyFiguresValue(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    figures = KeyFigureValue(many=True)


class FactBoxValue(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True, help_text="Safe HTML.")


class MapValue(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    label = serializers.CharField(allow_blank=True)


class DocumentValue(serializers.Serializer):
    document = DocumentSerializer()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)


class PersonValue(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    role = serializers.CharField(allow_blank=True)
    portrait = ImageSerializer(allow_null=True)
    text = serializers.CharField(allow_blank=True)


class RelatedValue(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    stories = StoryLinkSerializer(many=True, help_text="Only published stories.")


BLOCK_VALUES = {
    "paragraph": ParagraphValue,
    "heading": HeadingValue,
    "image": ImageValue,
    "gallery": GalleryValue,
    "quote": QuoteValue,
    "embed": EmbedValue,
    "audio": AudioValue,
    "key_figures": KeyFiguresValue,
    "fact_box": FactBoxValue,
    "map": MapValue,
    "document": DocumentValue,
    "person": PersonValue,
    "related": RelatedValue,
}


def _block_serializer(kind: str, value_serializer):
    name = "".join(part.title() for part in kind.split("_")) + "Block"
    return type(
        name,
        (serializers.Serializer,),
        {
            "type": serializers.ChoiceField(choices=[kind]),
            "id": serializers.CharField(allow_blank=True),
            "value": value_serializer(),
        },
    )


BlockSerializer = PolymorphicProxySerializer(
    component_name="Block",
    serializers={kind: _block_serializer(kind, value) for kind, value in BLOCK_VALUES.items()},
    resource_type_field_name="type",
    many=True,
)


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class CorrectionSerializer(serializers.Serializer):
    corrected_on = serializers.DateField()
    text = serializers.CharField()


class LicenceSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=LICENCES)
    name = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class StoryNavSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()
    episode = serializers.IntegerField()


class StoryDetailSerializer(StorySummarySerializer):
    lead_image_caption = serializers.CharField(allow_blank=True)
    lead_image_credit = serializers.CharField(allow_blank=True)
    body = BlockSerializer
    tags = TagSerializer(many=True)
    corrections = CorrectionSerializer(many=True)
    licence = LicenceSerializer()
    canonical_url = serializers.CharField(allow_blank=True)
    seo_title = serializers.CharField(allow_blank=True)
    search_description = serializers.CharField(allow_blank=True)
    social_image = ImageSerializer(allow_null=True)
    episode_count = serializers.IntegerField(allow_null=True)
    previous = StoryNavSerializer(allow_null=True, help_text="Previous published episode.")
    next = StoryNavSerializer(allow_null=True, help_text="Next published episode.")


# --- building -----------------------------------------------------------------------------


def story_queryset(request, detail: bool = False):
    queryset = (
        visible(request, StoryPage)
        .select_related("lead_image", "territory")
        .prefetch_related(
            "themes",
            Prefetch(
                "authors",
                queryset=StoryAuthor.objects.select_related("contributor").defer(
                    "contributor__bio", "contributor__links"
                ),
            ),
        )
    )
    # A summary never shows the body: don't load and decode it for every item of a list.
    return queryset if detail else queryset.defer("body")


def parent_path(page) -> str:
    return page.path[: -page.steplen] if page.path else ""


def series_of(request, stories, stories_visible: bool = True) -> tuple[dict, dict]:
    """The visible series each story belongs to, and the visible episodes of those series,
    in two queries whatever the number of stories.

    The parent of a visible story is visible itself (visible() hides whatever lies under a
    hidden or restricted page), so for visible stories the series need no check of their own;
    a draft (preview) gets its series checked."""
    from series.models import SeriesPage

    candidates = SeriesPage.objects.all() if stories_visible else visible(request, SeriesPage)

    paths = {parent_path(s) for s in stories if s.depth and s.depth > 3}
    paths.discard("")
    if not paths:
        return {}, {}
    columns = ("pk", "title", "url_path", "locale_id", "path", "depth")
    series = {
        values["path"]: SimpleNamespace(**values)
        for values in candidates.filter(path__in=paths).values(*columns)
    }
    if not series:
        return {}, {}
    under = reduce(or_, (Q(path__startswith=s.path, depth=s.depth + 1) for s in series.values()))
    episodes: dict[str, list] = {}
    rows = (
        visible(request, StoryPage)
        .filter(under)
        .order_by("path")
        .values_list("pk", "path", "title", "url_path", "locale_id")
    )
    for row in rows:
        episodes.setdefault(row[1][: -StoryPage.steplen], []).append(row)
    return series, episodes


def series_ref(request, series) -> dict:
    code = locale_code(series.locale_id)
    return {
        "id": series.pk,
        "title": series.title,
        "url": page_url(series.url_path, code),
        "api_url": api_url(request, "series-detail", id=series.pk),
    }


def _listed(story, preloaded: str, relation: str):
    """Related objects of a page, or of a row that brought them along (api.rows)."""
    if hasattr(story, preloaded):
        return getattr(story, preloaded)
    return getattr(story, relation).all()


def _sort_order(item):
    return item.sort_order or 0


def _authors(request, story, local: InDocumentLocale) -> list[dict]:
    return [
        {
            **contributor_ref(request, local.get(author.contributor, story.locale_id, Contributor)),
            "role": author.role,
        }
        for author in sorted(_listed(story, "author_list", "authors"), key=_sort_order)
    ]


def _snippets_in_story_locale(stories) -> InDocumentLocale:
    """Authors, territory and themes in each story's language (see InDocumentLocale)."""
    local = InDocumentLocale()
    for story in stories:
        local.want(story.territory, story.locale_id, Territory)
        for theme in _listed(story, "theme_list", "themes"):
            local.want(theme, story.locale_id, Theme)
        for author in _listed(story, "author_list", "authors"):
            local.want(author.contributor, story.locale_id, Contributor)
    local.load()
    return local


def story_summaries(request, stories, context=None) -> list[dict]:
    stories = list(stories)
    translations = page_translations(request, StoryPage, stories, "story-detail")
    series, episodes = context if context is not None else series_of(request, stories)
    numbers = {row[0]: n for rows in episodes.values() for n, row in enumerate(rows, start=1)}
    prefetch_renditions(request, [story.lead_image for story in stories])
    local = _snippets_in_story_locale(stories)
    items = []
    for story in stories:
        code = locale_code(story.locale_id)
        parent = series.get(parent_path(story))
        number = numbers.get(story.pk) if parent is not None else None
        items.append(
            {
                "id": story.pk,
                "type": "story",
                "locale": code,
                "title": story.title,
                "url": page_url(story.url_path, code),
                "api_url": api_url(request, "story-detail", id=story.pk),
                "translations": translations.get(story.pk, []),
                "published_at": story.published_at,
                "updated_at": story.last_published_at,
                "subtitle": story.subtitle,
                "lead_image": image_data(request, story.lead_image, language=code),
                "series": series_ref(request, parent) if parent is not None else None,
                "episode": number,
                "territory": territory_ref(
                    request, local.get(story.territory, story.locale_id, Territory)
                ),
                "themes": [
                    theme_ref(request, local.get(t, story.locale_id, Theme))
                    for t in _listed(story, "theme_list", "themes")
                ],
                "authors": _authors(request, story, local),
                "reading_time": story.reading_time,
            }
        )
    return items


def _nav(request, row, number) -> dict:
    pk, _path, title, url_path, loc = row
    return {
        "id": pk,
        "title": title,
        "url": page_url(url_path, locale_code(loc)),
        "api_url": api_url(request, "story-detail", id=pk),
        "episode": number,
    }


def licence_name(code: str, language: str) -> str:
    if code not in LICENCE_NAMES:
        return code
    with translation.override(language):
        return str(LICENCE_NAMES[code])


def story_detail(request, story) -> dict:
    """The complete story. Also used for previews, where `story` is an unsaved draft."""
    context = series_of(request, [story], stories_visible=False)
    data = story_summaries(request, [story], context)[0]
    series, episodes = context
    parent = series.get(parent_path(story))
    data["episode_count"] = None
    data["previous"] = data["next"] = None
    if parent is not None:
        # The story counts in its position and in the total alike, whether it is published
        # (it is among the visible episodes) or a draft being previewed (it is not, and a new
        # page has no id yet): a fifth draft episode is "5 of 5", never "5 of 4".
        others = [row for row in episodes.get(parent.path, []) if row[0] != story.pk]
        before = [row for row in others if row[1] < story.path]
        after = [row for row in others if row[1] > story.path]
        data["episode"] = len(before) + 1
        data["episode_count"] = len(others) + 1
        if before:
            data["previous"] = _nav(request, before[-1], len(before))
        if after:
            data["next"] = _nav(request, after[0], len(before) + 2)
    language = locale_code(story.locale_id)
    data["lead_image"] = image_data(
        request, story.lead_image, story.lead_image_caption, story.lead_image_credit, language
    )
    data["lead_image_caption"] = data["lead_image"]["caption"] if data["lead_image"] else ""
    data["lead_image_credit"] = data["lead_image"]["credit"] if data["lead_image"] else ""
    data["body"] = render_body(request, list(story.body.raw_data), story.locale_id)
    data["tags"] = sorted(
        ({"name": tag.name, "slug": tag.slug} for tag in story.tags.all()),
        key=lambda tag: tag["name"],
    )
    data["corrections"] = [
        {"corrected_on": c.corrected_on, "text": c.text}
        for c in sorted(story.corrections.all(), key=lambda c: c.sort_order or 0)
    ]
    data["licence"] = {
        "code": story.licence,
        "name": licence_name(story.licence, locale_code(story.locale_id)),
        "url": LICENCE_URLS.get(story.licence),
    }
    data["canonical_url"] = story.canonical_url
    data["seo_title"] = story.seo_title
    data["search_description"] = story.search_description
    social = story.social_image if story.social_image_id else None
    data["social_image"] = (
        image_data(request, social, language=language) if social else data["lead_image"]
    )
    return data


def story_detail_queryset(request):
    return (
        story_queryset(request, detail=True)
        .select_related("social_image")
        .prefetch_related(
            "corrections",
            "tags",
            renditions_prefetch("social_image__renditions"),
        )
    )
