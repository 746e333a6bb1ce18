from types import SimpleNamespace

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from series.models import SeriesPage, SeriesStatus
from stories.models import StoryPage

from ..errors import not_found
from ..filters import SERIES_ORDERINGS, children_of, filter_series
from ..pagination import paginate
from ..params import Param, ParamSpec, path_id
from ..read_model.store import Extended, documents, page_with_documents, response, with_documents
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
        rows, meta = paginate(
            request,
            queryset,
            self.params,
            fetch=lambda page: page_with_documents(page, "series", "summary"),
        )
        items = documents("series", "summary", rows)
        return response(request, {"meta": meta, "items": items})


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
        row = with_documents(found, "series", "detail", "locale_id").first()
        if row is None:
            raise not_found()
        self.check_locale(SimpleNamespace(locale_id=row["locale_id"]))
        document = documents("series", "detail", [row])
        if not document:
            raise not_found()
        return series_response(request, series_id, document[0])


def series_response(request, series_id: int, document):
    """The stored series with the episodes visible now, each its own stored summary."""
    under = children_of(visible(request, StoryPage), series_id).order_by("path")
    episodes = documents("story", "summary", list(with_documents(under, "story", "summary")))
    return response(request, Extended(document, episodes=episodes, episode_count=len(episodes)))
