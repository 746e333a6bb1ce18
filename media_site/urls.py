import re
from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.documents import serve_document
from api.health import healthz, readyz, readyz_background

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("readyz/background", readyz_background, name="readyz-background"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own route, same address: adds the Cache-Control a CDN must obey.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("api.urls")),
]


def local_rendition(request, path):
    """The embedded default (`make run`, SERVE_LOCAL_MEDIA) serves uploads itself, and only
    image renditions: documents/ holds files of restricted collections (reachable only
    through the permission-checked /documents/ view above) and original_images/ the untouched
    uploads with their metadata (a photographer's GPS position); the API and the admin link
    renditions only. Production serves renditions from S3 or its own web server."""
    if not getattr(settings, "SERVE_LOCAL_MEDIA", False):
        raise Http404
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "images")


if settings.MEDIA_URL.startswith("/"):
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}images/(?P<path>[^/]+)$", local_rendition))

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=True)

# Under /api/ even Django's own 404 and 500 answer problem+json; elsewhere, Django's pages.
handler400 = "api.errors.handler400"
handler403 = "api.errors.handler403"
handler404 = "api.errors.handler404"
# Also answers 503 "the database is busy" when SQLite stayed locked past its timeout.
handler500 = "media_site.middleware.handler500"
