"""Partner-facing URLs (ninjs, partner feeds) and the public feeds and oEmbed; included from
api/urls.py without a namespace of their own, so they are named api:<name>."""

from django.urls import path

from . import feeds, oembed, syndication_views, syndication_webhooks

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
    path(
        "syndication/feeds/<str:filename>",
        syndication_views.PartnerFeedView.as_view(),
        name="syndication-feed",
    ),
    path(
        "syndication/webhooks/",
        syndication_webhooks.WebhookEndpointsView.as_view(),
        name="syndication-webhooks",
    ),
    path(
        "syndication/webhooks/deliveries/",
        syndication_webhooks.WebhookDeliveriesView.as_view(),
        name="syndication-webhook-deliveries",
    ),
    path(
        "syndication/webhooks/<str:pk>/ping/",
        syndication_webhooks.WebhookPingView.as_view(),
        name="syndication-webhook-ping",
    ),
    path("oembed/", oembed.OEmbedView.as_view(), name="oembed"),
    path("feeds/<str:locale>/<str:filename>", feeds.public_feed, name="feed"),
    path(
        "feeds/<str:locale>/<str:kind>/<str:slug>/<str:filename>",
        feeds.public_feed,
        name="feed-filtered",
    ),
]
