"""The project's URLs plus Wagtail's generic API v2, for the benchmark only."""

from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from media_site.urls import urlpatterns as project_urlpatterns

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/v2/", wagtail_api.urls), *project_urlpatterns]
