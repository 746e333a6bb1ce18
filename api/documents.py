"""Document downloads: Wagtail's permission-checked serve view, with caching headers a CDN
must obey.

Wagtail's view sets no Cache-Control. Behind a CDN in front of the CMS, a document of a
private collection fetched once by an editor could then be cached and handed to anyone, so
those answers are marked `private, no-store`; public documents may be cached briefly (a
document moved into a private collection stops being served within that time).
"""

from django.utils.cache import patch_cache_control

from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve

PUBLIC_MAX_AGE = 300


def serve_document(request, document_id, document_filename):
    response = serve(request, document_id, document_filename)
    if response.status_code >= 400:
        return response
    document = get_document_model().objects.select_related("collection").get(pk=document_id)
    if response.status_code != 200 or document.collection.get_view_restrictions().exists():
        # Logins, password forms and restricted files are never for a shared cache.
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
