"""HTTP caching for every public GET of the API, in one place.

ETag is a hash of the body, so it changes whenever anything shown changes (a snippet renamed,
a page published or hidden). 304 is answered on If-None-Match only: Last-Modified is given
for information, but it can't see every change (snippets carry no timestamps), so it never
decides a 304 on its own.
"""

import datetime
import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from wagtail.models import Page

from .read_model.prepared import as_built, as_datetime, prepared_rows
from .visibility import instant, visible_at

PUBLIC = "public, max-age=60, stale-while-revalidate=300"
PRIVATE = "no-store, private"


def body_etag(content: bytes) -> str:
    """A strong ETag from the body: it changes whenever anything shown changes."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def latest_update(data) -> datetime.datetime | None:
    """The newest `updated_at` anywhere in a representation."""
    latest = None
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            updated = value.get("updated_at")
            if isinstance(updated, datetime.datetime) and (latest is None or updated > latest):
                latest = updated
            stack.extend(v for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, dict | list))
    return latest


def last_published_at(*, now, hidden):
    """The visible pages' newest publication, as a query (a builder for prepared queries)."""
    pages = visible_at(Page, now, hidden).filter(last_published_at__isnull=False)
    return pages.order_by("-last_published_at").values_list("last_published_at")[:1]


def site_last_change(request) -> datetime.datetime | None:
    """The newest publication among pages the public can see: live is not enough, a private,
    embargoed or hidden page's publication time is not for the public to learn."""
    now, hidden = instant(request)
    found = prepared_rows(as_built, last_published_at, now=now, hidden=hidden)
    return as_datetime(found[0][0]) if found else None


def apply(request, response, policy: str = "public"):
    """Set caching headers on a DRF response; answer 304 when the client's copy is current."""
    if request.method not in {"GET", "HEAD"} or response.status_code != 200:
        return response
    if policy != "public":
        response["Cache-Control"] = PRIVATE
        response["X-Robots-Tag"] = "noindex"
        return response

    response["Cache-Control"] = PUBLIC
    # An answer assembled from stored documents (api.read_model) knows its ETag already.
    etag = getattr(response, "terrain_etag", None)
    if etag is not None:
        last_modified = response.terrain_last_modified
    else:
        last_modified = latest_update(getattr(response, "data", None))
    last_modified = last_modified or site_last_change(request)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if etag is not None:
        return _conditional(request, response, etag)
    response.add_post_render_callback(
        lambda rendered: _conditional(request, rendered, body_etag(rendered.content))
    )
    return response


def _conditional(request, response, etag: str):
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)
