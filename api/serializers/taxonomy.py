"""Territories, themes, contributors and partners: what stories and series are filed under."""

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from rest_framework import serializers

from series.models import Partner, SeriesJournalist, SeriesPage, SeriesPartner
from stories.models import Contributor, StoryAuthor, StoryPage, Territory, Theme

from ..filters import tally
from ..images import image_data
from ..links import api_url, locale_code, page_url, snippet_url
from ..richtext import render_one
from ..visibility import visible
from .common import ImageSerializer, ItemSerializer, snippet_translations

SAFE_SCHEMES = ("http://", "https://", "mailto:")


class CountsSerializer(serializers.Serializer):
    series = serializers.IntegerField(help_text="Published series.")
    stories = serializers.IntegerField(help_text="Published stories.")


class SnippetRefSerializer(serializers.Serializer):
    """How a territory, theme, contributor or partner is embedded (see snippet_ref)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()


class TerritoryRefSerializer(SnippetRefSerializer):
    kind = serializers.CharField()


class SnippetSummarySerializer(ItemSerializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class TerritorySummarySerializer(SnippetSummarySerializer):
    kind = serializers.ChoiceField(choices=Territory.KINDS)
    code = serializers.CharField(allow_blank=True)
    population = serializers.IntegerField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    parent = TerritoryRefSerializer(allow_null=True)


class TerritoryDetailSerializer(TerritorySummarySerializer):
    description = serializers.CharField(allow_blank=True, help_text="Safe HTML.")
    children = TerritoryRefSerializer(many=True)
    counts = CountsSerializer()


class ThemeRefSerializer(SnippetRefSerializer):
    pass


class ThemeSummarySerializer(SnippetSummarySerializer):
    description = serializers.CharField(allow_blank=True)


class ThemeDetailSerializer(ThemeSummarySerializer):
    counts = CountsSerializer()


class ContributorRefSerializer(SnippetRefSerializer):
    pass


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.URLField()


class ContributorSummarySerializer(SnippetSummarySerializer):
    role = serializers.CharField(allow_blank=True)
    photo = ImageSerializer(allow_null=True)


class ContributorDetailSerializer(ContributorSummarySerializer):
    bio = serializers.CharField(allow_blank=True, help_text="Safe HTML.")
    links = LinkSerializer(many=True)
    counts = CountsSerializer()


class PartnerRefSerializer(SnippetRefSerializer):
    kind = serializers.CharField()


class PartnerSummarySerializer(SnippetSummarySerializer):
    kind = serializers.ChoiceField(choices=Partner.KINDS)
    website = serializers.CharField(allow_blank=True)
    logo = ImageSerializer(allow_null=True)


class PartnerSeriesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()
    role = serializers.CharField()
    funding_disclosure = serializers.CharField(allow_blank=True)


class PartnerDetailSerializer(PartnerSummarySerializer):
    description = serializers.CharField(allow_blank=True)
    counts = CountsSerializer()
    series = PartnerSeriesSerializer(many=True, help_text="Published series it took part in.")


# --- references (small, embedded in other representations) ---------------------------------


def snippet_ref(request, obj, kind: str, *fields: str) -> dict:
    """A territory, theme, contributor or partner as other representations embed it."""
    code = locale_code(obj.locale_id)
    return {
        "id": obj.pk,
        "name": obj.name,
        "slug": obj.slug,
        **{field: getattr(obj, field) for field in fields},
        "url": snippet_url(kind, obj.slug, code),
        "api_url": api_url(request, f"{kind}-detail", {"locale": code}, slug=obj.slug),
    }


def territory_ref(request, territory) -> dict | None:
    return None if territory is None else snippet_ref(request, territory, "territory", "kind")


def theme_ref(request, theme) -> dict:
    return snippet_ref(request, theme, "theme")


def contributor_ref(request, contributor) -> dict:
    return snippet_ref(request, contributor, "contributor")


def partner_ref(request, partner) -> dict:
    return snippet_ref(request, partner, "partner", "kind")


def _item(request, obj, kind: str, route: str, translations) -> dict:
    code = locale_code(obj.locale_id)
    return {
        "id": obj.pk,
        "type": kind,
        "locale": code,
        "title": obj.name,
        "url": snippet_url(kind, obj.slug, code),
        "api_url": api_url(request, route, {"locale": code}, slug=obj.slug),
        "translations": translations.get(obj.pk, []),
        "published_at": None,
        "updated_at": None,
    }


def _float(value):
    return float(value) if value is not None else None


# --- territories ---------------------------------------------------------------------------


def territory_queryset():
    return Territory.objects.select_related("parent")


def territory_summaries(request, territories) -> list[dict]:
    translations = snippet_translations(
        request, Territory, territories, "territory", "territory-detail"
    )
    return [
        {
            **_item(request, t, "territory", "territory-detail", translations),
            "name": t.name,
            "slug": t.slug,
            "kind": t.kind,
            "code": t.code,
            "population": t.population,
            "lat": _float(t.lat),
            "lon": _float(t.lon),
            "parent": territory_ref(request, t.parent),
        }
        for t in territories
    ]


def territory_head(request, territory, summary: dict) -> dict:
    """The stored detail: all but the counts, which follow the clock (territory_counts)."""
    return {
        **summary,
        "description": render_one(request, territory.description),
        "children": [
            territory_ref(request, child)
            for child in territory.children.filter(locale_id=territory.locale_id).order_by("name")
        ],
    }


def territory_counts(request, pk: int, locale_id: int):
    ids = Territory.within(pk=pk)
    return tally(
        series=visible(request, SeriesPage).filter(locale_id=locale_id, territory_id__in=ids),
        stories=visible(request, StoryPage).filter(locale_id=locale_id, territory_id__in=ids),
    )


# --- themes --------------------------------------------------------------------------------


def theme_summaries(request, themes) -> list[dict]:
    translations = snippet_translations(request, Theme, themes, "theme", "theme-detail")
    return [
        {
            **_item(request, t, "theme", "theme-detail", translations),
            "name": t.name,
            "slug": t.slug,
            "description": t.description,
        }
        for t in themes
    ]


def theme_counts(request, pk: int, locale_id: int):
    return tally(
        series=visible(request, SeriesPage).filter(locale_id=locale_id, themes=pk),
        stories=visible(request, StoryPage).filter(locale_id=locale_id, themes=pk),
    )


# --- contributors --------------------------------------------------------------------------


def contributor_queryset():
    from ..images import renditions_prefetch

    return Contributor.objects.select_related("photo").prefetch_related(
        renditions_prefetch("photo__renditions")
    )


def contributor_summaries(request, contributors) -> list[dict]:
    translations = snippet_translations(
        request, Contributor, contributors, "contributor", "contributor-detail"
    )
    return [
        {
            **_item(request, c, "contributor", "contributor-detail", translations),
            "name": c.name,
            "slug": c.slug,
            "role": c.role,
            "photo": image_data(request, c.photo),
        }
        for c in contributors
    ]


def contributor_head(request, contributor, summary: dict) -> dict:
    links = []
    for block in contributor.links.raw_data:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, dict) and str(value.get("url", "")).startswith(SAFE_SCHEMES):
            links.append({"label": value.get("label") or value["url"], "url": value["url"]})
    return {**summary, "bio": render_one(request, contributor.bio), "links": links}


def contributor_counts(request, pk: int, locale_id: int):
    return tally(
        series=visible(request, SeriesPage).filter(
            locale_id=locale_id,
            pk__in=SeriesJournalist.objects.filter(contributor=pk).values("page"),
        ),
        stories=visible(request, StoryPage).filter(
            locale_id=locale_id, pk__in=StoryAuthor.objects.filter(contributor=pk).values("page")
        ),
    )


# --- partners ------------------------------------------------------------------------------


def partner_queryset():
    from ..images import renditions_prefetch

    return Partner.objects.select_related("logo").prefetch_related(
        renditions_prefetch("logo__renditions")
    )


def partner_summaries(request, partners) -> list[dict]:
    translations = snippet_translations(request, Partner, partners, "partner", "partner-detail")
    return [
        {
            **_item(request, p, "partner", "partner-detail", translations),
            "name": p.name,
            "slug": p.slug,
            "kind": p.kind,
            "website": p.website if p.website.startswith(SAFE_SCHEMES) else "",
            "logo": image_data(request, p.logo),
        }
        for p in partners
    ]


def partner_head(request, partner, summary: dict) -> dict:
    return {**summary, "description": partner.description}


def partner_series(request, pk: int, locale_id: int):
    """What a partner's page adds per request: the published series it supports and the
    counts, in one query (each series with the number and the newest publication of its
    published episodes); and the newest publication among them."""
    episodes = (
        visible(request, StoryPage)
        .filter(
            locale_id=locale_id,
            path__startswith=OuterRef("page__path"),
            depth=OuterRef("page__depth") + 1,
        )
        .order_by()
        .values("locale_id")
    )
    links = (
        SeriesPartner.objects.filter(
            partner=pk,
            page__in=visible(request, SeriesPage).filter(locale_id=locale_id).values("pk"),
        )
        .annotate(
            episodes=Coalesce(Subquery(episodes.annotate(n=Count("pk")).values("n")[:1]), 0),
            episodes_published=Subquery(
                episodes.annotate(m=Max("last_published_at")).values("m")[:1]
            ),
        )
        .select_related("page")
        .order_by("page__path", "sort_order")
    )
    series, episode_counts, dates = [], {}, []
    for link in links:
        page = link.page
        code = locale_code(page.locale_id)
        episode_counts[page.pk] = link.episodes
        dates += [page.last_published_at, link.episodes_published]
        series.append(
            {
                "id": page.pk,
                "title": page.title,
                "url": page_url(page.url_path, code),
                "api_url": api_url(request, "series-detail", id=page.pk),
                "role": link.role,
                "funding_disclosure": link.funding_disclosure,
            }
        )
    counts = {"series": len(episode_counts), "stories": sum(episode_counts.values())}
    latest = max((d for d in dates if d is not None), default=None)
    return {"counts": counts, "series": series}, latest
