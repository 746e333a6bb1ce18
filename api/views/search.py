from rest_framework.response import Response

from ..pagination import meta
from ..params import Param, ParamSpec
from ..search import TYPES, search_hits, search_results
from ..serializers.site import SearchListSerializer
from .base import ApiView, documented

SEARCH = ParamSpec(
    (
        Param("q", "str", "The words to look for.", required=True),
        Param("type", "choice", "Only this kind of result.", choices=TYPES),
    ),
    paginated=True,
)


class SearchView(ApiView):
    spec = SEARCH

    @documented(
        SEARCH,
        SearchListSerializer,
        operation_id="search",
        summary="Search stories, series and territories",
        not_found_too=False,
    )
    def get(self, request):
        types = (self.params["type"],) if self.params.get("type") else TYPES
        hits = search_hits(request, self.params["q"], self.locale_id, types)
        limit, offset = self.params["limit"], self.params["offset"]
        items = search_results(request, hits[offset : offset + limit])
        return Response({"meta": meta(request, len(hits), limit, offset), "items": items})
