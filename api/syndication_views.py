"""The partner feed: IPTC ninjs 3.1 documents, listed, one by one, and as a change log."""

import datetime
import re

from django.core import signing
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from series.models import StoryFeedState

from . import feeds
from .caching import body_etag
from .errors import RateLimited, exception_handler, invalid_parameter, not_found
from .links import api_url, locale_id
from .ninjs import REQUEST_COLUMNS, canceled_document, request_members
from .pagination import meta as page_meta
from .params import (
    LOCALES,
    MAX_ID,
    Param,
    ParamSpec,
    bounded_instant,
    openapi_parameter,
    path_id,
)
from .partner_access import (
    HasPartnerKey,
    PartnerKeyAuthentication,
    could_once_read,
    embargoed_stories,
    partner_stories,
    path_filter,
    record_usage,
    scope_inputs,
    scoped_locale_ids,
    scoped_series_paths,
    scoped_stories_at,
)
from .partner_throttling import PartnerKeyConcurrencyThrottle, PartnerKeyRateThrottle, release
from .read_model.lists import counted_rows
from .read_model.prepared import as_datetime
from .read_model.store import Extended, documents, response, with_documents
from .views.base import problems
from .visibility import instant, publication_state


def partner_exception_handler(exc, context):
    """The API's problem+json, plus the headers HTTP wants on 401 and 429."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == 401:
        response["WWW-Authenticate"] = 'Api-Key realm="Terrain partner API"'
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait))
    return response


def conditional(request, rendered):
    """ETag of what this key sees (from the stored documents' versions, else the body), 304
    when the partner's copy is current."""
    etag = getattr(rendered, "terrain_etag", None) or body_etag(rendered.content)
    rendered["ETag"] = etag
    answer = get_conditional_response(request, etag=etag, response=rendered)
    if answer is not rendered:  # 304: keep what tells the partner where it stands
        for header in (
            "Vary",
            "Cache-Control",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
        ):
            if header in rendered:
                answer[header] = rendered[header]
    return answer


class PartnerAPIView(APIView):
    """Every partner endpoint: a valid key, its rate limit, its usage counted."""

    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [HasPartnerKey]
    throttle_classes = [PartnerKeyRateThrottle, PartnerKeyConcurrencyThrottle]

    def get_exception_handler(self):
        return partner_exception_handler

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            release(self.request)

    def throttled(self, request, wait):
        parallel = getattr(request, "concurrency_exceeded", None)
        if parallel:
            raise RateLimited(
                1,
                f"This key already has {parallel} requests in progress: wait for one to end.",
            )
        limit = getattr(request, "rate_limit", (None,))[0]
        raise RateLimited(
            max(1, int(wait or 1)),
            f"This key has made its {limit} requests allowed in this window."
            if limit
            else "This key has made too many requests.",
        )

    def initial(self, request, *args, **kwargs):
        try:
            super().initial(request, *args, **kwargs)
        except exceptions.Throttled:
            if request.auth is not None:  # None: refused before any key was accepted
                record_usage(request.auth, throttled=True)
            raise
        record_usage(request.auth)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Partner responses depend on the key: never stored by a shared cache. A partner's own
        # client may keep them, and revalidates each time (ETag, 304).
        response["Vary"] = "Authorization"
        rate_limit = getattr(request, "rate_limit", None)
        if rate_limit is not None:
            limit, remaining, reset = rate_limit
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            response["Cache-Control"] = "private, no-store"
            return response
        response["Cache-Control"] = "private, no-cache"
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(lambda rendered: conditional(request, rendered))
            return response
        return conditional(request, response)  # a feed: rendered already


ITEMS_PARAMS = ParamSpec(
    (
        Param(
            "since",
            "datetime",
            "Only what changed after this instant (ISO 8601, ending in Z or an offset such as "
            "+02:00). Not with `offset`: a `since` listing continues with `cursor`.",
        ),
        Param(
            "cursor",
            "str",
            "Continue a `since` listing where the previous page ended (`meta.next_cursor`); "
            "given alone, without `since` or `offset`.",
        ),
    ),
    paginated=True,
)


def partner_parameters(spec: ParamSpec) -> list:
    """The spec's OpenAPI parameters, where `locale` filters and defaults to every language."""
    locale = openapi_parameter(
        Param(
            "locale",
            "choice",
            "Only this language (default: every language the key covers).",
            choices=LOCALES,
        )
    )
    return [locale] + [p for p in spec.openapi() if p.name != "locale"]


CURSOR_SALT = "terrain.syndication.cursor"


def has_explicit_offset(raw: str) -> bool:
    """A date-time that says where it is; a bare date ("2025-03-01") does not."""
    try:
        parsed = parse_datetime(raw.strip())
    except ValueError:
        return False
    return parsed is not None and timezone.is_aware(parsed)


def encode_cursor(changed_at: datetime.datetime, pk: int) -> str:
    """Signed: a client can only give back a cursor this API made."""
    return signing.dumps([changed_at.isoformat(), pk], salt=CURSOR_SALT)


def decode_cursor(raw: str) -> tuple[datetime.datetime, int]:
    try:
        instant, pk = signing.loads(raw, salt=CURSOR_SALT)
        when = parse_datetime(instant)
        if when is None or not isinstance(pk, int) or timezone.is_naive(when):
            raise ValueError
        if not 0 <= pk <= MAX_ID:
            raise ValueError
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        raise invalid_parameter("cursor", "This cursor was not given by this API.") from None
    return bounded_instant("cursor", when), pk


def refuse_contradictions(query) -> None:
    """Parameters that cannot mean anything together are refused, never silently dropped."""
    if "cursor" in query and ("since" in query or "offset" in query):
        name = "since" if "since" in query else "offset"
        raise invalid_parameter(
            name, f"“cursor” continues a listing on its own: drop “{name}” when you give it."
        )
    if "since" in query and "offset" in query:
        raise invalid_parameter(
            "offset", "“offset” pages the full list; a “since” listing continues with “cursor”."
        )
    if "since" in query and not has_explicit_offset(query["since"]):
        raise invalid_parameter(
            "since", "“since” needs its time zone: end it with Z or an offset such as +02:00."
        )


def variant(api_key) -> str:
    """The stored ninjs documents this key reads: with original images, or without."""
    return "originals" if api_key.original_images else "plain"


def last_change():
    """A story's instant in the change log (its ninjs version), beside its row."""
    return Subquery(StoryFeedState.objects.filter(page_id=OuterRef("pk")).values("changed_at")[:1])


def ninjs_items(api_key, rows, now, changed_at=None) -> list[Extended]:
    """The stored ninjs documents of these rows (from with_documents), in order, each with
    what this request adds: its version (`changed_at` by story, else the row's) and embargo."""
    rows = list(rows)
    by_pk = {row["pk"]: row for row in rows}
    items = []
    for document in documents("ninjs", variant(api_key), rows):
        row = by_pk[document.object_id]
        instant = changed_at[row["pk"]] if changed_at is not None else row["changed_at"]
        items.append(Extended(document, **request_members(row, now, instant)))
    return items


LISTED_COLUMNS = (*REQUEST_COLUMNS, "changed_at")


def listed_stories_at(**scope):
    """The key's stories, newest first, each with its instant in the change log (a builder
    for prepared queries; scoped_stories_at's inputs)."""
    return newest_stories_at(**scope).annotate(changed_at=last_change())


class SyndicationItemsView(PartnerAPIView):
    """Stories this key may republish, as ninjs 3.1; with `since`, what changed, in order."""

    @extend_schema(
        operation_id="syndication_items_list",
        parameters=partner_parameters(ITEMS_PARAMS),
        responses={200: dict, **problems(400, 401, 429)},
        tags=["syndication"],
    )
    def get(self, request):
        query = request.query_params
        params = ITEMS_PARAMS.parse(query)
        refuse_contradictions(query)
        api_key = request.auth
        if "locale" in query and params["locale"]:
            only_locale = locale_id(params["locale"])
        else:
            only_locale = None
        if params["since"] is not None or params["cursor"] is not None:
            return self.changes(request, params, only_locale)
        now, hidden = instant(request)
        limit, offset = params["limit"], params["offset"]
        rows, total = counted_rows(
            listed_stories_at,
            offset,
            limit,
            "ninjs",
            variant(api_key),
            LISTED_COLUMNS,
            publication_state(request),
            locale=only_locale,
            **scope_inputs(api_key, now, hidden),
        )
        for row in rows:
            for name in LISTED_COLUMNS:
                row[name] = as_datetime(row[name])
        return response(
            request,
            {
                "meta": page_meta(request, total, limit, offset),
                "items": ninjs_items(api_key, rows, now),
            },
        )

    def changes(self, request, params, only_locale):
        """Keyset pagination over the change log: stable while stories keep changing."""
        api_key = request.auth
        now = timezone.now()
        states = StoryFeedState.objects.filter(ever_syndicable=True)
        if params["cursor"] is not None:
            after, after_pk = decode_cursor(params["cursor"])
            states = states.filter(changed_at__gte=after).exclude(
                changed_at=after, pk__lte=after_pk
            )
        elif params["since"] is not None:
            states = states.filter(changed_at__gt=params["since"])
        locale_ids = scoped_locale_ids(api_key)
        if locale_ids is not None:
            states = states.filter(locale_id__in=locale_ids)
        if only_locale is not None:
            states = states.filter(locale_id=only_locale)
        paths = scoped_series_paths(api_key)
        if paths is not None:
            states = states.filter(path_filter(paths) | path_filter(paths, "previous_path"))
        limit = params["limit"]
        rows = list(states.order_by("changed_at", "pk")[: limit + 1])
        has_more = len(rows) > limit
        rows = rows[:limit]
        allowed = partner_stories(api_key, at=now).filter(pk__in=[row.page_id for row in rows])
        found = {
            item.document.object_id: item
            for item in ninjs_items(
                api_key,
                with_documents(allowed, "ninjs", variant(api_key), *REQUEST_COLUMNS),
                now,
                # The version a partner sees is the log's: the row it is listed by.
                {row.page_id: row.changed_at for row in rows},
            )
        }
        not_yet_released = set()
        if not api_key.embargo_access and len(found) < len(rows):
            not_yet_released = set(
                embargoed_stories(now)
                .filter(pk__in=[row.page_id for row in rows])
                .values_list("pk", flat=True)
            )
        items = []
        for row in rows:
            if row.page_id in not_yet_released:
                continue  # scheduled: neither shown nor announced to a key without embargo
            if row.page_id in found:
                items.append(found[row.page_id])
            elif could_once_read(api_key, row):
                items.append(canceled_document(row))
        if rows:
            next_cursor = encode_cursor(rows[-1].changed_at, rows[-1].pk)
        elif params["cursor"] is not None:
            next_cursor = params["cursor"]
        else:
            # Nothing since that instant: a cursor for "after it" all the same, so a client
            # always has one to keep (every row of that instant is behind it, as with `since`).
            next_cursor = encode_cursor(params["since"], MAX_ID)
        query = {"cursor": next_cursor, "limit": limit}
        if only_locale is not None:
            query["locale"] = params["locale"]
        meta = {
            "limit": limit,
            "since": params["since"].isoformat() if params["since"] else None,
            # Kept for the next poll even at the end; `next` only while there is more now.
            "next_cursor": next_cursor,
            "has_more": has_more,
            "next": api_url(request, "syndication-items", query) if has_more else None,
        }
        return response(request, {"meta": meta, "items": items})


STORY_URI = re.compile(r"urn:terrain:story:(?P<key>[0-9a-f-]{36}):(?P<code>[a-z]{2})")


def addressed_story(raw: str) -> tuple[Q, Q]:
    """The page and feed-state filters for `items/{id}/`: the CMS id, or the document's own
    `uri` (what a partner stores), so that a stored document can be fetched again."""
    match = STORY_URI.fullmatch(raw)
    if match is None:
        page_id = path_id(raw)
        return Q(pk=page_id), Q(page_id=page_id)
    if match["code"] not in LOCALES:
        raise not_found()
    same = Q(translation_key=match["key"], locale_id=locale_id(match["code"]))
    return same, same


class SyndicationItemView(PartnerAPIView):
    @extend_schema(
        operation_id="syndication_items_retrieve",
        parameters=partner_parameters(ParamSpec(())),
        responses={200: dict, **problems(400, 401, 404, 429)},
        tags=["syndication"],
    )
    def get(self, request, pk):
        query = request.query_params
        params = ParamSpec(()).parse(query)
        pages, states = addressed_story(pk)
        if "locale" in query and params.get("locale"):
            wanted = locale_id(params["locale"])
            pages, states = pages & Q(locale_id=wanted), states & Q(locale_id=wanted)
        now = timezone.now()
        rows = with_documents(
            partner_stories(request.auth, at=now).filter(pages),
            "ninjs",
            variant(request.auth),
            *REQUEST_COLUMNS,
            changed_at=last_change(),
        )[:1]
        found = ninjs_items(request.auth, rows, now)
        if found:
            return response(request, found[0])
        page_ids = StoryFeedState.objects.filter(states).values("page_id")
        state = StoryFeedState.objects.filter(states, ever_syndicable=True)
        locale_ids = scoped_locale_ids(request.auth)
        if locale_ids is not None:
            state = state.filter(locale_id__in=locale_ids)
        paths = scoped_series_paths(request.auth)
        if paths is not None:
            state = state.filter(path_filter(paths) | path_filter(paths, "previous_path"))
        state = state.first()
        if state is not None and not could_once_read(request.auth, state):
            state = None
        if state is None or (
            not request.auth.embargo_access
            and embargoed_stories(now).filter(pk__in=page_ids).exists()
        ):
            raise not_found()
        # Known to this key once, not readable now (unpublished, expired, closed to
        # republication): the partner is told to take it down.
        return Response(canceled_document(state))


class PartnerFeedView(PartnerAPIView):
    """Full-text feeds of what this key may republish (RSS, Atom, JSON Feed). Embargoed stories
    are left out: feeds have no embargo field, ninjs does."""

    def perform_content_negotiation(self, request, force=False):
        # Feed readers ask for application/rss+xml and the like: never answer 406 for that.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="syndication_feed",
        parameters=partner_parameters(ParamSpec(())),
        responses={(200, "application/rss+xml"): str, **problems(400, 401, 404, 429)},
        tags=["syndication"],
    )
    def get(self, request, filename):
        if filename not in feeds.FORMATS:
            raise not_found()
        query = request.query_params
        params = ParamSpec(()).parse(query)
        code = params["locale"] if "locale" in query else None
        now, hidden = instant(request)
        fmt = feeds.FORMATS[filename]
        rows, _ = counted_rows(
            newest_stories_at,
            0,
            feeds.FEED_SIZE,
            "feed",
            f"{fmt}-full",
            (),
            publication_state(request),
            locale=locale_id(code) if code is not None else None,
            **scope_inputs(request.auth, now, hidden, embargo=False),
        )
        data = feeds.partner_feed_data(request, request.auth, rows, code, fmt)
        return feeds.render(request, data, fmt)


def newest_stories_at(**scope):
    """The key's stories, newest first (a builder for prepared queries)."""
    return scoped_stories_at(**scope).order_by("-published_at", "-pk")
