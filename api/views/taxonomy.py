"""Territories, themes, contributors and partners: lists and details by slug."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from series.models import Partner
from stories.models import Territory, Theme

from ..errors import not_found
from ..pagination import paginate
from ..params import Param, ParamSpec, path_slug
from ..serializers import taxonomy as shapes
from ..serializers.common import envelope
from .base import ApiView, documented

SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)
DETAIL = ParamSpec()


def _list_view(name, spec, item_serializer, queryset, summaries, filters=None, summary=""):
    @documented(
        spec,
        envelope(item_serializer, f"{name}List"),
        operation_id=f"{name.lower()}_list",
        summary=summary,
        not_found_too=False,
    )
    def get(self, request):
        qs = queryset().filter(locale_id=self.locale_id)
        if filters is not None:
            qs = filters(qs, self.params)
        items, meta = paginate(request, qs.order_by("name", "pk"), self.params)
        return Response({"meta": meta, "items": summaries(request, items)})

    return type(f"{name}ListView", (ApiView,), {"spec": spec, "get": get})


def _detail_view(name, detail_serializer, queryset, detail, summary=""):
    @documented(
        DETAIL,
        detail_serializer,
        operation_id=f"{name.lower()}_detail",
        summary=summary,
        path_params=[SLUG],
    )
    def get(self, request, slug):
        obj = queryset().filter(slug=path_slug(slug), locale_id=self.locale_id).first()
        if obj is None:
            raise not_found()
        return Response(detail(request, obj))

    return type(f"{name}DetailView", (ApiView,), {"spec": DETAIL, "get": get})


def _territory_filters(qs, params):
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("parent"):
        qs = qs.filter(parent__slug=params["parent"])
    return qs


def _partner_filters(qs, params):
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    return qs


TERRITORY_FILTERS = ParamSpec(
    (
        Param("kind", "choice", "Kind of territory.", choices=tuple(k for k, _ in Territory.KINDS)),
        Param("parent", "slug", "Only the territories directly inside this one (slug)."),
    ),
    paginated=True,
)
PARTNER_FILTERS = ParamSpec(
    (Param("kind", "choice", "Kind of partner.", choices=tuple(k for k, _ in Partner.KINDS)),),
    paginated=True,
)
PLAIN_LIST = ParamSpec(paginated=True)

TerritoryListView = _list_view(
    "Territory",
    TERRITORY_FILTERS,
    shapes.TerritorySummarySerializer,
    shapes.territory_queryset,
    shapes.territory_summaries,
    _territory_filters,
    summary="Territories",
)
TerritoryDetailView = _detail_view(
    "Territory",
    shapes.TerritoryDetailSerializer,
    shapes.territory_queryset,
    shapes.territory_detail,
    summary="One territory, its parent, children and counts",
)
ThemeListView = _list_view(
    "Theme",
    PLAIN_LIST,
    shapes.ThemeSummarySerializer,
    Theme.objects.all,
    shapes.theme_summaries,
    summary="Themes",
)
ThemeDetailView = _detail_view(
    "Theme",
    shapes.ThemeDetailSerializer,
    Theme.objects.all,
    shapes.theme_detail,
    summary="One theme and its counts",
)
ContributorListView = _list_view(
    "Contributor",
    PLAIN_LIST,
    shapes.ContributorSummarySerializer,
    shapes.contributor_queryset,
    shapes.contributor_summaries,
    summary="Contributors",
)
ContributorDetailView = _detail_view(
    "Contributor",
    shapes.ContributorDetailSerializer,
    shapes.contributor_queryset,
    shapes.contributor_detail,
    summary="One contributor and their counts",
)
PartnerListView = _list_view(
    "Partner",
    PARTNER_FILTERS,
    shapes.PartnerSummarySerializer,
    shapes.partner_queryset,
    shapes.partner_summaries,
    _partner_filters,
    summary="Partners",
)
PartnerDetailView = _detail_view(
    "Partner",
    shapes.PartnerDetailSerializer,
    shapes.partner_queryset,
    shapes.partner_detail,
    summary="One partner, its series and counts",
)
