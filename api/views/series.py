from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from series.models import SeriesPage, SeriesStatus

from ..errors import not_found
from ..filters import SERIES_ORDERINGS, filter_series
from ..pagination import paginate
from ..params import Param, ParamSpec, path_id
from ..serializers.common import envelope
from ..serializers.series import (
    SeriesDetailSerializer,
    SeriesSummarySerializer,
    series_detail,
    series_detail_queryset,
    series_queryset,
    series_summaries,
)
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
        queryset = filter_series(series_queryset(request), self.params, self.locale_id)
        series, meta = paginate(request, queryset, self.params)
        return Response({"meta": meta, "items": series_summaries(request, series)})


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
        series = series_detail_queryset(request).filter(pk=path_id(id)).first()
        if series is None:
            raise not_found()
        self.check_locale(series)
        return Response(series_detail(request, series))
