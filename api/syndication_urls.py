"""Partner-facing URLs (ninjs, partner feeds) and the public feeds and oEmbed; included from
api/urls.py without a namespace of their own, so they are named api:<name>."""

from django.urls import path

from . import syndication_views

urlpatterns = [
    path(
        "syndication/items/",
        syndication_views.SyndicationItemsView.as_view(),
        name="syndication-items",
    ),
    path(
        "syndication/items/<str:pk>/",
        syndication_views.SyndicationItemView.as_view(),
        name="syndication-item",
    ),
]
