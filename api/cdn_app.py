"""Wagtail's frontend-cache app, without its default purge of CMS-host page URLs.

Terrain is headless: readers never see the CMS's own page URLs, so purging them would only
send a useless invalidation per publish. api.cdn purges the reader-site and API URLs instead.
This module stays import-light: Django loads it before any model exists.
"""

from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    def ready(self):
        from . import cdn

        cdn.connect_signal_handlers()
