"""Server-side cache of public API v1 responses (body + ETag), shared by every process.

Only anonymous public GETs of ApiView endpoints that rendered a 200 marked `Cache-Control:
public` are stored (see caching.apply); preview, partner endpoints, errors and requests with an
Authorization header never are. Entries are keyed by the content version (api.models.
ContentVersion, in the database so that workers on local-memory caches agree), so a change
needs no purge: signals bump the version when it commits, and entries of older versions are
never read again and expire with API_RESPONSE_CACHE_SECONDS.

Visibility also changes with the clock (go_live_at, expire_at): the version row carries the
next such moment, and the first request at or after it bumps the version before reading.
Series status follows the local date, which is part of the key.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ContentVersion

KEY_PREFIX = "api-v1-response"
# Models of these apps are all public content (snippets, images, renditions, documents, tags,
# redirects, pages), except the partner/webhook bookkeeping below, written on every partner
# request or delivery and never shown by the public API.
WATCHED_APPS = {"stories", "series", "home", "taggit", "wagtailimages", "wagtaildocs"}
# The search index may be updated by a task after the page's own commit: its entries too.
WATCHED_APPS |= {"wagtailredirects", "wagtailsearch"}
UNWATCHED_MODELS = {
    "PartnerAPIKey",
    "APIKeyUsage",
    "StoryFeedState",
    "WebhookEndpoint",
    "WebhookDelivery",
    "WebhookAttempt",
}
WATCHED_CORE = (Page, PageViewRestriction, Locale, Site, Collection, CollectionViewRestriction)

# Tests replace this: their outer transaction never commits.
after_commit = transaction.on_commit


def ttl() -> int:
    return int(getattr(settings, "API_RESPONSE_CACHE_SECONDS", 0) or 0)


def next_boundary(now):
    """The next go_live_at or expire_at after now, over every page (None if there is none)."""
    found = Page.objects.aggregate(
        go=Min("go_live_at", filter=Q(go_live_at__gt=now)),
        ex=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    moments = [m for m in found.values() if m is not None]
    return min(moments) if moments else None


def bump() -> int:
    now = timezone.now()
    boundary = next_boundary(now)
    rows = ContentVersion.objects.filter(pk=1)
    if not rows.update(version=F("version") + 1, boundary=boundary):
        # A fresh row (first use, or a flushed database) must not reuse an old version number
        # that a long-lived process may still hold entries for.
        fresh = {"version": secrets.randbits(62), "boundary": boundary}
        ContentVersion.objects.get_or_create(pk=1, defaults=fresh)
    return rows.values_list("version", flat=True).get()


def current_version(now) -> int:
    row = ContentVersion.objects.filter(pk=1).values_list("version", "boundary").first()
    if row is None or (row[1] is not None and now >= row[1]):
        return bump()
    return row[0]


def key_for(request, policy: str) -> str | None:
    """The cache key of this request, or None when it must not be cached."""
    if (
        ttl() <= 0
        or policy != "public"
        or request.method != "GET"
        or "HTTP_AUTHORIZATION" in request.META
    ):
        return None
    now = timezone.now()
    # Every value of every parameter: a repeated parameter is a 400 and must not find the
    # entry of its single-valued twin. Order doesn't matter to any endpoint.
    query = sorted((name, tuple(values)) for name, values in request.GET.lists())
    parts = (
        current_version(now),
        timezone.localdate(now).isoformat(),
        translation.get_language(),
        request.build_absolute_uri(request.path),
        query,
    )
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def store(key: str, response, etag: str) -> None:
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    cache.set(key, {"body": response.content, "etag": etag, "headers": headers}, ttl())


def replay(request, key: str):
    """The stored response (or its 304), or None on a miss."""
    entry = cache.get(key)
    if entry is None:
        return None
    response = HttpResponse(entry["body"])
    for name, value in entry["headers"]:
        response[name] = value
    return get_conditional_response(request, etag=entry["etag"], response=response)


def watched(model) -> bool:
    if issubclass(model, WATCHED_CORE):
        return True
    meta = model._meta
    return meta.app_label in WATCHED_APPS and model.__name__ not in UNWATCHED_MODELS


def content_changed(sender, **kwargs):
    model = sender if isinstance(sender, type) else type(sender)
    if watched(model):
        after_commit(bump)


def through_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and watched(type(instance)):
        after_commit(bump)


def page_event(sender, **kwargs):
    after_commit(bump)


def connect():
    post_save.connect(content_changed, dispatch_uid="api-response-cache-save")
    post_delete.connect(content_changed, dispatch_uid="api-response-cache-delete")
    m2m_changed.connect(through_changed, dispatch_uid="api-response-cache-m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_event, dispatch_uid=f"api-response-cache-{id(signal)}")
