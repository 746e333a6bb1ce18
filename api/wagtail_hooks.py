from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from .partner_admin import AllKeysUsageView, PartnerAPIKeyViewSet
from .webhook_admin import WebhookDeliveryViewSet, WebhookEndpointViewSet


class PartnerAccessGroup(ViewSetGroup):
    menu_label = _("Partner access")
    menu_icon = "key"
    menu_order = 215
    items = (PartnerAPIKeyViewSet, WebhookEndpointViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_partner_access():
    return PartnerAccessGroup()


@hooks.register("register_admin_urls")
def register_usage_report_url():
    return [
        path("reports/partner-api-usage/", AllKeysUsageView.as_view(), name="partner_api_usage")
    ]


class PartnerKeysMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("series.view_partnerapikey") or request.user.has_perm(
            "series.change_partnerapikey"
        )


@hooks.register("register_reports_menu_item")
def register_usage_report_menu_item():
    return PartnerKeysMenuItem(
        _("Partner API usage"), reverse("partner_api_usage"), icon_name="table", order=900
    )


# Wagtail's checks panel for previews shown on the reader site (registers its hook).
from . import preview_checks  # noqa: E402, F401
