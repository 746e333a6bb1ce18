from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from series.models import SeriesPage, SeriesStatus
from stories.models import StoryPage

from ..filters import SERIES_ORDERINGS, children_of, series_at
from ..params import Param, ParamSpec, path_id
from ..read_model.store import Extended, document_rows, documents, response
from ..serializers.common import envelope
from ..serializers.series import SeriesDetailSerializer, SeriesSummarySerializer
from ..visibility import instant, visible_at
from .base import ApiView, documented, page_by_id

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
        now, hidden = instant(request)
        return self.prepared_list(
            request,
            series_at,
            "series",
            now=now,
            today=timezone.localdate(now),
            hidden=hidden,
            locale_id=self.locale_id,
            **self.filters(),
        )


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
        now, hidden = instant(request)
        document = self.prepared_detail(
            page_by_id, "series", model=SeriesPage, now=now, hidden=hidden, pk=series_id
        )
        return series_response(request, series_id, document)


def episodes_at(*, now, hidden, series_id):
    """The visible episodes of a series, in order (a builder for prepared queries)."""
    return children_of(visible_at(StoryPage, now, hidden), series_id).order_by("path")


def series_response(request, series_id: int, document):
    """The stored series with the episodes visible now, each its own stored summary."""
    now, hidden = instant(request)
    rows = document_rows(
        episodes_at, "story", "summary", now=now, hidden=hidden, series_id=series_id
    )
    episodes = documents("story", "summary", rows)
    return response(request, Extended(document, episodes=episodes, episode_count=len(episodes)))
