"""Drafts for editors: the reader site's /preview page calls this with the token Wagtail gave.

wagtail-headless-preview stores the draft (PagePreview) and signs the token, but ships no
API endpoint and never expires its tokens by itself: the age check is done here.
"""

from django.conf import settings
from django.core import signing
from rest_framework.response import Response

from wagtail_headless_preview.models import PagePreview

from home.models import HomePage
from series.models import SeriesIndexPage, SeriesPage
from stories.models import StoryIndexPage, StoryPage

from ..errors import Problem, not_found
from ..params import Param, ParamSpec
from ..preview_checks import preview_userbar
from ..serializers.series import series_detail
from ..serializers.site import home_detail, index_page_detail
from ..serializers.stories import story_detail
from .base import ApiView, documented
from .site import RESOLVED

PREVIEWABLE = {
    model.get_content_type_str(): model
    for model in (StoryPage, SeriesPage, HomePage, SeriesIndexPage, StoryIndexPage)
}
DETAILS = {
    StoryPage: story_detail,
    SeriesPage: series_detail,
    HomePage: home_detail,
    SeriesIndexPage: index_page_detail,
    StoryIndexPage: index_page_detail,
}
PREVIEW = ParamSpec(
    (
        Param(
            "content_type",
            "choice",
            "app_label.model of the page, as given to the preview URL.",
            required=True,
            choices=tuple(PREVIEWABLE),
        ),
        Param("token", "str", "The signed token given to the preview URL.", required=True),
        Param(
            "in_preview_panel",
            "choice",
            "`true` when the admin shows the preview in its panel, as the preview URL says: "
            "the answer then also carries `userbar`, Wagtail's userbar HTML, which feeds the "
            "admin's checks panel (word count, reading time, accessibility) from the page.",
            choices=("true",),
        ),
    ),
    locale_default=False,
)


def max_age() -> int:
    return getattr(settings, "PREVIEW_TOKEN_MAX_AGE", 3600)


class PreviewView(ApiView):
    spec = PREVIEW
    cache_policy = "private"

    @documented(
        PREVIEW,
        RESOLVED,
        operation_id="preview",
        summary="A draft, in the same shape as its detail",
        codes=(403,),
    )
    def get(self, request):
        model = PREVIEWABLE[self.params["content_type"]]
        token = self.params["token"]
        try:
            model.get_preview_signer().unsign(token, max_age=max_age())
        except signing.SignatureExpired as error:
            raise Problem(
                403,
                "This preview link has expired: click Preview again.",
                parameter="token",
                kind="preview-expired",
            ) from error
        except signing.BadSignature as error:
            raise Problem(
                403,
                "This preview token is not valid.",
                parameter="token",
                kind="preview-token-invalid",
            ) from error
        page = model.get_page_from_preview_token(token)
        if page is None:
            if PagePreview.objects.filter(token=token).exists():
                raise Problem(
                    404,
                    f"This preview token is for another type of page than "
                    f"“{self.params['content_type']}”.",
                    parameter="content_type",
                    kind="not-found",
                )
            raise not_found("This preview is no longer available: click Preview again.")
        self.check_locale(page)
        data = DETAILS[model](request, page)
        if self.params["in_preview_panel"]:
            data["userbar"] = preview_userbar(request._request, page)
        return Response(data)
