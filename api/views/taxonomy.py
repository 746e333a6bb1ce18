"""Territories, themes, contributors and partners: lists and details by slug."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from series.models import Partner
from stories.models import Contributor, Territory, Theme

from ..errors import not_found
from ..params import Param, ParamSpec, path_slug
from ..read_model.store import Extended, documents, response, with_documents
from ..serializers import taxonomy as shapes
from ..serializers.common import envelope
from .base import ApiView, documented

SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)
DETAIL = ParamSpec()


def snippets_at(*, model, narrow, locale_id, **params):
    """A language's snippets of a model, narrowed by the list's filters, by name (a builder
    for prepared queries)."""
    queryset = model.objects.filter(locale_id=locale_id)
    if narrow is not None:
        queryset = narrow(queryset, params)
    return queryset.order_by("name", "pk")


def _list_view(name, kind, spec, item_serializer, model, filters=None, summary=""):
    @documented(
        spec,
        envelope(item_serializer, f"{name}List"),
        operation_id=f"{name.lower()}_list",
        summary=summary,
        not_found_too=False,
    )
    def get(self, request):
        return self.prepared_list(
            request,
            snippets_at,
            kind,
            model=model,
            narrow=filters,
            locale_id=self.locale_id,
            **self.filters(),
        )

    return type(f"{name}ListView", (ApiView,), {"spec": spec, "get": get})


def _detail_view(name, kind, detail_serializer, model, per_request, summary=""):
    """The stored detail, with what follows the clock added per request (`per_request`:
    its counts of published pages, a partner's series)."""

    @documented(
        DETAIL,
        detail_serializer,
        operation_id=f"{name.lower()}_detail",
        summary=summary,
        path_params=[SLUG],
    )
    def get(self, request, slug):
        rows = model.objects.filter(slug=path_slug(slug), locale_id=self.locale_id)
        row = with_documents(rows, kind, "detail", "locale_id").first()
        found = documents(kind, "detail", [row]) if row is not None else []
        if not found:
            raise not_found()
        members, latest = per_request(request, row)
        answer = response(request, Extended(found[0], **members))
        # Snippets carry no dates: the answer last changed with the newest publication
        # among the pages it counts.
        answer.terrain_last_modified = latest
        return answer

    return type(f"{name}DetailView", (ApiView,), {"spec": DETAIL, "get": get})


def _counts(count):
    def per_request(request, row):
        counts, latest = count(request, row["pk"], row["locale_id"])
        return {"counts": counts}, latest

    return per_request


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
    "territory",
    TERRITORY_FILTERS,
    shapes.TerritorySummarySerializer,
    Territory,
    _territory_filters,
    summary="Territories",
)
TerritoryDetailView = _detail_view(
    "Territory",
    "territory",
    shapes.TerritoryDetailSerializer,
    Territory,
    _counts(shapes.territory_counts),
    summary="One territory, its parent, children and counts",
)
ThemeListView = _list_view(
    "Theme",
    "theme",
    PLAIN_LIST,
    shapes.ThemeSummarySerializer,
    Theme,
    summary="Themes",
)
ThemeDetailView = _detail_view(
    "Theme",
    "theme",
    shapes.ThemeDetailSerializer,
    Theme,
    _counts(shapes.theme_counts),
    summary="One theme and its counts",
)
ContributorListView = _list_view(
    "Contributor",
    "contributor",
    PLAIN_LIST,
    shapes.ContributorSummarySerializer,
    Contributor,
    summary="Contributors",
)
ContributorDetailView = _detail_view(
    "Contributor",
    "contributor",
    shapes.ContributorDetailSerializer,
    Contributor,
    _counts(shapes.contributor_counts),
    summary="One contributor and their counts",
)
PartnerListView = _list_view(
    "Partner",
    "partner",
    PARTNER_FILTERS,
    shapes.PartnerSummarySerializer,
    Partner,
    _partner_filters,
    summary="Partners",
)
PartnerDetailView = _detail_view(
    "Partner",
    "partner",
    shapes.PartnerDetailSerializer,
    Partner,
    lambda request, row: shapes.partner_series(request, row["pk"], row["locale_id"]),
    summary="One partner, its series and counts",
)
