from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .partner_admin import PartnerAPIKeyViewSet
from .webhook_admin import WebhookDeliveryViewSet, WebhookEndpointViewSet


class PartnerAccessGroup(ViewSetGroup):
    menu_label = "Partner access"
    menu_icon = "key"
    menu_order = 215
    items = (PartnerAPIKeyViewSet, WebhookEndpointViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_partner_access():
    return PartnerAccessGroup()
