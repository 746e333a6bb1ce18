from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from stories.models import StoryPage

from ..filters import STORY_ORDERINGS, stories_at
from ..params import Param, ParamSpec, path_id
from ..read_model.store import response
from ..serializers.common import envelope
from ..serializers.stories import StoryDetailSerializer, StorySummarySerializer
from ..visibility import instant
from .base import ApiView, documented, page_by_id

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)

STORY_FILTERS = ParamSpec(
    (
        Param(
            "series", "int", "Only the episodes of this series (id).", minimum=1, maximum=2**31 - 1
        ),
        Param("territory", "slug", "Territory slug; includes every territory inside it."),
        Param("theme", "slugs", "Theme slugs, comma-separated: any of them."),
        Param("tag", "str", "A tag (slug or name)."),
        Param("contributor", "slug", "Contributor slug."),
        Param("published_after", "datetime", "ISO 8601 date or date-time (inclusive)."),
        Param("published_before", "datetime", "ISO 8601 date or date-time (exclusive)."),
        Param("q", "str", "Words in the title or standfirst."),
        Param(
            "ordering",
            "choice",
            "Sort order (default -published_at; episode = order within the series).",
            default="-published_at",
            choices=tuple(STORY_ORDERINGS),
        ),
    ),
    paginated=True,
)
BY_ID = ParamSpec(locale_default=False)


class StoryListView(ApiView):
    spec = STORY_FILTERS

    @documented(
        STORY_FILTERS,
        envelope(StorySummarySerializer, "StoryList"),
        operation_id="stories_list",
        summary="Published stories, newest first",
        not_found_too=False,
    )
    def get(self, request):
        now, hidden = instant(request)
        return self.prepared_list(
            request,
            stories_at,
            "story",
            now=now,
            hidden=hidden,
            locale_id=self.locale_id,
            **self.filters(),
        )


class StoryDetailView(ApiView):
    spec = BY_ID

    @documented(
        BY_ID,
        StoryDetailSerializer,
        operation_id="story_detail",
        summary="One story",
        path_params=[ID],
    )
    def get(self, request, id):
        now, hidden = instant(request)
        document = self.prepared_detail(
            page_by_id, "story", model=StoryPage, now=now, hidden=hidden, pk=path_id(id)
        )
        return response(request, document)
