from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from series.models import SeriesPage, SeriesStatus
from stories.models import StoryPage

from ..filters import SERIES_ORDERINGS, children_of, filter_series
from ..params import Param, ParamSpec, path_id
from ..read_model.store import Extended, documents, response, with_documents
from ..serializers.common import envelope
from ..serializers.series import SeriesDetailSerializer, SeriesSummarySerializer
from ..visibility import visible
from .base import ApiView, documented

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)

SERIES_FILTERS = ParamSpec(
    (
        Param("territory", "slug", "Territory slug; includes every territory inside it."),
        Param("theme", "slugs", "Theme slugs, comma-separated: any of them."),
        Param("partner", "slug", "Partner slug."),
        Param("kind", "choice", "Kind of series.", choices=tuple(k for k, _ in SeriesPage.KINDS)),
        Param("status", "choice", "Derived from the dates.", choices=tuple(SeriesStatus.values)),
        Param("q", "str", "Words in the title or strapline."),
        Param(
            "ordering",
            "choice",
            "Sort order (default -started_on; tree = the editors' order).",
            default="-started_on",
            choices=tuple(SERIES_ORDERINGS),
        ),
    ),
    paginated=True,
)
BY_ID = ParamSpec(locale_default=False)


class SeriesListView(ApiView):
    spec = SERIES_FILTERS

    @documented(
        SERIES_FILTERS,
        envelope(SeriesSummarySerializer, "SeriesList"),
        operation_id="series_list",
        summary="Published series",
        not_found_too=False,
    )
    def get(self, request):
        queryset = filter_series(visible(request, SeriesPage), self.params, self.locale_id)
        return self.stored_list(request, queryset, "series")


class SeriesDetailView(ApiView):
    spec = BY_ID

    @documented(
        BY_ID,
        SeriesDetailSerializer,
        operation_id="series_detail",
        summary="One series",
        path_params=[ID],
    )
    def get(self, request, id):
        series_id = path_id(id)
        found = visible(request, SeriesPage).filter(pk=series_id)
        return series_response(request, series_id, self.stored_detail(found, "series"))


def series_response(request, series_id: int, document):
    """The stored series with the episodes visible now, each its own stored summary."""
    under = children_of(visible(request, StoryPage), series_id).order_by("path")
    episodes = documents("story", "summary", list(with_documents(under, "story", "summary")))
    return response(request, Extended(document, episodes=episodes, episode_count=len(episodes)))
