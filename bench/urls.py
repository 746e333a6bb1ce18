"""The project's URLs plus Wagtail's generic API v2, for the benchmark only."""

from functools import cache

from django.http import HttpResponse
from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from media_site.urls import urlpatterns as project_urlpatterns

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)


@cache
def constant_body(size: int) -> bytes:
    return b'{"x":"' + b"x" * max(0, size - 8) + b'"}'


def ceiling(request, size: int):
    """The fastest a Django view can answer through the project's own middleware: a constant
    JSON body as long as the endpoint it is compared with."""
    return HttpResponse(constant_body(min(size, 10_000_000)), content_type="application/json")


urlpatterns = [
    path("api/v2/", wagtail_api.urls),
    path("bench/ceiling/<int:size>/", ceiling),
    *project_urlpatterns,
]
