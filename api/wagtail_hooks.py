from wagtail import hooks

from .partner_admin import partner_api_key_viewset


@hooks.register("register_admin_viewset")
def register_partner_api_keys():
    return partner_api_key_viewset
