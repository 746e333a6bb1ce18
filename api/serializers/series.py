"""Series: the embedded residency, who funded it, who made it, and its episodes in order."""

from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q
from rest_framework import serializers

from series.models import SeriesJournalist, SeriesPage, SeriesPartner, SeriesStatus
from stories.models import StoryPage

from ..images import image_data, renditions_prefetch
from ..links import InDocumentLocale, api_url, locale_code, page_url
from ..richtext import LinkResolver
from ..rows import story_rows
from ..visibility import visible
from .common import ImageSerializer, ItemSerializer, page_translations
from .stories import StorySummarySerializer, story_summaries
from .taxonomy import (
    ContributorRefSerializer,
    PartnerRefSerializer,
    TerritoryRefSerializer,
    ThemeRefSerializer,
    contributor_ref,
    partner_ref,
    territory_ref,
    theme_ref,
)


class SeriesSummarySerializer(ItemSerializer):
    strapline = serializers.CharField(allow_blank=True)
    cover_image = ImageSerializer(allow_null=True)
    kind = serializers.ChoiceField(choices=SeriesPage.KINDS)
    status = serializers.ChoiceField(choices=SeriesStatus.choices)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    territory = TerritoryRefSerializer(allow_null=True)
    themes = ThemeRefSerializer(many=True)
    episode_count = serializers.IntegerField(help_text="Published episodes.")


class JournalistSerializer(ContributorRefSerializer):
    role = serializers.CharField(allow_blank=True)
    photo = ImageSerializer(allow_null=True)


class PartnerWithLogoSerializer(PartnerRefSerializer):
    logo = ImageSerializer(allow_null=True)
    website = serializers.CharField(allow_blank=True)


class SeriesPartnerSerializer(serializers.Serializer):
    partner = PartnerWithLogoSerializer()
    role = serializers.ChoiceField(choices=SeriesPartner.ROLES)
    funding_disclosure = serializers.CharField(
        allow_blank=True, help_text="What this partner funded or provided, told to readers."
    )


class SeriesDetailSerializer(SeriesSummarySerializer):
    intro = serializers.CharField(allow_blank=True, help_text="Safe HTML.")
    methodology = serializers.CharField(allow_blank=True, help_text="Safe HTML.")
    journalists = JournalistSerializer(many=True)
    partners = SeriesPartnerSerializer(many=True)
    episodes = StorySummarySerializer(many=True, help_text="Published episodes, in order.")
    seo_title = serializers.CharField(allow_blank=True)
    search_description = serializers.CharField(allow_blank=True)


def series_queryset(request):
    return (
        visible(request, SeriesPage)
        .select_related("cover_image", "territory")
        .prefetch_related("themes", renditions_prefetch("cover_image__renditions"))
    )


def series_detail_queryset(request):
    return series_queryset(request).prefetch_related(
        Prefetch(
            "journalists",
            queryset=SeriesJournalist.objects.select_related("contributor__photo"),
        ),
        renditions_prefetch("journalists__contributor__photo__renditions"),
        Prefetch(
            "partners",
            queryset=SeriesPartner.objects.select_related("partner__logo"),
        ),
        renditions_prefetch("partners__partner__logo__renditions"),
    )


def episode_counts(request, series_list) -> dict[str, int]:
    series_list = [s for s in series_list if s.path]
    if not series_list:
        return {}
    under = reduce(or_, (Q(path__startswith=s.path, depth=s.depth + 1) for s in series_list))
    counts: dict[str, int] = {}
    for path in visible(request, StoryPage).filter(under).values_list("path", flat=True):
        key = path[: -StoryPage.steplen]
        counts[key] = counts.get(key, 0) + 1
    return counts


def series_summaries(request, series_list) -> list[dict]:
    series_list = list(series_list)
    translations = page_translations(request, SeriesPage, series_list, "series-detail")
    counts = episode_counts(request, series_list)
    local = InDocumentLocale()  # territory and themes in each series' language
    for series in series_list:
        for obj in [series.territory, *series.themes.all()]:
            local.want(obj, series.locale_id)
    local.load()
    items = []
    for series in series_list:
        code = locale_code(series.locale_id)
        items.append(
            {
                "id": series.pk,
                "type": "series",
                "locale": code,
                "title": series.title,
                "url": page_url(series.url_path, code),
                "api_url": api_url(request, "series-detail", id=series.pk),
                "translations": translations.get(series.pk, []),
                "published_at": series.first_published_at,
                "updated_at": series.last_published_at,
                "strapline": series.strapline,
                "cover_image": image_data(request, series.cover_image, language=code),
                "kind": series.kind,
                "status": series.status,
                "started_on": series.started_on,
                "ended_on": series.ended_on,
                "territory": territory_ref(request, local.get(series.territory, series.locale_id)),
                "themes": [
                    theme_ref(request, local.get(theme, series.locale_id))
                    for theme in series.themes.all()
                ],
                "episode_count": counts.get(series.path, 0),
            }
        )
    return items


def series_detail(request, series) -> dict:
    """The complete series. Also used for previews, where `series` is an unsaved draft."""
    data = series_head(request, series)
    episodes = []
    if series.path:
        episodes = story_rows(
            request,
            visible(request, StoryPage)
            .filter(path__startswith=series.path, depth=series.depth + 1)
            .order_by("path"),
        )
    data["episodes"] = story_summaries(request, episodes)
    data["episode_count"] = len(episodes)
    return data


def series_head(request, series, summary: dict | None = None) -> dict:
    """The series without its episodes: the stored document, to which each request adds the
    episodes visible at its moment (api.read_model). `summary`: the series' summary when a
    batch has it already."""
    data = dict(summary) if summary is not None else series_summaries(request, [series])[0]
    links = LinkResolver(request, series.locale_id)
    links.collect(series.intro)
    links.collect(series.methodology)
    links.resolve()
    data["intro"] = links.render(series.intro)
    data["methodology"] = links.render(series.methodology)
    journalists = sorted(series.journalists.all(), key=lambda j: j.sort_order or 0)
    partner_links = sorted(series.partners.all(), key=lambda p: p.sort_order or 0)
    local = InDocumentLocale()  # people and partners in the series' language
    for obj in [j.contributor for j in journalists] + [link.partner for link in partner_links]:
        local.want(obj, series.locale_id)
    local.load()
    contributors = [local.get(j.contributor, series.locale_id) for j in journalists]
    data["journalists"] = [
        {
            **contributor_ref(request, contributor),
            "role": contributor.role,
            "photo": image_data(request, contributor.photo),
        }
        for contributor in contributors
    ]
    data["partners"] = []
    for link in partner_links:
        partner = local.get(link.partner, series.locale_id)
        data["partners"].append(
            {
                "partner": {
                    **partner_ref(request, partner),
                    "logo": image_data(request, partner.logo),
                    "website": partner.website
                    if partner.website.startswith(("http://", "https://"))
                    else "",
                },
                "role": link.role,
                "funding_disclosure": link.funding_disclosure,
            }
        )
    data["seo_title"] = series.seo_title
    data["search_description"] = series.search_description
    del data["episode_count"]  # the request counts the episodes it shows
    return data
