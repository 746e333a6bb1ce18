from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerView

from .schema import SchemaView
from .views.base import not_found_view
from .views.preview import PreviewView
from .views.search import SearchView
from .views.series import SeriesDetailView, SeriesListView
from .views.site import HomeView, ResolveView, RootView, SitemapView
from .views.stories import StoryDetailView, StoryListView
from .views.taxonomy import (
    ContributorDetailView,
    ContributorListView,
    PartnerDetailView,
    PartnerListView,
    TerritoryDetailView,
    TerritoryListView,
    ThemeDetailView,
    ThemeListView,
)

app_name = "api"

urlpatterns = [
    path("", RootView.as_view(), name="root"),
    path("series/", SeriesListView.as_view(), name="series-list"),
    path("series/<str:id>/", SeriesDetailView.as_view(), name="series-detail"),
    path("stories/", StoryListView.as_view(), name="stories-list"),
    path("stories/<str:id>/", StoryDetailView.as_view(), name="story-detail"),
    path("territories/", TerritoryListView.as_view(), name="territories-list"),
    path("territories/<str:slug>/", TerritoryDetailView.as_view(), name="territory-detail"),
    path("themes/", ThemeListView.as_view(), name="themes-list"),
    path("themes/<str:slug>/", ThemeDetailView.as_view(), name="theme-detail"),
    path("contributors/", ContributorListView.as_view(), name="contributors-list"),
    path("contributors/<str:slug>/", ContributorDetailView.as_view(), name="contributor-detail"),
    path("partners/", PartnerListView.as_view(), name="partners-list"),
    path("partners/<str:slug>/", PartnerDetailView.as_view(), name="partner-detail"),
    path("home/", HomeView.as_view(), name="home"),
    path("resolve/", ResolveView.as_view(), name="resolve"),
    path("search/", SearchView.as_view(), name="search"),
    path("preview/", PreviewView.as_view(), name="preview"),
    path("sitemap/", SitemapView.as_view(), name="sitemap"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # partner syndication, feeds, oEmbed (syndication helper)
    path("", include("api.syndication_urls")),
    # Keep this last: anything else under /api/v1/ is a problem+json 404, not an HTML page.
    re_path(r"^.*$", not_found_view),
]
